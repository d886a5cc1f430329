import assert from 'node:assert/strict';
import { after, before, describe, test } from '../test/support/node-test.js';
import type { Browser, Page } from 'playwright-core';
import { en } from '../src/app/i18n/messages.en.js';
import { assertAccessible } from './support/axe.js';
import { screenshots } from './support/screenshots.js';
import {
  guardedContext,
  launchBrowser,
  signIn,
  startServer,
  submit,
  type GuardedContext,
  type RunningServer,
} from './support/browser.js';

const MEMBER = 'analyst@europol.example.eu';

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

describe('searching from the header and filtering the scorecard, as a member of Europol', () => {
  let guard: GuardedContext;
  let page: Page;

  before(async () => {
    guard = await guardedContext(browser, server, { viewport: { width: 1366, height: 900 } });
    page = await guard.newPage();
    await signIn(page, server.account(MEMBER));
  });
  after(async () => {
    guard.assertClean();
    await guard.close();
  });

  test('the header search finds every kind, grouped and counted', async () => {
    await page.goto('/');
    const header = page.locator('header');
    await header.getByLabel(en['search.label'], { exact: true }).fill('network');
    const response = await submit(header.getByRole('button', { name: en['search.submit'] }));
    assert.equal(response.status(), 200);
    assert.match(page.url(), /\/search\?q=network$/);
    const groups = page.locator('main h2');
    assert.deepEqual(
      (await groups.allTextContents()).map((text) => text.replace(/ \(\d+\)$/, '')),
      [
        en['search.kind.priority'],
        en['search.kind.activity'],
        en['search.kind.meeting'],
        en['search.kind.document'],
      ],
    );
    for (const text of await groups.allTextContents())
      assert.match(text, /\((?!0\))\d+\)$/, `${text}: something of each kind is found`);
    await screenshots(page, 'search-member', { check: assertAccessible });
    const meeting = page.locator('#search-meeting ~ ul a').first();
    const title = ((await meeting.textContent()) ?? '').trim();
    await Promise.all([page.waitForURL('**/meetings/**'), meeting.click()]);
    assert.equal(((await page.locator('h1').textContent()) ?? '').trim(), title);
  });

  test('the filter bar narrows the scorecard, chips remove filters, a saved view reopens', async () => {
    await page.goto('/scorecard?year=2017');
    const main = page.locator('main');
    assert.equal(await main.locator('.jh-filter-bar__more').getAttribute('open'), null);
    await main.getByLabel(en['scorecard.field.status'], { exact: true }).selectOption('ongoing');
    await main.locator('.jh-filter-bar__more > summary').click();
    await main.getByLabel(en['scorecard.field.kind'], { exact: true }).selectOption('meeting');
    await submit(main.getByRole('button', { name: en['common.filter'] }));
    assert.match(page.url(), /status=ongoing/);
    assert.match(page.url(), /kind=meeting/);
    const chips = main.locator('.ecl-tag--removable');
    assert.deepEqual(await chips.allTextContents(), [
      `${en['scorecard.field.status']}: ${en['scorecard.status.ongoing']}`,
      `${en['scorecard.field.kind']}: ${en['scorecard.kind.meeting']}`,
    ]);
    await Promise.all([
      page.waitForURL((url) => !url.search.includes('kind=')),
      chips.nth(1).click(),
    ]);
    assert.match(page.url(), /status=ongoing/);
    const statuses = await main.locator('table tbody tr').count();
    assert.ok(statuses > 0, 'ongoing activities are listed');

    await main.locator('.jh-filter-bar__save > summary').click();
    await main.getByLabel(en['views.save.name'], { exact: true }).fill('Ongoing work');
    await submit(main.getByRole('button', { name: en['views.save.submit'] }));
    assert.match(page.url(), /\/scorecard\?year=2017&status=ongoing&sort=title&direction=asc$/);
    const current = main.locator('.jh-filter-bar__views a[aria-current="true"]');
    assert.equal(((await current.textContent()) ?? '').trim(), 'Ongoing work');
    await screenshots(page, 'scorecard-filtered-member', { check: assertAccessible });

    await page.goto('/scorecard?year=2017');
    assert.equal(await main.locator('.jh-filter-bar__views a[aria-current="true"]').count(), 0);
    await Promise.all([
      page.waitForURL('**status=ongoing**'),
      main.locator('.jh-filter-bar__views').getByRole('link', { name: 'Ongoing work' }).click(),
    ]);
    assert.equal(await main.locator('table tbody tr').count(), statuses);
  });
});

for (const [role, email] of [
  ['secretariat', 'secretariat@emcdda.example.eu'],
  ['contact', 'contact@europol.example.eu'],
  ['observer', 'observer@home.example.eu'],
] as const) {
  describe(`search, scorecard and documents as ${role}`, () => {
    let guard: GuardedContext;
    let page: Page;

    before(async () => {
      guard = await guardedContext(browser, server, { viewport: { width: 1366, height: 900 } });
      page = await guard.newPage();
      await signIn(page, server.account(email));
    });
    after(async () => {
      guard.assertClean();
      await guard.close();
    });

    test('the pages read at 1366 and 390 px', async () => {
      for (const [name, url] of [
        ['search', '/search?q=network'],
        ['scorecard', '/scorecard?year=2017&status=ongoing'],
        ['documents', '/documents?q=network'],
      ] as const) {
        const response = await page.goto(url);
        assert.equal(response?.status(), 200, url);
        await screenshots(page, `${name}-${role}`, { check: assertAccessible });
      }
    });
  });
}
