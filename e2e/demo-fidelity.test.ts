import assert from 'node:assert/strict';
import { after, before, describe, test } from '../test/support/node-test.js';
import type { Browser } from 'playwright-core';
import { assertAccessible } from './support/axe.js';
import { screenshot } from './support/screenshots.js';
import {
  guardedContext,
  launchBrowser,
  signIn,
  startServer,
  type RunningServer,
} from './support/browser.js';

describe('the 2017 priorities and meetings as the paper has them, on wide and narrow screens', () => {
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
    for (const role of ['member', 'observer'] as const) {
      test(`${role} at ${String(width)} px`, async () => {
        const account = server.accounts.find((a) => a.role === role);
        assert.ok(account);
        const guarded = await guardedContext(browser, server, {
          viewport: { width, height: 900 },
        });
        const page = await guarded.newPage();
        await signIn(page, account);
        for (const [path, name] of [
          ['/priorities', 'priorities'],
          ['/priorities/2017', 'priorities-2017'],
          ['/meetings?year=2017', 'meetings-2017'],
        ] as const) {
          await page.goto(path);
          await assertAccessible(page);
          await screenshot(page, `${name}-${role}-${String(width)}`, {
            fullPage: name !== 'priorities-2017',
          });
        }
        await page.goto('/priorities/2017#section-1-3');
        await screenshot(page, `priorities-2017-1-3-${role}-${String(width)}`, { fullPage: false });
        await page.goto('/priorities/2017');
        await page.getByText('Please note: This paper').scrollIntoViewIfNeeded();
        await screenshot(page, `priorities-2017-note-${role}-${String(width)}`, {
          fullPage: false,
        });
        if (role === 'member') {
          await page.goto('/scorecard?year=2017');
          await page
            .getByRole('link', { name: "JHA agencies' toolbox on migration" })
            .first()
            .click();
          await assertAccessible(page);
          await screenshot(page, `activity-${role}-${String(width)}`, { fullPage: false });
          await page.goto('/meetings?year=2017');
          await page.getByRole('link', { name: '1st JHA network meeting' }).first().click();
          await assertAccessible(page);
          await screenshot(page, `meeting-2017-${role}-${String(width)}`, { fullPage: true });
          await page.goto('/documents?year=2017');
          await page.locator('tbody a[href^="/documents/"]').first().click();
          await assertAccessible(page);
          await screenshot(page, `document-2017-${role}-${String(width)}`, { fullPage: true });
        }
        guarded.assertClean();
        await guarded.close();
      });
    }
  }
});
