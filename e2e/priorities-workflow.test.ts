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
  submit,
  startServer,
  type GuardedContext,
  type RunningServer,
} from './support/browser.js';

const ADMIN = 'secretariat@emcdda.example.eu';
const CONTACT = 'contact@frontex.example.eu';
const YEAR = '2018';
const VERSION = `/priorities/${YEAR}/versions/1`;

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

/** Clicks a submit button and waits for the page the form leads to (after any redirect). */
/** Opens a page, checks its status and its one h1, and runs axe on it. */
async function visit(page: Page, url: string, heading: string, status = 200): Promise<void> {
  const response = await page.goto(url);
  assert.ok(response, `no response for ${url}`);
  assert.equal(response.status(), status, `status of ${url}\n${server.output().slice(-3000)}`);
  const headings = await page.locator('h1').allTextContents();
  assert.deepEqual(
    headings.map((h) => h.trim()),
    [heading],
    `h1 of ${url}`,
  );
  await assertAccessible(page);
}

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

describe('the priorities workflow in the browser', () => {
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

  test('the secretariat starts a draft through the form', async () => {
    await visit(page, '/priorities/new', en['priorities.draft.title']);
    await page.getByLabel(en['priorities.draft.year'], { exact: true }).fill(YEAR);
    await submit(page.locator('main').getByRole('button', { name: en['priorities.draft.submit'] }));
    assert.equal(new URL(page.url()).pathname, `${VERSION}/edit`);
    await page.getByText(en['common.saved']).waitFor();
    guard.assertClean();
  });

  test('the drafting pages are accessible', async () => {
    const name = fill(en['priorities.edit.versionName'], { version: '1', year: YEAR });
    await visit(page, `${VERSION}/edit`, fill(en['priorities.edit.title'], { name }));
    await visit(
      page,
      `${VERSION}/sections/1.1/edit`,
      fill(en['priorities.edit.sectionTitle'], {
        number: '1.1',
        title: 'Migration, asylum and border management',
      }),
    );
    const editLine = page.locator(`main a[href$="/edit"][href*="/lines/"]`).first();
    const href = (await editLine.getAttribute('href')) ?? '';
    await visit(page, href, fill(en['priorities.edit.lineTitle'], { section: '1.1', number: '1' }));
    await visit(page, href.replace(/\/edit$/, '/remove'), en['priorities.edit.removeTitle']);
    await visit(page, `${VERSION}/delete`, en['priorities.delete.title']);
    await visit(page, `${VERSION}/agreement`, fill(en['priorities.agree.title'], { name }));
    await visit(page, '/priorities/compare?from=2017/1&to=2018/1', en['priorities.compare.title']);
    guard.assertClean();
  });

  test('a section saved in two tabs keeps both changes, the merge shown by field', async () => {
    const url = `${VERSION}/sections/1.2/edit`;
    const other = await guard.newPage();
    await page.goto(url);
    await other.goto(url);
    const objective = (p: Page) =>
      p.locator('main').getByLabel(en['priorities.objective'], { exact: true });
    const title = (p: Page) =>
      p.locator('main').getByLabel(en['priorities.edit.sectionName'], { exact: true });
    const saveSection = (p: Page) =>
      submit(p.locator('main').getByRole('button', { name: en['priorities.edit.saveSection'] }));
    await objective(other).fill('Objective reworded in the other tab.');
    await saveSection(other);
    await other.getByText(en['common.saved']).waitFor();
    await other.close();

    await title(page).fill('Security of the external borders');
    assert.equal((await saveSection(page)).status(), 409);
    await page.getByText(en['form.conflict.title']).waitFor();
    assert.equal(await objective(page).inputValue(), 'Objective reworded in the other tab.');
    assert.equal(await title(page).inputValue(), 'Security of the external borders');
    await assertAccessible(page);
    await screenshots(page, 'priorities-section-merge');
    await saveSection(page);
    await page.getByText(en['common.saved']).waitFor();
    assert.equal(await objective(page).inputValue(), 'Objective reworded in the other tab.');
    assert.equal(await title(page).inputValue(), 'Security of the external borders');
    const name = fill(en['priorities.edit.versionName'], { version: '1', year: YEAR });
    await visit(page, `${VERSION}/edit`, fill(en['priorities.edit.title'], { name }));
    await screenshots(page, 'priorities-drafting');
    guard.assertClean();
  });

  test('a line moved down through its button, then the consultation opened', async () => {
    await page.goto(`${VERSION}/sections/1.1/edit`);
    await submit(
      page
        .locator('main')
        .getByRole('button', { name: fill(en['priorities.edit.moveDown'], { number: '1' }) }),
    );
    await page.getByText(en['common.saved']).waitFor();
    const name = fill(en['priorities.edit.versionName'], { version: '1', year: YEAR });
    await visit(
      page,
      `${VERSION}/consultation/open`,
      fill(en['priorities.consult.openTitle'], { name }),
    );
    // Typed day first, as the field asks; Escape closes the calendar the field opens.
    const deadline = page.getByLabel(en['priorities.consult.deadline'], { exact: true });
    await deadline.fill(isoDay(10).split('-').reverse().join('-'));
    await deadline.press('Escape');
    await submit(
      page.locator('main').getByRole('button', { name: en['priorities.consult.openSubmit'] }),
    );
    assert.equal(new URL(page.url()).pathname, VERSION);
    await visit(
      page,
      `${VERSION}/consultation`,
      fill(en['priorities.consult.title'], { year: YEAR, version: '1' }),
    );
    await visit(page, '/priorities/compare?from=2017/1&to=2018/1', en['priorities.compare.title']);
    guard.assertClean();
  });
});

describe('a contact point answers the consultation', () => {
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

  test('the answer form is accessible, with its errors, and an answer is saved', async () => {
    const title = fill(en['priorities.consult.title'], { year: YEAR, version: '1' });
    await visit(page, `${VERSION}/consultation`, title);
    const main = page.locator('main');
    await main.getByLabel(en['priorities.answer.kind'], { exact: true }).selectOption('change');
    const refused = await submit(
      main.getByRole('button', { name: en['priorities.answer.submit'] }),
    );
    assert.equal(refused.status(), 400);
    await page.getByText(en['common.formErrors']).waitFor();
    await assertAccessible(page);
    await main.getByLabel(en['priorities.answer.kind'], { exact: true }).selectOption('comment');
    await main
      .getByLabel(en['priorities.answer.text'], { exact: true })
      .fill('Frontex supports the thematic priorities.');
    await submit(main.getByRole('button', { name: en['priorities.answer.submit'] }));
    await page.getByText('Frontex supports the thematic priorities.').waitFor();
    await assertAccessible(page);
    await screenshots(page, 'priorities-consultation');
    const edit = main.getByRole('link', { name: en['priorities.answer.edit'] }).first();
    await visit(
      page,
      (await edit.getAttribute('href')) ?? '',
      fill(en['priorities.answer.editTitle'], { section: '1.1' }),
    );
    guard.assertClean();
  });
});
