// Turns the built app (dist/) into a release folder any static server can host:
// every file but index.html gets a content-hashed name (app.3f2a9c1e.css), every
// mention of it in the text files is rewritten, and .br/.gz copies sit beside
// each compressible file. Hashing goes leaves first, so a file's hash covers the
// hashed names it refers to: a new wasm gives a new glue name, a new boot.js name
// and a new index.html.
//
//   node tools/release.mjs [--base /sub/path/] [--dist dist] [--out release]
//
// Without --base every reference stays relative and the folder works at any
// path that ends in "/". With --base, the references the page resolves against
// its own URL (everything in index.html and boot.js, `document.baseURI` URLs)
// become absolute under that base, so the page also works from a URL without
// the slash; module-relative ones (import.meta.url, CSS url()) stay relative.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as acorn from 'acorn';

const ENTRY = 'index.html';
// Files that can mention other files; everything else (wasm, images, data) is opaque.
const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.webmanifest', '.map', '.xml']);
// Already compressed: a .br/.gz copy would gain nothing.
const PACKED = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.woff', '.woff2', '.br', '.gz', '.zip']);
// TypeScript declarations are for the npm package, not the page.
const NOT_SHIPPED = /\.d\.ts$/;
const PATH_CHAR = /[A-Za-z0-9_.\/-]/;
const NAME_CHAR = /[A-Za-z0-9_-]/;

/** Every file under dir as a posix path relative to it, sorted. */
function listFiles(dir, prefix = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

/** `name.ext` → `name.<hash>.ext` (the hash goes before the last extension). */
export function hashedName(rel, content) {
  const hash = crypto.createHash('sha256').update(content).digest('hex').slice(0, 8);
  const dir = path.posix.dirname(rel);
  const base = path.posix.basename(rel);
  const dot = base.lastIndexOf('.');
  const name = dot > 0 ? `${base.slice(0, dot)}.${hash}${base.slice(dot)}` : `${base}.${hash}`;
  return dir === '.' ? name : `${dir}/${name}`;
}

/**
 * The [start, end) ranges of comments in a text file: a name in a comment
 * (wasm-bindgen's doc comments mention boot.js) is not a reference.
 */
export function commentRanges(rel, text) {
  const ext = path.posix.extname(rel);
  if (ext === '.js' || ext === '.mjs') {
    const ranges = [];
    try {
      acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'module', onComment: (_block, _text, start, end) => ranges.push([start, end]) });
    } catch {
      return []; // not parseable: every mention counts, so none is missed
    }
    return ranges;
  }
  const re = { '.css': /\/\*[\s\S]*?\*\//g, '.html': /<!--[\s\S]*?-->/g, '.svg': /<!--[\s\S]*?-->/g, '.xml': /<!--[\s\S]*?-->/g }[ext];
  return re ? [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length]) : [];
}

/**
 * Where `text` (the content of file `from`) mentions one of `files`: each hit is
 * { start, end, target, token } with [start, end) the basename of the mention and
 * token the whole relative path written there. A mention whose path resolves to
 * no file is an error: left unrewritten it would be a 404 in production.
 */
export function findReferences(from, text, files) {
  const byBase = new Map();
  for (const f of files) {
    if (f === from || f === ENTRY) continue;
    const b = path.posix.basename(f);
    if (!byBase.has(b)) byBase.set(b, []);
    byBase.get(b).push(f);
  }
  const hits = [];
  const dir = path.posix.dirname(from);
  const comments = commentRanges(from, text);
  const inComment = (i) => comments.some(([a, b]) => a <= i && i < b);
  for (const [base, targets] of byBase) {
    for (let i = text.indexOf(base); i !== -1; i = text.indexOf(base, i + 1)) {
      const end = i + base.length;
      const before = text[i - 1];
      const after = text[end];
      if (before !== undefined && (NAME_CHAR.test(before) || before === '.')) continue;
      if (after !== undefined && (NAME_CHAR.test(after) || (after === '.' && NAME_CHAR.test(text[end + 1] ?? '')))) continue;
      if (inComment(i)) continue;
      let start = i;
      while (start > 0 && PATH_CHAR.test(text[start - 1])) start--;
      const token = text.slice(start, end);
      if (token.startsWith('/')) throw new Error(`${from} refers to ${token} by an absolute path; dist/ must use relative references`);
      // Module-relative (import, import.meta.url, CSS url()) or page-relative
      // (document.baseURI from a file at the top): both are tried.
      const moduleRelative = targets.find((t) => t === path.posix.join(dir, token));
      const pageRelative = targets.find((t) => t === path.posix.normalize(token));
      const target = moduleRelative || pageRelative;
      if (!target) throw new Error(`${from} mentions "${token}", which is no file in dist/ (have: ${targets.join(', ')})`);
      hits.push({ start: i, end, target, token, tokenStart: start, pageRelative: target === pageRelative });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Files ordered so that each comes after every file it refers to; a cycle is an error. */
export function dependencyOrder(deps) {
  const order = [];
  const state = new Map(); // 1 = visiting, 2 = done
  const visit = (f, trail) => {
    if (state.get(f) === 2) return;
    if (state.get(f) === 1) throw new Error(`files refer to each other in a cycle, so no content hash is stable: ${[...trail, f].join(' → ')}`);
    state.set(f, 1);
    for (const d of [...deps.get(f)].sort()) visit(d, [...trail, f]);
    state.set(f, 2);
    order.push(f);
  };
  for (const f of [...deps.keys()].sort()) visit(f, []);
  return order;
}

/**
 * The release as a Map of output path → content (Buffer), from a Map of dist
 * path → content. Pure: no file system.
 */
export function buildRelease(files, { base = null } = {}) {
  if (base !== null && !/^\/([A-Za-z0-9._~-]+\/)*$/.test(base)) {
    throw new Error(`--base must be an absolute path that starts and ends with "/", like /zhengce/calculator/ (got "${base}")`);
  }
  if (!files.has(ENTRY)) throw new Error(`dist/ has no ${ENTRY}`);
  const names = [...files.keys()];
  const refs = new Map();
  const deps = new Map();
  for (const f of names) {
    const hits = TEXT.has(path.posix.extname(f)) ? findReferences(f, files.get(f).toString('utf8'), names) : [];
    refs.set(f, hits);
    deps.set(f, new Set(hits.map((h) => h.target)));
  }
  const referenced = new Set(names.filter((f) => [...deps.values()].some((d) => d.has(f))));
  const orphans = names.filter((f) => f !== ENTRY && !referenced.has(f));
  if (orphans.length) {
    throw new Error(`no text file in dist/ refers to ${orphans.join(', ')} by name, so a hashed name would be unreachable (a file named inside the wasm cannot be rewritten)`);
  }
  const renamed = new Map();
  const out = new Map();
  for (const f of dependencyOrder(deps)) {
    let content = files.get(f);
    const hits = refs.get(f);
    if (hits.length) {
      const text = content.toString('utf8');
      let result = '';
      let at = 0;
      for (const h of hits) {
        const newBase = path.posix.basename(renamed.get(h.target));
        if (base !== null && h.pageRelative) {
          result += text.slice(at, h.tokenStart) + base + path.posix.join(path.posix.dirname(h.target), newBase).replace(/^\.\//, '');
        } else {
          result += text.slice(at, h.start) + newBase;
        }
        at = h.end;
      }
      content = Buffer.from(result + text.slice(at), 'utf8');
    }
    const name = f === ENTRY ? f : hashedName(f, content);
    renamed.set(f, name);
    out.set(name, content);
  }
  return out;
}

/** gzip -9 and brotli at maximum quality; a copy is kept only when smaller. */
export function precompress(rel, content) {
  if (PACKED.has(path.posix.extname(rel))) return {};
  const gz = zlib.gzipSync(content, { level: 9 });
  const br = zlib.brotliCompressSync(content, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
  return { gz: gz.length < content.length ? gz : undefined, br: br.length < content.length ? br : undefined };
}

function table(rows) {
  const kib = (n) => (n === undefined ? '-' : (n / 1024).toFixed(1));
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  const line = (a, b, c, d) => `${a.padEnd(width)}  ${b.padStart(9)}  ${c.padStart(9)}  ${d.padStart(9)}`;
  const sum = (k) => rows.reduce((s, r) => s + (r[k] ?? r.raw), 0);
  return [
    line('file', 'raw KiB', 'gzip KiB', 'br KiB'),
    ...rows.map((r) => line(r.name, kib(r.raw), kib(r.gz), kib(r.br))),
    line('total', kib(sum('raw')), kib(sum('gz')), kib(sum('br'))),
  ].join('\n');
}

export function writeRelease(distDir, outDir, options) {
  const files = new Map();
  for (const rel of listFiles(distDir)) if (!NOT_SHIPPED.test(rel)) files.set(rel, fs.readFileSync(path.join(distDir, rel)));
  const release = buildRelease(files, options);
  fs.rmSync(outDir, { recursive: true, force: true });
  const rows = [];
  for (const [rel, content] of [...release].sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const { gz, br } = precompress(rel, content);
    if (gz) fs.writeFileSync(file + '.gz', gz);
    if (br) fs.writeFileSync(file + '.br', br);
    rows.push({ name: rel, raw: content.length, gz: gz?.length, br: br?.length });
  }
  return table(rows);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = { base: null, dist: 'dist', out: 'release' };
  for (let i = 0; i < args.length; i++) {
    const key = args[i].replace(/^--/, '');
    if (!(key in opt) || args[i + 1] === undefined) {
      console.error(`usage: node tools/release.mjs [--base /sub/path/] [--dist dist] [--out release] (bad argument "${args[i]}")`);
      process.exit(2);
    }
    opt[key] = args[++i];
  }
  try {
    console.log(writeRelease(opt.dist, opt.out, { base: opt.base }));
    console.error(`wrote ${opt.out}/${opt.base ? ` for ${opt.base}` : ' (relative references: any path ending in "/")'}`);
  } catch (e) {
    console.error(`release: ${e.message}`);
    process.exit(1);
  }
}
