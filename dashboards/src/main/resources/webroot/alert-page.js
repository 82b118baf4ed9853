// The on-call doctor's page behind the signed link in a page: one alert, its patient, values, 7-day charts and the
// doctor's actions (acknowledge, advise the nurse, resolve with an outcome). With ?token= the link's token is the only
// credential: every request sends it, actions in a JSON body. With ?alert= (opened from the board) the staff session
// is: the page reads and acts through the clinic API with the session's CSRF token. Every word in the page's
// language (Danish or English).
'use strict';
(() => {
  const T = {
    da: { title: 'Alarm', loading: 'Henter …', patient: 'Patient', years: 'år', contactNurse: 'Kontaktsygeplejerske',
      nurseOnDuty: 'Sygeplejerske i vagt', callPatient: 'Ring til patienten', callClinic: 'Ring til klinikken',
      callNurseOnDuty: 'Ring til sygeplejersken i vagt', callDoctorOnCall: 'Ring til vagthavende læge', callContactNurse: 'Ring til kontaktsygeplejersken',
      noPhone: 'Intet telefonnummer registreret', findings: 'Fund', cleared: 'normal igen', measured: 'målt', asked: 'sendt',
      charts: 'De sidste 7 dage', latest: 'Seneste målinger', earlier: 'Tidligere alarmer', none: 'Ingen',
      advice: 'Råd til sygeplejersken', adviceGiven: 'Givne råd', doctorsAdvice: 'Lægens råd', adviceText: 'Tekst til sygeplejersken',
      adviceTextNeeded: 'Skriv hvilken akutpakke (præparater og doser)', sendAdvice: 'Send råd',
      ack: 'Kvittér (stop eskaleringen)', acked: 'Kvitteret', handedOver: 'Sendt til lægen af',
      waitsForDoctor: 'venter på, at lægen kvitterer', resolve: 'Afslut alarmen',
      outcome: 'Udfald', chooseOutcome: 'Vælg udfald …', note: 'Notat (valgfrit)', noteOrDoctor: 'Notat, eller til lægen', writeNote: 'Skriv et notat',
      nurseNote: 'Notat', saveNote: 'Gem notat', noteSaved: 'Notat gemt', toDoctor: 'Til lægen', sentToDoctor: 'Sendt til lægen',
      confirmCritical: 'Jeg bekræfter, at den KRITISKE alarm er vurderet og håndteret',
      readOnly: 'Alarmen er afsluttet. Siden kan kun læses.', resolvedWith: 'Afsluttet med udfald',
      closedNormal: 'Lukket af systemet: målingerne er normale igen',
      expires: 'Linket virker til', failed: 'Det lykkedes ikke', opened: 'åbnet', deadline: 'frist',
      limits: 'Grænser', yellow: 'gul', red: 'rød', critical: 'kritisk', band: 'personligt normalområde',
      readings: 'målinger', noReadings: 'Ingen målinger de sidste 7 dage', yes: 'ja', no: 'nej',
      advised: 'Råd sendt til sygeplejersken', resolvedNow: 'Alarmen er afsluttet', by: 'af', you: 'Du er',
      e403: 'Linket gælder kun sin egen alarm', e404: 'Linket er ukendt', e409: 'Alarmen er ændret i mellemtiden (afsluttet, eller en ny måling). Siden er opdateret; se den igen.',
      e410: 'Linket er udløbet. Log ind på triageskærmen.', e422: 'Bekræft først den KRITISKE alarm', e400: 'Udfyld teksten',
      e401: 'Du er ikke logget ind (eller sessionen er udløbet)', e404staff: 'Alarmen findes ikke, eller den hører ikke til din klinik',
      login: 'Log ind', board: '‹ Tavlen', patientPage: 'Patientens side', notes: 'Skrevet på alarmen', ESCALATE: 'Sendt til lægen', NOTE: 'Notat',
      adviceDoctorOnly: 'Kun lægen kan give råd herfra.',
      contacts: 'Tidligere kontakter med patienten', min: 'min', message: 'Besked til patientens tablet',
      shown: 'vist på tablet', notShown: 'ikke bekræftet vist', notSent: 'ikke sendt', closedThis: 'afsluttede denne alarm',
      PHONE: 'Telefon', VIDEO: 'Video', HOME_VISIT: 'Hjemmebesøg',
      ADMITTED: 'Indlagt på hospitalet siden', ENDED: 'Ikke længere i telemonitorering, siden', PASSIVE: 'Pause i målingerne',
      HOLIDAY: 'ferie', OTHER: 'anden pause', WITHDRAWN: 'ønsker ikke at deltage', COMPLETED: 'forløbet er afsluttet',
      DECEASED: 'død', MOVED: 'flyttet' },
    en: { title: 'Alert', loading: 'Loading …', patient: 'Patient', years: 'years', contactNurse: 'Contact nurse',
      nurseOnDuty: 'Nurse on duty', callPatient: 'Call the patient', callClinic: 'Call the clinic',
      callNurseOnDuty: 'Call the nurse on duty', callDoctorOnCall: 'Call the on-call doctor', callContactNurse: 'Call the contact nurse',
      noPhone: 'No phone number recorded', findings: 'Findings', cleared: 'normal again', measured: 'measured', asked: 'sent',
      charts: 'The last 7 days', latest: 'Latest readings', earlier: 'Earlier alerts', none: 'None',
      advice: 'Advice to the nurse', adviceGiven: 'Advice given', doctorsAdvice: "Doctor's advice", adviceText: 'Text for the nurse',
      adviceTextNeeded: 'Say which rescue pack (drugs and doses)', sendAdvice: 'Send advice',
      ack: 'Acknowledge (stop escalation)', acked: 'Acknowledged', handedOver: 'Sent to the doctor by',
      waitsForDoctor: 'waiting for the doctor to acknowledge', resolve: 'Resolve the alert',
      outcome: 'Outcome', chooseOutcome: 'Choose outcome …', note: 'Note (optional)', noteOrDoctor: 'Note, or to the doctor', writeNote: 'Write a note',
      nurseNote: 'Note', saveNote: 'Save note', noteSaved: 'Note saved', toDoctor: 'To the doctor', sentToDoctor: 'Sent to the doctor',
      confirmCritical: 'I confirm that the CRITICAL alert has been assessed and handled',
      readOnly: 'The alert is resolved. This page is read-only.', resolvedWith: 'Resolved with outcome',
      closedNormal: 'Closed by the system: the readings are normal again',
      expires: 'This link works until', failed: 'That did not work', opened: 'opened', deadline: 'deadline',
      limits: 'Limits', yellow: 'yellow', red: 'red', critical: 'critical', band: 'personal usual range',
      readings: 'readings', noReadings: 'No readings in the last 7 days', yes: 'yes', no: 'no',
      advised: 'Advice sent to the nurse', resolvedNow: 'The alert is resolved', by: 'by', you: 'You are',
      e403: 'This link opens only its own alert', e404: 'This link is not known', e409: 'The alert changed meanwhile (resolved, or a new reading). The page is updated; look again.',
      e410: 'This link has expired. Log in to the triage screen.', e422: 'Confirm the CRITICAL alert first', e400: 'Fill in the text',
      e401: 'You are not signed in (or your session has expired)', e404staff: 'The alert does not exist or is not in your clinic',
      login: 'Log in', board: '‹ Board', patientPage: "The patient's page", notes: 'Written on the alert', ESCALATE: 'Sent to the doctor', NOTE: 'Note',
      adviceDoctorOnly: 'Only the doctor gives advice here.',
      contacts: 'Earlier contacts with the patient', min: 'min', message: "Message to the patient's tablet",
      shown: 'shown on the tablet', notShown: 'not confirmed shown', notSent: 'not sent', closedThis: 'closed this alert',
      PHONE: 'Phone', VIDEO: 'Video', HOME_VISIT: 'Home visit',
      ADMITTED: 'Admitted to hospital since', ENDED: 'No longer in telemonitoring, since', PASSIVE: 'Pause in measuring',
      HOLIDAY: 'holiday', OTHER: 'other pause', WITHDRAWN: 'withdrawn', COMPLETED: 'completed', DECEASED: 'deceased',
      MOVED: 'moved away' },
  };
  const stored = (() => { try { return localStorage.getItem('lang'); } catch (e) { return null; } })();
  // As the board: the clinic's Danish until the person chooses English (the board's choice carries over), not the
  // phone's own language, so "Åbn alarmen" on a Danish board never opens an English page.
  let lang = stored || 'da';
  const t = (k) => T[lang][k] || k;
  const L = () => (lang === 'da' ? 0 : 1);
  const word = (table, code) => (table[code] ? table[code][L()] : String(code || '').toLowerCase().replace(/_/g, ' '));
  const query = new URLSearchParams(location.search);
  const token = query.get('token') || '';
  // Opened from the board by a signed-in person: the session authorises, not a token.
  const staffAlert = token ? null : query.get('alert');
  let csrf = null;
  const $ = (id) => document.getElementById(id);
  let data = null;
  let charts = [];

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v); else el.setAttribute(k, v === true ? '' : v);
    });
    children.flat().forEach((c) => { if (c !== null && c !== undefined && c !== false) el.append(c.nodeType ? c : String(c)); });
    return el;
  }
  const fmtTime = (iso) => I18N.when(iso, L());
  function valueText(code, value, unit) {
    const u = I18N.UNITS[unit || I18N.UNIT_OF[code]];
    if (u === null) return value ? t('yes') : t('no');
    if (code === 'sym_sputum_colour' && I18N.SPUTUM[value]) return I18N.SPUTUM[value][L()];
    return I18N.withUnit(I18N.number(value, code, L()), u ? u[L()] : '', L());
  }
  const measure = (code) => word(I18N.MEASURES, code);

  function flash(text) {
    const f = $('flash');
    f.textContent = text;
    f.hidden = false;
    clearTimeout(flash.timer);
    flash.timer = setTimeout(() => { f.hidden = true; }, 4000);
  }

  // The server's reasons are in English; the page says them in its own language where it knows the status.
  function failure(status, body) {
    const known = (staffAlert && T[lang]['e' + status + 'staff']) || T[lang]['e' + status];
    const e = new Error(known || body.error || String(status));
    e.status = status;
    return e;
  }

  async function getJson(url) {
    const r = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw failure(r.status, body);
    return body;
  }

  const staffPage = () => getJson('/api/v1/alerts/' + encodeURIComponent(staffAlert) + '/page');

  async function load() {
    if (!staffAlert) return getJson('/alerts/link/alert?token=' + encodeURIComponent(token));
    csrf = (await getJson('/api/v1/session')).csrfToken;
    return staffPage();
  }

  async function act(action, extra) {
    if (staffAlert) {
      const r = await fetch('/api/v1/alerts/' + encodeURIComponent(data.alert.id) + '/' + action, { method: 'POST',
        cache: 'no-store', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify(extra || {}) });
      const body = await r.json().catch(() => ({}));
      // A refused action still shows the alert as it now is (a newer reading, someone else resolved it).
      data = await staffPage().catch(() => data);
      render();
      if (!r.ok) throw failure(r.status, body);
      return;
    }
    const r = await fetch('/alerts/link/' + action, { method: 'POST', cache: 'no-store',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(Object.assign({ token, alertId: data.alert.id }, extra || {})) });
    const body = await r.json().catch(() => ({}));
    if (r.status === 409) {
      // Resolved meanwhile, or a newer reading joined: show the alert as it now is.
      data = await getJson('/alerts/link/alert?token=' + encodeURIComponent(token)).catch(() => data);
      render();
    }
    if (!r.ok) throw failure(r.status, body);
    data = body;
    render();
  }

  // The live findings as the page shows them: a resolve over a newer reading is refused (as on the board).
  const seenFindings = () => Object.fromEntries(data.findings.filter((f) => f.live && f.ruleId && f.lastMeasuredAt)
    .map((f) => [f.ruleId, f.lastMeasuredAt]));

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = 'Telemonitorering · ' + t('title');
    if (staffAlert) {
      $('back').hidden = false;
      $('back').textContent = t('board');
    }
    $('lang').textContent = lang === 'da' ? 'English' : 'Dansk';
    $('lang').lang = lang === 'da' ? 'en' : 'da';
  }

  // ----- sections -----

  function header() {
    const a = data.alert;
    $('level').className = 'level-chip ' + a.level;
    $('level').textContent = word(I18N.LEVELS, a.level);
    $('status').textContent = word(I18N.STATES, a.state) + ' · ' + t('opened') + ' ' + fmtTime(a.openedAt);
  }

  function patientCard() {
    const p = data.patient;
    const facts = [p.age !== null && p.age !== undefined ? p.age + ' ' + t('years') : null, word(I18N.CONDITIONS, p.condition)]
      .filter(Boolean).join(' · ');
    const call = (id, phone, ...label) => h('a', { class: 'call', id, href: 'tel:' + phone.replace(/\s/g, '') }, ...label);
    // Nobody is offered a call to herself (the nurse on duty opening the page from her board).
    const notYou = (x) => (x && x.displayName !== data.you ? x : null);
    const duty = notYou(data.nurseOnDuty);
    const doctor = notYou(data.doctorOnCall);
    // The nurse on duty first (at night the contact nurse is off); the contact nurse when someone else.
    const contactToo = p.contactNursePhone && p.contactNurse !== data.you && !(duty && duty.displayName === p.contactNurse);
    const calls = h('div', { class: 'calls' },
      p.phone ? call('call-patient', p.phone, t('callPatient'), ' ', h('span', { class: 'number' }, p.phone)) : null,
      // Name and number: a doctor at a desk phone dials the number by hand.
      duty && duty.phone ? call('call-nurse-on-duty', duty.phone, t('callNurseOnDuty'), ' ', h('span', { class: 'who' }, duty.displayName),
        ' ', h('span', { class: 'number' }, duty.phone)) : null,
      doctor && doctor.phone ? call('call-doctor-on-call', doctor.phone, t('callDoctorOnCall'), ' ', h('span', { class: 'who' }, doctor.displayName),
        ' ', h('span', { class: 'number' }, doctor.phone)) : null,
      contactToo ? call('call-contact-nurse', p.contactNursePhone, t('callContactNurse'), ' ', h('span', { class: 'who' }, p.contactNurse),
        ' ', h('span', { class: 'number' }, p.contactNursePhone)) : null,
      p.clinicPhone ? call('call-clinic', p.clinicPhone, t('callClinic'), ' ', h('span', { class: 'who' }, p.clinicName),
        ' ', h('span', { class: 'number' }, p.clinicPhone)) : null,
      !p.phone && !p.clinicPhone && !(duty && duty.phone) && !(doctor && doctor.phone) && !contactToo ? h('p', { class: 'muted' }, t('noPhone')) : null);
    return h('section', { class: 'card', id: 'patient' },
      h('h1', { id: 'patient-name' }, p.displayName || ''),
      h('p', { class: 'facts' }, facts,
        // Signed in, the patient's whole record is one tap away (a link's token opens this alert only).
        staffAlert ? [' · ', h('a', { id: 'patient-page', href: '/#/patient/' + data.alert.patientId }, t('patientPage'))] : null),
      statusBanner(),
      p.contactNurse ? h('p', { class: 'muted' }, t('contactNurse'), ': ', p.contactNurse) : null,
      data.nurseOnDuty ? h('p', { class: 'muted' }, t('nurseOnDuty'), ': ', data.nurseOnDuty.displayName) : null,
      calls);
  }

  // Admitted, on a pause or no longer enrolled: said at once, so a doctor at night knows where the patient is.
  function statusBanner() {
    const s = data.patientStatus;
    if (!s) return null;
    const text = s.state === 'ADMITTED' ? [t('ADMITTED'), ' ', fmtTime(s.since)]
      : s.state === 'ENDED' ? [t('ENDED'), ' ', fmtTime(s.since), s.endReason ? ' (' + t(s.endReason) + ')' : '']
        : [t('PASSIVE'), s.kind ? ': ' + t(s.kind) : ''];
    return h('p', { class: 'status-banner ' + s.state, id: 'patient-status' }, text);
  }

  const CONTACT_RULE = 'contact.request';
  function findingsCard() {
    return h('section', { class: 'card', id: 'findings' }, h('h2', {}, t('findings')),
      h('ul', { class: 'findings' }, data.findings.map((f) => h('li', { class: f.level + (f.live ? '' : ' cleared') },
        h('span', { class: 'chip ' + f.level }, word(I18N.LEVELS, f.level)),
        f.values[lang] ? h('span', { class: 'values' }, f.values[lang]) : null,
        h('div', {}, f.explanations[lang] || f.explanations.en),
        // A "call me" was sent by the patient, not measured.
        h('div', { class: 'muted' }, t(f.ruleId === CONTACT_RULE ? 'asked' : 'measured'), ' ', fmtTime(f.lastMeasuredAt),
          f.live ? '' : ' · ' + t('cleared'))))));
  }

  // What people wrote on the alert (the nurse's reason for sending it to the doctor, notes): read before the findings.
  function notesCard() {
    if (!data.notes || !data.notes.length) return null;
    return h('section', { class: 'card', id: 'notes' }, h('h2', {}, t('notes')),
      h('ul', { class: 'plain' }, data.notes.map((n) => h('li', {},
        h('div', { class: 'note-text' }, n.note),
        h('div', { class: 'muted' }, t(n.action), ' · ', n.by, ' · ', fmtTime(n.at))))));
  }

  // A nurse who opened the alert here writes her note, or hands the alert to the doctor with it, from here: before, both
  // were on the board only, and she had to go back to it. The doctor advises instead (adviceCard).
  function nurseCard() {
    if (!staffAlert || data.readOnly || data.canAdvise !== false) return null;
    const a = data.alert;
    const text = h('textarea', { id: 'nurse-note', maxlength: 1000 });
    const save = h('button', { type: 'submit', class: 'action', id: 'note-save', disabled: true }, t('saveNote'));
    const toDoctor = a.state === 'OPEN' || a.state === 'ACKNOWLEDGED'
      ? h('button', { type: 'button', class: 'action', id: 'to-doctor', onclick: (e) => run(e, 'escalate', { note: text.value }, t('sentToDoctor')) },
        t('toDoctor'))
      : null;
    const form = h('form', { id: 'note-form', oninput: () => { save.disabled = !text.value.trim(); }, onsubmit: (e) => {
      e.preventDefault();
      run(e, 'notes', { note: text.value }, t('noteSaved'));
    } }, h('h2', {}, t(toDoctor ? 'noteOrDoctor' : 'writeNote')), h('label', { for: 'nurse-note' }, t('nurseNote')), text, save, toDoctor);
    return h('section', { class: 'card', id: 'nurse-actions' }, form);
  }

  function ackCard() {
    const a = data.alert;
    if (data.readOnly) {
      // How it ended, with the closing person's own words: a doctor opening an old page sees what was done.
      const c = data.closing || {};
      return h('section', { class: 'card readonly', id: 'read-only' }, h('p', {}, t('readOnly')),
        h('p', { id: 'closing' }, c.conditionCleared ? t('closedNormal')
          : [t('resolvedWith'), ': ', a.outcome ? word(I18N.OUTCOMES, a.outcome) : '–',
            a.resolvedBy ? ' · ' + t('by') + ' ' + a.resolvedBy.displayName : ''],
        a.resolvedAt ? ' · ' + fmtTime(a.resolvedAt) : ''),
        c.text ? h('p', { class: 'note-text', id: 'closing-note' }, c.text) : null);
    }
    // A nurse's hand-over waits for the doctor: her acknowledgement would stop the pages to the doctor.
    if (a.state === 'ESCALATED' && a.escalatedBy && data.canAdvise === false) {
      return h('section', { class: 'card', id: 'acknowledge' }, h('p', { id: 'handed-over' },
        t('handedOver'), ' ', a.escalatedBy.displayName || '', ' – ', t('waitsForDoctor')));
    }
    const waiting = a.state === 'OPEN' || a.state === 'ESCALATED';
    return h('section', { class: 'card', id: 'acknowledge' },
      waiting ? h('button', { type: 'button', class: 'primary', id: 'ack-button', onclick: (e) => run(e, 'acknowledge', {}, t('acked')) }, t('ack'))
        : h('p', { id: 'acked' }, '✓ ', t('acked'), a.acknowledgedBy ? ' ' + t('by') + ' ' + a.acknowledgedBy.displayName : '',
          a.acknowledgedAt ? ' · ' + fmtTime(a.acknowledgedAt) : ''));
  }

  function chartsCard() {
    const sec = h('section', { class: 'card', id: 'charts' }, h('h2', {}, t('charts')));
    const to = Date.now() + 3600 * 1000, from = Date.now() - 7 * 24 * 3600 * 1000;
    data.charts.forEach((c) => {
      const box = h('div', { class: 'chart', 'data-code': c.code });
      const keys = [];
      const lim = c.limits || {};
      [['yellow', lim.yellowLow, lim.yellowHigh], ['red', lim.redLow, lim.redHigh], ['critical', lim.criticalLow, lim.criticalHigh]]
        .forEach(([k, lo, hi]) => {
          const vs = [lo, hi].filter((v) => v !== null && v !== undefined)
            .map((v) => window.TrendChart.limitValue(valueText(c.code, v, c.unit), v));
          if (vs.length) keys.push(h('span', {}, h('span', { class: 'key ' + k }), t(k), ' ', ...vs.flatMap((v, i) => (i ? [' / ', v] : [v]))));
        });
      if (c.baseline) keys.push(h('span', {}, h('span', { class: 'key band' }), t('band'), ' ',
        valueText(c.code, Math.round(c.baseline.low * 10) / 10, c.unit), '–', valueText(c.code, Math.round(c.baseline.high * 10) / 10, c.unit)));
      const plot = h('div', { class: 'plot' });
      box.append(h('h3', {}, measure(c.code)), h('div', { class: 'legend' }, keys), plot);
      if (!c.points.length) plot.append(h('p', { class: 'muted' }, t('noReadings')));
      sec.append(box);
      charts.push(() => {
        const vs = c.points.map((p) => p.v);
        const label = measure(c.code) + ', ' + t('charts').toLowerCase() + ': ' + vs.length + ' ' + t('readings')
          + (vs.length ? ', ' + valueText(c.code, Math.min(...vs), c.unit) + '–' + valueText(c.code, Math.max(...vs), c.unit) : '');
        window.TrendChart.draw(plot, c, { width: Math.max(200, box.clientWidth), height: 170, from, to, lang, label });
        window.TrendChart.markOffAxis(box, plot, lang);
      });
    });
    if (!data.charts.length) sec.append(h('p', { class: 'muted' }, t('none')));
    return sec;
  }

  function latestCard() {
    const latest = I18N.withBloodPressure(Object.entries(data.latest || {}).filter(([c]) => I18N.MEASURES[c])
      .map(([code, r]) => ({ ...r, code })));
    return h('section', { class: 'card', id: 'latest' }, h('h2', {}, t('latest')),
      latest.length ? h('table', { class: 'latest' }, h('tbody', {}, latest.map((r) => h('tr', {}, h('td', {}, measure(r.code)),
        h('td', { class: 'v' }, valueText(r.code, r.value, r.unit)), h('td', { class: 'muted' }, fmtTime(r.measuredAt))))))
        : h('p', { class: 'muted' }, t('none')));
  }

  function adviceCard() {
    const needsText = new Set(data.instructionsNeedingText);
    const given = h('ul', { class: 'plain', id: 'advice-given' }, data.advice.map((a) => h('li', {},
      h('div', { class: 'advice-line' }, word(I18N.ADVICE, a.instruction)), a.note ? h('div', {}, a.note) : null,
      h('div', { class: 'muted' }, fmtTime(a.at), ' · ', a.by))));
    if (data.readOnly || data.canAdvise === false) {
      return data.advice.length ? h('section', { class: 'card', id: 'advice' }, h('h2', {}, t('adviceGiven')), given) : null;
    }
    const text = h('textarea', { id: 'advice-text', name: 'note', maxlength: 1000 });
    const label = h('label', { for: 'advice-text' }, t('adviceText'));
    const send = h('button', { type: 'submit', class: 'primary', id: 'advice-send', disabled: true }, t('sendAdvice'));
    const ok = () => {
      const chosen = form.querySelector('input[name=instruction]:checked');
      const textNeeded = chosen && needsText.has(chosen.value);
      label.textContent = textNeeded ? t('adviceTextNeeded') : t('adviceText');
      send.disabled = !chosen || (textNeeded && !text.value.trim());
    };
    const form = h('form', { id: 'advice-form', onsubmit: (e) => {
      e.preventDefault();
      const chosen = form.querySelector('input[name=instruction]:checked');
      run(e, 'advise', { instruction: chosen.value, note: text.value }, t('advised'));
    }, onchange: ok, oninput: ok },
    h('fieldset', {}, h('legend', {}, t('advice')),
      data.instructions.map((code) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'instruction', value: code }), word(I18N.ADVICE, code)))),
    label, text, send);
    return h('section', { class: 'card', id: 'advice' }, form,
      data.advice.length ? h('h2', {}, t('adviceGiven')) : null, data.advice.length ? given : null);
  }

  function resolveCard() {
    if (data.readOnly) return null;
    const critical = data.alert.level === 'CRITICAL';
    const select = h('select', { id: 'outcome', name: 'outcome' }, h('option', { value: '' }, t('chooseOutcome')),
      data.outcomes.map((o) => h('option', { value: o }, word(I18N.OUTCOMES, o))));
    const confirm = critical ? h('input', { type: 'checkbox', id: 'confirm-critical' }) : null;
    const note = h('textarea', { id: 'resolve-note', maxlength: 1000 });
    const send = h('button', { type: 'submit', class: 'action', id: 'resolve-send', disabled: true }, t('resolve'));
    const ok = () => { send.disabled = select.value === '' || (critical && !confirm.checked); };
    const form = h('form', { id: 'resolve-form', onchange: ok, oninput: ok, onsubmit: (e) => {
      e.preventDefault();
      const body = { outcome: select.value, note: note.value, seenFindings: seenFindings() };
      if (critical) body.confirmCritical = true;
      run(e, 'resolve', body, t('resolvedNow'));
    } },
    h('h2', {}, t('resolve')), h('label', { for: 'outcome' }, t('outcome')), select,
    critical ? h('label', { class: 'choice critical-confirm' }, confirm, t('confirmCritical')) : null,
    h('label', { for: 'resolve-note' }, t('note')), note, send);
    return h('section', { class: 'card', id: 'resolve' }, form);
  }

  // Each earlier alert with how it ended and the doctor's advice on it: what was done last time, not only its outcome.
  function earlierCard() {
    return h('section', { class: 'card', id: 'earlier' }, h('h2', {}, t('earlier')),
      data.earlierAlerts.length ? h('ul', { class: 'plain' }, data.earlierAlerts.map((a) => {
        const c = a.closing || {}, v = a.advice;
        return h('li', { class: 'earlier-alert' },
          h('span', { class: 'chip ' + a.level }, word(I18N.LEVELS, a.level)), fmtTime(a.openedAt), ' · ',
          c.conditionCleared ? t('closedNormal') : a.outcome ? word(I18N.OUTCOMES, a.outcome) : word(I18N.STATES, a.state),
          c.by ? ' · ' + c.by : '',
          h('div', { class: 'muted' }, a.explanations[lang] || a.explanations.en),
          v ? h('div', { class: 'earlier-advice' }, t('doctorsAdvice'), ': ', word(I18N.ADVICE, v.instruction),
            v.note ? ' · ' + v.note : '', h('span', { class: 'muted' }, ' (', v.by, ', ', fmtTime(v.at), ')')) : null,
          c.text ? h('div', { class: 'note-text earlier-closing' }, c.text) : null);
      })) : h('p', { class: 'muted' }, t('none')));
  }

  // The clinic's logged contacts and its messages to the tablet, newest first, each with who and when.
  function contactsCard() {
    const items = data.contacts.map((c) => ({ at: c.contactedAt, li: h('li', { class: 'contact' },
      h('div', { class: 'advice-line' }, t(c.channel), ' · ', c.durationMinutes + ' ' + t('min'), ' · ', word(I18N.OUTCOMES, c.outcome),
        c.closedThisAlert ? ' · ' + t('closedThis') : ''),
      h('div', { class: 'summary' }, c.summary),
      h('div', { class: 'muted' }, fmtTime(c.contactedAt), c.by ? ' · ' + c.by : '')) }))
      .concat(data.messages.map((m) => ({ at: m.sentAt, li: h('li', { class: 'message' },
        h('div', { class: 'advice-line' }, t('message')),
        h('div', { class: 'summary' }, m.body),
        h('div', { class: 'muted' }, fmtTime(m.sentAt), m.by ? ' · ' + m.by : '', ' · ',
          m.shownAt ? t('shown') + ' ' + fmtTime(m.shownAt) : m.published ? t('notShown') : t('notSent'))) })))
      .sort((a, b) => (a.at < b.at ? 1 : -1));
    return h('section', { class: 'card', id: 'contacts' }, h('h2', {}, t('contacts')),
      items.length ? h('ul', { class: 'plain' }, items.map((i) => i.li)) : h('p', { class: 'muted' }, t('none')));
  }

  async function run(e, action, body, done) {
    const button = e.target.tagName === 'BUTTON' ? e.target : e.target.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    try {
      await act(action, body);
      flash(done);
    } catch (err) {
      flash(t('failed') + ': ' + err.message);
      if (button) button.disabled = false;
    }
  }

  function render() {
    applyLanguage();
    header();
    charts = [];
    const page = $('page');
    // Acknowledging (it stops the escalation) comes first after who the patient is.
    page.replaceChildren(...[patientCard(), ackCard(), notesCard(), nurseCard(), findingsCard(), chartsCard(), latestCard(), contactsCard(), adviceCard(),
      resolveCard(), earlierCard(),
      h('p', { class: 'muted' }, data.you ? t('you') + ' ' + data.you : '',
        data.expiresAt ? [data.you ? ' · ' : '', t('expires'), ' ', fmtTime(data.expiresAt)] : '')]
      .filter(Boolean));
    charts.forEach((draw) => draw());
  }

  function fail(e) {
    applyLanguage();
    $('page').replaceChildren(h('div', { class: 'card', id: 'load-error' },
      h('p', { class: 'error' }, e.status === 401 ? '' : t('failed') + ': ', e.message),
      staffAlert ? h('a', { class: 'big-link', href: '/' }, e.status === 401 ? t('login') : t('board')) : null));
  }

  $('lang').addEventListener('click', () => {
    lang = lang === 'da' ? 'en' : 'da';
    $('flash').hidden = true;
    try { localStorage.setItem('lang', lang); } catch (e) { /* private mode */ }
    if (data) render(); else applyLanguage();
  });
  applyLanguage();
  $('loading').textContent = t('loading');
  load().then((d) => { data = d; render(); }).catch(fail);
})();
