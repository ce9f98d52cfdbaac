// The scroll probe of bench:ui and bench:reopen: scrolls the grid's viewport a fixed step per animation frame for
// 240 frames (bouncing at the ends) and returns the frame-to-frame times. Kept as source text: tsx would wrap
// named inner functions in a __name() helper the page does not have.
export const SCROLL_PROBE = `async (ax) => {
  const el = document.querySelector(ax === 'x' ? '.ag-body-horizontal-scroll-viewport' : '.ag-body-vertical-scroll-viewport')
    ?? document.querySelector('.ag-body-viewport');
  const max = ax === 'x' ? el.scrollWidth - el.clientWidth : el.scrollHeight - el.clientHeight;
  const step = ax === 'x' ? 120 : 40;
  const deltas = [];
  let last = 0, pos = 0, dir = 1, frames = 0;
  await new Promise((resolve) => {
    const tick = (ts) => {
      if (last) deltas.push(ts - last);
      last = ts;
      pos += dir * step;
      if (pos >= max || pos <= 0) dir = -dir;
      pos = Math.max(0, Math.min(max, pos));
      if (ax === 'x') el.scrollLeft = pos; else el.scrollTop = pos;
      if (++frames < 240) requestAnimationFrame(tick); else resolve();
    };
    requestAnimationFrame(tick);
  });
  return { deltas, max };
}`;

/** The grid's two list payloads fetched again by the page: UTF-8 size and the median of 5 JSON.parse times. */
export const PAYLOAD_PROBE = `async () => {
  const token = sessionStorage.getItem('policybench.token') ?? '';
  const out = [];
  for (const method of ['matrix-get', 'checks-get']) {
    const res = await fetch('/api/call/' + method, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-PolicyBench-Token': token }, body: '{}' });
    const buf = await res.arrayBuffer();
    const text = new TextDecoder().decode(buf);
    const times = [];
    for (let i = 0; i < 5; i++) { const t = performance.now(); JSON.parse(text); times.push(performance.now() - t); }
    times.sort((a, b) => a - b);
    out.push({ method, bytes: buf.byteLength, parseMs: times[2] });
  }
  return out;
}`;
