// The browser half of the benchmark, in headless Chromium (Playwright, Debian's
// Chromium), against dist/ served from 127.0.0.1:
// - wasm evaluation: a bench page on the app's origin loads the shipped module
//   and times, with performance.now(), re-evaluating every measure after one
//   more answer (JS API `evaluate`, and `assess`: status and amount only).
// - time to interactive with 4× CPU throttling (CDP Emulation.setCPUThrottlingRate).
import { serve } from '../../tests/e2e/server.mjs';
import { launch } from '../../tests/e2e/browser.mjs';

// Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
const ISOLATED = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

const BENCH_PAGE = `<!doctype html><meta charset="utf-8"><title>bench</title>
<script type="module">
import init, { evaluate, assess } from './pkg/anyang_policy.js';
window.ready = init().then(() => true);
// Times fn over every item: the profile plus its one new answer.
function times(fn, items, date) {
  const out = [];
  for (const it of items) {
    const p = Object.assign({}, it.profile);
    if (it.next) p[it.next[0]] = it.next[1];
    const t0 = performance.now();
    fn(p, { date });
    out.push(performance.now() - t0);
  }
  return out;
}
window.bench = (items, date, warmup) => {
  times(evaluate, items.slice(0, warmup), date);
  times(assess, items.slice(0, warmup), date);
  // Timer resolution as the page sees it: the smallest step performance.now() takes.
  let step = Infinity;
  for (let i = 0, last = performance.now(); i < 20000; i++) { const t = performance.now(); if (t > last) { step = Math.min(step, t - last); last = t; } }
  return { evaluate: times(evaluate, items, date), assess: times(assess, items, date), isolated: self.crossOriginIsolated, resolution_ms: step };
};
</script>`;

/** Median and p95 of a list of milliseconds. */
export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median_ms: q(0.5), p95_ms: q(0.95), min_ms: s[0], max_ms: s[s.length - 1] };
}

export async function withBrowser(dist, fn) {
  const srv = await serve(dist);
  const browser = await launch();
  try {
    return await fn(browser, srv.url);
  } finally {
    await browser.close();
    srv.server.close();
  }
}

/** Re-evaluation timings in the page, over `items` ({ profile, next }). */
export async function wasmEval(browser, url, items, date) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), ...ISOLATED } });
  });
  await page.route(`${url}__bench.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: BENCH_PAGE, headers: ISOLATED }));
  await page.goto(`${url}__bench.html`);
  await page.waitForFunction(() => window.ready, null, { timeout: 60000 });
  await page.evaluate(() => window.ready);
  const r = await page.evaluate(([items, date]) => window.bench(items, date, 30), [items, date]);
  await page.close();
  if (errors.length) throw new Error(`bench page: ${errors.join('; ')}`);
  return { evaluate: stats(r.evaluate), assess: stats(r.assess), isolated: r.isolated, resolution_ms: r.resolution_ms };
}

// Installed before the page's own scripts: marks when the first question is on
// screen, then when the main thread next runs a task (the app has finished
// mounting and an input event would now be handled).
const MARK_INTERACTIVE = `(() => {
  const found = () => document.querySelector('.question button, .question input, .question select');
  const done = () => {
    window.__mounted = performance.now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { window.__interactive = performance.now(); };
    ch.port2.postMessage(0);
  };
  new MutationObserver((_, obs) => { if (found()) { obs.disconnect(); done(); } })
    .observe(document, { childList: true, subtree: true });
})();`;

/**
 * One cold load (fresh context: no cache) at `rate`× CPU throttling. Returns
 * the marks (ms from navigation start), every fetched resource with its start
 * time, and whether answering the first question then worked.
 */
export async function loadOnce(browser, url, rate) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(MARK_INTERACTIVE);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.goto(url);
  await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 60000 });
  // Whatever the page fetches after the first screen (lazily loaded texts).
  await page.waitForTimeout(1500);
  const marks = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      mounted: window.__mounted,
      interactive: window.__interactive,
      dom_content_loaded: nav ? nav.domContentLoadedEventEnd : null,
      first_contentful_paint: paint ? paint.startTime : null,
      resources: [{ url: location.href, start: 0, end: nav ? nav.responseEnd : 0 }].concat(
        performance.getEntriesByType('resource').map((e) => ({ url: e.name, start: e.startTime, end: e.responseEnd }))),
    };
  });
  // The first question can be answered: answer it (yes, or skip) and see the screen change.
  const q = page.locator('.question').first();
  const fact = await q.getAttribute('data-fact');
  const yes = q.locator('button.yes');
  let answered;
  if (await yes.count()) {
    await yes.click();
    answered = await page.waitForSelector(`[data-answer="${fact}"]`, { timeout: 30000 }).then(() => true, () => false);
  } else {
    await q.locator('button.skip').click();
    answered = await page.waitForFunction((f) => document.querySelector('.question')?.getAttribute('data-fact') !== f, fact, { timeout: 30000 }).then(() => true, () => false);
  }
  await context.close();
  return { ...marks, first_question: fact, answered, errors };
}
