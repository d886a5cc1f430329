import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { after, before, describe, test } from '../test/support/node-test.js';
import { en } from '../src/app/i18n/messages.en.js';
import { screenshots } from './support/screenshots.js';
import {
  guardedContext,
  launchBrowser,
  startServer,
  submit,
  type DemoAccount,
  type RunningServer,
} from './support/browser.js';

const ADMIN = 'secretariat@emcdda.example.eu';

let server: RunningServer;
let browser: Browser;

/**
 * A free port, asked of the kernel: a passkey is bound to the platform's public address, so the
 * server must know its port before it starts rather than pick one.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

before(async () => {
  const port = await freePort();
  server = await startServer({
    // The platform's own rule: the network administrator must have a second factor.
    JHANET_REQUIRE_SECOND_FACTOR: 'privileged',
    PORT: String(port),
    JHANET_PUBLIC_URL: `http://localhost:${String(port)}`,
  });
  browser = await launchBrowser();
});

after(async () => {
  await (browser as Browser | undefined)?.close();
  await (server as RunningServer | undefined)?.stop();
});

/**
 * A passkey authenticator built into the browser tab, as Chrome's developer tools offer: it
 * answers navigator.credentials without a dialogue, the user present and verified.
 */
async function virtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

async function password(page: Page, account: DemoAccount): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(en['login.email'], { exact: true }).fill(account.email);
  await page.getByLabel(en['login.password'], { exact: true }).fill(account.password);
  await submit(page.locator('main').getByRole('button', { name: en['login.submit'] }));
}

describe('passkeys, clicked through', () => {
  test('a member adds a passkey on the account page, signs out, and signs in with password and passkey', async () => {
    const member = server.accounts.find((a) => a.role === 'member');
    assert.ok(member, 'the demo has a member');
    const guarded = await guardedContext(browser, server);
    try {
      const page = await guarded.newPage();
      await virtualAuthenticator(page);
      await password(page, member);
      assert.notEqual(new URL(page.url()).pathname, '/login');

      await page.goto('/account');
      const section = page.locator('#second-factors');
      // With scripts, the note that a passkey needs JavaScript is gone.
      await assert.doesNotReject(
        section.getByText(en['factor.passkey.needsScript']).waitFor({ state: 'detached' }),
      );
      await section.scrollIntoViewIfNeeded();
      await screenshots(page, 'passkey-account-empty');
      await section.getByLabel(en['factor.passkey.name'], { exact: true }).fill('Work laptop');
      await section.getByRole('button', { name: en['factor.addPasskey'] }).click();
      // The first factor of the account: its recovery codes, shown this once.
      await page.locator('[data-recovery-codes]').waitFor();
      assert.equal(await page.locator('[data-recovery-codes] li').count(), 10);
      await submit(page.getByRole('link', { name: en['factor.recovery.continue'] }));
      assert.equal(new URL(page.url()).pathname, '/account');
      await page.getByText(en['factor.passkey.added']).waitFor();
      const row = page.locator('#second-factors tbody tr');
      assert.equal(await row.count(), 1);
      assert.match(await row.first().innerText(), /Work laptop/);
      await page.locator('#second-factors').scrollIntoViewIfNeeded();
      await screenshots(page, 'passkey-account-added');

      await submit(page.locator('main').getByRole('button', { name: en['nav.signOut'] }).first());
      await password(page, member);
      assert.equal(new URL(page.url()).pathname, '/login/factor');
      await page.getByRole('heading', { name: en['factor.verify.passkeyTitle'] }).waitFor();
      await screenshots(page, 'passkey-sign-in');
      // The script sends the form once the browser has answered: the page that follows is the
      // one the sign-in leads to.
      await page
        .locator('main')
        .getByRole('button', { name: en['factor.verify.passkeySubmit'] })
        .click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      await page.goto('/account');
      assert.match(
        await page.locator('#second-factors tbody tr').first().innerText(),
        /Work laptop/,
      );
      guarded.assertClean();
    } finally {
      await guarded.close();
    }
  });

  test('the administrator sets up a passkey instead of an app after the password', async () => {
    const admin = server.account(ADMIN);
    const guarded = await guardedContext(browser, server);
    try {
      const page = await guarded.newPage();
      await virtualAuthenticator(page);
      await password(page, admin);
      assert.equal(new URL(page.url()).pathname, '/login/enrol');
      await page.getByRole('heading', { name: en['factor.enrol.passkeyTitle'] }).waitFor();
      await screenshots(page, 'passkey-enrol');
      await page.getByLabel(en['factor.passkey.name'], { exact: true }).fill('Security key');
      await page.locator('main').getByRole('button', { name: en['factor.addPasskey'] }).click();
      await page.locator('[data-recovery-codes]').waitFor();
      assert.equal(await page.locator('[data-recovery-codes] li').count(), 10);
      await submit(page.getByRole('link', { name: en['factor.recovery.continue'] }));
      assert.notEqual(new URL(page.url()).pathname, '/login');
      assert.notEqual(new URL(page.url()).pathname, '/login/enrol');
      guarded.assertClean();
    } finally {
      await guarded.close();
    }
  });

  test('without JavaScript the passkey form says that a passkey needs it', async () => {
    const member = server.accounts.find((a) => a.role === 'contact');
    assert.ok(member, 'the demo has a contact point');
    const guarded = await guardedContext(browser, server, { javaScriptEnabled: false });
    try {
      const page = await guarded.newPage();
      await password(page, member);
      await page.goto('/account');
      const section = page.locator('#second-factors');
      await section.getByText(en['factor.passkey.needsScript']).waitFor();
      await section.getByLabel(en['factor.passkey.name'], { exact: true }).fill('Phone');
      const response = await submit(section.getByRole('button', { name: en['factor.addPasskey'] }));
      assert.equal(response.status(), 400);
      await page.locator('.ecl-notification').getByText(en['factor.passkey.needsScript']).waitFor();
      await screenshots(page, 'passkey-no-script');
      guarded.assertClean();
    } finally {
      await guarded.close();
    }
  });
});
