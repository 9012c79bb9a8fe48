// Embedding: the calculator (one origin) framed by examples/embed/ (another
// origin: two 127.0.0.1 ports). The frame has no own header or footer; the
// host receives the results message only if its origin is in the
// calculator's allow-list, and the answers only after the user agrees.
// The allow-list is set in a copy of dist/ (the shipped default is empty).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ALLOW = /(<meta name="anyang-embed-origins" content=")[^"]*(")/;
let app, host, stranger, browser, copy;

before(async () => {
  host = await serve(path.join(root, 'examples/embed'));
  stranger = await serve(path.join(root, 'examples/embed'));
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'anyang-embed-'));
  fs.cpSync(path.join(root, 'dist'), copy, { recursive: true });
  const html = fs.readFileSync(path.join(copy, 'index.html'), 'utf8');
  assert.match(html, ALLOW, 'index.html has the allow-list meta tag');
  fs.writeFileSync(path.join(copy, 'index.html'), html.replace(ALLOW, `$1https://other.example ${origin(host)}$2`));
  app = await serve(copy);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const s of [app, host, stranger]) s?.server.close();
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

const origin = (s) => new URL(s.url).origin;

test('the shipped index.html allows no origin', () => {
  const html = fs.readFileSync(path.join(root, 'dist/index.html'), 'utf8');
  assert.equal(html.match(ALLOW)[0], '<meta name="anyang-embed-origins" content=""');
});

/// The host page with the calculator framed; every message it receives is recorded.
async function open(context, server, params = '') {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(() => {
    if (window !== window.top) return;
    window.__all = [];
    window.addEventListener('message', (e) => window.__all.push({ origin: e.origin, data: e.data }));
  });
  await page.goto(`${server.url}?calculator=${encodeURIComponent(app.url)}${params}`);
  const frame = page.frameLocator('#calculator');
  await frame.locator('.question').first().waitFor({ timeout: 20000 });
  return { page, frame, errors };
}

const messages = (page) => page.evaluate(() => window.__all.filter((m) => m.data && m.data.source === 'anyang-policy-calculator'));

/// Waits until more than `n` messages arrived and none for a moment; returns them.
async function settled(page, n) {
  await page.waitForFunction((n) => window.__all.filter((m) => m.data && m.data.source === 'anyang-policy-calculator').length > n, n, { timeout: 10000 });
  let last = -1;
  for (;;) {
    const now = (await messages(page)).length;
    if (now === last) return messages(page);
    last = now;
    await page.waitForTimeout(300);
  }
}

async function answerBool(frame, yes) {
  for (let i = 0; i < 60; i++) {
    const b = frame.locator(`.question button.${yes ? 'yes' : 'no'}`).first();
    if (await b.count()) {
      const fact = await frame.locator('.question').first().getAttribute('data-fact');
      await b.click();
      return fact;
    }
    await frame.locator('.question button.skip').first().click();
  }
  throw new Error('no yes/no question');
}

/// What the framed screen shows: cards per status, ids of the eligible ones.
async function screen(frame) {
  const cards = await frame.locator('.result').evaluateAll((els) => els.map((e) => ({ id: e.dataset.measure, status: e.dataset.status })));
  const counts = { eligible: 0, meets_entry_conditions: 0, undetermined: 0, not_eligible: 0, expired: 0, not_yet_in_force: 0 };
  for (const c of cards) counts[c.status] += 1;
  return { counts, eligible: cards.filter((c) => c.status === 'eligible').map((c) => c.id).sort() };
}

test('framed on an allowed origin: no header or footer, and each change posts the results shown', async () => {
  const context = await browser.newContext();
  const { page, frame, errors } = await open(context, host, '&date=2022-07-01');
  assert.equal(await frame.locator('header.top').count(), 0, 'no own header');
  assert.equal(await frame.locator('footer.foot').count(), 0, 'no own footer');
  assert.ok(await frame.locator('#assessment-date').isVisible(), 'the date stays adjustable');
  assert.equal(await frame.locator('#share-answers').count(), 0, 'no answers control unless the host asks');
  assert.equal(await frame.locator('#assessment-date').inputValue(), '2022-07-01', 'the host set the date');

  const first = await settled(page, 0);
  assert.equal(first.length, 1, 'the first results are posted once on load');
  for (let i = 0; i < 3; i++) {
    const n = (await messages(page)).length;
    await answerBool(frame, true);
    const all = await settled(page, n);
    const m = all.at(-1).data;
    const shown = await screen(frame);
    assert.deepEqual(Object.keys(m).sort(), ['counts', 'date', 'eligible', 'rulesVersion', 'source', 'type', 'version']);
    assert.equal(m.type, 'results');
    assert.equal(m.version, 1);
    assert.match(m.rulesVersion, /^[0-9a-f]{16}$/);
    assert.equal(m.date, '2022-07-01');
    assert.deepEqual(m.counts, shown.counts, 'counts are what the screen shows');
    assert.deepEqual([...m.eligible].sort(), shown.eligible, 'eligible ids are the eligible cards');
  }
  const all = await messages(page);
  assert.ok(all.every((m) => m.origin === origin(app)), 'sent by the calculator');
  assert.ok(all.at(-1).data.counts.eligible > 0, 'answering yes made something eligible');
  // The example page itself accepted them (its own origin and shape checks).
  assert.equal(await page.evaluate(() => window.received.length), all.length);
  assert.match(await page.locator('#summary').textContent(), /符合 \d+ 项/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an origin not in the allow-list receives nothing', async () => {
  const context = await browser.newContext();
  const { page, frame, errors } = await open(context, stranger);
  assert.equal(await frame.locator('header.top').count(), 0);
  await answerBool(frame, true);
  await answerBool(frame, false);
  await frame.locator('[data-answer]').nth(1).waitFor();
  await page.waitForTimeout(1000);
  assert.deepEqual(await messages(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the answers go to the host only when it asks and after the user agrees', async () => {
  const context = await browser.newContext();
  const { page, frame } = await open(context, host, '&answers=1&date=2022-07-01');
  const box = frame.locator('#share-answers');
  assert.equal(await box.isChecked(), false, 'off by default');
  assert.match(await frame.locator('.share-answers').textContent(), /允许嵌入页面读取我的回答/);
  let n = (await settled(page, 0)).length;
  const fact = await answerBool(frame, true);
  let all = await settled(page, n);
  assert.ok(all.every((m) => !('answers' in m.data)), 'no answers before the user agrees');

  n = all.length;
  await box.check();
  all = await settled(page, n);
  const m = all.at(-1).data;
  assert.match(m.answers, /^v=1&r=[0-9a-f]{16}&d=2022-07-01&/);
  assert.ok(m.answers.split('&').includes(`${fact}=1`), `${m.answers} holds ${fact}=1`);
  assert.match(await page.locator('#answers').textContent(), new RegExp(`${fact}=1`));

  n = all.length;
  await box.uncheck();
  await answerBool(frame, false);
  all = await settled(page, n);
  assert.ok(all.slice(n).every((m) => !('answers' in m.data)), 'withdrawn: no answers again');
  await context.close();
});

test('date and lang from the URL; invalid values are ignored with a notice', async () => {
  const context = await browser.newContext();
  let { page, frame, errors } = await open(context, host, '&lang=en');
  await frame.locator('html[lang=en]').waitFor();
  assert.match(await frame.locator('#results-title').textContent(), /Results/);
  await page.close();

  ({ page, frame, errors } = await open(context, host, '&date=2022-02-30&lang=fr'));
  const notice = await frame.locator('.notice').textContent();
  assert.match(notice, /date=2022-02-30/);
  assert.match(notice, /lang=fr/);
  assert.notEqual(await frame.locator('#assessment-date').inputValue(), '2022-02-30');
  assert.ok(await frame.locator('.result').count() > 0, 'still working');
  assert.deepEqual(errors, []);
  await context.close();
});

test('embedded at 320 px: no horizontal scroll, nothing framed around it, no axe violations', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${app.url}?embed=1&answers=1`);
  await page.waitForSelector('.question');
  assert.equal(await page.locator('header.top, footer.foot').count(), 0);
  for (const view of ['#tab-assess', '#tab-catalogue']) {
    await page.click(view);
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scroll on ${view} (${overflow}px)`);
  }
  await page.click('#tab-assess');
  await page.evaluate(fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  assert.deepEqual(result.violations.map((x) => `${x.id}: ${x.nodes[0].target.join(' ')} — ${x.help}`), []);
  await context.close();
});

test('embedded in a wide frame: the calculator takes the full width, no centred page margins', async () => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${app.url}?embed=1`);
  await page.waitForSelector('.question');
  const box = await page.evaluate(() => {
    const r = document.querySelector('.layout').getBoundingClientRect();
    return { left: r.left, right: document.documentElement.clientWidth - r.right };
  });
  assert.ok(box.left <= 1 && box.right <= 1, `edge to edge: ${JSON.stringify(box)}`);
  // Not embedded, the same page keeps its centred column.
  await page.goto(app.url);
  await page.waitForSelector('.question');
  assert.ok(await page.evaluate(() => document.querySelector('.layout').getBoundingClientRect().left) > 100);
  await context.close();
});

test('in a WeChat mini-program web-view the results go to wx.miniProgram.postMessage, and nothing needs it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    window.__wxjs_environment = 'miniprogram';
    window.__wx = [];
    window.wx = { miniProgram: { postMessage: (o) => window.__wx.push(JSON.parse(JSON.stringify(o))) } };
  });
  await page.goto(`${app.url}?date=2022-07-01`);
  await page.waitForSelector('.question');
  await page.waitForFunction(() => window.__wx.length > 0);
  const n = await page.evaluate(() => window.__wx.length);
  await answerBool(page, true);
  await page.waitForFunction((n) => window.__wx.length > n, n);
  const m = await page.evaluate(() => window.__wx.at(-1).data);
  assert.equal(m.source, 'anyang-policy-calculator');
  assert.equal(m.date, '2022-07-01');
  assert.deepEqual(m.counts, (await screen(page)).counts);

  // The mini-program environment without the JS-SDK: the page works the same.
  const bare = await context.newPage();
  bare.on('pageerror', (e) => errors.push(String(e)));
  await bare.addInitScript(() => { window.__wxjs_environment = 'miniprogram'; });
  await bare.goto(app.url);
  await bare.waitForSelector('.question');
  await answerBool(bare, true);
  await bare.waitForSelector('[data-answer]');
  assert.deepEqual(errors, []);
  await context.close();
});
