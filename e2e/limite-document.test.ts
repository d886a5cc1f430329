import assert from 'node:assert/strict';
import { after, before, describe, test } from '../test/support/node-test.js';
import type { Browser, Page } from 'playwright-core';
import { en } from '../src/app/i18n/messages.en.js';
import { pdfWithText } from '../test/support/fixture-files.js';
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

const EUROPOL = 'contact@europol.example.eu';
const EUAA = 'contact@euaa.example.eu';
const FRONTEX = 'contact@frontex.example.eu';
/** A third agency, to which the document is not released. */
const EUROJUST = 'contact@eurojust.example.eu';

/** A word no demonstration record carries, so that every hit of it is the document's. */
const WORD = 'Kestrelmoor';
const FILE_NAME = `${WORD}_secondary_movements_note_FR.pdf`;
/** What the registration takes from the file's name when the title is left empty. */
const TITLE = `${WORD} secondary movements note`;
const PDF = pdfWithText([`${WORD}: routes of secondary movements observed in the spring`]);

let server: RunningServer;
let browser: Browser;
let documentPath = '';

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

// Either may be missing when the before hook failed; that failure is the one to report.
after(async () => {
  await (browser as Browser | undefined)?.close();
  await (server as RunningServer | undefined)?.stop();
});

/** A signed-in browser of one demo account, checked for foreign requests and script errors. */
async function as(email: string): Promise<{ guard: GuardedContext; page: Page }> {
  const guard = await guardedContext(browser, server, { viewport: { width: 1366, height: 900 } });
  const page = await guard.newPage();
  await signIn(page, server.account(email));
  return { guard, page };
}

/** The document titles the global search page lists for a word. */
async function searchHits(page: Page, word: string): Promise<string[]> {
  const response = await page.goto(`/search?q=${encodeURIComponent(word)}`);
  assert.equal(response?.status(), 200);
  return (await page.locator('main a[href^="/documents/"]').allTextContents()).map((t) => t.trim());
}

describe('a LIMITE document released to two agencies, which a third cannot find', () => {
  test('a contact point of Europol registers it, file first, clicking the two agencies', async () => {
    const { guard, page } = await as(EUROPOL);
    try {
      await page.goto('/documents/new');
      const main = page.locator('main');
      // The file comes first in the form; title and language are left for it to give.
      const firstField = main.locator('form input:not([type="hidden"]), form select').first();
      assert.equal(await firstField.getAttribute('id'), 'field-file');
      await page.locator('#field-file').setInputFiles({
        name: FILE_NAME,
        mimeType: 'application/pdf',
        buffer: PDF,
      });
      await page.locator('label[for="field-limite"]').click();
      assert.equal(await page.locator('#field-limite').isChecked(), true);
      const summary = main.locator('[data-summary-text]');
      assert.equal(((await summary.textContent()) ?? '').trim(), en['documents.summary.unchosen']);
      await main.getByText(en['documents.form.releasability.named'], { exact: true }).click();
      const releasedTo = main.locator('#field-releasedTo');
      await releasedTo.getByText('EUAA', { exact: true }).click();
      await releasedTo.getByText('Frontex', { exact: true }).click();
      assert.equal(
        ((await summary.textContent()) ?? '').trim(),
        'Released to EUAA and Frontex, besides the originator.',
      );
      await summary.scrollIntoViewIfNeeded();
      await screenshots(page, 'limite-form', { parts: true, check: assertAccessible });

      const response = await submit(
        main.getByRole('button', { name: en['documents.form.submit'] }),
      );
      assert.equal(response.status(), 200);
      assert.match(page.url(), /\/documents\/[0-9a-f-]{36}\?notice=registered$/);
      documentPath = new URL(page.url()).pathname;
      assert.equal(((await page.locator('h1').textContent()) ?? '').trim(), TITLE);
      const banners = page.locator('.jh-marking');
      assert.equal(await banners.count(), 2);
      assert.equal(
        ((await banners.first().textContent()) ?? '').trim(),
        'LIMITE · Releasable to EUAA, Europol, Frontex',
      );
      const details = (await main.textContent()) ?? '';
      assert.match(details, /French/);
      assert.match(details, /EUAA/);
      assert.match(details, /Frontex/);
      await screenshots(page, 'limite-document', { check: assertAccessible });
      guard.assertClean();
    } finally {
      await guard.close();
    }
  });

  test('a contact point of Eurojust finds it nowhere, and its address is a page not found', async () => {
    assert.ok(documentPath, 'the document was registered');
    const { guard, page } = await as(EUROJUST);
    try {
      await page.goto('/documents');
      assert.equal(await page.locator('main').getByText(TITLE).count(), 0);
      assert.deepEqual(await searchHits(page, WORD), []);

      await page.goto('/');
      const header = page.locator('header');
      await header.getByLabel(en['search.label'], { exact: true }).fill(WORD);
      const searched = await submit(header.getByRole('button', { name: en['search.submit'] }));
      assert.equal(searched.status(), 200);
      assert.equal(await page.locator('main a[href^="/documents/"]').count(), 0);
      assert.equal(await page.locator('main').getByText(TITLE).count(), 0);
      await screenshots(page, 'limite-search-eurojust', { check: assertAccessible });

      const response = await page.goto(documentPath);
      assert.equal(response?.status(), 404);
      assert.equal(
        ((await page.locator('h1').textContent()) ?? '').trim(),
        en['error.notFound.title'],
      );
      assert.equal(await page.getByText(TITLE).count(), 0);
      await assertAccessible(page);
      guard.assertClean();
    } finally {
      await guard.close();
    }
  });

  for (const email of [EUAA, FRONTEX])
    test(`${email} finds it in the list, in the search and at its address`, async () => {
      assert.ok(documentPath, 'the document was registered');
      const { guard, page } = await as(email);
      try {
        await page.goto('/documents');
        assert.equal(await page.locator('main').getByRole('link', { name: TITLE }).count(), 1);
        assert.deepEqual(await searchHits(page, WORD), [TITLE]);
        const response = await page.goto(documentPath);
        assert.equal(response?.status(), 200);
        assert.equal(((await page.locator('h1').textContent()) ?? '').trim(), TITLE);
        guard.assertClean();
      } finally {
        await guard.close();
      }
    });
});
