// The clinic overview's equality panel, "Lighed": per equality factor (lives alone, no own GP, needs help with the
// tablet) and municipality, each group's size, measurement adherence, acute contacts and bed days per patient-year
// (after enrolment, and the year before), and the largest adherence gap said in words at the top. Telemonitoring that
// works for the well-off only widens inequality; this is where a clinic sees it first. Plain JavaScript; app.js hands
// over its helpers (ui).
'use strict';
window.OverviewEquality = (() => {
  const T = {
    da: { title: 'Lighed', intro: 'Måleadhærens, akutte kontakter og sengedage efter lighedsfaktor og kommune, hver gruppe med antal patienter og patientår.',
      group: 'Gruppe', patients: 'Patienter', adherence: 'Måleadhærens', acuteShort: 'Akut pr. patientår', bedDaysShort: 'Sengedage pr. patientår',
      of: 'af', measured: 'målt', contactOn: 'kontakt på', contactsOn: 'kontakter på', bedDayOn: 'sengedag på', bedDaysOn: 'sengedage på',
      alert: 'alarm', alerts: 'alarmer', patientOne: 'patient', years: 'patientår', largest: 'Største forskel i måleadhærens',
      versus: 'mod', points: 'procentpoint', median: 'median', before: 'før indskrivning', noData: 'ingen data',
      noGap: 'Ingen forskel i måleadhærens mellem grupperne med nok data.',
      tooFewGroups: (min) => 'For få patienter til at sammenligne grupperne endnu: det kræver to grupper med mindst ' + min
        + ' patientår og planlagte målinger.',
      tooFew: 'for få patientår til at sammenligne', patientsShort: 'patienter', yes: 'ja', no: 'nej', notRecorded: 'ikke registreret',
      livesAlone: 'Bor alene', noOwnGp: 'Ingen egen læge', needsTabletHelp: 'Har brug for hjælp til tablet', municipality: 'Kommune' },
    en: { title: 'Equality', intro: 'Measurement adherence, acute contacts and bed days by equality factor and municipality, each group with its number of patients and patient-years.',
      group: 'Group', patients: 'Patients', adherence: 'Measurement adherence', acuteShort: 'Acute per patient-year', bedDaysShort: 'Bed days per patient-year',
      of: 'of', measured: 'measured', contactOn: 'contact on', contactsOn: 'contacts on', bedDayOn: 'bed day on', bedDaysOn: 'bed days on',
      alert: 'alert', alerts: 'alerts', patientOne: 'patient', years: 'patient-years', largest: 'Largest gap in measurement adherence',
      versus: 'versus', points: 'percentage points', median: 'median', before: 'before enrolment', noData: 'no data',
      noGap: 'No gap in measurement adherence between the groups with enough data.',
      tooFewGroups: (min) => 'Too few patients to compare the groups yet: that takes two groups with at least ' + min
        + (min === '1' ? ' patient-year' : ' patient-years') + ' each and scheduled measurements.',
      tooFew: 'too few patient-years to compare', patientsShort: 'patients', yes: 'yes', no: 'no', notRecorded: 'not recorded',
      livesAlone: 'Lives alone', noOwnGp: 'No own GP', needsTabletHelp: 'Needs help with the tablet', municipality: 'Municipality' }
  };
  const FACTORS = ['livesAlone', 'noOwnGp', 'needsTabletHelp'];

  const pct = (v) => (v === null || v === undefined ? '–' : Math.round(v * 100) + ' %');
  const groupName = (w, g) => (g === 'yes' || g === 'no' ? w[g] : g === '(not recorded)' ? w.notRecorded : g);

  /**
   * The widest adherence gap between two groups of one dimension. Only groups the rows do not mark as too few
   * patient-years to compare take part (the API's threshold), and only with measurements due: a group of one patient
   * a few weeks in would otherwise make the widest gap of all.
   */
  function gapOf(rows) {
    const usable = (rows || []).filter((g) => !g.tooFewPatientYears && g.slotsDue > 0 && g.adherence !== null && g.adherence !== undefined);
    if (usable.length < 2) return null;
    const low = usable.reduce((a, b) => (b.adherence < a.adherence ? b : a));
    const high = usable.reduce((a, b) => (b.adherence > a.adherence ? b : a));
    return { low, high, size: high.adherence - low.adherence };
  }

  function panel(ui, o) {
    const h = ui.h;
    const w = T[ui.lang()] || T.da;
    // A few days of a few patients round to 0 patient-years; say how small instead.
    const years = (v) => (v > 0 && v < 0.01 ? '< ' + ui.fmtNum(0.01) : ui.fmtNum(v));
    const dims = FACTORS.map((k) => ({ key: k, label: w[k], rows: (o.byEquality || {})[k] || [] }))
      .concat([{ key: 'municipality', label: w.municipality, rows: o.byMunicipality || [] }])
      .map((d) => Object.assign(d, { gap: gapOf(d.rows) }));
    const largest = dims.filter((d) => d.gap && d.gap.size > 0).reduce((a, b) => (!a || b.gap.size > a.gap.size ? b : a), null);
    const who = (d, g) => d.label + ': ' + groupName(w, g.group) + ' (' + g.patients + ' ' + (g.patients === 1 ? w.patientOne : w.patientsShort) + ')';
    const headline = largest
      ? h('p', { class: 'equality-headline', id: 'equality-largest', 'data-factor': largest.key }, h('b', {}, w.largest, ': '),
        pct(largest.gap.low.adherence), ' ', who(largest, largest.gap.low), ' ', w.versus, ' ', pct(largest.gap.high.adherence), ' ',
        who(largest, largest.gap.high), ' · ', Math.round(largest.gap.size * 100), ' ', w.points)
      : h('p', { class: 'muted', id: 'equality-largest' }, dims.some((d) => d.gap) ? w.noGap : w.tooFewGroups(ui.fmtNum(o.minPatientYears)));
    // A rate per patient-year: below the threshold the rate means nothing (one contact in a week is fifty a year), so
    // the count and the warning instead; the median beside the mean, and the year before enrolment.
    const rate = (g, col, label, count, one, many, perYear, median, before) => h('td', { 'data-col': col, 'data-label': label },
      g.tooFewPatientYears ? '–' : ui.fmtNum(perYear),
      h('div', { class: 'muted' }, count, ' ', count === 1 ? one : many, ' ', years(g.patientYears), ' ', w.years),
      g.tooFewPatientYears ? null : h('div', { class: 'muted' }, w.median, ' ', median === null || median === undefined ? w.noData : ui.fmtNum(median)),
      h('div', { class: 'muted' }, w.before, ': ', before === null || before === undefined ? w.notRecorded : ui.fmtNum(before)),
      g.tooFewPatientYears ? h('div', { class: 'warn-note' }, '⚠ ', w.tooFew) : null);
    const table = (d) => h('div', { class: 'equality-factor' + (d === largest ? ' largest-gap' : ''), 'data-factor': d.key },
      h('h3', {}, d.label),
      h('div', { class: 'table-scroll' }, h('table', {},
        h('thead', {}, h('tr', {}, [w.group, w.patients, w.adherence, w.acuteShort, w.bedDaysShort].map((c) => h('th', {}, c)))),
        h('tbody', {}, d.rows.map((g) => h('tr', { 'data-group': g.group,
          class: d === largest && (g === d.gap.low || g === d.gap.high) ? (g === d.gap.low ? 'gap-low' : 'gap-high') : null },
        h('td', { 'data-col': 'group' }, groupName(w, g.group)),
        h('td', { 'data-col': 'patients', 'data-label': w.patients }, g.patients,
          h('div', { class: 'muted' }, years(g.patientYears), ' ', w.years),
          h('div', { class: 'muted' }, g.alerts, ' ', g.alerts === 1 ? w.alert : w.alerts)),
        h('td', { 'data-col': 'adherence', 'data-label': w.adherence }, h('b', {}, pct(g.adherence)),
          h('div', { class: 'muted' }, g.slotsMeasured, ' ', w.of, ' ', g.slotsDue, ' ', w.measured)),
        rate(g, 'acute', w.acuteShort, g.acuteContacts, w.contactOn, w.contactsOn, g.acuteContactsPerPatientYear,
          g.medianAcuteContactsPerPatientYear, g.beforeEnrolment.acuteContactsPerPatientYear),
        rate(g, 'bedDays', w.bedDaysShort, g.bedDays, w.bedDayOn, w.bedDaysOn, g.bedDaysPerPatientYear,
          g.medianBedDaysPerPatientYear, g.beforeEnrolment.bedDaysPerPatientYear)))))));
    return h('section', { class: 'card', id: 'equality' }, h('h2', {}, w.title), h('p', { class: 'muted' }, w.intro), headline,
      h('div', { class: 'equality-grid' }, dims.map(table)));
  }

  return { panel, gapOf };
})();
