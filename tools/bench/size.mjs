// Size of every shipped file: raw, gzip (level 9) and brotli (quality 11),
// with Node's zlib, and which files the first screen needs.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const FIRST_LOAD_TARGET = 200 * 1024;

function walk(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

/** Every file under dist/ with its three sizes. */
export function sizes(dist) {
  return walk(dist).sort().map((file) => {
    const data = fs.readFileSync(path.join(dist, file));
    const text = !file.endsWith('.wasm');
    return {
      file,
      raw: data.length,
      gzip: zlib.gzipSync(data, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(data, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
          [zlib.constants.BROTLI_PARAM_MODE]: text ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }).length,
    };
  });
}

/**
 * Sort files by when the page fetched them: before the first screen was
 * interactive (first load), after it (lazy), or never (e.g. TypeScript
 * declarations for integrators). `load` is one `loadOnce` result; without it
 * every file but declarations counts as first load.
 */
export function classify(files, load, origin) {
  const when = new Map();
  for (const r of load?.resources ?? []) {
    const u = new URL(r.url);
    if (u.origin !== origin) continue;
    const file = u.pathname === '/' ? 'index.html' : decodeURIComponent(u.pathname.slice(1));
    if (!when.has(file)) when.set(file, r.start);
  }
  return files.map((f) => {
    let phase;
    if (!load) phase = f.file.endsWith('.d.ts') ? 'not fetched' : 'first load';
    else if (!when.has(f.file)) phase = 'not fetched';
    else phase = when.get(f.file) <= load.interactive ? 'first load' : 'after first screen';
    return { ...f, phase };
  });
}

export function totals(files, phase) {
  const sel = files.filter((f) => f.phase === phase);
  return { files: sel.length, raw: sel.reduce((t, f) => t + f.raw, 0), gzip: sel.reduce((t, f) => t + f.gzip, 0), brotli: sel.reduce((t, f) => t + f.brotli, 0) };
}
