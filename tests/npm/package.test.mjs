// The npm package (tools/npm-package.sh → npm/pkg/) imported as a plain ES
// module by a plain HTML page in headless Chromium: three firms get the same
// status and amount for every measure as `eligibility evaluate`; results are
// plain objects; the README's example runs; the .d.ts type-checks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serve } from '../e2e/server.mjs';
import { launch } from '../e2e/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = path.join(root, 'npm/pkg');
const cli = process.env.ELIGIBILITY || path.join(root, 'target/debug/eligibility');
const DATE = '2022-07-01';
let srv, browser, page;
const errors = [];

before(async () => {
  // Only the page and the package are served.
  srv = await serve(root);
  browser = await launch();
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${srv.url}tests/npm/index.html`);
  await page.evaluate(() => window.api);
});
after(async () => {
  await browser?.close();
  srv?.server.close();
});

test('the package: its files, its README, its types', () => {
  const meta = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  assert.equal(meta.name, 'anyang-policy');
  assert.equal(meta.types, 'anyang_policy.d.ts');
  for (const f of meta.files) assert.ok(fs.existsSync(path.join(pkg, f)), `${f} is in the package`);
  const readme = fs.readFileSync(path.join(pkg, 'README.md'), 'utf8');
  assert.match(readme, /^# anyang-policy/, 'the package README, not the crate README');
  const dts = fs.readFileSync(path.join(pkg, 'anyang_policy.d.ts'), 'utf8');
  assert.match(dts, /export function evaluate\(profile: Profile, options\?: EvaluateOptions\): Evaluation;/);
  assert.match(dts, /export function nextQuestions\(profile: Profile, options\?: EvaluateOptions\): Question\[\];/);
  assert.match(dts, /export function measures\(\): MeasureInfo\[\];/);
  assert.match(dts, /export function facts\(\): FactInfo\[\];/);
  assert.match(dts, /export function rulesVersion\(\): RulesVersion;/);
  // The API and its types (before wasm-bindgen's raw `InitOutput` exports): no any, no Map.
  assert.doesNotMatch(dts.split('export type InitInput')[0], /\bany\b|\bMap</, 'no any, no Map');
  // No web app in the package: the JS API only.
  assert.doesNotMatch(fs.readFileSync(path.join(pkg, 'anyang_policy.js'), 'utf8'), /mountApp/);
});

test('the .d.ts type-checks a caller, and rejects wrong uses (tsc)', () => {
  const tsc = path.join(root, 'node_modules/.bin/tsc');
  try {
    execFileSync(tsc, ['-p', path.join(root, 'tests/npm/tsconfig.json')], { encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc: ${e.stdout}${e.stderr}`);
  }
});

for (const name of ['rd-first-time', 'small-restaurant', 'hiring-manufacturer']) {
  test(`${name}: every status and amount equal the CLI's`, async () => {
    const file = path.join(root, 'tests/fixtures', `${name}.json`);
    const firm = JSON.parse(fs.readFileSync(file, 'utf8'));
    const expected = JSON.parse(execFileSync(cli, ['evaluate', file, '--date', DATE], { encoding: 'utf8', maxBuffer: 1 << 28 }));
    const got = await page.evaluate(async ({ firm, date }) => {
      const api = await window.api;
      const r = api.evaluate(firm, { date });
      // Plain data all the way down: no Map, no class instances.
      const plain = (v) => v === null || typeof v !== 'object' || (Array.isArray(v) ? v.every(plain)
        : Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(plain));
      return { plain: plain(r), date: r.date, rules: r.rules_version, totals: r.totals,
        results: r.results.map((m) => ({ id: m.id, status: m.status, amount: m.amount && { min: m.amount.min, max: m.amount.max, unit: m.amount.unit } })) };
    }, { firm, date: DATE });
    assert.equal(got.plain, true, 'plain objects');
    assert.equal(got.date, DATE);
    assert.equal(got.rules, expected.rules_version);
    assert.equal(got.results.length, expected.results.length);
    const byId = new Map(expected.results.map((r) => [r.id, r]));
    for (const m of got.results) {
      const r = byId.get(m.id);
      assert.ok(r, m.id);
      assert.equal(m.status, r.status, `${m.id}: status`);
      // JSON has no Infinity: the CLI writes an unbounded maximum as null.
      const want = r.amount && { min: r.amount.min, max: r.amount.max ?? Infinity, unit: r.amount.unit };
      assert.deepEqual(m.amount, want, `${m.id}: amount`);
    }
    assert.equal(got.totals.cash_min, expected.totals.cash_min);
    assert.equal(got.totals.cash_max, expected.totals.cash_max);
    assert.ok(got.results.some((m) => m.status === 'eligible'), 'the firm is eligible for something');
  });
}

test('the other functions, and bad input throws an Error naming the fact', async () => {
  const got = await page.evaluate(async () => {
    const api = await window.api;
    let error = null;
    try { api.evaluate({ rd_expense_last_year: 'lots' }); } catch (e) { error = { isError: e instanceof Error, message: e.message }; }
    return { measures: api.measures().map((m) => m.id), facts: api.facts().map((f) => f.name), next: api.nextQuestions({}, { date: '2022-07-01' }).slice(0, 3), version: api.rulesVersion(), error };
  });
  const cliMeasures = execFileSync(cli, ['measures'], { encoding: 'utf8', maxBuffer: 1 << 28 }).trim().split('\n').map((l) => l.split(/\s+/)[0]);
  assert.deepEqual(got.measures, cliMeasures, 'the catalogue is the CLI\'s');
  assert.ok(got.facts.includes('rd_expense_last_year'));
  assert.ok(got.next.length === 3 && got.next.every((q) => got.facts.includes(q.fact) && q.decides >= 0));
  assert.match(got.version[0], /^[0-9a-f]{16}$/);
  assert.match(got.version[1], /^\d{4}-\d\d-\d\d$/);
  assert.equal(got.error?.isError, true);
  assert.match(got.error.message, /rd_expense_last_year/);
  assert.deepEqual(errors, []);
});

test("the README's example runs as written and prints eligible measures", async () => {
  const readme = fs.readFileSync(path.join(pkg, 'README.md'), 'utf8');
  const code = readme.match(/```js\n([^]*?)```/)[1];
  assert.ok(code.split('\n').filter(Boolean).length <= 10, 'ten lines');
  const lines = [];
  const p = await browser.newPage();
  p.on('console', (m) => lines.push(m.text()));
  p.on('pageerror', (e) => lines.push(`error: ${e}`));
  await p.goto(`${srv.url}tests/npm/index.html`);
  await p.addScriptTag({ type: 'module', content: code.replace("from 'anyang-policy'", "from '/npm/pkg/anyang_policy.js'") });
  for (let i = 0; i < 50 && !lines.some((l) => l.startsWith('rules')); i++) await p.waitForTimeout(100);
  assert.ok(!lines.some((l) => l.startsWith('error')), lines.join('\n'));
  assert.ok(lines.some((l) => /-rd-subsidy .*万元/.test(l)), `an eligible R&D subsidy is printed:\n${lines.join('\n')}`);
  assert.ok(lines.some((l) => /^rules [0-9a-f]{16} next question: \w+$/.test(l)), lines.join('\n'));
  await p.close();
});
