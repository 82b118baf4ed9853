// A 7-day trend of one measurement with the patient's limits (dashed: yellow, red, critical) and the personal
// baseline band (shaded), drawn with uPlot (WebJar served by the hub). Reusable: the alert page uses it and the
// patient page can. TrendChart.draw(element, series, options) where series = { points: [{t, v}], limits:
// {criticalLow, redLow, yellowLow, yellowHigh, redHigh, criticalHigh}, baseline: {low, median, high} } and options =
// { width, height, from, to (ms), lang ('da' | 'en'), label (aria-label) }. Returns the uPlot instance or null.
// Optional: series.also = [{ points, limits, color }] more lines on the same axes (diastolic under systolic), each
// with its own limits. A reading at or beyond a critical line is ringed in the critical colour.
'use strict';
window.TrendChart = (() => {
  const COLORS = { yellow: '#f9a825', red: '#c62828', critical: '#6a0dad', line: '#1565c0', band: 'rgba(46,125,50,0.18)',
    median: 'rgba(46,125,50,0.7)' };
  const LIMIT_KEYS = [['criticalLow', 'critical'], ['redLow', 'red'], ['yellowLow', 'yellow'], ['yellowHigh', 'yellow'],
    ['redHigh', 'red'], ['criticalHigh', 'critical']];
  const num = (v) => v !== null && v !== undefined && !Number.isNaN(v);

  function limitLines(limits) {
    if (!limits) return [];
    return LIMIT_KEYS.filter(([k]) => num(limits[k])).map(([k, c]) => ({ value: limits[k], color: COLORS[c] }));
  }

  // The y range holds every reading, the band and the limits nearest the readings (the critical ones too when close).
  // Nearness is judged per line against its own readings: systolic limits at 200 and 240 mmHg would otherwise squash
  // systolic and diastolic readings into a thin band; the legend still lists every limit.
  function yRange(all, band) {
    const values = all.flatMap((s) => s.points.map((p) => p.v));
    let lo = Math.min(...values), hi = Math.max(...values);
    all.forEach((s) => {
      const vs = s.points.map((p) => p.v);
      const slo = Math.min(...vs), shi = Math.max(...vs);
      const span = Math.max(shi - slo, Math.abs(shi) * 0.05, 1);
      limitLines(s.limits).map((l) => l.value).filter((v) => v >= slo - span * 1.5 && v <= shi + span * 1.5)
        .forEach((v) => { lo = Math.min(lo, v); hi = Math.max(hi, v); });
    });
    if (band) { lo = Math.min(lo, band.low); hi = Math.max(hi, band.high); }
    const pad = (hi - lo) * 0.08 || 1;
    return [lo - pad, hi + pad];
  }

  // Values at or beyond the critical limits of a line.
  const critical = (limits) => (v) => !!limits && num(v)
    && ((num(limits.criticalLow) && v <= limits.criticalLow) || (num(limits.criticalHigh) && v >= limits.criticalHigh));

  // Value ticks in steps a clinician reads at a glance (no quarter steps: "95,25 %" says nothing an SpO2 of 95 does not).
  const STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500];
  // A label at least every 18 px (uPlot's default is 30): an SpO2 chart from 82 to 97 % reads every 2 %, where a
  // nurse needs it (NEWS2 bands are 2 % wide), not only 85, 90 and 95.
  const VALUE_SPACE = 18;
  // A measurement counted in whole units (a CAT score, a pulse) is labelled in whole units: "18,5 point" is no score.
  const WHOLE_STEPS = STEPS.filter((step) => step >= 1);
  // The value axis as wide as its longest label, so "95,5" or "120" is never cut at the chart's left edge.
  function valueAxisWidth(u, values, axisIdx, cycle) {
    const axis = u.axes[axisIdx];
    if (cycle > 1 && axis._size) return axis._size;
    const longest = (values || []).reduce((a, v) => (String(v).length > a.length ? String(v) : a), '');
    let width = axis.ticks.size + axis.gap;
    if (longest) { u.ctx.font = axis.font[0]; width += u.ctx.measureText(longest).width / devicePixelRatio; }
    return Math.max(30, Math.ceil(width) + 4);
  }

  function draw(el, series, opts) {
    if (!window.uPlot || !series || !series.points || !series.points.length) return null;
    const lang = opts.lang === 'en' ? 'en-GB' : 'da-DK';
    const all = [series].concat((series.also || []).filter((s) => s.points && s.points.length));
    const tables = all.map((s) => [s.points.map((p) => Date.parse(p.t) / 1000), s.points.map((p) => p.v)]);
    const aligned = all.length > 1 ? window.uPlot.join(tables) : tables[0];
    const lines = all.flatMap((s) => limitLines(s.limits));
    const isCritical = all.map((s) => critical(s.limits));
    const band = series.baseline && num(series.baseline.low) && num(series.baseline.high) ? series.baseline : null;
    const [y0, y1] = yRange(all, band);
    const short = opts.to - opts.from <= 2 * 86400e3;
    const fmtDay = (s) => (short ? new Date(s * 1000).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })
      : new Date(s * 1000).toLocaleDateString(lang, { day: 'numeric', month: 'numeric' }));
    const fmtVal = (v) => Number(v).toLocaleString(lang, { maximumFractionDigits: 2, useGrouping: false });
    const overlays = (u) => {
      const c = u.ctx, l = u.bbox.left, w = u.bbox.width;
      c.save();
      if (band) {
        const top = u.valToPos(band.high, 'y', true), bottom = u.valToPos(band.low, 'y', true);
        c.fillStyle = COLORS.band;
        c.fillRect(l, top, w, bottom - top);
        if (num(band.median)) {
          c.strokeStyle = COLORS.median; c.setLineDash([2, 3]); c.lineWidth = 1;
          const y = u.valToPos(band.median, 'y', true);
          c.beginPath(); c.moveTo(l, y); c.lineTo(l + w, y); c.stroke();
        }
      }
      lines.forEach((line) => {
        if (line.value < y0 || line.value > y1) return;
        const y = u.valToPos(line.value, 'y', true);
        c.strokeStyle = line.color; c.setLineDash([6, 4]); c.lineWidth = 2 * devicePixelRatio;
        c.beginPath(); c.moveTo(l, y); c.lineTo(l + w, y); c.stroke();
      });
      c.restore();
    };
    const rings = (u) => {
      const c = u.ctx;
      c.save();
      c.strokeStyle = COLORS.critical; c.lineWidth = 2 * devicePixelRatio;
      for (let i = 1; i < u.data.length; i++) {
        u.data[i].forEach((v, j) => {
          if (!isCritical[i - 1](v)) return;
          c.beginPath();
          c.arc(u.valToPos(u.data[0][j], 'x', true), u.valToPos(v, 'y', true), 6 * devicePixelRatio, 0, 2 * Math.PI);
          c.stroke();
        });
      }
      c.restore();
    };
    const whole = all.every((s) => s.points.every((p) => !num(p.v) || Number.isInteger(p.v)));
    const u = new window.uPlot({
      width: opts.width, height: opts.height || 180,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true, range: () => [opts.from / 1000, opts.to / 1000] }, y: { range: () => [y0, y1] } },
      axes: [
        { space: 60, values: (u, splits) => splits.map(fmtDay), size: 30 },
        { values: (u, splits) => splits.map(fmtVal), size: valueAxisWidth, incrs: whole ? WHOLE_STEPS : STEPS, space: VALUE_SPACE },
      ],
      series: [{}].concat(all.map((s) => {
        const color = s.color || COLORS.line;
        return { stroke: color, width: 2, spanGaps: true, points: { show: true, size: 6, fill: color } };
      })),
      hooks: { drawClear: [overlays], draw: [rings, (u) => {
        // The value axis as drawn, for tests and tools: its width and the labels it had to hold.
        el.dataset.yAxisPx = String(Math.round(u.axes[1]._size));
        el.dataset.yLabels = (u.axes[1]._values || []).join('|');
      }] },
    }, aligned, el);
    el.setAttribute('role', 'img');
    // The axis shown, for tests and tools: readings must not be squashed by far-away limits.
    el.dataset.yLow = String(Math.round(y0 * 10) / 10); el.dataset.yHigh = String(Math.round(y1 * 10) / 10);
    if (opts.label) el.setAttribute('aria-label', opts.label);
    return u;
  }

  // A limit's value in a legend, told apart from the readings' axis after drawing (markOffAxis).
  function limitValue(text, v) {
    const span = document.createElement('span');
    span.className = 'limit-value';
    span.dataset.v = String(v);
    span.dataset.text = text;
    span.textContent = text;
    return span;
  }

  // The axis holds the readings, not every limit (yRange): a legend's limit beyond it says so, or a nurse looks for a
  // critical line that is not drawn. Run after each draw: the axis changes with the width and the readings.
  function markOffAxis(legend, plot, lang) {
    const lo = Number(plot.dataset.yLow), hi = Number(plot.dataset.yHigh);
    legend.querySelectorAll('.limit-value').forEach((span) => {
      const v = Number(span.dataset.v), off = v < lo || v > hi;
      span.classList.toggle('off-axis', off);
      span.textContent = span.dataset.text + (off ? (lang === 'en' ? ' (off the chart)' : ' (uden for grafen)') : '');
    });
  }

  return { draw, limitValue, markOffAxis, COLORS };
})();
