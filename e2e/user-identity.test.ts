import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { after, before, describe, test } from '../test/support/node-test.js';
import { en } from '../src/app/i18n/messages.en.js';
import { base32Decode, hotp } from '../src/features/accounts/second-factor/totp.js';
import { assertAccessible } from './support/axe.js';
import { SCREEN_WIDTHS, screenshot, screenshots } from './support/screenshots.js';
import {
  guardedContext,
  launchBrowser,
  signIn,
  startServer,
  submit,
  type RunningServer,
} from './support/browser.js';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer({
    // Binding a subject needs a configured provider, not a reachable one: nothing listens there.
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

interface Scrollable {
  scrollY: number;
  scrollTo(x: number, y: number): void;
}

/** A section of a long page at each width, scrolled to, as a screen shows it. */
async function sectionShots(page: Page, section: Locator, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const width of SCREEN_WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await assertAccessible(page);
    const box = await section.boundingBox();
    assert.ok(box, `${name}: the section is shown`);
    await page.evaluate((top) => {
      const view = globalThis as unknown as Scrollable;
      view.scrollTo(0, view.scrollY + top);
    }, box.y);
    await screenshot(page, `${name}-${String(width)}`, { fullPage: false });
  }
  if (before) await page.setViewportSize(before);
}

describe("an administrator manages how an account signs in, on the account's page", () => {
  test('binds an EU Login subject, unbinds it, and resets the second factors, each confirmed', async () => {
    const member = server.accounts.find((a) => a.role === 'member');
    const administrator = server.accounts.find((a) => a.role === 'admin');
    assert.ok(member && administrator);

    // The member sets up an authenticator app, so that there is something to reset.
    const memberContext = await guardedContext(browser, server);
    const adminContext = await guardedContext(browser, server);
    try {
      const memberPage = await memberContext.newPage();
      await signIn(memberPage, member);
      await memberPage.goto('/account');
      await submit(memberPage.getByRole('button', { name: en['factor.addTotp'] }));
      const secret = base32Decode(await memberPage.locator('code.jh-secret').first().innerText());
      assert.ok(secret);
      await memberPage
        .getByLabel(en['factor.code'], { exact: true })
        .fill(hotp(secret, Math.floor(Date.now() / 30_000)));
      await submit(
        memberPage.locator('main').getByRole('button', { name: en['factor.enrol.submit'] }),
      );
      assert.equal(await memberPage.locator('[data-recovery-codes] li').count(), 10);

      const page = await adminContext.newPage();
      await signIn(page, administrator);
      await page.goto(`/users?q=${encodeURIComponent(member.email)}`);
      await submit(page.locator('main table tbody a').first());
      const userUrl = page.url();
      assert.match(new URL(userUrl).pathname, /^\/users\/[^/]+$/);

      const factors = page.locator('#second-factors');
      assert.equal(await factors.getByRole('row').count(), 2, 'a header row and the app');
      assert.ok((await factors.innerText()).includes(en['factor.kind.totp']));
      await sectionShots(page, factors, 'user-identity-factors');
      const identities = page.locator('#sso-identities');
      await sectionShots(page, identities, 'user-identity-sso');

      // Every mistake of the bind form at once, and the page keeps what was typed.
      await identities.getByLabel(en['users.sso.subject']).fill('   ');
      const refused = await submit(identities.getByRole('button', { name: en['users.sso.bind'] }));
      assert.equal(refused.status(), 400);
      await sectionShots(page, page.locator('#sso-identities'), 'user-identity-sso-error');

      await page
        .locator('#sso-identities')
        .getByLabel(en['users.sso.subject'])
        .fill('eulogin-4711');
      await submit(
        page.locator('#sso-identities').getByRole('button', { name: en['users.sso.bind'] }),
      );
      assert.equal(new URL(page.url()).searchParams.get('done'), 'sso-bound');
      const bound = page.locator('#sso-identities');
      const row = bound.getByRole('row').filter({ hasText: 'eulogin-4711' });
      assert.equal(await row.count(), 1);
      assert.ok((await row.innerText()).includes('EU Login'));
      await sectionShots(page, bound, 'user-identity-sso-bound');

      await submit(bound.getByRole('link', { name: 'Unbind eulogin-4711 (EU Login)' }));
      assert.match(new URL(page.url()).pathname, /\/sso-identities\/[^/]+\/unbind$/);
      await screenshots(page, 'user-identity-unbind-confirm', { check: assertAccessible });
      await submit(page.locator('main').getByRole('button', { name: en['users.sso.unbind'] }));
      assert.equal(new URL(page.url()).searchParams.get('done'), 'sso-unbound');
      assert.equal(await page.locator('#sso-identities').getByText('eulogin-4711').count(), 0);

      await submit(
        page.locator('#second-factors').getByRole('link', { name: en['users.factors.reset'] }),
      );
      assert.match(new URL(page.url()).pathname, /\/factors\/reset$/);
      await screenshots(page, 'user-identity-reset-confirm', { check: assertAccessible });
      await submit(page.locator('main').getByRole('button', { name: en['users.factors.reset'] }));
      assert.equal(new URL(page.url()).searchParams.get('done'), 'factors-reset');
      assert.ok(
        (await page.locator('#second-factors').innerText()).includes(en['users.factors.none']),
      );
      await sectionShots(page, page.locator('#second-factors'), 'user-identity-factors-reset');

      // The reset ended the member's session.
      await memberPage.goto('/account');
      assert.equal(new URL(memberPage.url()).pathname, '/login');
      memberContext.assertClean();
      adminContext.assertClean();
    } finally {
      await memberContext.close();
      await adminContext.close();
    }
  });
});
