// The clinic overview's first panel, "Lighed" (equality): measurement adherence and acute contacts per patient-year
// by equality factor (lives alone, no own GP, needs help with the tablet) and by municipality, each group with its
// size, and the largest adherence gap said in words at the top. Telemonitoring that works for the well-off only
// widens inequality; this is where a clinic sees it first. Plain JavaScript; app.js hands over its helpers (ui).
'use strict';
window.OverviewEquality = (() => {
  const T = {
    da: { title: 'Lighed', intro: 'Måleadhærens og akutte kontakter efter lighedsfaktor og kommune. Hver gruppe med antal patienter og patientår.',
      group: 'Gruppe', patients: 'Patienter', patientYears: 'Patientår', adherence: 'Måleadhærens', acute: 'Akutte kontakter pr. patientår', acuteShort: 'Akut pr. patientår',
      of: 'af', measured: 'målt', contactOn: 'kontakt på', contactsOn: 'kontakter på', patientOne: 'patient', years: 'patientår', largest: 'Største forskel i måleadhærens',
      versus: 'mod', gap: 'forskel', points: 'procentpoint', noGap: 'Ingen forskel at vise endnu (for få grupper med planlagte målinger).',
      tooFew: 'for få patientår til at sammenligne', patientsShort: 'patienter', yes: 'ja', no: 'nej', notRecorded: 'ikke registreret',
      livesAlone: 'Bor alene', noOwnGp: 'Ingen egen læge', needsTabletHelp: 'Har brug for hjælp til tablet', municipality: 'Kommune' },
    en: { title: 'Equality', intro: 'Measurement adherence and acute contacts by equality factor and municipality. Each group with its number of patients and patient-years.',
      group: 'Group', patients: 'Patients', patientYears: 'Patient-years', adherence: 'Measurement adherence', acute: 'Acute contacts per patient-year', acuteShort: 'Acute per patient-year',
      of: 'of', measured: 'measured', contactOn: 'contact on', contactsOn: 'contacts on', patientOne: 'patient', years: 'patient-years', largest: 'Largest gap in measurement adherence',
      versus: 'versus', gap: 'gap', points: 'percentage points', noGap: 'No gap to show yet (too few groups with scheduled measurements).',
      tooFew: 'too few patient-years to compare', patientsShort: 'patients', yes: 'yes', no: 'no', notRecorded: 'not recorded',
      livesAlone: 'Lives alone', noOwnGp: 'No own GP', needsTabletHelp: 'Needs help with the tablet', municipality: 'Municipality' }
  };
  const FACTORS = ['livesAlone', 'noOwnGp', 'needsTabletHelp'];

  const pct = (v) => (v === null || v === undefined ? '–' : Math.round(v * 100) + ' %');
  const groupName = (w, g) => (g === 'yes' || g === 'no' ? w[g] : g === '(not recorded)' ? w.notRecorded : g);

  /** The widest adherence gap between two groups of one dimension (groups with measurements due only). */
  function gapOf(rows) {
    const usable = (rows || []).filter((g) => g.patients > 0 && g.slotsDue > 0 && g.adherence !== null && g.adherence !== undefined);
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
      : h('p', { class: 'muted', id: 'equality-largest' }, w.noGap);
    const table = (d) => h('div', { class: 'equality-factor' + (d === largest ? ' largest-gap' : ''), 'data-factor': d.key },
      h('h3', {}, d.label),
      h('div', { class: 'table-scroll' }, h('table', {},
        h('thead', {}, h('tr', {}, [w.group, w.patients, w.adherence, w.acuteShort].map((c) => h('th', {}, c)))),
        h('tbody', {}, d.rows.map((g) => h('tr', { 'data-group': g.group,
          class: d === largest && (g === d.gap.low || g === d.gap.high) ? (g === d.gap.low ? 'gap-low' : 'gap-high') : null },
        h('td', {}, groupName(w, g.group)),
        h('td', { 'data-col': 'patients' }, g.patients, h('div', { class: 'muted' }, years(g.patientYears), ' ', w.years)),
        h('td', { 'data-col': 'adherence' }, h('b', {}, pct(g.adherence)),
          h('div', { class: 'muted' }, g.slotsMeasured, ' ', w.of, ' ', g.slotsDue, ' ', w.measured)),
        // Below one patient-year the rate means nothing (one contact in a week is fifty a year): the count and the
        // warning instead.
        h('td', { 'data-col': 'acute' }, g.tooFewPatientYears ? '–' : ui.fmtNum(g.acuteContactsPerPatientYear),
          h('div', { class: 'muted' }, g.acuteContacts, ' ', g.acuteContacts === 1 ? w.contactOn : w.contactsOn, ' ', years(g.patientYears), ' ', w.years),
          g.tooFewPatientYears ? h('div', { class: 'warn-note' }, '⚠ ', w.tooFew) : null)))))));
    return h('section', { class: 'card', id: 'equality' }, h('h2', {}, w.title), h('p', { class: 'muted' }, w.intro), headline,
      h('div', { class: 'equality-grid' }, dims.map(table)));
  }

  return { panel, gapOf };
})();
