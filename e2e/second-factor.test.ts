import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { after, before, describe, test } from '../test/support/node-test.js';
import { en } from '../src/app/i18n/messages.en.js';
import { base32Decode, hotp } from '../src/features/accounts/second-factor/totp.js';
import { screenshots } from './support/screenshots.js';
import {
  guardedContext,
  launchBrowser,
  startServer,
  submit,
  type RunningServer,
} from './support/browser.js';

const ADMIN = 'secretariat@emcdda.example.eu';

let server: RunningServer;
let browser: Browser;

before(async () => {
  // The platform's own rule: the network administrator must have a second factor.
  server = await startServer({ JHANET_REQUIRE_SECOND_FACTOR: 'privileged' });
  browser = await launchBrowser();
});

after(async () => {
  await (browser as Browser | undefined)?.close();
  await (server as RunningServer | undefined)?.stop();
});

const step = () => Math.floor(Date.now() / 30_000);

describe('a second factor at sign-in, clicked through', () => {
  test('the administrator sets up an app after the password, then signs in with its code', async () => {
    const account = server.account(ADMIN);
    const guarded = await guardedContext(browser, server);
    try {
      const page = await guarded.newPage();
      const password = async () => {
        await page.goto('/login');
        await page.getByLabel(en['login.email'], { exact: true }).fill(account.email);
        await page.getByLabel(en['login.password'], { exact: true }).fill(account.password);
        await submit(page.locator('main').getByRole('button', { name: en['login.submit'] }));
      };
      await password();
      assert.equal(new URL(page.url()).pathname, '/login/enrol');
      // The secret as the page shows it, read as a person would type it into an app.
      const secret = await page.locator('code.jh-secret').first().innerText();
      const key = base32Decode(secret);
      assert.ok(key, `a base32 secret is shown: ${secret}`);
      await screenshots(page, 'second-factor-enrol');
      const enrolCode = hotp(key, step());
      await page.getByLabel(en['factor.code'], { exact: true }).fill(enrolCode);
      await submit(page.locator('main').getByRole('button', { name: en['factor.enrol.submit'] }));
      assert.equal(await page.locator('[data-recovery-codes] li').count(), 10);
      await screenshots(page, 'second-factor-recovery-codes');
      await submit(page.getByRole('link', { name: en['factor.recovery.continue'] }));
      assert.notEqual(new URL(page.url()).pathname, '/login');

      await page.goto('/account');
      await screenshots(page, 'second-factor-account');
      await submit(page.locator('main').getByRole('button', { name: en['nav.signOut'] }).first());

      await password();
      assert.equal(new URL(page.url()).pathname, '/login/factor');
      await page.getByLabel(en['factor.code'], { exact: true }).fill(enrolCode);
      await submit(page.locator('main').getByRole('button', { name: en['factor.verify.submit'] }));
      // The code of the enrolment is not accepted twice.
      assert.equal(new URL(page.url()).pathname, '/login/factor');
      await screenshots(page, 'second-factor-replayed');
      await page.getByLabel(en['factor.code'], { exact: true }).fill(hotp(key, step() + 1));
      await submit(page.locator('main').getByRole('button', { name: en['factor.verify.submit'] }));
      assert.notEqual(new URL(page.url()).pathname, '/login/factor');
      assert.notEqual(new URL(page.url()).pathname, '/login');
      guarded.assertClean();
    } finally {
      await guarded.close();
    }
  });
});
