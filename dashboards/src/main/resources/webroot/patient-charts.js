// The staff patient page's trend charts: what the patient's condition measures (COPD and fibrosis: SpO2, pulse,
// FEV1, temperature; heart failure: weight, blood pressure, pulse, SpO2), drawn with the shared TrendChart (uPlot)
// from GET /api/v1/patients/{id}/charts. Every reading while they fit, else each bucket's lowest and highest, so a
// CRITICAL value is never averaged away; the patient's limits and the CRITICAL line, the personal baseline band, a
// legend in words and, for a screen reader, a table of the plotted values.
// PatientCharts.section({ api, lang, patientId, from, to }) returns the section at once and fills it when the data
// arrives; lang is a function giving 'da' or 'en'.
'use strict';
window.PatientCharts = (() => {
  const T = {
    da: { none: 'Ingen målinger i perioden', readings: 'målinger', oneReading: 'måling', lowest: 'laveste', highest: 'højeste',
      perBucket: 'laveste og højeste måling pr.', hours: 'timer', minutes: 'minutter', reading: 'Måling',
      band: 'personligt normalområde', ring: 'måling ved en KRITISK grænse', values: 'Værdierne i grafen',
      time: 'Tid', value: 'Værdi', bp: 'Blodtryk', failed: 'Graferne kunne ikke hentes', loading: 'Henter grafer …',
      days: 'dage', day: 'døgn' },
    en: { none: 'No readings in this period', readings: 'readings', oneReading: 'reading', lowest: 'lowest', highest: 'highest',
      perBucket: 'lowest and highest reading per', hours: 'hours', minutes: 'minutes', reading: 'Reading',
      band: 'personal usual range', ring: 'reading at a CRITICAL limit', values: 'The values in the chart',
      time: 'Time', value: 'Value', bp: 'Blood pressure', failed: 'The charts could not be loaded',
      loading: 'Loading charts …', days: 'days', day: 'day' },
  };
  const I = window.I18N;
  const DIASTOLIC_COLOR = '#00838f'; // .pkey.line.second in patient-charts.css
  let redraws = [];

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      el.setAttribute(k, v === true ? '' : v);
    });
    children.flat().forEach((c) => { if (c !== null && c !== undefined && c !== false) el.append(c.nodeType ? c : String(c)); });
    return el;
  }

  function section(ctx) {
    const lang = ctx.lang();
    const t = (k) => T[lang][k] || k;
    const L = lang === 'da' ? 0 : 1;
    const locale = lang === 'da' ? 'da-DK' : 'en-GB';
    const fmtNum = (v, decimals = 2) => Number(v).toLocaleString(locale, { maximumFractionDigits: decimals, useGrouping: false });
    const unitWord = (code, unit) => {
      const u = I.UNITS[unit || I.UNIT_OF[code]];
      return u ? u[L] : '';
    };
    const valueText = (code, v, unit) => {
      const w = unitWord(code, unit);
      return I.withUnit(fmtNum(v, I.DECIMALS[code]), w, L);
    };
    const measure = (code) => (I.MEASURES[code] ? I.MEASURES[code][L] : code);
    const level = (k) => I.LEVELS[k][L];
    const fmtTime = (iso) => I.when(iso, L);
    const bucketText = (s) => (s >= 3600 ? fmtNum(Math.round(s / 360) / 10) + ' ' + t('hours')
      : fmtNum(Math.round(s / 60)) + ' ' + t('minutes'));

    const sec = h('section', { class: 'pcharts', id: 'patient-charts', 'aria-busy': 'true' },
      h('p', { class: 'muted' }, t('loading')));
    redraws = [];
    const q = 'from=' + ctx.from.toISOString() + '&to=' + ctx.to.toISOString();
    ctx.api('GET', '/api/v1/patients/' + ctx.patientId + '/charts?' + q)
      .then((data) => {
        sec.replaceChildren(...group(data.charts).map((g) => card(g, ctx)));
        sec.removeAttribute('aria-busy');
        redraws.forEach((draw) => draw());
      })
      .catch((e) => { sec.replaceChildren(h('p', { class: 'error' }, t('failed'), ': ', e.message)); });
    return sec;

    // Systolic and diastolic share one chart; the rest one each, in the API's order.
    function group(charts) {
      const dia = charts.find((c) => c.code === 'bp_diastolic');
      return charts.filter((c) => c.code !== 'bp_diastolic' || !charts.some((s) => s.code === 'bp_systolic'))
        .map((c) => (c.code === 'bp_systolic' ? { main: c, also: dia ? [dia] : [] } : { main: c, also: [] }));
    }

    function limitKeys(c) {
      const lim = c.limits || {};
      const keys = [];
      [['YELLOW', 'yellow', lim.yellowLow, lim.yellowHigh], ['RED', 'red', lim.redLow, lim.redHigh],
        ['CRITICAL', 'critical', lim.criticalLow, lim.criticalHigh]].forEach(([lvl, cls, lo, hi]) => {
        const vs = [lo, hi].filter((v) => v !== null && v !== undefined)
          .map((v) => window.TrendChart.limitValue(valueText(c.code, v, c.unit), v));
        if (vs.length) keys.push(h('span', { class: 'lkey-' + cls }, h('span', { class: 'pkey ' + cls }), level(lvl), ' ',
          ...vs.flatMap((v, i) => (i ? [' / ', v] : [v]))));
      });
      return keys;
    }

    function card(g, ctx2) {
      const c = g.main;
      const lines = [c].concat(g.also);
      const bp = c.code === 'bp_systolic';
      const unit = unitWord(c.code, c.unit);
      const title = (bp ? t('bp') : measure(c.code)) + (unit && c.code !== 'cat' ? ' (' + unit + ')' : '');
      const all = lines.flatMap((s) => s.points.map((p) => ({ code: s.code, unit: s.unit, t: p.t, v: p.v, limits: s.limits })));
      const crit = (p) => !!p.limits && ((p.limits.criticalLow != null && p.v <= p.limits.criticalLow)
        || (p.limits.criticalHigh != null && p.v >= p.limits.criticalHigh));
      const box = h('div', { class: 'card pchart', 'data-code': c.code, 'data-points': all.length });
      const legend = [];
      lines.forEach((s, i) => legend.push(h('span', {}, h('span', { class: i ? 'pkey line second' : 'pkey line' }),
        lines.length > 1 ? measure(s.code) : t('reading'))));
      lines.forEach((s) => {
        const keys = limitKeys(s);
        if (keys.length && lines.length > 1) legend.push(h('span', { class: 'muted' }, measure(s.code) + ':'));
        legend.push(...keys);
      });
      if (c.baseline) legend.push(h('span', {}, h('span', { class: 'pkey band' }), t('band'), ' ',
        valueText(c.code, Math.round(c.baseline.low * 10) / 10, c.unit), '–', valueText(c.code, Math.round(c.baseline.high * 10) / 10, c.unit)));
      if (all.some(crit)) legend.push(h('span', {}, h('span', { class: 'pkey ring' }), t('ring')));
      const plot = h('div', { class: 'pplot' });
      const summary = lines.filter((s) => s.points.length).map((s) => {
        const vs = s.points.map((p) => p.v);
        return (lines.length > 1 ? measure(s.code) + ': ' : '') + s.readings + ' ' + t(s.readings === 1 ? 'oneReading' : 'readings') + ', ' + t('lowest') + ' '
          + valueText(s.code, Math.min(...vs), s.unit) + ', ' + t('highest') + ' ' + valueText(s.code, Math.max(...vs), s.unit);
      }).join('; ');
      if (all.length) {
        const vs = c.points.map((p) => p.v);
        if (vs.length) { box.setAttribute('data-lowest', Math.min(...vs)); box.setAttribute('data-highest', Math.max(...vs)); }
      }
      // Element.append writes a null as the word "null": an empty chart gets no legend at all.
      box.append(h('h2', {}, title),
        h('p', { class: 'muted psummary' }, all.length ? summary : t('none'),
          lines.some((s) => s.downsampled) ? ' (' + t('perBucket') + ' ' + bucketText(lines.find((s) => s.downsampled).bucketSeconds) + ')' : ''));
      if (all.length) box.append(h('div', { class: 'plegend' }, legend));
      box.append(plot);
      if (all.length) box.append(valuesTable(all, crit, lines.length > 1));
      if (all.length) {
        const draw = () => {
          if (!plot.isConnected) return;
          plot.replaceChildren();
          window.TrendChart.draw(plot, Object.assign({}, c, { also: g.also.map((s) => Object.assign({}, s, { color: DIASTOLIC_COLOR })) }),
            { width: Math.max(200, plot.clientWidth || box.clientWidth - 24), height: 190, from: ctx2.from.getTime(),
              to: ctx2.to.getTime(), lang, label: title + ': ' + summary });
          window.TrendChart.markOffAxis(box, plot, lang);
        };
        redraws.push(draw);
      }
      return box;
    }

    // A screen reader cannot read the canvas: the plotted values as a table, folded away for the sighted.
    function valuesTable(points, crit, named) {
      const rows = points.slice().sort((a, b) => Date.parse(b.t) - Date.parse(a.t));
      return h('details', { class: 'pvalues' }, h('summary', {}, t('values'), ' (', String(rows.length), ')'),
        h('div', { class: 'table-scroll' }, h('table', {},
          h('thead', {}, h('tr', {}, h('th', {}, t('time')), named ? h('th', {}, t('reading')) : null, h('th', {}, t('value')))),
          h('tbody', {}, rows.map((p) => h('tr', { class: crit(p) ? 'pcrit' : null }, h('td', {}, fmtTime(p.t)),
            named ? h('td', {}, measure(p.code)) : null,
            h('td', {}, valueText(p.code, p.v, p.unit), crit(p) ? ' · ' + level('CRITICAL') : '')))))));
    }
  }

  let timer = null;
  window.addEventListener('resize', () => {
    clearTimeout(timer);
    timer = setTimeout(() => redraws.forEach((draw) => draw()), 200);
  });

  return { section };
})();
