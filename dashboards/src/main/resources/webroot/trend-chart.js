// A 7-day trend of one measurement with the patient's limits (dashed: yellow, red, critical) and the personal
// baseline band (shaded), drawn with uPlot (WebJar served by the hub). Reusable: the alert page uses it and the
// patient page can. TrendChart.draw(element, series, options) where series = { points: [{t, v}], limits:
// {criticalLow, redLow, yellowLow, yellowHigh, redHigh, criticalHigh}, baseline: {low, median, high} } and options =
// { width, height, from, to (ms), lang ('da' | 'en'), label (aria-label) }. Returns the uPlot instance or null.
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
  function yRange(values, lines, band) {
    let lo = Math.min(...values), hi = Math.max(...values);
    const span = Math.max(hi - lo, Math.abs(hi) * 0.05, 1);
    const near = (v) => v >= lo - span * 1.5 && v <= hi + span * 1.5;
    lines.map((l) => l.value).filter(near).forEach((v) => { lo = Math.min(lo, v); hi = Math.max(hi, v); });
    if (band) { lo = Math.min(lo, band.low); hi = Math.max(hi, band.high); }
    const pad = (hi - lo) * 0.08 || 1;
    return [lo - pad, hi + pad];
  }

  function draw(el, series, opts) {
    if (!window.uPlot || !series || !series.points || !series.points.length) return null;
    const lang = opts.lang === 'en' ? 'en-GB' : 'da-DK';
    const xs = series.points.map((p) => Date.parse(p.t) / 1000);
    const ys = series.points.map((p) => p.v);
    const lines = limitLines(series.limits);
    const band = series.baseline && num(series.baseline.low) && num(series.baseline.high) ? series.baseline : null;
    const [y0, y1] = yRange(ys, lines, band);
    const fmtDay = (s) => new Date(s * 1000).toLocaleDateString(lang, { day: 'numeric', month: 'numeric' });
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
    const u = new window.uPlot({
      width: opts.width, height: opts.height || 180,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true, range: () => [opts.from / 1000, opts.to / 1000] }, y: { range: () => [y0, y1] } },
      axes: [
        { space: 60, values: (u, splits) => splits.map(fmtDay), size: 30 },
        { values: (u, splits) => splits.map(fmtVal), size: 44 },
      ],
      series: [{}, { stroke: COLORS.line, width: 2, points: { show: true, size: 6, fill: COLORS.line } }],
      hooks: { drawClear: [overlays] },
    }, [xs, ys], el);
    el.setAttribute('role', 'img');
    if (opts.label) el.setAttribute('aria-label', opts.label);
    return u;
  }

  return { draw, COLORS };
})();
