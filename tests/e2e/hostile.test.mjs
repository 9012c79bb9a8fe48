// Hostile or corrupt input in the built app: saved answers in local storage
// and share links. The page always loads, says what it dropped, keeps the
// valid answers, and renders nothing from the input as HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { servedApp } from './served-app.mjs';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');
const KEY = 'anyang-policy-calculator';
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold</b>';
const app = servedApp(dist);

/// Open the page in a fresh context; `stored` is put in local storage first.
async function load(hash = '', stored) {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (stored !== undefined) {
    await page.goto(app.srv.url);
    await page.waitForSelector('.question', { timeout: 20000 });
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, stored]);
    await page.goto('about:blank');
  }
  await page.goto(app.srv.url + hash);
  await page.waitForSelector('.question', { timeout: 20000 });
  return { context, page, errors };
}

/// Nothing from the input became markup or ran as script.
async function inert(page, errors) {
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no injected script ran');
  assert.equal(await page.locator('img[src="x"], .notice script, .notice b, .notice img').count(), 0, 'no injected element');
  assert.deepEqual(errors, [], 'no page error');
}

const answers = (page) => page.locator('[data-answer]').evaluateAll((els) => els.map((e) => e.dataset.answer).sort());

test('corrupt local storage: garbage, truncated, one bad answer, huge: the page loads and keeps what is valid', async () => {
  const cases = [
    { stored: '\u0000\uffff💥' + XSS + '&&&==%%%', keep: [], says: /无法读取/ },
    { stored: 'v=1&r=0000000000000000&above_scale=1&in_rd_statistics=1&rd_expe', keep: ['above_scale', 'in_rd_statistics'], says: /rd_expe/ },
    { stored: 'v=1&above_scale=1&rd_expense_last_year=-3&in_rd_statistics=0', keep: ['above_scale', 'in_rd_statistics'], says: /rd_expense_last_year/ },
    { stored: 'v=1&above_scale=1&x=' + 'y'.repeat(2_000_000), keep: ['above_scale'], says: /longer than/ },
  ];
  for (const c of cases) {
    const { context, page, errors } = await load('', c.stored);
    await page.waitForSelector('.notice');
    assert.match(await page.locator('.notice').textContent(), c.says, c.stored.slice(0, 60));
    assert.deepEqual(await answers(page), c.keep, c.stored.slice(0, 60));
    await inert(page, errors);
    await context.close();
  }
});

test('hostile share links: very long, bad percent-encoding, forged version, script in values', async () => {
  const cases = [
    { hash: '#v=1&above_scale=1&' + 'a=1&'.repeat(100_000), keep: ['above_scale'], says: /longer than/ },
    { hash: '#v=1&above_scale=%31&in_rd_statistics=%E4%ZZ&%ff%fe=1&rd_expense_last_year=%&founded_on=%', keep: ['above_scale'], says: /in_rd_statistics/ },
    { hash: '#v=7&r=' + encodeURIComponent(XSS.slice(0, 36)) + '&above_scale=1', keep: ['above_scale'], says: /规则版本[^]*format version 7/ },
    { hash: '#v=1&above_scale=1&hte_recognition_last_year=' + encodeURIComponent(XSS) + '&' + encodeURIComponent(XSS) + '=1', keep: ['above_scale'], says: /<img src=x/ },
  ];
  for (const c of cases) {
    const { context, page, errors } = await load(c.hash);
    await page.waitForSelector('.notice');
    assert.match(await page.locator('.notice').textContent(), c.says, c.hash.slice(0, 80));
    assert.deepEqual(await answers(page), c.keep, c.hash.slice(0, 80));
    await inert(page, errors);
    // The page still works: one more answer is taken.
    await page.locator('.question button.skip').first().click();
    await context.close();
  }
});
