// The benchmark report (issue 7): run by tools/bench.sh after the release
// build. Prints and writes bench-report.md and bench-report.json.
// BENCH_QUICK=1 runs everything on small inputs (to try the harness).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { profiles } from './gen.mjs';
import { sizes, classify, totals, FIRST_LOAD_TARGET } from './size.mjs';
import { withBrowser, wasmEval, loadOnce, stats } from './browser.mjs';
import { criterion, topFacts, firmsCsv, batch, timed, BENCHES } from './native.mjs';
import { translate, engineOf, peerStatuses } from './peer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const work = path.join(root, 'target/bench');
fs.mkdirSync(work, { recursive: true });
const DATE = '2022-07-01';
const quick = process.env.BENCH_QUICK === '1';
const N = quick
  ? { partial: 100, complete: 40, peer: 15, batchSmall: 2000, batchLarge: 20000, peerNative: 2000, tti: 2 }
  : { partial: 600, complete: 300, peer: 80, batchSmall: 100000, batchLarge: Number(process.env.BENCH_ROWS || 1000000), peerNative: 10000, tti: 5 };
const cores = os.availableParallelism();
const log = (s) => process.stderr.write(`\x1b[1m[bench]\x1b[0m ${s}\n`);

const report = {
  when: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores, node: process.version, load_average: os.loadavg().map((x) => +x.toFixed(2)), quick },
  date: DATE,
};
const errors = {};
// BENCH_STEPS=peer,batch measures only those steps (the pack is always read).
const only = process.env.BENCH_STEPS ? process.env.BENCH_STEPS.split(',') : null;
async function step(name, fn) {
  if (only && name !== 'pack' && !only.includes(name)) return;
  log(name);
  const t0 = Date.now();
  try {
    report[name] = await fn();
  } catch (e) {
    errors[name] = String(e && e.stack ? e.stack : e);
    log(`${name} FAILED: ${e}`);
  }
  log(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// The shipped module, in Node: the facts export, and our side of the peer comparison.
// Copied to .mjs: Node then loads wasm-bindgen's ES module glue without guessing its type.
fs.copyFileSync(path.join(dist, 'pkg/anyang_policy.js'), path.join(work, 'anyang_policy.mjs'));
const glue = await import(pathToFileURL(path.join(work, 'anyang_policy.mjs')).href);
glue.initSync({ module: fs.readFileSync(path.join(dist, 'pkg/anyang_policy_bg.wasm')) });
const facts = glue.facts();
const measureIds = glue.measures().map((m) => m.id);
const [rulesVersion] = glue.rulesVersion();
report.rules = { version: rulesVersion, measures: measureIds.length, facts: facts.length };

const partial = profiles(facts, N.partial, { seed: 7 });
const complete = profiles(facts, N.complete, { seed: 11, complete: true });
const withNext = (it) => (it.next ? { ...it.profile, [it.next[0]]: it.next[1] } : it.profile);
const profilesFile = path.join(work, 'profiles.json');
fs.writeFileSync(profilesFile, JSON.stringify([...partial, ...complete].map(withNext)));
report.profiles = { partial: partial.length, complete: complete.length, known_facts_median_partial: stats(partial.map((p) => Object.keys(p.profile).length)).median_ms };

await step('size', () => ({ files: sizes(dist) }));

await step('validation', () => {
  const run = (args) => spawnSync('bash', [path.join(root, 'tools/validate-wasm.sh'), ...args], { encoding: 'utf8' });
  const features = run(['--features']).stdout.trim();
  const shipped = fs.readdirSync(path.join(dist, 'pkg')).filter((f) => f.endsWith('.wasm')).map((f) => path.join(dist, 'pkg', f));
  const ok = run(shipped);
  // The same validator on the compiler's own output (before wasm-bindgen and wasm-opt): stable
  // Rust enables reference types and multivalue by default, which old engines lack.
  const rawFile = path.join(root, 'target/wasm32-unknown-unknown/release/anyang_policy.wasm');
  const raw = fs.existsSync(rawFile) ? spawnSync('wasm-tools', ['validate', '--features', features, rawFile], { encoding: 'utf8' }) : null;
  const version = spawnSync('wasm-tools', ['--version'], { encoding: 'utf8' }).stdout.trim();
  return {
    validator: version, features, files: shipped.map((f) => path.relative(root, f)),
    shipped_valid: ok.status === 0, shipped_output: (ok.stderr + ok.stdout).trim(),
    // validate-wasm.sh first checks that tiny modules needing each excluded feature are refused.
    refused: (ok.stderr.match(/refuses a module needing .*/g) || []).map((l) => l.replace('refuses a module needing ', '')),
    raw_rustc_output: raw && { valid: raw.status === 0, message: (raw.stderr || '').replace(/\s+/g, ' ').trim().slice(0, 300) },
  };
});

await step('browser', () => withBrowser(dist, async (browser, url) => {
  const evalItems = partial.filter((p) => p.next);
  const wasm = await wasmEval(browser, url, evalItems, DATE);
  const runs = [];
  for (let i = 0; i < N.tti; i++) runs.push(await loadOnce(browser, url, 4));
  const unthrottled = await loadOnce(browser, url, 1);
  return { origin: new URL(url).origin, wasm, tti_runs: runs, unthrottled };
}));

if (report.size && report.browser) {
  const files = classify(report.size.files, report.browser.tti_runs[0], report.browser.origin);
  report.size = { files, first_load: totals(files, 'first load'), after_first_screen: totals(files, 'after first screen'), not_fetched: totals(files, 'not fetched'), classified_by: 'network (first throttled load)' };
} else if (report.size) {
  const files = classify(report.size.files, null);
  report.size = { files, first_load: totals(files, 'first load'), after_first_screen: totals(files, 'after first screen'), not_fetched: totals(files, 'not fetched'), classified_by: 'file names (browser step failed)' };
}

await step('native', () => criterion(root, profilesFile, DATE));

let pack;
await step('pack', () => {
  const r = spawnSync(path.join(root, 'target/release/eligibility'), ['pack'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  pack = JSON.parse(r.stdout);
  return { version: pack.version, measures: pack.measures.length };
});

await step('batch', () => {
  const cols = topFacts(pack, 60).map((i) => facts.find((f) => f.name === pack.facts[i].name));
  const out = { columns: cols.length, runs: [] };
  for (const rows of [N.batchSmall, N.batchLarge]) {
    log(`batch: ${rows} rows`);
    const file = firmsCsv(work, cols, rows, `${rulesVersion}-top${cols.length}`);
    out.runs.push(batch(root, file, rows, DATE, cores));
  }
  const [small, large] = out.runs;
  out.rss_growth = large.max_rss_mb / small.max_rss_mb;
  out.flat = out.rss_growth < 1.5;
  return out;
});

await step('peer', async () => {
  // json-rules-engine takes about a third of a second per firm here: a sample of the complete firms.
  const firms = complete.slice(0, N.peer).map((c) => c.profile);
  const t = translate(pack, DATE);
  const engine = engineOf(t.rules);
  // Warm both sides up, then time each over every firm.
  for (const f of firms.slice(0, 5)) { await peerStatuses(engine, t, f); glue.assess(f, { date: DATE }); }
  let t0 = performance.now();
  const peer = [];
  for (const f of firms) peer.push(await peerStatuses(engine, t, f));
  const peerMs = (performance.now() - t0) / firms.length;
  t0 = performance.now();
  for (const f of firms) t.derive(f);
  const deriveMs = (performance.now() - t0) / firms.length;
  t0 = performance.now();
  const ours = firms.map((f) => glue.assess(f, { date: DATE }).status);
  const assessMs = (performance.now() - t0) / firms.length;
  t0 = performance.now();
  for (const f of firms) glue.evaluate(f, { date: DATE });
  const evaluateMs = (performance.now() - t0) / firms.length;
  // Native: the batch command on the same firms (repeated), as JSONL; per CPU second.
  const jsonl = path.join(work, `complete-${rulesVersion}-${N.peerNative}.jsonl`);
  const lines = firms.map((f) => JSON.stringify(f) + '\n');
  const fd = fs.openSync(jsonl, 'w');
  for (let i = 0; i < N.peerNative; i++) fs.writeSync(fd, lines[i % lines.length]);
  fs.closeSync(fd);
  const native = batch(root, jsonl, N.peerNative, DATE, cores);
  // Agreement on statuses, over the pairs whose conditions our engine decides
  // (Kleene 'and' of the top-level trace: an expired measure may still hang on
  // an unclear condition; a measure out of force has no trace, so its value is not known here).
  const conds = firms.map((f) => glue.evaluate(f, { date: DATE }).results.map((r) => {
    if (!r.trace.length && (r.status === 'expired' || r.status === 'not_yet_in_force')) return 'unknown';
    const v = r.trace.map((n) => n.value);
    return v.includes('false') ? 'false' : v.includes('unknown') ? 'unknown' : 'true';
  }));
  let same = 0, decided = 0, undetermined = 0;
  const differ = new Map();
  ours.forEach((st, f) => st.forEach((s, m) => {
    if (s === 'undetermined' || conds[f][m] === 'unknown') { undetermined++; return; }
    decided++;
    if (s === peer[f][m]) same++;
    else differ.set(measureIds[m], `${s} vs ${peer[f][m]}`);
  }));
  const peerPerS = 1000 / peerMs;
  return {
    firms: firms.length, rules: t.rules.length, derived_facts: t.derived,
    json_rules_engine_ms_per_firm: peerMs, of_which_derive_ms: deriveMs,
    wasm_assess_ms_per_firm: assessMs, wasm_evaluate_ms_per_firm: evaluateMs,
    native_batch: native,
    ratio: { wasm_assess: peerMs / assessMs, wasm_evaluate: peerMs / evaluateMs, native_batch_per_core: native.firms_per_s_per_core / peerPerS, native_batch_per_cpu_s: native.firms_per_cpu_s / peerPerS },
    agreement: { decided_pairs: decided, agree: same, percent: (100 * same) / decided, undetermined_pairs_excluded: undetermined, differing_measures: [...differ].slice(0, 10) },
  };
});

// ---------------------------------------------------------------- report
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ms = (x) => (x == null ? '–' : `${x.toFixed(3)} ms`);
const fmt = (x, d = 0) => (x == null || Number.isNaN(x) ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const verdict = (ok) => (ok == null ? '?' : ok ? 'met' : '**not met**');
const B = report.browser, S = report.size, V = report.validation, Nat = report.native, Bt = report.batch, P = report.peer;
const tti = B && stats(B.tti_runs.map((r) => r.interactive));
report.targets = [
  ['First load ≤ 200 KB brotli', S && kb(S.first_load.brotli), S && S.first_load.brotli <= FIRST_LOAD_TARGET],
  ['Shipped wasm valid for old engines', V && (V.shipped_valid ? 'valid' : 'invalid'), V && V.shipped_valid],
  ['Re-evaluation (JS `evaluate`) ≤ 1 ms median, wasm in Chromium', B && ms(B.wasm.evaluate.median_ms), B && B.wasm.evaluate.median_ms <= 1],
  ['Re-evaluation (fast path `assess`) ≤ 1 ms median', B && ms(B.wasm.assess.median_ms), B && B.wasm.assess.median_ms <= 1],
  ['Batch ≥ 100k firms/s/core (1M rows)', Bt && `${fmt(Bt.runs[1].firms_per_s_per_core)} firms/s/core`, Bt && Bt.runs[1].firms_per_s_per_core >= 100000],
  ['Batch memory flat in rows', Bt && `${fmt(Bt.runs[0].max_rss_mb, 1)} MB → ${fmt(Bt.runs[1].max_rss_mb, 1)} MB`, Bt && Bt.flat],
  ['≥ 20× json-rules-engine (wasm assess)', P && `${fmt(P.ratio.wasm_assess, 1)}×`, P && P.ratio.wasm_assess >= 20],
  ['≥ 20× json-rules-engine (native, per core)', P && `${fmt(P.ratio.native_batch_per_core, 1)}×`, P && P.ratio.native_batch_per_core >= 20],
  ['Time to interactive ≤ 500 ms at 4× CPU throttling', tti && `${fmt(tti.median_ms)} ms`, tti && tti.median_ms <= 500],
].map(([what, measured, ok]) => ({ what, measured: measured ?? 'not measured', met: ok ?? null }));
report.errors = errors;
report.machine.load_average_end = os.loadavg().map((x) => +x.toFixed(2));

const md = [];
md.push(`# Benchmark report`, '', `${report.when} · rules ${rulesVersion} (${measureIds.length} measures, ${facts.length} facts) · assessment date ${DATE} · ${cores} cores (${report.machine.cpu}), load average ${report.machine.load_average.join(' ')} at start, ${report.machine.load_average_end.join(' ')} at the end (other work on the machine slows every figure) · Node ${process.version}${quick ? ' · **QUICK run (small inputs)**' : ''}`, '');
md.push('## Targets', '', '| target | measured | |', '|---|---|---|', ...report.targets.map((t) => `| ${t.what} | ${t.measured} | ${verdict(t.met)} |`), '');
if (S) {
  md.push('## Size', '', `Node zlib: gzip level 9, brotli quality 11. Files sorted by when the page fetched them (${S.classified_by}): before the first question was interactive, after it, or never.`, '');
  md.push('| file | raw | gzip | brotli | fetched |', '|---|---:|---:|---:|---|', ...S.files.map((f) => `| ${f.file} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} | ${f.phase} |`));
  for (const [label, t] of [['**First load**', S.first_load], ['After the first screen', S.after_first_screen], ['Not fetched', S.not_fetched]]) md.push(`| ${label} (${t.files} files) | ${kb(t.raw)} | ${kb(t.gzip)} | ${kb(t.brotli)} | |`);
  md.push('', `First load ${kb(S.first_load.brotli)} brotli against the 200 KB target (${S.first_load.brotli <= FIRST_LOAD_TARGET ? 'met' : `over by ${kb(S.first_load.brotli - FIRST_LOAD_TARGET)}`}).`, '');
}
if (V) {
  md.push('## Old engines', '', `\`${V.validator} validate --features ${V.features}\` (no reference types, no multivalue, no threads, no SIMD): the shipped ${V.files.join(', ')} is **${V.shipped_valid ? 'valid' : 'INVALID'}**.`);
  md.push('', 'The same validator and feature set refuses tiny modules that need an excluded feature (tools/validate-wasm.sh checks this before every validation, in every release build):', '', ...V.refused.map((l) => `- ${l}`), '');
  if (V.raw_rustc_output) md.push(`The compiler's own output before wasm-bindgen and wasm-opt (\`target/wasm32-unknown-unknown/release/anyang_policy.wasm\`, stable Rust defaults) is ${V.raw_rustc_output.valid ? 'also valid' : `rejected: \`${V.raw_rustc_output.message}\``}.`);
  if (!V.shipped_valid) md.push('', '```', V.shipped_output, '```');
  md.push('');
}
if (B) {
  const w = B.wasm;
  md.push('## Evaluation in the browser (wasm, headless Chromium)', '', `${w.evaluate.n} partial profiles generated from the facts export (median ${report.profiles.known_facts_median_partial} of ${facts.length} facts answered), each with one more answer: the time to re-evaluate every measure, in the page with performance.now() (cross-origin isolated: ${w.isolated}, timer step ${w.resolution_ms.toFixed(3)} ms). Includes converting the JS profile in and the result out.`, '');
  md.push('| call | median | p95 | min | max |', '|---|---:|---:|---:|---:|');
  md.push(`| \`evaluate\` (full result: traces, missing facts, totals) | ${ms(w.evaluate.median_ms)} | ${ms(w.evaluate.p95_ms)} | ${ms(w.evaluate.min_ms)} | ${ms(w.evaluate.max_ms)} |`);
  md.push(`| \`assess\` (status and amount of every measure) | ${ms(w.assess.median_ms)} | ${ms(w.assess.p95_ms)} | ${ms(w.assess.min_ms)} | ${ms(w.assess.max_ms)} |`, '');
  const r = B.tti_runs;
  md.push('## Time to interactive', '', 'Definition: from navigation start (performance.timeOrigin) in a fresh browser context (empty cache), served from 127.0.0.1, until the first task the main thread runs after the first question (with its answer buttons) is in the DOM: the app is mounted and an input event would now be handled. Afterwards each run answers that question (yes, or skip) and checks the screen changes.', '');
  md.push(`CPU throttled 4× (CDP Emulation.setCPUThrottlingRate), ${r.length} runs: median **${fmt(tti.median_ms)} ms** (min ${fmt(tti.min_ms)}, max ${fmt(tti.max_ms)}); first contentful paint median ${fmt(stats(r.map((x) => x.first_contentful_paint ?? NaN)).median_ms)} ms; the question answered in ${r.filter((x) => x.answered).length}/${r.length} runs. Unthrottled: ${fmt(B.unthrottled.interactive)} ms.`, '');
  md.push('| run | interactive | mounted | DOMContentLoaded | first paint | answered | errors |', '|---|---:|---:|---:|---:|---|---|', ...r.map((x, i) => `| ${i + 1} | ${fmt(x.interactive)} | ${fmt(x.mounted)} | ${fmt(x.dom_content_loaded)} | ${fmt(x.first_contentful_paint)} | ${x.answered} | ${x.errors.length} |`), '');
}
if (Nat) {
  md.push('## Native engine (criterion)', '', `\`cargo bench --bench engine\` over the same ${partial.length + complete.length} generated profiles (partial with their extra answer, and complete), median ns per firm for every measure, release profile as shipped:`, '');
  md.push('| function | ns per firm | firms/s (one core) | 95 % CI |', '|---|---:|---:|---|', ...BENCHES.map((b) => `| \`${b}\` | ${fmt(Nat[b].ns_per_firm)} | ${fmt(Nat[b].firms_per_s)} | ${fmt(Nat[b].ci95_ns[0])}–${fmt(Nat[b].ci95_ns[1])} |`), '');
}
if (Bt) {
  md.push('## Batch screening', '', `\`target/release/eligibility batch FILE.csv --date ${DATE} --out /dev/null\` under /usr/bin/time -v on generated CSV files: the ${Bt.columns} facts most measures read as columns (80 % of cells filled), a firm name column. Per core = firms/s ÷ ${cores} cores; per CPU second = firms ÷ (user + system time).`, '');
  md.push('| rows | file | wall | CPU | firms/s | firms/s/core | firms per CPU s | peak RSS |', '|---:|---:|---:|---:|---:|---:|---:|---:|', ...Bt.runs.map((x) => `| ${fmt(x.rows)} | ${fmt(x.file_mb)} MB | ${x.wall_s.toFixed(1)} s | ${x.cpu_s.toFixed(1)} s | ${fmt(x.firms_per_s)} | ${fmt(x.firms_per_s_per_core)} | ${fmt(x.firms_per_cpu_s)} | ${fmt(x.max_rss_mb, 1)} MB |`), '');
  md.push(`Peak memory grows ${Bt.rss_growth.toFixed(2)}× for 10× the rows: ${Bt.flat ? 'flat' : '**not flat**'}.`, '');
}
if (P) {
  md.push('## Against json-rules-engine', '', `The pack translated to json-rules-engine ${JSON.parse(fs.readFileSync(path.join(root, 'node_modules/json-rules-engine/package.json'), 'utf8')).version} (translation: tools/bench/peer.mjs, README "Benchmarks"): ${P.rules} rules, ${P.derived_facts} derived facts precomputed in JS per firm. ${P.firms} complete generated firms, in Node ${process.version}, one core.`, '');
  md.push('| engine | ms per firm | firms/s | ratio to json-rules-engine |', '|---|---:|---:|---:|');
  md.push(`| json-rules-engine (of which derived facts: ${ms(P.of_which_derive_ms)}) | ${ms(P.json_rules_engine_ms_per_firm)} | ${fmt(1000 / P.json_rules_engine_ms_per_firm)} | 1× |`);
  md.push(`| ours, wasm \`assess\` in Node | ${ms(P.wasm_assess_ms_per_firm)} | ${fmt(1000 / P.wasm_assess_ms_per_firm)} | ${fmt(P.ratio.wasm_assess, 1)}× |`);
  md.push(`| ours, wasm \`evaluate\` in Node (full result) | ${ms(P.wasm_evaluate_ms_per_firm)} | ${fmt(1000 / P.wasm_evaluate_ms_per_firm)} | ${fmt(P.ratio.wasm_evaluate, 1)}× |`);
  md.push(`| ours, native \`eligibility batch\` (JSONL, ${fmt(P.native_batch.rows)} rows), per core | ${ms(1000 / P.native_batch.firms_per_s_per_core)} | ${fmt(P.native_batch.firms_per_s_per_core)} | ${fmt(P.ratio.native_batch_per_core, 1)}× |`);
  md.push(`| ours, native, per CPU second | ${ms(1000 / P.native_batch.firms_per_cpu_s)} | ${fmt(P.native_batch.firms_per_cpu_s)} | ${fmt(P.ratio.native_batch_per_cpu_s, 1)}× |`, '');
  md.push(`Agreement on statuses: ${fmt(P.agreement.percent, 2)} % of ${fmt(P.agreement.decided_pairs)} (firm, measure) pairs our engine decides (${fmt(P.agreement.undetermined_pairs_excluded)} pairs excluded: conditions left unknown by text the rules mark unclear (the peer has no unknowns), or measures out of force on the date whose result carries no trace).${P.agreement.differing_measures.length ? ` Differing measures (ours vs peer): ${P.agreement.differing_measures.map(([id, d]) => `${id} (${d})`).join(', ')}.` : ''}`, '');
}
if (Object.keys(errors).length) md.push('## Steps that failed', '', ...Object.entries(errors).map(([k, e]) => `- **${k}**: \`${e.split('\n')[0]}\``), '');

const text = md.join('\n');
fs.writeFileSync(path.join(root, 'bench-report.md'), text);
fs.writeFileSync(path.join(root, 'bench-report.json'), JSON.stringify(report, null, 2));
process.stdout.write(text + '\n');
log('wrote bench-report.md and bench-report.json');
if (Object.keys(errors).length) process.exitCode = 1;
