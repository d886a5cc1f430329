import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { after, before, describe, test } from '../test/support/node-test.js';
import { en } from '../src/app/i18n/messages.en.js';
import { assertAccessible } from './support/axe.js';
import { screenshots } from './support/screenshots.js';
import {
  guardedContext,
  launchBrowser,
  startServer,
  type RunningServer,
} from './support/browser.js';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer({
    // Nothing listens there: the page is what is under test, and the refusal when it is down.
    JHANET_SSO_PROVIDERS: JSON.stringify([
      {
        id: 'eu-login',
        issuer: 'http://localhost:9/oidc',
        clientId: 'jhanet',
        clientSecret: 'not-used',
        label: 'EU Login',
      },
    ]),
  });
  browser = await launchBrowser();
});

after(async () => {
  await (browser as Browser | undefined)?.close();
  await (server as RunningServer | undefined)?.stop();
});

describe('the sign-in page with an identity provider', () => {
  test('offers "Sign in with EU Login" above the password form, and says plainly when it is down', async () => {
    const guarded = await guardedContext(browser, server);
    const page = await guarded.newPage();
    await page.goto('/login');
    const button = page.getByRole('link', { name: 'Sign in with EU Login' });
    assert.equal(await button.getAttribute('href'), '/login/sso/eu-login');
    await screenshots(page, 'sso-login', { check: assertAccessible });
    await button.click();
    await page.waitForURL('**/login/sso/eu-login');
    assert.equal(
      (await page.locator('.ecl-notification').first().innerText())
        .trim()
        .includes(en['sso.unreachable']),
      true,
    );
    await screenshots(page, 'sso-unreachable', { check: assertAccessible });
    guarded.assertClean();
    await guarded.close();
  });
});
