import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { en } from '../../app/i18n/messages.en.js';
import { seedDemoMeetings } from './demo.js';

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
    platform = await testPlatform();
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
    assert.match(page.body, /5 February 2027/, 'the next day at lunchtime by default');
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
});
