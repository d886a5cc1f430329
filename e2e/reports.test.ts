import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { after, before, describe, test } from '../test/support/node-test.js';
import { assertAccessible } from './support/axe.js';
import {
  guardedContext,
  launchBrowser,
  signIn,
  startServer,
  submit,
  type RunningServer,
} from './support/browser.js';

const SHOTS =
  process.env.JHANET_SCREENSHOTS ??
  process.env.SCREENSHOT_DIR ??
  path.join(tmpdir(), 'jhanet-screenshots');

describe('the secretariat writes the end-of-year report to COSI for 2017', () => {
  let server: RunningServer;
  let browser: Browser;
  let reportUrl = '';

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await (browser as Browser | undefined)?.close();
    await (server as RunningServer | undefined)?.stop();
  });

  for (const width of [1366, 390]) {
    test(`calendar, draft, foreword, finalised report and print view at ${String(width)} px`, async () => {
      const account = server.accounts.find((a) => a.role === 'admin');
      assert.ok(account);
      const guarded = await guardedContext(browser, server, { viewport: { width, height: 900 } });
      const page = await guarded.newPage();
      await signIn(page, account);
      await page.goto('/reports?year=2017');
      await assertAccessible(page);
      await page.screenshot({
        path: `${SHOTS}/reports-calendar-${String(width)}.png`,
        fullPage: true,
      });

      if (reportUrl === '') {
        await page
          .getByRole('link', {
            name: /Start the report\s*:\s*Report at the end of 2017 \(COSI\)/,
          })
          .click();
        await assertAccessible(page);
        const asOf = page.getByLabel('Data as of');
        await asOf.fill('30-11-2017');
        // Leaving the field closes its date picker, which otherwise lies over the button below.
        await asOf.press('Tab');
        const created = await submit(
          page.locator('main').getByRole('button', { name: 'Start the report' }),
        );
        assert.equal(created.status(), 200);
        reportUrl = new URL(page.url()).pathname;
        assert.match(reportUrl, /^\/reports\/[0-9a-f-]+$/);

        await page.getByRole('link', { name: /Write\s*:\s*Chair's foreword/ }).click();
        await page
          .getByLabel('Text')
          .fill('In 2017 the network worked on nine priorities together.');
        await submit(page.locator('main').getByRole('button', { name: 'Save' }));
        assert.equal(new URL(page.url()).pathname, reportUrl);

        await submit(page.getByRole('button', { name: 'Finalise the report' }));
        await page.getByText('The report is finalised.').waitFor();
      } else {
        await page.goto(reportUrl);
      }
      await assertAccessible(page);
      await page
        .getByText('In 2017 the network worked on nine priorities together.')
        .first()
        .waitFor();
      await page.screenshot({ path: `${SHOTS}/report-final-${String(width)}.png`, fullPage: true });

      await page.goto(`${reportUrl}/print`);
      await assertAccessible(page);
      await page.screenshot({ path: `${SHOTS}/report-print-${String(width)}.png`, fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: `${SHOTS}/report-print-paper-${String(width)}.png` });
      guarded.assertClean();
      await guarded.close();
    });
  }
});
