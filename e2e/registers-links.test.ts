import assert from 'node:assert/strict';
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
import { screenshots } from './support/screenshots.js';

describe('the shared registers linked: an activity and its offers, the products in the report', () => {
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

  test('the secretariat links an activity to an offer and starts the report of 2017', async () => {
    const account = server.accounts.find((a) => a.role === 'admin');
    assert.ok(account);
    const guarded = await guardedContext(browser, server, {
      viewport: { width: 1366, height: 900 },
    });
    const page = await guarded.newPage();
    await signIn(page, account);

    await page.goto('/scorecard?year=2017');
    await page.locator('main table a[href^="/scorecard/activities/"]').first().click();
    await page.waitForLoadState();
    const activityUrl = new URL(page.url()).pathname;
    const activityTitle = ((await page.locator('h1').textContent()) ?? '').trim();
    await page.goto(`${activityUrl}/edit`);
    const picker = page.locator('#field-offers');
    await picker.locator('input[type="search"]').fill('Europol');
    const offer = picker.locator('input[type="checkbox"]:visible').first();
    const label = picker.locator(`label[for="${(await offer.getAttribute('id')) ?? ''}"]`);
    const offerLabel = ((await label.textContent()) ?? '').trim();
    // ECL draws its own box over the input: a person clicks the label.
    await label.click();
    assert.ok(await offer.isChecked());
    await screenshots(page, 'activity-offers-picker', { check: assertAccessible });
    await submit(page.locator('main').getByRole('button', { name: 'Save' }));
    assert.equal(new URL(page.url()).pathname, activityUrl);

    const linked = page.locator('#offers a[href^="/toolbox-offers/"]');
    assert.equal(await linked.count(), 1);
    assert.ok(offerLabel.endsWith(((await linked.textContent()) ?? '').trim()), offerLabel);
    await screenshots(page, 'activity-offers', { check: assertAccessible, parts: true });

    await linked.click();
    await page.waitForLoadState();
    assert.equal(
      ((await page.locator('#activities a').first().textContent()) ?? '').trim(),
      activityTitle,
    );
    await screenshots(page, 'offer-activities', { check: assertAccessible });

    await page.goto('/reports?year=2017');
    await page
      .getByRole('link', { name: /Start the report\s*:\s*Report at the end of 2017 \(COSI\)/ })
      .click();
    const asOf = page.getByLabel('Data as of');
    await asOf.fill('31-12-2017');
    await asOf.press('Tab');
    await submit(page.locator('main').getByRole('button', { name: 'Start the report' }));
    assert.match(new URL(page.url()).pathname, /^\/reports\/[0-9a-f-]+$/);
    await page.getByText('Analytical products of the year').first().waitFor();
    await screenshots(page, 'report-products', { check: assertAccessible, parts: true });
    guarded.assertClean();
    await guarded.close();
  });
});
