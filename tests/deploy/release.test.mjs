// tools/release.mjs on a small dist/ shaped like the real one: hashed names,
// rewritten references in dependency order, sub-path base, precompression, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { buildRelease, precompress, findReferences } from '../../tools/release.mjs';

const b = (s) => Buffer.from(s, 'utf8');
function dist(overrides = {}) {
  return new Map(Object.entries({
    'index.html': '<link rel="stylesheet" href="style/app.css"><script type="module" src="boot.js"></script>',
    'boot.js': "import init from './pkg/glue.js';\ninit({ module_or_path: new URL('pkg/glue_bg.wasm', document.baseURI) });\nfetch(new URL('pkg/texts.bin', document.baseURI));\n",
    'pkg/glue.js': "// loads glue_bg.wasm\nconst u = new URL('glue_bg.wasm', import.meta.url);\n",
    'pkg/glue_bg.wasm': '\0asm wasm bytes',
    'pkg/texts.bin': 'quotes and notes',
    'style/app.css': '.myapp.css-like { color: red } /* app.css.map is not app.css */',
    ...overrides,
  }).map(([k, v]) => [k, Buffer.isBuffer(v) ? v : b(v)]));
}
const byOrigin = (out, name) => [...out.keys()].find((k) => k.replace(/\.[0-9a-f]{8}(?=\.[^.]+$)/, '') === name);

test('every file but index.html gets a content hash and every mention follows it', () => {
  const out = buildRelease(dist());
  assert.deepEqual([...out.keys()].sort().map((k) => k.replace(/\.[0-9a-f]{8}\./, '.H.')),
    ['boot.H.js', 'index.html', 'pkg/glue.H.js', 'pkg/glue_bg.H.wasm', 'pkg/texts.H.bin', 'style/app.H.css']);
  const name = (n) => byOrigin(out, n);
  const text = (n) => out.get(name(n)).toString();
  assert.equal(text('index.html'), `<link rel="stylesheet" href="${name('style/app.css')}"><script type="module" src="${name('boot.js')}"></script>`);
  const wasm = name('pkg/glue_bg.wasm').slice(4);
  assert.match(text('boot.js'), new RegExp(`from './${name('pkg/glue.js')}'`));
  assert.match(text('boot.js'), new RegExp(`new URL\\('pkg/${wasm}', document.baseURI\\)`));
  assert.match(text('boot.js'), new RegExp(`new URL\\('${name('pkg/texts.bin')}'`));
  assert.equal(text('pkg/glue.js'), `// loads glue_bg.wasm\nconst u = new URL('${wasm}', import.meta.url);\n`);
  assert.equal(text('style/app.css'), dist().get('style/app.css').toString(), 'look-alike names are not references');
  assert.equal(out.get(name('pkg/glue_bg.wasm')).toString(), '\0asm wasm bytes', 'opaque files are copied as they are');
});

test('a changed leaf renames everything that leads to it, and nothing else', () => {
  const a = buildRelease(dist());
  const c = buildRelease(dist({ 'pkg/glue_bg.wasm': '\0asm other bytes' }));
  assert.deepEqual(buildRelease(dist()), a, 'the same input gives the same release');
  for (const f of ['pkg/glue_bg.wasm', 'pkg/glue.js', 'boot.js']) assert.notEqual(byOrigin(a, f), byOrigin(c, f), `${f} renamed`);
  for (const f of ['style/app.css', 'pkg/texts.bin']) assert.equal(byOrigin(a, f), byOrigin(c, f), `${f} kept`);
  assert.notDeepEqual(a.get('index.html'), c.get('index.html'));
});

test('--base makes the page-relative references absolute, module-relative ones stay', () => {
  const out = buildRelease(dist(), { base: '/zhengce/calculator/' });
  const name = (n) => byOrigin(out, n);
  const html = out.get('index.html').toString();
  assert.match(html, new RegExp(`href="/zhengce/calculator/${name('style/app.css')}"`));
  assert.match(html, new RegExp(`src="/zhengce/calculator/${name('boot.js')}"`));
  const boot = out.get(name('boot.js')).toString();
  assert.match(boot, new RegExp(`from '/zhengce/calculator/${name('pkg/glue.js')}'`));
  assert.match(boot, new RegExp(`new URL\\('/zhengce/calculator/${name('pkg/glue_bg.wasm')}', document.baseURI\\)`));
  assert.match(out.get(name('pkg/glue.js')).toString(), /new URL\('glue_bg\.[0-9a-f]{8}\.wasm', import\.meta\.url\)/);
  const pageRelativeGlue = buildRelease(dist({ 'pkg/glue.js': "new URL('pkg/glue_bg.wasm', document.baseURI); new URL('glue_bg.wasm', import.meta.url);" }), { base: '/c/' });
  assert.match(out.get(name('pkg/glue.js')).toString(), /^\/\/ loads glue_bg\.wasm/);
  assert.match(pageRelativeGlue.get(byOrigin(pageRelativeGlue, 'pkg/glue.js')).toString(),
    /^new URL\('\/c\/pkg\/glue_bg\.[0-9a-f]{8}\.wasm', document\.baseURI\); new URL\('glue_bg\.[0-9a-f]{8}\.wasm', import\.meta\.url\);$/,
    'a page-relative URL in a sub-folder file gets the base too');
  for (const bad of ['zhengce/', '/zhengce', '/a b/', '/"x/']) {
    assert.throws(() => buildRelease(dist(), { base: bad }), /--base must be an absolute path/, bad);
  }
});

test('what cannot be released correctly is refused with the reason', () => {
  assert.throws(() => buildRelease(dist({ 'pkg/unused.bin': 'x' })), /refers to pkg\/unused\.bin.*unreachable/);
  assert.throws(() => buildRelease(dist({ 'boot.js': "import './lib/glue.js';" })), /mentions "\.\/lib\/glue\.js", which is no file/);
  assert.throws(() => buildRelease(dist({ 'boot.js': "import '/pkg/glue.js';" })), /absolute path/);
  assert.throws(() => buildRelease(dist({ 'a.js': "import './b.js';", 'b.js': "import './a.js';", 'boot.js': "import './a.js'; import './pkg/glue.js'; 'pkg/glue_bg.wasm pkg/texts.bin'" })), /cycle.*a\.js → b\.js → a\.js/);
  const noEntry = dist();
  noEntry.delete('index.html');
  assert.throws(() => buildRelease(noEntry), /no index\.html/);
});

test('names in comments are not references (wasm-bindgen documents boot.js in the glue)', () => {
  const out = buildRelease(dist({
    'index.html': '<!-- boot.js loads pkg/nothing.js --><link rel="stylesheet" href="style/app.css"><script type="module" src="boot.js"></script>',
    'pkg/glue.js': "/** Joins `texts.bin` (fetched by `boot.js`). */\nconst u = new URL('glue_bg.wasm', import.meta.url); // not ../boot.js\n",
    'style/app.css': '/* see ../boot.js */ body { color: red }',
  }));
  const glue = out.get(byOrigin(out, 'pkg/glue.js')).toString();
  assert.match(glue, /fetched by `boot\.js`/, 'comments are left as they are');
  assert.match(glue, /new URL\('glue_bg\.[0-9a-f]{8}\.wasm'/, 'code next to them is rewritten');
  assert.match(out.get('index.html').toString(), /^<!-- boot\.js loads pkg\/nothing\.js -->/);
  assert.throws(() => buildRelease(dist({ 'pkg/glue.js': "const b = '../boot.js'; new URL('glue_bg.wasm', import.meta.url);" })), /cycle/, 'in code it is a reference');
});

test('same basename in two folders: each mention goes to the file its path names', () => {
  const hits = findReferences('boot.js', "'./a/x.js' './b/x.js'", ['a/x.js', 'b/x.js', 'boot.js']);
  assert.deepEqual(hits.map((h) => h.target), ['a/x.js', 'b/x.js']);
});

test('precompression: gzip and brotli copies that decode to the file, only when smaller', () => {
  const js = b('export function f() { return "安阳惠企政策计算器"; }\n'.repeat(200));
  const { gz, br } = precompress('pkg/glue.js', js);
  assert.deepEqual(zlib.gunzipSync(gz), js);
  assert.deepEqual(zlib.brotliDecompressSync(br), js);
  assert.ok(br.length < gz.length && gz.length < js.length / 10, `br ${br.length} < gz ${gz.length} ≪ ${js.length}`);
  assert.deepEqual(precompress('a.png', js), {}, 'images are already compressed');
  const tiny = precompress('a.js', b('1'));
  assert.equal(tiny.gz, undefined, 'a copy larger than the file is not written');
  assert.equal(tiny.br, undefined);
});
