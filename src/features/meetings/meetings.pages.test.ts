import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { en } from '../../app/i18n/messages.en.js';
import { seedDemoMeetings } from './demo.js';

const ORGANISER = 'Network secretariat <secretariat@example.eu>';

/** A day from today as YYYY-MM-DD, in UTC. */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('meeting pages', () => {
  let platform: TestPlatform;
  let contact: Session;
  let member: Session;

  const count = async () =>
    (
      await platform.services.database.db
        .selectFrom('meetings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  const form = (session: Session, fields: Record<string, string>) => ({
    _csrf: session.csrfToken,
    kind: 'network',
    title: 'Network meeting by form',
    description: '',
    hostOrganisationId: '',
    venue: 'EMCDDA premises',
    city: 'Lisbon',
    timeZone: 'Europe/Lisbon',
    startDate: '2027-02-04',
    startTime: '13:00',
    endDate: '',
    endTime: '',
    capacity: '',
    ...fields,
  });

  before(async () => {
    platform = await testPlatform({
      mail: { smtp: null, from: 'noreply@example.eu', pollSeconds: 30, organiser: ORGANISER },
    });
    await seedDemoMeetings(platform.services);
    contact = await platform.session('contact', 'EUDA');
    member = await platform.session('member', 'Europol');
  });
  after(() => platform.close());

  test('a contact point schedules a meeting of the agency by form; bad input re-shows the form', async () => {
    const host = (await platform.services.network.get('EUDA')).id;
    const before = await count();
    const bad = await platform.request({
      url: '/meetings',
      as: contact,
      form: form(contact, {
        hostOrganisationId: host,
        timeZone: 'Mars/Olympus',
        title: 'Kept title',
      }),
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter a time zone of the IANA database/);
    assert.match(bad.body, /value="Kept title"/);
    const reversed = await platform.request({
      url: '/meetings',
      as: contact,
      form: form(contact, { hostOrganisationId: host, endDate: '2027-02-03', endTime: '13:00' }),
    });
    assert.equal(reversed.statusCode, 400);
    assert.match(reversed.body, /The end must be after the start/);
    assert.equal(await count(), before);
    const noCsrf = await platform.request({
      url: '/meetings',
      as: contact,
      form: { ...form(contact, { hostOrganisationId: host }), _csrf: 'wrong' },
    });
    assert.equal(noCsrf.statusCode, 403);
    const created = await platform.request({
      url: '/meetings',
      as: contact,
      form: form(contact, { hostOrganisationId: host }),
    });
    assert.equal(created.statusCode, 303, created.body);
    const location = String(created.headers.location);
    const page = await platform.request({ url: location, as: contact });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Network meeting by form/);
    assert.match(
      page.body,
      /Thursday 4 February 2027, 13:00 to Friday 5 February, 13:00 \(Lisbon time\)/,
      'the next day at lunchtime by default',
    );
    assert.equal(await count(), before + 1);
  });

  test('members cannot open the forms of meetings they do not manage', async () => {
    assert.equal((await platform.request({ url: '/meetings/new', as: member })).statusCode, 404);
    const list = await platform.request({ url: '/meetings?year=2017', as: member });
    const id = /href="\/meetings\/([0-9a-f-]{36})"/.exec(list.body)?.[1];
    assert.ok(id);
    assert.equal(
      (await platform.request({ url: `/meetings/${id}/edit`, as: member })).statusCode,
      404,
    );
    const answer = await platform.request({
      url: `/meetings/${id}/response`,
      as: member,
      form: { _csrf: member.csrfToken, response: 'accepted' },
    });
    assert.equal(answer.statusCode, 303);
    const page = await platform.request({ url: `/meetings/${id}`, as: member });
    assert.match(page.body, /You answered: Accepted/);
  });

  test('list, month view, printable agenda and the subscription page', async () => {
    const list = await platform.request({ url: '/meetings?year=2017', as: member });
    assert.match(list.body, /Results: 8/);
    const month = await platform.request({ url: '/meetings/calendar?month=2017-02', as: member });
    assert.equal(month.statusCode, 200);
    assert.match(month.body, /1st JHA network meeting/);
    assert.match(month.body, /Meetings in February 2017/);
    const subscribe = await platform.request({
      url: '/meetings/subscribe',
      as: member,
      form: { _csrf: member.csrfToken },
    });
    assert.equal(subscribe.statusCode, 200);
    const feed = /(\/calendar\/jhcal_[\w-]+\/network\.ics)/.exec(subscribe.body)?.[1];
    assert.ok(feed);
    const ics = await platform.request({ url: feed });
    assert.equal((ics.body.match(/BEGIN:VEVENT/g) ?? []).length, 8);
  });

  test('the form invites no one in advance; the agencies ticked are invited, and it says so', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const blank = await platform.request({ url: '/meetings/new', as: admin });
    assert.equal(blank.statusCode, 200);
    assert.match(blank.body, /name="invited"/);
    assert.doesNotMatch(blank.body, /<input[^>]*name="invited"[^>]*\schecked/, 'nothing ticked');
    assert.match(blank.body, new RegExp(en['meetings.summary.none']));

    const host = (await platform.services.network.get('EUDA')).id;
    const invited = await Promise.all(
      ['CEPOL', 'EUAA', 'Europol'].map(async (a) => (await platform.services.network.get(a)).id),
    );
    // A form sends one field per ticked box, all with the same name.
    const body = (fields: Record<string, string>) => {
      const params = new URLSearchParams(form(admin, { hostOrganisationId: host, ...fields }));
      for (const id of invited) params.append('invited', id);
      return params.toString();
    };
    const send = (fields: Record<string, string>) =>
      platform.request({
        method: 'POST',
        url: '/meetings',
        as: admin,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body(fields),
      });

    const untitled = await send({ title: '' });
    assert.equal(untitled.statusCode, 400);
    assert.equal(untitled.body.match(/<input[^>]*name="invited"[^>]*\schecked/g)?.length, 3);
    assert.match(untitled.body, /3 invitations go to CEPOL, EUAA and Europol\./);

    const created = await send({ title: 'Meeting of three' });
    assert.equal(created.statusCode, 303, created.body);
    const id = /\/meetings\/([0-9a-f-]{36})/.exec(String(created.headers.location))?.[1];
    assert.ok(id);
    const meeting = await platform.request({ url: `/api/meetings/${id}`, as: admin });
    assert.deepEqual(
      meeting
        .json<{ invitations: { acronym: string }[] }>()
        .invitations.map((o) => o.acronym)
        .sort(),
      ['CEPOL', 'EUAA', 'Europol'],
    );
    const entries = await platform.services.audit.list(
      { targetType: 'meeting', targetId: id },
      1,
      10,
    );
    assert.deepEqual(
      entries.items.map((e) => e.action),
      ['meeting.create'],
    );
    assert.equal(
      (JSON.parse(entries.items[0]?.changes ?? '{}') as { invited?: number }).invited,
      3,
    );
  });

  test('a meeting reads like a calendar: weekday, day, times, the venue and its zone', async () => {
    const list = await platform.request({ url: '/meetings?year=2017', as: member });
    const id = />1st JHA network meeting</.test(list.body)
      ? /href="\/meetings\/([0-9a-f-]{36})">1st JHA network meeting</.exec(list.body)?.[1]
      : undefined;
    assert.ok(id);
    const page = await platform.request({ url: `/meetings/${id}`, as: member });
    // The paper: 9 and 10 February 2017 at EMCDDA premises, lunchtime to lunchtime.
    assert.match(
      page.body,
      /Thursday 9 February 2017, 13:00 to Friday 10 February, 13:00 \(Lisbon time\)/,
    );
    assert.match(page.body, /EMCDDA premises, Praça Europa 1, Cais do Sodré, Lisbon/);
    assert.match(page.body, /jh-tag--held">Held</, 'a meeting of 2017 has been held');
    assert.match(page.body, /Friday 10 February, 11:00–13:00/, 'agenda items by day and time');
  });

  test('the list shows upcoming meetings first, soonest first, then those held, latest first', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const host = (await platform.services.network.get('EUDA')).id;
    for (const [title, day] of [
      ['Later upcoming meeting', dayFromToday(60)],
      ['Sooner upcoming meeting', dayFromToday(30)],
    ] as const) {
      const created = await platform.request({
        url: '/meetings',
        as: admin,
        form: form(admin, { hostOrganisationId: host, title, startDate: day }),
      });
      assert.equal(created.statusCode, 303, created.body);
    }
    const list = await platform.request({ url: '/meetings?pageSize=100', as: admin });
    const titles = [...list.body.matchAll(/href="\/meetings\/[0-9a-f-]{36}">([^<]+)</g)].map(
      (m) => m[1],
    );
    const at = (title: string) => titles.indexOf(title);
    assert.ok(
      at('Sooner upcoming meeting') >= 0 && at('Later upcoming meeting') >= 0,
      titles.join(),
    );
    assert.ok(at('Sooner upcoming meeting') < at('Later upcoming meeting'), titles.join());
    assert.ok(at('Later upcoming meeting') < at('1st JHA network meeting'), 'upcoming before held');
    assert.ok(
      at('2nd JHA network meeting') < at('1st JHA network meeting'),
      'the latest held meeting first',
    );
    assert.match(list.body, /jh-tag--held">Held</);
  });

  test('the month view opens on the next meeting and jumps to any month; weekdays stay on phones', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const host = (await platform.services.network.get('EUDA')).id;
    const tomorrow = dayFromToday(1);
    const created = await platform.request({
      url: '/meetings',
      as: admin,
      form: form(admin, {
        hostOrganisationId: host,
        title: 'Meeting of tomorrow',
        startDate: tomorrow,
      }),
    });
    assert.equal(created.statusCode, 303, created.body);
    const opened = await platform.request({ url: '/meetings/calendar', as: admin });
    assert.equal(opened.statusCode, 200);
    const monthName = new Date(`${tomorrow}T12:00:00Z`).toLocaleString('en-IE', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    assert.match(opened.body, new RegExp(`<h1[^>]*>Meetings in ${monthName}</h1>`));
    assert.match(opened.body, /Meeting of tomorrow/);

    const jumped = await platform.request({
      url: '/meetings/calendar?monthNumber=3&year=2017',
      as: member,
    });
    assert.equal(jumped.statusCode, 200);
    assert.match(jumped.body, /<h1[^>]*>Meetings in March 2017<\/h1>/);
    assert.match(jumped.body, /<option value="3" selected>March<\/option>/);
    assert.match(jumped.body, /<option value="2017" selected>2017<\/option>/);
    // ECL's simple table keeps its header row on a narrow screen; short names fit a phone.
    assert.match(jumped.body, /class="ecl-table ecl-table--simple jh-month"/);
    assert.match(jumped.body, /<abbr class="jh-narrow" title="Monday">Mon<\/abbr>/);
    const bad = await platform.request({
      url: '/meetings/calendar?monthNumber=13&year=2017',
      as: member,
    });
    assert.equal(bad.statusCode, 400);
  });

  test('the time zone is chosen from the IANA zones, grouped by region, Europe first', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const blank = await platform.request({ url: '/meetings/new', as: admin });
    const select = /<select id="field-timeZone"[\s\S]*?<\/select>/.exec(blank.body)?.[0] ?? '';
    assert.match(select, /^<select id="field-timeZone" name="timeZone"/);
    assert.match(select, /^[^]*?<optgroup label="Europe">/);
    assert.equal(/<optgroup label="([^"]+)"/.exec(select)?.[1], 'Europe');
    assert.match(select, /<option value="Europe\/Lisbon" selected>Lisbon<\/option>/);
    assert.match(select, /<optgroup label="America">/);
    assert.match(select, /<option value="America\/Indiana\/Knox">Knox \(Indiana\)<\/option>/);
  });

  test('a form with several mistakes shows them all at once and stores nothing', async () => {
    const before = await count();
    const bad = await platform.request({
      url: '/meetings',
      as: contact,
      form: form(contact, {
        hostOrganisationId: (await platform.services.network.get('Europol')).id,
        title: '',
        venue: '',
        timeZone: 'Mars/Olympus',
        startDate: '2027-02-31',
        capacity: 'many',
      }),
    });
    assert.equal(bad.statusCode, 400);
    const summary = /<ul>([\s\S]*?)<\/ul>/.exec(bad.body)?.[1] ?? '';
    for (const field of [
      'title',
      'venue',
      'timeZone',
      'startDate',
      'capacity',
      'hostOrganisationId',
    ])
      assert.match(summary, new RegExp(`href="#field-${field}"`), `an error for ${field}`);
    assert.match(bad.body, /Contact points host meetings of their own agency/);
    assert.equal(await count(), before);
  });

  test('the calendar file names the organiser, the place and the published agenda', async () => {
    const list = await platform.request({ url: '/meetings?year=2017', as: member });
    const id = /href="\/meetings\/([0-9a-f-]{36})">1st JHA network meeting</.exec(list.body)?.[1];
    assert.ok(id);
    const file = await platform.request({ url: `/meetings/${id}/calendar.ics`, as: member });
    assert.equal(file.statusCode, 200);
    const unfolded = file.body.replace(/\r\n /g, '');
    assert.match(
      unfolded,
      /\r\nORGANIZER;CN=Network secretariat:mailto:secretariat@example\.eu\r\n/,
    );
    assert.match(
      unfolded,
      /\r\nLOCATION:EMCDDA premises\\, Praça Europa 1\\, Cais do Sodré\\, Lisbon\r\n/,
    );
    const description = /\r\nDESCRIPTION:(.*)\r\n/.exec(unfolded)?.[1] ?? '';
    assert.match(
      description,
      /Thursday 9 February 2017\\, 13:00 to Friday 10 February\\, 13:00 \(Lisbon time\)/,
    );
    assert.match(
      description,
      /Agenda:\\nThursday 9 February\\, 13:00-13:30 Welcome by the chair and adoption of the agenda \(EMCDDA\)/,
    );
    assert.match(description, /Friday 10 February\\, 11:00-13:00 /);
  });
  /** The hidden and visible fields of the first form posting to `action`, as a browser sends them. */
  function formFields(html: string, action: string): URLSearchParams {
    const form = new RegExp(`<form[^>]*action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(
      html,
    )?.[1];
    assert.ok(form, `a form posting to ${action}`);
    const unescape = (text: string) =>
      text
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    const fields = new URLSearchParams();
    for (const input of form.matchAll(/<input([^>]*)>/g)) {
      const attributes = input[1] ?? '';
      const name = /\sname="([^"]*)"/.exec(attributes)?.[1];
      const value = /\svalue="([^"]*)"/.exec(attributes)?.[1] ?? '';
      const type = /\stype="([^"]*)"/.exec(attributes)?.[1] ?? 'text';
      if (!name) continue;
      if ((type === 'checkbox' || type === 'radio') && !/\schecked/.test(attributes)) continue;
      fields.append(name, unescape(value));
    }
    for (const area of form.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g))
      fields.append(area[1] ?? '', unescape(area[2] ?? ''));
    for (const select of form.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const chosen = /<option value="([^"]*)" selected>/.exec(select[2] ?? '')?.[1] ?? '';
      fields.append(select[1] ?? '', unescape(chosen));
    }
    return fields;
  }

  test('a stale save keeps the venue changed in another tab and this title, after a choice-free review', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const host = (await platform.services.network.get('EUDA')).id;
    const created = await platform.request({
      url: '/meetings',
      as: admin,
      form: form(admin, { hostOrganisationId: host, title: 'Meeting edited twice' }),
    });
    assert.equal(created.statusCode, 303, created.body);
    const id = /\/meetings\/([0-9a-f-]{36})/.exec(String(created.headers.location))?.[1];
    assert.ok(id);
    const edit = `/meetings/${id}/edit`;
    // This tab opens the form; the dates read day first, as the datepicker shows them.
    const opened = await platform.request({ url: edit, as: admin });
    assert.equal(opened.statusCode, 200);
    assert.match(opened.body, /name="startDate"[^>]*value="04-02-2027"/);
    const mine = formFields(opened.body, edit);
    // Another tab changes the venue meanwhile.
    const other = formFields(opened.body, edit);
    other.set('venue', 'Cais do Sodré, room 2');
    const theirs = await platform.request({
      method: 'POST',
      url: edit,
      as: admin,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: other.toString(),
    });
    assert.equal(theirs.statusCode, 303, theirs.body);
    // This tab changes only the title, on the version it opened.
    mine.set('title', 'Meeting edited twice, renamed');
    const stale = await platform.request({
      method: 'POST',
      url: edit,
      as: admin,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: mine.toString(),
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else saved changes while you were editing/);
    // The field that differs, by its label, with what was saved meanwhile; the title is kept.
    assert.match(
      stale.body,
      /<h2 class="jh-merge__label">Venue<\/h2><dl class="jh-merge__values"><div><dt>[^<]*<\/dt><dd>Cais do Sodré, room 2</,
    );
    assert.match(stale.body, /name="venue"[^>]*value="Cais do Sodré, room 2"/);
    assert.match(stale.body, /name="title"[^>]*value="Meeting edited twice, renamed"/);
    assert.doesNotMatch(
      stale.body,
      /name="_keep-venue"/,
      'nothing to choose: only they changed it',
    );
    const saved = await platform.request({
      method: 'POST',
      url: edit,
      as: admin,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formFields(stale.body, edit).toString(),
    });
    assert.equal(saved.statusCode, 303, saved.body);
    const meeting = (await platform.request({ url: `/api/meetings/${id}`, as: admin })).json<{
      title: string;
      venue: string;
    }>();
    assert.equal(meeting.title, 'Meeting edited twice, renamed');
    assert.equal(meeting.venue, 'Cais do Sodré, room 2');
    const entries = await platform.services.audit.list(
      { targetType: 'meeting', targetId: id },
      1,
      10,
    );
    const updates = entries.items.filter((e) => e.action === 'meeting.update');
    assert.equal(updates.length, 2, 'the other tab and this one');
    assert.match(updates[0]?.changes ?? '', /Meeting edited twice, renamed/);
    assert.doesNotMatch(updates[0]?.changes ?? '', /venue/, 'the venue is not written back');
  });

  test('both tabs change the title: the user chooses which to keep', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const host = (await platform.services.network.get('EUDA')).id;
    const created = await platform.request({
      url: '/meetings',
      as: admin,
      form: form(admin, { hostOrganisationId: host, title: 'Meeting named twice' }),
    });
    const id = /\/meetings\/([0-9a-f-]{36})/.exec(String(created.headers.location))?.[1];
    assert.ok(id);
    const edit = `/meetings/${id}/edit`;
    const opened = await platform.request({ url: edit, as: admin });
    const post = (fields: URLSearchParams) =>
      platform.request({
        method: 'POST',
        url: edit,
        as: admin,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: fields.toString(),
      });
    const other = formFields(opened.body, edit);
    other.set('title', 'Their title');
    assert.equal((await post(other)).statusCode, 303);
    const mine = formFields(opened.body, edit);
    mine.set('title', 'My title');
    const stale = await post(mine);
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /name="_keep-title"/);
    const unchosen = await post(formFields(stale.body, edit));
    assert.equal(unchosen.statusCode, 400, 'a choice is needed');
    const chosen = formFields(stale.body, edit);
    chosen.set('_keep-title', 'theirs');
    assert.equal((await post(chosen)).statusCode, 303);
    const meeting = (await platform.request({ url: `/api/meetings/${id}`, as: admin })).json<{
      title: string;
    }>();
    assert.equal(meeting.title, 'Their title');
  });

  test('the agenda and action point forms read days first and show every mistake at once', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const host = (await platform.services.network.get('EUDA')).id;
    const europol = (await platform.services.network.get('Europol')).id;
    const params = new URLSearchParams(
      form(admin, { hostOrganisationId: host, title: 'Agenda by form' }),
    );
    params.append('invited', europol);
    const created = await platform.request({
      method: 'POST',
      url: '/meetings',
      as: admin,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: params.toString(),
    });
    const id = /\/meetings\/([0-9a-f-]{36})/.exec(String(created.headers.location))?.[1];
    assert.ok(id);
    const page = await platform.request({ url: `/meetings/${id}`, as: admin });
    assert.doesNotMatch(page.body, /type="date"|type="time"/, 'no browser-locale date or time');
    assert.match(page.body, /name="date"[^>]*value="04-02-2027"/, 'the first day, day first');
    const refused = await platform.request({
      url: `/meetings/${id}/agenda`,
      as: admin,
      form: {
        _csrf: admin.csrfToken,
        _dates: 'date',
        date: '04-02-2027',
        startTime: '1pm',
        endTime: '14:30',
        title: '',
      },
    });
    assert.equal(refused.statusCode, 400);
    const summary = /<ul>([\s\S]*?)<\/ul>/.exec(refused.body)?.[1] ?? '';
    assert.match(summary, /href="#field-startTime"/);
    assert.match(summary, /href="#field-title"/);
    const added = await platform.request({
      url: `/meetings/${id}/agenda`,
      as: admin,
      form: {
        _csrf: admin.csrfToken,
        _dates: 'date',
        date: '04-02-2027',
        startTime: '13:00',
        endTime: '14:30',
        title: 'Welcome',
      },
    });
    assert.equal(added.statusCode, 303, added.body);
    const point = await platform.request({
      url: `/meetings/${id}/action-points`,
      as: admin,
      form: {
        _csrf: admin.csrfToken,
        _dates: 'dueOn',
        text: 'Share the plan',
        ownerOrganisationId: europol,
        dueOn: '15-03-2027',
      },
    });
    assert.equal(point.statusCode, 303, point.body);
    const meeting = (await platform.request({ url: `/api/meetings/${id}`, as: admin })).json<{
      agenda: { title: string; localStart: string }[];
      actionPoints: { text: string; dueOn: string }[];
    }>();
    assert.deepEqual(
      meeting.agenda.map((i) => [i.title, i.localStart]),
      [['Welcome', '2027-02-04T13:00']],
    );
    assert.deepEqual(
      meeting.actionPoints.map((p) => [p.text, p.dueOn]),
      [['Share the plan', '2027-03-15']],
    );
    const entries = await platform.services.audit.list(
      { targetType: 'meeting', targetId: id },
      1,
      10,
    );
    assert.deepEqual(
      entries.items.map((e) => e.action).filter((a) => a !== 'meeting.create'),
      ['meeting.agenda_item_add'],
    );
    const [pointEntry] = (
      await platform.services.audit.list({ action: 'meeting.action_point_add' }, 1, 1)
    ).items;
    assert.ok(pointEntry);
    assert.equal(pointEntry.target_type, 'action_point');
    assert.match(pointEntry.changes, new RegExp(id));
  });
});
