// Native figures: criterion's ns per firm, and `eligibility batch` over
// generated CSV / JSONL files with peak memory from /usr/bin/time -v.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { rng, value, cell } from './gen.mjs';

export const BENCHES = ['assess', 'evaluate_summary', 'evaluate', 'next_questions'];
const BATCH = 64; // firms per criterion iteration, as in benches/engine.rs

/** `cargo bench --bench engine` over the given profiles; ns per firm from criterion's estimates. */
export function criterion(root, profilesFile, date) {
  const r = spawnSync('cargo', ['bench', '--quiet', '--bench', 'engine'], {
    cwd: root, env: { ...process.env, BENCH_PROFILES: profilesFile, BENCH_DATE: date }, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`cargo bench failed (${r.status})`);
  const out = {};
  for (const b of BENCHES) {
    const est = JSON.parse(fs.readFileSync(path.join(root, 'target/criterion/engine', b, 'new/estimates.json'), 'utf8'));
    const ns = est.median.point_estimate / BATCH;
    out[b] = { ns_per_firm: ns, firms_per_s: 1e9 / ns, ci95_ns: [est.median.confidence_interval.lower_bound / BATCH, est.median.confidence_interval.upper_bound / BATCH] };
  }
  return out;
}

/** Facts most measures read: the columns an officer's spreadsheet would have. */
export function topFacts(pack, n) {
  const count = new Array(pack.facts.length).fill(0);
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'Fact' || k === 'Count' || k === 'YearsSince') && typeof x === 'number') count[x]++;
        else if (k === 'OneOf') count[x[0]]++;
        else if (k === 'Has') count[x.fact]++;
        walk(x);
      }
    }
  };
  pack.measures.forEach((m) => walk(m.conditions));
  return count.map((c, i) => [c, i]).sort((a, b) => b[0] - a[0]).slice(0, n).map(([, i]) => i);
}

/**
 * A CSV of `rows` firms over the given facts (80 % of cells filled), written
 * in chunks; kept under target/bench and reused while the vocabulary is unchanged.
 */
export function firmsCsv(dir, facts, rows, tag) {
  const file = path.join(dir, `firms-${tag}-${rows}.csv`);
  if (fs.existsSync(file)) return file;
  const r = rng(rows);
  const fd = fs.openSync(`${file}.part`, 'w');
  fs.writeSync(fd, `firm,${facts.map((f) => f.name).join(',')}\n`);
  let chunk = [];
  for (let i = 0; i < rows; i++) {
    chunk.push(`F${i},${facts.map((f) => (r() < 0.8 ? cell(value(f, r)) : '')).join(',')}`);
    if (chunk.length === 10000 || i === rows - 1) {
      fs.writeSync(fd, chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  fs.closeSync(fd);
  fs.renameSync(`${file}.part`, file);
  return file;
}

/** Run a command under /usr/bin/time -v: wall and CPU seconds, peak RSS. */
export function timed(cmd, args, cwd) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const grab = (label) => {
    const m = r.stderr.match(new RegExp(`${label}: (.*)`));
    return m ? m[1].trim() : null;
  };
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.split('\n').slice(-15).join('\n')}`);
  const wall = (grab('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)') || '0').split(':').reduce((t, x) => t * 60 + Number(x), 0);
  return { wall_s: wall, cpu_s: Number(grab('User time \\(seconds\\)')) + Number(grab('System time \\(seconds\\)')), max_rss_kb: Number(grab('Maximum resident set size \\(kbytes\\)')), stderr: r.stderr };
}

/** `eligibility batch` on a file: firms/s, firms/s/core (wall × cores and per CPU second), peak RSS. */
export function batch(root, file, rows, date, cores) {
  const t = timed(path.join(root, 'target/release/eligibility'), ['batch', file, '--date', date, '--out', '/dev/null'], root);
  const screened = t.stderr.match(/(\d+) firms screened, (\d+) with problems/);
  if (!screened || Number(screened[1]) !== rows) throw new Error(`batch screened ${screened?.[1]} of ${rows} rows:\n${t.stderr.slice(-2000)}`);
  return {
    rows, bad_rows: Number(screened[2]), wall_s: t.wall_s, cpu_s: t.cpu_s, max_rss_mb: t.max_rss_kb / 1024,
    firms_per_s: rows / t.wall_s, firms_per_s_per_core: rows / t.wall_s / cores, firms_per_cpu_s: rows / t.cpu_s,
    file_mb: fs.statSync(file).size / 1048576,
  };
}
