import assert from 'node:assert/strict';
import { after, before, describe, test } from '../test/support/node-test.js';
import type { Browser, Page } from 'playwright-core';
import { en } from '../src/app/i18n/messages.en.js';
import { assertAccessible } from './support/axe.js';
import {
  guardedContext,
  launchBrowser,
  signIn,
  startServer,
  type GuardedContext,
  type RunningServer,
} from './support/browser.js';

const CONTACT = 'contact@eurojust.example.eu';
const OBSERVER = 'observer@home.example.eu';

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

async function heading(page: Page): Promise<string> {
  return ((await page.locator('h1').textContent()) ?? '').trim();
}

describe('the scorecard in the browser, as a contact point of Eurojust', () => {
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

  test('the demo scorecard of 2017 is listed, filtered and sorted', async () => {
    const response = await page.goto('/scorecard?year=2017');
    assert.equal(response?.status(), 200);
    assert.equal(await heading(page), en['scorecard.title'].replace('{year}', '2017'));
    const rows = page.locator('main table tbody tr');
    assert.ok((await rows.count()) >= 30, 'the demo holds at least 30 activities');
    await assertAccessible(page);
    await page.getByLabel(en['scorecard.field.agency'], { exact: true }).selectOption('Eurojust');
    await page.getByLabel(en['scorecard.field.agencyRole'], { exact: true }).selectOption('lead');
    await Promise.all([
      page.waitForURL('**/scorecard?**agency=Eurojust**'),
      page.locator('main').getByRole('button', { name: en['common.filter'] }).click(),
    ]);
    const leads = await page.locator('main table tbody tr td:nth-child(3)').allTextContents();
    assert.ok(leads.length > 0);
    assert.ok(leads.every((lead) => lead.trim() === 'Eurojust'));
    await Promise.all([
      page.waitForURL('**direction=desc**'),
      page.locator('main th a', { hasText: en['scorecard.field.title'] }).click(),
    ]);
    guard.assertClean();
  });

  test('an activity shows its progress and history, also as it stood on a date', async () => {
    await page.goto('/scorecard?year=2017&agency=Eurojust&agencyRole=lead');
    await Promise.all([
      page.waitForURL('**/scorecard/activities/**'),
      page.locator('main table tbody tr td a').first().click(),
    ]);
    await page.getByRole('heading', { name: en['scorecard.progress.title'] }).waitFor();
    await assertAccessible(page);
    const url = new URL(page.url());
    await page.goto(`${url.pathname}?asOf=2017-03-01`);
    await page.getByText(en['scorecard.showCurrent']).waitFor();
    await assertAccessible(page);
    guard.assertClean();
  });

  test('a new activity: errors first, then saved; then progress is reported', async () => {
    await page.goto('/scorecard/activities/new?year=2017');
    await assertAccessible(page);
    await page.locator('main').getByRole('button', { name: en['common.save'] }).click();
    await page.locator('.ecl-notification--error').waitFor();
    await assertAccessible(page);

    await page.getByLabel(en['scorecard.field.title'], { exact: true }).fill('Browser-made guide');
    // ECL draws its own box over the input: a user ticks it by its label.
    await page.locator('input[name="lines"][value="1.1.6"] + label').click();
    assert.ok(await page.locator('input[name="lines"][value="1.1.6"]').isChecked());
    await page
      .getByLabel(en['scorecard.field.kind'], { exact: true })
      .selectOption('joint-product');
    // Typed day first, as the fields ask; Escape closes the calendar each field opens.
    for (const [label, day] of [
      [en['scorecard.field.plannedStart'], '01-04-2017'],
      [en['scorecard.field.plannedEnd'], '31-10-2017'],
    ] as const) {
      await page.getByLabel(label, { exact: true }).fill(day);
      await page.getByLabel(label, { exact: true }).press('Escape');
    }
    await Promise.all([
      page.waitForURL('**/scorecard/activities/**?saved=1'),
      page.locator('main').getByRole('button', { name: en['common.save'] }).click(),
    ]);
    assert.equal(await heading(page), 'Browser-made guide');
    assert.ok(
      (await page.locator('main').getByText('1 April 2017').count()) > 0,
      'the day typed day first is the day saved',
    );

    await Promise.all([
      page.waitForURL('**/progress'),
      page.getByRole('link', { name: en['scorecard.progress.action'] }).click(),
    ]);
    await assertAccessible(page);
    await page.getByLabel(en['scorecard.progress.text'], { exact: true }).fill('Outline agreed');
    await page
      .getByLabel(en['scorecard.progress.newStatus'], { exact: true })
      .selectOption('ongoing');
    await Promise.all([
      page.waitForURL('**?saved=1'),
      page.locator('main').getByRole('button', { name: en['scorecard.progress.post'] }).click(),
    ]);
    await page.getByText('Outline agreed').waitFor();

    await page.goto(`${new URL(page.url()).pathname}/edit`);
    await assertAccessible(page);
    guard.assertClean();
  });

  test('the import page is accessible', async () => {
    const response = await page.goto('/scorecard/import');
    assert.equal(response?.status(), 200);
    assert.equal(await heading(page), en['scorecardImport.title']);
    await assertAccessible(page);
    guard.assertClean();
  });
});

describe('the scorecard in the browser, as an observer', () => {
  test('sees released activities only and no way to change them', async () => {
    const guard = await guardedContext(browser, server);
    try {
      const page = await guard.newPage();
      await signIn(page, server.account(OBSERVER));
      await page.goto('/scorecard?year=2017');
      const rows = await page.locator('main table tbody tr').count();
      assert.ok(rows > 0);
      assert.equal(await page.getByRole('link', { name: en['scorecard.new'] }).count(), 0);
      await assertAccessible(page);
      guard.assertClean();
    } finally {
      await guard.close();
    }
  });
});
