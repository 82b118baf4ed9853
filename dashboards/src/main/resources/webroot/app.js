// Nurse triage screen: plain JavaScript, no build step, nothing fetched from elsewhere.
'use strict';
(() => {
  const T = {
    da: { title: 'Telemonitorering', board: 'Triage', overview: 'Klinikoverblik', logout: 'Log ud', login: 'Log ind',
      email: 'E-mail', password: 'Adgangskode', online: 'Live', offline: 'Offline', alerts: 'Patienter med åbne alarmer',
      missed: 'Manglende målinger', devicesOffline: 'Udstyr offline', none: 'Ingen', waited: 'ventet', deadline: 'frist', last7Days: 'de seneste 7 dage', latestValue: 'seneste',
      overdue: 'over fristen', respondedAfter: 'kvitteret efter', ack: 'Kvittér', note: 'Notat', addNote: 'Tilføj notat', resolve: 'Afslut',
      outcome: 'Udfald', takenBy: 'Har den', nobody: 'Ingen har den', patient: 'Patient', readings: 'Målinger',
      limitNotANumber: '»{v}« er ikke et tal', limitImpossible: '{v} ligger uden for, hvad en måling kan være ({min}-{max})',
      limitOrder: '{a} må ikke være lavere end {b}: grænserne stiger fra kritisk nedre til kritisk øvre',
      history: 'Alarmhistorik', limits: 'Grænseværdier', questionnaire: 'Spørgeskema', save: 'Gem', reason: 'Begrundelse',
      range: 'Periode', back: 'Tilbage', contactNurse: 'Kontaktsygeplejerske', enrolled: 'Indskrevne patienter',
      adherence: 'Måleadhærens', openByLevel: 'Åbne alarmer efter niveau', responseToday: 'Responstider i dag',
      acute: 'Akutte kontakter pr. patientår', bedDays: 'Sengedage pr. patientår', outcomes: 'Udfald på plejetrappen',
      noData: 'ingen data', notRecorded: 'ikke registreret', loginFailed: 'Login mislykkedes',
      doctorsOnly: 'Kun læger kan ændre grænser', handled: 'Håndteret', onCall: 'Vagt nu', until: 'til', next: 'derefter',
      NURSE_ON_DUTY: 'Sygeplejerske i vagt', ONCALL_DOCTOR: 'Vagthavende læge', BACKUP_DOCTOR: 'Bagvagt',
      nobodyOnCall: 'Ingen i vagtplanen', sameDoctor: '{name} er både vagthavende læge og bagvagt: en eskalering til bagvagten kalder den samme læge igen',
      level: 'Niveau', value: 'Værdi', time: 'Tid',
      explanation: 'Forklaring', flags: 'Flag', state: 'Status', by: 'af', minutes: 'min', hours: 't', days: 'd', daysLong: 'døgn', underAMinute: 'under 1 min',
      patients: 'Patienter', patientYears: 'Patientår', alertsCol: 'Alarmer', before: 'Før indskrivning (12 mdr.)',
      after: 'Efter indskrivning (perioden)', acuteContacts: 'Akutte kontakter', bedDaysCol: 'Sengedage',
      perPatientYear: 'pr. patientår', beforeAfter: 'Før og efter indskrivning', slots: 'målinger som planlagt',
      noOwnGp: 'Ingen egen læge', livesAlone: 'Bor alene', needsTabletHelp: 'Har brug for hjælp til tablet',
      yes: 'ja', no: 'nej', medianResponse: 'Median tid til første respons', waiting: 'Venter', beforeShort: 'før', myPatients: 'Patienter du har adgang til', noAccess: 'Du har ikke adgang til nogen patient.',
      readOnly: 'Kun læseadgang (pårørende, med patientens samtykke)', care: 'Baggrund og forløb', municipality: 'Kommune',
      yearBefore: '12 måneder før indskrivning', bothOrNeither: 'Udfyld både akutte kontakter og sengedage, eller ingen af dem',
      saved: 'Gemt', updatedBy: 'Senest ændret af',
      doctorAdvice: 'Lægens råd', adviceLeft: 'Lægens råd at udføre', adviceGiven: 'råd fra', closedBy: 'alarmen afsluttet af',
      closedItself: 'alarmen lukkede selv, da målingerne blev normale', carriedOut: 'Markér som udført', pagedDoctor: 'Lægen kaldt', notArrivedBy: 'kom ikke frem via', notReached: 'Kom ikke frem: besked til', toYou: 'dig', stillTrying: 'prøver igen', callInstead: 'ring i stedet',
      awaitingRepeat: 'Venter på gentaget måling', awaitUntil: 'venter til', measured: 'målt', openAlertPage: 'Åbn alarmen', openAlertNow: 'Åben alarm', openedAt: 'åbnet', resolvedFor: 'Alarmen er afsluttet:',
      menu: 'Menu', escalatedToYou: 'Eskaleret til lægen', otherPatients: 'Øvrige patienter', escalate: 'Til lægen', escalateAgain: 'Til lægen igen',
      sentToDoctorBy: 'Sendt til lægen af', advisedBy: 'Råd givet af', forNurse: 'en sygeplejerske skal udføre det', waitingForDoctor: 'venter på lægen', waitingForYou: 'venter på dig', pagedYou: 'Du er kaldt',
      soundOff: 'Lyden for KRITISKE alarmer er slået fra, til du klikker på siden.', soundOn: 'Slå lyd til', criticalAt: 'KRITISK alarm hos {names}', showAlert: 'Vis alarmen',
      escalateTitle: 'Eskalér til lægen', goesTo: 'Går til', noDoctorOnCall: 'Ingen vagthavende læge i vagtplanen lige nu: ring til', noDoctorAtAll: 'Ingen læge i vagtplanen lige nu: alarmen venter, ring til klinikkens læge', snooze: 'Udsæt', snoozeTitle: 'Udsæt alarmen', snooze1h: '1 time', snooze4h: '4 timer',
      snoozeClear: 'Til målingen er normal igen', chooseOutcome: 'Vælg udfald …', resolveTitle: 'Afslut alarmen',
      confirmCritical: 'Jeg bekræfter, at den KRITISKE alarm er vurderet og håndteret', cancel: 'Annullér',
      noteOptional: 'Notat (valgfrit)', saveNote: 'Gem notat', more: 'flere', newAlert: 'Ny alarm', raisedAlert: 'Alarm hævet', unknown: 'ukendt',
      unknownPerson: 'ukendt person', measurement: 'Måling', escalatedAt: 'eskaleret', groupDefault: 'gruppens standard', limitSetBy: 'Sat af', limitReviewBy: 'revurderes senest',
      dialogFailed: 'Det lykkedes ikke', snoozed: 'udsat', noName: 'Patient uden navn', openAlerts: 'Åbne alarmer', meanPer: 'gennemsnit pr.',
      step: 'trin', repeat: 'gentagelse', notified: 'underrettede', nobodyNotified: 'ingen kunne underrettes', nobodyOnCallAs: 'ingen i vagt som', snoozedUntil: 'udsat til', discharged: 'udskrevet',
      spo2Rx: 'SpO2-mål', spo2RxCurrent: 'Ordineret SpO2-mål', spo2RxScale2: 'NEWS2 skala 2',
      spo2RxNone: 'Intet ordineret SpO2-mål: NEWS2 skala 1', spo2RxPrescribe: 'Ordinér SpO2-mål 88-92 %', spo2RxRevoke: 'Ophæv ordinationen',
      spo2RxRevoked: 'ophævet', spo2RxDoctorsOnly: 'Kun læger kan ordinere eller ophæve et SpO2-mål', spo2RxPast: 'Tidligere ordinationer',
      reasonRequired: 'Skriv en begrundelse',
      scoredWith: 'NEWS2 gælder hele observationssættet: denne måling sammen med', measuredAtClock: 'målt kl.', and: 'og',
      wrongLogin: 'e-mail eller adgangskode er forkert', on: 'på', of: 'af', patientYearsShort: 'patientår', patientsShort: 'patienter' },
    en: { title: 'Telemonitoring', board: 'Triage', overview: 'Clinic overview', logout: 'Log out', login: 'Log in',
      email: 'E-mail', password: 'Password', online: 'Live', offline: 'Offline', alerts: 'Patients with open alerts',
      missed: 'Missed measurements', devicesOffline: 'Devices offline', none: 'None', waited: 'waited', deadline: 'deadline', last7Days: 'last 7 days', latestValue: 'latest',
      overdue: 'overdue', respondedAfter: 'acknowledged after', ack: 'Acknowledge', note: 'Note', addNote: 'Add note', resolve: 'Resolve',
      outcome: 'Outcome', takenBy: 'Taken by', nobody: 'Nobody has it', patient: 'Patient', readings: 'Readings',
      limitNotANumber: '"{v}" is not a number', limitImpossible: '{v} is outside what a reading can be ({min}-{max})',
      limitOrder: '{a} cannot be lower than {b}: the limits rise from critical low to critical high',
      history: 'Alert history', limits: 'Limits', questionnaire: 'Questionnaire', save: 'Save', reason: 'Reason',
      range: 'Range', back: 'Back', contactNurse: 'Contact nurse', enrolled: 'Patients enrolled',
      adherence: 'Measurement adherence', openByLevel: 'Open alerts by level', responseToday: "Today's response times",
      acute: 'Acute contacts per patient-year', bedDays: 'Bed days per patient-year', outcomes: 'Outcomes on the care ladder',
      noData: 'no data', notRecorded: 'not recorded', loginFailed: 'Login failed',
      doctorsOnly: 'Only doctors can change limits', handled: 'Handled', onCall: 'On call now', until: 'until', next: 'then',
      NURSE_ON_DUTY: 'Nurse on duty', ONCALL_DOCTOR: 'On-call doctor', BACKUP_DOCTOR: 'Backup doctor',
      nobodyOnCall: 'Nobody on the rota', sameDoctor: '{name} is both the on-call doctor and the backup: an escalation to the backup pages the same doctor again',
      level: 'Level', value: 'Value', time: 'Time',
      explanation: 'Explanation', flags: 'Flags', state: 'State', by: 'by', minutes: 'min', hours: 'h', days: 'd', daysLong: 'days', underAMinute: 'under 1 min',
      patients: 'Patients', patientYears: 'Patient-years', alertsCol: 'Alerts', before: 'Before enrolment (12 months)',
      after: 'After enrolment (the period)', acuteContacts: 'Acute contacts', bedDaysCol: 'Bed days',
      perPatientYear: 'per patient-year', beforeAfter: 'Before and after enrolment', slots: 'measurements as scheduled',
      noOwnGp: 'No own GP', livesAlone: 'Lives alone', needsTabletHelp: 'Needs help with the tablet',
      yes: 'yes', no: 'no', medianResponse: 'Median time to first response', waiting: 'Waiting', beforeShort: 'before', myPatients: 'Patients you have access to', noAccess: 'You have access to no patient.',
      readOnly: 'Read-only access (relative, with the patient\'s consent)', care: 'Background and care', municipality: 'Municipality',
      yearBefore: '12 months before enrolment', bothOrNeither: 'Fill in both acute contacts and bed days, or neither',
      saved: 'Saved', updatedBy: 'Last changed by',
      doctorAdvice: "Doctor's advice", adviceLeft: "Doctor's advice to carry out", adviceGiven: 'advice from', closedBy: 'alert closed by',
      closedItself: 'the alert closed itself when the readings were normal again', carriedOut: 'Mark as done', pagedDoctor: 'Doctor paged', notArrivedBy: 'did not arrive by', notReached: 'Did not arrive: message to', toYou: 'you', stillTrying: 'still trying', callInstead: 'call instead',
      awaitingRepeat: 'Waiting for a repeat measurement', awaitUntil: 'waiting until', measured: 'measured', openAlertPage: 'Open the alert', openAlertNow: 'Open alert', openedAt: 'opened', resolvedFor: 'Alert resolved:',
      menu: 'Menu', escalatedToYou: 'Escalated to the doctor', otherPatients: 'Other patients', escalate: 'To the doctor', escalateAgain: 'To the doctor again',
      sentToDoctorBy: 'Sent to the doctor by', advisedBy: 'Advice given by', forNurse: 'for a nurse to carry out', waitingForDoctor: 'waiting for the doctor', waitingForYou: 'waiting for you', pagedYou: 'You were paged',
      soundOff: 'The sound of CRITICAL alerts is off until you click on the page.', soundOn: 'Turn sound on', criticalAt: 'CRITICAL alert for {names}', showAlert: 'Show the alert',
      escalateTitle: 'Escalate to the doctor', goesTo: 'Goes to the', noDoctorOnCall: 'No on-call doctor in the rota right now: call the', noDoctorAtAll: "No doctor in the rota right now: the alert waits, call the clinic's doctor", snooze: 'Snooze', snoozeTitle: 'Snooze the alert', snooze1h: '1 hour', snooze4h: '4 hours',
      snoozeClear: 'Until the reading is normal again', chooseOutcome: 'Choose outcome …', resolveTitle: 'Resolve the alert',
      confirmCritical: 'I confirm that the CRITICAL alert has been assessed and handled', cancel: 'Cancel',
      noteOptional: 'Note (optional)', saveNote: 'Save note', more: 'more', newAlert: 'New alert', raisedAlert: 'Alert raised', unknown: 'unknown',
      unknownPerson: 'unknown person', measurement: 'Measurement', escalatedAt: 'escalated', groupDefault: 'group default', limitSetBy: 'Set by', limitReviewBy: 'review by',
      dialogFailed: 'That did not work', snoozed: 'snoozed', noName: 'Patient without a name', openAlerts: 'Open alerts', meanPer: 'mean per',
      step: 'step', repeat: 'repeat', notified: 'notified', nobodyNotified: 'nobody could be notified', nobodyOnCallAs: 'nobody on call as', snoozedUntil: 'snoozed until', discharged: 'discharged',
      spo2Rx: 'SpO2 target', spo2RxCurrent: 'Prescribed SpO2 target', spo2RxScale2: 'NEWS2 scale 2',
      spo2RxNone: 'No prescribed SpO2 target: NEWS2 scale 1', spo2RxPrescribe: 'Prescribe SpO2 target 88-92%', spo2RxRevoke: 'Revoke the prescription',
      spo2RxRevoked: 'revoked', spo2RxDoctorsOnly: 'Only doctors can prescribe or revoke an SpO2 target', spo2RxPast: 'Earlier prescriptions',
      reasonRequired: 'Write a reason',
      scoredWith: 'NEWS2 scores the whole observation set: this reading together with', measuredAtClock: 'measured at', and: 'and',
      wrongLogin: 'e-mail or password is wrong', on: 'on', of: 'of', patientYearsShort: 'patient-years', patientsShort: 'patients' }
  };
  const I = window.I18N;
  const QUESTIONNAIRE = ['cat', 'sym_breathless', 'sym_sputum_more', 'sym_sputum_colour', 'sym_fever'];

  let lang = localStorage.getItem('lang') || 'da';
  let session = null;
  let onCallRead = { at: 0, list: [] }; // the rota as last read, forgotten at logout
  let stream = null;
  let refreshTimer = null;
  let refreshDue = 0;
  let lastBoard = null;
  let beeped = new Set();
  const t = (k) => (T[lang] && T[lang][k]) || k;
  const L = () => (lang === 'da' ? 0 : 1);
  // A code from the API in the screen's language; a code the tables do not know yet is shown as plain words.
  const word = (table, code) => code === null || code === undefined || code === '' ? t('unknown')
    : table[code] ? table[code][L()] : String(code).toLowerCase().replace(/_/g, ' ');
  const levelText = (l) => word(I.LEVELS, l);
  const stateText = (s) => word(I.STATES, s);
  const outcomeText = (o) => word(I.OUTCOMES, o);
  const conditionText = (c) => word(I.CONDITIONS, c);
  const measureName = (code) => (I.MEASURES[code] ? I.MEASURES[code][L()] : code);
  // A value with the screen's unit: yes/no for answers, points for scores, a colour for the sputum scale.
  function valueText(code, value, unit) {
    if (value === null || value === undefined) return '–';
    const ucum = unit || I.UNIT_OF[code];
    if (ucum === '{bool}') return value ? t('yes') : t('no');
    if (code === 'sym_sputum_colour' && I.SPUTUM[Math.round(value)]) return I.SPUTUM[Math.round(value)][L()];
    const shown = I.UNITS[ucum] ? I.UNITS[ucum][L()] : '';
    return I.withUnit(I.number(value, code, L()), shown, L());
  }
  const personName = (p) => {
    if (!p) return '–';
    if (I.ACTORS[p.id]) return I.ACTORS[p.id][L()];
    // The API names people it knows; an id it could not name is not shown as a name.
    return p.displayName && p.displayName !== p.id ? p.displayName : t('unknownPerson');
  };
  // An alert's explanation in the screen's language; the API gives both (English when triage wrote no Danish).
  const why = (a) => (a.explanations && a.explanations[lang]) || (lang === 'da' && a.explanationDa) || a.explanation;
  // One finding of an alert (or of a reading): whichever shape the API gives.
  const findingText = (f) => (f.explanations && f.explanations[lang]) || (lang === 'da' ? f.explanationDa || f.da : f.en)
    || f.explanation || f.en || f.da;
  // What to say about an alert: its findings when the API groups them, else its own explanation.
  // Each with the time of its newest reading and whether it is normal again: an alert gathers findings over days, and
  // a finding from the day before must not read as today's (a phone has no hover to ask).
  const reasonsOf = (a) => (Array.isArray(a.findings) && a.findings.length
    ? a.findings.map((f) => ({ level: f.level || a.level, text: findingText(f), at: f.lastMeasuredAt, cleared: f.cleared === true }))
    : [{ level: a.level, text: why(a) }]);

  // ----- tiny DOM helper (text only, never innerHTML with data) -----
  function h(tag, attrs, ...children) {
    const svg = ['svg', 'path', 'line', 'rect', 'circle', 'text', 'polyline', 'g'].includes(tag);
    const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.setAttribute('class', v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c.nodeType ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  const $ = (id) => document.getElementById(id);

  // ----- API -----
  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && session) headers['X-CSRF-Token'] = session.csrfToken;
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    } catch (e) { throw apiFailure(0, null); }
    if (res.status === 401 && path !== '/api/v1/session') { showLogin(); throw new Error('401'); }
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { if (res.ok) throw apiFailure(500, null); }
    if (!res.ok) throw apiFailure(res.status, json && json.error, json && json.references);
    return json;
  }
  // An error a person reads: the status's sentence in the screen's language; the API's (English) reason is kept as
  // detail and added only on the English screen.
  // A refusal's references (the duties that keep a person on call, say) let a screen say what is in the way.
  function apiFailure(status, reason, references) {
    // A reason may end in details for developers, in brackets (the rules, say): the words before them are the key.
    const known = reason && (I.ERROR_REASONS[reason] || I.ERROR_REASONS[reason.replace(/ \(.*\)$/, '')]);
    const e = new Error(known ? known[L()] : I.errorText(status, L()) + (lang === 'en' && reason ? ' (' + reason + ')' : ''));
    e.status = status;
    e.detail = reason || null;
    e.references = Array.isArray(references) ? references : [];
    return e;
  }

  // Rounded once, to whole minutes, then split: 3 h 59.99 min reads "4 t", never "3 t 60 min".
  function duration(seconds) {
    const m = Math.round(Math.abs(seconds) / 60);
    // "0 min" read as if nobody had waited or answered at all.
    if (m === 0) return t('underAMinute');
    if (m < 60) return m + ' ' + t('minutes');
    const part = (n, unit) => (n ? ' ' + n + ' ' + t(unit) : '');
    if (m < 1440) return Math.floor(m / 60) + ' ' + t('hours') + part(m % 60, 'minutes');
    const hrs = Math.round(m / 60);
    return Math.floor(hrs / 24) + ' ' + t('daysLong') + part(hrs % 24, 'hours');
  }
  const fmtTime = (iso) => I.when(iso, L());
  // A value from before the last 24 hours says when, on the row itself (a phone has no hover): the latest weight
  // or SpO2 may be days old. The board and the patient list (admin.js) both write it so.
  const aged = (v) => (v.measuredAt && Date.now() - Date.parse(v.measuredAt) > 86400e3 ? ' (' + fmtTime(v.measuredAt) + ')' : '');
  const fmtNum = (v, decimals = 2) => v === null || v === undefined || Number.isNaN(Number(v)) ? '–'
    : Number(v).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: decimals, useGrouping: false });

  // ----- language -----
  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
    // The button names the other language in that language.
    $('lang').textContent = lang === 'da' ? 'English' : 'Dansk';
    $('lang').lang = lang === 'da' ? 'en' : 'da';
    if (session) $('who').textContent = session.user.displayName + ' (' + word(I.ROLES, session.user.role) + ')';
    $('live').textContent = stream && stream.readyState === 1 ? t('online') : t('offline');
    // An announcement made in the other language is stale: a screen reader would read it out in the wrong one.
    $('announce').textContent = ''; $('announce-critical').textContent = '';
  }
  $('lang').addEventListener('click', () => { lang = lang === 'da' ? 'en' : 'da'; localStorage.setItem('lang', lang); applyLanguage(); route(); });

  // ----- session -----
  function showLogin() {
    session = null;
    leaveBoard();
    onCallRead = { at: 0, list: [] };
    if (stream) { stream.close(); stream = null; }
    $('login').hidden = false; $('view').replaceChildren(); $('nav').hidden = true; $('logout').hidden = true; $('menu').hidden = true; $('who').textContent = '';
    menu(false); // logout sits in the phone's menu: the menu closes with it
    setLive(false);
    $('live').hidden = true; // "offline" means the live board's connection: nobody has one before signing in
    soundNotice();
  }
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('login-error').textContent = '';
    try {
      session = await api('POST', '/api/v1/session', { email: $('email').value, password: $('password').value });
      $('password').value = '';
      started();
    } catch (err) { $('login-error').textContent = t('loginFailed') + ': ' + (err.status === 401 ? t('wrongLogin') : err.message); }
  });
  $('logout').addEventListener('click', async () => { try { await api('DELETE', '/api/v1/session'); } catch (e) { /* ended anyway */ } showLogin(); });

  // Relatives read one patient's data with the patient's consent: no board, no live stream, nothing to change.
  const isStaff = () => session && session.user.role !== 'relative';
  function started() {
    $('login').hidden = true; $('nav').hidden = !isStaff(); $('logout').hidden = false; $('live').hidden = !isStaff(); $('menu').hidden = false;
    document.body.dataset.role = session.user.role;
    $('who').textContent = session.user.displayName + ' (' + word(I.ROLES, session.user.role) + ')';
    if (isStaff()) connect();
    soundNotice();
    // An admin's home is administration (admin.js); nurses and doctors keep the board.
    const home = session.user.role === 'admin' ? '#/admin' : isStaff() ? '#/board' : '#/patients';
    if (!location.hash || location.hash === '#/') location.hash = home; else route();
  }

  // ----- live push: SSE, reconnects by itself; every (re)connect refetches what is on screen -----
  function setLive(on) { const el = $('live'); el.className = 'live ' + (on ? 'on' : 'off'); el.textContent = on ? t('online') : t('offline'); }
  function connect() {
    if (stream) stream.close();
    stream = new EventSource('/api/v1/stream');
    stream.addEventListener('hello', () => { setLive(true); scheduleRefresh(0); });
    stream.addEventListener('changes', (e) => {
      const events = JSON.parse(e.data);
      // A CRITICAL alert sounds whichever page the nurse has open, not only the board.
      events.filter((ev) => ev.type === 'alert' && ev.level === 'CRITICAL' && (ev.state === 'OPEN' || ev.state === 'ESCALATED'))
        .forEach((ev) => soundCritical(ev.alertId));
      const view = currentView();
      const relevant = events.some((ev) => view.name === 'board' ? (ev.type === 'alert' || ev.type === 'task')
        : view.name === 'patient' ? ev.patientId === view.id : ev.type === 'alert');
      // A reading of a patient on the board changes her row (latest values, a finding joining her alert at the same
      // level) without any alert event: repainted within a second too.
      const onBoard = view.name === 'board' && events.some((ev) => ev.type === 'triage' && ev.patientId
        && document.querySelector('.alert-row[data-patient="' + CSS.escape(ev.patientId) + '"]'));
      if (relevant) scheduleRefresh(300); else if (onBoard) scheduleRefresh(1000);
    });
    stream.addEventListener('session-ended', () => showLogin());
    stream.onerror = () => { setLive(false); if (stream.readyState === 2) setTimeout(() => session && connect(), 3000); };
  }
  // Back from the alert page, the browser may show the board from its back-forward cache: the page as it was, its
  // live stream closed, a board that no longer follows anything. Load it afresh.
  window.addEventListener('pageshow', (e) => { if (e.persisted) location.reload(); });
  // Batch UI updates: many events within a short time repaint once.
  // A nurse typing a note or choosing an outcome is never interrupted: the repaint waits until she is done.
  // A repaint already due sooner stays due: a steady stream of events (readings every second) must not postpone it
  // for ever, as restarting the timer on each event would.
  function scheduleRefresh(ms) {
    const due = Date.now() + ms;
    if (refreshTimer && refreshDue <= due) return;
    clearTimeout(refreshTimer);
    refreshDue = due;
    refreshTimer = setTimeout(() => { refreshTimer = null; if (typing()) scheduleRefresh(1500); else route(); }, ms);
  }
  // The nurse is in a field of the view (a note, a message, an outcome): a repaint would throw her words away.
  function typing() {
    const el = document.activeElement;
    return el && $('view').contains(el) && ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)
      && (el.tagName !== 'INPUT' || el.value !== '');
  }

  function currentView() {
    const parts = (location.hash || '#/board').slice(2).split('/');
    return { name: parts[0] || 'board', id: parts[1] };
  }
  window.addEventListener('hashchange', () => { menu(false); route(); });
  // On a phone the navigation and who is signed in fold behind one button.
  function menu(open) {
    document.querySelector('header.top').classList.toggle('menu-open', open);
    $('menu').setAttribute('aria-expanded', String(open));
  }
  $('menu').addEventListener('click', () => menu($('menu').getAttribute('aria-expanded') !== 'true'));
  // Views load asynchronously; a view whose data arrives after the nurse moved on (or after a newer repaint
  // started) must not paint over the newer one.
  let routeSeq = 0;
  const superseded = (seq) => seq !== routeSeq;
  // The page last drawn: a new one opens at its top (the window kept the scroll of the page before, hiding a
  // patient's name), the same one drawn again after a save stays where the person was.
  let routedHash = null;
  // Where a patient's page was opened from (the board, the patient list, the overview): "← Tilbage" goes back there.
  let patientFrom = '#/board';
  async function route() {
    if (!session) return;
    const seq = ++routeSeq;
    const v = currentView();
    if (v.name === 'patient' && routedHash && !routedHash.startsWith('#/patient/')) patientFrom = routedHash;
    if (v.name !== 'patient') delete $('view').dataset.page;
    document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.getAttribute('href') === '#/' + v.name));
    const board = !(v.name === 'patient' && v.id) && isStaff() && v.name !== 'overview'
      && !(window.AdminScreens && window.AdminScreens.handles(v.name));
    if (!board) leaveBoard();
    try {
      if (v.name === 'patient' && v.id) await renderPatient(v.id, seq);
      else if (!isStaff()) await renderMyPatients(seq);
      else if (v.name === 'overview') await renderOverview(seq);
      else if (!board) await window.AdminScreens.render(v.name, seq, route);
      else await renderBoard(seq);
    } catch (e) {
      if (e.message !== '401' && !superseded(seq)) $('view').replaceChildren(h('p', { class: 'error', id: 'view-error', role: 'alert' }, e.message));
    }
    if (!superseded(seq) && location.hash !== routedHash) {
      routedHash = location.hash;
      window.scrollTo(0, 0);
    }
  }

  // ----- audible CRITICAL -----
  // One AudioContext for the page (browsers cap how many a page may open). Browsers keep sound off until the user
  // has interacted with the page, so the first click or key press (the login, at the latest) switches it on.
  let audio = null;
  function audioContext() {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!audio && Ctx) { audio = new Ctx(); audio.onstatechange = soundNotice; }
    return audio;
  }
  // A page reloaded while signed in has had no click yet, so a CRITICAL alert would arrive in silence: the page says
  // so, with a button (any click or key switches the sound on, and the notice goes).
  function soundNotice() {
    let off = false;
    try { const ctx = session && isStaff() ? audioContext() : null; off = !!ctx && ctx.state !== 'running'; } catch (e) { off = false; }
    $('sound-off').hidden = !off;
  }
  ['pointerdown', 'keydown'].forEach((type) => document.addEventListener(type, () => {
    try { const ctx = audioContext(); if (ctx && ctx.state === 'suspended') ctx.resume().then(soundNotice); } catch (e) { /* no audio */ }
  }, { capture: true }));
  function beep() {
    try {
      const ctx = audioContext();
      if (!ctx) return;
      if (ctx.state === 'suspended') ctx.resume();
      [0, 0.35, 0.7].forEach((at) => {
        const o = ctx.createOscillator(); const g = ctx.createGain();
        o.type = 'square'; o.frequency.value = 880; g.gain.value = 0.08;
        o.connect(g); g.connect(ctx.destination); o.start(ctx.currentTime + at); o.stop(ctx.currentTime + at + 0.2);
      });
    } catch (e) { /* audio unavailable */ }
  }
  /** Sounds once per CRITICAL alert (again only if the page is reloaded while it is still unacknowledged). */
  function soundCritical(alertId) {
    if (beeped.has(alertId)) return;
    beeped.add(alertId);
    beep();
  }

  // ----- board -----
  // A doctor's board opens with what was escalated to the doctor: ESCALATED alerts, and those a doctor took over
  // after an escalation (acknowledged by the signed-in doctor).
  const isDoctor = () => session && session.user.role === 'doctor';
  // The helpers patient-status.js builds its parts with (its words are its own).
  const statusUi = () => ({ h, api, lang: () => lang, role: () => session.user.role, fmtTime, fmtNum });
  const mine = (p) => p.alerts.some((a) => a.state === 'ESCALATED'
    || (a.escalatedTo && a.escalatedTo.id === session.user.id)
    || (a.escalatedAt && a.acknowledgedBy && a.acknowledgedBy.id === session.user.id));
  let announced = null; // "alert id:level" already on a board this page showed (null: nothing shown yet)

  async function renderBoard(seq) {
    const [board, onCall] = await Promise.all([api('GET', '/api/v1/board'), onCallNow()]);
    if (superseded(seq)) return;
    lastBoard = board;
    const critical = board.patients.flatMap((p) => p.alerts).filter((a) => a.level === 'CRITICAL' && a.state !== 'ACKNOWLEDGED');
    critical.forEach((a) => soundCritical(a.id));
    announceNew(board.patients);
    const escalated = isDoctor() ? board.patients.filter(mine) : [];
    const rest = board.patients.filter((p) => !escalated.includes(p));
    const busy = busyRow();
    const keep = busy && document.querySelector('.alert-row[data-patient="' + CSS.escape(busy) + '"]');
    const keepTop = keep ? keep.getBoundingClientRect().top : 0;
    const focused = keep && keep.contains(document.activeElement) ? document.activeElement : null;
    const section = (id, title, list) => {
      const rows = list.map((p) => (keep && p.patient.id === busy ? keep : boardRow(p)));
      // The row the nurse works on stays where it was, even if it has gone from the board meanwhile.
      if (keep && keep.dataset.section === id && !list.some((p) => p.patient.id === busy)) {
        rows.splice(Math.min(Number(keep.dataset.index), rows.length), 0, keep);
      }
      rows.forEach((r, i) => { r.dataset.section = id; r.dataset.index = i; });
      return h('section', { class: 'card', id }, h('h2', {}, title, ' (', list.length, ')'),
        rows.length ? rows : h('p', { class: 'empty' }, t('none')));
    };
    $('view').replaceChildren(h('div', { class: 'grid' },
      h('div', { class: 'main-column' },
        adviceLeftCard(board.adviceLeft || []),
        isDoctor() ? section('escalated', t('escalatedToYou'), escalated) : null,
        section('alerts', isDoctor() ? t('otherPatients') : t('alerts'), rest)),
      h('div', {},
        onCallCard(onCall),
        taskList('missed', t('missed'), board.missed),
        taskList('offline', t('devicesOffline'), board.offline))));
    if (keep && keep.isConnected) {
      window.scrollBy(0, keep.getBoundingClientRect().top - keepTop);
      if (focused && focused.isConnected) focused.focus({ preventScroll: true });
    }
    watchCritical(board.patients);
  }

  // ----- a CRITICAL alert out of view -----
  // The board puts CRITICAL alerts at its top, so a nurse who has scrolled down would see a new one arrive nowhere: a
  // bar stays at the top of the window while an unacknowledged CRITICAL alert's row is out of view, and the tab's
  // title counts them, for a board behind another window.
  let criticalWatch = null;
  function watchCritical(patients) {
    if (criticalWatch) criticalWatch.disconnect();
    const waiting = patients.filter((p) => p.alerts.some((a) => a.level === 'CRITICAL' && (a.state === 'OPEN' || a.state === 'ESCALATED')));
    document.title = (waiting.length ? '(' + waiting.length + ') ' + levelText('CRITICAL') + ' · ' : '') + baseTitle();
    const out = new Map(); // row -> the patient's name, while the row is out of view
    const paint = () => {
      const bar = $('critical-out-of-sight');
      bar.hidden = out.size === 0;
      if (bar.hidden) { bar.replaceChildren(); return; }
      const first = [...out.keys()][0];
      bar.replaceChildren(h('span', {}, t('criticalAt').replace('{names}', [...out.values()].join(', '))),
        h('button', { type: 'button', onclick: () => first.scrollIntoView({ block: 'center' }) }, t('showAlert')));
    };
    criticalWatch = new IntersectionObserver((entries) => {
      entries.forEach((e) => { if (e.isIntersecting) out.delete(e.target); else out.set(e.target, e.target.dataset.name); });
      paint();
    });
    const rows = waiting.map((p) => {
      const row = document.querySelector('.alert-row[data-patient="' + CSS.escape(p.patient.id) + '"]');
      if (row) { row.dataset.name = p.patient.displayName || t('noName'); criticalWatch.observe(row); }
      return row;
    }).filter(Boolean);
    // With rows to watch, the observer paints at once; painting here too would blink the bar on every repaint.
    if (!rows.length) paint();
  }
  function leaveBoard() {
    if (criticalWatch) { criticalWatch.disconnect(); criticalWatch = null; }
    $('critical-out-of-sight').hidden = true;
    document.title = baseTitle();
  }
  function baseTitle() { return t('title') + ' · triage'; }

  // New alerts (or a patient's alert raised to a worse level) are read out by screen readers; CRITICAL at once.
  function announceNew(patients) {
    const now = new Set();
    const fresh = [];
    patients.forEach((p) => p.alerts.forEach((a) => {
      const key = a.id + ':' + a.level;
      now.add(key);
      if (announced && !announced.has(key) && a.state !== 'RESOLVED') fresh.push([p, a]);
    }));
    // An alert the board already showed at another level was raised, not new.
    const shown = new Set([...(announced || [])].map((k) => k.slice(0, k.lastIndexOf(':'))));
    announced = now;
    const say = (id, list) => {
      if (!list.length) return;
      $(id).textContent = list.map(([p, a]) => t(shown.has(a.id) ? 'raisedAlert' : 'newAlert') + ': ' + levelText(a.level) + ', '
        + (p.patient.displayName || t('noName')) + '. ' + reasonsOf(a).map((r) => r.text).join(' ')).join(' ');
    };
    say('announce-critical', fresh.filter(([, a]) => a.level === 'CRITICAL'));
    say('announce', fresh.filter(([, a]) => a.level !== 'CRITICAL'));
  }

  // The row that must not move or change while the nurse works on it: the one whose dialog is open, or whose
  // buttons she used within the last 20 seconds and that still has the focus.
  let lastInput = 0;
  ['pointerdown', 'keydown'].forEach((type) => document.addEventListener(type, () => { lastInput = Date.now(); }, { capture: true }));
  let dialogPatient = null;
  function busyRow() {
    if (dialogPatient) return dialogPatient;
    const el = document.activeElement;
    const row = el && el.closest && el.closest('.alert-row');
    return row && Date.now() - lastInput < 20e3 ? row.dataset.patient : null;
  }

  // Who the nurse calls, per clinic: read at most once a minute (the board repaints on every change).
  async function onCallNow() {
    if (Date.now() - onCallRead.at < 60e3) return onCallRead.list;
    const clinics = session.user.clinics || [];
    const list = await Promise.all(clinics.map((c) => api('GET', '/api/v1/oncall?clinic=' + encodeURIComponent(c))
      .catch(() => null)));
    onCallRead = { at: Date.now(), list: list.filter(Boolean) };
    return onCallRead.list;
  }

  // A number to tap, never broken over two lines: "+45 00 00 / 02 01" is a misdial.
  const phoneLink = (phone) => h('a', { class: 'call', href: 'tel:' + phone.replace(/\s/g, '') }, phone);
  // "Then" only names someone else: a one-person rota hands over to the same doctor.
  const handsOver = (role) => role.next && (!role.now || role.next.personId !== role.now.personId);

  function onCallCard(list) {
    // A shift ends at the clinic's time, as the rota writes it, whatever zone this device is set to.
    const shift = (s, zone) => s ? [s.displayName, ' ', s.phone ? phoneLink(s.phone) : '',
      h('span', { class: 'muted' }, ' ', t('until'), ' ', I.when(s.until, L(), zone || undefined))] : '–';
    const rows = list.flatMap((o) => ['NURSE_ON_DUTY', 'ONCALL_DOCTOR', 'BACKUP_DOCTOR'].filter((r) => o.roles[r])
      .map((r) => h('tr', { 'data-role': r }, h('td', {}, t(r), list.length > 1 ? ' · ' + o.clinic : ''),
        h('td', { class: 'now' }, shift(o.roles[r].now, o.timezone)),
        h('td', { class: 'muted' }, handsOver(o.roles[r]) ? [t('next'), ' ', o.roles[r].next.displayName] : ''))));
    const anyone = list.some((o) => Object.values(o.roles).some((r) => r.now));
    // A swapped shift can leave one doctor as both on-call and backup: the escalation's second line then pages the
    // same person again, and nobody else. The nurse must know before she relies on it.
    const sameDoctor = list.filter((o) => o.roles.ONCALL_DOCTOR && o.roles.BACKUP_DOCTOR && o.roles.ONCALL_DOCTOR.now
      && o.roles.BACKUP_DOCTOR.now && o.roles.ONCALL_DOCTOR.now.personId === o.roles.BACKUP_DOCTOR.now.personId);
    return h('section', { class: 'card', id: 'oncall' }, h('h2', {}, t('onCall')),
      anyone ? h('table', {}, h('tbody', {}, rows)) : h('p', { class: 'empty' }, t('nobodyOnCall')),
      sameDoctor.map((o) => h('p', { class: 'oncall-warning', role: 'alert', 'data-same-doctor': o.clinic }, '⚠ ',
        t('sameDoctor').replace('{name}', o.roles.ONCALL_DOCTOR.now.displayName))));
  }

  const SHOWN_REASONS = 3;
  // A row's times count on between the board's reads (a quiet board is not re-read, and "deadline 2 min" must turn
  // into "overdue" on its own): the row keeps the instants on this browser's clock and every tick writes them again.
  function timing(p) {
    const el = h('span', { class: 'timing' });
    el.dataset.openedMs = String(Date.now() - p.waitingSeconds * 1000);
    el.dataset.deadlineMs = String(Date.now() + p.untilDeadlineSeconds * 1000);
    // Once every alert of the row is acknowledged, the response deadline is met: say after how long.
    const acked = p.alerts.length > 0 && p.alerts.every((a) => a.state === 'ACKNOWLEDGED' && a.acknowledgedAt);
    // Counted from when each alert reached its level to its first acknowledgement (the hub's respondedAfterSeconds): a
    // YELLOW alert raised to CRITICAL was answered at CRITICAL from the raise, and the doctor's later acknowledgement,
    // after the nurse sent it to her, is no first answer.
    if (acked) el.dataset.respondedAfter = String(Math.max(0, ...p.alerts.map((a) => a.respondedAfterSeconds || 0)));
    // A snoozed row waits for its time, not for a nurse: it says until when instead of counting a deadline down.
    else if (snoozedRow(p)) el.dataset.snoozed = snoozeText(p.alerts);
    return writeTiming(el);
  }
  function writeTiming(el) {
    const now = Date.now();
    const waited = (now - Number(el.dataset.openedMs)) / 1000, left = (Number(el.dataset.deadlineMs) - now) / 1000;
    const overdue = el.dataset.respondedAfter === undefined && el.dataset.snoozed === undefined && left < 0;
    el.className = overdue ? 'overdue timing' : 'muted timing';
    el.textContent = el.dataset.respondedAfter !== undefined
      ? t('respondedAfter') + ' ' + duration(Number(el.dataset.respondedAfter))
      : el.dataset.snoozed !== undefined ? t('waited') + ' ' + duration(waited) + ' · ' + el.dataset.snoozed
        : t('waited') + ' ' + duration(waited) + ' · ' + (overdue ? t('overdue') : t('deadline')) + ' ' + duration(left);
    return el;
  }
  setInterval(() => document.querySelectorAll('.alert-row .timing').forEach(writeTiming), 15e3);

  // Until when the reminders are paused: the latest of the patient's snoozes, or until the readings are normal again.
  function snoozeText(alerts) {
    if (alerts.some((a) => a.snoozedUntilClear)) return t('snoozed') + ' ' + t('snoozeClear').toLowerCase();
    const until = alerts.map((a) => a.snoozedUntil).filter(Boolean).sort().pop();
    return until ? t('snoozedUntil') + ' ' + fmtTime(until) : t('snoozed');
  }

  const snoozedRow = (p) => p.alerts.length > 0 && p.alerts.every((a) => a.snoozed);

  function boardRow(p) {
    const level = p.worstLevel;
    const holder = p.alerts.map((a) => a.acknowledgedBy).find(Boolean);
    const escalated = p.alerts.some((a) => a.state === 'ESCALATED');
    const snoozed = snoozedRow(p);
    const reasons = p.alerts.flatMap((a) => reasonsOf(a));
    const reasonItem = (r) => h('li', { class: r.cleared ? 'cleared' : null }, h('span', { class: 'badge ' + r.level }, levelText(r.level)), ' ',
      r.text || t('unknown'), r.at || r.cleared ? h('span', { class: 'muted when' }, r.at ? ' · ' + fmtTime(r.at) : '',
        r.cleared ? ' · ' + word(I.ACTIONS, 'CLEAR') : '') : null);
    const latest = I.withBloodPressure(Object.entries(p.latest || {}).map(([code, v]) => ({ ...v, code })))
      .map((v) => h('span', { title: fmtTime(v.measuredAt), 'data-code': v.code },
        measureName(v.code) + ' ' + valueText(v.code, v.value, v.unit) + aged(v) + (v.flags && v.flags.length ? ' ⚑' : '')));
    const doctor = p.alerts.map((a) => a.escalatedTo).find(Boolean);
    // The doctor reading her own board is "you", not the doctor in the third person.
    const you = doctor && doctor.id === session.user.id;
    const handed = handedOver(p);
    // A doctor's advice takes the alert in her name (it stops the pages), but the advice is the nurses' to carry out:
    // "taken by" the doctor would tell a nurse that someone is already on it.
    const advice = newestOf(p, 'advice');
    const advisedByHolder = holder && advice && !advice.carriedOutAt && advice.byId === holder.id;
    const state = [advisedByHolder ? t('advisedBy') + ' ' + personName(holder) + ' – ' + t('forNurse')
      : holder ? t('takenBy') + ': ' + personName(holder)
      : handed ? t('sentToDoctorBy') + ' ' + personName(handed.escalatedBy) + ' – ' + t(you ? 'waitingForYou' : 'waitingForDoctor') : t('nobody'),
      escalated && !handed ? stateText('ESCALATED') : null,
      doctor ? (you ? t('pagedYou') : t('pagedDoctor') + ': ' + doctor.displayName + notArrived(p, doctor, holder)) : null,
      snoozed ? snoozeText(p.alerts) : null].filter(Boolean).join(' · ');
    return h('article', { class: 'alert-row ' + level + (snoozed ? ' snoozed' : ''), 'data-patient': p.patient.id, 'data-level': level },
      h('div', { class: 'row-head' },
        h('span', { class: 'badge ' + level }, levelText(level)),
        h('a', { class: 'patient-name', href: '#/patient/' + p.patient.id }, p.patient.displayName || t('noName')),
        h('span', { class: 'muted' }, conditionText(p.patient.condition)),
        window.PatientStatus.badge(statusUi(), p.patient.status),
        timing(p)),
      h('ul', { class: 'reasons' }, reasons.slice(0, SHOWN_REASONS).map(reasonItem)),
      doctorAdvice(p),
      undelivered(p),
      awaitingRepeat(p),
      reasons.length > SHOWN_REASONS ? h('details', { class: 'more-reasons' },
        h('summary', {}, '+', reasons.length - SHOWN_REASONS, ' ', t('more')),
        h('ul', { class: 'reasons' }, reasons.slice(SHOWN_REASONS).map(reasonItem))) : null,
      latest.length || p.sparkline ? h('div', { class: 'values' }, sparkline(p.sparkline), latest) : null,
      h('div', { class: 'muted holder' }, state),
      lastNote(p),
      rowActions(p));
  }

  // The newest note a person wrote on the patient's alerts: where the next nurse decides, not only in the history.
  // The newest of the patient's alerts' {at}-stamped items of one kind (a note, the doctor's advice).
  function newestOf(p, key) {
    return p.alerts.map((x) => x[key]).filter(Boolean).sort((x, y) => (x.at < y.at ? 1 : -1))[0];
  }

  function lastNote(p) {
    const n = newestOf(p, 'lastNote');
    if (!n) return null;
    return h('div', { class: 'last-note' }, h('strong', {}, t(n.toDoctor ? 'escalate' : 'note'), ': '), n.text, h('span', { class: 'muted' }, ' (', n.by, ', ', fmtTime(n.at), ')'));
  }

  // An abnormal reading held back while the patient is asked to measure again: in no alert yet, but the nurse looking
  // at the patient's alert must see it (an older finding may read "normal again" meanwhile).
  function awaitingRepeat(p) {
    const waiting = p.awaitingRepeat || [];
    if (!waiting.length) return null;
    return h('ul', { class: 'reasons awaiting-repeat' }, waiting.map((m) => h('li', {},
      h('span', { class: 'badge ' + m.level }, levelText(m.level)), ' ', t('awaitingRepeat'), ': ',
      I.withBloodPressure(m.values.map((v) => ({ ...v, measuredAt: m.measuredAt })))
        .map((v) => measureName(v.code) + ' ' + valueText(v.code, v.value, v.unit)).join(', '),
      h('span', { class: 'muted' }, ' · ', t('measured'), ' ', fmtTime(m.measuredAt), ' · ', t('awaitUntil'), ' ', fmtTime(m.awaitUntil)))));
  }

  // "Doctor paged" names the doctor's pages that did not arrive, for as long as she has not taken the alert herself:
  // paged on the screen only (an e-mail that failed) is not reached, and the nurse's acknowledgement does not change it.
  function notArrived(p, doctor, holder) {
    if (holder && holder.id === doctor.id) return '';
    const channels = [...new Set(p.alerts.flatMap((a) => a.undeliveredPages || []).filter((x) => x.personId === doctor.id)
      .map((x) => word(I.CHANNELS, x.channel)))];
    return channels.length ? ' (' + t('notArrivedBy') + ' ' + channels.join(', ') + ')' : '';
  }

  // Pages that have not arrived (given up on, or failed so far and retried): the history says whom the escalation
  // notified, not that it arrived.
  function undelivered(p) {
    // Once someone has acknowledged the alert, a page that did not arrive no longer leaves it unanswered.
    const pages = p.alerts.filter((a) => a.state !== 'ACKNOWLEDGED').flatMap((a) => a.undeliveredPages || []);
    if (!pages.length) return null;
    // A doctor whose own page failed reads "to you": her next page may not arrive either.
    const seen = [...new Set(pages.map((x) => (x.personId === session.user.id ? t('toYou') : t(x.role).toLocaleLowerCase(lang)) + ' (' + word(I.CHANNELS, x.channel)
      + (x.stillTrying ? ', ' + t('stillTrying') : '') + ')'))];
    // "Call instead" is the nurse's next step; a doctor reading her board is told only which page failed.
    // The number to call, when the role's holder now has a work phone ("on call now" beside the board).
    const holders = [...new Set(pages.map((x) => onCallRead.list.map((o) => o.roles[x.role] && o.roles[x.role].now)
      .find((now) => now && now.phone)).filter(Boolean))];
    const phones = holders.flatMap((now, i) => [i ? ', ' : ': ', now.displayName, ' ', phoneLink(now.phone)]);
    return h('div', { class: 'undelivered', role: 'alert' }, '⚠ ', t('notReached'), ' ', seen.join(', '),
      isDoctor() ? '' : [' – ', t('callInstead'), ...phones]);
  }

  // The doctor's latest advice on the patient's alert (given from the alert page behind a page's link).
  function doctorAdvice(p) {
    const a = newestOf(p, 'advice');
    if (!a) return null;
    return h('div', { class: 'doctor-advice' }, h('strong', {}, t('doctorAdvice'), ': ', word(I.ADVICE, a.instruction)),
      a.note ? ' · ' + a.note : '', h('span', { class: 'muted' }, ' (', a.by, ', ', fmtTime(a.at), ')'));
  }

  // The worst parameter's last 7 days on a board row: points joined, the latest marked, the patient's limits dashed.
  // Built with DOM calls and presentation attributes only (the CSP admits no inline styles).
  function sparkline(s) {
    if (!s || !s.points || !s.points.length) return null;
    const W = 120, H = 28, PAD = 3;
    const pts = s.points.map((p) => ({ t: Date.parse(p.t), v: p.v }));
    const vs = pts.map((p) => p.v);
    const lims = [s.low, s.high].filter((v) => v !== null && v !== undefined);
    let lo = Math.min(...vs, ...lims), hi = Math.max(...vs, ...lims);
    if (hi - lo < 1e-9) { hi += 1; lo -= 1; }
    const t1 = Date.now(), t0 = t1 - 7 * 24 * 3600 * 1000;
    const x = (tt) => PAD + (W - 2 * PAD) * Math.min(1, Math.max(0, (tt - t0) / (t1 - t0)));
    const y = (v) => PAD + (H - 2 * PAD) * (1 - (v - lo) / (hi - lo));
    const last = pts[pts.length - 1];
    const label = measureName(s.code) + ' ' + t('last7Days') + ': ' + fmtNum(Math.min(...vs)) + '-'
      + valueText(s.code, Math.max(...vs), s.unit) + ', ' + t('latestValue') + ' ' + valueText(s.code, last.v, s.unit);
    const svg = h('svg', { class: 'sparkline', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img',
      'aria-label': label, 'data-code': s.code });
    lims.forEach((v) => svg.append(h('line', { x1: 0, x2: W, y1: y(v), y2: y(v), stroke: '#f9a825', 'stroke-width': 1,
      'stroke-dasharray': '3 2', class: 'limit' })));
    svg.append(h('polyline', { points: pts.map((p) => x(p.t).toFixed(1) + ',' + y(p.v).toFixed(1)).join(' '),
      fill: 'none', stroke: '#1565c0', 'stroke-width': 1.2 }));
    svg.append(h('circle', { cx: x(last.t), cy: y(last.v), r: 2.5, fill: '#1565c0', class: 'last' }));
    return svg;
  }

  // ----- one set of actions per patient -----
  // Each acts on all of the patient's open alerts (one alert with its findings, once the API groups them).
  const post = (a, action, body) => api('POST', '/api/v1/alerts/' + a.id + '/' + action, body);
  // An alert a person sent to the doctor, still waiting for a doctor to acknowledge it.
  const handedOver = (p) => p.alerts.find((a) => a.state === 'ESCALATED' && a.escalatedBy);
  // The plan already paged the doctor, and a nurse took the alert since: sending it again is a new page, with her note.
  const pagedBefore = (p) => p.alerts.some((a) => a.escalatedAt);
  function rowActions(p) {
    // A nurse is not offered to acknowledge a hand-over to the doctor: it would stop the pages to the doctor. An alert
    // the plan escalated (nobody acknowledged it in time) is still hers to take.
    const waiting = p.alerts.filter((a) => a.state === 'OPEN' || (a.state === 'ESCALATED' && (isDoctor() || !a.escalatedBy)));
    const canEscalate = p.alerts.some((a) => a.state === 'OPEN' || a.state === 'ACKNOWLEDGED');
    // Offered only when the alerts module would take it ('snoozable': never a CRITICAL alert, a RED one only once
    // acknowledged); a refused dialog wastes the nurse's time and says nothing until it fails.
    const canSnooze = p.alerts.length > 0 && p.alerts.every((a) => a.snoozable);
    const button = (cls, label, onclick, primary) => h('button', { type: 'button', class: cls + (primary ? ' primary' : ''), onclick }, label);
    // The phone alert page of the patient's worst alert (the signed link's page, authorised by the session).
    const page = p.alerts[0] ? button('alert-page', t('openAlertPage'),
      () => { location.href = '/alert-page.html?alert=' + encodeURIComponent(p.alerts[0].id); }, isDoctor()) : null;
    return h('div', { class: 'row-actions' }, page,
      waiting.length ? button('ack', t('ack'), () => act(p, () => Promise.all(waiting.map((a) => post(a, 'acknowledge', {})))), true) : null,
      button('note', t('note'), () => noteDialog(p)),
      canEscalate && !isDoctor() ? button('escalate', t(pagedBefore(p) ? 'escalateAgain' : 'escalate'), () => escalateDialog(p)) : null,
      canSnooze ? button('snooze', t('snooze'), () => snoozeDialog(p)) : null,
      button('resolve', t('resolve'), () => resolveDialog(p), !waiting.length && !(handedOver(p) && !isDoctor())));
  }

  // doneText: said once the action is done, where the row it went with is gone (a resolved alert's row only vanished,
  // and the nurse could not tell that it had worked).
  async function act(p, fn, doneText) {
    let done = true;
    try { await fn(); } catch (e) { done = false; window.alert(t('dialogFailed') + ': ' + e.message); }
    dialogPatient = null;
    lastInput = 0;
    await route();
    const row = document.querySelector('.alert-row[data-patient="' + CSS.escape(p.patient.id) + '"] .row-actions button');
    if (row) row.focus({ preventScroll: true });
    if (done && doneText) notice(doneText);
  }

  // A short message at the top of the window that takes no taps, read out by screen readers.
  function notice(text) {
    let n = $('board-notice');
    if (!n) document.body.append(n = h('p', { id: 'board-notice', class: 'board-notice', role: 'status' }));
    n.textContent = text;
    n.hidden = false;
    clearTimeout(notice.timer);
    notice.timer = setTimeout(() => { n.hidden = true; }, 6000);
  }

  // A modal dialog for one patient; while it is open the live board leaves that patient's row alone.
  function dialog(p, cls, title, body, submitLabel, submit, ready) {
    const form = h('form', { method: 'dialog' });
    const ok = h('button', { type: 'submit', class: 'primary ' + cls + '-submit' }, submitLabel);
    const cancel = h('button', { type: 'button', class: 'cancel' }, t('cancel'));
    const d = h('dialog', { class: 'action-dialog ' + cls, 'aria-labelledby': 'dialog-title' },
      h('h2', { id: 'dialog-title' }, title, ' · ', p.patient.displayName || t('noName')), form);
    form.append(...body, h('div', { class: 'dialog-buttons' }, cancel, ok));
    // Asked only once the fields are in the form: a check of a field not yet there would throw.
    const update = () => { ok.disabled = Boolean(ready && !ready(form)); };
    update();
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    const close = () => { d.close(); d.remove(); };
    cancel.addEventListener('click', () => { close(); dialogPatient = null; scheduleRefresh(0); });
    d.addEventListener('cancel', () => { d.remove(); dialogPatient = null; scheduleRefresh(0); });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (ready && !ready(form)) return;
      ok.disabled = true;
      const run = () => submit(form);
      close();
      act(p, run, cls === 'resolve' ? t('resolvedFor') + ' ' + (p.patient.displayName || t('noName')) : null);
    });
    dialogPatient = p.patient.id;
    document.body.append(d);
    d.showModal();
    return d;
  }
  const noteField = (label) => h('label', { class: 'field' }, label, h('textarea', { name: 'note', rows: 3, class: 'note-input' }));
  const noteOf = (d) => { const v = d.querySelector('textarea[name=note]').value.trim(); return v || null; };
  const summary = (p) => h('ul', { class: 'reasons' }, p.alerts.flatMap((a) => reasonsOf(a)).map((r) =>
    h('li', {}, h('span', { class: 'badge ' + r.level }, levelText(r.level)), ' ', r.text)));

  function noteDialog(p) {
    dialog(p, 'note', t('addNote'), [noteField(t('note'))], t('saveNote'),
      (f) => post(p.alerts[0], 'notes', { note: noteOf(f) }), (f) => noteOf(f) !== null);
  }

  function escalateDialog(p) {
    const target = p.alerts.filter((a) => a.state === 'OPEN' || a.state === 'ACKNOWLEDGED');
    // The worst alert goes to the doctor (the board lists a patient's alerts worst first).
    dialog(p, 'escalate', t('escalateTitle'), [summary(p), goesTo(p), noteField(t('noteOptional'))], t(pagedBefore(p) ? 'escalateAgain' : 'escalate'),
      (f) => post(target[0], 'escalate', { note: noteOf(f) }));
  }

  // Whom the escalation pages, from the rota the board read: the nurse knows whom to expect, or to call.
  function goesTo(p) {
    const rota = onCallRead.list.find((o) => o.clinic === p.patient.clinicId);
    const now = (role) => rota && rota.roles[role] && rota.roles[role].now;
    const person = (s) => [s.displayName, ...(s.phone ? [' · ', phoneLink(s.phone)] : [])];
    const doctor = now('ONCALL_DOCTOR');
    const backup = now('BACKUP_DOCTOR');
    return h('p', { class: 'goes-to' }, ...(doctor ? [t('goesTo'), ' ', t('ONCALL_DOCTOR').toLowerCase(), ' ', ...person(doctor)]
      : backup ? [t('noDoctorOnCall'), ' ', t('BACKUP_DOCTOR').toLowerCase(), ' ', ...person(backup)]
        : [t('noDoctorAtAll')]));
  }

  function snoozeDialog(p) {
    const choices = [['1', t('snooze1h')], ['4', t('snooze4h')], ['clear', t('snoozeClear')]];
    dialog(p, 'snooze', t('snoozeTitle'), [
      h('fieldset', { class: 'choices' }, h('legend', {}, t('snooze')), choices.map(([v, label]) =>
        h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'until', value: v }), ' ', label))),
      noteField(t('noteOptional'))], t('snooze'), (f) => {
      const v = f.querySelector('input[name=until]:checked').value;
      const body = { note: noteOf(f) };
      if (v !== 'clear') body.until = new Date(Date.now() + Number(v) * 3600e3).toISOString();
      return Promise.all(p.alerts.filter((a) => a.snoozable).map((a) => post(a, 'snooze', body)));
    }, (f) => f.querySelector('input[name=until]:checked') !== null);
  }

  // What the nurse saw of each finding: the hub refuses to resolve over a reading that joined after it.
  const seenFindings = (a) => Object.fromEntries((a.findings || []).filter((f) => !f.cleared && f.lastMeasuredAt)
    .map((f) => [f.ruleId, f.lastMeasuredAt]));

  // Resolving needs an outcome chosen on purpose (none is preselected) and, for a CRITICAL alert, a confirmation;
  // the note is a field of the same dialog.
  function resolveDialog(p) {
    const critical = p.alerts.some((a) => a.level === 'CRITICAL');
    const outcomes = (lastBoard && lastBoard.outcomes) || Object.keys(I.OUTCOMES);
    const select = h('select', { name: 'outcome', class: 'outcome', required: true, 'aria-label': t('outcome') },
      h('option', { value: '', selected: true }, t('chooseOutcome')), outcomes.map((o) => h('option', { value: o }, outcomeText(o))));
    const confirm = critical ? h('input', { type: 'checkbox', name: 'confirmCritical', class: 'confirm-critical' }) : null;
    // The doctor's advice is read before closing: "Ring til patienten nu" must not be closed over unseen.
    dialog(p, 'resolve', t('resolveTitle'), [summary(p), doctorAdvice(p),
      h('label', { class: 'field' }, t('outcome'), select),
      noteField(t('noteOptional')),
      critical ? h('label', { class: 'choice critical-confirm' }, confirm, ' ', t('confirmCritical')) : null].filter(Boolean),
    t('resolve'), async (f) => {
      const note = noteOf(f);
      // One alert at a time, the note on the first, so the history reads in order.
      for (const [i, a] of p.alerts.entries()) {
        const body = { outcome: select.value, note: i === 0 ? note : null, seenFindings: seenFindings(a) };
        if (a.level === 'CRITICAL') body.confirmCritical = true;
        await post(a, 'resolve', body);
      }
    }, () => select.value !== '' && (!critical || confirm.checked));
  }

  // A doctor's advice on an alert that closed before a nurse acted on it (the doctor closed it, or the readings
  // were normal again): it stays here until a nurse has carried it out.
  function adviceLeftCard(left) {
    if (!left.length) return null;
    return h('section', { class: 'card advice-left', id: 'advice-left' }, h('h2', {}, t('adviceLeft'), ' (', left.length, ')'),
      h('table', {}, h('tbody', {}, left.map((k) => h('tr', { 'data-alert': k.alertId },
        h('td', {}, h('a', { class: 'patient-name', href: '#/patient/' + k.patient.id }, k.patient.displayName || t('noName'))),
        h('td', {}, h('strong', {}, word(I.ADVICE, k.advice.instruction)), k.advice.note ? ' · ' + k.advice.note : '',
          h('div', { class: 'muted' }, t('adviceGiven'), ' ', k.advice.by, ' ', fmtTime(k.advice.at), ' · ',
            k.closedBy ? t('closedBy') + ' ' + k.closedBy.displayName + ' ' + fmtTime(k.closedAt) : t('closedItself') + ' ' + fmtTime(k.closedAt))),
        h('td', {}, h('button', { type: 'button', class: 'primary', onclick: () => actThenRefresh(() =>
          api('POST', '/api/v1/alerts/' + k.alertId + '/advice/' + k.adviceId + '/carried-out', {})) },
        t('carriedOut'))))))));
  }

  // A board action outside a dialog. The board is read again whatever the answer: a refusal usually means another
  // nurse did it first, and the row must not stay as if it still waited.
  async function actThenRefresh(fn) {
    try { await fn(); } catch (e) { window.alert(t('dialogFailed') + ': ' + e.message); }
    scheduleRefresh(0);
  }

  function taskList(id, title, tasks) {
    return h('section', { class: 'card', id }, h('h2', {}, title, ' (', tasks.length, ')'),
      tasks.length ? h('table', {}, h('tbody', {}, tasks.map((k) => h('tr', {},
        h('td', {}, h('a', { href: '#/patient/' + k.patientId }, k.patientName)),
        h('td', {}, k.text[lang] || k.text.en, h('div', { class: 'muted' }, t('waited'), ' ', duration(k.waitingSeconds))),
        h('td', {}, h('button', { type: 'button', onclick: () => actThenRefresh(() => api('POST', '/api/v1/tasks/' + k.id + '/resolve', {})) }, t('handled')))))))
        : h('p', { class: 'empty' }, t('none')));
  }

  // ----- patient page -----
  let rangeDays = 7;
  async function renderPatient(id, seq) {
    const to = new Date(Date.now() + 3600e3);
    const from = new Date(to.getTime() - rangeDays * 86400e3);
    const q = 'from=' + from.toISOString() + '&to=' + to.toISOString();
    const staff = isStaff();
    // A relative may read the patient's details and readings; alert history and limits are the clinic's.
    const [p, table, alerts, limits, quest, spo2Rx] = await Promise.all([
      api('GET', '/api/v1/patients/' + id),
      api('GET', '/api/v1/patients/' + id + '/readings?bucket=none&limit=200&' + q),
      staff ? api('GET', '/api/v1/patients/' + id + '/alerts') : null,
      staff ? api('GET', '/api/v1/patients/' + id + '/limits') : { limits: [] },
      api('GET', '/api/v1/patients/' + id + '/readings?bucket=none&code=' + QUESTIONNAIRE.join(',') + '&' + q),
      staff ? api('GET', '/api/v1/patients/' + id + '/spo2-prescription') : null]);
    if (superseded(seq)) return;
    const view = $('view');
    // A repaint of this patient's page while she writes in it (the data loaded meanwhile): paint when she is done.
    if (view.dataset.page === 'patient:' + id && typing()) { scheduleRefresh(1500); return; }
    view.dataset.page = 'patient:' + id;
    view.replaceChildren(...[
      staff ? null : h('p', { class: 'muted', id: 'read-only' }, t('readOnly')),
      h('div', { class: 'tools' }, staff ? h('a', { href: patientFrom, class: 'back-link', id: 'patient-back' }, '← ', t('back')) : null,
        h('h2', { id: 'patient-name' }, p.displayName || t('noName')), h('span', { class: 'muted' }, conditionText(p.condition),
          p.contactNurse ? ' · ' + t('contactNurse') + ': ' + p.contactNurse.displayName : '',
          p.municipality ? ' · ' + p.municipality : ''),
        h('span', { class: 'muted' }, t('range'), ':'),
        [1, 7, 30, 90].map((d) => h('button', { type: 'button', class: d === rangeDays ? 'primary' : '', onclick: () => { rangeDays = d; route(); } }, d + ' ' + t('days')))),
      staff ? openAlertCard(alerts.alerts) : null,
      staff ? window.PatientStatus.card(statusUi(), id) : null,
      window.PatientCharts.section({ api, lang: () => lang, patientId: id, from, to }),
      staff ? window.PatientContacts.card({ h, api, lang: () => lang, role: () => session.user.role, fmtTime, measureName, valueText,
        levelText, outcomeText, personName, why }, id, p) : null,
      h('div', { class: 'grid' },
        h('section', { class: 'card' }, h('h2', {}, t('readings')), scroller(readingsTable(table.readings))),
        h('div', {},
          staff ? h('section', { class: 'card', id: 'history' }, h('h2', {}, t('history')), alertHistory(alerts.alerts)) : null,
          h('section', { class: 'card', id: 'questionnaire-card' }, h('h2', {}, t('questionnaire')), scroller(questionnaire(quest.readings))),
          staff ? h('section', { class: 'card', id: 'spo2-prescription' }, h('h2', {}, t('spo2Rx')), spo2Prescription(id, spo2Rx)) : null,
          staff ? h('section', { class: 'card limits' }, h('h2', {}, t('limits')), limitsEditor(id, limits.limits)) : null,
          staff ? h('section', { class: 'card', id: 'care' }, h('h2', {}, t('care')), careEditor(id, p)) : null,
          staff && window.PatientViewCodes ? window.PatientViewCodes.card(id) : null))].filter(Boolean));
  }

  // What the clinic overview groups and compares by: municipality, equality factors and the year before enrolment
  // (from the hospital's and municipality's records). The contact nurse is kept as it is.
  function careEditor(patientId, p) {
    const eq = p.equality || {};
    const before = p.yearBeforeEnrolment || {};
    const municipality = h('input', { type: 'text', name: 'municipality', value: p.municipality || '', 'aria-label': t('municipality') });
    const box = (key) => h('input', { type: 'checkbox', name: key, checked: eq[key] ? 'checked' : null });
    const boxes = ['noOwnGp', 'livesAlone', 'needsTabletHelp'].map((k) => [k, box(k)]);
    const count = (name, value) => h('input', { type: 'number', min: 0, step: 1, name, value: value === undefined || value === null ? '' : value });
    const contacts = count('acuteContactsYearBefore', before.acuteContacts);
    const bedDays = count('bedDaysYearBefore', before.bedDays);
    const status = h('span', { class: 'muted', id: 'care-status' },
      p.careUpdatedBy ? t('updatedBy') + ' ' + (p.careUpdatedByName || t('unknownPerson')) + ' · ' + fmtTime(p.careUpdatedAt) : '');
    const save = async () => {
      if ((contacts.value === '') !== (bedDays.value === '')) { status.textContent = t('bothOrNeither'); return; }
      const body = { contactNurseId: p.contactNurse ? p.contactNurse.id : null, municipality: municipality.value.trim() || null,
        acuteContactsYearBefore: contacts.value === '' ? null : Number(contacts.value),
        bedDaysYearBefore: bedDays.value === '' ? null : Number(bedDays.value) };
      boxes.forEach(([k, el]) => { body[k] = el.checked; });
      try { await api('PUT', '/api/v1/patients/' + patientId + '/care', body); status.textContent = t('saved'); } catch (e) { status.textContent = e.message; }
    };
    return h('div', { class: 'care-form' },
      h('label', {}, t('municipality'), ' ', municipality),
      boxes.map(([k, el]) => h('label', {}, el, ' ', t(k))),
      h('fieldset', {}, h('legend', {}, t('yearBefore')),
        h('label', {}, t('acuteContacts'), ' ', contacts), ' ', h('label', {}, t('bedDaysCol'), ' ', bedDays)),
      h('button', { type: 'button', class: 'primary', id: 'care-save', onclick: save }, t('save')), ' ', status);
  }

  // A relative's start page: the patients who consented (usually one, opened straight away).
  async function renderMyPatients(seq) {
    const list = (await api('GET', '/api/v1/patients')).patients;
    if (superseded(seq)) return;
    if (list.length === 1) { location.replace('#/patient/' + list[0].id); return; }
    $('view').replaceChildren(h('section', { class: 'card', id: 'my-patients' }, h('h2', {}, t('myPatients')),
      list.length ? h('ul', {}, list.map((p) => h('li', {}, h('a', { href: '#/patient/' + p.id }, p.displayName))))
        : h('p', { class: 'empty' }, t('noAccess'))));
  }

  // A wide table scrolls inside its card instead of widening the page.
  const scroller = (el) => h('div', { class: 'table-scroll' }, el);

  // One row per message: the device sends a message's values together and triage judges them together, so the
  // message's level and explanation belong to the message, not to each of its values (a normal temperature beside a
  // RED pulse is not RED).
  function readingsTable(rows) {
    if (!rows.length) return h('p', { class: 'empty' }, t('none'));
    const messages = new Map();
    rows.forEach((r) => {
      const k = r.deviceId && r.msgId ? r.deviceId + '\u0000' + r.msgId : r.measuredAt + '\u0000' + r.code;
      if (!messages.has(k)) {
        messages.set(k, { measuredAt: r.measuredAt, level: r.level, findings: r.findings || [], scoredWith: r.scoredWith || [], values: [] });
      }
      messages.get(k).values.push(r);
    });
    const value = (r) => h('div', { 'data-code': r.code }, measureName(r.code), ': ', h('b', {}, valueText(r.code, r.value, r.unit)),
      (r.flags || []).length ? h('span', { class: 'muted' }, ' (', r.flags.map((f) => word(I.FLAGS, f)).join(', '), ')') : null);
    return h('table', { id: 'readings' }, h('thead', {}, h('tr', {}, [t('time'), t('measurement'), t('level'), t('explanation')].map((c) => h('th', {}, c)))),
      h('tbody', {}, [...messages.values()].map((m) => h('tr', { class: 'message', 'data-level': m.level || null },
        h('td', {}, fmtTime(m.measuredAt)), h('td', {}, I.withBloodPressure(m.values).map(value)),
        h('td', {}, m.level ? h('span', { class: 'badge ' + m.level }, levelText(m.level)) : ''),
        h('td', {}, m.findings.some((f) => /^news2\./.test(f.rule)) && m.scoredWith.length
          ? h('div', { class: 'scored-with' }, scoredWithText(m.scoredWith)) : null,
          m.findings.map((f) => h('div', {}, findingText(f))))))));
  }

  // NEWS2 scores the observation set (values measured within 15 minutes), so a normal temperature sent on its own can
  // carry the RED of the SpO2 measured two minutes before it: say which values of other messages the score took, and
  // when, so the row does not read as if the temperature itself were abnormal.
  function scoredWithText(values) {
    const clock = (iso) => new Date(iso).toLocaleTimeString(lang === 'da' ? 'da-DK' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
    const byTime = new Map();
    values.forEach((v) => {
      const at = clock(v.measuredAt);
      if (!byTime.has(at)) byTime.set(at, []);
      byTime.get(at).push(measureName(v.code) + ' ' + valueText(v.code, v.value));
    });
    return t('scoredWith') + ' ' + [...byTime].map(([at, vs]) => vs.join(' ' + t('and') + ' ') + ' ' + t('measuredAtClock') + ' ' + at)
      .join(', ') + '.';
  }

  // The escalation writes its steps in English with people's ids ("step 1: notified doctor-7 as ONCALL_DOCTOR by
  // EMAIL"); the API gives no names for them, so the screen says which role was told and how.
  // An escalation step names whom it paged: the API gives their names with the step (paged), the note only ids.
  function engineNote(n, paged) {
    const m = /^step (\d+)(?: repeat (\d+))?: (.*)$/.exec(n);
    if (!m) return null;
    const told = paged && paged.length
      ? paged.map((p) => t(p.role) + (p.name ? ' ' + p.name : '') + ' (' + word(I.CHANNELS, p.channel) + ')')
      : [...m[3].matchAll(/(\S+) as ([A-Z_]+) by ([A-Z_]+)/g)].map((x) => t(x[2]) + ' (' + word(I.CHANNELS, x[3]) + ')');
    const unstaffed = /nobody on call as \[?([A-Z_, ]+)\]?/.exec(m[3]);
    return t('step') + ' ' + m[1] + (m[2] ? ' (' + t('repeat') + ' ' + m[2] + ')' : '') + ': '
      + (told.length ? t('notified') + ' ' + [...new Set(told)].join(', ') : t('nobodyNotified'))
      + (unstaffed ? '; ' + t('nobodyOnCallAs') + ' ' + unstaffed[1].split(/[, ]+/).filter(Boolean).map((r) => t(r)).join(', ') : '');
  }
  // Notes the alerts module writes around a person's own words ("outcome ADVICE_BY_PHONE: her words", "snoozed until
  // 2026-12-04T12:00:00Z"); the alert's opening note is its (English) explanation.
  function noteText(n, a, paged) {
    if (I.SYSTEM_NOTES[n]) return I.SYSTEM_NOTES[n][L()];
    if (n === a.explanation) return why(a);
    // A finding's own explanation (the one that opened an alert whose level rose since) in the screen's language.
    const finding = (a.findings || []).find((f) => (f.explanations && f.explanations.en === n) || f.explanation === n);
    if (finding) return findingText(finding);
    const words = (rest) => (rest ? ': ' + rest : '');
    let m = /^outcome ([A-Z_]+)(?:: ([\s\S]*))?$/.exec(n);
    if (m) return t('outcome') + ' ' + outcomeText(m[1]) + words(m[2]);
    m = /^snoozed until the condition clears(?:: ([\s\S]*))?$/.exec(n);
    if (m) return t('snoozeClear') + words(m[1]);
    m = /^snoozed until (\S+?)(?:: ([\s\S]*))?$/.exec(n);
    if (m && !Number.isNaN(Date.parse(m[1]))) return t('snoozedUntil') + ' ' + fmtTime(m[1]) + words(m[2]);
    m = /^discharged (\d{4}-\d{2}-\d{2})$/.exec(n);
    if (m) return t('discharged') + ' ' + new Date(m[1]).toLocaleDateString(lang === 'da' ? 'da-DK' : 'en-GB');
    return engineNote(n, paged) || n;
  }
  // Triage's English explanation on an opening or raising line, found in no finding: the reasons above say it in the
  // screen's language already, so the Danish screen leaves it out rather than mix languages.
  function historyNote(x, a) {
    if (!x.note) return '';
    if (lang === 'da' && x.noteDa) return ': ' + x.noteDa; // triage's or the patient's words, as written then
    const text = noteText(x.note, a, x.paged);
    return text === x.note && lang === 'da' && (x.action === 'OPEN' || x.action === 'RAISE') ? '' : ': ' + text;
  }
  // The patient's open alert first on her page: a nurse who came from the patient list or a search sees at once that
  // the patient is critical now, and opens the alert from here, not from a collapsed line in the history far below.
  function openAlertCard(list) {
    const a = list.find((x) => x.state !== 'RESOLVED');
    if (!a) return null;
    return h('section', { class: 'card open-alert ' + a.level, id: 'open-alert', 'data-level': a.level },
      h('h2', {}, h('span', { class: 'badge ' + a.level }, levelText(a.level)), ' ', t('openAlertNow'),
        h('span', { class: 'muted' }, ' · ', stateText(a.state), ' · ', t('openedAt'), ' ', fmtTime(a.openedAt))),
      h('ul', { class: 'reasons' }, reasonsOf(a).filter((r) => !r.cleared).map((r) => h('li', {}, r.text))),
      h('button', { type: 'button', class: 'primary alert-page',
        onclick: () => { location.href = '/alert-page.html?alert=' + encodeURIComponent(a.id); } }, t('openAlertPage')));
  }

  function alertHistory(list) {
    if (!list.length) return h('p', { class: 'empty' }, t('none'));
    return h('div', {}, list.map((a) => h('details', { 'data-state': a.state },
      h('summary', {}, h('span', { class: 'badge ' + a.level }, levelText(a.level)), ' ', fmtTime(a.openedAt), ' · ', stateText(a.state),
        a.outcome ? ' · ' + outcomeText(a.outcome) : ''),
      h('ul', { class: 'reasons' }, reasonsOf(a).map((r) => h('li', {}, r.text))),
      h('ul', {}, (a.history || []).map((x) => h('li', {}, fmtTime(x.at), ' ', word(I.ACTIONS, x.action), ' ', t('by'), ' ',
        personName(x.actor), historyNote(x, a)))))));
  }

  // Each answer carries its question as a label, shown only where the card is too narrow for six columns (styles.css):
  // there a day's answers wrap under its time instead of the last columns being cut off at the card's edge.
  function questionnaire(rows) {
    if (!rows.length) return h('p', { class: 'empty' }, t('none'));
    const byTime = new Map();
    rows.forEach((r) => { const k = r.measuredAt; if (!byTime.has(k)) byTime.set(k, {}); byTime.get(k)[r.code] = r; });
    return h('table', { id: 'questionnaire' }, h('thead', {}, h('tr', {}, h('th', {}, t('time')), QUESTIONNAIRE.map((c) => h('th', {}, measureName(c))))),
      h('tbody', {}, [...byTime.entries()].slice(0, 20).map(([k, v]) => h('tr', {}, h('td', {}, fmtTime(k)),
        QUESTIONNAIRE.map((c) => h('td', {}, v[c] === undefined ? null
          : [h('span', { class: 'q-label' }, measureName(c), ': '), valueText(c, v[c].value, v[c].unit)]))))));
  }

  // The doctor's SpO2 scale 2 prescription (target 88-92 %): NEWS2 scores SpO2 on scale 2 only while one is in force.
  // Doctors prescribe or revoke it with a reason; everyone else on staff reads it.
  function spo2Prescription(patientId, rx) {
    const doctor = isDoctor();
    const cur = rx.current;
    const line = (x) => x.targetLow + '-' + x.targetHigh + ' % (' + t('spo2RxScale2') + ') ' + t('by') + ' '
      + x.prescribedByName + ', ' + fmtTime(x.prescribedAt);
    const reason = h('input', { type: 'text', name: 'spo2-reason', 'aria-label': t('reason'), placeholder: t('reason') });
    const status = h('span', { class: 'muted', id: 'spo2-status' });
    const send = async (method) => {
      if (!reason.value.trim()) { status.textContent = t('reasonRequired'); return; }
      const body = method === 'PUT' ? { targetLow: 88, targetHigh: 92, reason: reason.value.trim() } : { reason: reason.value.trim() };
      try { await api(method, '/api/v1/patients/' + patientId + '/spo2-prescription', body); scheduleRefresh(0); } catch (e) { status.textContent = e.message; }
    };
    return h('div', {},
      cur ? h('p', { id: 'spo2-current' }, h('b', {}, t('spo2RxCurrent')), ' ', line(cur), h('br', {}), h('span', { class: 'muted' }, t('reason'), ': ', cur.reason))
        : h('p', { id: 'spo2-current', class: 'muted' }, t('spo2RxNone')),
      doctor ? h('div', { class: 'limit-save' }, reason,
        h('button', { type: 'button', id: cur ? 'spo2-revoke' : 'spo2-prescribe', onclick: () => send(cur ? 'DELETE' : 'PUT') },
          cur ? t('spo2RxRevoke') : t('spo2RxPrescribe')), ' ', status)
        : h('p', { class: 'muted' }, t('spo2RxDoctorsOnly')),
      rx.past.length ? h('details', {}, h('summary', {}, t('spo2RxPast'), ' (', rx.past.length, ')'),
        h('ul', {}, rx.past.map((x) => h('li', {}, line(x), ' · ', x.reason,
          x.revokedAt ? ' · ' + t('spo2RxRevoked') + ' ' + t('by') + ' ' + x.revokedByName + ', ' + fmtTime(x.revokedAt)
            + (x.revokeReason ? ': ' + x.revokeReason : '') : '')))) : null);
  }

  // The limit just saved says so once the page is drawn again (the save repaints it, and the group default's mark goes).
  let limitSaved = null;

  // Limits as cards of labelled fields (one per measurement), so six numbers fit a phone without a sideways table.
  function limitsEditor(patientId, limits) {
    const doctor = session.user.role === 'doctor';
    const fields = Object.keys(I.LIMITS);
    if (!limits.length) return h('p', { class: 'empty' }, t('none'));
    return h('div', {}, doctor ? null : h('p', { class: 'muted' }, t('doctorsOnly')),
      limits.map((l) => {
        const unit = I.UNITS[I.UNIT_OF[l.code]];
        // Text, not type=number: a number field follows the browser's locale, so "38,4" typed on a Danish screen in an
        // English browser became 384. Both decimal marks are read; the value is shown in the screen's language.
        const inputs = fields.map((f) => h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', name: f,
          value: l[f] === null || l[f] === undefined ? '' : fmtNum(l[f]),
          disabled: !doctor, 'aria-label': measureName(l.code) + ' ' + I.LIMITS[f][L()] }));
        const reason = h('input', { type: 'text', 'aria-label': t('reason'), placeholder: t('reason') });
        const problem = h('p', { class: 'limit-problem', role: 'alert' });
        const saved = limitSaved === patientId + ':' + l.code ? h('p', { class: 'limit-saved', role: 'status' }, t('saved')) : null;
        const save = async () => {
          inputs.forEach((i) => i.removeAttribute('aria-invalid'));
          const checked = checkLimits(fields, inputs.map((i) => i.value), l.possible);
          if (checked.problem) {
            problem.textContent = checked.problem;
            inputs[checked.field].setAttribute('aria-invalid', 'true');
            inputs[checked.field].focus();
            return;
          }
          problem.textContent = '';
          const body = { reason: reason.value };
          fields.forEach((f, i) => { body[f] = checked.values[i]; });
          try {
            await api('PUT', '/api/v1/patients/' + patientId + '/limits/' + l.code, body);
            const key = patientId + ':' + l.code;
            limitSaved = key;
            setTimeout(() => { if (limitSaved === key) limitSaved = null; }, 10e3);
            scheduleRefresh(0);
          } catch (e) { problem.textContent = e.message; }
        };
        return h('fieldset', { class: 'limit', 'data-code': l.code },
          h('legend', {}, measureName(l.code), unit && unit[L()] && I.UNIT_OF[l.code] !== '{score}' ? ' (' + unit[L()] + ')' : '', l.groupDefault ? h('span', { class: 'muted' }, ' · ', t('groupDefault')) : null),
          // A doctor's own limit says who set it, when and why: whether an alert fired or not may rest on it.
          l.groupDefault || !l.setAt ? null : h('p', { class: 'muted limit-by' }, t('limitSetBy'), ' ', l.authorName || t('unknownPerson'), ', ',
            fmtTime(l.setAt), l.reason ? ': ' + l.reason : '', l.reviewBy ? ' · ' + t('limitReviewBy') + ' ' + fmtTime(l.reviewBy) : ''),
          h('div', { class: 'limit-fields' }, fields.map((f, i) => h('label', {}, h('span', { class: 'muted' }, I.LIMITS[f][L()]), inputs[i]))),
          doctor ? h('div', { class: 'limit-save' }, reason, h('button', { type: 'button', onclick: save }, t('save'))) : null,
          problem, saved);
      }));
  }

  // What the doctor typed, read as numbers ("38,4" or "38.4"), before it is sent: a field that is not a number, one no
  // reading can reach (the API's `possible`) or thresholds that do not rise from critical low to critical high are
  // named in the screen's language. The hub checks the same again. Returns { values } or { problem, field }.
  function checkLimits(fields, texts, possible) {
    const name = (i) => I.LIMITS[fields[i]][L()];
    const values = [];
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i].trim();
      if (text === '') { values.push(null); continue; }
      if (!/^-?\d+([.,]\d+)?$/.test(text)) return { field: i, problem: name(i) + ': ' + t('limitNotANumber').replace('{v}', text) };
      const v = Number(text.replace(',', '.'));
      if (possible && (v < possible.min || v > possible.max)) {
        return { field: i, problem: name(i) + ': ' + t('limitImpossible').replace('{v}', fmtNum(v))
          .replace('{min}', fmtNum(possible.min)).replace('{max}', fmtNum(possible.max)) };
      }
      values.push(v);
    }
    let last = -1;
    for (let i = 0; i < values.length; i++) {
      if (values[i] === null) continue;
      if (last >= 0 && values[i] < values[last]) {
        return { field: i, problem: t('limitOrder').replace('{a}', name(i)).replace('{b}', name(last).toLowerCase()) };
      }
      last = i;
    }
    return { values };
  }

  // ----- clinic overview -----
  async function renderOverview(seq) {
    const o = await api('GET', '/api/v1/overview?days=90');
    if (superseded(seq)) return;
    const pct = (v) => v === null || v === undefined ? '–' : I.withUnit(Math.round(v * 100), '%', L());
    const kpi = (key, label, value, sub) => h('div', { class: 'kpi', 'data-kpi': key }, h('span', { class: 'muted' }, label), h('b', {}, value),
      sub ? h('small', { class: 'muted' }, sub) : null);
    const before = o.beforeEnrolment, after = o.afterEnrolment;
    const S = window.PatientStatus, su = statusUi();
    const years = (v) => (v > 0 && v < 0.01 ? '< ' + fmtNum(0.01) : fmtNum(v));
    // A median of nothing (no alert answered yet, no patient-years) is said in words, not as a dash beside a unit.
    const median = (v) => (v === null || v === undefined ? t('noData') : fmtNum(v));
    // A rate per patient-year with what it is made of (events, patient-years, patients), and the warning beside it
    // when the patient-years are too few for the rate to mean anything.
    const perYearKpi = (key, label, events, rate, medianValue, rateBefore) => h('div', { class: 'kpi' + (o.tooFewPatientYears ? ' kpi-warn' : ''), 'data-kpi': key },
      h('span', { class: 'muted' }, label), h('b', {}, fmtNum(rate)),
      h('small', { class: 'muted' }, events + ' ' + t('on') + ' ' + years(after.patientYears) + ' ' + t('patientYearsShort') + ' · ' + after.patients + ' '
        + t('patientsShort')),
      h('small', { class: 'muted' }, S.words(su).median + ' ' + median(medianValue) + ' · ' + t('beforeShort') + ': ' + (before.patients
        ? fmtNum(rateBefore) + ' (' + years(before.patientYears) + ' ' + t('patientYearsShort') + ')' : t('notRecorded'))),
      o.tooFewPatientYears ? h('small', { class: 'warn-note' }, '⚠ ', S.words(su).tooFewShort) : null);
    // Each cell names its column (data-label): on a phone a period is a block of labelled figures, as the equality
    // panel's groups are, not nine columns scrolled sideways.
    const cell = (col, label, ...content) => h('td', { 'data-col': col, 'data-label': label }, ...content);
    const periodRow = (key, label, f) => h('tr', { 'data-period': key }, h('td', { 'data-col': 'group' }, label),
      cell('patients', t('patients'), f.patients),
      cell('patientYears', t('patientYears'), fmtNum(f.patientYears),
        key === 'after' && o.tooFewPatientYears ? h('div', { class: 'warn-note' }, '⚠ ', S.words(su).tooFewShort) : null),
      cell('acuteContacts', t('acuteContacts'), f.acuteContacts),
      cell('acutePerYear', t('acute'), fmtNum(f.acuteContactsPerPatientYear)),
      cell('acuteMedian', t('acuteContacts') + ', ' + S.words(su).median, median(f.medianAcuteContactsPerPatientYear)),
      cell('bedDays', t('bedDaysCol'), f.bedDays),
      cell('bedDaysPerYear', t('bedDays'), fmtNum(f.bedDaysPerPatientYear)),
      cell('bedDaysMedian', t('bedDaysCol') + ', ' + S.words(su).median, median(f.medianBedDaysPerPatientYear)));
    // The page's title (clinic and period, with the warning that covers every figure) comes first, then the equality
    // panel, which holds each group's figures; the clinic's totals follow.
    $('view').replaceChildren(
      h('section', { class: 'card', id: 'overview' }, h('h2', {}, t('overview'), ' · ', o.clinicName || o.clinicId, ' · ', o.days, ' ', t('days')),
        S.tooFewWarning(su, o),
        h('div', { class: 'kpis' }, kpi('enrolled', t('enrolled'), o.enrolled, o.active + ' ' + S.words(su).active),
          kpi('adherence', t('adherence'), pct(o.adherence), o.slotsMeasured + ' ' + t('of') + ' ' + o.slotsDue + ' ' + t('slots')),
          ['CRITICAL', 'RED', 'YELLOW'].map((l) => kpi('open-' + l, t('openAlerts') + ' · ' + levelText(l), o.openAlertsByLevel[l])),
          perYearKpi('acute', t('acute'), after.acuteContacts, after.acuteContactsPerPatientYear, after.medianAcuteContactsPerPatientYear,
            before.acuteContactsPerPatientYear),
          perYearKpi('bedDays', t('bedDays'), after.bedDays, after.bedDaysPerPatientYear, after.medianBedDaysPerPatientYear,
            before.bedDaysPerPatientYear))),
      window.OverviewEquality.panel({ h, fmtNum, lang: () => lang }, o),
      h('section', { class: 'card', id: 'before-after' }, h('h2', {}, t('beforeAfter')), scroller(h('table', {},
        h('thead', {}, h('tr', {}, ['', t('patients'), t('patientYears'), t('acuteContacts'), t('perPatientYear'), S.words(su).median,
          t('bedDaysCol'), t('perPatientYear'), S.words(su).median].map((c) => h('th', {}, c)))),
        h('tbody', {}, periodRow('after', t('after'), after), periodRow('before', t('before'), before))))),
      h('div', { class: 'grid' },
        h('section', { class: 'card', id: 'response-today' }, h('h2', {}, t('responseToday')), !o.responseTimesToday.length
          ? h('p', { class: 'empty' }, t('none')) : scroller(h('table', {},
          h('thead', {}, h('tr', {}, [t('level'), t('alertsCol'), t('medianResponse'), t('overdue'), t('waiting')].map((c) => h('th', {}, c)))),
          h('tbody', {}, o.responseTimesToday.map((r) => h('tr', { 'data-level': r.level },
            h('td', { 'data-col': 'group' }, h('span', { class: 'badge ' + r.level }, levelText(r.level))),
            cell('alerts', t('alertsCol'), r.alerts),
            cell('median', t('medianResponse'), r.medianMinutesToResponse === null || r.medianMinutesToResponse === undefined
              ? t('noData') : fmtNum(r.medianMinutesToResponse) + ' ' + t('minutes')),
            cell('pastDeadline', t('overdue'), r.pastDeadline), cell('waiting', t('waiting'), r.waiting))))))),
        // An empty card says so: a blank reads as a page that did not load.
        h('section', { class: 'card', id: 'outcomes' }, h('h2', {}, t('outcomes')), !Object.keys(o.figures.outcomes).length
          ? h('p', { class: 'empty' }, t('none')) : h('table', {}, h('tbody', {}, Object.entries(o.figures.outcomes).map(([k, v]) =>
            h('tr', { 'data-outcome': k }, h('td', {}, outcomeText(k)), h('td', {}, v))))))));
  }

  // ----- start: resume an existing session (the cookie is HttpOnly; the CSRF token comes from GET /session) -----
  // What admin.js (administration, patient list) uses from this file.
  window.APP = { api, h, t, valueText, fmtTime, aged, superseded, lang: () => lang, session: () => session };
  applyLanguage();
  fetch('/api/v1/session', { credentials: 'same-origin' }).then(async (res) => {
    if (res.ok) { session = await res.json(); started(); } else showLogin();
  }).catch(showLogin);
})();
