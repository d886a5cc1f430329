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

describe('a contact point adds an offer to the migration toolbox and the gap closes', () => {
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

  test('CEPOL offers a course on document fraud; the matrix shows it and the gap is gone', async () => {
    const guarded = await guardedContext(browser, server, {
      viewport: { width: 1366, height: 900 },
    });
    const page = await guarded.newPage();
    await signIn(page, server.account('contact@cepol.example.eu'));
    await page.goto('/toolboxes');
    await assertAccessible(page);
    await page.getByRole('link', { name: "JHA agencies' toolbox on migration" }).click();
    await page.waitForLoadState();
    const gaps = page.locator('[data-gaps]');
    assert.match((await gaps.textContent()) ?? '', /No offer covers: Document fraud\./);
    await screenshots(page, 'toolbox-matrix-before', { check: assertAccessible });

    await page.getByRole('link', { name: 'Add an offer' }).click();
    await page.waitForLoadState();
    await assertAccessible(page);
    await page.getByLabel('Kind').selectOption('training');
    await page.getByLabel('Title', { exact: true }).fill('Course on detecting document fraud');
    await page.getByLabel('Contact point', { exact: true }).fill('CEPOL training unit');
    await page.locator('label', { hasText: 'Document fraud' }).first().click();
    await screenshots(page, 'toolbox-offer-form');
    const saved = await submit(page.getByRole('button', { name: 'Create' }));
    assert.equal(saved.status(), 200);
    assert.match(await page.locator('main').innerText(), /The offer was saved\./);
    await screenshots(page, 'toolbox-offer', { check: assertAccessible });

    await page.getByRole('link', { name: 'Back to the toolbox' }).click();
    await page.waitForLoadState();
    assert.match(
      (await page.locator('[data-gaps]').textContent()) ?? '',
      /Every theme is covered by at least one offer\./,
    );
    const cell = page.locator('td', { hasText: 'Course on detecting document fraud' });
    assert.equal(await cell.count(), 1, 'the offer is in one cell of the matrix');
    await screenshots(page, 'toolbox-matrix-after', { check: assertAccessible });

    await page.getByRole('link', { name: 'Gaps and overlaps' }).click();
    await page.waitForLoadState();
    await screenshots(page, 'toolbox-analysis', { check: assertAccessible });
    guarded.assertClean();
    await guarded.close();
  });
});
