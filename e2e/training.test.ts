import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { en } from '../src/app/i18n/messages.en.js';
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

/** Frontex's contact point enters the trainings Frontex organises. */
const CONTACT = 'contact@frontex.example.eu';
const SECRETARIAT = 'secretariat@emcdda.example.eu';

/** The likely duplicate pair the demo's 2017 matrix holds. */
const CEPOL_COURSE = 'Trafficking in human beings: identification of victims';
const EUROPOL_WEBINAR = 'Identifying victims of trafficking in human beings';

/** Types a day into a date field and leaves it, which closes the datepicker's calendar. */
async function typeDay(field: Locator, day: string): Promise<void> {
  await field.fill(day);
  await field.press('Tab');
}

/**
 * Opens a register from the site's menu as a person does: the menu behind its button on a phone,
 * then the "Registers" entry (its caret on a phone), then the register among its sub-items.
 */
async function openFromMenu(page: Page, label: string): Promise<void> {
  const menu = page.locator('nav.ecl-menu');
  await page.locator('nav.ecl-menu[data-ecl-auto-initialized="true"]').waitFor();
  const registers = menu
    .locator('[data-ecl-menu-item]')
    .filter({ has: page.getByRole('link', { name: en['nav.registers'], exact: true }) });
  if (await registers.isVisible()) {
    // On a wide screen the sub-items open under the entry the pointer rests on.
    await registers.hover();
  } else {
    await menu.locator('[data-ecl-menu-open]').click();
    await registers.locator('[data-ecl-menu-caret]').click();
  }
  const link = registers.getByRole('link', { name: label, exact: true });
  await link.waitFor({ state: 'visible' });
  await link.click();
  await page.waitForLoadState();
}

async function tick(page: Page, group: string, label: string): Promise<void> {
  await page.getByRole('group', { name: group }).getByText(label, { exact: true }).click();
}

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

describe('a contact point enters a training like others and saves it anyway', () => {
  for (const width of [1366, 390] as const) {
    test(`at ${String(width)} px, Frontex enters a course the warning finds alike`, async () => {
      const title = `Identification of victims of trafficking (${String(width)})`;
      const guarded = await guardedContext(browser, server, {
        viewport: { width, height: 900 },
      });
      const page = await guarded.newPage();
      await signIn(page, server.account(CONTACT));

      await openFromMenu(page, en['nav.training']);
      assert.equal(new URL(page.url()).pathname, '/training');
      await assertAccessible(page);
      if (width === 1366) await screenshots(page, 'training-list', { check: assertAccessible });

      await page.getByRole('link', { name: en['training.new'] }).click();
      await page.waitForLoadState();
      assert.equal(new URL(page.url()).pathname, '/training/new');
      await assertAccessible(page);
      await page.getByLabel(en['training.field.title'], { exact: true }).fill(title);
      await page.getByLabel(en['training.field.kind'], { exact: true }).selectOption('residential');
      await tick(page, en['training.field.topics'], en['training.topic.trafficking']);
      await page
        .getByLabel(en['training.field.audience'], { exact: true })
        .selectOption('law-enforcement');
      await typeDay(page.getByLabel(en['training.field.startOn'], { exact: true }), '16-05-2017');
      await typeDay(page.getByLabel(en['training.field.endOn'], { exact: true }), '18-05-2017');
      await page.getByLabel(en['training.field.place'], { exact: true }).fill('Warsaw, PL');
      await tick(page, en['training.field.languages'], 'English (en)');

      const warned = await submit(page.getByRole('button', { name: en['common.save'] }));
      assert.equal(new URL(page.url()).pathname, '/training/new', 'nothing stored yet');
      assert.ok(warned.status() >= 400, `the warning answers an error, not ${warned.status()}`);
      const warning = page.locator('#duplicates');
      assert.match(
        (await warning.textContent()) ?? '',
        new RegExp(en['training.duplicates.warning']),
      );
      assert.ok(
        await warning.locator('.ecl-notification--warning').isVisible(),
        'a warning, not an error',
      );
      assert.equal(await page.locator('.ecl-notification--error').count(), 0, 'no error summary');
      const candidates = (await warning.locator('li a').allTextContents()).map((t) => t.trim());
      assert.ok(candidates.includes(CEPOL_COURSE), `CEPOL's course among ${candidates.join('; ')}`);
      assert.ok(candidates.includes(EUROPOL_WEBINAR), `Europol's webinar among the candidates`);
      assert.equal(
        await page.getByLabel(en['training.field.title'], { exact: true }).inputValue(),
        title,
        'the form keeps what was typed',
      );
      if (width === 1366) {
        await screenshots(page, 'training-form-warning', { check: assertAccessible, parts: true });
      } else {
        await assertAccessible(page);
      }

      const saved = await submit(
        warning.getByRole('button', { name: en['training.duplicates.saveAnyway'] }),
      );
      assert.equal(saved.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/training\/[^/]+$/);
      assert.equal(((await page.locator('h1').textContent()) ?? '').trim(), title);
      assert.match(await page.locator('main').innerText(), new RegExp(en['common.saved']));
      await assertAccessible(page);

      await page.getByRole('link', { name: en['training.back'] }).click();
      await page.waitForLoadState();
      await page.getByLabel(en['training.search'], { exact: true }).fill('Identification');
      await submit(page.getByRole('button', { name: en['common.filter'] }));
      const listed = (await page.locator('main table tbody a').allTextContents()).map((t) =>
        t.trim(),
      );
      assert.ok(listed.includes(title), `the list holds the new training: ${listed.join('; ')}`);
      await assertAccessible(page);
      guarded.assertClean();
      await guarded.close();
    });
  }
});

describe('the secretariat sees the likely duplicates of 2017', () => {
  test('the demo pair is listed across the network', async () => {
    const guarded = await guardedContext(browser, server, {
      viewport: { width: 1366, height: 900 },
    });
    const page = await guarded.newPage();
    await signIn(page, server.account(SECRETARIAT));
    // Every section of the secretariat's menu fits a laptop's width: no scroll arrow.
    await page.locator('nav.ecl-menu[data-ecl-auto-initialized="true"]').waitFor();
    assert.equal(await page.locator('.ecl-menu__inner--has-overflow').count(), 0);
    await openFromMenu(page, en['nav.training']);
    await page.getByRole('link', { name: en['training.view.duplicates'] }).click();
    await page.waitForLoadState();
    assert.equal(new URL(page.url()).pathname, '/training/duplicates');
    const pairs = page.locator('main table tbody tr');
    const rows = (await pairs.allInnerTexts()).join('\n');
    assert.match(rows, new RegExp(CEPOL_COURSE.replace(/[:]/g, '\\$&')));
    assert.match(rows, new RegExp(EUROPOL_WEBINAR));
    const pair = pairs.filter({ hasText: CEPOL_COURSE }).filter({ hasText: EUROPOL_WEBINAR });
    assert.equal(await pair.count(), 1, 'the two trainings are one pair');
    assert.match(await pair.innerText(), /Title 80\u00a0%, topics 100\u00a0%/);
    await screenshots(page, 'training-duplicates', { check: assertAccessible });
    guarded.assertClean();
    await guarded.close();
  });
});
