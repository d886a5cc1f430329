import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from '../test/support/node-test.js';
import type { Browser, Page, Response } from 'playwright-core';
import { en } from '../src/app/i18n/messages.en.js';
import demo from '../src/features/network/demo-network.json' with { type: 'json' };
import { assertAccessible } from './support/axe.js';
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
const MEMBER = 'analyst@europol.example.eu';
const CONTACT = 'contact@europol.example.eu';

function nameOf(email: string): string {
  const user = demo.users.find((u) => u.email === email);
  if (!user) throw new Error(`the demo has no user ${email}`);
  return user.name;
}

function agencyName(acronym: string): string {
  const found = [...demo.agencies, ...demo.bodies].find((o) => o.acronym === acronym);
  if (!found) throw new Error(`the demo has no organisation ${acronym}`);
  return found.name;
}

const SCREENSHOTS = process.env.JHANET_SCREENSHOTS ?? path.join(tmpdir(), 'jhanet-screenshots');
const VIEWPORTS = {
  desktop: { width: 1366, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

/** A full-page picture for a person to look at. */
async function shoot(page: Page, name: string, viewport: keyof typeof VIEWPORTS): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: path.join(SCREENSHOTS, `${name}-${viewport}.png`),
    fullPage: true,
  });
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

/**
 * Clicks a submit button and waits for the page the form leads to: after a redirect (Post/Redirect/
 * Get) the page it redirects to, otherwise the answer to the POST itself.
 */
async function fillLogin(page: Page, email: string, password: string): Promise<Response> {
  await page.goto('/login');
  await page.getByLabel(en['login.email'], { exact: true }).fill(email);
  await page.getByLabel(en['login.password'], { exact: true }).fill(password);
  return submit(page.locator('main').getByRole('button', { name: en['login.submit'] }));
}

/**
 * Signs out as a person does: the name in the header opens the login box, or without a script
 * leads to the account page; either shows one sign-out button.
 */
async function signOut(page: Page): Promise<void> {
  const toggle = page.locator('header [data-ecl-login-toggle]');
  if ((await page.locator('html.no-js').count()) === 0) await toggle.click();
  else await Promise.all([page.waitForURL('**/account'), toggle.click()]);
  await submit(page.getByRole('button', { name: en['nav.signOut'] }).first());
}

async function h1Of(page: Page): Promise<string> {
  const headings = await page.locator('h1').allTextContents();
  assert.equal(headings.length, 1, `${page.url()} has ${headings.length} h1 elements`);
  return (headings[0] ?? '').trim();
}

/** Opens a page, checks its status and heading, and runs axe on it. */
async function visit(
  page: Page,
  url: string,
  heading: string | RegExp,
  status = 200,
): Promise<void> {
  const response = await page.goto(url);
  assert.ok(response, `no response for ${url}`);
  // The server's log tail tells why a page failed, for example the stack of a 500.
  assert.equal(response.status(), status, `status of ${url}\n${server.output().slice(-3000)}`);
  const h1 = await h1Of(page);
  if (typeof heading === 'string') assert.equal(h1, heading, `h1 of ${url}`);
  else assert.match(h1, heading, `h1 of ${url}`);
  await assertAccessible(page);
}

async function navigationLabels(page: Page): Promise<string[]> {
  const labels = await page
    .getByRole('navigation', { name: en['nav.main'] })
    .getByRole('link')
    .allTextContents();
  return labels.map((l) => l.trim());
}

describe('signed out', () => {
  let guard: GuardedContext;
  let page: Page;
  before(async () => {
    guard = await guardedContext(browser, server);
    page = await guard.newPage();
  });
  after(async () => {
    await guard.close();
  });

  test('the login page is accessible', async () => {
    await visit(page, '/login', en['login.title']);
    guard.assertClean();
  });

  test('a wrong password is refused with a message on the form', async () => {
    const response = await fillLogin(page, MEMBER, 'not the password');
    assert.equal(response.status(), 401);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await h1Of(page), en['login.title']);
    await page.getByText(en['login.failed']).waitFor();
    await assertAccessible(page);
    guard.assertClean();
  });

  test('the statements in the footer are public and accessible', async () => {
    await visit(page, '/login', en['login.title']);
    const footer = page.locator('footer');
    await Promise.all([
      page.waitForURL('**/privacy'),
      footer.getByRole('link', { name: en['footer.privacy'] }).click(),
    ]);
    assert.equal(await h1Of(page), en['legal.privacy.title']);
    await assertAccessible(page);
    await visit(page, '/accessibility', en['legal.accessibility.title']);
    await visit(page, '/legal-notice', en['legal.notice.title']);
    guard.assertClean();
  });

  test('an unknown address answers the friendly 404 page, not JSON', async () => {
    await visit(page, '/no-such-page', en['error.notFound.title'], 404);
    await page.getByRole('link', { name: en['error.backHome'] }).waitFor();
    // A client that says only that it accepts anything, as scripts and link checkers do.
    const fetched = await page.request.get('/no-such-page', { headers: { accept: '*/*' } });
    assert.equal(fetched.status(), 404);
    assert.match(fetched.headers()['content-type'] ?? '', /^text\/html/);
    assert.match(await fetched.text(), new RegExp(en['error.notFound.title']));
    const api = await page.request.get('/api/no-such-thing', { headers: { accept: '*/*' } });
    assert.equal(api.headers()['content-type'], 'application/problem+json; charset=utf-8');
    guard.assertClean();
  });

  test('a page that needs an account sends the visitor to the login page', async () => {
    const response = await page.goto('/account');
    assert.equal(response?.status(), 200);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/login');
    assert.equal(url.searchParams.get('next'), '/account');
    assert.equal(await h1Of(page), en['login.title']);
    guard.assertClean();
  });
});

describe('every page, signed in as the network administrator', () => {
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

  const pages: [string, string | RegExp][] = [
    ['/', en['home.title'].replace('{name}', nameOf(ADMIN))],
    ['/agencies', en['agencies.title']],
    ['/agencies/EUAA', new RegExp(`EUAA|${agencyName('EUAA')}`)],
    ['/agencies/EUAA/edit', en['organisation.editTitle'].replace('{acronym}', 'EUAA')],
    ['/bodies', en['bodies.title']],
    ['/bodies/COSI', new RegExp(`COSI|${agencyName('COSI')}`)],
    ['/bodies/new', en['organisation.newBody']],
    ['/chairs', en['chairs.title']],
    ['/priorities', en['priorities.title']],
    ['/priorities/2017', en['priorities.yearTitle'].replace('{year}', '2017')],
    ['/users', en['users.title']],
    ['/users/new', en['users.new']],
    ['/account', en['account.title']],
    ['/audit', en['audit.title']],
    ['/api/docs', en['apiDocs.title']],
    ['/privacy', en['legal.privacy.title']],
    ['/accessibility', en['legal.accessibility.title']],
    ['/legal-notice', en['legal.notice.title']],
  ];
  for (const [url, heading] of pages) {
    test(`${url} is accessible`, async () => {
      await visit(page, url, heading);
      guard.assertClean();
    });
  }

  test("a user's page is accessible and linked from the list", async () => {
    const response = await page.request.get(`/api/users?q=${encodeURIComponent(MEMBER)}`);
    assert.equal(response.status(), 200);
    const { items } = (await response.json()) as { items: { id: string; email: string }[] };
    const user = items.find((u) => u.email === MEMBER);
    assert.ok(user, `${MEMBER} is not in the user list`);
    await page.goto('/users');
    assert.equal(await page.locator(`main a[href="/users/${user.id}"]`).count(), 1);
    await visit(page, `/users/${user.id}`, new RegExp(nameOf(MEMBER)));
    guard.assertClean();
  });

  test('an unknown address answers the accessible 404 page', async () => {
    await visit(page, '/no-such-page', en['error.notFound.title'], 404);
    await visit(page, '/agencies/NOSUCH', en['error.notFound.title'], 404);
    guard.assertClean();
  });

  test('the administrator sees Users and Audit log in the navigation', async () => {
    await page.goto('/');
    const labels = await navigationLabels(page);
    assert.ok(labels.includes(en['nav.users']), `navigation: ${labels.join(', ')}`);
    assert.ok(labels.includes(en['nav.audit']), `navigation: ${labels.join(', ')}`);
  });

  test('an edit of an agency description is saved through the form', async () => {
    const description = `Edited in the browser test at ${new Date().toISOString()}.`;
    await page.goto('/agencies/EUAA/edit');
    await page.getByLabel(en['organisation.description'], { exact: true }).fill(description);
    await submit(page.locator('main').getByRole('button', { name: en['common.save'] }));
    assert.equal(new URL(page.url()).pathname, '/agencies/EUAA');
    await page.getByText(en['common.saved']).waitFor();
    await page.locator('main').getByText(description).waitFor();
    await page.goto('/agencies/EUAA/edit');
    assert.equal(
      await page.getByLabel(en['organisation.description'], { exact: true }).inputValue(),
      description,
    );
    guard.assertClean();
  });

  test('a form with errors comes back accessible and linked to its fields; nothing is stored', async () => {
    const acronym = 'E2E Partner';
    const name = 'Partner added by the browser test';
    await page.goto('/bodies/new');
    await page.getByLabel(en['organisation.acronym'], { exact: true }).fill(acronym);
    const create = page.locator('main').getByRole('button', { name: en['common.create'] });
    const refused = await submit(create);
    assert.equal(refused.status(), 400);
    await page.getByText(en['common.formErrors']).waitFor();
    const targets: string[] = [];
    for (const link of await page.getByRole('alert').locator('a[href^="#field-"]').all())
      targets.push((await link.getAttribute('href')) ?? '');
    assert.ok(targets.includes('#field-name'), `error links: ${targets.join(', ')}`);
    for (const target of targets) {
      assert.equal(await page.locator(`${target}[aria-invalid="true"]`).count(), 1, target);
    }
    assert.equal(
      await page.getByLabel(en['organisation.acronym'], { exact: true }).inputValue(),
      acronym,
      'what was typed is kept',
    );
    await assertAccessible(page);
    await page.goto('/bodies');
    assert.equal(await page.locator('main').getByText(acronym).count(), 0);

    await page.goto('/bodies/new');
    await page.getByLabel(en['organisation.acronym'], { exact: true }).fill(acronym);
    await page.getByLabel(en['organisation.name'], { exact: true }).fill(name);
    await page
      .getByLabel(en['organisation.category'], { exact: true })
      .selectOption({ label: en['category.network'] });
    const created = await submit(create);
    assert.equal(created.status(), 200);
    assert.match(await h1Of(page), new RegExp(`${acronym}|${name}`));
    await page.getByText(en['common.saved']).waitFor();
    guard.assertClean();
  });

  test('a stale edit shows both changes by field and saves the one chosen', async () => {
    const second = await guard.newPage();
    await page.goto('/agencies/EUAA/edit');
    await second.goto('/agencies/EUAA/edit');
    const field = (p: Page) => p.getByLabel(en['organisation.description'], { exact: true });
    const save = (p: Page) => p.locator('main').getByRole('button', { name: en['common.save'] });
    await field(page).fill('The first edit wins.');
    await submit(save(page));
    assert.equal(new URL(page.url()).pathname, '/agencies/EUAA');

    await field(second).fill('The second edit is based on an old version.');
    const response = await submit(save(second));
    assert.equal(response.status(), 409);
    await second.getByText(en['form.conflict.title']).waitFor();
    const merge = second.locator('.jh-merge');
    assert.ok(
      (await merge.textContent())?.includes('The first edit wins.'),
      'the merge view shows what was saved meanwhile',
    );
    await assertAccessible(second);
    await shoot(second, 'agency-merge', 'desktop');
    await second.getByText(en['form.conflict.keepTheirs']).click();
    await submit(save(second));
    assert.equal(new URL(second.url()).pathname, '/agencies/EUAA');
    await second.close();

    await page.goto('/agencies/EUAA');
    await page.locator('main').getByText('The first edit wins.').waitFor();
    guard.assertClean();
  });
});

describe('the user and agency forms on a desktop and a phone', () => {
  for (const [viewport, size] of Object.entries(VIEWPORTS) as [
    keyof typeof VIEWPORTS,
    (typeof VIEWPORTS)[keyof typeof VIEWPORTS],
  ][]) {
    test(`at ${String(size.width)} px the agency is picked by searching, and the forms read well`, async () => {
      const guard = await guardedContext(browser, server, { viewport: size });
      try {
        const page = await guard.newPage();
        await signIn(page, server.account(ADMIN));
        await page.goto('/users/new');
        const picker = page.locator('[data-picker]');
        await picker.getByRole('searchbox').fill('asylum');
        const shown = picker.locator('.ecl-radio:visible');
        assert.equal(await shown.count(), 1, 'only the matching agency stays in the list');
        await shown.locator('label').click();
        const chosen = picker.locator('.ecl-radio', {
          has: page.locator('input[type=radio]:checked'),
        });
        assert.match((await chosen.textContent()) ?? '', /^EUAA /);
        await assertAccessible(page);
        await shoot(page, 'user-new', viewport);
        const refused = await submit(
          page.locator('main').getByRole('button', { name: en['common.create'] }),
        );
        assert.equal(refused.status(), 400);
        await page.getByText(en['common.formErrors']).waitFor();
        await shoot(page, 'user-new-errors', viewport);
        await page.goto('/agencies/Frontex/edit');
        await assertAccessible(page);
        await shoot(page, 'agency-edit', viewport);
        guard.assertClean();
      } finally {
        await guard.close();
      }
    });
  }
});

describe('a member of an agency', () => {
  let guard: GuardedContext;
  let page: Page;
  before(async () => {
    guard = await guardedContext(browser, server);
    page = await guard.newPage();
    await signIn(page, server.account(MEMBER));
  });
  after(async () => {
    guard.assertClean();
    await guard.close();
  });

  test('does not see Users or Audit log in the navigation', async () => {
    await page.goto('/');
    const labels = await navigationLabels(page);
    assert.ok(labels.includes(en['nav.agencies']), `navigation: ${labels.join(', ')}`);
    assert.ok(!labels.includes(en['nav.users']), `navigation: ${labels.join(', ')}`);
    assert.ok(!labels.includes(en['nav.audit']), `navigation: ${labels.join(', ')}`);
  });

  test('gets the 404 page for the administration pages', async () => {
    await visit(page, '/users', en['error.notFound.title'], 404);
    await visit(page, '/audit', en['error.notFound.title'], 404);
    await visit(page, '/bodies/new', en['error.notFound.title'], 404);
    guard.assertClean();
  });

  test('can sign out, after which the account pages need a sign-in again', async () => {
    await page.goto('/account');
    assert.equal(await h1Of(page), en['account.title']);
    await signOut(page);
    await page.getByText(en['login.signedOut']).waitFor();
    assert.equal(
      await page.locator('header').getByRole('button', { name: en['nav.signOut'] }).count(),
      0,
    );
    await page.goto('/account');
    assert.equal(new URL(page.url()).pathname, '/login');
    guard.assertClean();
  });
});

describe('without JavaScript', () => {
  let guard: GuardedContext;
  let page: Page;
  before(async () => {
    guard = await guardedContext(browser, server, { javaScriptEnabled: false });
    page = await guard.newPage();
  });
  after(async () => {
    guard.assertClean();
    await guard.close();
  });

  test('sign-in, navigation and sign-out work', async () => {
    await signIn(page, server.account(CONTACT));
    assert.equal(new URL(page.url()).pathname, '/');
    const nav = page.getByRole('navigation', { name: en['nav.main'] });
    await Promise.all([
      page.waitForURL('**/agencies'),
      nav.getByRole('link', { name: en['nav.agencies'] }).click(),
    ]);
    assert.equal(await h1Of(page), en['agencies.title']);
    await Promise.all([
      page.waitForURL('**/agencies/Europol'),
      page.locator('main').getByRole('link', { name: 'Europol', exact: true }).first().click(),
    ]);
    assert.match(await h1Of(page), new RegExp(`Europol|${agencyName('Europol')}`));
    await Promise.all([
      page.waitForURL('**/chairs'),
      nav.getByRole('link', { name: en['nav.chairs'] }).click(),
    ]);
    assert.equal(await h1Of(page), en['chairs.title']);
    await signOut(page);
    await page.getByText(en['login.signedOut']).waitFor();
    guard.assertClean();
  });
});
