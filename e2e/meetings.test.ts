import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from '../test/support/node-test.js';
import type { Browser, Locator, Page } from 'playwright-core';
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
const EUROPOL_CONTACT = 'contact@europol.example.eu';

/** Where the screenshots of the meeting pages go, to be looked at. */
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? path.join(tmpdir(), 'jhanet-screenshots');

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
/**
 * Types a day into a date field and leaves it, as a person moving on does: leaving closes the
 * datepicker's calendar, which otherwise lies over the fields and buttons below.
 */
async function typeDay(field: Locator, day: string): Promise<void> {
  await field.fill(day);
  await field.press('Tab');
}

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
  await typeDay(page.getByLabel(en['meetings.field.startDate'], { exact: true }), '04-03-2027');
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

  test('a form with several mistakes shows them all at once; the time zone is picked', async () => {
    await page.goto('/meetings/new');
    await page
      .getByLabel(en['meetings.field.host'], { exact: true })
      .selectOption({ label: 'EUDA: European Union Drugs Agency' });
    await page.getByLabel(en['meetings.field.city'], { exact: true }).fill('Brussels');
    const refused = await submit(
      page.locator('main').getByRole('button', { name: en['common.create'] }),
    );
    assert.equal(refused.status(), 400);
    const hrefs: (string | null)[] = [];
    for (const link of await page.locator('main .ecl-notification--error li a').all())
      hrefs.push(await link.getAttribute('href'));
    assert.deepEqual(
      hrefs.sort(),
      ['#field-startDate', '#field-title', '#field-venue'],
      'the title, the venue and the start, in one round',
    );
    await assertAccessible(page);
    await page.getByLabel(en['meetings.field.title'], { exact: true }).fill('Browser meeting');
    await page.getByLabel(en['meetings.field.venue'], { exact: true }).fill('Residence Palace');
    await page
      .getByLabel(en['meetings.field.timeZone'], { exact: true })
      .selectOption('Europe/Brussels');
    await typeDay(page.getByLabel(en['meetings.field.startDate'], { exact: true }), '04-02-2027');
    const created = await submit(
      page.locator('main').getByRole('button', { name: en['common.create'] }),
    );
    assert.equal(created.status(), 200);
    assert.equal(await h1Of(page), 'Browser meeting');
    await page
      .getByText('Thursday 4 February 2027, 13:00 to Friday 5 February, 13:00 (Brussels time)')
      .waitFor();
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

/** Screenshots of a page at a desktop and a phone width, full length. */
async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

describe('a meeting from scheduling to the calendar of a contact point', () => {
  let secretariat: GuardedContext;
  let contact: GuardedContext;
  let meetingPath = '';
  const title = 'JHA network meeting on interoperability';

  before(async () => {
    secretariat = await guardedContext(browser, server);
    contact = await guardedContext(browser, server);
  });
  after(async () => {
    secretariat.assertClean();
    contact.assertClean();
    await secretariat.close();
    await contact.close();
  });

  test('the secretariat schedules it, adds and publishes an agenda and sends the invitations', async () => {
    const page = await secretariat.newPage();
    await signIn(page, server.account(ADMIN));
    await page.goto('/meetings');
    await Promise.all([
      page.waitForURL('**/meetings/new'),
      page.locator('main').getByRole('link', { name: en['meetings.new'] }).click(),
    ]);
    await fillMeeting(page, title);
    await page
      .getByLabel(en['meetings.field.timeZone'], { exact: true })
      .selectOption('Europe/Lisbon');
    await typeDay(page.getByLabel(en['meetings.field.startDate'], { exact: true }), '15-04-2027');
    await clickToInvite(page, 'Europol');
    await clickToInvite(page, 'EUAA');
    assert.equal(await summaryOf(page), '2 invitations go to EUAA and Europol.');
    await assertAccessible(page);
    await screenshots(page, 'meeting-form-secretariat');
    const created = await submit(
      page.locator('main').getByRole('button', { name: en['common.create'] }),
    );
    assert.equal(created.status(), 200);
    assert.equal(await h1Of(page), title);
    meetingPath = new URL(page.url()).pathname;
    await page
      .getByText('Thursday 15 April 2027, 13:00 to Friday 16 April, 13:00 (Lisbon time)')
      .waitFor();

    const agenda = page.locator('section[aria-labelledby="agenda-add-heading"]');
    await agenda.getByLabel(en['meetings.field.startTime'], { exact: true }).fill('13:00');
    await agenda.getByLabel(en['meetings.field.endTime'], { exact: true }).fill('14:30');
    await agenda
      .getByLabel(en['meetings.agenda.item'], { exact: true })
      .fill('Interoperability of the EU information systems');
    await agenda
      .getByLabel(en['meetings.agenda.presenterOptional'], { exact: true })
      .fill('eu-LISA');
    const added = await submit(agenda.getByRole('button', { name: en['meetings.agenda.add'] }));
    assert.equal(added.status(), 200);
    await page.getByText('Thursday 15 April, 13:00–14:30').waitFor();
    const published = await submit(
      page.locator('main').getByRole('button', { name: en['meetings.publishAgenda'] }),
    );
    assert.equal(published.status(), 200);
    const sent = await submit(
      page.locator('main').getByRole('button', { name: en['meetings.sendInvitations'] }),
    );
    assert.equal(sent.status(), 200);
    await page.getByText(/The invitation is on its way to \d+ recipients\./).waitFor();
    await assertAccessible(page);
    await screenshots(page, 'meeting-secretariat');

    await page.goto('/meetings');
    await assertAccessible(page);
    await screenshots(page, 'list-secretariat');
    await visit(page, '/meetings/calendar?month=2027-04', /April 2027/);
    await screenshots(page, 'month-secretariat');
    secretariat.assertClean();
  });

  test('a contact point of an invited agency finds it first in the list, answers and subscribes', async () => {
    assert.ok(meetingPath, 'the meeting was scheduled');
    const page = await contact.newPage();
    await signIn(page, server.account(EUROPOL_CONTACT));
    await page.goto('/meetings');
    const links = page.locator('main table').getByRole('link');
    const first = await links.first().textContent();
    assert.notEqual(first?.trim(), '1st JHA network meeting', 'upcoming meetings come first');
    assert.ok((await page.locator('main .jh-tag--held').count()) > 0, 'held meetings are marked');
    await Promise.all([
      page.waitForURL(`**${meetingPath}`),
      page.locator('main').getByRole('link', { name: title, exact: true }).click(),
    ]);
    await page.getByText('Interoperability of the EU information systems').waitFor();
    await page
      .getByLabel(en['meetings.participant.answer'], { exact: true })
      .selectOption('accepted');
    const answered = await submit(
      page.locator('main').getByRole('button', { name: en['meetings.answerSubmit'] }),
    );
    assert.equal(answered.status(), 200);
    await page.getByText('You answered: Accepted.').waitFor();
    await assertAccessible(page);

    await Promise.all([
      page.waitForURL('**/meetings/subscribe'),
      page.locator('main').getByRole('link', { name: en['meetings.subscribe'] }).click(),
    ]);
    const made = await submit(
      page.locator('main').getByRole('button', { name: en['meetings.feeds.create'] }),
    );
    assert.equal(made.status(), 200);
    const personal = (await page.locator('main code.jh-secret').nth(1).textContent()) ?? '';
    assert.match(personal, /\/calendar\/jhcal_[\w-]+\/personal\.ics$/);
    await assertAccessible(page);
    const feed = await page.request.get(new URL(personal).pathname);
    assert.equal(feed.status(), 200);
    const text = (await feed.text()).replace(/\r\n /g, '');
    assert.match(text, new RegExp(`SUMMARY:${title}\r\n`), 'the accepted meeting is in the feed');
    assert.match(text, /DTSTART:20270415T120000Z\r\n/, '13:00 in Lisbon summer time');
    contact.assertClean();
  });

  test('a member sees the same pages, laid out for a desk and a phone', async () => {
    const guard = await guardedContext(browser, server);
    try {
      const page = await guard.newPage();
      await signIn(page, server.account(MEMBER));
      await visit(page, '/meetings', en['meetings.title']);
      await screenshots(page, 'list-member');
      await visit(page, '/meetings/calendar', /^Meetings in /);
      await screenshots(page, 'month-member');
      await page.setViewportSize({ width: 390, height: 844 });
      assert.ok(
        await page.getByRole('columnheader', { name: 'Mon', exact: true }).isVisible(),
        'weekdays on a phone',
      );
      await page.setViewportSize({ width: 1366, height: 900 });
      await visit(page, meetingPath, title);
      await screenshots(page, 'meeting-member');
      guard.assertClean();
    } finally {
      await guard.close();
    }
  });
});
