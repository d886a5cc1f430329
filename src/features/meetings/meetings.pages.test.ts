import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
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
});
