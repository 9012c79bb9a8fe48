// If the wasm module ever stops (a panic aborts into a trap; so do running
// out of memory and stack overflow), the page says so instead of freezing,
// and the answers given so far survive a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { servedApp } from './served-app.mjs';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');
const app = servedApp(dist);

test('a wasm trap shows the error notice and the answers survive a reload', async () => {
  const page = await app.browser.newPage();
  await page.goto(app.srv.url);
  await page.waitForSelector('.question', { timeout: 20000 });
  assert.equal(await page.locator('#crash').isVisible(), false, 'hidden while all is well');

  // An ordinary script error (an extension, say) is not a crash of the app.
  await page.evaluate(() => setTimeout(() => { throw new Error('not ours'); }, 0));
  await page.waitForTimeout(100);
  assert.equal(await page.locator('#crash').isVisible(), false);

  for (let i = 0; i < 60 && !(await page.locator('[data-answer]').count()); i++) {
    const yes = page.locator('.question button.yes').first();
    await ((await yes.count()) ? yes : page.locator('.question button.skip').first()).click();
  }
  const answered = await page.locator('[data-answer]').count();
  assert.ok(answered > 0);

  // A real trap, from outside any caller that could catch it: an allocation
  // request no 32-bit memory can grant aborts the module (shipped exports only).
  await page.evaluate(async () => {
    const w = (await import(new URL('pkg/anyang_policy.js', document.baseURI).href)).initSync();
    setTimeout(() => w.__wbindgen_malloc(0xfffffff0, 8), 0);
  });
  await page.waitForSelector('#crash', { state: 'visible', timeout: 5000 });
  const text = await page.locator('#crash').textContent();
  assert.match(text, /出错了/);
  assert.match(text, /saved on this device/);
  assert.equal(await page.locator('#crash').getAttribute('role'), 'alert');

  await page.reload();
  await page.waitForSelector('[data-answer]', { timeout: 20000 });
  assert.equal(await page.locator('[data-answer]').count(), answered, 'the answers given before the crash are restored');
  assert.equal(await page.locator('#crash').isVisible(), false);
  await page.close();
});
