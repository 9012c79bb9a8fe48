// The WeChat mini-program example without WeChat: its files are well formed,
// its template only names handlers and data the page has, and a share card
// reopens the calculator with the same answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/wechat-miniprogram');
const pageDir = path.join(dir, 'pages/calculator');
const require = createRequire(path.join(pageDir, 'index.js'));
const config = require('../../config.js');
const BASE = config.calculatorUrl;

/** Runs the page's index.js the way WeChat would and returns a page instance. */
function loadPage() {
  let def = null;
  const storage = {};
  const context = {
    Page: (d) => { def = d; },
    require,
    wx: { setStorage: ({ key, data }) => { storage[key] = data; } },
    console,
  };
  vm.runInNewContext(fs.readFileSync(path.join(pageDir, 'index.js'), 'utf8'), context);
  assert.ok(def, 'index.js calls Page()');
  const page = Object.assign(Object.create(def), { data: { ...def.data } });
  page.setData = (d) => Object.assign(page.data, d);
  return { def, page, storage };
}

const results = (over = {}) => ({
  source: 'anyang-policy-calculator', type: 'results', version: 1, rulesVersion: '3f2a9c1e5b7d0a11', date: '2022-07-01',
  counts: { eligible: 2, meets_entry_conditions: 1, undetermined: 40, not_eligible: 700, expired: 9, not_yet_in_force: 1 },
  eligible: ['anbanwen-2021-17-rd-subsidy', 'yuzhengban-2021-1-loan'],
  ...over,
});

test('every JSON file parses and every page in app.json has its files', () => {
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const jsons = walk(dir).filter((f) => f.endsWith('.json'));
  assert.ok(jsons.length >= 4, jsons.join());
  for (const f of jsons) assert.doesNotThrow(() => JSON.parse(fs.readFileSync(f, 'utf8')), f);
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'));
  assert.deepEqual(app.pages, ['pages/calculator/index']);
  for (const p of app.pages) for (const ext of ['.js', '.json', '.wxml']) assert.ok(fs.existsSync(path.join(dir, p + ext)), p + ext);
  assert.ok(fs.existsSync(path.join(dir, app.sitemapLocation)));
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'project.config.json'), 'utf8')).compileType, 'miniprogram');
  assert.match(BASE, /^https:\/\/[^/]+\/(.+\/)?$/, 'the calculator address is https and ends in /');
});

test('the template has a web-view on {{url}} and only names handlers and data the page has', () => {
  const wxml = fs.readFileSync(path.join(pageDir, 'index.wxml'), 'utf8');
  assert.match(wxml, /<web-view\s+src="\{\{url\}\}"/);
  const { def } = loadPage();
  const handlers = [...wxml.matchAll(/\b(?:bind|catch):?(\w+)="(\w+)"/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(handlers.map(([event]) => event).sort(), ['error', 'message']);
  for (const [event, name] of handlers) assert.equal(typeof def[name], 'function', `bind${event}="${name}"`);
  for (const [, key] of wxml.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) assert.ok(key in def.data, `{{${key}}} is in data`);
  assert.equal(typeof def.onShareAppMessage, 'function');
});

test('opening the page loads the calculator; a shared address keeps its answers; other addresses are refused', () => {
  const { page } = loadPage();
  page.onLoad({});
  assert.equal(page.data.url, BASE);
  const tail = '?lang=en#v=1&r=3f2a9c1e5b7d0a11&d=2022-07-01&above_scale=1&rd_expense_last_year=1200&name=%E5%AE%89';
  page.onLoad({ s: tail });
  assert.equal(page.data.url, BASE + tail, 'as WeChat decodes the query');
  page.onLoad({ s: encodeURIComponent(tail) });
  assert.equal(page.data.url, BASE + tail, 'or leaves it encoded');
  for (const s of ['https://evil.example/#v=1', '/other/', '../x', '%E0%A4%A', '%23%E0%A4%A']) {
    page.onLoad({ s });
    assert.equal(page.data.url, BASE, `refused: ${s}`);
  }
});

test('messages: the last valid results message is kept, anything else ignored', () => {
  const { page, storage } = loadPage();
  page.onMessage({ detail: { data: [results({ counts: { ...results().counts, eligible: 1 } }), results(), { source: 'other', type: 'results' }] } });
  assert.equal(page.results.counts.eligible, 2, 'the last valid message wins');
  assert.deepEqual(storage.anyangPolicyResults, results());
  const bad = [
    results({ version: 2 }), results({ type: 'resize' }), results({ date: '2022-7-1' }), results({ rulesVersion: 1 }),
    results({ counts: { eligible: 1 } }), results({ counts: { ...results().counts, eligible: -1 } }),
    results({ counts: { ...results().counts, eligible: 1.5 } }), results({ eligible: 'a,b' }), results({ eligible: [1] }),
    results({ answers: {} }), null, 'results',
  ];
  for (const m of bad) {
    const p = loadPage();
    p.page.onMessage({ detail: { data: [m] } });
    assert.equal(p.page.results, null, JSON.stringify(m));
  }
  for (const e of [undefined, {}, { detail: {} }, { detail: { data: 'x' } }]) assert.doesNotThrow(() => page.onMessage(e));
  assert.equal(page.results.counts.eligible, 2, 'a bad delivery keeps the last results');
});

test('sharing passes the web-view address on, and the card reopens it', () => {
  const { page } = loadPage();
  const webViewUrl = BASE + '?lang=en#v=1&r=3f2a9c1e5b7d0a11&d=2022-07-01&above_scale=1';
  const plain = page.onShareAppMessage({ webViewUrl });
  assert.equal(plain.title, '安阳惠企政策计算器', 'no results yet');
  page.onMessage({ detail: { data: [results()] } });
  const share = page.onShareAppMessage({ from: 'menu', webViewUrl });
  assert.match(share.title, /2 项政策符合条件/);
  const s = new URL('https://servicewechat.com' + share.path).searchParams.get('s');
  assert.ok(share.path.startsWith('/pages/calculator/index?s='));
  const other = loadPage().page;
  other.onLoad({ s });
  assert.equal(other.data.url, webViewUrl, 'the recipient opens the same answers');

  assert.equal(page.onShareAppMessage({ webViewUrl: 'https://evil.example/#v=1' }).path, '/pages/calculator/index', 'never another site');
  page.onMessage({ detail: { data: [results({ answers: 'v=1&d=2022-07-01&above_scale=1' })] } });
  const fromMessage = page.onShareAppMessage({ webViewUrl: BASE });
  assert.equal(new URL('https://x' + fromMessage.path).searchParams.get('s'), '#v=1&d=2022-07-01&above_scale=1', 'the answers the page sent when the address has none');
  assert.equal(new URL('https://x' + page.onShareAppMessage({ webViewUrl }).path).searchParams.get('s'), webViewUrl.slice(BASE.length), 'the address wins over the message');
});
