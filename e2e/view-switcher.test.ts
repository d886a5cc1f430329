import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from '../test/support/node-test.js';
import type { Browser, Locator, Page } from 'playwright-core';
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

const ADMIN = 'secretariat@emcdda.example.eu';

/** Where the screenshots go, for a person to look at. */
const SHOTS = process.env.JHANET_SCREENSHOTS ?? path.join(tmpdir(), 'jhanet-screenshots');

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

async function open(page: Page, url: string): Promise<void> {
  const response = await page.goto(url);
  assert.equal(response?.status(), 200, `status of ${url}\n${server.output().slice(-3000)}`);
}

/** The views marked as the current one: there must be exactly one. */
async function currentView(switcher: Locator): Promise<string> {
  const current = switcher.locator('a[aria-current="page"]');
  assert.equal(await current.count(), 1, 'one view is the current one');
  return ((await current.textContent()) ?? '').trim();
}

/** The query of a link, as name=value pairs. */
async function queryOf(link: Locator): Promise<Record<string, string>> {
  const href = await link.getAttribute('href');
  assert.ok(href, 'the link has an address');
  return Object.fromEntries(new URL(href, 'http://localhost').searchParams);
}

/** What the checks read of the page: the DOM's types are not part of the tests' build. */
interface Box {
  scrollWidth: number;
  clientWidth: number;
}
interface Switcher extends Box {
  contains(node: unknown): boolean;
  querySelectorAll(selector: string): Iterable<{ getBoundingClientRect(): { right: number } }>;
}
interface Window {
  document: { activeElement: unknown; documentElement: Box };
  getComputedStyle(element: unknown): {
    outlineStyle: string;
    outlineWidth: string;
    outlineColor: string;
    boxShadow: string;
  };
}

/**
 * Tabs through the page from its top until a link of the switcher has the focus, and checks
 * that the focus shows: an outline of at least 1 px that is not transparent, or a ring.
 */
async function assertKeyboardReachable(page: Page, switcher: Locator): Promise<void> {
  await page.locator('body').focus();
  for (let step = 0; step < 80; step++) {
    await page.keyboard.press('Tab');
    const inside = await switcher.evaluate((nav) => {
      const { document } = globalThis as unknown as Window;
      return (nav as unknown as Switcher).contains(document.activeElement);
    });
    if (!inside) continue;
    const shown = await page.evaluate(() => {
      const window = globalThis as unknown as Window;
      const style = window.getComputedStyle(window.document.activeElement);
      const outline =
        style.outlineStyle !== 'none' &&
        parseFloat(style.outlineWidth) >= 1 &&
        !style.outlineColor.endsWith(', 0)');
      return outline || style.boxShadow !== 'none';
    });
    assert.ok(shown, 'the focused view link shows its focus');
    return;
  }
  assert.fail('no link of the view switcher was reached with the Tab key');
}

/** At a phone's width the switcher and the page stay within the screen, every view in sight. */
async function assertFitsPhone(page: Page, switcher: Locator): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  const sizes = await switcher.evaluate((element) => {
    const nav = element as unknown as Switcher;
    const root = (globalThis as unknown as Window).document.documentElement;
    return {
      navScroll: nav.scrollWidth,
      navClient: nav.clientWidth,
      pageScroll: root.scrollWidth,
      pageClient: root.clientWidth,
      rightmost: Math.max(
        ...[...nav.querySelectorAll('a')].map((a) => a.getBoundingClientRect().right),
      ),
    };
  });
  assert.ok(sizes.navScroll <= sizes.navClient, `switcher overflows: ${JSON.stringify(sizes)}`);
  assert.ok(sizes.pageScroll <= sizes.pageClient, `page overflows: ${JSON.stringify(sizes)}`);
  assert.ok(sizes.rightmost <= 390, `a view runs past the screen: ${JSON.stringify(sizes)}`);
  await page.setViewportSize({ width: 1366, height: 900 });
}

async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${String(width)}.png`) });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

describe('one view switcher, on the scorecard and on the meetings', () => {
  let guard: GuardedContext;
  let page: Page;

  before(async () => {
    guard = await guardedContext(browser, server);
    page = await guard.newPage();
    await signIn(page, server.account(ADMIN));
  });
  after(async () => {
    guard.assertClean();
    await guard.close();
  });

  test('the scorecard: the current view is marked, switching keeps the filters', async () => {
    await open(page, '/scorecard/agencies?year=2017&status=ongoing&agency=Europol');
    const switcher = page.getByRole('navigation', { name: en['scorecard.tab.label'] });
    assert.equal(await currentView(switcher), en['scorecard.tab.agencies']);
    const views = [
      en['scorecard.tab.table'],
      en['scorecard.tab.agencies'],
      en['scorecard.tab.coverage'],
      en['scorecard.tab.timeline'],
      en['scorecard.tab.dashboard'],
    ];
    assert.deepEqual(
      (await switcher.getByRole('link').allTextContents()).map((text) => text.trim()),
      views,
    );
    for (const link of await switcher.getByRole('link').all()) {
      const query = await queryOf(link);
      assert.equal(query.year, '2017');
      assert.equal(query.status, 'ongoing');
      assert.equal(query.agency, 'Europol');
    }
    await assertAccessible(page);
    await assertKeyboardReachable(page, switcher);
    await assertFitsPhone(page, switcher);
    await screenshots(page, 'view-switcher-scorecard');

    await Promise.all([
      page.waitForURL('**/scorecard/timeline?**'),
      switcher.getByRole('link', { name: en['scorecard.tab.timeline'] }).click(),
    ]);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/scorecard/timeline');
    assert.equal(url.searchParams.get('status'), 'ongoing');
    assert.equal(url.searchParams.get('agency'), 'Europol');
    assert.equal(url.searchParams.get('year'), '2017');
    assert.equal(await currentView(switcher), en['scorecard.tab.timeline']);
    // The timeline's filters read what the table had: the status chosen is still chosen.
    assert.equal(
      await page.getByLabel(en['scorecard.field.status'], { exact: true }).inputValue(),
      'ongoing',
    );
    await assertFitsPhone(page, switcher);
    guard.assertClean();
  });

  test('the meetings: a list or a month, the year kept both ways', async () => {
    await open(page, '/meetings?year=2017&kind=network');
    const switcher = page.getByRole('navigation', { name: en['meetings.views'] });
    assert.equal(await currentView(switcher), en['meetings.listView']);
    assert.deepEqual(await queryOf(switcher.getByRole('link', { name: en['meetings.listView'] })), {
      year: '2017',
      kind: 'network',
    });
    await assertAccessible(page);
    await assertKeyboardReachable(page, switcher);
    await assertFitsPhone(page, switcher);
    await screenshots(page, 'view-switcher-meetings-list');

    await Promise.all([
      page.waitForURL('**/meetings/calendar?**'),
      switcher.getByRole('link', { name: en['meetings.monthView'] }).click(),
    ]);
    assert.equal(new URL(page.url()).searchParams.get('month'), '2017-01');
    assert.equal(await currentView(switcher), en['meetings.monthView']);
    assert.equal(
      ((await page.locator('h1').textContent()) ?? '').trim(),
      en['meetings.month'].replace('{month}', 'January 2017'),
    );
    await assertAccessible(page);
    await assertFitsPhone(page, switcher);
    await screenshots(page, 'view-switcher-meetings-month');

    await Promise.all([
      page.waitForURL('**/meetings?**'),
      switcher.getByRole('link', { name: en['meetings.listView'] }).click(),
    ]);
    assert.equal(new URL(page.url()).searchParams.get('year'), '2017');
    assert.equal(await currentView(switcher), en['meetings.listView']);
    assert.equal(await page.getByLabel(en['meetings.year'], { exact: true }).inputValue(), '2017');
    guard.assertClean();
  });
});
