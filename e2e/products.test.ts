import assert from 'node:assert/strict';
import { after, before, describe, test } from '../test/support/node-test.js';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible } from './support/axe.js';
import {
  guardedContext,
  launchBrowser,
  signIn,
  startServer,
  submit,
  type GuardedContext,
  type RunningServer,
} from './support/browser.js';
import { screenshots } from './support/screenshots.js';

const CONTACT = 'contact@frontex.example.eu';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

// Either may be missing when the before hook failed; that failure is the one to report.
after(async () => {
  await (browser as Browser | undefined)?.close();
  await (server as RunningServer | undefined)?.stop();
});

describe('the index of products in the browser, as a contact point of Frontex', () => {
  let guard: GuardedContext;
  let page: Page;

  before(async () => {
    guard = await guardedContext(browser, server);
    page = await guard.newPage();
    await signIn(page, server.account(CONTACT));
  });
  after(async () => {
    guard.assertClean();
    await guard.close();
  });

  test('a product added through the form is found by its facets', async () => {
    await page.goto(`${server.baseUrl}/products`);
    await screenshots(page, 'products-index', { check: assertAccessible });
    await page.getByRole('link', { name: 'Add a product' }).click();
    await page.getByLabel('Title').fill('Western Balkans risk analysis 2017');
    await page.getByLabel('Summary').fill('Irregular migration along the Western Balkan route.');
    await page.locator('#field-kind').selectOption('risk-analysis');
    await page.getByLabel('Year').fill('2017');
    await page.locator('#field-periodicity').selectOption('one-off');
    await page.getByText('Border management', { exact: true }).click();
    await page.getByText('Serbia (SRB)', { exact: true }).click();
    await screenshots(page, 'products-new', { check: assertAccessible });
    const response = await submit(page.getByRole('button', { name: 'Create' }));
    assert.equal(response.status(), 200);
    assert.equal(
      ((await page.locator('h1').textContent()) ?? '').trim(),
      'Western Balkans risk analysis 2017',
    );
    await screenshots(page, 'products-detail', { check: assertAccessible });

    await page.goto(`${server.baseUrl}/products`);
    await page.locator('.jh-filter-bar__more summary').click();
    await page.locator('#field-topic').selectOption('borders');
    await page.locator('#field-country').selectOption('SRB');
    await submit(page.getByRole('button', { name: 'Filter' }));
    const titles = await page
      .locator('table.ecl-table tbody tr td:first-child a')
      .allTextContents();
    assert.deepEqual(
      titles.map((t) => t.trim()),
      ['Western Balkans risk analysis 2017'],
    );
    await screenshots(page, 'products-filtered', { check: assertAccessible });
    await page.getByRole('link', { name: 'What is coming' }).click();
    await screenshots(page, 'products-upcoming', { check: assertAccessible });
  });
});
