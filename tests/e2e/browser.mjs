// Debian's Chromium driven by playwright-core (no browser download).
import { chromium } from 'playwright-core';

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  if (process.env.APP_URL?.startsWith('https:')) {
    // nginx in the deploy test has a self-signed certificate.
    const newContext = browser.newContext.bind(browser);
    browser.newContext = (options = {}) => newContext({ ignoreHTTPSErrors: true, ...options });
    const newPage = browser.newPage.bind(browser);
    browser.newPage = (options = {}) => newPage({ ignoreHTTPSErrors: true, ...options });
  }
  return browser;
}
