// Administration in the browser (the admin's home) and the staff's patient list: enrolment with a measuring plan
// picked in words, the kit, relatives with consent, users and paging, the on-call week, escalation, the audit log
// and the quarantine. Plain JavaScript on top of app.js's helpers (window.APP); every word from the tables below.
'use strict';
window.AdminScreens = (() => {
  const T = {
    da: { admin: 'Administration', patients: 'Patienter', enrol: 'Indskriv patient', devices: 'Udstyr', users: 'Brugere og roller',
      rota: 'Vagtplan', escalation: 'Eskalering', audit: 'Revisionslog', pageVia: 'via', pageNamed: 'med navn', pagePseudonym: 'med pseudonym', quarantine: 'Afviste målinger',
      enrolHint: 'Ny patient med plan, kontaktsygeplejerske og lighedsfaktorer', patientsHint: 'Alle indskrevne patienter, søg på navn',
      devicesHint: 'Registrér, tilknyt og udfas udstyr', usersHint: 'Sygeplejersker, læger, administratorer og hvor de kaldes',
      rotaHint: 'Hvem har vagt, uge for uge', escalationHint: 'Hvem kaldes, og hvornår, for hvert niveau',
      auditHint: 'Hvem så eller ændrede hvad', quarantineHint: 'Beskeder hubben afviste, med begrundelse',
      name: 'Navn', condition: 'Sygdom', language: 'Sprog', danish: 'Dansk', english: 'Engelsk', clinic: 'Klinik',
      contactNurse: 'Kontaktsygeplejerske', noNurse: '(ingen endnu)', municipality: 'Kommune', patientPhone: 'Patientens telefon', birthDate: 'Fødselsdato', livesAlone: 'Bor alene',
      noOwnGp: 'Ingen egen læge', needsTabletHelp: 'Har brug for hjælp til tablet', equality: 'Lighedsfaktorer',
      plan: 'Måleplan', measurement: 'Måling', addMeasurement: 'Tilføj måling', remove: 'Fjern', startDate: 'Startdato',
      first: 'Først', forDays: 'i', daysThen: 'dage, derefter', always: '(hele forløbet)', save: 'Gem', saved: 'Gemt',
      enrolButton: 'Indskriv', enrolled: 'Patienten er indskrevet', nameRequired: 'Skriv patientens navn',
      kit: 'Udstyr (kit)', kind: 'Type', deviceId: 'Serienummer', register: 'Registrér', registerAndBind: 'Registrér og tilknyt',
      bind: 'Tilknyt', unbind: 'Fjern fra patienten', retire: 'Udfas', retired: 'udfaset', boundTo: 'Tilknyttet',
      notBound: 'ikke tilknyttet', freeDevice: 'Ledigt udstyr', chooseDevice: 'Vælg udstyr …', history: 'Tilknytninger',
      from: 'Fra', to: 'Til', now: 'nu', by: 'af', status: 'Status', lastSeen: 'Sidst set', battery: 'Batteri',
      relatives: 'Pårørende', relation: 'Relation', email: 'E-mail', startPassword: 'Startadgangskode (mindst 8 tegn)',
      consent: 'Patienten har givet samtykke til, at den pårørende kan se målingerne', consentNote: 'Hvordan samtykket blev givet',
      addRelative: 'Tilføj pårørende', withdraw: 'Træk samtykke tilbage', withdrawn: 'samtykke trukket tilbage', consentGiven: 'samtykke registreret',
      consentRequired: 'Samtykket skal være givet og beskrevet', manage: 'Administrér', openPage: 'Patientside',
      search: 'Søg på navn', adherence: 'Adhærens (7 dage)', latest: 'Seneste værdier', openAlert: 'Åben alarm', none: 'ingen',
      lastReading: 'Seneste måling', noPatients: 'Ingen patienter', statusMissing: '–',
      role: 'Rolle', active: 'Aktiv', inactive: 'Deaktiveret', createUser: 'Opret bruger', deactivate: 'Deaktivér', activate: 'Aktivér',
      noMailServer: 'Hubben har ingen mailserver sat op: trinene med e-mail herunder når ingen. Bed IT sætte mailserveren op, eller kald også på skærmen.',
      cannotSignIn: 'Personen kan ikke længere logge ind.',
      changeRoleOf: 'Skift rolle for', roleFrom: 'fra', roleTo: 'til', roleChangeMeans: 'Det ændrer, hvad personen kan se og gøre.',
      stillOnCall: 'står stadig i vagtplanen:', fillFirst: 'Sæt en anden ind dér først (Vagtplan eller Eskalering), og prøv igen.',
      dutyRotation: 'fast vagt', dutyOverride: 'vagtbytte', dutyPolicy: 'eskaleringen af', dutyElsewhere: 'en anden kliniks vagtplan',
      password: 'Adgangskode (mindst 8 tegn)', paging: 'Kaldes via', pagingEdit: 'Ret kaldemåde', pagedScreen: 'på skærmen', pagedEmail: 'e-mail', pagedPush: 'push til telefonen', pagedWebhook: 'klinikkens kaldesystem', pagedNone: 'kan ikke kaldes', pagedDefault: 'standard, indtil det rettes', pagingOf: 'Sådan kaldes', inApp: 'På skærmen', workPhone: 'Arbejdstelefon (til opkaldsknapper)',
      week: 'Uge', prevWeek: '← Forrige uge', nextWeek: 'Næste uge →', nobody: 'ingen', allDay: 'hele døgnet', rotations: 'Rotationer', overrides: 'Vagtbytter',
      addRotation: 'Ny rotation', addOverride: 'Nyt vagtbytte', members: 'Deltagere (i rækkefølge)', handover: 'Vagtskifte kl.',
      handoverMore: 'Næste vagtskifte kl. (valgfrit)', addMember: 'Tilføj', moveUp: 'Flyt op', remove: 'Fjern', noMembers: 'Ingen endnu',
      inTurn: 'De tager vagterne på skift i denne rækkefølge, den første fra første vagtskifte den første dag.',
      deleteRotation: 'Slet rotationen', deleteRotationMeans: 'Vagtplanen viser den så ikke længere, heller ikke for uger, der er gået. Skal den blot stoppe, så giv den en sidste vagtdag (»Sidste vagtdag …«): ugerne, der er gået, bliver stående.',
      replacedFrom: 'afløses fra', neverApplies: 'gælder ikke: en nyere for rollen starter samme dag',
      fromDay: 'fra', everyDay: 'hver dag', through: 'til og med', lastDate: 'Sidste vagtdag (valgfri)', setLastDate: 'Sidste vagtdag …', lastDay: 'Sidste vagtdag',
      lastDateHint: 'Med en sidste vagtdag står rotationen i stedet for rollens ordinære til næste dags første vagtskifte, fx en juleplan; derefter gælder den ordinære igen.',
      rotationDays: 'Vagtskiftene sker hver … dag (1 = hver dag, 7 = ugevagter)', anchorDate: 'Første vagtdag', person: 'Person', reason: 'Begrundelse', delete: 'Slet',
      fromOverride: 'vagtbytte', fromRotation: 'rotation', hoursShort: 't', shiftChange: 'skifte',
      level: 'Niveau', isDefault: 'standard', own: 'klinikkens egen', afterMin: 'efter', minutes: 'min', repeatEvery: 'gentages hver',
      deadline: 'svarfrist', reminderAck: 'påmindelse efter kvittering',
      action: 'Handling', patient: 'Patient', user: 'Bruger', allPatients: 'alle patienter', allUsers: 'alle brugere', allActions: 'alle handlinger',
      filter: 'Vis', time: 'Tid', target: 'Hvad', entries: 'poster', entry: 'post', newestEntries: 'De nyeste', moreEntries: 'poster; der er flere', showMore: 'Vis flere',
      device: 'Udstyr', reasonCol: 'Begrundelse', keepsFailing: 'Udstyr der bliver ved med at fejle', rejections: 'afvisninger',
      unregistered: 'ukendt udstyr', otherClinic: 'registreret i en anden klinik', noQuarantine: 'Ingen afviste beskeder',
      bytes: 'byte', failed: 'Det lykkedes ikke', back: '← Administration', unknown: 'ukendt' },
    en: { admin: 'Administration', patients: 'Patients', enrol: 'Enrol a patient', devices: 'Devices', users: 'Users and roles',
      rota: 'On-call rota', escalation: 'Escalation', audit: 'Audit log', pageVia: 'by', pageNamed: 'with name', pagePseudonym: 'with pseudonym', quarantine: 'Rejected readings',
      enrolHint: 'New patient with plan, contact nurse and equality facts', patientsHint: 'Every enrolled patient, search by name',
      devicesHint: 'Register, bind and retire devices', usersHint: 'Nurses, doctors, admins and where they are paged',
      rotaHint: 'Who is on call, week by week', escalationHint: 'Who is paged, and when, for each level',
      auditHint: 'Who read or changed what', quarantineHint: 'Messages the hub refused, with the reason',
      name: 'Name', condition: 'Condition', language: 'Language', danish: 'Danish', english: 'English', clinic: 'Clinic',
      contactNurse: 'Contact nurse', noNurse: '(none yet)', municipality: 'Municipality', patientPhone: "Patient's phone", birthDate: 'Date of birth', livesAlone: 'Lives alone',
      noOwnGp: 'No own GP', needsTabletHelp: 'Needs help with the tablet', equality: 'Equality facts',
      plan: 'Measuring plan', measurement: 'Measurement', addMeasurement: 'Add a measurement', remove: 'Remove', startDate: 'Start date',
      first: 'First', forDays: 'for', daysThen: 'days, then', always: '(throughout)', save: 'Save', saved: 'Saved',
      enrolButton: 'Enrol', enrolled: 'The patient is enrolled', nameRequired: "Write the patient's name",
      kit: 'Kit', kind: 'Kind', deviceId: 'Serial number', register: 'Register', registerAndBind: 'Register and bind',
      bind: 'Bind', unbind: 'Take from the patient', retire: 'Retire', retired: 'retired', boundTo: 'Bound to',
      notBound: 'not bound', freeDevice: 'Free device', chooseDevice: 'Choose a device …', history: 'Bindings',
      from: 'From', to: 'To', now: 'now', by: 'by', status: 'Status', lastSeen: 'Last seen', battery: 'Battery',
      relatives: 'Relatives', relation: 'Relation', email: 'E-mail', startPassword: 'Starting password (at least 8 characters)',
      consent: 'The patient has consented to the relative seeing the measurements', consentNote: 'How the consent was given',
      addRelative: 'Add a relative', withdraw: 'Withdraw consent', withdrawn: 'consent withdrawn', consentGiven: 'consent recorded',
      consentRequired: 'The consent must be given and described', manage: 'Manage', openPage: 'Patient page',
      search: 'Search by name', adherence: 'Adherence (7 days)', latest: 'Latest values', openAlert: 'Open alert', none: 'none',
      lastReading: 'Latest reading', noPatients: 'No patients', statusMissing: '–',
      role: 'Role', active: 'Active', inactive: 'Deactivated', createUser: 'Create a user', deactivate: 'Deactivate', activate: 'Activate',
      noMailServer: 'This hub has no mail server set up: the steps by e-mail below reach nobody. Ask IT to set up the mail server, or page on screen too.',
      cannotSignIn: 'They can no longer sign in.',
      changeRoleOf: 'Change the role of', roleFrom: 'from', roleTo: 'to', roleChangeMeans: 'It changes what the person can see and do.',
      stillOnCall: 'is still on call:', fillFirst: 'Put someone else there first (Rota or Escalation), then try again.',
      dutyRotation: 'rotation', dutyOverride: 'swap', dutyPolicy: 'the escalation of', dutyElsewhere: "another clinic's rota",
      password: 'Password (at least 8 characters)', paging: 'Paged by', pagingEdit: 'Change paging', pagedScreen: 'on screen', pagedEmail: 'e-mail', pagedPush: 'push to phone', pagedWebhook: "the clinic's paging system", pagedNone: 'cannot be paged', pagedDefault: 'default until changed', pagingOf: 'How to page', inApp: 'On screen', workPhone: 'Work phone (for call buttons)',
      week: 'Week', prevWeek: '← Previous week', nextWeek: 'Next week →', nobody: 'nobody', allDay: 'all day', rotations: 'Rotations', overrides: 'Swapped shifts',
      addRotation: 'New rotation', addOverride: 'New swapped shift', members: 'Members (in turn)', handover: 'Handover at',
      handoverMore: 'Next handover at (optional)', addMember: 'Add', moveUp: 'Move up', remove: 'Remove', noMembers: 'None yet',
      inTurn: 'They take the shifts in turn in this order, the first from the first handover on the first day.',
      deleteRotation: 'Delete the rotation', deleteRotationMeans: 'The rota will no longer show it, not even for past weeks. To stop it, give it a last day ("Last day …"): the past weeks stay.',
      replacedFrom: 'replaced from', neverApplies: 'does not apply: a newer one for the role starts the same day',
      fromDay: 'from', everyDay: 'every day', through: 'through', lastDate: 'Last day (optional)', setLastDate: 'Last day …', lastDay: 'Last day',
      lastDateHint: "With a last day the rotation stands in for the role's ordinary one until the next day's first handover, e.g. a holiday rota; then the ordinary one applies again.",
      rotationDays: 'Handovers happen every … days (1 = every day, 7 = weekly duty)', anchorDate: 'First day', person: 'Person', reason: 'Reason', delete: 'Delete',
      fromOverride: 'swapped shift', fromRotation: 'rotation', hoursShort: 'h', shiftChange: 'handover',
      level: 'Level', isDefault: 'default', own: "the clinic's own", afterMin: 'after', minutes: 'min', repeatEvery: 'repeats every',
      deadline: 'response deadline', reminderAck: 'reminder after acknowledgement',
      action: 'Action', patient: 'Patient', user: 'User', allPatients: 'all patients', allUsers: 'all users', allActions: 'all actions',
      filter: 'Show', time: 'Time', target: 'What', entries: 'entries', entry: 'entry', newestEntries: 'The newest', moreEntries: 'entries; there are more', showMore: 'Show more',
      device: 'Device', reasonCol: 'Reason', keepsFailing: 'Devices that keep failing', rejections: 'rejections',
      unregistered: 'unknown device', otherClinic: 'registered to another clinic', noQuarantine: 'No rejected messages',
      bytes: 'bytes', failed: 'That did not work', back: '← Administration', unknown: 'unknown' }
  };
  const KINDS = { OXIMETER: ['Pulsoximeter', 'Pulse oximeter'], WEARABLE_OXIMETER: ['Pulsoximeter til løbende måling', 'Wearable oximeter'],
    SPIROMETER: ['Spirometer', 'Spirometer'], THERMOMETER: ['Termometer', 'Thermometer'], SCALE: ['Vægt', 'Scale'],
    BP_CUFF: ['Blodtryksmåler', 'Blood pressure cuff'], TABLET: ['Tablet', 'Tablet'] };
  // READY: active but bound to no patient (the API's ACTIVE says only that it is not retired).
  const DEVICE_STATUS = { ACTIVE: ['i brug', 'in use'], READY: ['klar', 'ready'], RETIRED: ['udfaset', 'retired'], OFFLINE: ['offline', 'offline'],
    REGISTERED: ['registreret', 'registered'], ONLINE: ['online', 'online'] };
  // How often, as a person says it.
  const CADENCES = { TWICE_DAILY: ['2 gange dagligt', 'twice a day'], DAILY: ['dagligt', 'daily'],
    TWICE_WEEKLY: ['2 gange om ugen', 'twice a week'], WEEKLY: ['ugentligt', 'weekly'] };
  const SCHEDULED = ['spo2', 'pulse', 'cat', 'fev1', 'pef', 'weight', 'temperature', 'bp_systolic'];
  const LANGUAGES = { da: ['dansk', 'Danish'], en: ['engelsk', 'English'] };
  // Patient status from the status work (admitted, ended); shown when the API sends it.
  const PATIENT_STATUS = { ACTIVE: ['i forløb', 'enrolled'], ADMITTED: ['indlagt', 'admitted'], ENDED: ['afsluttet', 'ended'],
    PASSIVE: ['pause i målinger', 'pause in measuring'] };
  // The status as a code or as an object carrying one (whichever shape the status work settles on).
  const statusText = (st) => w(PATIENT_STATUS, String(typeof st === 'object' ? st.state || st.code || st.status : st).toUpperCase());
  const REASONS = {
    PAYLOAD_TOO_LARGE: ['Beskeden er større end tilladt', 'The message is larger than allowed'],
    NOT_UTF8: ['Beskeden er ikke tekst i det aftalte format', 'The message is not text in the agreed format'],
    MALFORMED_JSON: ['Beskeden kan ikke læses (ugyldigt format)', 'The message cannot be read (invalid format)'],
    DUPLICATE_KEY: ['Beskeden kan læses på to måder (et felt står to gange)', 'The message can be read two ways (a field appears twice)'],
    NOT_AN_OBJECT: ['Beskeden har ikke den aftalte form', 'The message does not have the agreed shape'],
    NUL_CHARACTER: ['Beskeden indeholder et ugyldigt tegn', 'The message contains an invalid character'],
    BAD_TOPIC: ['Sendt til en forkert adresse', 'Sent to a wrong address'],
    UNSUPPORTED_VERSION: ['Udstyret bruger en version hubben ikke kender', 'The device uses a version the hub does not know'],
    MISSING_FIELD: ['Et nødvendigt felt mangler', 'A required field is missing'],
    WRONG_TYPE: ['Et felt har en forkert type', 'A field has the wrong type'],
    UNKNOWN_KIND: ['Ukendt slags besked', 'Unknown kind of message'],
    UNKNOWN_CODE: ['Ukendt måling', 'Unknown measurement'],
    UNIT_MISMATCH: ['Målingen har en enhed, der ikke passer', 'The measurement has a unit that does not fit'],
    IMPOSSIBLE_VALUE: ['Værdien er fysisk umulig', 'The value is physically impossible'],
    INCONSISTENT_VALUES: ['Værdierne modsiger hinanden', 'The values contradict each other'],
    TIME_IN_FUTURE: ['Målingens tid ligger i fremtiden (forkert ur?)', "The measurement's time lies in the future (wrong clock?)"],
    TIME_TOO_OLD: ['Målingen er for gammel til at blive modtaget', 'The measurement is too old to be accepted'],
    UNKNOWN_DEVICE: ['Udstyret er ikke registreret', 'The device is not registered'],
    CLINIC_MISMATCH: ['Udstyret er registreret i en anden klinik', 'The device is registered to another clinic'],
    DEVICE_RETIRED: ['Udstyret er udfaset', 'The device is retired'],
    DEVICE_NOT_BOUND: ['Udstyret var ikke tilknyttet en patient, da der blev målt', 'The device was not bound to a patient when it measured'],
    STORAGE_REJECTED: ['Databasen afviste beskeden', 'The database refused the message'],
    INTERNAL_ERROR: ['Fejl i hubben (gemt, så beskeden kan behandles igen)', 'A fault in the hub (kept so the message can be replayed)'] };
  // Every action the hub writes to the audit log (hub/src/main/java: Access, Audit, PatientLabelStore), in words;
  // an action missing here is marked on the page (AdminBrowserTest fails on it).
  const AUDIT_ACTIONS = { 'patient.create': ['patient indskrevet', 'patient enrolled'], 'patient.read': ['patient set', 'patient read'],
    'patients.list': ['patientliste set', 'patient list read'], 'patient.care.change': ['forløb ændret', 'care changed'],
    'device.create': ['udstyr registreret', 'device registered'], 'device.bind': ['udstyr tilknyttet', 'device bound'],
    'device.unbind': ['udstyr fjernet', 'device unbound'], 'device.retire': ['udstyr udfaset', 'device retired'],
    'user.create': ['bruger oprettet', 'user created'], 'user.change': ['bruger ændret', 'user changed'],
    'user.deactivate': ['deaktivering af bruger', 'user deactivation'], 'user.activate': ['aktivering af bruger', 'user activation'],
    'user.role.change': ['ændring af brugers rolle', "change of a user's role"],
    'user.change.not-done': ['ændringen af brugeren blev ikke gennemført', 'the change to the user was not carried out'],
    'user.contact.change': ['kald ændret', 'paging changed'], 'relatives.add': ['pårørende tilføjet', 'relative added'],
    'relatives.withdraw': ['samtykke trukket tilbage', 'consent withdrawn'], 'relatives.read': ['pårørende set', 'relatives read'],
    'readings.read': ['målinger set', 'readings read'], 'schedules.change': ['måleplan ændret', 'plan changed'],
    'schedules.read': ['måleplan set', 'plan read'], 'devices.read': ['udstyr set', 'devices read'],
    'quarantine.read': ['afviste beskeder set', 'rejected messages read'], 'limits.change': ['grænser ændret', 'limits changed'],
    'limits.read': ['grænser set', 'limits read'],
    'oncall.rotation.create': ['rotation oprettet', 'rotation created'], 'oncall.rotation.change': ['rotationens sidste vagtdag ændret', "rotation's last day changed"], 'oncall.rotation.delete': ['rotation slettet', 'rotation deleted'],
    'oncall.override.create': ['vagtbytte oprettet', 'swapped shift created'], 'oncall.override.delete': ['vagtbytte slettet', 'swapped shift deleted'],
    'escalation-policy.change': ['eskalering ændret', 'escalation changed'],
    'escalation-policy.reset': ['eskalering sat til standard', 'escalation reset to the default'],
    'escalation.policy.change': ['eskalering ændret', 'escalation changed'],
    'clinic.paging.change': ['navne i beskeder ændret', 'names in pages changed'],
    'alert.read': ['alarm set', 'alert read'], 'alerts.list': ['alarmliste set', 'alert list read'],
    'alerts.history.read': ['alarmhistorik set', 'alert history read'], 'alert.page.read': ['alarmside set', 'alert page read'],
    'alert.acknowledge': ['alarm kvitteret', 'alert acknowledged'], 'alerts.acknowledge-green': ['grønne kvitteret', 'green acknowledged'],
    'alert.resolve': ['alarm afsluttet', 'alert resolved'], 'alert.note': ['notat skrevet', 'note written'],
    'alert.snooze': ['alarm udsat', 'alert snoozed'], 'alert.escalate': ['sendt til lægen', 'sent to the doctor'],
    'alert.advise': ['lægens råd givet', "doctor's advice given"], 'alert.advice.carry-out': ['råd udført', 'advice carried out'],
    'alert-link.open': ['link i besked åbnet', 'link in a page opened'], 'alert-link.view': ['alarm set via link', 'alert read by link'],
    'alert-link.acknowledge': ['kvitteret via link', 'acknowledged by link'], 'alert-link.advise': ['råd givet via link', 'advice given by link'],
    'alert-link.resolve': ['afsluttet via link', 'resolved by link'], 'alert-link.refused': ['link afvist', 'link refused'],
    'page.disclosed': ['besked sendt om patienten', 'page about the patient sent'],
    'page.not-delivered': ['besked om patienten kom ikke frem', 'page about the patient not delivered'],
    'board.read': ['triageskærm set', 'triage screen read'], 'triage.read': ['triage set', 'triage read'],
    'overview.read': ['klinikoverblik set', 'clinic overview read'], 'timeline.read': ['forløb set', 'timeline read'],
    'contacts.read': ['kontakter set', 'contacts read'], 'contact.log': ['kontakt registreret', 'contact logged'],
    'messages.read': ['beskeder set', 'messages read'], 'message.send': ['besked sendt til patienten', 'message sent to the patient'],
    'tasks.list': ['opgaver set', 'tasks read'], 'task.resolve': ['opgave håndteret', 'task handled'],
    'status.read': ['status set', 'status read'], 'status.admit': ['indlæggelse registreret', 'admission recorded'],
    'status.discharge': ['udskrivelse registreret', 'discharge recorded'], 'status.passive.start': ['pause registreret', 'pause recorded'],
    'status.passive.end': ['pause afsluttet', 'pause ended'], 'status.enrolment.end': ['indskrivning afsluttet', 'enrolment ended'],
    'status.enrolment.resume': ['indskrivning genoptaget', 'enrolment resumed'],
    'status.personal-best.set': ['personlig bedste sat', 'personal best set'],
    'spo2-prescription.read': ['SpO2-mål set', 'SpO2 target read'], 'spo2-prescription.prescribe': ['SpO2-mål ordineret', 'SpO2 target prescribed'],
    'spo2-prescription.revoke': ['SpO2-mål ophævet', 'SpO2 target revoked'],
    'patient-view.read': ['patientens egen side set', "patient's own page read"],
    'patient-view.sign-in': ['patienten logget ind', 'patient signed in'], 'patient-view.call-me': ['patienten bad om opkald', 'patient asked to be called'],
    'patient-view.code.issue': ['kode til patienten udstedt', 'code for the patient issued'],
    'patient-view.sessions.end': ['patientens log-ind afsluttet', "patient's sign-ins ended"] };

  // Older names of an action, still in old rows of the log: read, not offered in the filter twice.
  const LEGACY_AUDIT_ACTIONS = new Set(['escalation.policy.change']);

  const A = () => window.APP;
  const lang = () => A().lang();
  const L = () => (lang() === 'da' ? 0 : 1);
  const t = (k) => (T[lang()] && T[lang()][k]) || A().t(k);
  const w = (table, code) => (code && table[code] ? table[code][L()] : code ? String(code).toLowerCase().replace(/[_.]/g, ' ') : t('unknown'));
  const h = (...a) => A().h(...a);
  const api = (...a) => A().api(...a);
  const view = () => document.getElementById('view');
  const fmtTime = (iso) => A().fmtTime(iso);
  const isAdmin = () => A().session() && A().session().user.role === 'admin';
  const ROUTES = ['admin', 'patients', 'quarantine'];

  // ----- shared pieces -----
  const field = (label, control) => h('label', { class: 'adm-field' }, h('span', {}, label), control);
  const select = (attrs, options, chosen) => h('select', attrs,
    options.map(([value, text]) => h('option', { value, selected: String(value) === String(chosen) ? true : null }, text)));
  const status = (id) => h('p', { id, class: 'adm-status', role: 'status' });
  // A refusal is brought into sight: below a form's button it could lie just off the screen.
  const say = (el, text, bad) => {
    el.textContent = text;
    el.classList.toggle('error', !!bad);
    if (bad && el.isConnected) el.scrollIntoView({ block: 'nearest' });
  };
  const back = () => h('a', { href: '#/admin', class: 'adm-back' }, t('back'));
  const page = (title, ...children) => h('div', { class: 'adm' }, isAdmin() ? back() : null, h('h2', {}, title), ...children);
  async function clinics() { return (await api('GET', '/api/v1/clinics')).clinics; }
  const clinicSelect = (list, id) => (list.length > 1
    ? field(t('clinic'), select({ id }, list.map((c) => [c.id, c.name]))) : null);
  const clinicOf = (id, list) => (document.getElementById(id) ? document.getElementById(id).value : list[0] && list[0].id);
  const conditionOptions = () => Object.keys(window.I18N.CONDITIONS).map((c) => [c, w(window.I18N.CONDITIONS, c)]);
  const measureName = (code) => w(window.I18N.MEASURES, code);

  // A measuring plan in words: "twice a day for the first 14 days, then twice a week".
  function phasesText(phases) {
    const parts = String(phases || '').split(',').filter(Boolean).map((p) => {
      const [cad, range] = p.split(':');
      const [fromDay, untilDay] = (range || '0-').split('-');
      return { cad, from: Number(fromDay), until: untilDay === '' ? null : Number(untilDay) };
    });
    if (!parts.length) return '';
    return parts.map((p, i) => {
      const c = w(CADENCES, p.cad);
      if (p.until === null) return i === 0 ? c : (lang() === 'da' ? 'derefter ' : 'then ') + c;
      const days = p.until - p.from;
      const span = lang() === 'da' ? (i === 0 ? 'de første ' + days + ' dage' : 'de næste ' + days + ' dage')
        : (i === 0 ? 'for the first ' + days + ' days' : 'for the next ' + days + ' days');
      return (i === 0 ? c : (lang() === 'da' ? 'derefter ' : 'then ') + c) + ' ' + span;
    }).join(', ');
  }
  // A standard plan for the condition (docs/clinical-reference.md#schedules).
  const defaultPlan = (condition) => (condition === 'HEART_FAILURE'
    ? [{ code: 'weight', first: 'DAILY', days: '', then: 'DAILY' }]
    : [{ code: 'spo2', first: 'TWICE_DAILY', days: 14, then: 'TWICE_WEEKLY' }, { code: 'cat', first: 'TWICE_DAILY', days: 14, then: 'TWICE_WEEKLY' }]);
  const planPhases = (row) => (row.days === '' || row.days === null || Number(row.days) <= 0 || row.first === row.then
    ? row.first + ':0-' : row.first + ':0-' + Number(row.days) + ',' + row.then + ':' + Number(row.days) + '-');
  function parsePlanRow(code, phases) {
    const parts = String(phases).split(',');
    const [c1, r1] = parts[0].split(':');
    const until = (r1 || '0-').split('-')[1];
    return { code, first: c1, days: until === '' ? '' : Number(until), then: parts[1] ? parts[1].split(':')[0] : c1 };
  }

  // The plan picker: one row per measurement (what, how often first, for how many days, how often after),
  // with the plan as a person reads it under each row.
  function planPicker(rows) {
    const box = h('div', { class: 'adm-plan', id: 'plan' });
    const cadenceOptions = Object.keys(CADENCES).map((c) => [c, w(CADENCES, c)]);
    const paint = () => {
      box.replaceChildren(...rows.map((row, i) => {
        const words = h('p', { class: 'adm-plan-words' }, phasesText(planPhases(row)));
        const upd = (k) => (e) => { row[k] = e.target.value; words.textContent = phasesText(planPhases(row)); };
        return h('div', { class: 'adm-plan-row', 'data-row': i },
          select({ class: 'plan-code', 'aria-label': t('measurement'), onchange: upd('code') }, SCHEDULED.map((c) => [c, measureName(c)]), row.code),
          select({ class: 'plan-first', 'aria-label': t('first'), onchange: upd('first') }, cadenceOptions, row.first),
          h('span', {}, t('forDays')),
          h('input', { class: 'plan-days', type: 'number', min: '0', max: '365', value: row.days, 'aria-label': t('daysThen'), oninput: upd('days'), onchange: upd('days') }),
          h('span', {}, t('daysThen')),
          select({ class: 'plan-then', 'aria-label': t('daysThen'), onchange: upd('then') }, cadenceOptions, row.then),
          h('button', { type: 'button', class: 'link', onclick: () => { rows.splice(i, 1); paint(); } }, t('remove')),
          words);
      }), h('button', { type: 'button', id: 'plan-add', onclick: () => { rows.push({ code: 'pulse', first: 'DAILY', days: '', then: 'DAILY' }); paint(); } }, t('addMeasurement')));
    };
    paint();
    box.rows = rows;
    box.repaint = paint;
    return box;
  }
  async function savePlan(patientId, rows, startDate) {
    for (const row of rows) {
      await api('PUT', '/api/v1/patients/' + patientId + '/schedules/' + encodeURIComponent(row.code),
        { phases: planPhases(row), startDate: startDate || undefined });
    }
  }
  async function nurses(clinic) {
    const users = (await api('GET', '/api/v1/users')).users;
    return users.filter((u) => u.role === 'nurse' && u.active && (!clinic || u.clinics.includes(clinic)));
  }

  // ----- home -----
  function renderHome() {
    const tiles = [['#/admin/enrol', 'enrol', 'enrolHint'], ['#/patients', 'patients', 'patientsHint'], ['#/admin/devices', 'devices', 'devicesHint'],
      ['#/admin/quarantine', 'quarantine', 'quarantineHint'], ['#/admin/rota', 'rota', 'rotaHint'], ['#/admin/users', 'users', 'usersHint'],
      ['#/admin/escalation', 'escalation', 'escalationHint'], ['#/admin/audit', 'audit', 'auditHint']];
    view().replaceChildren(h('div', { class: 'adm', id: 'admin-home' }, h('h2', {}, t('admin')),
      h('ul', { class: 'adm-tiles' }, tiles.map(([href, title, hint]) => h('li', {},
        h('a', { href, id: 'tile-' + title }, h('strong', {}, t(title)), h('span', {}, t(hint))))))));
  }

  // ----- enrolment -----
  async function renderEnrol() {
    const list = await clinics();
    const nurseList = await nurses(list[0] && list[0].id);
    const rows = defaultPlan('COPD');
    const picker = planPicker(rows);
    const msg = status('enrol-status');
    const form = h('form', { id: 'enrol-form', class: 'adm-form' },
      clinicSelect(list, 'enrol-clinic'),
      field(t('name'), h('input', { id: 'enrol-name', required: true, autocomplete: 'off' })),
      field(t('condition'), select({ id: 'enrol-condition', onchange: (e) => { rows.splice(0, rows.length, ...defaultPlan(e.target.value)); picker.repaint(); } },
        conditionOptions(), 'COPD')),
      field(t('language'), select({ id: 'enrol-language' }, [['da', t('danish')], ['en', t('english')]], 'da')),
      field(t('contactNurse'), select({ id: 'enrol-nurse' }, [['', t('noNurse')], ...nurseList.map((n) => [n.id, n.displayName])], '')),
      field(t('patientPhone'), h('input', { id: 'enrol-phone', type: 'tel', autocomplete: 'off' })),
      field(t('birthDate'), h('input', { id: 'enrol-birthDate', type: 'date' })),
      field(t('municipality'), h('input', { id: 'enrol-municipality', autocomplete: 'off' })),
      h('fieldset', {}, h('legend', {}, t('equality')),
        ['livesAlone', 'noOwnGp', 'needsTabletHelp'].map((k) => h('label', { class: 'adm-check' }, h('input', { type: 'checkbox', id: 'enrol-' + k }), t(k)))),
      h('fieldset', {}, h('legend', {}, t('plan')), field(t('startDate'), h('input', { type: 'date', id: 'enrol-start' })), picker),
      h('button', { type: 'submit', id: 'enrol-submit' }, t('enrolButton')), msg);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const name = document.getElementById('enrol-name').value.trim();
      if (!name) { say(msg, t('nameRequired'), true); return; }
      try {
        const clinic = clinicOf('enrol-clinic', list);
        const made = await api('POST', '/api/v1/patients', { clinic, displayName: name,
          condition: document.getElementById('enrol-condition').value, language: document.getElementById('enrol-language').value });
        await api('PUT', '/api/v1/patients/' + made.id + '/care', careBody('enrol'));
        await savePlan(made.id, rows, document.getElementById('enrol-start').value);
        location.hash = '#/admin/patient/' + made.id;
      } catch (err) { say(msg, t('failed') + ': ' + err.message, true); }
    });
    view().replaceChildren(page(t('enrol'), form));
  }
  const careBody = (prefix) => ({ contactNurseId: document.getElementById(prefix + '-nurse').value || null,
    municipality: document.getElementById(prefix + '-municipality').value.trim() || null,
    phone: document.getElementById(prefix + '-phone').value.trim() || null,
    birthDate: document.getElementById(prefix + '-birthDate').value || null,
    livesAlone: document.getElementById(prefix + '-livesAlone').checked, noOwnGp: document.getElementById(prefix + '-noOwnGp').checked,
    needsTabletHelp: document.getElementById(prefix + '-needsTabletHelp').checked });

  // ----- one patient: care, plan, kit, relatives -----
  async function renderPatientAdmin(id, seq) {
    const [p, sched, bindings, rel, devs] = await Promise.all([api('GET', '/api/v1/patients/' + id),
      api('GET', '/api/v1/patients/' + id + '/schedules'), api('GET', '/api/v1/patients/' + id + '/devices'),
      api('GET', '/api/v1/patients/' + id + '/relatives'), api('GET', '/api/v1/devices')]);
    const nurseList = await nurses(p.clinicId);
    if (A().superseded(seq)) return;
    const careMsg = status('care-status');
    const eq = p.equality || {};
    const care = h('form', { id: 'care-form', class: 'adm-form' },
      field(t('contactNurse'), select({ id: 'care-nurse' }, [['', t('noNurse')], ...nurseList.map((n) => [n.id, n.displayName])],
        p.contactNurse ? p.contactNurse.id : '')),
      field(t('patientPhone'), h('input', { id: 'care-phone', type: 'tel', value: p.phone || '' })),
      field(t('birthDate'), h('input', { id: 'care-birthDate', type: 'date', value: p.birthDate || '' })),
      field(t('municipality'), h('input', { id: 'care-municipality', value: p.municipality || '' })),
      h('fieldset', {}, h('legend', {}, t('equality')), ['livesAlone', 'noOwnGp', 'needsTabletHelp'].map((k) =>
        h('label', { class: 'adm-check' }, h('input', { type: 'checkbox', id: 'care-' + k, checked: eq[k] ? true : null }), t(k)))),
      h('button', { type: 'submit', id: 'care-save' }, t('save')), careMsg);
    care.addEventListener('submit', async (e) => {
      e.preventDefault();
      try { await api('PUT', '/api/v1/patients/' + id + '/care', careBody('care')); say(careMsg, t('saved')); } catch (err) { say(careMsg, t('failed') + ': ' + err.message, true); }
    });
    // Plan
    const rows = sched.schedules.map((s) => parsePlanRow(s.code, s.phases));
    const picker = planPicker(rows.length ? rows : defaultPlan(p.condition));
    const planMsg = status('plan-status');
    const plan = h('div', { class: 'adm-form', id: 'plan-section' },
      h('ul', { id: 'plan-now' }, sched.schedules.map((s) => h('li', {}, measureName(s.code) + ': ' + phasesText(s.phases)))),
      picker, h('button', { type: 'button', id: 'plan-save', onclick: async () => {
        try { await savePlan(id, picker.rows); say(planMsg, t('saved')); route(); } catch (err) { say(planMsg, t('failed') + ': ' + err.message, true); }
      } }, t('save')), planMsg);
    // Kit
    const kitMsg = status('kit-status');
    const free = devs.devices.filter((d) => !d.patientId && d.status !== 'RETIRED' && d.clinicId === p.clinicId);
    const current = bindings.bindings.filter((b) => !b.unboundAt);
    const kit = h('div', { class: 'adm-form', id: 'kit' },
      h('ul', { id: 'kit-now' }, current.length ? current.map((b) => h('li', {}, w(KINDS, b.kind) + ' ' + b.deviceId + ' · ' + t('from').toLowerCase() + ' ' + fmtTime(b.boundAt) + ' ',
        h('button', { type: 'button', class: 'link', onclick: () => act(kitMsg, () => api('DELETE', '/api/v1/devices/' + encodeURIComponent(b.deviceId) + '/binding')) }, t('unbind'))))
        : h('li', {}, t('none'))),
      free.length ? h('div', { class: 'adm-inline' }, select({ id: 'kit-free', 'aria-label': t('freeDevice') }, [['', t('chooseDevice')], ...free.map((d) => [d.id, w(KINDS, d.kind) + ' ' + d.id])]),
        h('button', { type: 'button', id: 'kit-bind', onclick: () => { const d = document.getElementById('kit-free').value; if (d) act(kitMsg, () => bindDevice(d, id)); } }, t('bind'))) : null,
      h('div', { class: 'adm-inline' },
        select({ id: 'kit-kind', 'aria-label': t('kind') }, Object.keys(KINDS).map((k) => [k, w(KINDS, k)]), 'OXIMETER'),
        h('input', { id: 'kit-id', placeholder: t('deviceId'), 'aria-label': t('deviceId'), autocomplete: 'off' }),
        h('button', { type: 'button', id: 'kit-register', onclick: () => {
          const devId = document.getElementById('kit-id').value.trim();
          if (!devId) return;
          act(kitMsg, async () => {
            await api('POST', '/api/v1/devices', { clinic: p.clinicId, id: devId, kind: document.getElementById('kit-kind').value });
            await bindDevice(devId, id);
          });
        } }, t('registerAndBind'))),
      kitMsg,
      h('h4', {}, t('history')),
      table([t('device'), t('kind'), t('from'), t('to'), t('by')], bindings.bindings.map((b) =>
        [b.deviceId, w(KINDS, b.kind), fmtTime(b.boundAt), b.unboundAt ? fmtTime(b.unboundAt) : t('now'), b.boundByName || '']), 'kit-history'));
    // Relatives
    const relMsg = status('rel-status');
    const relForm = h('form', { id: 'rel-form', class: 'adm-form' },
      field(t('name'), h('input', { id: 'rel-name', autocomplete: 'off' })),
      field(t('email'), h('input', { id: 'rel-email', type: 'email', autocomplete: 'off' })),
      field(t('relation'), h('input', { id: 'rel-relation', autocomplete: 'off' })),
      field(t('startPassword'), h('input', { id: 'rel-password', type: 'password', autocomplete: 'new-password' })),
      h('label', { class: 'adm-check' }, h('input', { type: 'checkbox', id: 'rel-consent' }), t('consent')),
      field(t('consentNote'), h('input', { id: 'rel-note', autocomplete: 'off' })),
      h('button', { type: 'submit', id: 'rel-add' }, t('addRelative')), relMsg);
    relForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const v = (k) => document.getElementById('rel-' + k).value.trim();
      if (!document.getElementById('rel-consent').checked || !v('note')) { say(relMsg, t('consentRequired'), true); return; }
      await act(relMsg, async () => {
        const known = (await api('GET', '/api/v1/users')).users.some((u) => u.email === v('email').toLowerCase() && u.role === 'relative');
        if (!known) await api('POST', '/api/v1/users', { email: v('email'), displayName: v('name'), role: 'relative', password: document.getElementById('rel-password').value, clinics: [] });
        await api('POST', '/api/v1/patients/' + id + '/relatives', { email: v('email'), relation: v('relation'), consentGiven: true, consentNote: v('note') });
      });
    });
    const relList = h('ul', { id: 'rel-list' }, rel.relatives.map((r) => h('li', {},
      (r.displayName || r.email) + ' (' + r.relation + ') · ' + (r.withdrawnAt ? t('withdrawn') + ' ' + fmtTime(r.withdrawnAt) : t('consentGiven') + ' ' + fmtTime(r.consentRecordedAt)) + ' ',
      r.withdrawnAt ? null : h('button', { type: 'button', class: 'link', onclick: () => act(relMsg, () => api('DELETE', '/api/v1/patients/' + id + '/relatives/' + r.id)) }, t('withdraw')))));
    const facts = [w(window.I18N.CONDITIONS, p.condition), w(LANGUAGES, p.language)];
    if (p.status) facts.push(statusText(p.status));
    view().replaceChildren(page(p.displayName,
      h('p', { class: 'adm-facts' }, facts.join(' · '), ' · ', h('a', { href: '#/patient/' + id }, t('openPage'))),
      h('section', { class: 'card' }, h('h3', {}, t('contactNurse') + ', ' + t('equality').toLowerCase()), care),
      h('section', { class: 'card' }, h('h3', {}, t('plan')), plan),
      h('section', { class: 'card' }, h('h3', {}, t('kit')), kit),
      h('section', { class: 'card' }, h('h3', {}, t('relatives')), relList, relForm)));
  }
  const bindDevice = (deviceId, patientId) => api('PUT', '/api/v1/devices/' + encodeURIComponent(deviceId) + '/binding', { patientId });
  async function act(msg, work, onFailure) {
    try { await work(); say(msg, t('saved')); route(); } catch (err) { say(msg, t('failed') + ': ' + err.message, true); if (onFailure) onFailure(); }
  }
  // rowAttrs: each row's attributes (a class), when rows differ in more than their cells.
  function table(head, rows, id, rowAttrs) {
    return h('div', { class: 'adm-table' }, h('table', { id }, h('thead', {}, h('tr', {}, head.map((c) => h('th', {}, c)))),
      // Each cell names its column, for a phone that shows a row as a card (admin.css).
      h('tbody', {}, rows.map((r, n) => h('tr', (rowAttrs && rowAttrs[n]) || {},
        r.map((c, i) => h('td', head[i] ? { 'data-label': head[i] } : {}, c)))))));
  }

  // ----- devices -----
  async function renderDevices(seq) {
    const [devs, pats, list] = await Promise.all([api('GET', '/api/v1/devices'), api('GET', '/api/v1/patients'), clinics()]);
    if (A().superseded(seq)) return;
    const names = Object.fromEntries(pats.patients.map((p) => [p.id, p.displayName]));
    const msg = status('dev-status');
    const form = h('div', { class: 'adm-inline' }, clinicSelect(list, 'dev-clinic'),
      select({ id: 'dev-kind', 'aria-label': t('kind') }, Object.keys(KINDS).map((k) => [k, w(KINDS, k)]), 'OXIMETER'),
      h('input', { id: 'dev-id', placeholder: t('deviceId'), 'aria-label': t('deviceId'), autocomplete: 'off' }),
      h('button', { type: 'button', id: 'dev-register', onclick: () => act(msg, () => api('POST', '/api/v1/devices',
        { clinic: clinicOf('dev-clinic', list), id: document.getElementById('dev-id').value.trim(), kind: document.getElementById('dev-kind').value })) }, t('register')));
    const rows = devs.devices.map((d) => [d.id, w(KINDS, d.kind), w(DEVICE_STATUS, d.status === 'ACTIVE' && !d.patientId ? 'READY' : d.status),
      d.patientId ? h('a', { href: '#/admin/patient/' + d.patientId }, names[d.patientId] || t('unknown')) : t('notBound'),
      d.lastSeenAt ? fmtTime(d.lastSeenAt) : '–',
      d.status === 'RETIRED' ? '' : h('button', { type: 'button', class: 'link', 'data-retire': d.id,
        onclick: () => act(msg, () => api('POST', '/api/v1/devices/' + encodeURIComponent(d.id) + '/retire')) }, t('retire'))]);
    view().replaceChildren(page(t('devices'), form, msg,
      table([t('deviceId'), t('kind'), t('status'), t('boundTo'), t('lastSeen'), ''], rows, 'devices')));
  }

  // ----- patient list (staff) -----
  async function renderPatients(seq) {
    const data = await api('GET', '/api/v1/patients');
    if (A().superseded(seq)) return;
    const input = h('input', { id: 'patient-search', type: 'search', placeholder: t('search'), 'aria-label': t('search'), autocomplete: 'off' });
    const body = h('tbody');
    const paint = () => {
      const q = input.value.trim().toLowerCase();
      const list = data.patients.filter((p) => !q || (p.displayName || '').toLowerCase().includes(q));
      body.replaceChildren(...(list.length ? list.map(patientRow) : [h('tr', {}, h('td', { colspan: '8' }, t('noPatients')))]));
    };
    input.addEventListener('input', paint);
    paint();
    const head = [t('name'), t('condition'), t('status'), t('contactNurse'), t('openAlert'), t('adherence'), t('latest'), t('lastReading')];
    view().replaceChildren(page(t('patients'), input,
      h('div', { class: 'adm-table' }, h('table', { id: 'patients' }, h('thead', {}, h('tr', {}, head.map((c) => h('th', {}, c)))), body))));
  }
  function patientRow(p) {
    const a = p.adherence7Days;
    const adherence = a && a.due ? window.I18N.withUnit(Math.round((100 * a.met) / a.due), '%', L()) + ' (' + a.met + '/' + a.due + ')' : '–';
    const latest = window.I18N.withBloodPressure(Object.entries(p.latest || {}).filter(([code]) => window.I18N.MEASURES[code])
      .map(([code, v]) => ({ ...v, code }))).map((v) => measureName(v.code) + ' ' + A().valueText(v.code, v.value, v.unit) + A().aged(v)).join(' · ');
    return h('tr', { 'data-patient': p.id },
      h('td', { 'data-label': t('name') }, h('a', { href: '#/patient/' + p.id }, p.displayName || t('unknown')),
        isAdmin() ? h('span', {}, ' · ', h('a', { href: '#/admin/patient/' + p.id, class: 'adm-manage' }, t('manage'))) : null),
      h('td', { 'data-label': t('condition') }, w(window.I18N.CONDITIONS, p.condition)),
      // Admitted / ended comes from the patient's status when the API gives one.
      // The clinic's people get a status for every patient (none from the API means simply enrolled); a relative none.
      h('td', { 'data-label': t('status'), class: 'patient-status' }, p.status ? statusText(p.status)
        : A().session().user.role !== 'relative' ? statusText('ACTIVE') : t('statusMissing')),
      h('td', { 'data-label': t('contactNurse') }, p.contactNurse ? p.contactNurse.displayName : '–'),
      h('td', { 'data-label': t('openAlert') }, p.openAlertLevel ? h('span', { class: 'badge ' + p.openAlertLevel }, w(window.I18N.LEVELS, p.openAlertLevel)) : t('none')),
      h('td', { 'data-label': t('adherence') }, adherence), h('td', { 'data-label': t('latest') }, latest || '–'), h('td', { 'data-label': t('lastReading') }, p.lastReadingAt ? fmtTime(p.lastReadingAt) : '–'));
  }

  // ----- quarantine -----
  async function renderQuarantine(seq) {
    const data = await api('GET', '/api/v1/quarantine');
    if (A().superseded(seq)) return;
    const rows = data.quarantine;
    // A device that keeps failing: three or more rejections in the last 7 days.
    const weekAgo = Date.now() - 7 * 86400000;
    const counts = {};
    rows.filter((q) => q.deviceId && Date.parse(q.receivedAt) > weekAgo).forEach((q) => { counts[q.deviceId] = (counts[q.deviceId] || 0) + 1; });
    const failing = Object.entries(counts).filter(([, n]) => n >= 3).sort((x, y) => y[1] - x[1]);
    const deviceText = (q) => (q.deviceId || t('unknown')) + (q.deviceKind ? ' (' + w(KINDS, q.deviceKind) + ')' : !q.deviceClinicId ? ' (' + t('unregistered') + ')' : '');
    view().replaceChildren(page(t('quarantine'),
      failing.length ? h('section', { class: 'card adm-failing', id: 'failing' }, h('h3', {}, t('keepsFailing')),
        h('ul', {}, failing.map(([d, n]) => h('li', {}, h('strong', {}, d), ' · ' + n + ' ' + t('rejections'))))) : null,
      // The patient the device was lent to: her nurses never saw the rejected reading.
      rows.length ? table([t('time'), t('device'), t('patient'), t('reasonCol')], rows.map((q) => [fmtTime(q.receivedAt), deviceText(q),
        q.patientId ? h('a', { href: '#/patient/' + q.patientId }, q.patientName || t('noName')) : '–',
        h('span', { class: 'q-reason' }, w(REASONS, String(q.reasonCode || '').toUpperCase()))]), 'quarantine')
        : h('p', {}, t('noQuarantine'))));
  }

  // ----- users and paging -----
  async function renderUsers(seq) {
    const [data, list] = await Promise.all([api('GET', '/api/v1/users'), clinics()]);
    if (A().superseded(seq)) return;
    const msg = status('user-status');
    const roleOptions = ['nurse', 'doctor', 'admin'].map((r) => [r, w(window.I18N.ROLES, r)]);
    const form = h('form', { id: 'user-form', class: 'adm-form' }, clinicSelect(list, 'user-clinic'),
      field(t('name'), h('input', { id: 'user-name', autocomplete: 'off' })),
      field(t('email'), h('input', { id: 'user-email', type: 'email', autocomplete: 'off' })),
      field(t('role'), select({ id: 'user-role' }, roleOptions, 'nurse')),
      field(t('password'), h('input', { id: 'user-password', type: 'password', autocomplete: 'new-password' })),
      h('button', { type: 'submit', id: 'user-create' }, t('createUser')), msg);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = (k) => document.getElementById('user-' + k).value.trim();
      act(msg, () => api('POST', '/api/v1/users', { displayName: v('name'), email: v('email'), role: v('role'),
        password: document.getElementById('user-password').value, clinics: [clinicOf('user-clinic', list)] }));
    });
    const me = A().session().user.id;
    // Said above the table, where the admin clicked: a refusal below the create form goes unseen.
    const rowMsg = status('users-status');
    const change = (u, body, onFailure) => act(rowMsg, () => api('PATCH', '/api/v1/users/' + u.id, body)
      .catch((err) => { throw err.references.length ? new Error(stillOnCall(u, err.references)) : err; }), onFailure);
    // A staff member's role can be changed here (the hub refuses while they are on call in a way the change breaks).
    // It changes what the person may see and do, so a slip of the finger on the list is asked about first.
    const roleWord = (r) => w(window.I18N.ROLES, r);
    const roleChanged = (u, e) => {
      const to = e.target.value;
      if (window.confirm(t('changeRoleOf') + ' ' + u.displayName + ' ' + t('roleFrom') + ' ' + roleWord(u.role) + ' ' + t('roleTo') + ' '
        + roleWord(to) + '? ' + t('roleChangeMeans'))) change(u, { role: to }, () => { e.target.value = u.role; });
      else e.target.value = u.role;
    };
    const roleCell = (u) => (u.id === me || u.role === 'relative' ? w(window.I18N.ROLES, u.role)
      : select({ 'aria-label': t('role') + ' ' + u.displayName, onchange: (e) => roleChanged(u, e) }, roleOptions, u.role));
    const rows = data.users.map((u) => [u.displayName, u.email, roleCell(u), u.active ? t('active') : t('inactive'),
      u.role === 'relative' ? '' : h('div', {}, pagedBy(u.paging),
        h('button', { type: 'button', class: 'link', onclick: () => paging(u) }, t('pagingEdit'))),
      // Deactivating signs a person out for good and takes her off every page: asked once more.
      u.id === me ? '' : h('button', { type: 'button', class: 'link', onclick: () => {
        if (!u.active || window.confirm(t('deactivate') + ' ' + u.displayName + '? ' + t('cannotSignIn'))) change(u, { active: !u.active });
      } }, u.active ? t('deactivate') : t('activate'))]);
    view().replaceChildren(page(t('users'), h('div', { id: 'paging' }), rowMsg,
      table([t('name'), t('email'), t('role'), t('status'), t('paging'), ''], rows, 'users',
        // A deactivated person's row is greyed: she can neither sign in nor be paged.
        data.users.map((u) => (u.active ? {} : { class: 'inactive' }))), h('h3', {}, t('createUser')), form));
  }
  // How a person is paged, in words: "på skærmen · e-mail", or a warning when no channel reaches her.
  function pagedBy(p) {
    if (!p) return '';
    const ways = [['inApp', 'pagedScreen'], ['email', 'pagedEmail'], ['push', 'pagedPush'], ['webhook', 'pagedWebhook']]
      .filter(([k]) => p[k]).map(([, word]) => t(word));
    if (!ways.length) return h('span', { class: 'paged-by none' }, t('pagedNone'));
    return h('span', { class: 'paged-by' }, ways.join(' · ') + (p.set ? '' : ' (' + t('pagedDefault') + ')'));
  }
  // The duties that keep a person on call, in words: "Sygeplejerske i vagt (fast vagt)", "eskaleringen af RØD".
  function stillOnCall(u, duties) {
    const where = [...new Set(duties.map((d) => (d.kind === 'escalationPolicy' ? t('dutyPolicy') + ' ' + w(window.I18N.LEVELS, d.level)
      : d.role ? A().t(d.role) + ' (' + t(d.kind === 'override' ? 'dutyOverride' : 'dutyRotation') + ')' : t('dutyElsewhere'))))];
    return u.displayName + ' ' + t('stillOnCall') + ' ' + where.join(', ') + '. ' + t('fillFirst');
  }
  async function paging(u) {
    const box = document.getElementById('paging');
    const c = await api('GET', '/api/v1/users/' + u.id + '/contact').catch(() => ({}));
    const msg = status('paging-status');
    const form = h('form', { class: 'adm-form card' }, h('h3', {}, t('pagingOf') + ' ' + u.displayName),
      field(t('email'), h('input', { id: 'paging-email', type: 'email', value: c.email || '' })),
      field(t('workPhone'), h('input', { id: 'paging-phone', type: 'tel', autocomplete: 'off', value: c.phone || '' })),
      h('label', { class: 'adm-check' }, h('input', { type: 'checkbox', id: 'paging-inapp', checked: c.inApp === false ? null : true }), t('inApp')),
      h('button', { type: 'submit' }, t('save')), msg);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('PUT', '/api/v1/users/' + u.id + '/contact', { email: document.getElementById('paging-email').value.trim() || null,
          inApp: document.getElementById('paging-inapp').checked, phone: document.getElementById('paging-phone').value.trim() || null });
        say(msg, t('saved'));
      } catch (err) { say(msg, t('failed') + ': ' + err.message, true); }
    });
    box.replaceChildren(form);
    // It opens above the table: brought into view, or on a phone the click seems to do nothing.
    box.scrollIntoView({ block: 'start' });
  }

  // ----- on-call week -----
  let weekOffset = 0;
  async function renderRota(seq) {
    const list = await clinics();
    const clinic = list[0];
    const zone = clinic.timezone || 'Europe/Copenhagen';
    // The week's days as local dates in the clinic's zone (date arithmetic on the dates themselves), each starting at
    // its own local midnight: a day across a daylight-saving change is 23 or 25 hours long, as the rota counts it.
    const dayKey = (ms) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
    const today = dayKey(Date.now());
    const todayUtc = Date.parse(today + 'T00:00:00Z');
    const monday = todayUtc - ((new Date(todayUtc).getUTCDay() + 6) % 7) * 86400000 + weekOffset * 7 * 86400000;
    const days = [];
    for (let i = 0; i <= 7; i++) days.push(localMidnight(zone, new Date(monday + i * 86400000).toISOString().slice(0, 10)));
    const from = new Date(days[0]).toISOString(); const to = new Date(days[7]).toISOString();
    const q = '?clinic=' + encodeURIComponent(clinic.id);
    const [shifts, rotations, overrides, users] = await Promise.all([api('GET', '/api/v1/oncall/shifts' + q + '&from=' + from + '&to=' + to),
      api('GET', '/api/v1/oncall/rotations' + q), api('GET', '/api/v1/oncall/overrides' + q), api('GET', '/api/v1/users')]);
    if (A().superseded(seq)) return;
    // A handover to the same person changes nothing for whoever reads the week: one shift ("hele døgnet Lars Berg",
    // not "00.00–08.00 Lars Berg, 08.00–00.00 Lars Berg").
    const held = [];
    shifts.shifts.slice().sort((a, b) => Date.parse(a.from) - Date.parse(b.from)).forEach((s) => {
      const last = held.findLast((x) => x.role === s.role);
      if (last && last.personId === s.personId && last.source === s.source && Date.parse(last.until) === Date.parse(s.from)) last.until = s.until;
      else held.push({ ...s });
    });
    const loc = lang() === 'da' ? 'da-DK' : 'en-GB';
    // "man. 7. dec.": a day of the week and of the rotations, in the clinic's zone.
    const dayOf = (ms) => new Intl.DateTimeFormat(loc, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(ms));
    const timeOf = (iso) => new Intl.DateTimeFormat(loc, { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
    // As the staff screens write an instant ("søn. 6. dec. 14.00"), in the clinic's zone as the week above.
    const whenOf = (iso) => window.I18N.when(iso, L(), zone);
    // "man. 7. dec. 17.00–19.00": the end's day only when it is another.
    const spanOf = (from, to) => whenOf(from) + '–' + (dayKey(Date.parse(from)) === dayKey(Date.parse(to)) ? timeOf(to) : whenOf(to));
    const roles = ['NURSE_ON_DUTY', 'ONCALL_DOCTOR', 'BACKUP_DOCTOR'];
    const grid = h('div', { class: 'adm-week', id: 'week' },
      h('div', { class: 'adm-week-head' }), days.slice(0, 7).map((d, i) => {
        const hours = Math.round((days[i + 1] - d) / 3600000);
        return h('div', { class: 'adm-week-head' }, dayOf(d),
          hours !== 24 ? h('small', { class: 'dst' }, ' (' + hours + ' ' + t('hoursShort') + ')') : null);
      }),
      roles.flatMap((role) => [h('div', { class: 'adm-week-role' }, A().t(role)), ...days.slice(0, 7).map((d, i) => {
        const inDay = held.filter((s) => s.role === role && Date.parse(s.from) < days[i + 1] && Date.parse(s.until) > d);
        return h('div', { class: 'adm-week-cell', 'data-role': role, 'data-day': i }, inDay.length ? inDay.map((s) => h('div', { class: 'shift ' + (s.source === 'OVERRIDE' ? 'override' : '') },
          (Date.parse(s.from) <= d && Date.parse(s.until) >= days[i + 1] ? t('allDay')
            : timeOf(Date.parse(s.from) < d ? new Date(d).toISOString() : s.from) + '–' + timeOf(Date.parse(s.until) > days[i + 1] ? new Date(days[i + 1]).toISOString() : s.until)) + ' ' + s.displayName))
          : h('span', { class: 'nobody' }, t('nobody')));
      })]));
    // On a phone: one block per day, the roles under it.
    const dayList = h('div', { class: 'adm-week-list', id: 'week-list' }, days.slice(0, 7).map((d, i) => h('section', { class: 'card' },
      h('h3', {}, grid.children[i + 1].textContent),
      roles.map((role) => h('p', {}, h('strong', {}, A().t(role) + ': '), [...grid.querySelectorAll('.adm-week-cell[data-role="' + role + '"][data-day="' + i + '"] > *')]
        .map((el) => el.textContent).join(' · '))))));
    const msg = status('rota-status');
    const staffOf = (role) => users.users.filter((u) => u.active && u.clinics.includes(clinic.id) && u.role === (role === 'NURSE_ON_DUTY' ? 'nurse' : 'doctor'));
    const roleOptions = roles.map((r) => [r, A().t(r)]);
    // The members in the order they take the shifts: added one by one and moved up, as a list can say it (a
    // multiple choice list kept its own order, not the admin's).
    const order = [];
    const rotPerson = h('select', { id: 'rot-person', 'aria-label': t('person') });
    const rotOrder = h('ol', { id: 'rot-order', class: 'adm-order' });
    const showOrder = () => rotOrder.replaceChildren(...(order.length ? order.map((u, i) => h('li', {}, u.displayName, ' ',
      i > 0 ? h('button', { type: 'button', class: 'link', 'aria-label': t('moveUp') + ' ' + u.displayName,
        onclick: () => { order.splice(i - 1, 0, ...order.splice(i, 1)); showOrder(); rotPerson.focus(); } }, '↑ ' + t('moveUp')) : null, ' ',
      h('button', { type: 'button', class: 'link', 'aria-label': t('remove') + ' ' + u.displayName,
        onclick: () => { order.splice(i, 1); showOrder(); rotPerson.focus(); } }, t('remove')))) : [h('li', { class: 'nobody' }, t('noMembers'))]));
    const fillMembers = () => {
      order.length = 0; showOrder();
      rotPerson.replaceChildren(...staffOf(document.getElementById('rot-role').value).map((u) => h('option', { value: u.id }, u.displayName)));
    };
    const addMember = () => {
      const u = users.users.find((x) => x.id === rotPerson.value);
      if (u && !order.includes(u)) { order.push(u); showOrder(); }
    };
    // Nurses hand over two or three times a day; a doctor usually once.
    const moreTime = (n) => field(t('handoverMore'), h('input', { id: 'rot-time-' + n, type: 'time' }));
    // Each form says what became of it beside its own button: under the week it was out of sight of the form.
    const rotMsg = status('rot-form-status');
    const ovMsg = status('ov-form-status');
    const rotForm = h('form', { id: 'rot-form', class: 'adm-form' }, h('h3', {}, t('addRotation')),
      field(t('role'), select({ id: 'rot-role', onchange: fillMembers }, roleOptions, 'NURSE_ON_DUTY')),
      h('div', { class: 'adm-field' }, h('span', {}, t('members')),
        h('span', { class: 'adm-inline' }, rotPerson, h('button', { type: 'button', id: 'rot-add', onclick: addMember }, t('addMember')))),
      rotOrder, h('p', { class: 'adm-hint' }, t('inTurn')),
      field(t('handover'), h('input', { id: 'rot-time', type: 'time', value: '08:00' })), moreTime(2), moreTime(3),
      field(t('rotationDays'), h('input', { id: 'rot-days', type: 'number', min: '1', max: '366', value: '1' })),
      field(t('anchorDate'), h('input', { id: 'rot-anchor', type: 'date', value: today })),
      field(t('lastDate'), h('input', { id: 'rot-last', type: 'date' })), h('p', { class: 'adm-hint' }, t('lastDateHint')),
      h('button', { type: 'submit', id: 'rot-save' }, t('save')), rotMsg);
    rotForm.addEventListener('submit', (e) => {
      e.preventDefault();
      act(rotMsg, () => api('POST', '/api/v1/oncall/rotations', { clinic: clinic.id, role: document.getElementById('rot-role').value,
        members: order.map((u) => u.id),
        handoverTimes: ['rot-time', 'rot-time-2', 'rot-time-3'].map((id) => document.getElementById(id).value).filter(Boolean),
        rotationDays: Number(document.getElementById('rot-days').value), anchorDate: document.getElementById('rot-anchor').value,
        lastDate: document.getElementById('rot-last').value || undefined }));
    });
    const ovPerson = h('select', { id: 'ov-person', 'aria-label': t('person') });
    const fillPerson = () => ovPerson.replaceChildren(...staffOf(document.getElementById('ov-role').value).map((u) => h('option', { value: u.id }, u.displayName)));
    const ovForm = h('form', { id: 'ov-form', class: 'adm-form' }, h('h3', {}, t('addOverride')),
      field(t('role'), select({ id: 'ov-role', onchange: fillPerson }, roleOptions, 'ONCALL_DOCTOR')), field(t('person'), ovPerson),
      field(t('from'), h('input', { id: 'ov-from', type: 'datetime-local' })), field(t('to'), h('input', { id: 'ov-to', type: 'datetime-local' })),
      field(t('reason'), h('input', { id: 'ov-reason', autocomplete: 'off' })), h('button', { type: 'submit', id: 'ov-save' }, t('save')), ovMsg);
    ovForm.addEventListener('submit', (e) => {
      e.preventDefault();
      // The form's wall-clock times are the clinic's, as the week above shows them, whatever zone the admin's computer
      // is set to: read in the browser's zone they landed an hour off on a computer not set to Danish time.
      const iso = (id) => new Date(localInstant(zone, document.getElementById(id).value)).toISOString();
      act(ovMsg, () => api('POST', '/api/v1/oncall/overrides', { clinic: clinic.id, role: document.getElementById('ov-role').value,
        personId: ovPerson.value, from: iso('ov-from'), to: iso('ov-to'), reason: document.getElementById('ov-reason').value || undefined }));
    });
    // A rotation applies from its first day while none of the role that takes precedence (later first day, or the
    // same day and newer) does: said on the list, so that a second rotation of a role reads as taking over (for good,
    // or from its first to its last day), not as a second rota.
    const day = (key) => dayOf(localMidnight(zone, key));
    const until = (r) => {
      const later = rotations.rotations.filter((o) => o.role === r.role
        && (o.anchorDate > r.anchorDate || (o.anchorDate === r.anchorDate && o.id > r.id)))
        .sort((a, b) => (a.anchorDate === b.anchorDate ? a.id - b.id : a.anchorDate < b.anchorDate ? -1 : 1));
      const next = later.find((o) => !o.lastDate);
      if (next && next.anchorDate === r.anchorDate) return ' · ' + t('neverApplies');
      return later.filter((o) => o.lastDate && (!next || o.anchorDate < next.anchorDate))
        .map((o) => ' · ' + t('replacedFrom') + ' ' + day(o.anchorDate) + ' ' + t('through') + ' ' + day(o.lastDate)).join('')
        + (next ? ' · ' + t('replacedFrom') + ' ' + day(next.anchorDate) : '');
    };
    const rotList = h('ul', { id: 'rotations' }, rotations.rotations.map((r) => h('li', {}, A().t(r.role) + ': ' + r.members.map((m) => m.displayName).join(', ')
      // A clock time as the staff screens write it: "08.00" in Danish, "08:00" in English.
      + ' · ' + t('handover').toLowerCase() + ' ' + r.handoverTimes.map((hm) => (L() === 0 ? hm.replace(':', '.') : hm)).join(', ')
      // Which of two rotations of a role applies: the one whose first day has come, the later one from its day.
      + ' ' + (r.rotationDays === 1 ? t('everyDay') : L() === 0 ? 'hver ' + r.rotationDays + '. dag' : 'every ' + r.rotationDays + ' days')
      + ' · ' + t('fromDay') + ' ' + day(r.anchorDate) + (r.lastDate ? ' ' + t('through') + ' ' + day(r.lastDate) : '') + until(r) + ' ',
      // Stopping a rotation on a day keeps its past weeks, as deleting it does not; an ended one stays as it was.
      r.ended ? null : h('button', { type: 'button', class: 'link', id: 'rot-last-open-' + r.id, onclick: (e) => {
        const last = h('input', { type: 'date', id: 'rot-last-' + r.id, value: r.lastDate || '', 'aria-label': t('lastDay') });
        const form = h('form', { class: 'adm-inline', id: 'rot-last-form-' + r.id }, last,
          h('button', { type: 'submit', id: 'rot-last-save-' + r.id }, t('save')));
        form.addEventListener('submit', (ev) => {
          ev.preventDefault();
          act(msg, () => api('PATCH', '/api/v1/oncall/rotations/' + r.id, { lastDate: last.value || null }));
        });
        e.target.replaceWith(form);
        last.focus();
      } }, t('setLastDate')), ' ',
      h('button', { type: 'button', class: 'link', onclick: () => {
        if (window.confirm(t('deleteRotation') + '? ' + t('deleteRotationMeans'))) act(msg, () => api('DELETE', '/api/v1/oncall/rotations/' + r.id));
      } }, t('delete')))));
    const ovList = h('ul', { id: 'overrides' }, overrides.overrides.length ? [] : h('li', {}, t('none')), overrides.overrides.map((o) => h('li', {}, A().t(o.role) + ': ' + o.displayName + ' · ' + spanOf(o.from, o.to)
      + (o.reason ? ' · ' + o.reason : '') + ' ',
      h('button', { type: 'button', class: 'link', onclick: () => act(msg, () => api('DELETE', '/api/v1/oncall/overrides/' + o.id)) }, t('delete')))));
    view().replaceChildren(page(t('rota'),
      h('div', { class: 'adm-inline' }, h('button', { type: 'button', id: 'week-prev', onclick: () => { weekOffset--; route(); } }, t('prevWeek')),
        h('strong', {}, t('week') + ' ' + isoWeek(days[3])), h('button', { type: 'button', id: 'week-next', onclick: () => { weekOffset++; route(); } }, t('nextWeek'))),
      grid, dayList, msg, h('h3', {}, t('rotations')), rotList, h('h3', {}, t('overrides')), ovList,
      h('div', { class: 'adm-two' }, rotForm, ovForm)));
    fillMembers(); fillPerson();
  }
  // The instant a local date (YYYY-MM-DD) begins in a time zone.
  function localMidnight(zone, key) {
    return localInstant(zone, key + 'T00:00');
  }
  // The instant a wall-clock time (YYYY-MM-DDTHH:MM, as a datetime-local field gives it) is in a time zone.
  function localInstant(zone, wall) {
    const target = Date.parse(wall.slice(0, 16) + ':00Z');
    let guess = target;
    for (let i = 0; i < 3; i++) {
      const g = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit',
        day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(guess)).map((x) => [x.type, x.value]));
      guess -= Date.parse(g.year + '-' + g.month + '-' + g.day + 'T' + g.hour + ':' + g.minute + ':00Z') - target;
    }
    return guess;
  }
  function isoWeek(ms) {
    const d = new Date(ms); d.setUTCHours(0, 0, 0, 0); d.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
    const jan4 = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
    return 1 + Math.round(((d - jan4) / 86400000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  }

  // ----- escalation: each level's steps in words, and an editor per level -----
  const CHANNEL_WORDS = { PUSH: ['besked i lægens app', "message in the doctor's app"] };
  const channelText = (c) => (CHANNEL_WORDS[c] ? CHANNEL_WORDS[c][L()] : w(window.I18N.CHANNELS, c));
  const RECIPIENTS = ['NURSE_ON_DUTY', 'ONCALL_DOCTOR', 'BACKUP_DOCTOR'];
  const CHANNELS = ['IN_APP', 'EMAIL', 'WEBHOOK', 'PUSH'];
  // A span of time as a person says it: minutes, hours or days.
  function span(seconds) {
    const m = Math.round(seconds / 60);
    if (m < 120) return m + ' ' + t('minutes');
    if (m < 48 * 60) return Math.round(m / 60) + ' ' + (lang() === 'da' ? 'timer' : 'hours');
    return Math.round(m / 1440) + ' ' + (lang() === 'da' ? 'døgn' : 'days');
  }
  async function renderEscalation(seq) {
    const data = await api('GET', '/api/v1/escalation-policies');
    if (A().superseded(seq)) return;
    const I = window.I18N;
    const who = (s) => [...(s.recipients || []).map((r) => (RECIPIENTS.includes(r) ? A().t(r) : w({ ACKNOWLEDGER: ['den der kvitterede', 'whoever acknowledged'] }, r))),
      ...(s.people || []).map(() => (lang() === 'da' ? 'en navngiven person' : 'a named person'))].join(', ');
    const how = (s) => (s.channels || []).map(channelText).join(', ');
    // A plan that pages by e-mail from a hub that cannot send any: said before a CRITICAL night shows it.
    const emailSteps = data.policies.some((p) => p.steps.some((s) => (s.channels || []).includes('EMAIL')));
    const noMail = data.emailConfigured === false && emailSteps
      ? h('p', { class: 'oncall-warning', id: 'no-mail', role: 'alert' }, '⚠ ', t('noMailServer')) : null;
    view().replaceChildren(page(t('escalation'), noMail, h('div', { id: 'escalation' }, data.policies.map((p) => {
      const msg = status('esc-status-' + p.level);
      const editor = h('div', { class: 'adm-esc-editor', hidden: true });
      const edit = () => {
        const steps = p.steps.map((s) => ({ delaySeconds: s.delaySeconds, recipients: [...s.recipients], channels: [...s.channels], people: [...(s.people || [])] }));
        const paint = () => editor.replaceChildren(...steps.map((s, i) => h('fieldset', {}, h('legend', {}, (lang() === 'da' ? 'Trin ' : 'Step ') + (i + 1)),
          field(t('afterMin') + ' (' + t('minutes') + ')', h('input', { type: 'number', min: '0', value: String(Math.round(s.delaySeconds / 60)),
            oninput: (e) => { s.delaySeconds = Number(e.target.value) * 60; } })),
          RECIPIENTS.map((r) => h('label', { class: 'adm-check' }, h('input', { type: 'checkbox', checked: s.recipients.includes(r) ? true : null,
            onchange: (e) => { s.recipients = e.target.checked ? [...s.recipients, r] : s.recipients.filter((x) => x !== r); } }), A().t(r))),
          CHANNELS.map((c) => h('label', { class: 'adm-check' }, h('input', { type: 'checkbox', checked: s.channels.includes(c) ? true : null,
            onchange: (e) => { s.channels = e.target.checked ? [...s.channels, c] : s.channels.filter((x) => x !== c); } }), channelText(c))),
          h('button', { type: 'button', class: 'link', onclick: () => { steps.splice(i, 1); paint(); } }, t('remove')))),
        h('div', { class: 'adm-inline' },
          h('button', { type: 'button', onclick: () => { steps.push({ delaySeconds: 600, recipients: ['ONCALL_DOCTOR'], channels: ['IN_APP'], people: [] }); paint(); } },
            lang() === 'da' ? 'Tilføj trin' : 'Add a step'),
          h('button', { type: 'button', class: 'primary', onclick: () => act(msg, () => api('PUT', '/api/v1/escalation-policies/' + p.level, { steps })) }, t('save')),
          p.isDefault ? null : h('button', { type: 'button', onclick: () => act(msg, () => api('DELETE', '/api/v1/escalation-policies/' + p.level)) },
            lang() === 'da' ? 'Tilbage til standard' : 'Back to the default')));
        paint();
        editor.hidden = false;
      };
      return h('section', { class: 'card', 'data-level': p.level },
        h('h3', {}, h('span', { class: 'badge ' + p.level }, w(I.LEVELS, p.level)), ' · ', p.isDefault ? t('isDefault') : t('own')),
        h('ol', {}, (p.steps || []).map((s) => h('li', {}, t('afterMin') + ' ' + span(s.atSeconds || 0) + ': ' + who(s) + ' (' + how(s) + ')'))),
        h('p', {}, [p.repeatEverySeconds ? t('repeatEvery') + ' ' + span(p.repeatEverySeconds) : null,
          p.responseDeadlineSeconds ? t('deadline') + ' ' + span(p.responseDeadlineSeconds) : null].filter(Boolean).join(' · ')),
        h('button', { type: 'button', onclick: edit }, lang() === 'da' ? 'Ret' : 'Change'), editor, msg);
    }))));
  }

  // ----- audit log with filters -----
  const AUDIT_MAX = 10000; // the API's largest page
  async function renderAudit(seq) {
    const params = new URLSearchParams(location.hash.split('?')[1] || '');
    const [users, pats] = await Promise.all([api('GET', '/api/v1/users'), api('GET', '/api/v1/patients')]);
    const q = new URLSearchParams();
    ['patient', 'user', 'action'].forEach((k) => { if (params.get(k)) q.set(k, params.get(k)); });
    ['from', 'to'].forEach((k) => { if (params.get(k)) q.set(k, new Date(params.get(k)).toISOString()); });
    // The newest entries first, 300 at a time: a full page says that there are more, and "Vis flere" reads further.
    const limit = Math.min(Number(params.get('limit')) || 300, AUDIT_MAX);
    q.set('limit', String(limit));
    const data = await api('GET', '/api/v1/audit?' + q.toString());
    if (A().superseded(seq)) return;
    const names = Object.fromEntries(pats.patients.map((p) => [p.id, p.displayName]));
    const people = Object.fromEntries(users.users.map((u) => [u.id, u.displayName]));
    const form = h('form', { id: 'audit-form', class: 'adm-inline' },
      select({ id: 'audit-patient', 'aria-label': t('patient') }, [['', t('allPatients')], ...pats.patients.map((p) => [p.id, p.displayName])], params.get('patient') || ''),
      select({ id: 'audit-user', 'aria-label': t('user') }, [['', t('allUsers')], ...users.users.map((u) => [u.id, u.displayName])], params.get('user') || ''),
      select({ id: 'audit-action', 'aria-label': t('action') }, [['', t('allActions')], ...Object.keys(AUDIT_ACTIONS).filter((a) => !LEGACY_AUDIT_ACTIONS.has(a)).map((a) => [a, w(AUDIT_ACTIONS, a)])], params.get('action') || ''),
      h('input', { id: 'audit-from', type: 'date', 'aria-label': t('from'), value: params.get('from') || '' }),
      h('input', { id: 'audit-to', type: 'date', 'aria-label': t('to'), value: params.get('to') || '' }),
      h('button', { type: 'submit' }, t('filter')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const p = new URLSearchParams();
      ['patient', 'user', 'action', 'from', 'to'].forEach((k) => { const v = document.getElementById('audit-' + k).value; if (v) p.set(k, v); });
      location.hash = '#/admin/audit?' + p.toString();
    });
    // What an entry concerns, with people's names and on-call roles in words instead of ids and codes.
    // A limit change: "temperature: redLow=35.0->34.5 yellowHigh=none->38.4" in words and the screen's numbers,
    // "rød nedre grænse 35 → 34,5 · gul øvre grænse – → 38,4" (rows from before 2026-12-07 hold the new values only).
    const limitTarget = (x) => {
      const value = '(?:none|-?[0-9.]+(?:E-?[0-9]+)?)';
      const m = new RegExp('^([a-z0-9_]+):((?: [a-zA-Z]+=' + value + '(?:->' + value + ')?)*)$').exec(x || '');
      if (!m || !window.I18N.MEASURES[m[1]] && m[1] !== 'news2') return null;
      const number = (v) => (v === 'none' ? '–'
        : Number(v).toLocaleString(lang() === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 2, useGrouping: false }));
      const parts = m[2].trim().split(' ').filter(Boolean).map((p) => p.split('='))
        .map(([k, v]) => (window.I18N.LIMITS[k] ? window.I18N.LIMITS[k][L()].toLowerCase() : k) + ' '
          + v.split('->').map(number).join(' → '));
      return measureName(m[1]) + ': ' + (parts.length ? parts.join(' · ') : '–');
    };
    const targetText = (x) => limitTarget(x) || String(x || '').replace(/\b(NURSE_ON_DUTY|ONCALL_DOCTOR|BACKUP_DOCTOR)\b/g, (r) => A().t(r))
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => people[id] || names[id] || '…')
      .replace(/\b(rotation|override) (\d+)/g, (m, kind) => (kind === 'rotation' ? t('fromRotation') : t('fromOverride')))
      // A page's disclosure: "<person> by EMAIL (pseudonym)".
      .replace(/ by (IN_APP|EMAIL|WEBHOOK|PUSH) \((name|pseudonym)\)/g, (m, channel, how) => ' '
        + (channel === 'IN_APP' ? '' : t('pageVia') + ' ') + (window.I18N.CHANNELS[channel] || [channel, channel])[L()]
        + ' (' + t(how === 'name' ? 'pageNamed' : 'pagePseudonym') + ')');
    const actionText = (a) => (a.startsWith('denied:') ? (lang() === 'da' ? 'afvist: ' : 'refused: ') + w(AUDIT_ACTIONS, a.slice(7)) : w(AUDIT_ACTIONS, a));
    const known = (a) => Boolean(AUDIT_ACTIONS[a.startsWith('denied:') ? a.slice(7) : a]);
    const actionCell = (a) => (known(a) ? actionText(a) : h('span', { 'data-untranslated': a }, actionText(a)));
    const more = data.entries.length >= limit;
    const count = h('p', { id: 'audit-count' }, more ? t('newestEntries') + ' ' + data.entries.length + ' ' + t('moreEntries') + ' '
      : data.entries.length + ' ' + t(data.entries.length === 1 ? 'entry' : 'entries'),
    more && limit < AUDIT_MAX ? h('button', { type: 'button', class: 'link', id: 'audit-more', onclick: () => {
      params.set('limit', String(Math.min(limit + 300, AUDIT_MAX)));
      location.hash = '#/admin/audit?' + params.toString();
    } }, t('showMore')) : null);
    view().replaceChildren(page(t('audit'), form, count,
      table([t('time'), t('user'), t('action'), t('patient'), t('target')], data.entries.map((e) => [fmtTime(e.at),
        people[e.userId] || e.userEmail || t('unknown'), actionCell(e.action), e.patientId ? names[e.patientId] || t('unknown') : '', targetText(e.target)]), 'audit')));
  }

  // ----- routing -----
  let route = () => {};
  function labels() {
    document.querySelectorAll('[data-at]').forEach((el) => { el.textContent = t(el.dataset.at); });
  }
  document.addEventListener('DOMContentLoaded', labels);
  const langButton = document.getElementById('lang');
  // admin.js loads before app.js (so the first route after sign-in finds these screens): app.js switches the
  // language in its own click handler, which runs after this one, so the labels follow a moment later.
  if (langButton) langButton.addEventListener('click', () => setTimeout(labels, 0));
  async function render(name, seq, reroute) {
    route = reroute;
    labels();
    const parts = location.hash.split('?')[0].slice(2).split('/');
    if (name === 'patients') return renderPatients(seq);
    if (!isAdmin()) { location.hash = '#/board'; return undefined; }
    const sub = parts[1] || '';
    if (name === 'quarantine' || sub === 'quarantine') return renderQuarantine(seq);
    if (sub === 'enrol') return renderEnrol(seq);
    if (sub === 'patient' && parts[2]) return renderPatientAdmin(parts[2], seq);
    if (sub === 'devices') return renderDevices(seq);
    if (sub === 'users') return renderUsers(seq);
    if (sub === 'rota') return renderRota(seq);
    if (sub === 'escalation') return renderEscalation(seq);
    if (sub === 'audit') return renderAudit(seq);
    return renderHome();
  }
  return { handles: (name) => ROUTES.includes(name), render, labels, T };
})();
