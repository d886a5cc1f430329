import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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

const CONTACT = 'contact@europol.example.eu';
const TITLE = 'Firearms trafficking situation report';
const PDF = pdfWithText(['Converted alarm pistols reach the market through parcel services']);

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

describe('documents in the browser, as a contact point of Europol', () => {
  let guard: GuardedContext;
  let page: Page;
  let documentUrl = '';

  before(async () => {
    guard = await guardedContext(browser, server);
    page = await guard.newPage();
    await signIn(page, server.account(CONTACT));
  });
  after(async () => {
    guard.assertClean();
    await guard.close();
  });

  test('the list and the registration form are accessible', async () => {
    const response = await page.goto('/documents');
    assert.equal(response?.status(), 200);
    await assertAccessible(page);
    await Promise.all([
      page.waitForURL('**/documents/new'),
      page.locator('main').getByRole('link', { name: en['documents.register'] }).click(),
    ]);
    await assertAccessible(page);
  });

  test('a document registered with a PDF opens with its banner and downloads as sent', async () => {
    await page.goto('/documents/new');
    await page.getByLabel(en['documents.form.title'], { exact: true }).fill(TITLE);
    await page.locator('label[for="field-limite"]').click();
    await page.getByText(en['documents.form.releasability.network'], { exact: true }).click();
    await page.getByLabel(en['documents.form.tlp'], { exact: true }).selectOption('amber');
    await page.locator('#field-file').setInputFiles({
      name: 'firearms.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    const response = await submit(
      page.locator('main').getByRole('button', { name: en['documents.form.submit'] }),
    );
    assert.equal(response.status(), 200);
    assert.match(page.url(), /\/documents\/[0-9a-f-]{36}\?notice=registered$/);
    documentUrl = new URL(page.url()).pathname;
    assert.equal(((await page.locator('h1').textContent()) ?? '').trim(), TITLE);
    const banners = page.locator('.jh-marking');
    assert.equal(await banners.count(), 2);
    assert.equal(((await banners.first().textContent()) ?? '').trim(), 'LIMITE · TLP:AMBER');
    await assertAccessible(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .locator('main')
        .getByRole('link', { name: en['documents.download'], exact: true })
        .click(),
    ]);
    assert.equal(download.suggestedFilename(), 'firearms.pdf');
    assert.deepEqual(await readFile(await download.path()), PDF);
  });

  test('the document is found by a word of its text', async () => {
    // The text is read after the upload has answered: the page says so until it is there.
    const pending = page.getByText(en['documents.versions.text.pending'], { exact: true });
    for (let attempt = 1; ; attempt += 1) {
      await page.goto(documentUrl);
      if ((await pending.count()) === 0) break;
      assert.ok(attempt < 150, 'the text was never extracted');
      await page.waitForTimeout(200);
    }
    await page.goto('/documents');
    await page.getByLabel(en['documents.searchLabel'], { exact: true }).fill('pistols');
    const response = await submit(
      page.locator('main').getByRole('button', { name: en['documents.searchSubmit'] }),
    );
    assert.equal(response.status(), 200);
    const link = page.locator('main table').getByRole('link', { name: TITLE });
    assert.equal(await link.count(), 1);
    assert.equal(await page.locator('main table mark').first().textContent(), 'pistols');
    await assertAccessible(page);
    await Promise.all([page.waitForURL(`**${documentUrl}`), link.click()]);
    assert.equal(await page.locator('.jh-marking').count(), 2);
  });

  test('the EUCI agreement page is accessible', async () => {
    const response = await page.goto('/euci');
    assert.equal(response?.status(), 200);
    await assertAccessible(page);
  });
});

describe('the EUCI agreement page, as an administrator', () => {
  test('records a signature on a form of its own, with the day typed day first', async () => {
    const admin = server.accounts.find((a) => a.role === 'admin');
    assert.ok(admin, 'the demo has an administrator');
    const guard = await guardedContext(browser, server);
    try {
      const page = await guard.newPage();
      await signIn(page, admin);
      await page.goto('/euci');
      await assertAccessible(page);
      await Promise.all([
        page.waitForURL(/\/euci\/[0-9a-f-]{36}\/sign$/),
        page
          .locator('main')
          .getByRole('link', { name: /^Record the signature/ })
          .first()
          .click(),
      ]);
      const day = page.getByLabel(en['euci.signedOn'], { exact: true });
      assert.equal(await day.getAttribute('type'), 'text');
      assert.match((await day.inputValue()) || '', /^\d{2}-\d{2}-\d{4}$/);
      await assertAccessible(page);
      guard.assertClean();
    } finally {
      await guard.close();
    }
  });
});
