// The release served by nginx with the README's blocks (tests/deploy/nginx.sh
// starts it): types, caching, the policy header equal to the page's meta tag,
// precompressed brotli and gzip, at the site root and under a sub-path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';

const { ROOT_URL, SUB_URL, RELEASE } = process.env;
if (!ROOT_URL || !SUB_URL || !RELEASE) throw new Error('run through tests/deploy/nginx.sh (needs ROOT_URL, SUB_URL, RELEASE)');

function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    https.get(url, { headers, rejectUnauthorized: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

function releaseFiles(dir, prefix = '') {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? releaseFiles(dir, rel) : [rel];
  });
}

const metaCsp = (html) => html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
const files = releaseFiles(RELEASE);
const hashed = files.filter((f) => /\.[0-9a-f]{8}\.[A-Za-z0-9]+$/.test(f));
const TYPES = { '.wasm': /^application\/wasm$/, '.js': /^(application|text)\/javascript/, '.css': /^text\/css/, '.html': /^text\/html/ };

test('the release has hashed files beside index.html, with .br and .gz copies', () => {
  assert.ok(files.includes('index.html'));
  for (const ext of ['.wasm', '.js', '.css']) assert.ok(hashed.some((f) => f.endsWith(ext)), `a hashed ${ext}`);
  assert.ok(hashed.some((f) => files.includes(f + '.br')) && hashed.some((f) => files.includes(f + '.gz')));
});

for (const [where, base] of [['site root', ROOT_URL], ['sub-path', SUB_URL]]) {
  test(`${where}: index.html is never cached and carries the meta tag's policy as a header`, async () => {
    const meta = metaCsp(fs.readFileSync(path.join(RELEASE, 'index.html'), 'utf8'));
    assert.ok(meta, 'index.html has a CSP meta tag');
    for (const url of [base, base + 'index.html']) {
      const r = await get(url);
      assert.equal(r.status, 200, url);
      assert.match(r.headers['content-type'], TYPES['.html']);
      assert.equal(r.headers['cache-control'], 'no-cache', url);
      assert.equal(r.headers['content-security-policy'], meta, `${url}: header = meta tag`);
      assert.equal(metaCsp(r.body.toString('utf8')), meta, 'the served page is the release page');
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
    }
  });

  test(`${where}: hashed files are cached for a year, immutable, with the right type`, async () => {
    const meta = metaCsp(fs.readFileSync(path.join(RELEASE, 'index.html'), 'utf8'));
    for (const f of hashed) {
      const r = await get(base + f);
      assert.equal(r.status, 200, f);
      assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable', f);
      assert.equal(r.headers['content-security-policy'], meta, f);
      const type = TYPES[path.extname(f)];
      if (type) assert.match(r.headers['content-type'], type, f);
      assert.deepEqual(r.body, fs.readFileSync(path.join(RELEASE, f)), `${f} is sent as is without Accept-Encoding`);
    }
  });

  test(`${where}: the .br and .gz copies are sent to clients that accept them`, async () => {
    const wasm = hashed.find((f) => f.endsWith('.wasm'));
    for (const f of ['index.html', wasm, hashed.find((f) => f.endsWith('.js'))]) {
      const url = f === 'index.html' ? base : base + f;
      for (const [enc, accept] of [['br', 'gzip, deflate, br'], ['gzip', 'gzip, deflate']]) {
        const r = await get(url, { 'accept-encoding': accept });
        assert.equal(r.headers['content-encoding'], enc, `${f} with Accept-Encoding: ${accept}`);
        assert.deepEqual(r.body, fs.readFileSync(path.join(RELEASE, `${f}.${enc === 'br' ? 'br' : 'gz'}`)), `${f}.${enc}`);
        assert.match(r.headers.vary ?? '', /Accept-Encoding/i, 'caches keep the encodings apart');
      }
    }
    const r = await get(base + wasm, { 'accept-encoding': 'br' });
    assert.match(r.headers['content-type'], /^application\/wasm$/, 'the type of the file, not of its .br copy');
  });

  test(`${where}: a missing file is a 404, not the page`, async () => {
    const r = await get(base + 'pkg/anyang_policy_bg.00000000.wasm');
    assert.equal(r.status, 404);
  });
}

test('sub-path: the rest of the site is untouched and the bare path redirects to the folder', async () => {
  const origin = new URL(SUB_URL).origin;
  const other = await get(origin + '/');
  assert.equal(other.status, 404);
  assert.match(other.body.toString(), /portal page/);
  assert.equal(other.headers['content-security-policy'], undefined, "the calculator's headers stay in its folder");
  const bare = await get(SUB_URL.replace(/\/$/, '') + '?lang=en');
  assert.equal(bare.status, 301);
  assert.match(bare.headers.location, /\/zhengce\/calculator\/\?lang=en$/);
});
