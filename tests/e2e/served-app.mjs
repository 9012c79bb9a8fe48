// One served app and one browser per test file, opened before its tests and
// closed after them, even when a test fails.
import { before, after } from 'node:test';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

export function servedApp(root) {
  const app = { srv: null, browser: null };
  before(async () => {
    app.srv = await serve(root);
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    app.srv?.server.close();
  });
  return app;
}
