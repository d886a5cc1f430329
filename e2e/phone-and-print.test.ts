import assert from 'node:assert/strict';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from 'playwright-core';
import { after, before, describe, test } from '../test/support/node-test.js';
import { en } from '../src/app/i18n/messages.en.js';
import { assertAccessible } from './support/axe.js';
import { screenshot } from './support/screenshots.js';
import {
  guardedContext,
  launchBrowser,
  signIn,
  startServer,
  type GuardedContext,
  type RunningServer,
} from './support/browser.js';

const ADMIN = 'secretariat@emcdda.example.eu';
const MEMBER = 'analyst@europol.example.eu';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

/** The pages a reader goes through most, each with its expected heading. */
const tour = [
  { name: 'home', url: '/' },
  { name: 'scorecard', url: '/scorecard?year=2017' },
  { name: 'dashboard', url: '/scorecard/dashboard?year=2017' },
  { name: 'timeline', url: '/scorecard/timeline?year=2017' },
  { name: 'documents', url: '/documents' },
];

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

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (
      globalThis as unknown as {
        document: { documentElement: { scrollWidth: number; clientWidth: number } };
      }
    ).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

/** The first document the user may open, found through the register. */
async function firstDocumentUrl(page: Page): Promise<string | null> {
  await page.goto('/documents');
  const link = page.locator('main table a[href^="/documents/"]').first();
  return (await link.count()) > 0 ? link.getAttribute('href') : null;
}

for (const email of [ADMIN, MEMBER]) {
  const role = email === ADMIN ? 'secretariat' : 'member';
  for (const viewport of [DESKTOP, PHONE]) {
    describe(`the ${role}'s pages at ${String(viewport.width)} px`, () => {
      let guard: GuardedContext;
      let page: Page;
      before(async () => {
        guard = await guardedContext(browser, server, { viewport, timezoneId: 'Europe/Brussels' });
        page = await guard.newPage();
        await signIn(page, server.account(email));
      });
      after(async () => {
        guard.assertClean();
        await guard.close();
      });

      test('no page scrolls sideways, axe finds nothing, every page below home has a breadcrumb', async () => {
        const documentUrl = await firstDocumentUrl(page);
        const pages = [
          ...tour,
          ...(documentUrl ? [{ name: 'document', url: documentUrl }] : []),
          ...(email === ADMIN ? [{ name: 'audit', url: '/audit' }] : []),
        ];
        for (const { name, url } of pages) {
          const response = await page.goto(url);
          assert.equal(response?.status(), 200, url);
          assert.equal(await horizontalOverflow(page), 0, `${url} scrolls sideways`);
          const crumbs = page.locator('nav.ecl-breadcrumb');
          assert.equal(await crumbs.count(), url === '/' ? 0 : 1, `breadcrumb of ${url}`);
          if (url !== '/') {
            assert.equal(
              await crumbs.locator('a').first().textContent(),
              en['nav.home'],
              `the breadcrumb of ${url} starts at home`,
            );
          }
          const serif = await page.locator('body *').evaluateAll((elements) =>
            elements
              .map(
                (element) =>
                  (
                    globalThis as unknown as {
                      getComputedStyle(e: unknown): { fontFamily: string };
                    }
                  ).getComputedStyle(element).fontFamily,
              )
              .filter((family) => !/sans-serif|monospace/.test(family)),
          );
          assert.deepEqual([...new Set(serif)], [], `${url} sets text in a serif font`);
          await assertAccessible(page);
          await screenshot(page, `${role}-${String(viewport.width)}-${name}`, { fullPage: false });
        }
      });

      if (email === ADMIN) {
        test("the audit log shows its moments in the reader's time zone, named", async () => {
          await page.goto('/audit');
          const moment = page.locator('main time[data-local-time]').first();
          assert.match((await moment.textContent()) ?? '', /Central European Standard Time/);
        });
      }

      if (viewport === PHONE) {
        test('the menu opens and closes by click and by keyboard', async () => {
          await page.goto('/scorecard?year=2017');
          const menu = page.locator('nav.ecl-menu');
          const open = menu.locator('[data-ecl-menu-open]');
          const scorecardLink = menu.getByRole('link', { name: en['nav.scorecard'] });
          await page.locator('nav.ecl-menu[data-ecl-auto-initialized="true"]').waitFor();
          assert.equal(await scorecardLink.isVisible(), false, 'closed at first');

          await open.click();
          await scorecardLink.waitFor({ state: 'visible' });
          assert.equal(await menu.getAttribute('aria-expanded'), 'true');
          await assertAccessible(page);
          await screenshot(page, `${role}-390-menu-open`, { fullPage: false });
          await menu.locator('[data-ecl-menu-close]').click();
          await scorecardLink.waitFor({ state: 'hidden' });

          await open.focus();
          await page.keyboard.press('Enter');
          await scorecardLink.waitFor({ state: 'visible' });
          await page.keyboard.press('Escape');
          await scorecardLink.waitFor({ state: 'hidden' });
          assert.equal(await menu.getAttribute('aria-expanded'), 'false');
        });

        test('a table is a list of cards, each row shorter than one label per line', async () => {
          await page.goto('/scorecard?year=2017');
          const row = page.locator('main table.jh-table-cards tbody tr').first();
          const cells = await row.locator('td').count();
          const heights = await row
            .locator('td')
            .evaluateAll((tds) =>
              tds.map((td) => (td as unknown as { offsetTop: number }).offsetTop),
            );
          const lines = new Set(heights).size;
          assert.ok(lines < cells, `${String(cells)} cells take ${String(lines)} lines`);
        });
      } else {
        test('the menu is a row of links with the current section marked', async () => {
          await page.goto('/scorecard/dashboard?year=2017');
          const current = page.locator('nav.ecl-menu a[aria-current="page"]');
          assert.equal(await current.textContent(), en['nav.scorecard']);
          assert.ok(await current.isVisible());
        });
      }
    });
  }
}

describe('the dashboard on paper', () => {
  let guard: GuardedContext;
  let page: Page;
  before(async () => {
    guard = await guardedContext(browser, server, { viewport: DESKTOP });
    page = await guard.newPage();
    await signIn(page, server.account(MEMBER));
    await page.goto('/scorecard/dashboard?year=2017');
  });
  after(async () => {
    guard.assertClean();
    await guard.close();
  });

  test('print media shows no buttons, forms or addresses after links', async () => {
    await page.emulateMedia({ media: 'print' });
    const controls = page.locator('button, .ecl-button, input:not([type="hidden"]), select, form');
    let shownControls = 0;
    for (const control of await controls.all()) if (await control.isVisible()) shownControls += 1;
    // What a link's ::after would print, for example ECL's print style's "(href)".
    const linkSuffixes = await page.locator('main a').evaluateAll((links) =>
      links
        .map(
          (link) =>
            (
              globalThis as unknown as {
                getComputedStyle(e: unknown, pseudo: string): { content: string };
              }
            ).getComputedStyle(link, '::after').content,
        )
        .filter((content) => content !== 'none' && content !== 'normal'),
    );
    const visible = { buttons: shownControls, urls: linkSuffixes.length };
    assert.deepEqual(visible, { buttons: 0, urls: 0 });
    await screenshot(page, 'member-print-dashboard', { fullPage: true });
    await page.emulateMedia({ media: null });
  });

  test('every printed page carries the title, the day and the marking', async () => {
    const pdf = await page.pdf({ format: 'A4' });
    const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
    assert.ok(document.numPages >= 2, 'the dashboard takes more than one page');
    const title = en['scorecardViews.dashboard.title'].replace('{year}', '2017');
    for (let number = 1; number <= document.numPages; number += 1) {
      const content = await (await document.getPage(number)).getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
      assert.ok(text.includes(title), `page ${String(number)} has the title`);
      assert.ok(
        text.includes(en['print.noMarking']),
        `page ${String(number)} has the marking: ${text.slice(0, 300)}`,
      );
      assert.match(text, /Printed on \d{1,2} \w+ \d{4}/, `page ${String(number)} has the day`);
      assert.ok(!/https?:\/\//.test(text), `page ${String(number)} shows no address`);
    }
  });
});
