// Three different firms answer the interview through the screen, the way a
// person would: every asked question their profile knows is answered, every
// other one skipped. The results shown must match the CLI's evaluation of the
// full profile: status of every measure on screen, amounts and the cash total.
// (Facts never asked therefore could not have changed any result, except
// for measures outside their validity on the date, whose questions are not asked.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { servedApp } from './served-app.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.ELIGIBILITY || path.join(root, 'target/debug/eligibility');
const DATE = '2022-07-01';
const app = servedApp(path.join(root, 'dist'));

async function answer(page, firm) {
  const asked = [];
  for (let i = 0; i < 400; i++) {
    const q = page.locator('.question').first();
    if (await q.count() === 0) break;
    const fact = await q.getAttribute('data-fact');
    const v = firm[fact];
    asked.push(fact);
    if (v === undefined) await q.locator('button.skip').click();
    else if (v === true) await q.locator('button.yes').click();
    else if (v === false) await q.locator('button.no').click();
    else if (typeof v === 'number') { await q.locator('input').fill(String(v)); await q.locator('button.ok').click(); }
    else if (Array.isArray(v)) {
      for (const item of v) await q.locator(`input[type=checkbox][value="${item}"]`).check();
      await q.locator('button.ok').click();
    } else await q.locator('select').selectOption(v);
  }
  return asked;
}

for (const name of ['rd-first-time', 'small-restaurant', 'hiring-manufacturer']) {
  test(`${name}: the screen agrees with the CLI`, async () => {
    const file = path.join(root, 'tests/fixtures', `${name}.json`);
    const firm = JSON.parse(fs.readFileSync(file, 'utf8'));
    const expected = JSON.parse(execFileSync(cli, ['evaluate', file, '--date', DATE], { encoding: 'utf8', maxBuffer: 1 << 28 }));
    const byId = new Map(expected.results.map((r) => [r.id, r]));

    const context = await app.browser.newContext();
    const page = await context.newPage();
    await page.goto(app.srv.url);
    await page.waitForSelector('.question');
    await page.fill('#assessment-date', DATE);
    await page.dispatchEvent('#assessment-date', 'change');
    const asked = await answer(page, firm);
    assert.ok(asked.some((f) => f in firm), 'some of the firm\'s facts were asked');

    // Every group open, then read every card.
    await page.locator('details.group').evaluateAll((els) => els.forEach((e) => { e.open = true; }));
    const cards = await page.locator('.result').evaluateAll((els) => els.map((e) => ({
      id: e.dataset.measure, status: e.dataset.status, amount: (e.querySelector('.amount') || {}).textContent || '',
    })));
    assert.ok(cards.length > 50, `results are listed (${cards.length})`);
    const shown = new Set();
    for (const c of cards) {
      const r = byId.get(c.id);
      assert.ok(r, `unknown measure on screen: ${c.id}`);
      // Outside its validity a measure's questions are not asked (nothing can be
      // applied for), so the screen may say expired / not yet in force where the
      // full profile also knows a failed condition.
      const outside = (r.validity.from && DATE < r.validity.from) || (r.validity.until && DATE > r.validity.until);
      const dated = ['expired', 'not_yet_in_force'];
      if (!(outside && dated.includes(c.status) && [...dated, 'not_eligible'].includes(r.status))) {
        assert.equal(c.status, r.status, `${c.id}: screen says ${c.status}, CLI says ${r.status}`);
      }
      if (r.amount && r.status === 'eligible' && r.amount.min === r.amount.max && Number.isFinite(r.amount.min)) {
        const v = String(Math.round(r.amount.min * 10000) / 10000);
        assert.ok(c.amount.includes(v), `${c.id}: amount ${v} ${r.amount.unit} not in "${c.amount}"`);
      }
      shown.add(c.id);
    }
    // Every measure the CLI reports is on screen, or shown under the measure that restates it.
    for (const r of expected.results) {
      assert.ok(shown.has(r.id) || r.counted_under || r.superseded_by, `${r.id} (${r.status}) is not on screen`);
    }
    const eligible = cards.filter((c) => c.status === 'eligible').length;
    assert.ok(eligible > 0, 'the firm is eligible for something');
    const total = expected.totals.cash_min === expected.totals.cash_max ? String(Math.round(expected.totals.cash_min * 10000) / 10000) : null;
    if (total) assert.match(await page.locator('.totals').first().textContent(), new RegExp(`${total.replace('.', '\\.')} 万元`));
    await context.close();
  });
}
