// The patient page's "Contacts and messages" card: log a contact (optionally closing the open alert), send the
// patient's tablet a message and follow its delivery, and the patient's timeline, newest first, page by page.
// app.js hands in its helpers (ui); the words here are this card's own, in Danish and English.
'use strict';
window.PatientContacts = (() => {
  const W = {
    da: { title: 'Kontakter og beskeder', logContact: 'Registrér kontakt', channel: 'Kontaktform', minutes: 'Varighed (minutter)',
      summary: 'Resumé', outcome: 'Udfald på plejetrappen', chooseOutcome: 'Vælg udfald …', when: 'Tidspunkt',
      closeAlert: 'Luk den åbne alarm med denne kontakt', confirmCritical: 'Jeg bekræfter, at den KRITISKE alarm er vurderet og håndteret',
      saveContact: 'Gem kontakt', saved: 'Kontakten er gemt', alertClosed: 'Kontakten er gemt, og alarmen er lukket',
      missing: 'Udfyld kontaktform, varighed, resumé og udfald', needConfirm: 'Bekræft den KRITISKE alarm først',
      message: 'Besked til patientens tablet', messageHelp: 'Patienten læser beskeder på', send: 'Send besked',
      messageEmpty: 'Skriv en besked', charsLeft: 'tegn tilbage', sentOk: 'Beskeden er sendt',
      timeline: 'Forløb', more: 'Vis flere', nothing: 'Intet i forløbet endnu', failed: 'Det lykkedes ikke',
      reading: 'Måling', alert: 'Alarm', contact: 'Kontakt', messageKind: 'Besked', status: 'Status',
      by: 'af',
      events: { opened: 'åbnet', raised: 'hævet', contactRequest: 'opkaldsønske', acknowledged: 'kvitteret',
        escalated: 'eskaleret til lægen', paged: 'besked sendt', advised: 'lægens råd', snoozed: 'udsat', note: 'notat', resolved: 'afsluttet',
        reopened: 'genåbnet', discharged: 'udskrivelse registreret', adviceCarriedOut: 'lægens råd udført' },
      from: 'fra', conditionCleared: 'målingerne er normale igen', untilCleared: 'til målingen er normal igen', until: 'til',
      automatic: 'automatisk efter eskaleringsplanen', pagedTo: 'besked til', nobodyPaged: 'ingen fik besked', notArrived: 'kom ikke frem', min: 'min.', delivered: 'leveret', sent: 'sendt, ikke bekræftet af tabletten',
      notSent: 'ikke sendt (ingen forbindelse til udstyret)', noTablet: 'Patienten har ingen tablet',
      langs: { da: 'dansk', en: 'engelsk' } },
    en: { title: 'Contacts and messages', logContact: 'Log a contact', channel: 'Contact by', minutes: 'Duration (minutes)',
      summary: 'Summary', outcome: 'Outcome on the care ladder', chooseOutcome: 'Choose outcome …', when: 'Time',
      closeAlert: 'Close the open alert with this contact', confirmCritical: 'I confirm that the CRITICAL alert has been assessed and handled',
      saveContact: 'Save contact', saved: 'The contact is saved', alertClosed: 'The contact is saved and the alert closed',
      missing: 'Fill in contact by, duration, summary and outcome', needConfirm: 'Confirm the CRITICAL alert first',
      message: "Message to the patient's tablet", messageHelp: 'The patient reads messages in', send: 'Send message',
      messageEmpty: 'Write a message', charsLeft: 'characters left', sentOk: 'The message is sent',
      timeline: 'Timeline', more: 'Show more', nothing: 'Nothing on the timeline yet', failed: 'That did not work',
      reading: 'Reading', alert: 'Alert', contact: 'Contact', messageKind: 'Message', status: 'Status',
      by: 'by',
      events: { opened: 'opened', raised: 'raised', contactRequest: 'call request', acknowledged: 'acknowledged',
        escalated: 'escalated to the doctor', paged: 'page sent', advised: "doctor's advice", snoozed: 'snoozed', note: 'note', resolved: 'resolved',
        reopened: 'reopened', discharged: 'discharge recorded', adviceCarriedOut: "doctor's advice carried out" },
      from: 'from', conditionCleared: 'the readings are normal again', untilCleared: 'until the reading is normal again', until: 'until',
      automatic: 'automatically, by the escalation plan', pagedTo: 'paged', nobodyPaged: 'nobody was paged', notArrived: 'did not arrive', min: 'min', delivered: 'delivered', sent: 'sent, not confirmed by the tablet',
      notSent: 'not sent (no connection to the devices)', noTablet: 'The patient has no tablet',
      langs: { da: 'Danish', en: 'English' } }
  };
  // Whom an escalation step paged, as what (the escalation plan's roles).
  const PAGED_AS = { ONCALL_DOCTOR: ['vagthavende læge', 'on-call doctor'], BACKUP_DOCTOR: ['bagvagt', 'backup doctor'],
    NURSE_ON_DUTY: ['sygeplejerske i vagt', 'nurse on duty'], ACKNOWLEDGER: ['den, der kvitterede', 'who acknowledged'],
    NAMED_DOCTOR: ['læge', 'doctor'], NAMED_PERSON: ['', ''] };
  const CHANNELS = { PHONE: ['Telefon', 'Phone'], VIDEO: ['Video', 'Video'], HOME_VISIT: ['Hjemmebesøg', 'Home visit'] };
  // The patient-status log's actions (admission, discharge, end of enrolment ...).
  const STATUS = { admission: ['Indlagt', 'Admitted to hospital'], discharge: ['Udskrevet', 'Discharged'],
    'passive.start': ['Pause i målinger begyndt', 'Passive interval started'], 'passive.end': ['Pause i målinger slut', 'Passive interval ended'],
    'enrolment.end': ['Forløb afsluttet', 'Enrolment ended'], 'enrolment.resume': ['Forløb genoptaget', 'Enrolment resumed'],
    'personal-best.set': ['Personlig bedste spirometri sat', 'Spirometry personal best set'] };
  const MAX = 500;
  // The card last built: the page is drawn again on every live change of the patient, and the card (with what the
  // nurse is typing and the last save's result) is kept across those redraws; its data is read again.
  let kept = null;

  function card(ui, patientId, patient) {
    if (kept && kept.patientId === patientId && kept.lang === ui.lang() && kept.role === ui.role()) {
      kept.refresh();
      return kept.section;
    }
    const { h } = ui;
    const w = () => W[ui.lang()] || W.da;
    const L = () => (ui.lang() === 'da' ? 0 : 1);
    const word = (table, code) => (table[code] ? table[code][L()] : String(code || '').toLowerCase().replace(/[._]/g, ' '));
    const section = h('section', { class: 'card', id: 'contacts' }, h('h2', {}, w().title));
    const forms = h('div', { class: 'pc-forms' });
    const list = h('ol', { class: 'pc-timeline', id: 'timeline', 'aria-label': w().timeline });
    const more = h('button', { type: 'button', id: 'timeline-more', hidden: true }, w().more);
    section.append(forms, h('h3', {}, w().timeline), list, more);

    // ----- the timeline -----
    let next = null;
    const entryText = (e) => {
      switch (e.kind) {
        case 'reading':
          return [w().reading, I18N.withBloodPressure((e.values || []).map((v) => ({ ...v, measuredAt: e.at })))
            .map((v) => ui.measureName(v.code) + ' ' + ui.valueText(v.code, v.value, v.unit)).join(' · ')];
        case 'alert':
          return [w().alert + ' ' + (w().events[e.event] || e.event), alertStep(e)];
        case 'contact':
          return [w().contact + ' · ' + word(CHANNELS, e.channel) + ' · ' + e.durationMinutes + ' ' + w().min,
            ui.outcomeText(e.outcome) + ' · ' + e.summary + ' · ' + w().by + ' ' + e.by];
        case 'message':
          return [w().messageKind + ' · ' + (e.deliveredAt ? w().delivered + ' ' + ui.fmtTime(e.deliveredAt) : e.publishedAt ? w().sent : w().notSent),
            '“' + e.body + '” · ' + w().by + ' ' + e.by];
        case 'status':
          return [w().status, word(STATUS, e.action) + ' · ' + w().by + ' ' + e.by];
        default:
          return [String(e.kind), ''];
      }
    };
    // One step of an alert: the level it had then, the words of the moment (triage's or the patient's in the screen's
    // language only: a Danish screen without Danish words shows the level alone), and who.
    const alertStep = (e) => {
      const said = ui.lang() === 'da' ? e.explanationDa : e.explanation;
      const parts = [];
      if (e.event === 'opened' || e.event === 'contactRequest') parts.push(ui.levelText(e.level));
      if (e.event === 'raised') parts.push(w().from + ' ' + ui.levelText(e.fromLevel) + ' → ' + ui.levelText(e.level));
      if (said) parts.push(said);
      if (e.event === 'resolved') parts.push(e.conditionCleared ? w().conditionCleared : e.outcome ? ui.outcomeText(e.outcome) : null);
      if (e.event === 'snoozed') parts.push(e.untilCleared ? w().untilCleared : e.until ? w().until + ' ' + ui.fmtTime(e.until) : null);
      if (e.event === 'discharged' && e.dischargedOn) parts.push(new Date(e.dischargedOn).toLocaleDateString(ui.lang() === 'da' ? 'da-DK' : 'en-GB'));
      if (e.event === 'escalated' && !e.byId) parts.push(w().automatic);
      if (e.instruction) parts.push(word(window.I18N.ADVICE, e.instruction));
      if (e.paged) parts.push(pagedText(e.paged));
      // A note the alerts module wrote itself ("acknowledged with the advice") in the screen's words; a person's, quoted.
      const system = e.text && window.I18N.SYSTEM_NOTES[e.text];
      if (e.text) parts.push(system ? system[L()] : '“' + e.text + '”');
      if (e.byId) parts.push(w().by + ' ' + ui.personName({ id: e.byId, displayName: e.by }));
      return parts.filter(Boolean).join(' · ');
    };
    // "besked til vagthavende læge Ole Hansen (e-mail), bagvagt Eva Holm (besked i lægens app)"
    const pagedText = (paged) => {
      if (!paged.length) return w().nobodyPaged;
      const one = (p) => [word(PAGED_AS, p.role), p.name || ui.personName({ id: '' }),
        '(' + word(window.I18N.CHANNELS, p.channel) + (p.notArrived ? ', ' + w().notArrived : '') + ')'].filter(Boolean).join(' ');
      return w().pagedTo + ' ' + paged.map(one).join(', ');
    };
    const levelClass = (e) => (e.kind === 'alert' && ['opened', 'raised', 'contactRequest'].includes(e.event) ? ' ' + e.level : '');
    const row = (e) => {
      const [head, text] = entryText(e);
      return h('li', { class: 'pc-entry ' + e.kind + levelClass(e), 'data-kind': e.kind },
        h('time', { datetime: e.at, class: 'muted' }, ui.fmtTime(e.at)), ' ', h('b', {}, head), h('div', { class: 'pc-text' }, text));
    };
    async function loadPage(first) {
      try {
        const page = await ui.api('GET', '/api/v1/patients/' + patientId + '/timeline?limit=20'
          + (first || !next ? '' : '&before=' + encodeURIComponent(next)));
        if (first) list.replaceChildren();
        page.entries.forEach((e) => list.append(row(e)));
        if (first && !page.entries.length) list.append(h('li', { class: 'muted' }, w().nothing));
        next = page.next;
        more.hidden = !next;
      } catch (err) { list.append(h('li', { class: 'error' }, w().failed + ': ' + err.message)); }
    }
    more.addEventListener('click', () => loadPage(false));

    // ----- contact form -----
    const channel = h('select', { name: 'contact-channel', id: 'contact-channel' },
      Object.keys(CHANNELS).map((c) => h('option', { value: c }, word(CHANNELS, c))));
    const minutes = h('input', { type: 'number', name: 'contact-minutes', id: 'contact-minutes', min: 1, max: 600, step: 1, value: 10 });
    const outcome = h('select', { name: 'contact-outcome', id: 'contact-outcome' }, h('option', { value: '' }, w().chooseOutcome),
      ['NO_ACTION_NEEDED', 'ADVICE_BY_PHONE', 'TREATMENT_STARTED_VIRTUALLY', 'ACUTE_HOME_VISIT', 'MUNICIPAL_ACUTE_BED', 'HOSPITAL_ADMISSION']
        .map((o) => h('option', { value: o }, ui.outcomeText(o))));
    const summary = h('textarea', { name: 'contact-summary', id: 'contact-summary', rows: 3, maxlength: 4000 });
    const alertBox = h('div', { id: 'contact-alert' });
    const contactStatus = h('p', { class: 'muted', id: 'contact-status', role: 'status' });
    let openAlert = null;
    let closeIt = null;
    let confirm = null;
    let contactId = crypto.randomUUID();
    const saveContact = async () => {
      if (!summary.value.trim() || !outcome.value || !(Number(minutes.value) >= 1)) { contactStatus.textContent = w().missing; return; }
      const closing = openAlert && closeIt && closeIt.checked;
      if (closing && openAlert.level === 'CRITICAL' && !(confirm && confirm.checked)) { contactStatus.textContent = w().needConfirm; return; }
      const body = { id: contactId, channel: channel.value, durationMinutes: Number(minutes.value), summary: summary.value.trim(), outcome: outcome.value };
      if (closing) {
        body.resolveAlertId = openAlert.id; body.confirmCritical = !!(confirm && confirm.checked);
        // What the form showed: the hub refuses to close the alert over a reading that joined after it.
        body.seenFindings = Object.fromEntries((openAlert.findings || []).filter((f) => !f.cleared && f.lastMeasuredAt)
          .map((f) => [f.ruleId, f.lastMeasuredAt]));
      }
      try {
        await ui.api('POST', '/api/v1/patients/' + patientId + '/contacts', body);
        contactStatus.textContent = closing ? w().alertClosed : w().saved;
        contactId = crypto.randomUUID();
        summary.value = ''; outcome.value = '';
        await loadAlert();
        await loadPage(true);
      } catch (err) { contactStatus.textContent = w().failed + ': ' + err.message; }
    };
    async function loadAlert() {
      let alerts = [];
      try { alerts = (await ui.api('GET', '/api/v1/patients/' + patientId + '/alerts')).alerts; } catch (e) { alerts = []; }
      const open = alerts.find((a) => a.state !== 'RESOLVED') || null;
      // The same alert at the same level: keep the boxes as the nurse left them.
      if (open && openAlert && open.id === openAlert.id && open.level === openAlert.level && closeIt) return;
      openAlert = open;
      closeIt = null; confirm = null;
      if (!openAlert) { alertBox.replaceChildren(); return; }
      closeIt = h('input', { type: 'checkbox', name: 'contact-close-alert', id: 'contact-close-alert' });
      // The words in one span: as separate flex items each piece of text became a column of its own.
      const parts = [h('label', { class: 'pc-check' }, closeIt, h('span', {}, w().closeAlert, ' (',
        h('span', { class: 'badge ' + openAlert.level }, ui.levelText(openAlert.level)), ' ', ui.why(openAlert), ')'))];
      if (openAlert.level === 'CRITICAL') {
        confirm = h('input', { type: 'checkbox', name: 'contact-confirm-critical', id: 'contact-confirm-critical' });
        parts.push(h('label', { class: 'pc-check critical-confirm' }, confirm, h('span', {}, w().confirmCritical)));
      }
      alertBox.replaceChildren(...parts);
    }
    const canWrite = ['nurse', 'doctor'].includes(ui.role());
    const contactForm = h('form', { class: 'pc-form', id: 'contact-form', onsubmit: (e) => { e.preventDefault(); saveContact(); } },
      h('h3', {}, w().logContact),
      h('div', { class: 'pc-row' }, h('label', {}, w().channel, channel), h('label', {}, w().minutes, minutes)),
      h('label', {}, w().outcome, outcome),
      h('label', {}, w().summary, summary),
      alertBox,
      h('button', { type: 'submit', class: 'primary', id: 'contact-save' }, w().saveContact), contactStatus);

    // ----- message form -----
    const text = h('textarea', { name: 'message-text', id: 'message-text', rows: 3, maxlength: MAX });
    const left = h('span', { class: 'muted', id: 'message-left' }, MAX + ' ' + w().charsLeft);
    text.addEventListener('input', () => { left.textContent = (MAX - text.value.length) + ' ' + w().charsLeft; });
    const messageStatus = h('p', { class: 'muted', id: 'message-status', role: 'status' });
    let messageId = crypto.randomUUID();
    const send = async () => {
      if (!text.value.trim()) { messageStatus.textContent = w().messageEmpty; return; }
      try {
        const m = await ui.api('POST', '/api/v1/patients/' + patientId + '/messages', { id: messageId, text: text.value.trim() });
        // Not sent: keep the text and the id, so sending again publishes the same message.
        if (m.status === 'not-sent') { messageStatus.textContent = w().notSent; await loadPage(true); return; }
        messageStatus.textContent = w().sentOk;
        messageId = crypto.randomUUID();
        text.value = ''; left.textContent = MAX + ' ' + w().charsLeft;
        await loadPage(true);
      } catch (err) { messageStatus.textContent = w().failed + ': ' + err.message; }
    };
    const language = patient && patient.language ? (w().langs[patient.language] || patient.language) : null;
    const messageForm = h('form', { class: 'pc-form', id: 'message-form', onsubmit: (e) => { e.preventDefault(); send(); } },
      h('h3', {}, w().message),
      language ? h('p', { class: 'muted' }, w().messageHelp + ' ' + language + '.') : null,
      h('label', {}, h('span', { class: 'sr-only' }, w().message), text), left, ' ',
      h('button', { type: 'submit', class: 'primary', id: 'message-send' }, w().send), messageStatus);

    if (canWrite) forms.append(contactForm, messageForm);
    const refresh = () => { if (canWrite) loadAlert(); loadPage(true); };
    refresh();
    kept = { patientId, lang: ui.lang(), role: ui.role(), section, refresh };
    return section;
  }

  return { card };
})();
