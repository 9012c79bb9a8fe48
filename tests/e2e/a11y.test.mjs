// Accessibility (axe-core, WCAG 2 A/AA) on each screen, and privacy: every
// request the page makes stays on its own origin, and none leaves after load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { servedApp } from './served-app.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../dist');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const app = servedApp(dist);

async function axe(page, what) {
  // Injected through the DevTools protocol's evaluate, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const v = result.violations.map((x) => `${x.id}: ${x.nodes.length} × ${x.nodes[0].target.join(' ')} — ${x.help}`);
  assert.deepEqual(v, [], `${what}:\n${v.join('\n')}`);
}

test('no axe violations on the interview, results, catalogue and a measure page', async () => {
  const page = await app.browser.newPage();
  await page.goto(app.srv.url + '#v=1&rd_expense_last_year=1200&above_scale=1');
  await page.waitForSelector('.question');
  await page.locator('.result details.why summary').first().click();
  await axe(page, 'interview and results');
  await page.click('#tab-catalogue');
  await page.waitForSelector('.catalogue-item');
  await axe(page, 'catalogue');
  await page.locator('.catalogue-item button.measure-title').first().click();
  await page.waitForSelector('.measure-page');
  await axe(page, 'measure page');
  await page.close();
});

/// The page's Content-Security-Policy as directive → sources.
function parseCsp(text) {
  const out = {};
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    assert.ok(!(name in out), `directive ${name} given twice`);
    out[name] = sources;
  }
  return out;
}

test('nothing leaves the page: same-origin requests only, none after load, and the CSP allows no more', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), at: Date.now() }));
  // The source texts are fetched once the first screen is idle: part of loading.
  const texts = page.waitForResponse(/anyang_policy_texts[.\w]*\.bin$/);
  await page.goto(app.srv.url);
  await page.waitForSelector('.question');
  await texts;
  await page.waitForLoadState('networkidle');
  const loaded = Date.now();
  // A whole session: the interview to its end, share, print, catalogue.
  for (let i = 0; i < 800 && !(await page.locator('.done').count()); i++) {
    const b = page.locator('.question button.no').first();
    if (await b.count()) await b.click(); else await page.locator('.question button.skip').first().click();
  }
  assert.equal(await page.locator('.done').count(), 1, 'the interview was completed');
  await page.locator('button.share').click();
  await page.emulateMedia({ media: 'print' });
  assert.ok((await page.pdf({ format: 'A4' })).length > 10000, 'printed');
  await page.emulateMedia({ media: 'screen' });
  await page.click('#tab-catalogue');
  await page.fill('#catalogue-search', '贷款');
  await page.waitForTimeout(500);
  const origin = new URL(app.srv.url).origin;
  const foreign = requests.filter((r) => !r.url.startsWith(origin) && !r.url.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no request to another origin');
  const late = requests.filter((r) => r.at > loaded && !r.url.startsWith('data:'));
  assert.deepEqual(late.map((r) => r.url), [], 'no request once the page has loaded');
  // The CSP the page ships, directive by directive: its own files and wasm compilation, nothing else.
  const csp = parseCsp(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'));
  const allowed = {
    'default-src': ["'none'"],
    // 'unsafe-eval' only for WebViews older than 'wasm-unsafe-eval' (see index.html).
    'script-src': ["'self'", "'wasm-unsafe-eval'", "'unsafe-eval'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
  };
  assert.deepEqual(csp['default-src'], ["'none'"], 'everything not listed is refused');
  for (const [name, sources] of Object.entries(csp)) {
    assert.ok(name in allowed, `unexpected directive ${name}`);
    for (const s of sources) assert.ok(allowed[name].includes(s), `${name} allows ${s}`);
  }
  for (const name of ['base-uri', 'form-action']) assert.deepEqual(csp[name], ["'none'"], name);
  await context.close();
});
