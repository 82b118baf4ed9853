// Every word the triage screen shows, in Danish and English: one table per kind of value the API sends as a code
// (levels, states, outcomes, conditions, measurements, units, limit names, history actions, roles), so that no
// enum name or UCUM code reaches the screen. Index 0 is Danish, 1 English.
'use strict';
window.I18N = (() => {
  const LEVELS = { GREEN: ['GRØN', 'GREEN'], YELLOW: ['GUL', 'YELLOW'], RED: ['RØD', 'RED'], CRITICAL: ['KRITISK', 'CRITICAL'] };
  const STATES = { OPEN: ['åben', 'open'], ACKNOWLEDGED: ['kvitteret', 'acknowledged'], ESCALATED: ['eskaleret til lægen', 'escalated to the doctor'],
    RESOLVED: ['afsluttet', 'resolved'] };
  const OUTCOMES = { NO_ACTION_NEEDED: ['Ingen handling nødvendig', 'No action needed'], ADVICE_BY_PHONE: ['Råd pr. telefon', 'Advice by phone'],
    TREATMENT_STARTED_VIRTUALLY: ['Behandling startet virtuelt', 'Treatment started virtually'],
    ACUTE_HOME_VISIT: ['Akut hjemmebesøg', 'Acute home visit'], MUNICIPAL_ACUTE_BED: ['Kommunal akutplads', 'Municipal acute bed'],
    HOSPITAL_ADMISSION: ['Indlæggelse', 'Hospital admission'] };
  const CONDITIONS = { COPD: ['KOL', 'COPD'], FIBROSIS: ['lungefibrose', 'pulmonary fibrosis'], AATD: ['alfa-1-antitrypsinmangel', 'alpha-1 antitrypsin deficiency'],
    HEART_FAILURE: ['hjertesvigt', 'heart failure'] };
  const ACTIONS = { OPEN: ['åbnet', 'opened'], RAISE: ['niveau hævet', 'level raised'], ACKNOWLEDGE: ['kvitteret', 'acknowledged'],
    ESCALATE: ['eskaleret', 'escalated'], REMIND: ['påmindelse sendt', 'reminder sent'], RESOLVE: ['afsluttet', 'resolved'],
    CLEAR: ['målingen er normal igen', 'the reading is normal again'], REOPEN: ['genåbnet', 'reopened'], NOTE: ['notat', 'note'],
    SNOOZE: ['udsat', 'snoozed'], DISCHARGE: ['udskrivelse registreret', 'discharge recorded'] };
  const ROLES = { nurse: ['sygeplejerske', 'nurse'], doctor: ['læge', 'doctor'], admin: ['administrator', 'administrator'],
    relative: ['pårørende', 'relative'] };
  // People the alerts module acts as; anyone else is named by the API.
  const ACTORS = { system: ['systemet', 'the system'], 'escalation-engine': ['eskaleringen', 'the escalation'],
    patient: ['patienten', 'the patient'] };
  // Notes the alerts module writes itself.
  const SYSTEM_NOTES = { 'condition cleared': ['målingen er normal igen', 'the reading is normal again'],
    'acknowledged with all green': ['kvitteret sammen med alle grønne', 'acknowledged with all green'],
    'acknowledged from notification link': ['kvitteret fra linket i beskeden', 'acknowledged from the link in the message'],
    'acknowledged with the advice': ['kvitteret med lægens råd', "acknowledged with the doctor's advice"] };
  const CHANNELS = { IN_APP: ['på skærmen', 'on screen'], EMAIL: ['e-mail', 'e-mail'], WEBHOOK: ['besked til vagtsystemet', 'message to the paging system'],
    PUSH: ['besked i lægens app', "message in the doctor's app"] };
  const LIMITS = { criticalLow: ['Kritisk nedre grænse', 'Critical lower limit'], redLow: ['Rød nedre grænse', 'Red lower limit'],
    yellowLow: ['Gul nedre grænse', 'Yellow lower limit'], yellowHigh: ['Gul øvre grænse', 'Yellow upper limit'],
    redHigh: ['Rød øvre grænse', 'Red upper limit'], criticalHigh: ['Kritisk øvre grænse', 'Critical upper limit'] };
  // Measurement names as the catalogue (MeasurementType) gives them, and the screen's unit for each.
  const MEASURES = { spo2: ['SpO2', 'SpO2'], pulse: ['Puls', 'Pulse'], resp_rate: ['Respirationsfrekvens', 'Respiratory rate'],
    temperature: ['Temperatur', 'Temperature'], weight: ['Vægt', 'Weight'], bp_systolic: ['Systolisk blodtryk', 'Systolic blood pressure'],
    bp_diastolic: ['Diastolisk blodtryk', 'Diastolic blood pressure'], fev1: ['FEV1', 'FEV1'], fvc: ['FVC', 'FVC'], fev6: ['FEV6', 'FEV6'],
    fev1_fvc: ['FEV1/FVC', 'FEV1/FVC'], pef: ['Peak flow', 'Peak flow'], cat: ['CAT-score', 'CAT score'],
    sym_breathless: ['Mere forpustet', 'More breathless'], sym_sputum_more: ['Mere slim', 'More sputum'],
    sym_sputum_colour: ['Slimfarve', 'Sputum colour'], sym_fever: ['Feber', 'Fever'], news2: ['NEWS2-point', 'NEWS2 points'],
    // Not a catalogue code: a cuff's two values shown as one ("142/62 mmHg").
    bp: ['Blodtryk', 'Blood pressure'] };
  // UCUM codes as the API sends them; null: the value is shown another way (yes/no, points, a scale step).
  const UNITS = { '%': ['%', '%'], '/min': ['/min', '/min'], '{beats}/min': ['/min', '/min'], '{breaths}/min': ['/min', '/min'],
    Cel: ['°C', '°C'], kg: ['kg', 'kg'], L: ['L', 'L'], 'L/min': ['L/min', 'L/min'], 'mm[Hg]': ['mmHg', 'mmHg'], mmHg: ['mmHg', 'mmHg'],
    '{score}': ['point', 'points'], '{ordinal}': ['', ''], '{bool}': null };
  const UNIT_OF = { spo2: '%', pulse: '/min', resp_rate: '/min', temperature: 'Cel', weight: 'kg', bp_systolic: 'mm[Hg]',
    bp_diastolic: 'mm[Hg]', fev1: 'L', fvc: 'L', fev6: 'L', fev1_fvc: '%', pef: 'L/min', cat: '{score}', news2: '{score}',
    sym_breathless: '{bool}', sym_sputum_more: '{bool}', sym_sputum_colour: '{ordinal}', sym_fever: '{bool}' };
  // Decimals where the default two would mislead: FEV1/FVC (stored as a percent, 0-100) reads as spirometry reports
  // print it, a whole percent ("70 %"), not "58,27 %" (docs/clinical-reference.md#codes).
  const DECIMALS = { fev1_fvc: 0 };
  const SPUTUM = [['klar', 'clear'], ['hvid', 'white'], ['gul', 'yellow'], ['grøn', 'green'], ['brun', 'brown'], ['blodig', 'bloody']];
  const FLAGS = { implausible: ['usandsynlig værdi', 'implausible value'], poor_quality: ['dårligt signal', 'poor signal'],
    clock_skew: ['forkert ur på udstyret', 'device clock wrong'], continuous: ['fra løbende måling', 'from continuous monitoring'] };
  // The doctor's advice to the nurse (alerts module AdviceInstruction); the alert page and the board show it.
  const ADVICE = { CALL_PATIENT_NOW: ['Ring til patienten nu', 'Call the patient now'],
    CALL_PATIENT_TODAY: ['Ring til patienten i dag', 'Call the patient today'],
    START_RESCUE_PACK: ['Start akutpakken (se tekst)', 'Start the rescue pack (see text)'],
    ACUTE_HOME_VISIT: ['Akut hjemmebesøg', 'Acute home visit'],
    REFER_ACUTE_ADMISSION: ['Henvis til akut indlæggelse', 'Refer to acute admission'],
    REPEAT_MEASUREMENT: ['Bed om en ny måling', 'Ask for a new measurement'],
    NO_ACTION: ['Ingen handling nødvendig', 'No action needed'] };
  ACTIONS.ADVISE = ['lægens råd', "doctor's advice"];
  // What an error answer from the API means to the person at the screen, by HTTP status (the API words its reasons in
  // English for developers; the English screen may add them as detail, the Danish one does not mix languages).
  const ERRORS = {
    0: ['Ingen forbindelse til hubben: tjek netværket og prøv igen', 'No connection to the hub: check the network and try again'],
    400: ['Oplysningerne kan ikke bruges: tjek felterne og prøv igen', 'The details cannot be used: check the fields and try again'],
    401: ['Du er ikke logget ind (eller sessionen er udløbet): log ind igen', 'You are not signed in (or the session has ended): sign in again'],
    403: ['Du har ikke adgang til dette', 'You do not have access to this'],
    404: ['Findes ikke (eller er fjernet)', 'Not found (or removed)'],
    409: ['Det passer ikke med det, der allerede er registreret (måske ændret af en anden): opdatér siden og prøv igen',
      'It conflicts with what is already recorded (perhaps changed by someone else): refresh the page and try again'],
    413: ['Det sendte er for stort', 'What was sent is too large'],
    415: ['Det sendte har et format, hubben ikke læser', 'What was sent is in a format the hub does not read'],
    422: ['Det kan ikke lade sig gøre, som tingene står nu', 'That cannot be done as things stand now'],
    429: ['For mange forsøg lige nu: vent lidt og prøv igen', 'Too many attempts just now: wait a little and try again'],
    500: ['Fejl i hubben: prøv igen, og kontakt support, hvis det bliver ved', 'A fault in the hub: try again, and contact support if it persists'],
    503: ['Hubben er midlertidigt utilgængelig (starter eller er overbelastet): prøv igen om lidt',
      'The hub is unavailable for the moment (starting or overloaded): try again shortly'] };
  // Reasons a person needs in words of their own (the status alone would hide why), by the API's exact text.
  const ERROR_REASONS = {
    'the patient has withdrawn the consent that gave you access': ['Patienten har trukket det samtykke tilbage, der gav dig adgang',
      'The patient has withdrawn the consent that gave you access'],
    'the task is already resolved': ['Opgaven er allerede håndteret', 'The task has already been handled'],
    // A unique key taken (a device id, serial number or e-mail used before): refreshing would not help.
    'already exists': ['Det findes allerede: samme id, serienummer eller e-mail er brugt før', 'It already exists: the same id, serial number or e-mail is in use'],
    'the advice was carried out already, or newer advice replaced it': [
      'Rådet er allerede udført, eller lægen har givet et nyere råd', 'The advice was carried out already, or the doctor gave newer advice'],
    'newer readings joined the alert after it was shown: look at them before resolving': [
      'Der er kommet nyere målinger til alarmen, siden den blev vist: se dem, før du afslutter',
      'Newer readings joined the alert after it was shown: look at them before closing it'],
    // Refusals a form's own fields cause: the Danish screen said only "check the fields".
    "'reason' is required": ['Skriv en begrundelse', 'Write a reason'],
    'a password needs at least 8 characters': ['Adgangskoden skal have mindst 8 tegn', 'The password needs at least 8 characters'],
    "'to' must be after 'from'": ['"Til" skal ligge efter "Fra"', '"To" must be after "From"'] };
  /** A number with its unit word: Danish writes "88 %", English "88%"; other units keep their space. */
  const withUnit = (number, unitWord, langIndex) => number + (unitWord ? (unitWord === '%' && langIndex !== 0 ? '' : ' ') + unitWord : '');
  /**
   * An instant as every staff screen writes it, "lør. 5. dec. 07.22" / "Sat 5 Dec 07:22" (the year only when it is not
   * this year), so that the board, the patient page and the alert page read alike; in the browser's zone unless given one
   * (the rota is in the clinic's).
   */
  function when(iso, langIndex, timeZone) {
    if (!iso) return '';
    const d = new Date(iso);
    const locale = langIndex === 0 ? 'da-DK' : 'en-GB';
    const date = { weekday: 'short', day: 'numeric', month: 'short', timeZone };
    if (d.getFullYear() !== new Date().getFullYear()) date.year = 'numeric';
    return d.toLocaleDateString(locale, date) + ' ' + d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone });
  }
  // A cuff measures one blood pressure, which the clinic writes "142/62 mmHg": a message's (or the latest) systolic and
  // diastolic values of one instant become one entry, { code: 'bp', value: [systolic, diastolic] }.
  function withBloodPressure(values) {
    const sys = values.find((v) => v.code === 'bp_systolic');
    const dia = values.find((v) => v.code === 'bp_diastolic');
    if (!sys || !dia || sys.measuredAt !== dia.measuredAt) return values;
    const bp = { code: 'bp', value: [sys.value, dia.value], unit: sys.unit, measuredAt: sys.measuredAt,
      flags: [...new Set([...(sys.flags || []), ...(dia.flags || [])])] };
    return values.flatMap((v) => (v === sys ? [bp] : v === dia ? [] : [v]));
  }
  /** A reading's number as the screens write it: the language's decimal sign, the code's decimals, blood pressure "142/62". */
  function number(value, code, langIndex) {
    const one = (v, decimals) => Number(v).toLocaleString(langIndex === 0 ? 'da-DK' : 'en-GB', { maximumFractionDigits: decimals, useGrouping: false });
    return Array.isArray(value) ? value.map((v) => one(v, 0)).join('/') : one(value, DECIMALS[code] ?? 2);
  }
  /** The sentence for an error answer: the status's own, else its class's (4xx as 400, 5xx as 500). */
  const errorText = (status, langIndex) => (ERRORS[status] || ERRORS[status >= 500 ? 500 : status >= 400 ? 400 : 0])[langIndex];
  return { ERRORS, ERROR_REASONS, errorText, withUnit, number, when, withBloodPressure, ADVICE, CHANNELS, LEVELS, STATES, OUTCOMES, CONDITIONS, ACTIONS, ROLES, ACTORS, SYSTEM_NOTES, LIMITS, MEASURES, UNITS, UNIT_OF, DECIMALS, SPUTUM, FLAGS };
})();
