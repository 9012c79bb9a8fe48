// The served app answers questions in headless Chromium and shows live results.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');
let srv, browser;

before(async () => {
  srv = await serve(dist);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  srv?.server.close();
});

async function open(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(srv.url);
  await page.waitForSelector('.question', { timeout: 20000 });
  return errors;
}

test('loads, asks questions, and re-evaluates on each answer', async () => {
  const page = await browser.newPage();
  const errors = await open(page);
  assert.ok(await page.locator('.result').count() > 0, 'results are listed before any answer');
  const before = await page.locator('.progress').textContent();

  // Answer every yes/no question shown with "yes" until none is left on screen or 12 answers.
  for (let i = 0; i < 12; i++) {
    const yes = page.locator('.question button.yes').first();
    if (await yes.count() === 0) break;
    await yes.click();
  }
  await page.waitForSelector('.answers li');
  assert.ok(await page.locator('.answers li').count() > 0, 'answers are listed');
  const after = await page.locator('.progress').textContent();
  assert.notEqual(after, before, 'progress changes as answers settle measures');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a number answer with its unit settles the R&D subsidy amount', async () => {
  const page = await browser.newPage();
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
  const card = page.locator('.result[data-measure="anzhengban-2021-62-rd-subsidy"]');
  assert.match(await card.textContent(), /60 万元|0–60 万元|60/);
  await page.close();
});

test('an invalid number is refused with a message and nothing else is lost', async () => {
  const page = await browser.newPage();
  await open(page);
  await page.locator('.question button.yes').first().click();
  const kept = await page.locator('.answers li').count();
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
  assert.equal(await page.locator('.answers li').count(), kept);
  await page.close();
});
