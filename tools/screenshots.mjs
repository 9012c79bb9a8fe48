// Regenerates docs/screenshot*.png: the reference firm (tests/fixtures/rd-first-time.json)
// answering the interview, on a desktop and on a phone. Run after tools/build-web.sh:
//   node tools/screenshots.mjs
import fs from 'node:fs';
import { serve } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const firm = JSON.parse(fs.readFileSync(new URL('../tests/fixtures/rd-first-time.json', import.meta.url)));
const srv = await serve(new URL('../dist', import.meta.url).pathname);
const browser = await launch();

async function answer(page) {
  for (let i = 0; i < 80; i++) {
    const q = page.locator('.question').first();
    if (await q.count() === 0) break;
    const fact = await q.getAttribute('data-fact');
    const v = firm[fact];
    if (v === undefined) await q.locator('button.skip').click();
    else if (v === true) await q.locator('button.yes').click();
    else if (v === false) await q.locator('button.no').click();
    else if (typeof v === 'number') { await q.locator('input').fill(String(v)); await q.locator('button.ok').click(); }
    else await q.locator('select').selectOption(v);
  }
}

for (const [name, viewport] of [['screenshot', { width: 1200, height: 900 }], ['screenshot-phone', { width: 360, height: 780 }]]) {
  const page = await browser.newPage({ viewport });
  await page.goto(srv.url + '#');
  await page.waitForSelector('.question');
  await page.fill('#assessment-date', '2022-07-01');
  await page.dispatchEvent('#assessment-date', 'change');
  await answer(page);
  if (name === 'screenshot-phone') {
    // Undo the last answer so the phone shot shows a question being asked.
    await page.locator('[data-answer] button.change').last().click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: new URL(`../docs/${name}-interview.png`, import.meta.url).pathname });
    await page.locator('[data-answer] button.change').count();
    await answer(page);
    await page.evaluate(() => document.getElementById('results-title').scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: new URL(`../docs/${name}-results.png`, import.meta.url).pathname });
  } else {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: new URL(`../docs/${name}.png`, import.meta.url).pathname });
  }
  await page.close();
}
await browser.close();
srv.server.close();
