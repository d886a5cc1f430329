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

describe('the infographic of 2017 and the versions of a report', () => {
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

  for (const role of ['admin', 'observer'] as const) {
    for (const width of [1366, 390]) {
      test(`${role} opens the infographic from the calendar at ${String(width)} px`, async () => {
        const account = server.accounts.find((a) => a.role === role);
        assert.ok(account);
        const guarded = await guardedContext(browser, server, {
          viewport: { width, height: 900 },
        });
        const page = await guarded.newPage();
        await signIn(page, account);
        await page.goto('/reports?year=2017');
        await page.getByRole('link', { name: /The network in 2017 at a glance/ }).click();
        await page
          .getByRole('heading', { level: 1, name: 'The network in 2017 at a glance' })
          .waitFor();
        // Measured sizes need the stylesheets: a heading can show before they have arrived.
        await page.waitForLoadState('load');
        const picture = page.locator('.jh-infographic__picture img');
        await picture.waitFor();
        // The picture loads, and is never wider than the screen. An image counts as laid out
        // before its bytes arrive, so wait until it has decoded before reading its size.
        // Written as text: the browser runs it, and the project's types know no DOM.
        const natural = await page.evaluate<number>(`(async () => {
          const img = document.querySelector('.jh-infographic__picture img');
          await img.decode();
          return img.naturalWidth;
        })()`);
        assert.equal(natural, 600);
        const box = await picture.boundingBox();
        assert.ok(box && box.width <= Math.min(602, width), JSON.stringify(box)); // with its border
        // The SVG it shows, read by the browser's XML parser, names each figure.
        const titles = await page.evaluate<string[]>(`(async () => {
          const img = document.querySelector('.jh-infographic__picture img');
          const text = await (await fetch(img.src)).text();
          const svg = new DOMParser().parseFromString(text, 'image/svg+xml');
          return [...svg.querySelectorAll('g[role="img"] > title')].map((t) => t.textContent);
        })()`);
        assert.deepEqual(titles, [
          'Activities by status',
          'Who took part in which section',
          'Coverage of the priorities',
          'Meetings held',
          'Products',
        ]);
        await page.getByRole('heading', { level: 3, name: 'Coverage of the priorities' }).waitFor();
        await assertAccessible(page);
        await page.screenshot({
          path: `${SHOTS}/reports-infographic-${role}-${String(width)}.png`,
          fullPage: true,
        });
        await page.emulateMedia({ media: 'print' });
        await page.screenshot({
          path: `${SHOTS}/reports-infographic-paper-${role}-${String(width)}.png`,
        });
        guarded.assertClean();
        await guarded.close();
      });
    }
  }

  for (const width of [1366, 390]) {
    test(`the secretariat compares two drafts of a report at ${String(width)} px`, async () => {
      const account = server.accounts.find((a) => a.role === 'admin');
      assert.ok(account);
      const guarded = await guardedContext(browser, server, { viewport: { width, height: 900 } });
      const page = await guarded.newPage();
      await signIn(page, account);
      if (reportUrl === '') {
        await page.goto('/reports?year=2017');
        await page
          .getByRole('link', { name: /Start the report\s*:\s*Report at the end of 2017 \(LIBE/ })
          .click();
        const asOf = page.getByLabel('Data as of');
        await asOf.fill('30-11-2017');
        await asOf.press('Tab');
        await submit(page.locator('main').getByRole('button', { name: 'Start the report' }));
        reportUrl = new URL(page.url()).pathname;
        for (const text of ['The network met twice.', 'The network met three times in 2017.']) {
          await page.getByRole('link', { name: /Write\s*:\s*Chair's foreword/ }).click();
          await page.getByLabel('Text').fill(text);
          await submit(page.locator('main').getByRole('button', { name: 'Save' }));
        }
      } else {
        await page.goto(reportUrl);
      }
      await page.getByRole('link', { name: 'Compare versions' }).click();
      await page.getByLabel('Earlier version').selectOption({ index: 1 });
      await page.getByLabel('Later version').selectOption({ index: 0 });
      await submit(page.locator('main').getByRole('button', { name: 'Compare' }));
      await page.getByRole('heading', { name: 'From version 2 to version 3' }).waitFor();
      await page.getByText('Sections: 1 changed, 8 unchanged, 0 added, 0 removed.').waitFor();
      assert.equal(
        await page.locator('main del.jh-diff-delete').first().textContent(),
        '[deleted: twice.]',
      );
      await assertAccessible(page);
      await page.screenshot({
        path: `${SHOTS}/reports-compare-${String(width)}.png`,
        fullPage: true,
      });

      await page.locator('label', { hasText: 'In one text' }).click();
      await submit(page.locator('main').getByRole('button', { name: 'Compare' }));
      await page.getByRole('heading', { name: 'From version 2 to version 3' }).waitFor();
      assert.equal(await page.locator('main h4').count(), 0);
      await page.screenshot({
        path: `${SHOTS}/reports-compare-inline-${String(width)}.png`,
        fullPage: true,
      });
      guarded.assertClean();
      await guarded.close();
    });
  }
});
