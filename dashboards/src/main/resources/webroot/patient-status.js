// The patient's status (admitted, passive, enrolment ended) and spirometry personal best on the patient page, the
// status badge on the board, and the overview's warning when patient-years are too few to compare. Plain JavaScript;
// app.js hands over its helpers (ui) so this file keeps its own words and nothing else of app.js changes shape.
'use strict';
window.PatientStatus = (() => {
  const T = {
    da: { status: 'Status', admitted: 'Indlagt', admittedSince: 'Indlagt siden', enrolled: 'Indskrevet', enrolledSince: 'Indskrevet siden',
      ended: 'Indskrivning afsluttet', passive: 'Pause', HOLIDAY: 'Ferie', OTHER: 'Anden pause', ADMISSION: 'Indlæggelse',
      WITHDRAWN: 'Ønsker ikke at deltage', COMPLETED: 'Forløbet er afsluttet', DECEASED: 'Død', MOVED: 'Flyttet',
      admit: 'Registrér indlæggelse', admittedAt: 'Indlagt fra', dischargedAt: 'Udskrevet', dischargeOptional: 'Udskrevet (hvis allerede udskrevet)',
      discharge: 'Registrér udskrivelse', note: 'Notat', noteOptional: 'Notat (valgfrit)', from: 'Fra', to: 'Til', toOptional: 'Til (valgfrit)',
      startPause: 'Registrér pause', endPause: 'Afslut pausen nu', reason: 'Begrundelse', reasonRequired: 'Skriv en begrundelse',
      endEnrolment: 'Afslut indskrivning', endedAt: 'Afsluttet', chooseReason: 'Vælg årsag …',
      confirmEnd: 'Jeg bekræfter: målinger efter denne dato giver ingen alarmer, og planlagte målinger stopper',
      resume: 'Genoptag indskrivningen (fejlregistrering)', resumeNote: 'Hvorfor (fejlregistrering)',
      whileAdmitted: 'Målinger gemmes og vurderes, men giver ingen alarm og ingen opgave om manglende målinger, mens patienten er indlagt.',
      whilePassive: 'Ingen opgave om manglende målinger i pausen. Unormale målinger giver stadig alarm.',
      whileEnded: 'Målinger gemmes stadig, men giver ingen alarm; planlagte målinger og opgaver er stoppet.',
      admissions: 'Indlæggelser', pauses: 'Pauser', noAdmissions: 'Ingen registrerede indlæggelser', ongoing: 'stadig indlagt',
      personalBest: 'Personlig bedste (spirometri)', noPersonalBest: 'Ingen personlig bedste registreret', setBest: 'Gem personlig bedste',
      value: 'Værdi', doctorsOnlyBest: 'Kun læger kan sætte en personlig bedste', fromStableSession: 'fra en stabil måling',
      by: 'af', log: 'Ændringer af status', saved: 'Gemt', bedNights: 'sengedage', failed: 'Det lykkedes ikke',
      tooFew: 'For få patientår til at sammenligne', tooFewText: (y, min) => 'Perioden dækker kun ' + y + ' patientår (under ' + min
        + '). Én indlæggelse eller akut kontakt flytter tallene pr. patientår så meget, at de ikke kan sammenlignes med året før indskrivning.',
      median: 'median', active: 'aktive nu', since: 'siden', tooFewShort: 'for få til at sammenligne',
      actions: { admission: 'indlæggelse registreret', discharge: 'udskrivelse registreret', 'passive.start': 'pause registreret',
        'passive.end': 'pause afsluttet', 'enrolment.end': 'indskrivning afsluttet', 'enrolment.resume': 'indskrivning genoptaget',
        'personal-best.set': 'personlig bedste sat' } },
    en: { status: 'Status', admitted: 'Admitted', admittedSince: 'Admitted since', enrolled: 'Enrolled', enrolledSince: 'Enrolled since',
      ended: 'Enrolment ended', passive: 'Pause', HOLIDAY: 'Holiday', OTHER: 'Other pause', ADMISSION: 'Admission',
      WITHDRAWN: 'Withdrawn', COMPLETED: 'Completed', DECEASED: 'Deceased', MOVED: 'Moved away',
      admit: 'Record admission', admittedAt: 'Admitted from', dischargedAt: 'Discharged', dischargeOptional: 'Discharged (if already discharged)',
      discharge: 'Record discharge', note: 'Note', noteOptional: 'Note (optional)', from: 'From', to: 'To', toOptional: 'To (optional)',
      startPause: 'Record pause', endPause: 'End the pause now', reason: 'Reason', reasonRequired: 'Write a reason',
      endEnrolment: 'End enrolment', endedAt: 'Ended', chooseReason: 'Choose reason …',
      confirmEnd: 'I confirm: readings after this date raise no alert, and scheduled measurements stop',
      resume: 'Resume the enrolment (recorded in error)', resumeNote: 'Why (recorded in error)',
      whileAdmitted: 'Readings are stored and scored but raise no alert and no missed-measurement task while the patient is admitted.',
      whilePassive: 'No missed-measurement task during the pause. Abnormal readings still raise alerts.',
      whileEnded: 'Readings are still stored but raise no alert; scheduled measurements and tasks have stopped.',
      admissions: 'Admissions', pauses: 'Pauses', noAdmissions: 'No admissions recorded', ongoing: 'still admitted',
      personalBest: 'Personal best (spirometry)', noPersonalBest: 'No personal best recorded', setBest: 'Save personal best',
      value: 'Value', doctorsOnlyBest: 'Only doctors can set a personal best', fromStableSession: 'from a stable session',
      by: 'by', log: 'Status changes', saved: 'Saved', bedNights: 'bed days', failed: 'That did not work',
      tooFew: 'Too few patient-years to compare', tooFewText: (y, min) => 'The period covers only ' + y + ' patient-years (below ' + min
        + '). One admission or acute contact moves the figures per patient-year so much that they cannot be compared with the year before enrolment.',
      median: 'median', active: 'active now', since: 'since', tooFewShort: 'too few to compare',
      actions: { admission: 'admission recorded', discharge: 'discharge recorded', 'passive.start': 'pause recorded',
        'passive.end': 'pause ended', 'enrolment.end': 'enrolment ended', 'enrolment.resume': 'enrolment resumed',
        'personal-best.set': 'personal best set' } }
  };
  const BEST = { fev1: ['FEV1', 'L', 0.01], pef: ['Peak flow', 'L/min', 1] };
  const REASONS = ['WITHDRAWN', 'COMPLETED', 'DECEASED', 'MOVED'];
  const words = (ui) => T[ui.lang()] || T.da;

  // <input type=datetime-local> speaks local time without an offset; the API wants an instant.
  const localValue = (d) => {
    const p = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes());
  };
  // A field left at "now" sends nothing, so the hub takes the moment of the click to the second (the field shows
  // minutes only; an admission and a discharge in the same minute would otherwise look like no stay at all).
  const instant = (input) => (input.value && !input.dataset.now ? new Date(input.value).toISOString() : undefined);
  const when = (ui, name, label, value) => {
    const input = ui.h('input', { type: 'datetime-local', name, value: value ? localValue(value) : '', 'data-now': value ? '1' : null });
    input.addEventListener('input', () => { delete input.dataset.now; });
    return [input, ui.h('label', { class: 'status-field' }, ui.h('span', { class: 'muted' }, label), input)];
  };
  const text = (ui, name, label) => {
    const input = ui.h('input', { type: 'text', name, 'aria-label': label, placeholder: label });
    return [input, ui.h('label', { class: 'status-field wide' }, ui.h('span', { class: 'muted' }, label), input)];
  };
  const mayRecord = (ui) => ui.role() === 'nurse' || ui.role() === 'doctor';

  /** The badge a board row or list shows for a patient's status summary (null while simply enrolled). */
  function badge(ui, s) {
    if (!s) return null;
    const w = words(ui);
    if (s.state === 'ADMITTED') return ui.h('span', { class: 'status-badge admitted', 'data-status': 'ADMITTED' }, w.admitted);
    if (s.state === 'ENDED') return ui.h('span', { class: 'status-badge ended', 'data-status': 'ENDED' }, w.ended, ' · ', w[s.endReason] || '');
    if (s.state === 'PASSIVE') return ui.h('span', { class: 'status-badge passive', 'data-status': 'PASSIVE' }, w.passive, ': ', w[s.kind] || '');
    return null;
  }

  /** The status card of the patient page; it loads and repaints itself after each change. */
  function card(ui, patientId) {
    const section = ui.h('section', { class: 'card patient-status', id: 'patient-status' }, ui.h('h2', {}, words(ui).status));
    const load = async () => {
      try {
        const s = await ui.api('GET', '/api/v1/patients/' + patientId + '/status');
        section.replaceChildren(...paint(ui, patientId, s, load));
      } catch (e) {
        if (e.message !== '401') section.replaceChildren(ui.h('h2', {}, words(ui).status), ui.h('p', { class: 'error' }, e.message));
      }
    };
    load();
    return section;
  }

  function paint(ui, patientId, s, reload) {
    const w = words(ui);
    const h = ui.h;
    const base = '/api/v1/patients/' + patientId;
    const message = h('span', { class: 'muted', id: 'status-message', role: 'status' });
    const send = async (method, path, body) => {
      try { await ui.api(method, base + path, body); await reload(); } catch (e) { message.textContent = e.message || w.failed; }
    };
    const e = s.enrolment;
    const headline = s.state === 'ENDED'
      ? [h('span', { class: 'status-badge ended', id: 'status-state', 'data-status': 'ENDED' }, w.ended), ' ', ui.fmtTime(e.endedAt), ' · ', w[e.endReason],
        h('p', { class: 'muted' }, w.whileEnded)]
      : s.state === 'ADMITTED'
        ? [h('span', { class: 'status-badge admitted', id: 'status-state', 'data-status': 'ADMITTED' }, w.admitted), ' ', w.since, ' ',
          ui.fmtTime(s.admitted.from), s.admitted.reason ? ' · ' + s.admitted.reason : '', h('p', { class: 'muted' }, w.whileAdmitted)]
        : [h('span', { class: 'status-badge enrolled', id: 'status-state', 'data-status': 'ENROLLED' }, w.enrolled), ' ', w.since, ' ',
          ui.fmtTime(e.enrolledAt)];
    const passive = s.passiveNow
      ? h('p', { id: 'status-passive' }, h('span', { class: 'status-badge passive' }, w.passive, ': ', w[s.passiveNow.kind]), ' ',
        ui.fmtTime(s.passiveNow.from), s.passiveNow.to ? ' – ' + ui.fmtTime(s.passiveNow.to) : '', ' · ', s.passiveNow.reason,
        h('br', {}), h('span', { class: 'muted' }, w.whilePassive),
        mayRecord(ui) ? h('button', { type: 'button', id: 'status-end-pause', onclick: () => send('PUT', '/passive-intervals/' + s.passiveNow.id + '/end', {}) }, w.endPause) : null)
      : null;
    const forms = [];
    if (mayRecord(ui) && s.state === 'ENROLLED') {
      const [from, fromField] = when(ui, 'admitted-at', w.admittedAt, new Date());
      const [to, toField] = when(ui, 'discharged-at', w.dischargeOptional, null);
      const [note, noteField] = text(ui, 'admission-note', w.noteOptional);
      forms.push(h('details', { class: 'status-form', id: 'status-admission' }, h('summary', {}, w.admit), fromField, toField, noteField,
        h('button', { type: 'button', class: 'primary', id: 'status-admit',
          onclick: () => send('POST', '/admissions', { admittedAt: instant(from), dischargedAt: instant(to), note: note.value.trim() || undefined }) }, w.admit)));
    }
    if (mayRecord(ui) && s.state === 'ADMITTED') {
      const [at, atField] = when(ui, 'discharged-at', w.dischargedAt, new Date());
      forms.push(h('fieldset', { class: 'status-form', id: 'status-discharge-form' }, h('legend', {}, w.discharge), atField,
        h('button', { type: 'button', class: 'primary', id: 'status-discharge',
          onclick: () => send('PUT', '/admissions/' + s.admitted.id + '/discharge', { dischargedAt: instant(at) }) }, w.discharge)));
    }
    if (mayRecord(ui) && s.state !== 'ENDED' && !s.passiveNow) {
      const kind = h('select', { name: 'pause-kind', 'aria-label': w.passive }, ['HOLIDAY', 'OTHER'].map((k) => h('option', { value: k }, w[k])));
      const [from, fromField] = when(ui, 'pause-from', w.from, new Date());
      const [to, toField] = when(ui, 'pause-to', w.toOptional, null);
      const [reason, reasonField] = text(ui, 'pause-reason', w.reason);
      forms.push(h('details', { class: 'status-form', id: 'status-pause' }, h('summary', {}, w.startPause),
        h('label', { class: 'status-field' }, h('span', { class: 'muted' }, w.passive), kind), fromField, toField, reasonField,
        h('button', { type: 'button', id: 'status-start-pause', onclick: () => {
          if (!reason.value.trim()) { message.textContent = w.reasonRequired; return; }
          send('POST', '/passive-intervals', { kind: kind.value, from: instant(from), to: instant(to), reason: reason.value.trim() });
        } }, w.startPause)));
    }
    if (mayRecord(ui) && s.state !== 'ENDED') {
      const reason = h('select', { name: 'end-reason', 'aria-label': w.reason }, h('option', { value: '' }, w.chooseReason),
        REASONS.map((r) => h('option', { value: r }, w[r])));
      const [at, atField] = when(ui, 'ended-at', w.endedAt, new Date());
      const confirm = h('input', { type: 'checkbox', name: 'end-confirm' });
      const button = h('button', { type: 'button', id: 'status-end-enrolment', disabled: true,
        onclick: () => send('PUT', '/enrolment-end', { reason: reason.value, endedAt: instant(at) }) }, w.endEnrolment);
      const ready = () => { button.disabled = !(reason.value && confirm.checked); };
      reason.addEventListener('change', ready);
      confirm.addEventListener('change', ready);
      forms.push(h('details', { class: 'status-form', id: 'status-end' }, h('summary', {}, w.endEnrolment),
        h('label', { class: 'status-field' }, h('span', { class: 'muted' }, w.reason), reason), atField,
        h('label', { class: 'status-confirm' }, confirm, ' ', w.confirmEnd), button));
    }
    if (mayRecord(ui) && s.state === 'ENDED') {
      const [note, noteField] = text(ui, 'resume-note', w.resumeNote);
      forms.push(h('details', { class: 'status-form', id: 'status-resume' }, h('summary', {}, w.resume), noteField,
        h('button', { type: 'button', id: 'status-resume-button', onclick: () => {
          if (!note.value.trim()) { message.textContent = w.reasonRequired; return; }
          send('DELETE', '/enrolment-end', { note: note.value.trim() });
        } }, w.resume)));
    }
    const interval = (i) => h('li', { 'data-interval': i.id }, i.kind === 'ADMISSION' ? '' : w[i.kind] + ': ', ui.fmtTime(i.from), ' – ',
      i.to ? ui.fmtTime(i.to) : w.ongoing, i.reason ? ' · ' + i.reason : '');
    const history = h('div', { class: 'status-history' },
      h('h3', {}, w.admissions), s.admissions.length ? h('ul', { id: 'status-admissions' }, s.admissions.map(interval)) : h('p', { class: 'empty' }, w.noAdmissions),
      s.passiveIntervals.length ? [h('h3', {}, w.pauses), h('ul', {}, s.passiveIntervals.map(interval))] : null,
      s.log.length ? h('details', {}, h('summary', {}, w.log, ' (', s.log.length, ')'),
        h('ul', {}, s.log.map((l) => h('li', {}, ui.fmtTime(l.changedAt), ' · ', w.actions[l.action] || w.failed, ' ', w.by, ' ', l.changedBy)))) : null);
    return [h('h2', {}, w.status), h('div', { class: 'status-now' }, headline), passive, forms.length ? h('div', { class: 'status-forms' }, forms) : null,
      message, h('div', { class: 'status-lower' }, history, personalBest(ui, s, send))].filter(Boolean);
  }

  // The doctor's personal best the spirometry rule compares FEV1 and peak flow with (below 60 %: RED).
  function personalBest(ui, s, send) {
    const w = words(ui);
    const h = ui.h;
    const rows = s.personalBest.filter((b) => BEST[b.code]);
    const list = rows.length ? h('ul', { id: 'status-personal-best' }, rows.map((b) => h('li', { 'data-code': b.code }, BEST[b.code][0], ' ',
      ui.fmtNum(b.value), ' ', BEST[b.code][1], ' · ', ui.fmtTime(b.measuredAt), ' · ',
      b.setBy ? w.by + ' ' + b.setBy + (b.reason ? ': ' + b.reason : '') : w.fromStableSession)))
      : h('p', { class: 'empty', id: 'status-personal-best' }, w.noPersonalBest);
    let form = h('p', { class: 'muted' }, w.doctorsOnlyBest);
    if (ui.role() === 'doctor') {
      const code = h('select', { name: 'best-code', 'aria-label': w.personalBest }, Object.entries(BEST).map(([c, d]) => h('option', { value: c }, d[0] + ' (' + d[1] + ')')));
      const value = h('input', { type: 'number', name: 'best-value', step: 'any', min: 0, 'aria-label': w.value, placeholder: w.value });
      const reason = h('input', { type: 'text', name: 'best-reason', 'aria-label': w.reason, placeholder: w.reason });
      form = h('div', { class: 'status-best-form' }, code, value, reason, h('button', { type: 'button', id: 'status-set-best', onclick: () => {
        if (!reason.value.trim()) { document.getElementById('status-message').textContent = w.reasonRequired; return; }
        send('PUT', '/spirometry-personal-best/' + code.value, { value: Number(value.value), reason: reason.value.trim() });
      } }, w.setBest));
    }
    return h('div', { class: 'status-best' }, h('h3', {}, w.personalBest), list, form);
  }

  /** The overview's warning when the period's patient-years are too few to compare (null otherwise). */
  function tooFewWarning(ui, o) {
    if (!o.tooFewPatientYears) return null;
    const w = words(ui);
    return ui.h('p', { class: 'status-warning', id: 'too-few-patient-years', role: 'note' }, ui.h('b', {}, w.tooFew), ' ',
      w.tooFewText(ui.fmtNum(o.patientYears), ui.fmtNum(o.minPatientYears)));
  }

  return { badge, card, tooFewWarning, words };
})();
