// Nurse triage screen: plain JavaScript, no build step, nothing fetched from elsewhere.
'use strict';
(() => {
  const T = {
    da: { title: 'Telemonitorering', board: 'Triage', overview: 'Klinikoverblik', logout: 'Log ud', login: 'Log ind',
      email: 'E-mail', password: 'Adgangskode', online: 'Live', offline: 'Offline', alerts: 'Patienter med åbne alarmer',
      missed: 'Manglende målinger', devicesOffline: 'Udstyr offline', none: 'Ingen', waited: 'ventet', deadline: 'frist',
      overdue: 'over fristen', ack: 'Kvittér', note: 'Notat', addNote: 'Tilføj notat', resolve: 'Afslut',
      outcome: 'Udfald', takenBy: 'Har den', nobody: 'Ingen har den', patient: 'Patient', readings: 'Målinger',
      history: 'Alarmhistorik', limits: 'Grænseværdier', questionnaire: 'Spørgeskema', save: 'Gem', reason: 'Begrundelse',
      range: 'Periode', back: 'Tilbage', contactNurse: 'Kontaktsygeplejerske', enrolled: 'Indskrevne patienter',
      adherence: 'Måleadhærens', openByLevel: 'Åbne alarmer efter niveau', responseToday: 'Responstider i dag',
      acute: 'Akutte kontakter pr. patientår', bedDays: 'Sengedage pr. patientår', outcomes: 'Udfald på plejetrappen',
      byMunicipality: 'Efter kommune', byEquality: 'Efter lighedsfaktorer', loginFailed: 'Login mislykkedes',
      doctorsOnly: 'Kun læger kan ændre grænser', handled: 'Håndteret', onCall: 'Vagt nu', until: 'til', next: 'derefter',
      NURSE_ON_DUTY: 'Sygeplejerske i vagt', ONCALL_DOCTOR: 'Vagthavende læge', BACKUP_DOCTOR: 'Bagvagt',
      nobodyOnCall: 'Ingen i vagtplanen', level: 'Niveau', value: 'Værdi', time: 'Tid',
      explanation: 'Forklaring', flags: 'Flag', state: 'Status', by: 'af', minutes: 'min', hours: 't', days: 'd',
      patients: 'Patienter', patientYears: 'Patientår', alertsCol: 'Alarmer', before: 'Før indskrivning (12 mdr.)',
      after: 'Efter indskrivning (perioden)', acuteContacts: 'Akutte kontakter', bedDaysCol: 'Sengedage',
      perPatientYear: 'pr. patientår', beforeAfter: 'Før og efter indskrivning', slots: 'målinger som planlagt',
      noOwnGp: 'Ingen egen læge', livesAlone: 'Bor alene', needsTabletHelp: 'Har brug for hjælp til tablet',
      yes: 'ja', no: 'nej', medianResponse: 'Median tid til første respons', waiting: 'Venter', notRecorded: '(ikke registreret)', afterShort: 'efter', beforeShort: 'før', myPatients: 'Patienter du har adgang til', noAccess: 'Du har ikke adgang til nogen patient.',
      readOnly: 'Kun læseadgang (pårørende, med patientens samtykke)', care: 'Baggrund og forløb', municipality: 'Kommune',
      yearBefore: '12 måneder før indskrivning', bothOrNeither: 'Udfyld både akutte kontakter og sengedage, eller ingen af dem',
      saved: 'Gemt', updatedBy: 'Senest ændret af' },
    en: { title: 'Telemonitoring', board: 'Triage', overview: 'Clinic overview', logout: 'Log out', login: 'Log in',
      email: 'E-mail', password: 'Password', online: 'Live', offline: 'Offline', alerts: 'Patients with open alerts',
      missed: 'Missed measurements', devicesOffline: 'Devices offline', none: 'None', waited: 'waited', deadline: 'deadline',
      overdue: 'overdue', ack: 'Acknowledge', note: 'Note', addNote: 'Add note', resolve: 'Resolve',
      outcome: 'Outcome', takenBy: 'Taken by', nobody: 'Nobody has it', patient: 'Patient', readings: 'Readings',
      history: 'Alert history', limits: 'Limits', questionnaire: 'Questionnaire', save: 'Save', reason: 'Reason',
      range: 'Range', back: 'Back', contactNurse: 'Contact nurse', enrolled: 'Patients enrolled',
      adherence: 'Measurement adherence', openByLevel: 'Open alerts by level', responseToday: "Today's response times",
      acute: 'Acute contacts per patient-year', bedDays: 'Bed days per patient-year', outcomes: 'Outcomes on the care ladder',
      byMunicipality: 'By municipality', byEquality: 'By equality factor', loginFailed: 'Login failed',
      doctorsOnly: 'Only doctors can change limits', handled: 'Handled', onCall: 'On call now', until: 'until', next: 'then',
      NURSE_ON_DUTY: 'Nurse on duty', ONCALL_DOCTOR: 'On-call doctor', BACKUP_DOCTOR: 'Backup doctor',
      nobodyOnCall: 'Nobody on the rota', level: 'Level', value: 'Value', time: 'Time',
      explanation: 'Explanation', flags: 'Flags', state: 'State', by: 'by', minutes: 'min', hours: 'h', days: 'd',
      patients: 'Patients', patientYears: 'Patient-years', alertsCol: 'Alerts', before: 'Before enrolment (12 months)',
      after: 'After enrolment (the period)', acuteContacts: 'Acute contacts', bedDaysCol: 'Bed days',
      perPatientYear: 'per patient-year', beforeAfter: 'Before and after enrolment', slots: 'measurements as scheduled',
      noOwnGp: 'No own GP', livesAlone: 'Lives alone', needsTabletHelp: 'Needs help with the tablet',
      yes: 'yes', no: 'no', medianResponse: 'Median time to first response', waiting: 'Waiting', notRecorded: '(not recorded)', afterShort: 'after', beforeShort: 'before', myPatients: 'Patients you have access to', noAccess: 'You have access to no patient.',
      readOnly: 'Read-only access (relative, with the patient\'s consent)', care: 'Background and care', municipality: 'Municipality',
      yearBefore: '12 months before enrolment', bothOrNeither: 'Fill in both acute contacts and bed days, or neither',
      saved: 'Saved', updatedBy: 'Last changed by' }
  };
  const OUTCOMES = { NO_ACTION_NEEDED: ['Ingen handling', 'No action needed'], ADVICE_BY_PHONE: ['Råd pr. telefon', 'Advice by phone'],
    TREATMENT_STARTED_VIRTUALLY: ['Behandling startet virtuelt', 'Treatment started virtually'],
    ACUTE_HOME_VISIT: ['Akut hjemmebesøg', 'Acute home visit'], MUNICIPAL_ACUTE_BED: ['Kommunal akutplads', 'Municipal acute bed'],
    HOSPITAL_ADMISSION: ['Indlæggelse', 'Hospital admission'] };
  const CHARTS = [['spo2', 'SpO2 %'], ['pulse', 'Puls /min'], ['fev1', 'FEV1 L'], ['pef', 'PEF L/min'], ['weight', 'Vægt kg'],
    ['temperature', 'Temperatur °C'], ['cat', 'CAT']];
  const QUESTIONNAIRE = ['cat', 'sym_breathless', 'sym_sputum_more', 'sym_sputum_colour', 'sym_fever'];
  const UNITS = { spo2: '%', pulse: '/min', fev1: 'L', pef: 'L/min', weight: 'kg', temperature: '°C', cat: '' };

  let lang = localStorage.getItem('lang') || 'da';
  let session = null;
  let onCallRead = { at: 0, list: [] }; // the rota as last read, forgotten at logout
  let stream = null;
  let refreshTimer = null;
  let lastBoard = null;
  let beeped = new Set();
  const t = (k) => (T[lang] && T[lang][k]) || k;
  // An alert's explanation in the screen's language; the API gives both (English when triage wrote no Danish).
  const why = (a) => (a.explanations && a.explanations[lang]) || a.explanation;

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
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin' });
    if (res.status === 401 && path !== '/api/v1/session') { showLogin(); throw new Error('401'); }
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) throw new Error((json && json.error) || res.statusText);
    return json;
  }

  function duration(seconds) {
    const s = Math.abs(seconds);
    if (s < 3600) return Math.round(s / 60) + ' ' + t('minutes');
    if (s < 86400) return Math.floor(s / 3600) + ' ' + t('hours') + ' ' + Math.round((s % 3600) / 60) + ' ' + t('minutes');
    return Math.floor(s / 86400) + ' ' + t('days') + ' ' + Math.floor((s % 86400) / 3600) + ' ' + t('hours');
  }
  const fmtTime = (iso) => iso ? new Date(iso).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB',
    { dateStyle: 'short', timeStyle: 'short' }) : '';
  const fmtNum = (v) => v === null || v === undefined ? '–' : (Math.round(v * 100) / 100).toString();

  // ----- language -----
  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
    $('lang').textContent = lang === 'da' ? 'English' : 'Dansk';
    $('live').textContent = stream && stream.readyState === 1 ? t('online') : t('offline');
  }
  $('lang').addEventListener('click', () => { lang = lang === 'da' ? 'en' : 'da'; localStorage.setItem('lang', lang); applyLanguage(); route(); });

  // ----- session -----
  function showLogin() {
    session = null;
    onCallRead = { at: 0, list: [] };
    if (stream) { stream.close(); stream = null; }
    $('login').hidden = false; $('view').replaceChildren(); $('nav').hidden = true; $('logout').hidden = true; $('who').textContent = '';
    setLive(false);
  }
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('login-error').textContent = '';
    try {
      session = await api('POST', '/api/v1/session', { email: $('email').value, password: $('password').value });
      $('password').value = '';
      started();
    } catch (err) { $('login-error').textContent = t('loginFailed') + ': ' + err.message; }
  });
  $('logout').addEventListener('click', async () => { try { await api('DELETE', '/api/v1/session'); } catch (e) { /* ended anyway */ } showLogin(); });

  // Relatives read one patient's data with the patient's consent: no board, no live stream, nothing to change.
  const isStaff = () => session && session.user.role !== 'relative';
  function started() {
    $('login').hidden = true; $('nav').hidden = !isStaff(); $('logout').hidden = false; $('live').hidden = !isStaff();
    document.body.dataset.role = session.user.role;
    $('who').textContent = session.user.displayName + ' (' + session.user.role + ')';
    if (isStaff()) connect();
    const home = isStaff() ? '#/board' : '#/patients';
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
      if (relevant) scheduleRefresh(300);
    });
    stream.addEventListener('session-ended', () => showLogin());
    stream.onerror = () => { setLive(false); if (stream.readyState === 2) setTimeout(() => session && connect(), 3000); };
  }
  // Batch UI updates: many events within a short time repaint once.
  // A nurse typing a note or choosing an outcome is never interrupted: the repaint waits until she is done.
  function scheduleRefresh(ms) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      const el = document.activeElement;
      const busy = el && $('view').contains(el) && ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)
        && (el.tagName !== 'INPUT' || el.value !== '');
      if (busy) scheduleRefresh(1500); else route();
    }, ms);
  }

  function currentView() {
    const parts = (location.hash || '#/board').slice(2).split('/');
    return { name: parts[0] || 'board', id: parts[1] };
  }
  window.addEventListener('hashchange', route);
  async function route() {
    if (!session) return;
    const v = currentView();
    document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.getAttribute('href') === '#/' + v.name));
    try {
      if (v.name === 'patient' && v.id) await renderPatient(v.id);
      else if (!isStaff()) await renderMyPatients();
      else if (v.name === 'overview') await renderOverview();
      else await renderBoard();
    } catch (e) {
      if (e.message !== '401') $('view').replaceChildren(h('p', { class: 'error', id: 'view-error', role: 'alert' }, e.message));
    }
  }

  // ----- audible CRITICAL -----
  // One AudioContext for the page (browsers cap how many a page may open). Browsers keep sound off until the user
  // has interacted with the page, so the first click or key press (the login, at the latest) switches it on.
  let audio = null;
  function audioContext() {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!audio && Ctx) audio = new Ctx();
    return audio;
  }
  ['pointerdown', 'keydown'].forEach((type) => document.addEventListener(type, () => {
    try { const ctx = audioContext(); if (ctx && ctx.state === 'suspended') ctx.resume(); } catch (e) { /* no audio */ }
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
  async function renderBoard() {
    const [board, onCall] = await Promise.all([api('GET', '/api/v1/board'), onCallNow()]);
    lastBoard = board;
    const view = $('view');
    const rows = board.patients.map((p) => boardRow(p, board.outcomes));
    const critical = board.patients.flatMap((p) => p.alerts).filter((a) => a.level === 'CRITICAL' && a.state !== 'ACKNOWLEDGED');
    critical.forEach((a) => soundCritical(a.id));
    view.replaceChildren(h('div', { class: 'grid' },
      h('section', { class: 'card', id: 'alerts' }, h('h2', {}, t('alerts'), ' (', board.patients.length, ')'),
        rows.length ? rows : h('p', { class: 'empty' }, t('none'))),
      h('div', {},
        onCallCard(onCall),
        taskList('missed', t('missed'), board.missed),
        taskList('offline', t('devicesOffline'), board.offline))));
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

  // "Then" only names someone else: a one-person rota hands over to the same doctor.
  const handsOver = (role) => role.next && (!role.now || role.next.personId !== role.now.personId);

  function onCallCard(list) {
    const shift = (s) => s ? [s.displayName, h('span', { class: 'muted' }, ' ', t('until'), ' ', fmtTime(s.until))] : '–';
    const rows = list.flatMap((o) => ['NURSE_ON_DUTY', 'ONCALL_DOCTOR', 'BACKUP_DOCTOR'].filter((r) => o.roles[r])
      .map((r) => h('tr', { 'data-role': r }, h('td', {}, t(r), list.length > 1 ? ' · ' + o.clinic : ''),
        h('td', { class: 'now' }, shift(o.roles[r].now)),
        h('td', { class: 'muted' }, handsOver(o.roles[r]) ? [t('next'), ' ', o.roles[r].next.displayName] : ''))));
    const anyone = list.some((o) => Object.values(o.roles).some((r) => r.now));
    return h('section', { class: 'card', id: 'oncall' }, h('h2', {}, t('onCall')),
      anyone ? h('table', {}, h('tbody', {}, rows)) : h('p', { class: 'empty' }, t('nobodyOnCall')));
  }

  function boardRow(p, outcomes) {
    const first = p.alerts[0];
    const level = p.worstLevel;
    const overdue = p.untilDeadlineSeconds < 0;
    const holder = p.alerts.map((a) => a.acknowledgedBy && a.acknowledgedBy.displayName).find(Boolean);
    const latest = Object.entries(p.latest || {}).map(([code, v]) => h('span', { title: fmtTime(v.measuredAt) },
      code + ' ' + fmtNum(v.value) + (v.flags && v.flags.length ? ' ⚑' : '')));
    return h('article', { class: 'alert-row ' + level, 'data-patient': p.patient.id, 'data-level': level },
      h('div', {}, h('span', { class: 'badge ' + level }, level),
        h('div', { class: 'muted' }, t('waited'), ' ', duration(p.waitingSeconds)),
        h('div', { class: overdue ? 'overdue' : 'muted' }, overdue ? t('overdue') + ' ' + duration(p.untilDeadlineSeconds)
          : t('deadline') + ' ' + duration(p.untilDeadlineSeconds))),
      h('div', {},
        h('a', { class: 'patient-name', href: '#/patient/' + p.patient.id }, p.patient.displayName || p.patient.id),
        h('span', { class: 'muted' }, ' · ', p.patient.condition || '', p.patient.contactNurse ? ' · ' + t('contactNurse') + ': ' + p.patient.contactNurse : ''),
        p.alerts.map((a) => h('p', { class: 'reason' }, h('span', { class: 'badge ' + a.level }, a.level), ' ', why(a) || a.ruleId,
          ' ', h('span', { class: 'muted' }, a.state === 'OPEN' ? '' : '(' + a.state.toLowerCase() + ')'))),
        h('div', { class: 'values' }, latest),
        h('div', { class: 'muted holder' }, holder ? t('takenBy') + ': ' + holder : t('nobody'))),
      patientActions(p, outcomes));
  }

  // One compact line of actions per alert; one note field per patient (saved on the worst alert, or sent along).
  function alertActions(a, outcomes, note) {
    const select = h('select', { 'aria-label': t('outcome'), class: 'outcome' },
      (outcomes || Object.keys(OUTCOMES)).map((o) => h('option', { value: o }, OUTCOMES[o] ? OUTCOMES[o][lang === 'da' ? 0 : 1] : o)));
    const act = async (fn) => { try { await fn(); note.value = ''; scheduleRefresh(0); } catch (e) { alert(e.message); } };
    return h('div', { class: 'alert-actions', 'data-alert': a.id },
      h('span', { class: 'badge ' + a.level }, a.level[0]),
      a.state === 'OPEN' || a.state === 'ESCALATED'
        ? h('button', { class: 'primary ack', type: 'button', onclick: () => act(() => api('POST', '/api/v1/alerts/' + a.id + '/acknowledge', { note: note.value || null })) }, t('ack'))
        : null,
      select,
      h('button', { type: 'button', class: 'resolve', onclick: () => act(() => api('POST', '/api/v1/alerts/' + a.id + '/resolve', { outcome: select.value, note: note.value || null })) }, t('resolve')));
  }

  function patientActions(p, outcomes) {
    const note = h('input', { type: 'text', placeholder: t('note'), 'aria-label': t('note'), class: 'note-input' });
    const first = p.alerts[0];
    return h('div', { class: 'actions' }, p.alerts.map((a) => alertActions(a, outcomes, note)),
      h('div', { class: 'alert-actions' }, note,
        h('button', { type: 'button', class: 'add-note', onclick: async () => {
          if (!note.value) return;
          try { await api('POST', '/api/v1/alerts/' + first.id + '/notes', { note: note.value }); note.value = ''; scheduleRefresh(0); } catch (e) { alert(e.message); }
        } }, t('addNote'))));
  }

  function taskList(id, title, tasks) {
    return h('section', { class: 'card', id }, h('h2', {}, title, ' (', tasks.length, ')'),
      tasks.length ? h('table', {}, h('tbody', {}, tasks.map((k) => h('tr', {},
        h('td', {}, h('a', { href: '#/patient/' + k.patientId }, k.patientName)),
        h('td', {}, k.text[lang] || k.text.en, h('div', { class: 'muted' }, t('waited'), ' ', duration(k.waitingSeconds))),
        h('td', {}, h('button', { type: 'button', onclick: async () => { await api('POST', '/api/v1/tasks/' + k.id + '/resolve', {}); scheduleRefresh(0); } }, t('handled')))))))
        : h('p', { class: 'empty' }, t('none')));
  }

  // ----- patient page -----
  let rangeDays = 7;
  async function renderPatient(id) {
    const to = new Date(Date.now() + 3600e3);
    const from = new Date(to.getTime() - rangeDays * 86400e3);
    const q = 'from=' + from.toISOString() + '&to=' + to.toISOString();
    const staff = isStaff();
    // A relative may read the patient's details and readings; alert history and limits are the clinic's.
    const [p, series, table, alerts, limits, quest] = await Promise.all([
      api('GET', '/api/v1/patients/' + id),
      api('GET', '/api/v1/patients/' + id + '/readings?code=' + CHARTS.map((c) => c[0]).join(',') + '&' + q),
      api('GET', '/api/v1/patients/' + id + '/readings?bucket=none&limit=200&' + q),
      staff ? api('GET', '/api/v1/patients/' + id + '/alerts') : null,
      staff ? api('GET', '/api/v1/patients/' + id + '/limits') : { limits: [] },
      api('GET', '/api/v1/patients/' + id + '/readings?bucket=none&code=' + QUESTIONNAIRE.join(',') + '&' + q)]);
    const limitBy = Object.fromEntries(limits.limits.map((l) => [l.code, l]));
    const view = $('view');
    view.replaceChildren(
      staff ? null : h('p', { class: 'muted', id: 'read-only' }, t('readOnly')),
      h('div', { class: 'tools' }, staff ? h('a', { href: '#/board' }, '← ', t('back')) : null,
        h('h2', { id: 'patient-name' }, p.displayName), h('span', { class: 'muted' }, p.condition,
          p.contactNurse ? ' · ' + t('contactNurse') + ': ' + p.contactNurse.displayName : '',
          p.municipality ? ' · ' + p.municipality : ''),
        h('span', { class: 'muted' }, t('range'), ':'),
        [1, 7, 30, 90].map((d) => h('button', { type: 'button', class: d === rangeDays ? 'primary' : '', onclick: () => { rangeDays = d; route(); } }, d + ' ' + t('days')))),
      h('section', { class: 'charts' }, CHARTS.map(([code, label]) => chartCard(code, label, series, limitBy[code]))),
      h('div', { class: 'grid' },
        h('section', { class: 'card' }, h('h2', {}, t('readings')), readingsTable(table.readings)),
        h('div', {},
          staff ? h('section', { class: 'card' }, h('h2', {}, t('history')), alertHistory(alerts.alerts)) : null,
          h('section', { class: 'card' }, h('h2', {}, t('questionnaire')), questionnaire(quest.readings)),
          staff ? h('section', { class: 'card limits' }, h('h2', {}, t('limits')), limitsEditor(id, limits.limits)) : null,
          staff ? h('section', { class: 'card', id: 'care' }, h('h2', {}, t('care')), careEditor(id, p)) : null)));
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
      p.careUpdatedBy ? t('updatedBy') + ' ' + p.careUpdatedBy + ' · ' + fmtTime(p.careUpdatedAt) : '');
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
  async function renderMyPatients() {
    const list = (await api('GET', '/api/v1/patients')).patients;
    if (list.length === 1) { location.replace('#/patient/' + list[0].id); return; }
    $('view').replaceChildren(h('section', { class: 'card', id: 'my-patients' }, h('h2', {}, t('myPatients')),
      list.length ? h('ul', {}, list.map((p) => h('li', {}, h('a', { href: '#/patient/' + p.id }, p.displayName))))
        : h('p', { class: 'empty' }, t('noAccess'))));
  }

  function chartCard(code, label, data, limit) {
    const W = 420, H = 180, L = 40, R = 8, TOP = 10, B = 22;
    let pts = [];
    if (data.downsampled) {
      const s = (data.series || []).find((x) => x.code === code);
      pts = s ? s.points.map((p) => ({ t: Date.parse(p.t), v: p.mean, min: p.min, max: p.max })) : [];
    } else {
      pts = (data.readings || []).filter((r) => r.code === code).map((r) => ({ t: Date.parse(r.measuredAt), v: r.value })).reverse();
    }
    const base = data.baselines && data.baselines[code];
    const svg = h('svg', { class: 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': label, 'data-code': code });
    if (!pts.length) {
      svg.append(h('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', fill: '#5f6b7a' }, '–'));
      return h('div', { class: 'card' }, h('h2', {}, label), svg);
    }
    const t0 = Date.parse(data.from), t1 = Date.parse(data.to);
    const values = pts.flatMap((p) => [p.v, p.min, p.max]).filter((v) => v !== undefined);
    const lims = limit ? [limit.yellowLow, limit.redLow, limit.yellowHigh, limit.redHigh].filter((v) => v !== null && v !== undefined) : [];
    let lo = Math.min(...values, ...lims), hi = Math.max(...values, ...lims);
    if (base) { lo = Math.min(lo, base.median - 2 * base.mad); hi = Math.max(hi, base.median + 2 * base.mad); }
    if (hi - lo < 1e-9) { hi += 1; lo -= 1; }
    const pad = (hi - lo) * 0.08; lo -= pad; hi += pad;
    const x = (tt) => L + (W - L - R) * (tt - t0) / (t1 - t0);
    const y = (v) => TOP + (H - TOP - B) * (1 - (v - lo) / (hi - lo));
    if (base && base.mad !== null) {
      const top = y(base.median + 2 * base.mad), bot = y(base.median - 2 * base.mad);
      svg.append(h('rect', { x: L, y: top, width: W - L - R, height: Math.max(1, bot - top), fill: '#c8e6c9', opacity: 0.6, class: 'baseline' }));
    }
    const limLine = (v, color) => v !== null && v !== undefined && svg.append(h('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: color, 'stroke-dasharray': '4 3', class: 'limit' }));
    if (limit) { limLine(limit.yellowLow, '#f9a825'); limLine(limit.yellowHigh, '#f9a825'); limLine(limit.redLow, '#c62828'); limLine(limit.redHigh, '#c62828'); }
    [lo + pad, (lo + hi) / 2, hi - pad].forEach((v) => svg.append(h('text', { x: L - 4, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#5f6b7a' }, fmtNum(v))));
    svg.append(h('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: '#9aa7b6' }));
    svg.append(h('text', { x: L, y: H - 6, 'font-size': 10, fill: '#5f6b7a' }, fmtTime(data.from)));
    svg.append(h('text', { x: W - R, y: H - 6, 'font-size': 10, fill: '#5f6b7a', 'text-anchor': 'end' }, fmtTime(data.to)));
    pts.forEach((p) => { if (p.min !== undefined) svg.append(h('line', { x1: x(p.t), x2: x(p.t), y1: y(p.min), y2: y(p.max), stroke: '#90caf9' })); });
    svg.append(h('polyline', { points: pts.map((p) => x(p.t).toFixed(1) + ',' + y(p.v).toFixed(1)).join(' '), fill: 'none', stroke: '#1565c0', 'stroke-width': 1.5 }));
    pts.forEach((p) => svg.append(h('circle', { cx: x(p.t), cy: y(p.v), r: 2.2, fill: '#1565c0' })));
    return h('div', { class: 'card' }, h('h2', {}, label, ' ', h('span', { class: 'muted' }, data.downsampled ? '(' + data.function + ' ' + data.bucket + ')' : '')), svg);
  }

  function readingsTable(rows) {
    if (!rows.length) return h('p', { class: 'empty' }, t('none'));
    return h('table', { id: 'readings' }, h('thead', {}, h('tr', {}, [t('time'), 'Kode', t('value'), t('level'), t('flags'), t('explanation')].map((c) => h('th', {}, c)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, h('td', {}, fmtTime(r.measuredAt)), h('td', {}, r.code), h('td', {}, fmtNum(r.value), ' ', r.unit),
        h('td', {}, r.level ? h('span', { class: 'badge ' + r.level }, r.level) : ''), h('td', {}, (r.flags || []).join(', ')),
        h('td', {}, (r.findings || []).map((f) => h('div', {}, f[lang] || f.en)))))));
  }

  function alertHistory(list) {
    if (!list.length) return h('p', { class: 'empty' }, t('none'));
    return h('div', {}, list.map((a) => h('details', {}, h('summary', {}, h('span', { class: 'badge ' + a.level }, a.level), ' ', fmtTime(a.openedAt), ' · ', a.state,
        a.outcome ? ' · ' + (OUTCOMES[a.outcome] ? OUTCOMES[a.outcome][lang === 'da' ? 0 : 1] : a.outcome) : ''),
      h('p', {}, why(a) || ''),
      h('ul', {}, a.history.map((x) => h('li', {}, fmtTime(x.at), ' ', x.action, ' ', t('by'), ' ', x.actor ? x.actor.displayName : '', x.note ? ': ' + x.note : ''))))));
  }

  function questionnaire(rows) {
    if (!rows.length) return h('p', { class: 'empty' }, t('none'));
    const byTime = new Map();
    rows.forEach((r) => { const k = r.measuredAt; if (!byTime.has(k)) byTime.set(k, {}); byTime.get(k)[r.code] = r.value; });
    return h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('time')), QUESTIONNAIRE.map((c) => h('th', {}, c.replace('sym_', ''))))),
      h('tbody', {}, [...byTime.entries()].slice(0, 20).map(([k, v]) => h('tr', {}, h('td', {}, fmtTime(k)), QUESTIONNAIRE.map((c) => h('td', {}, v[c] === undefined ? '' : fmtNum(v[c])))))));
  }

  function limitsEditor(patientId, limits) {
    const doctor = session.user.role === 'doctor';
    const fields = ['criticalLow', 'redLow', 'yellowLow', 'yellowHigh', 'redHigh', 'criticalHigh'];
    if (!limits.length) return h('p', { class: 'empty' }, t('none'));
    return h('div', {}, doctor ? null : h('p', { class: 'muted' }, t('doctorsOnly')),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Kode'), fields.map((f) => h('th', {}, f)), doctor ? h('th', {}, t('reason')) : null, doctor ? h('th', {}) : null)),
        h('tbody', {}, limits.map((l) => {
          const inputs = fields.map((f) => h('input', { type: 'number', step: 'any', value: l[f] === null ? '' : l[f], disabled: !doctor, 'aria-label': l.code + ' ' + f }));
          const reason = h('input', { type: 'text', 'aria-label': t('reason') });
          const save = async () => {
            const body = { reason: reason.value };
            fields.forEach((f, i) => { body[f] = inputs[i].value === '' ? null : Number(inputs[i].value); });
            try { await api('PUT', '/api/v1/patients/' + patientId + '/limits/' + l.code, body); scheduleRefresh(0); } catch (e) { alert(e.message); }
          };
          return h('tr', {}, h('td', {}, l.code), inputs.map((i) => h('td', {}, i)), doctor ? h('td', {}, reason) : null,
            doctor ? h('td', {}, h('button', { type: 'button', onclick: save }, t('save'))) : null);
        }))));
  }

  // ----- clinic overview -----
  async function renderOverview() {
    const o = await api('GET', '/api/v1/overview?days=90');
    const pct = (v) => v === null || v === undefined ? '–' : Math.round(v * 100) + ' %';
    const kpi = (key, label, value, sub) => h('div', { class: 'kpi', 'data-kpi': key }, h('span', { class: 'muted' }, label), h('b', {}, value),
      sub ? h('small', { class: 'muted' }, sub) : null);
    const before = o.beforeEnrolment, after = o.afterEnrolment;
    const groupTable = (rows) => h('table', {}, h('thead', {}, h('tr', {}, ['', t('patients'), t('patientYears'), t('adherence'), t('alertsCol'),
      t('acute') + ', ' + t('afterShort'), t('acute') + ', ' + t('beforeShort'),
      t('bedDays') + ', ' + t('afterShort'), t('bedDays') + ', ' + t('beforeShort')].map((c) => h('th', {}, c)))),
      h('tbody', {}, rows.map((g) => h('tr', { 'data-group': g.group }, h('td', {}, g.group === 'yes' || g.group === 'no' ? t(g.group) : g.group === '(not recorded)' ? t('notRecorded') : g.group),
        h('td', { 'data-col': 'patients' }, g.patients), h('td', {}, fmtNum(g.patientYears)),
        h('td', { 'data-col': 'adherence' }, pct(g.adherence)), h('td', { 'data-col': 'alerts' }, g.alerts),
        h('td', { 'data-col': 'acuteAfter' }, fmtNum(g.acuteContactsPerPatientYear)),
        h('td', { 'data-col': 'acuteBefore' }, fmtNum(g.beforeEnrolment.acuteContactsPerPatientYear)),
        h('td', { 'data-col': 'bedDaysAfter' }, fmtNum(g.bedDaysPerPatientYear)),
        h('td', { 'data-col': 'bedDaysBefore' }, fmtNum(g.beforeEnrolment.bedDaysPerPatientYear))))));
    const periodRow = (key, label, f) => h('tr', { 'data-period': key }, h('td', {}, label), h('td', {}, f.patients), h('td', {}, fmtNum(f.patientYears)),
      h('td', {}, f.acuteContacts), h('td', { 'data-col': 'acutePerYear' }, fmtNum(f.acuteContactsPerPatientYear)),
      h('td', {}, f.bedDays), h('td', { 'data-col': 'bedDaysPerYear' }, fmtNum(f.bedDaysPerPatientYear)));
    $('view').replaceChildren(
      h('section', { class: 'card', id: 'overview' }, h('h2', {}, t('overview'), ' · ', o.clinicId, ' · ', o.days, ' ', t('days')),
        h('div', { class: 'kpis' }, kpi('enrolled', t('enrolled'), o.enrolled),
          kpi('adherence', t('adherence'), pct(o.adherence), o.slotsMeasured + '/' + o.slotsDue + ' ' + t('slots')),
          ['CRITICAL', 'RED', 'YELLOW'].map((l) => kpi('open-' + l, l, o.openAlertsByLevel[l])),
          kpi('acute', t('acute'), fmtNum(after.acuteContactsPerPatientYear), t('beforeShort') + ': ' + fmtNum(before.acuteContactsPerPatientYear)),
          kpi('bedDays', t('bedDays'), fmtNum(after.bedDaysPerPatientYear), t('beforeShort') + ': ' + fmtNum(before.bedDaysPerPatientYear)))),
      h('section', { class: 'card', id: 'before-after' }, h('h2', {}, t('beforeAfter')), h('table', {},
        h('thead', {}, h('tr', {}, ['', t('patients'), t('patientYears'), t('acuteContacts'), t('perPatientYear'), t('bedDaysCol'), t('perPatientYear')].map((c) => h('th', {}, c)))),
        h('tbody', {}, periodRow('after', t('after'), after), periodRow('before', t('before'), before)))),
      h('div', { class: 'grid' },
        h('section', { class: 'card', id: 'response-today' }, h('h2', {}, t('responseToday')), h('table', {},
          h('thead', {}, h('tr', {}, [t('level'), t('alertsCol'), t('medianResponse'), t('overdue'), t('waiting')].map((c) => h('th', {}, c)))),
          h('tbody', {}, o.responseTimesToday.map((r) => h('tr', { 'data-level': r.level },
            h('td', {}, h('span', { class: 'badge ' + r.level }, r.level)), h('td', {}, r.alerts),
            h('td', { 'data-col': 'median' }, fmtNum(r.medianMinutesToResponse), ' ', t('minutes')),
            h('td', { 'data-col': 'pastDeadline' }, r.pastDeadline), h('td', { 'data-col': 'waiting' }, r.waiting)))))),
        h('section', { class: 'card', id: 'outcomes' }, h('h2', {}, t('outcomes')), h('table', {}, h('tbody', {}, Object.entries(o.figures.outcomes).map(([k, v]) =>
          h('tr', { 'data-outcome': k }, h('td', {}, OUTCOMES[k] ? OUTCOMES[k][lang === 'da' ? 0 : 1] : k), h('td', {}, v))))))),
      h('section', { class: 'card', id: 'by-municipality' }, h('h2', {}, t('byMunicipality')), groupTable(o.byMunicipality)),
      h('section', { class: 'card', id: 'by-equality' }, h('h2', {}, t('byEquality')),
        Object.entries(o.byEquality).map(([k, rows]) => h('div', { 'data-factor': k }, h('h3', {}, t(k)), groupTable(rows)))));
  }

  // ----- start: resume an existing session (the cookie is HttpOnly; the CSRF token comes from GET /session) -----
  applyLanguage();
  fetch('/api/v1/session', { credentials: 'same-origin' }).then(async (res) => {
    if (res.ok) { session = await res.json(); started(); } else showLogin();
  }).catch(showLogin);
})();
