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

const ADMIN = 'secretariat@emcdda.example.eu';
const YEAR = 2017;
const TITLE = 'Browser test <b>activity</b> on the timeline';

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

/** Opens a page, checks its status and its one heading, and runs axe on it. */
async function visit(page: Page, url: string, heading: string): Promise<void> {
  const response = await page.goto(url);
  assert.equal(response?.status(), 200, `status of ${url}\n${server.output().slice(-3000)}`);
  const headings = await page.locator('h1').allTextContents();
  assert.deepEqual(
    headings.map((h) => h.trim()),
    [heading],
    `h1 of ${url}`,
  );
  await assertAccessible(page);
}

const title = (key: keyof typeof en) => en[key].replace('{year}', String(YEAR));

describe('the scorecard views, signed in as the network administrator', () => {
  let guard: GuardedContext;
  let page: Page;

  before(async () => {
    guard = await guardedContext(browser, server);
    page = await guard.newPage();
    await signIn(page, server.account(ADMIN));
    // An activity of our own, so that every view has something to show whatever the demo holds.
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const created = await page.request.post('/api/activities', {
      headers: { 'x-csrf-token': csrf },
      data: {
        year: YEAR,
        title: TITLE,
        lines: ['1.1.3', '2.2.1'],
        lead: 'Europol',
        participants: ['Frontex'],
        kind: 'meeting',
        plannedStart: `${String(YEAR)}-03-01`,
        plannedEnd: `${String(YEAR)}-09-30`,
        assessment: 'green',
      },
    });
    assert.equal(created.status(), 201, await created.text());
  });
  after(async () => {
    guard.assertClean();
    await guard.close();
  });

  test('per agency is accessible and links to the filtered scorecard', async () => {
    await visit(
      page,
      `/scorecard/agencies?year=${String(YEAR)}`,
      title('scorecardViews.agencies.title'),
    );
    const link = page.locator('main a[href*="agency=Europol"][href*="agencyRole=lead"]');
    assert.ok((await link.count()) >= 1);
    guard.assertClean();
  });

  test('coverage is accessible and marks the lines with no activity', async () => {
    await visit(
      page,
      `/scorecard/coverage?year=${String(YEAR)}`,
      title('scorecardViews.coverage.title'),
    );
    assert.ok((await page.locator('main a[href*="line=1.1.3"]').count()) >= 1);
    const gaps = await page.getByText(en['scorecardViews.coverage.gap'], { exact: true }).count();
    assert.ok(gaps > 0, 'the 2017 priorities have lines no activity serves');
    guard.assertClean();
  });

  test('the timeline is accessible, shows the activity and keeps its text as text', async () => {
    for (const by of ['section', 'lead']) {
      await visit(
        page,
        `/scorecard/timeline?year=${String(YEAR)}&by=${by}`,
        title('scorecardViews.timeline.title'),
      );
      // Each chart is drawn for a wide and for a narrow screen; the stylesheet shows one.
      const chart = page.locator('main svg[role="img"]:visible');
      assert.equal(await chart.count(), 1);
      assert.equal(await chart.locator('b').count(), 0, 'a title is never markup');
      await page.locator('main table').getByText(TITLE).waitFor();
    }
    guard.assertClean();
  });

  test('the dashboard draws its charts without breaking the content security policy', async () => {
    await visit(
      page,
      `/scorecard/dashboard?year=${String(YEAR)}`,
      title('scorecardViews.dashboard.title'),
    );
    assert.equal(await page.locator('main figure svg[role="img"]:visible').count(), 3);
    assert.equal(await page.locator('main figure table').count(), 3);
    // The axis labels are drawn: a chart whose text the policy blocked would still count 0 here.
    const box = await page.locator('main figure svg:visible text').first().boundingBox();
    assert.ok(box && box.height > 0);
    await visit(
      page,
      `/scorecard/dashboard?year=${String(YEAR)}&asOf=${String(YEAR)}-06-30`,
      title('scorecardViews.dashboard.title'),
    );
    guard.assertClean();
  });

  test('the tabs lead from one view to the next', async () => {
    await page.goto(`/scorecard/agencies?year=${String(YEAR)}`);
    const tabs = page.getByRole('navigation', { name: en['scorecard.tab.label'] });
    await Promise.all([
      page.waitForURL('**/scorecard/dashboard?**'),
      tabs.getByRole('link', { name: en['scorecard.tab.dashboard'] }).click(),
    ]);
    assert.equal(
      await tabs.locator('a[aria-current="page"]').textContent(),
      en['scorecard.tab.dashboard'],
    );
    guard.assertClean();
  });
});
