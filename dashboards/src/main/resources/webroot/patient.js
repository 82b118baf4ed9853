// The patient's own view (patient.html): the patient, or a relative with consent, signs in with the
// code the clinic issued and sees their own measurements, measuring plan, what the clinic told them,
// and how to reach the clinic ("call me", the clinic's number, 112). Plain words only: no levels,
// scores, codes or units as the hub stores them.
(function () {
  'use strict';

  // Words for the screen, Danish and English. A measurement code or cadence without an entry here
  // is not shown at all, so nothing the hub stores reaches the patient raw.
  const T = {
    da: {
      title: 'Mine målinger', signOut: 'Log ud', otherLanguage: 'English',
      signInTitle: 'Log ind med din kode', signInHelp: 'Skriv den kode, du har fået af klinikken.',
      codeLabel: 'Kode', signIn: 'Log ind',
      worriedTitle: 'Er du bekymret?', callMe: 'Ring mig op',
      callTextLabel: 'Hvad drejer det sig om? (kan udelades)', callSend: 'Send besked til klinikken', cancel: 'Fortryd',
      callDone: 'Tak. Klinikken har fået din besked og ringer til dig i løbet af dagen. Haster det, så ring selv til klinikken.',
      callFailed: 'Beskeden kunne ikke sendes. Prøv igen, eller ring til klinikken.',
      clinicPhone: 'Klinikkens telefon:', emergency: 'Ved livstruende situationer: ring 112.',
      latestTitle: 'Dine seneste målinger', noMeasurements: 'Ingen målinger de seneste 30 dage.',
      planTitle: 'Din måleplan', noPlan: 'Klinikken har ikke lagt en måleplan ind endnu.',
      messagesTitle: 'Beskeder fra klinikken', noMessages: 'Ingen beskeder.',
      toldTitle: 'Svar på dine målinger', noTold: 'Ingen svar de seneste 14 dage.',
      callRequested: 'Du bad klinikken om at ringe til dig.',
      relativeNote: (name) => 'Du ser ' + name + 's side som pårørende.',
      lastDays: (n, lo, hi) => 'Seneste 7 dage: ' + (n === 1 ? '1 måling' : n + ' målinger') + (lo === hi ? '' : ', fra ' + lo + ' til ' + hi),
      measure: (names, cadence) => 'Mål ' + names + ' ' + cadence + '.',
      from: (date, cadence) => 'Fra ' + date + ': ' + cadence + '.',
      and: ' og ',
      codeWrong: 'Koden passer ikke, er brugt eller udløbet. Bed klinikken om en ny.',
      consentGone: 'Du har ikke længere adgang: patienten har trukket samtykket tilbage.',
      tooMany: 'For mange forkerte koder. Vent et kvarter, og prøv igen.',
      failed: 'Noget gik galt. Prøv igen om lidt.',
      signedOut: 'Du er logget ud.', today: 'I dag kl.', yesterday: 'I går kl.',
    },
    en: {
      title: 'My measurements', signOut: 'Sign out', otherLanguage: 'Dansk',
      signInTitle: 'Sign in with your code', signInHelp: 'Type the code the clinic gave you.',
      codeLabel: 'Code', signIn: 'Sign in',
      worriedTitle: 'Are you worried?', callMe: 'Call me',
      callTextLabel: 'What is it about? (optional)', callSend: 'Send to the clinic', cancel: 'Cancel',
      callDone: 'Thank you. The clinic has your message and will call you during the day. If it is urgent, call the clinic yourself.',
      callFailed: 'The message could not be sent. Try again, or call the clinic.',
      clinicPhone: "The clinic's phone:", emergency: 'In a life-threatening emergency: call 112.',
      latestTitle: 'Your latest measurements', noMeasurements: 'No measurements in the last 30 days.',
      planTitle: 'Your measuring plan', noPlan: 'The clinic has not entered a measuring plan yet.',
      messagesTitle: 'Messages from the clinic', noMessages: 'No messages.',
      toldTitle: 'Replies to your measurements', noTold: 'No replies in the last 14 days.',
      callRequested: 'You asked the clinic to call you.',
      relativeNote: (name) => "You are viewing " + name + "'s page as a relative.",
      lastDays: (n, lo, hi) => 'Last 7 days: ' + (n === 1 ? '1 measurement' : n + ' measurements') + (lo === hi ? '' : ', from ' + lo + ' to ' + hi),
      measure: (names, cadence) => 'Measure ' + names + ' ' + cadence + '.',
      from: (date, cadence) => 'From ' + date + ': ' + cadence + '.',
      and: ' and ',
      codeWrong: 'The code is wrong, already used or expired. Ask the clinic for a new one.',
      consentGone: 'You no longer have access: the patient has withdrawn the consent.',
      tooMany: 'Too many wrong codes. Wait a quarter of an hour and try again.',
      failed: 'Something went wrong. Try again in a moment.',
      signedOut: 'You are signed out.', today: 'Today at', yesterday: 'Yesterday at',
    },
  };

  // Measurements in plain words: name (in a heading, and in a sentence), unit, decimals.
  const MEASURES = {
    spo2: { da: ['Iltmætning', 'iltmætning'], en: ['Oxygen saturation', 'oxygen saturation'], unit: { da: '%', en: '%' }, dp: 0 },
    pulse: { da: ['Puls', 'puls'], en: ['Pulse', 'pulse'], unit: { da: 'slag/min', en: 'beats/min' }, dp: 0 },
    bp: { da: ['Blodtryk', 'blodtryk'], en: ['Blood pressure', 'blood pressure'], unit: { da: 'mmHg', en: 'mmHg' }, dp: 0 },
    weight: { da: ['Vægt', 'vægt'], en: ['Weight', 'weight'], unit: { da: 'kg', en: 'kg' }, dp: 1 },
    temperature: { da: ['Temperatur', 'temperatur'], en: ['Temperature', 'temperature'], unit: { da: '°C', en: '°C' }, dp: 1 },
    resp_rate: { da: ['Vejrtrækning', 'vejrtrækning'], en: ['Breathing rate', 'breathing rate'], unit: { da: 'indåndinger/min', en: 'breaths/min' }, dp: 0 },
    fev1: { da: ['Lungefunktion (FEV1)', 'lungefunktion'], en: ['Lung function (FEV1)', 'lung function'], unit: { da: 'liter', en: 'litres' }, dp: 2 },
    pef: { da: ['Peak flow', 'peak flow'], en: ['Peak flow', 'peak flow'], unit: { da: 'liter/min', en: 'litres/min' }, dp: 0 },
    cat: { da: ['Spørgeskema om dine lunger', 'spørgeskemaet om dine lunger'], en: ['Questionnaire about your lungs', 'the questionnaire about your lungs'], unit: { da: 'point', en: 'points' }, dp: 0 },
  };
  const ORDER = ['spo2', 'pulse', 'bp', 'weight', 'temperature', 'resp_rate', 'fev1', 'pef', 'cat'];
  const CADENCE = {
    TWICE_DAILY: { da: 'to gange dagligt', en: 'twice a day' },
    DAILY: { da: 'en gang dagligt', en: 'once a day' },
    TWICE_WEEKLY: { da: 'to gange om ugen', en: 'twice a week' },
    WEEKLY: { da: 'en gang om ugen', en: 'once a week' },
  };

  const $ = (id) => document.getElementById(id);
  // The patient's language once signed in, unless they chose one on this device.
  let lang = localStorage.getItem('pv.lang') || 'da';
  let session = null;
  let data = null;
  let refreshTimer = null;

  function t(key) { return T[lang][key]; }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = t('title');
    document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
    $('lang').textContent = t('otherLanguage');
    $('lang').lang = lang === 'da' ? 'en' : 'da';
    if (data) render();
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && session) headers['X-CSRF-Token'] = session.csrfToken;
    const res = await fetch(path, { method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) });
    let json = null;
    try { json = await res.json(); } catch (e) { json = null; }
    return { status: res.status, json };
  }

  function number(v, dp) {
    return v.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB', { minimumFractionDigits: 0, maximumFractionDigits: dp });
  }

  // "I dag kl. 10.58", "I går kl. 08.12", else the weekday and date.
  function when(iso) {
    const d = new Date(iso);
    const locale = lang === 'da' ? 'da-DK' : 'en-GB';
    const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
    const days = Math.round((new Date().setHours(0, 0, 0, 0) - new Date(d).setHours(0, 0, 0, 0)) / 86400000);
    if (days === 0) return t('today') + ' ' + time;
    if (days === 1) return t('yesterday') + ' ' + time;
    return d.toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long' }) + ', ' + time;
  }

  function day(isoDate) {
    const [y, m, d] = isoDate.split('-').map(Number);
    return new Date(y, m - 1, d).toLocaleDateString(lang === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'long' });
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Blood pressure is one measurement to a patient: systolic and diastolic taken together.
  function series() {
    const by = {};
    for (const m of data.measurements) by[m.code] = m.points;
    const out = {};
    for (const code of Object.keys(by)) {
      if (code === 'bp_systolic' || code === 'bp_diastolic') continue;
      if (MEASURES[code]) out[code] = by[code].map((p) => ({ at: p.at, v: [p.value] }));
    }
    if (by.bp_systolic && by.bp_diastolic) {
      const dia = new Map(by.bp_diastolic.map((p) => [p.at, p.value]));
      const pts = by.bp_systolic.filter((p) => dia.has(p.at)).map((p) => ({ at: p.at, v: [p.value, dia.get(p.at)] }));
      if (pts.length) out.bp = pts;
    }
    return out;
  }

  function spark(points) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 100 40');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('aria-hidden', 'true');
    const all = points.flatMap((p) => p.v);
    const lo = Math.min(...all); const hi = Math.max(...all);
    const t0 = Date.parse(points[0].at); const t1 = Date.parse(points[points.length - 1].at);
    const x = (p) => (t1 === t0 ? 50 : ((Date.parse(p.at) - t0) / (t1 - t0)) * 96 + 2);
    const y = (v) => (hi === lo ? 20 : 36 - ((v - lo) / (hi - lo)) * 32);
    points[0].v.forEach((_, i) => {
      const line = document.createElementNS(ns, 'polyline');
      line.setAttribute('points', points.map((p) => x(p).toFixed(1) + ',' + y(p.v[i]).toFixed(1)).join(' '));
      if (i > 0) line.setAttribute('class', 'second');
      svg.appendChild(line);
    });
    return svg;
  }

  function show(code, pts) {
    const m = MEASURES[code];
    const fmt = (p) => p.v.map((v) => number(v, m.dp)).join('/');
    // A value keeps its unit on the same line.
    const last = pts[pts.length - 1];
    const card = el('article', 'pv-measure');
    card.dataset.code = code;
    card.appendChild(el('h3', null, m[lang][0]));
    card.appendChild(el('p', 'value', fmt(last) + '\u00a0' + m.unit[lang]));
    card.appendChild(el('p', 'when', when(last.at)));
    const week = pts.filter((p) => Date.parse(p.at) > Date.now() - 7 * 86400000);
    if (week.length) {
      const sorted = week.slice().sort((a, b) => a.v[0] - b.v[0]);
      const unit = '\u00a0' + m.unit[lang];
      card.appendChild(el('p', 'range', T[lang].lastDays(week.length, fmt(sorted[0]) + unit, fmt(sorted[sorted.length - 1]) + unit)));
    }
    if (pts.length > 1) card.appendChild(spark(pts));
    return card;
  }

  function planLines() {
    const lines = [];
    const groups = new Map();
    const shown = (code) => (code === 'bp_systolic' || code === 'bp_diastolic' ? 'bp' : code);
    const rank = (p) => { const i = ORDER.indexOf(shown(p.code)); return i < 0 ? ORDER.length : i; };
    for (const p of data.plan.slice().sort((a, b) => rank(a) - rank(b))) {
      const code = shown(p.code);
      if (!MEASURES[code] || !CADENCE[p.cadence]) continue;
      const key = p.cadence + '|' + (p.until || '') + '|' + (p.then || '');
      if (!groups.has(key)) groups.set(key, { p, names: [] });
      const g = groups.get(key);
      const name = MEASURES[code][lang][1];
      if (!g.names.includes(name)) g.names.push(name);
    }
    for (const { p, names } of groups.values()) {
      const list = names.length > 1 ? names.slice(0, -1).join(', ') + t('and') + names[names.length - 1] : names[0];
      let line = T[lang].measure(list, CADENCE[p.cadence][lang]);
      if (p.until && p.then && CADENCE[p.then]) line += ' ' + T[lang].from(day(p.until), CADENCE[p.then][lang]);
      lines.push(line);
    }
    return lines;
  }

  function render() {
    const v = data;
    $('pv-title').textContent = v.patient.patientName;
    const note = $('viewer-note');
    note.hidden = !v.viewer.relative;
    note.textContent = v.viewer.relative ? T[lang].relativeNote(v.patient.patientName) : '';
    const phone = v.clinic.phone;
    $('clinic-phone-line').hidden = !phone;
    if (phone) { $('clinic-phone').textContent = phone; $('clinic-phone').href = 'tel:' + phone.replace(/\s+/g, ''); }

    const s = series();
    const box = $('measurements');
    box.replaceChildren();
    for (const code of ORDER) if (s[code] && s[code].length) box.appendChild(show(code, s[code]));
    $('no-measurements').hidden = box.children.length > 0;

    const plan = $('plan');
    plan.replaceChildren(...planLines().map((l) => el('li', null, l)));
    $('no-plan').hidden = plan.children.length > 0;

    const msgs = $('messages');
    msgs.replaceChildren(...v.messages.map((m) => {
      const li = el('li');
      li.appendChild(el('span', 'when', when(m.at) + (m.from ? ' · ' + m.from : '')));
      li.appendChild(el('span', null, m.body));
      return li;
    }));
    $('no-messages').hidden = msgs.children.length > 0;

    const told = $('told');
    told.replaceChildren(...v.told.map((x) => {
      const li = el('li');
      li.dataset.kind = x.kind;
      li.appendChild(el('span', 'when', when(x.at)));
      li.appendChild(el('span', null, x.kind === 'call-requested' ? t('callRequested') : x[lang]));
      return li;
    }));
    $('no-told').hidden = told.children.length > 0;
  }

  async function load() {
    const r = await api('GET', '/api/v1/patient-view/' + encodeURIComponent(session.patientId));
    if (r.status === 401 || r.status === 403) { signedOut(r.status === 403 ? t('consentGone') : null); return; }
    if (r.status !== 200) return;
    data = r.json;
    $('signin').hidden = true;
    $('view').hidden = false;
    $('signout').hidden = false;
    render();
  }

  function signedOut(message) {
    session = null; data = null;
    clearInterval(refreshTimer);
    $('view').hidden = true;
    $('signout').hidden = true;
    $('signin').hidden = false;
    $('pv-title').textContent = t('title');
    const err = $('signin-error');
    err.hidden = !message;
    err.textContent = message || '';
  }

  async function started(s) {
    session = s;
    if (!localStorage.getItem('pv.lang')) { lang = s.language === 'en' ? 'en' : 'da'; applyLanguage(); }
    await load();
    clearInterval(refreshTimer);
    // New values arrive a few times a day: a refresh every five minutes is plenty (each read is audited).
    refreshTimer = setInterval(() => { if (!document.hidden) load(); }, 300000);
  }

  async function signIn(code) {
    const r = await api('POST', '/api/v1/patient-view/session', { code });
    if (r.status === 201) { $('code').value = ''; await started(r.json); return; }
    signedOut(r.status === 429 ? t('tooMany') : r.status === 403 ? t('consentGone') : r.status === 401 || r.status === 400 ? t('codeWrong') : t('failed'));
  }

  function requestId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  let pendingRequest = null;

  $('call-me').addEventListener('click', () => {
    pendingRequest = requestId();
    $('call-form').hidden = false;
    $('call-me').hidden = true;
    $('call-done').hidden = true;
    $('call-error').hidden = true;
    $('call-text').focus();
  });
  $('call-cancel').addEventListener('click', () => {
    $('call-form').hidden = true;
    $('call-me').hidden = false;
  });
  $('call-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('call-send').disabled = true;
    // The same request id on a retry: pressing twice is one request.
    const r = await api('POST', '/api/v1/patient-view/' + encodeURIComponent(session.patientId) + '/call-me',
      { requestId: pendingRequest, text: $('call-text').value });
    $('call-send').disabled = false;
    if (r.status === 202) {
      $('call-form').hidden = true;
      $('call-me').hidden = false;
      $('call-text').value = '';
      $('call-done').textContent = t('callDone');
      $('call-done').hidden = false;
      $('announce').textContent = t('callDone');
      load();
    } else {
      $('call-error').textContent = t('callFailed');
      $('call-error').hidden = false;
    }
  });

  $('signin-form').addEventListener('submit', (e) => { e.preventDefault(); signIn($('code').value); });
  $('signout').addEventListener('click', async () => {
    await api('DELETE', '/api/v1/patient-view/session');
    signedOut(t('signedOut'));
  });
  $('lang').addEventListener('click', () => {
    lang = lang === 'da' ? 'en' : 'da';
    localStorage.setItem('pv.lang', lang);
    applyLanguage();
    if (!session) $('signin-error').hidden = true;
  });

  applyLanguage();
  // A link from the clinic carries the code after '#', which never reaches the server's logs.
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('code');
  if (fromLink) history.replaceState(null, '', location.pathname);
  api('GET', '/api/v1/patient-view/session').then((r) => {
    if (r.status === 200) started(r.json);
    else if (fromLink) signIn(fromLink);
    else signedOut(null);
  });
})();
