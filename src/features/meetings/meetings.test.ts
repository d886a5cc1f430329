import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { seedDemoMeetings } from './demo.js';
import type { MeetingDetail, MeetingSummary } from './meetings.service.js';

interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
}

describe('meetings', () => {
  let platform: TestPlatform;
  let admin: Session;
  let eudaContact: Session;
  let europolMember: Session;
  let frontexContact: Session;
  let observer: Session;
  let enisaUser: Session;

  const api: TestPlatform['api'] = (...request) => platform.api(...request);

  async function meetingCount(): Promise<number> {
    const row = await platform.services.database.db
      .selectFrom('meetings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  async function idOf(acronym: string): Promise<string> {
    return (await platform.services.network.get(acronym)).id;
  }

  /** A small meeting hosted by EUDA with Europol invited, for one test to change. */
  async function scratchMeeting(extra: Record<string, unknown> = {}): Promise<MeetingDetail> {
    const response = await api(admin, '/api/meetings', 'POST', {
      kind: 'expert',
      title: 'Scratch meeting',
      hostOrganisationId: await idOf('EUDA'),
      venue: 'EMCDDA premises',
      city: 'Lisbon',
      timeZone: 'Europe/Lisbon',
      start: '2027-03-10T09:00',
      end: '2027-03-10T17:00',
      invitedOrganisationIds: [await idOf('Europol')],
      ...extra,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<MeetingDetail>();
  }

  before(async () => {
    platform = await testPlatform();
    await seedDemoMeetings(platform.services);
    admin = await platform.session('admin', 'EUDA');
    eudaContact = await platform.session('contact', 'EUDA');
    europolMember = await platform.session('member', 'Europol');
    frontexContact = await platform.session('contact', 'Frontex');
    observer = await platform.session('observer', 'DG HOME');
    enisaUser = await platform.session('member', 'ENISA');
  });
  after(() => platform.close());

  test("the paper's 2017 calendar: eight meetings, lunchtime to lunchtime in Lisbon, one in Brussels", async () => {
    const response = await api(
      admin,
      '/api/meetings?from=2017-01-01T00:00:00Z&until=2018-01-01T00:00:00Z',
    );
    assert.equal(response.statusCode, 200, response.body);
    const page = response.json<{ items: MeetingSummary[]; total: number }>();
    assert.equal(page.total, 8);
    const first = page.items[0];
    assert.ok(first);
    assert.equal(first.title, '1st JHA network meeting');
    assert.equal(first.localStart, '2017-02-09T13:00');
    assert.equal(first.localEnd, '2017-02-10T13:00');
    // Lisbon is on UTC in winter and UTC+1 in summer.
    assert.equal(first.start, '2017-02-09T13:00:00.000Z');
    const june = page.items.find((m) => m.title === '2nd JHA network meeting');
    assert.equal(june?.start, '2017-06-20T12:00:00.000Z');
    const brussels = page.items.filter((m) => m.city !== 'Lisbon');
    assert.deepEqual(
      brussels.map((m) => [m.city, m.timeZone, m.start]),
      [['Brussels', 'Europe/Brussels', '2017-05-19T07:30:00.000Z']],
    );
    assert.ok(page.items.every((m) => m.hostAcronym === 'EUDA'));
    const heads = page.items.find((m) => m.kind === 'heads');
    assert.ok(heads);
    const detail = (await api(admin, `/api/meetings/${heads.id}`)).json<MeetingDetail>();
    assert.deepEqual(
      detail.invitations
        .filter((o) => o.kind === 'body')
        .map((o) => o.acronym)
        .sort(),
      ['DG HOME', 'DG JUST', 'EEAS', 'GSC', 'LIBE Secretariat', 'OLAF'],
    );
    assert.equal(detail.invitations.filter((o) => o.kind === 'agency').length, 8);
    const expert = page.items.find((m) => m.kind === 'expert');
    assert.ok(expert);
    const expertDetail = (await api(admin, `/api/meetings/${expert.id}`)).json<MeetingDetail>();
    assert.equal(expertDetail.participants.filter((p) => p.kind === 'speaker').length, 3);
    assert.equal(expertDetail.reportInFinalReport, true);
    assert.ok(
      expertDetail.agenda.some((i) => i.priorityLines.some((l) => l.label === '2017 1.2.3')),
    );
  });

  test('an observer sees only the meetings its body is invited to; others get 404 with no trace', async () => {
    const list = (await api(observer, '/api/meetings')).json<{
      items: MeetingSummary[];
      total: number;
    }>();
    assert.deepEqual(
      list.items.map((m) => m.kind),
      ['heads'],
    );
    assert.equal(list.total, 1);
    const all = (await api(admin, '/api/meetings?pageSize=50')).json<{ items: MeetingSummary[] }>();
    const hidden = all.items.find((m) => m.kind === 'network');
    assert.ok(hidden);
    const response = await api(observer, `/api/meetings/${hidden.id}`);
    assert.equal(response.statusCode, 404);
    const missing = await api(observer, '/api/meetings/00000000-0000-4000-8000-000000000000');
    assert.equal(
      response.json<{ detail: string }>().detail,
      missing.json<{ detail: string }>().detail,
    );
    assert.equal(
      (await platform.request({ url: `/meetings/${hidden.id}`, as: observer })).statusCode,
      404,
    );
    assert.equal(
      (await platform.request({ url: `/meetings/${hidden.id}/calendar.ics`, as: observer }))
        .statusCode,
      404,
    );
    const enisa = (await api(enisaUser, '/api/meetings')).json<{ total: number }>();
    assert.equal(enisa.total, 0);
    const page = await platform.request({ url: '/meetings', as: enisaUser });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /JHA network meeting/);
  });

  test('bad input gets a clear error naming the field and stores nothing', async () => {
    const before = await meetingCount();
    const base = {
      kind: 'network',
      title: 'Bad meeting',
      hostOrganisationId: await idOf('EUDA'),
      venue: 'EMCDDA premises',
      city: 'Lisbon',
      timeZone: 'Europe/Lisbon',
      start: '2027-02-09T13:00',
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ end: '2027-02-09T12:00' }, 'end'],
      [{ timeZone: 'Europe/Atlantis' }, 'timeZone'],
      [{ timeZone: '+01:00' }, 'timeZone'],
      [{ start: '2027-02-30T13:00' }, 'start'],
      // Clocks in Lisbon go from 01:00 to 02:00 on 28 March 2027: 01:30 never happens.
      [{ start: '2027-03-28T01:30', end: '2027-03-28T05:00' }, 'start'],
      [{ hostOrganisationId: await idOf('DG HOME') }, 'hostOrganisationId'],
      [{ title: '   ' }, 'title'],
    ];
    for (const [change, field] of cases) {
      const response = await api(admin, '/api/meetings', 'POST', { ...base, ...change });
      assert.equal(response.statusCode, 400, `${JSON.stringify(change)}: ${response.body}`);
      const problem = response.json<Problem>();
      assert.equal(problem.code, 'invalid_input');
      assert.equal(problem.errors?.[0]?.field, field, JSON.stringify(change));
    }
    assert.equal(await meetingCount(), before);
    const frontexHosting = await api(frontexContact, '/api/meetings', 'POST', base);
    assert.equal(frontexHosting.statusCode, 400);
    assert.equal(frontexHosting.json<Problem>().errors?.[0]?.field, 'hostOrganisationId');
    const byMember = await api(europolMember, '/api/meetings', 'POST', base);
    assert.equal(byMember.statusCode, 404);
    assert.equal(await meetingCount(), before);
  });

  test('every mistake of a new meeting is named at once', async () => {
    const before = await meetingCount();
    const response = await api(frontexContact, '/api/meetings', 'POST', {
      kind: 'network',
      title: ' ',
      hostOrganisationId: await idOf('EUDA'),
      venue: '  ',
      city: 'Lisbon',
      timeZone: 'Europe/Atlantis',
      start: '2027-02-30T13:00',
    });
    assert.equal(response.statusCode, 400, response.body);
    assert.deepEqual((response.json<Problem>().errors ?? []).map((e) => e.field).sort(), [
      'hostOrganisationId',
      'start',
      'timeZone',
      'title',
      'venue',
    ]);
    assert.equal(await meetingCount(), before);
  });

  test('sort=upcoming lists meetings to come soonest first, then those held latest first', async () => {
    const day = (days: number) =>
      `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T09:00`;
    const later = await scratchMeeting({
      title: 'Upcoming in ten weeks',
      start: day(70),
      end: undefined,
    });
    const sooner = await scratchMeeting({
      title: 'Upcoming in three weeks',
      start: day(21),
      end: undefined,
    });
    const response = await api(admin, '/api/meetings?sort=upcoming&pageSize=100');
    assert.equal(response.statusCode, 200, response.body);
    const items = response.json<{ items: MeetingSummary[] }>().items;
    const now = new Date().toISOString();
    const upcoming = items.filter((m) => m.end >= now);
    const held = items.filter((m) => m.end < now);
    assert.deepEqual(items, [...upcoming, ...held], 'every upcoming meeting before any held one');
    assert.ok(
      upcoming.findIndex((m) => m.id === sooner.id) < upcoming.findIndex((m) => m.id === later.id),
    );
    const heldTitles = held
      .filter((m) => m.title.endsWith('JHA network meeting'))
      .map((m) => m.title);
    // The paper's 2017 network meetings, latest first.
    assert.deepEqual(heldTitles.slice(-2), ['2nd JHA network meeting', '1st JHA network meeting']);
    const bad = await api(admin, '/api/meetings?sort=soonest');
    assert.equal(bad.statusCode, 400);
  });

  test('a regular meeting without an end runs to lunchtime the next day', async () => {
    const response = await api(eudaContact, '/api/meetings', 'POST', {
      kind: 'network',
      title: 'Default format',
      hostOrganisationId: await idOf('EUDA'),
      venue: 'EMCDDA premises',
      city: 'Lisbon',
      timeZone: 'Europe/Lisbon',
      start: '2027-06-10T13:00',
    });
    assert.equal(response.statusCode, 201, response.body);
    const meeting = response.json<MeetingDetail>();
    assert.equal(meeting.localEnd, '2027-06-11T13:00');
    assert.equal(meeting.start, '2027-06-10T12:00:00.000Z');
    assert.equal(meeting.permissions.manage, true);
  });

  test('invited users answer; others cannot; capacity holds', async () => {
    const meeting = await scratchMeeting({ capacity: 2 });
    const answer = (session: Session, response: string) =>
      api(session, `/api/meetings/${meeting.id}/response`, 'PUT', { response });
    const accepted = await answer(europolMember, 'accepted');
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json<MeetingDetail>().myResponse, 'accepted');
    assert.equal(
      (await answer(europolMember, 'tentative')).json<MeetingDetail>().myResponse,
      'tentative',
    );
    assert.equal((await answer(frontexContact, 'accepted')).statusCode, 404);
    assert.equal((await answer(europolMember, 'maybe')).statusCode, 400);
    const speaker = await api(admin, `/api/meetings/${meeting.id}/participants`, 'POST', {
      kind: 'speaker',
      name: 'Dr Ada Example',
      email: 'ada@example.org',
      affiliation: 'University of Lisbon',
      topic: 'Drug supply on the darknet',
    });
    assert.equal(speaker.statusCode, 200, speaker.body);
    assert.equal(
      speaker.json<MeetingDetail>().participants.find((p) => p.kind === 'speaker')?.email,
      'ada@example.org',
    );
    const secondEuropol = await platform.session('member', 'Europol');
    const full = await answer(secondEuropol, 'accepted');
    assert.equal(full.statusCode, 409);
    assert.equal(full.json<Problem>().code, 'meeting_full');
    const asMember = (
      await api(europolMember, `/api/meetings/${meeting.id}`)
    ).json<MeetingDetail>();
    assert.equal(
      asMember.participants.find((p) => p.kind === 'speaker')?.email,
      null,
      'addresses only for managers',
    );
    const badSpeaker = await api(admin, `/api/meetings/${meeting.id}/participants`, 'POST', {
      kind: 'attendee',
      userId: frontexContact.user.id,
    });
    assert.equal(badSpeaker.statusCode, 400);
    assert.equal(badSpeaker.json<Problem>().errors?.[0]?.field, 'userId');
    const byMember = await api(europolMember, `/api/meetings/${meeting.id}/participants`, 'POST', {
      kind: 'speaker',
      name: 'Someone',
    });
    assert.equal(byMember.statusCode, 404);
  });

  test('agenda: items within the meeting, in time order, linked to priority lines, published to participants', async () => {
    const meeting = await scratchMeeting();
    const priorities = (await api(admin, '/api/priorities/2017')).json<{
      sections: { number: string; lines: { key: string; number: number }[] }[];
    }>();
    const lineKey = priorities.sections.find((s) => s.number === '2.2')?.lines[0]?.key;
    assert.ok(lineKey);
    const add = (body: Record<string, unknown>) =>
      api(admin, `/api/meetings/${meeting.id}/agenda`, 'POST', body);
    const later = await add({
      start: '2027-03-10T14:00',
      end: '2027-03-10T15:00',
      title: 'Training matrix',
      presenter: 'CEPOL',
      priorityLineKeys: [lineKey],
    });
    assert.equal(later.statusCode, 200, later.body);
    const earlier = await add({
      start: '2027-03-10T09:00',
      end: '2027-03-10T10:00',
      title: 'Welcome',
    });
    const agenda = earlier.json<MeetingDetail>().agenda;
    assert.deepEqual(
      agenda.map((i) => [i.position, i.title]),
      [
        [1, 'Welcome'],
        [2, 'Training matrix'],
      ],
    );
    assert.equal(agenda[1]?.priorityLines[0]?.label, '2017 2.2.1');
    const outside = await add({
      start: '2027-03-10T16:30',
      end: '2027-03-10T18:00',
      title: 'Too late',
    });
    assert.equal(outside.statusCode, 400);
    assert.equal(outside.json<Problem>().errors?.[0]?.field, 'start');
    const reversed = await add({
      start: '2027-03-10T12:00',
      end: '2027-03-10T11:00',
      title: 'Backwards',
    });
    assert.equal(reversed.json<Problem>().errors?.[0]?.field, 'end');
    const unknownLine = await add({
      start: '2027-03-10T11:00',
      end: '2027-03-10T12:00',
      title: 'X',
      priorityLineKeys: ['nope'],
    });
    assert.equal(unknownLine.json<Problem>().errors?.[0]?.field, 'priorityLineKeys');
    assert.equal(
      (await api(admin, `/api/meetings/${meeting.id}`)).json<MeetingDetail>().agenda.length,
      2,
    );
    assert.deepEqual(
      (await api(europolMember, `/api/meetings/${meeting.id}`)).json<MeetingDetail>().agenda,
      [],
    );
    assert.equal(
      (await api(europolMember, `/api/meetings/${meeting.id}/agenda/publish`, 'POST')).statusCode,
      404,
    );
    await api(admin, `/api/meetings/${meeting.id}/agenda/publish`, 'POST');
    assert.equal(
      (await api(europolMember, `/api/meetings/${meeting.id}`)).json<MeetingDetail>().agenda.length,
      2,
    );
    const shrink = await api(
      admin,
      `/api/meetings/${meeting.id}`,
      'PATCH',
      { end: '2027-03-10T12:00' },
      {
        'if-match': `"${(await api(admin, `/api/meetings/${meeting.id}`)).json<MeetingDetail>().version}"`,
      },
    );
    assert.equal(shrink.statusCode, 400, 'the new times would leave an item outside');
    const print = await platform.request({
      url: `/meetings/${meeting.id}/agenda/print`,
      as: europolMember,
    });
    assert.equal(print.statusCode, 200);
    assert.match(print.body, /Training matrix/);
  });

  test('iCalendar: stable UID, SEQUENCE raised on every change, UTC times, CRLF, cancelled status', async () => {
    const meeting = await scratchMeeting({
      title:
        'Réunion sur la sécurité des systèmes d’information, avec un titre assez long pour être plié',
    });
    const ics = async () => {
      const response = await platform.request({
        url: `/meetings/${meeting.id}/calendar.ics`,
        as: europolMember,
      });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/calendar/);
      return response.body;
    };
    const first = await ics();
    assert.match(first, /^BEGIN:VCALENDAR\r\n/);
    assert.ok(
      first.split('\r\n').every((line) => Buffer.byteLength(line) <= 75),
      'folded at 75 octets',
    );
    assert.match(first, /DTSTART:20270310T090000Z\r\n/);
    assert.match(first, /SEQUENCE:0\r\n/);
    const uid = /UID:(.*)\r\n/.exec(first)?.[1];
    const patched = await api(
      admin,
      `/api/meetings/${meeting.id}`,
      'PATCH',
      { start: '2027-03-10T10:00' },
      { 'if-match': `"${meeting.version}"` },
    );
    assert.equal(patched.statusCode, 200, patched.body);
    const second = await ics();
    assert.equal(/UID:(.*)\r\n/.exec(second)?.[1], uid);
    assert.match(second, /SEQUENCE:1\r\n/);
    assert.match(second, /DTSTART:20270310T100000Z\r\n/);
    const stale = await api(admin, `/api/meetings/${meeting.id}/cancel`, 'POST', undefined, {
      'if-match': `"${meeting.version}"`,
    });
    assert.equal(stale.statusCode, 412);
    const cancelled = await api(admin, `/api/meetings/${meeting.id}/cancel`, 'POST', undefined, {
      'if-match': `"${patched.json<MeetingDetail>().version}"`,
    });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    const third = await ics();
    assert.match(third, /STATUS:CANCELLED\r\n/);
    assert.match(third, /SEQUENCE:2\r\n/);
    assert.equal(
      (
        await api(europolMember, `/api/meetings/${meeting.id}/response`, 'PUT', {
          response: 'accepted',
        })
      ).statusCode,
      409,
    );
  });

  test('calendar feeds by secret address: network and personal, revocable, hashed, no leak', async () => {
    const created = await api(observer, '/api/calendar-feed', 'POST');
    assert.equal(created.statusCode, 201, created.body);
    const urls = created.json<{ networkUrl: string; personalUrl: string }>();
    const path = (url: string) => new URL(url).pathname;
    const network = await platform.request({ url: path(urls.networkUrl) });
    assert.equal(network.statusCode, 200);
    assert.equal((network.body.match(/BEGIN:VEVENT/g) ?? []).length, 1, 'only the Heads meeting');
    assert.match(network.body, /SUMMARY:Heads of JHA agencies' meeting/);
    const personal = await platform.request({ url: path(urls.personalUrl) });
    assert.doesNotMatch(personal.body, /BEGIN:VEVENT/);
    const token = path(urls.networkUrl).split('/')[2] ?? '';
    const stored = await platform.services.database.db
      .selectFrom('calendar_feeds')
      .selectAll()
      .where('user_id', '=', observer.user.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, token);
    assert.ok(!stored.token_hash.includes(token));
    const renewed = (await api(observer, '/api/calendar-feed', 'POST')).json<{
      networkUrl: string;
    }>();
    assert.equal(
      (await platform.request({ url: path(urls.networkUrl) })).statusCode,
      404,
      'the old address ends',
    );
    assert.equal((await platform.request({ url: path(renewed.networkUrl) })).statusCode, 200);
    assert.equal((await api(observer, '/api/calendar-feed', 'DELETE')).statusCode, 204);
    assert.equal((await platform.request({ url: path(renewed.networkUrl) })).statusCode, 404);
    assert.equal(
      (await platform.request({ url: '/calendar/jhcal_guess/network.ics' })).statusCode,
      404,
    );
    assert.equal(
      (await api(observer, '/api/calendar-feed')).json<{ active: boolean }>().active,
      false,
    );
  });

  test('outcomes: minutes, decisions, action points on the owner agency dashboard', async () => {
    const meeting = await scratchMeeting();
    const outcomes = await api(
      admin,
      `/api/meetings/${meeting.id}/outcomes`,
      'PUT',
      { minutes: 'Minutes text', report: 'Report', reportInFinalReport: true },
      { 'if-match': `"${meeting.version}"` },
    );
    assert.equal(outcomes.statusCode, 200, outcomes.body);
    assert.equal(outcomes.json<MeetingDetail>().reportInFinalReport, true);
    await api(admin, `/api/meetings/${meeting.id}/decisions`, 'POST', {
      text: 'The network agreed.',
    });
    const point = await api(admin, `/api/meetings/${meeting.id}/action-points`, 'POST', {
      text: 'Update the toolbox on migration',
      ownerOrganisationId: await idOf('Europol'),
      dueOn: '2027-04-01',
    });
    assert.equal(point.statusCode, 201, point.body);
    const badOwner = await api(admin, `/api/meetings/${meeting.id}/action-points`, 'POST', {
      text: 'X',
      ownerOrganisationId: await idOf('Frontex'),
      dueOn: '2027-04-01',
    });
    assert.equal(badOwner.json<Problem>().errors?.[0]?.field, 'ownerOrganisationId');
    const badDate = await api(admin, `/api/meetings/${meeting.id}/action-points`, 'POST', {
      text: 'X',
      ownerOrganisationId: await idOf('Europol'),
      dueOn: '2027-02-30',
    });
    assert.equal(badDate.statusCode, 400);
    const mine = (await api(europolMember, '/api/action-points/mine')).json<{ text: string }[]>();
    assert.deepEqual(
      mine.map((p) => p.text),
      ['Update the toolbox on migration'],
    );
    assert.deepEqual((await api(frontexContact, '/api/action-points/mine')).json<unknown[]>(), []);
    const home = await platform.request({ url: '/', as: europolMember });
    assert.match(home.body, /Update the toolbox on migration/);
    const homeFrontex = await platform.request({ url: '/', as: frontexContact });
    assert.doesNotMatch(homeFrontex.body, /Update the toolbox on migration/);
    const created = point.json<{ id: string; version: number }>();
    const byMember = await api(
      europolMember,
      `/api/meetings/${meeting.id}/action-points/${created.id}`,
      'PATCH',
      { status: 'done' },
      { 'if-match': '"1"' },
    );
    assert.equal(byMember.statusCode, 404);
    const europolContact = await platform.session('contact', 'Europol');
    const done = await api(
      europolContact,
      `/api/meetings/${meeting.id}/action-points/${created.id}`,
      'PATCH',
      { status: 'done' },
      { 'if-match': '"1"' },
    );
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual((await api(europolMember, '/api/action-points/mine')).json<unknown[]>(), []);
    const entries = await platform.services.audit.list({ targetType: 'action_point' }, 1, 10);
    assert.equal(entries.total, 2);
    assert.equal((await platform.services.audit.verify()).ok, true);
  });

  test('anonymous callers are refused', async () => {
    assert.equal((await platform.request({ url: '/api/meetings' })).statusCode, 401);
    assert.equal((await platform.request({ url: '/meetings' })).statusCode, 303);
  });
});
