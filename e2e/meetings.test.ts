import assert from 'node:assert/strict';
import { after, before, describe, test } from '../test/support/node-test.js';
import type { Browser, Page } from 'playwright-core';
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

async function h1Of(page: Page): Promise<string> {
  const headings = await page.locator('h1').allTextContents();
  assert.equal(headings.length, 1, `${page.url()} has ${headings.length} h1 elements`);
  return (headings[0] ?? '').trim();
}

async function visit(page: Page, url: string, heading: string | RegExp): Promise<void> {
  const response = await page.goto(url);
  assert.equal(response?.status(), 200, `status of ${url}\n${server.output().slice(-3000)}`);
  const h1 = await h1Of(page);
  if (typeof heading === 'string') assert.equal(h1, heading, `h1 of ${url}`);
  else assert.match(h1, heading, `h1 of ${url}`);
  await assertAccessible(page);
}

/** The label of an agency's checkbox in the invitation lists: "EUAA: European Union Agency for Asylum". */
function invitationLabel(acronym: string): string {
  const agency = demo.agencies.find((a) => a.acronym === acronym);
  if (!agency) throw new Error(`the demo has no agency ${acronym}`);
  return `${acronym}: ${agency.name}`;
}

const INVITED = ['CEPOL', 'EUAA', 'Europol'];

/** Clicks the name of an agency in the list of those to invite, as a person does. */
async function clickToInvite(page: Page, acronym: string): Promise<void> {
  await page
    .getByRole('group', { name: en['meetings.field.invited'] })
    .getByText(invitationLabel(acronym), { exact: true })
    .click();
}

/** Fills the new-meeting form but for its invitations, hosted by EUDA. */
async function fillMeeting(page: Page, title: string): Promise<void> {
  await page.getByLabel(en['meetings.field.title'], { exact: true }).fill(title);
  await page
    .getByLabel(en['meetings.field.host'], { exact: true })
    .selectOption({ label: 'EUDA: European Union Drugs Agency' });
  await page.getByLabel(en['meetings.field.venue'], { exact: true }).fill('EMCDDA premises');
  await page.getByLabel(en['meetings.field.city'], { exact: true }).fill('Lisbon');
  await page.getByLabel(en['meetings.field.startDate'], { exact: true }).fill('2027-03-04');
}

/** The text of the form's summary of what saving will do. */
async function summaryOf(page: Page): Promise<string> {
  return ((await page.locator('main [data-summary-text]').textContent()) ?? '').trim();
}

/** The acronyms of the agencies and bodies a meeting invites, as the API reads them. */
async function invitationsOf(page: Page): Promise<string[]> {
  const id = /\/meetings\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  assert.ok(id, `not on a meeting page: ${page.url()}`);
  const response = await page.request.get(`/api/meetings/${id}`);
  assert.equal(response.status(), 200);
  const meeting = (await response.json()) as { invitations: { acronym: string }[] };
  return meeting.invitations.map((o) => o.acronym).sort();
}

/** The address of a demo meeting, from the list of 2017. */
async function meetingUrl(page: Page, title: string | RegExp): Promise<string> {
  await page.goto('/meetings?year=2017');
  const href = await page
    .locator('main')
    .getByRole('link', typeof title === 'string' ? { name: title, exact: true } : { name: title })
    .getAttribute('href');
  assert.ok(href, `no link to ${title}`);
  return href;
}

describe('meetings, as the network administrator', () => {
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

  test('every meeting page is accessible', async () => {
    await visit(page, '/meetings', en['meetings.title']);
    await visit(page, '/meetings?year=2017', en['meetings.title']);
    await visit(page, '/meetings/calendar?month=2017-02', /February 2017/);
    await visit(page, '/meetings/new', en['meetings.new']);
    await visit(page, '/meetings/subscribe', en['meetings.feeds.title']);
    const first = await meetingUrl(page, '1st JHA network meeting');
    await visit(page, first, '1st JHA network meeting');
    await visit(page, `${first}/edit`, /^Change 1st JHA network meeting/);
    await visit(page, `${first}/cancel`, /^Cancel 1st JHA network meeting/);
    await visit(page, `${first}/agenda/print`, /^Agenda: 1st JHA network meeting/);
    const expert = await meetingUrl(page, /^Expert meeting/);
    await visit(page, expert, /^Expert meeting/);
    guard.assertClean();
  });

  test('a meeting with an unknown time zone is refused on an accessible form', async () => {
    await page.goto('/meetings/new');
    await page.getByLabel(en['meetings.field.title'], { exact: true }).fill('Browser meeting');
    await page
      .getByLabel(en['meetings.field.host'], { exact: true })
      .selectOption({ label: 'EUDA: European Union Drugs Agency' });
    await page.getByLabel(en['meetings.field.venue'], { exact: true }).fill('EMCDDA premises');
    await page.getByLabel(en['meetings.field.city'], { exact: true }).fill('Lisbon');
    await page.getByLabel(en['meetings.field.timeZone'], { exact: true }).fill('Europe/Atlantis');
    await page.getByLabel(en['meetings.field.startDate'], { exact: true }).fill('2027-02-04');
    const refused = await submit(
      page.locator('main').getByRole('button', { name: en['common.create'] }),
    );
    assert.equal(refused.status(), 400);
    await page.getByText('Enter a time zone of the IANA database').first().waitFor();
    await assertAccessible(page);
    await page.getByLabel(en['meetings.field.timeZone'], { exact: true }).fill('Europe/Lisbon');
    const created = await submit(
      page.locator('main').getByRole('button', { name: en['common.create'] }),
    );
    assert.equal(created.status(), 200);
    assert.equal(await h1Of(page), 'Browser meeting');
    await assertAccessible(page);
    guard.assertClean();
  });
});

describe('inviting to a new meeting, as the network administrator', () => {
  let guard: GuardedContext;
  let page: Page;
  before(async () => {
    guard = await guardedContext(browser, server);
    page = await guard.newPage();
    await signIn(page, server.account(ADMIN));
  });
  after(() => guard.close());

  test('clicking the names of three agencies invites exactly those three', async () => {
    await page.goto('/meetings/new');
    assert.equal(await page.locator('input[name="invited"]:checked').count(), 0, 'none ticked');
    assert.equal(await summaryOf(page), en['meetings.summary.none']);
    await fillMeeting(page, 'Meeting with three invitations');
    for (const acronym of INVITED) {
      await clickToInvite(page, acronym);
      assert.ok(await page.getByLabel(invitationLabel(acronym), { exact: true }).isChecked());
    }
    assert.equal(await summaryOf(page), '3 invitations go to CEPOL, EUAA and Europol.');
    await assertAccessible(page);
    const created = await submit(
      page.locator('main').getByRole('button', { name: en['common.create'] }),
    );
    assert.equal(created.status(), 200);
    assert.equal(await h1Of(page), 'Meeting with three invitations');
    assert.deepEqual(await invitationsOf(page), INVITED);
    guard.assertClean();
  });
});

describe('inviting to a new meeting without JavaScript', () => {
  let guard: GuardedContext;
  let page: Page;
  before(async () => {
    guard = await guardedContext(browser, server, { javaScriptEnabled: false });
    page = await guard.newPage();
    await signIn(page, server.account(ADMIN));
  });
  after(() => guard.close());

  test('the form sums up the invitations it was sent with, and creates them', async () => {
    await page.goto('/meetings/new');
    for (const acronym of INVITED) await clickToInvite(page, acronym);
    const refused = await submit(
      page.locator('main').getByRole('button', { name: en['common.create'] }),
    );
    assert.equal(refused.status(), 400, 'the title is missing');
    assert.equal(await page.locator('input[name="invited"]:checked').count(), 3);
    assert.equal(await summaryOf(page), '3 invitations go to CEPOL, EUAA and Europol.');
    await fillMeeting(page, 'Meeting invited without scripts');
    const created = await submit(
      page.locator('main').getByRole('button', { name: en['common.create'] }),
    );
    assert.equal(created.status(), 200);
    assert.deepEqual(await invitationsOf(page), INVITED);
    guard.assertClean();
  });
});

describe('meetings, as a member of an invited agency', () => {
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

  test('the Meetings link leads to the calendar; the member answers an invitation', async () => {
    await page.goto('/');
    await Promise.all([
      page.waitForURL('**/meetings'),
      page
        .getByRole('navigation', { name: en['nav.main'] })
        .getByRole('link', { name: en['nav.meetings'] })
        .click(),
    ]);
    assert.equal(await h1Of(page), en['meetings.title']);
    const url = await meetingUrl(page, '2nd JHA network meeting');
    await visit(page, url, '2nd JHA network meeting');
    await page
      .getByLabel(en['meetings.participant.answer'], { exact: true })
      .selectOption('tentative');
    const answered = await submit(
      page.locator('main').getByRole('button', { name: en['meetings.answerSubmit'] }),
    );
    assert.equal(answered.status(), 200);
    await page.getByText('You answered: Tentative.').waitFor();
    await assertAccessible(page);
    guard.assertClean();
  });
});
