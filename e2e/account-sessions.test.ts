import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { after, before, describe, test } from '../test/support/node-test.js';
import { en } from '../src/app/i18n/messages.en.js';
import { assertAccessible } from './support/axe.js';
import { screenshot } from './support/screenshots.js';
import {
  guardedContext,
  launchBrowser,
  signIn,
  startServer,
  submit,
  type RunningServer,
} from './support/browser.js';

describe('signing out of a browser left signed in elsewhere', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await (browser as Browser | undefined)?.close();
    await (server as RunningServer | undefined)?.stop();
  });

  for (const width of [1366, 390]) {
    test(`a contact point signs out the other browser from the account page at ${String(width)} px`, async () => {
      const account = server.accounts.find((a) => a.role === 'contact');
      assert.ok(account);
      const elsewhere = await guardedContext(browser, server, {
        viewport: { width: 1366, height: 900 },
      });
      const left = await elsewhere.newPage();
      await signIn(left, account);

      const here = await guardedContext(browser, server, { viewport: { width, height: 900 } });
      const page = await here.newPage();
      await signIn(page, account);
      await page.goto('/account');
      const table = page.getByRole('table', { name: en['account.sessionsTitle'] });
      await table.scrollIntoViewIfNeeded();
      // Counted as rows of the markup: on a phone the table is drawn as cards.
      const sessions = table.locator('tbody tr');
      assert.equal(await sessions.count(), 2, 'two sessions');
      await assertAccessible(page);
      await screenshot(page, `account-sessions-contact-${String(width)}`, { fullPage: false });

      const response = await submit(
        page.getByRole('button', { name: /^Sign out of every other browser/ }),
      );
      assert.equal(response.status(), 200);
      await page.getByText(/Every other session is signed out/).waitFor();
      assert.equal(await sessions.count(), 1, 'this session only');

      await left.goto('/account');
      assert.equal(new URL(left.url()).pathname, '/login', 'the other browser is signed out');

      await submit(page.getByRole('button', { name: en['account.sessionEndAll'] }));
      assert.equal(new URL(page.url()).pathname, '/login');
      here.assertClean();
      elsewhere.assertClean();
      await here.close();
      await elsewhere.close();
    });
  }
});
