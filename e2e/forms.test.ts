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

const CONTACT = 'contact@eurojust.example.eu';
const SECRETARIAT = 'secretariat@emcdda.example.eu';

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

const save = (page: Page) =>
  submit(page.locator('main').getByRole('button', { name: en['common.save'] }));

describe('a contact point reports progress with a conflicting second tab', () => {
  let mine: GuardedContext;
  let theirs: GuardedContext;
  let contact: Page;
  let secretariat: Page;
  let activityPath: string;

  before(async () => {
    mine = await guardedContext(browser, server, { viewport: { width: 1366, height: 900 } });
    theirs = await guardedContext(browser, server, { viewport: { width: 1366, height: 900 } });
    contact = await mine.newPage();
    secretariat = await theirs.newPage();
    await signIn(contact, server.account(CONTACT));
    await signIn(secretariat, server.account(SECRETARIAT));
    await contact.goto('/scorecard?year=2017&agency=Eurojust&agencyRole=lead');
    await Promise.all([
      contact.waitForURL('**/scorecard/activities/**'),
      contact.locator('main table tbody tr td a').first().click(),
    ]);
    activityPath = new URL(contact.url()).pathname;
  });
  after(async () => {
    mine.assertClean();
    theirs.assertClean();
    await mine.close();
    await theirs.close();
  });

  test('the activity form comes in sections with a searchable list of priority lines', async () => {
    await contact.goto(`${activityPath}/edit`);
    await contact.getByRole('group', { name: en['scorecard.section.lines'] }).waitFor();
    const search = contact.getByLabel(`Search in “${en['scorecard.field.lines']}”`, {
      exact: true,
    });
    await search.fill('training');
    const shown = contact.locator('[data-picker] .ecl-checkbox:visible');
    const all = contact.locator('[data-picker] .ecl-checkbox');
    assert.ok((await shown.count()) > 0, 'some line speaks of training');
    assert.ok((await shown.count()) < (await all.count()), 'the search leaves lines out');
    await assertAccessible(contact);
    await screenshots(contact, 'activity-form', { parts: true });
    await search.fill('');
  });

  test('a save over the other tab’s change keeps it and asks only where both changed', async () => {
    await contact.goto(`${activityPath}/edit`);
    await contact
      .getByLabel(en['scorecard.field.description'], { exact: true })
      .fill('Eurojust: the handbook goes to print in May.');
    await contact
      .getByLabel(en['scorecard.field.tags'], { exact: true })
      .fill('judicial-cooperation');

    // Meanwhile the secretariat, in its own tab, changes the description and the assessment.
    await secretariat.goto(`${activityPath}/edit`);
    await secretariat
      .getByLabel(en['scorecard.field.description'], { exact: true })
      .fill('Secretariat: waiting for the printing budget.');
    await secretariat
      .getByLabel(en['scorecard.field.assessment'], { exact: true })
      .selectOption('amber');
    await secretariat
      .getByLabel(en['scorecard.field.assessmentReason'], { exact: true })
      .fill('The printing budget is not yet approved.');
    assert.equal((await save(secretariat)).status(), 200);

    const conflict = await save(contact);
    assert.equal(conflict.status(), 409);
    await contact.getByText(en['form.conflict.title']).waitFor();
    const merge = contact.locator('.jh-merge');
    assert.match(
      (await merge.locator('.jh-merge__conflict').textContent()) ?? '',
      /Description.*Secretariat: waiting.*Eurojust: the handbook/,
    );
    assert.match((await merge.textContent()) ?? '', /Assessment.*Amber: at risk/);
    // The secretariat's assessment is in the form: saving cannot revert it.
    assert.equal(
      await contact.getByLabel(en['scorecard.field.assessment'], { exact: true }).inputValue(),
      'amber',
    );
    assert.equal(
      await contact.getByLabel(en['scorecard.field.tags'], { exact: true }).inputValue(),
      'judicial-cooperation',
    );
    await assertAccessible(contact);
    await screenshots(contact, 'activity-merge', { parts: true });

    const unchosen = await save(contact);
    assert.equal(unchosen.status(), 400);
    await contact
      .locator('.ecl-notification--error')
      .getByText(/Choose which “Description”/)
      .waitFor();
    await contact.getByText(en['form.conflict.keepMine']).click();
    const saved = await save(contact);
    assert.equal(saved.status(), 200);
    assert.match(contact.url(), /\?saved=1$/);
    const details = (await contact.locator('main').textContent()) ?? '';
    assert.match(details, /Eurojust: the handbook goes to print in May\./);
    assert.match(details, /The printing budget is not yet approved\./);
    assert.match(details, /judicial-cooperation/);
  });

  test('a progress update posted over another one comes back with the other shown', async () => {
    await contact.goto(`${activityPath}/progress`);
    await contact
      .getByLabel(en['scorecard.progress.text'], { exact: true })
      .fill('Proofs received from the printer.');
    await secretariat.goto(`${activityPath}/progress`);
    await secretariat
      .getByLabel(en['scorecard.progress.text'], { exact: true })
      .fill('Budget approved by the network.');
    assert.equal(
      (
        await submit(
          secretariat.locator('main').getByRole('button', { name: en['scorecard.progress.post'] }),
        )
      ).status(),
      200,
    );
    const stale = await submit(
      contact.locator('main').getByRole('button', { name: en['scorecard.progress.post'] }),
    );
    assert.equal(stale.status(), 409);
    await contact.getByText('Budget approved by the network.').waitFor();
    assert.equal(
      await contact.getByLabel(en['scorecard.progress.text'], { exact: true }).inputValue(),
      'Proofs received from the printer.',
    );
    await assertAccessible(contact);
    await screenshots(contact, 'progress-conflict', { parts: true });
    const posted = await submit(
      contact.locator('main').getByRole('button', { name: en['scorecard.progress.post'] }),
    );
    assert.equal(posted.status(), 200);
    await contact.getByText('Proofs received from the printer.').waitFor();
    await contact.getByText('Budget approved by the network.').waitFor();
  });
});

describe('the document forms, as a contact point of Europol', () => {
  test('the registration form starts with the file and offers the lines in a picker', async () => {
    const guard = await guardedContext(browser, server, { viewport: { width: 1366, height: 900 } });
    try {
      const page = await guard.newPage();
      await signIn(page, server.account('contact@europol.example.eu'));
      const response = await page.goto('/documents/new');
      assert.equal(response?.status(), 200);
      const order = await page.evaluate(() => {
        const inputs = (
          globalThis as unknown as {
            document: { querySelectorAll(s: string): Iterable<{ name: string }> };
          }
        ).document.querySelectorAll('main input, main select');
        return [...inputs].map((input) => input.name).filter((name) => name !== '_csrf');
      });
      assert.deepEqual(order.slice(0, 3), ['file', 'language', 'title']);
      await page
        .getByLabel(`Search in “${en['documents.form.priorityLines']}”`, { exact: true })
        .fill('training');
      await assertAccessible(page);
      await screenshots(page, 'document-register', { parts: true });
      guard.assertClean();
    } finally {
      await guard.close();
    }
  });
});
