// The served app answers questions in headless Chromium and shows live results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { servedApp } from './served-app.mjs';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');
const app = servedApp(dist);

/// Answer the first yes/no question on screen, skipping others until one shows.
async function answerBool(page, yes) {
  for (let i = 0; i < 60; i++) {
    const b = page.locator(`.question button.${yes ? 'yes' : 'no'}`).first();
    if (await b.count()) return b.click();
    await page.locator('.question button.skip').first().click();
  }
  throw new Error('no yes/no question');
}

async function open(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(app.srv.url);
  await page.waitForSelector('.question', { timeout: 20000 });
  return errors;
}

test('loads, asks questions, and re-evaluates on each answer', async () => {
  const page = await app.browser.newPage();
  const errors = await open(page);
  assert.ok(await page.locator('.result').count() > 0, 'results are listed before any answer');
  const before = await page.locator('.progress').textContent();

  for (let i = 0; i < 3; i++) await answerBool(page, false);
  await page.waitForSelector('[data-answer]');
  assert.equal(await page.locator('[data-answer]').count(), 3, 'answers are listed');
  const after = await page.locator('.progress').textContent();
  assert.notEqual(after, before, 'progress changes as answers settle measures');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a number answer with its unit settles the R&D subsidy amount', async () => {
  const page = await app.browser.newPage();
  await open(page);
  // Answer the R&D question wherever it is asked: keep skipping others until it shows.
  for (let i = 0; i < 40; i++) {
    const q = page.locator('.question[data-fact="rd_expense_last_year"]');
    if (await q.count()) {
      await q.locator('input').fill('1200');
      await q.locator('button.ok').click();
      break;
    }
    await page.locator('.question button.skip').first().click();
  }
  await page.waitForSelector('[data-answer="rd_expense_last_year"]');
  const text = await page.locator('[data-answer="rd_expense_last_year"]').textContent();
  assert.match(text, /1200 万元/);
  // The operative R&D subsidy card (restatements are shown inside it).
  const card = page.locator('.result[data-measure$="-rd-subsidy"]').filter({ hasText: '企业研发费用财政补助' }).first();
  assert.match(await card.textContent(), /60 万元|0–60 万元|60/);
  await page.close();
});

test('an invalid number is refused with a message and nothing else is lost', async () => {
  const page = await app.browser.newPage();
  await open(page);
  await answerBool(page, true);
  const kept = await page.locator('[data-answer]').count();
  for (let i = 0; i < 40; i++) {
    const num = page.locator('.question input[type=number]').first();
    if (await num.count()) {
      await num.fill('-5');
      await num.locator('xpath=..').locator('button.ok').click();
      await page.waitForSelector('.question .error');
      assert.match(await page.locator('.question .error').first().textContent(), /outside|范围|range/);
      break;
    }
    await page.locator('.question button.skip').first().click();
  }
  assert.equal(await page.locator('[data-answer]').count(), kept);
  await page.close();
});

test('answers survive a reload, a share link restores them elsewhere, and clear forgets them', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await page.goto(app.srv.url);
  await page.waitForSelector('.question');
  await answerBool(page, true);
  await answerBool(page, false);
  const answers = await page.locator('[data-answer]').allTextContents();
  assert.equal(answers.length, 2);
  const results = await page.locator('.result').evaluateAll((els) => els.map((e) => e.dataset.measure + ':' + e.dataset.status));

  await page.reload();
  await page.waitForSelector('[data-answer]');
  assert.deepEqual(await page.locator('[data-answer]').allTextContents(), answers, 'kept across a reload');

  await page.locator('button.share').click();
  const link = await page.locator('.share-link').inputValue();
  assert.match(link, /#v=1&r=[0-9a-f]{16}&d=\d{4}-\d\d-\d\d&/);

  const other = await app.browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(link);
  await p2.waitForSelector('[data-answer]');
  assert.deepEqual(await p2.locator('[data-answer]').allTextContents(), answers, 'the link carries the answers');
  assert.deepEqual(await p2.locator('.result').evaluateAll((els) => els.map((e) => e.dataset.measure + ':' + e.dataset.status)), results, 'and gives the same results');
  await other.close();

  await page.locator('button.clear').click();
  await page.reload();
  await page.waitForSelector('.question');
  assert.equal(await page.locator('[data-answer]').count(), 0, 'cleared answers stay cleared');
  await context.close();
});

test('a forged link keeps its valid answers and says what was dropped', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await page.goto(app.srv.url + '#v=1&r=0000000000000000&above_scale=1&rd_expense_last_year=-3&no_such=1&' + 'x'.repeat(3000));
  await page.waitForSelector('.notice');
  const notice = await page.locator('.notice').textContent();
  assert.match(notice, /规则版本/);
  assert.match(notice, /无法读取/);
  assert.equal(await page.locator('[data-answer="above_scale"]').count(), 1);
  await context.close();
});

test('printing gives the report: answers, measures with amounts and citations, date and rules version', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await page.goto(app.srv.url + '#v=1&d=2022-07-01&rd_expense_last_year=1200&in_rd_statistics=1&received_rd_subsidy_before=0&registered_in_anyang=1&taxes_paid_in_anyang=1&good_credit=1&sci_fund_blacklisted_within_3_years=0&above_scale=1');
  await page.waitForSelector('[data-answer]');
  assert.equal(await page.locator('.report').isVisible(), false, 'the report is not shown on screen');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.report').isVisible(), true);
  assert.equal(await page.locator('.layout').isVisible(), false, 'the interactive screen is not printed');
  const text = await page.locator('.report').textContent();
  assert.match(text, /评估日期 2022-07-01/);
  assert.match(text, /规则版本 [0-9a-f]{16}/);
  assert.match(text, /上年度研发费用：1200 万元/);
  assert.match(text, /企业研发费用财政补助[^]*60 万元[^]*〔20\d\d〕\d+号/);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10000, 'a PDF is produced');
  await context.close();
});

test('the catalogue lists every measure without answers, searches, filters and opens a measure page', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await page.goto(app.srv.url);
  await page.waitForSelector('.question');
  await page.click('#tab-catalogue');
  await page.waitForSelector('.catalogue-item');
  const all = await page.locator('.catalogue-item').count();
  assert.ok(all > 100, `every measure is listed (${all})`);
  await page.fill('#catalogue-search', '研发费用');
  const found = await page.locator('.catalogue-item').count();
  assert.ok(found > 0 && found < all, `search narrows the list (${found})`);
  await page.selectOption('#filter-level', 'municipal');
  const municipal = await page.locator('.catalogue-item .meta').allTextContents();
  assert.ok(municipal.length > 0 && municipal.every((t) => t.includes('安阳市')), 'level filter');
  const item = page.locator('.catalogue-item').first();
  await item.locator('button.measure-title').click();
  await page.waitForSelector('.measure-page');
  const text = await page.locator('.measure-page').textContent();
  assert.match(text, /条件：/);
  assert.match(text, /出处：.*〔20\d\d〕\d+号/);
  assert.ok((await page.locator('.measure-page blockquote').textContent()).length > 10, 'the verbatim quote');
  await page.click('#tab-assess');
  await page.waitForSelector('.question');
  await context.close();
});

test('usable at 320 px in a WeChat web-view: no horizontal scroll, large touch targets', async () => {
  const context = await app.browser.newContext({
    viewport: { width: 320, height: 640 },
    userAgent: 'Mozilla/5.0 (Linux; Android 10; V1916A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/78.0.3904.62 XWEB/2692 MMWEBSDK/200901 Mobile Safari/537.36 MMWEBID/1234 MicroMessenger/7.0.19.1760(0x27001335) Process/toolsmp WeChat/arm64 NetType/WIFI Language/zh_CN ABI/arm64 miniProgram',
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto(app.srv.url);
  await page.waitForSelector('.question');
  for (const view of ['#tab-assess', '#tab-catalogue']) {
    await page.click(view);
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scroll on ${view} (${overflow}px)`);
  }
  // Large text (适老化) keeps the layout: still no horizontal scroll.
  await page.click('#large-text');
  await page.waitForFunction(() => document.documentElement.classList.contains('large-text'));
  const overflowLarge = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflowLarge <= 0, `no horizontal scroll in large-text mode (${overflowLarge}px)`);
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  assert.ok(size >= 19, `text is larger (${size}px)`);
  await page.reload();
  await page.waitForSelector('.question');
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('large-text')), 'remembered');
  await page.click('#tab-assess');
  // Inside a mini-program web-view, sharing is through WeChat's menu and the page URL.
  await page.evaluate(() => { window.__wxjs_environment = 'miniprogram'; });
  await page.click('button.share');
  assert.match(await page.locator('.toolbar').textContent(), /右上角/);
  assert.match(page.url(), /#v=1&/, 'the page URL carries the answers');
  const small = await page.locator('.question button, .toolbar button, .tabs button').evaluateAll((els) =>
    els.filter((e) => e.offsetParent !== null).map((e) => e.getBoundingClientRect()).filter((r) => r.height < 44).length);
  assert.equal(small, 0, 'buttons are at least 44 px high');
  await context.close();
});

test('English toggle: interface, questions and results in English, and the choice is remembered', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await page.goto(app.srv.url);
  await page.waitForSelector('.question');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.locator('#interview-title').textContent(), /Questions/);
  assert.match(await page.locator('#results-title').textContent(), /Results/);
  const label = await page.locator('.question .label').first().textContent();
  assert.doesNotMatch(label, /[\u4e00-\u9fff]/, `fact label in English: ${label}`);
  const title = await page.locator('.result h4').first().textContent();
  assert.doesNotMatch(title, /[\u4e00-\u9fff]/, `measure title in English: ${title}`);
  await page.reload();
  await page.waitForSelector('.question');
  assert.match(await page.locator('#interview-title').textContent(), /Questions/, 'remembered after a reload');
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.match(await page.locator('#interview-title').textContent(), /回答问题/);
  await context.close();
});
