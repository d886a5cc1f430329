import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { DocumentDetail } from '../documents/documents.model.js';
import type { MeetingDetail } from '../meetings/meetings.service.js';
import type { ActivityView } from '../scorecard/scorecard.model.js';
import type { FrameworkView } from './priorities.service.js';

interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
}

const DRAFT_2017 = 'Wording of a 2017 draft the network has not agreed';
const DRAFT_2018 = 'Wording of a 2018 draft copied from 2017';
const NEW_DRAFT_LINE = 'A line only the 2017 draft has';

/**
 * A record links a line of the priorities by its key, which every version keeps. Whatever names
 * that line, for whoever reads it, names it as it reads in an agreed version: never in a draft or
 * a version under consultation, which only the secretariat (and contact points) may read.
 */
describe('priority lines are named as the network agreed them', () => {
  let platform: TestPlatform;
  let admin: Session;
  let europolContact: Session;
  let europolMember: Session;
  let observer: Session;
  let agreedText: string;
  let lineKey: string;
  let draftOnlyKey: string;
  let meetingId: string;
  let documentId: string;
  let activityId: string;

  const idOf = async (acronym: string) => (await platform.services.network.get(acronym)).id;
  const call = (
    as: Session,
    url: string,
    method: 'GET' | 'POST' | 'PATCH' = 'GET',
    body?: unknown,
  ) => platform.request({ url, as, method, ...(body !== undefined ? { body } : {}) });

  async function framework(url: string) {
    const response = await call(admin, url);
    assert.equal(response.statusCode, 200, response.body);
    return { view: response.json<FrameworkView>(), etag: String(response.headers.etag) };
  }

  /** Starts a draft of `year` from 2017/1 and rewords the line; returns the draft's address. */
  async function rewordInDraft(year: number, text: string): Promise<string> {
    const created = await call(admin, '/api/priorities/drafts', 'POST', { year, from: '2017/1' });
    assert.equal(created.statusCode, 201, created.body);
    const base = String(created.headers.location);
    const reworded = await platform.request({
      method: 'PATCH',
      url: `${base}/lines/${lineKey}`,
      as: admin,
      body: { text },
      headers: { 'if-match': (await framework(base)).etag },
    });
    assert.equal(reworded.statusCode, 200, reworded.body);
    return base;
  }

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europolContact = await platform.session('contact', 'Europol');
    europolMember = await platform.session('member', 'Europol');
    observer = await platform.session('observer', 'DG HOME');

    const agreed = (await framework('/api/priorities/2017')).view;
    const line = agreed.sections.find((s) => s.number === '1.1')?.lines[0];
    assert.ok(line);
    lineKey = line.key;
    agreedText = line.text;

    const meeting = await call(admin, '/api/meetings', 'POST', {
      kind: 'network',
      title: 'Second network meeting',
      hostOrganisationId: await idOf('Europol'),
      venue: 'Europol headquarters',
      city: 'The Hague',
      timeZone: 'Europe/Amsterdam',
      start: '2017-06-08T13:00',
      invitedOrganisationIds: [await idOf('DG HOME')],
    });
    assert.equal(meeting.statusCode, 201, meeting.body);
    meetingId = meeting.json<MeetingDetail>().id;
    const item = await call(admin, `/api/meetings/${meetingId}/agenda`, 'POST', {
      start: '2017-06-08T14:00',
      end: '2017-06-08T15:00',
      title: 'Terrorism',
      priorityLineKeys: [lineKey],
    });
    assert.equal(item.statusCode, 200, item.body);
    const published = await call(admin, `/api/meetings/${meetingId}/agenda/publish`, 'POST');
    assert.equal(published.statusCode, 200, published.body);

    const registered = await call(europolContact, '/api/documents', 'POST', {
      title: 'Contribution to the second network meeting',
      documentType: 'briefing',
      language: 'en',
      registeredOn: '2017-05-30',
      marking: {
        classification: 'none',
        releasability: 'named',
        releasedTo: [await idOf('DG HOME')],
      },
      links: { meetings: [meetingId], priorityLines: ['1.1.1'] },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    documentId = registered.json<{ document: DocumentDetail }>().document.id;

    const activity = await call(europolContact, '/api/activities', 'POST', {
      year: 2017,
      title: 'Joint terrorism situation report',
      lines: ['1.1.1'],
      lead: 'Europol',
      kind: 'joint-product',
      plannedStart: '2017-03-01',
      plannedEnd: '2017-12-31',
      releasedToObservers: true,
    });
    assert.equal(activity.statusCode, 201, activity.body);
    activityId = activity.json<ActivityView>().id;

    // The secretariat rewords the line in a new 2017 draft and in a 2018 draft, and adds a line.
    const draft2017 = await rewordInDraft(2017, DRAFT_2017);
    await rewordInDraft(2018, DRAFT_2018);
    const added = await platform.request({
      method: 'POST',
      url: `${draft2017}/sections/1.1/lines`,
      as: admin,
      body: { text: NEW_DRAFT_LINE },
      headers: { 'if-match': (await framework(draft2017)).etag },
    });
    assert.equal(added.statusCode, 201, added.body);
    const newLine = added
      .json<FrameworkView>()
      .sections.flatMap((s) => s.lines)
      .find((l) => l.text === NEW_DRAFT_LINE);
    assert.ok(newLine);
    draftOnlyKey = newLine.key;
  });
  after(() => platform.close());

  function assertNoDraftWording(body: string, what: string): void {
    for (const wording of [DRAFT_2017, DRAFT_2018, NEW_DRAFT_LINE])
      assert.equal(body.includes(wording), false, `${what} shows draft wording "${wording}"`);
  }

  test('the drafts themselves are hidden from members and observers', async () => {
    for (const reader of [europolMember, observer])
      for (const url of ['/api/priorities/2017/versions/2', '/api/priorities/2018/versions/1'])
        assert.equal((await call(reader, url)).statusCode, 404, url);
  });

  test("a meeting's agenda names the line as agreed, for every reader", async () => {
    for (const reader of [europolMember, observer, admin]) {
      const response = await call(reader, `/api/meetings/${meetingId}`);
      assert.equal(response.statusCode, 200, response.body);
      assertNoDraftWording(response.body, `the meeting read by ${reader.user.role}`);
      const [item] = response.json<MeetingDetail>().agenda;
      assert.deepEqual(item?.priorityLines, [
        { key: lineKey, label: '2017 1.1.1', text: agreedText },
      ]);
      const page = await call(reader, `/meetings/${meetingId}`);
      assert.equal(page.statusCode, 200);
      assertNoDraftWording(page.body, `the meeting page read by ${reader.user.role}`);
      const printed = await call(reader, `/meetings/${meetingId}/agenda/print`);
      assertNoDraftWording(printed.body, `the printed agenda read by ${reader.user.role}`);
    }
  });

  test("a document's link names the line as agreed in the year it was registered", async () => {
    for (const reader of [europolMember, observer]) {
      const response = await call(reader, `/api/documents/${documentId}`);
      assert.equal(response.statusCode, 200, response.body);
      assertNoDraftWording(response.body, `the document read by ${reader.user.role}`);
      const line = response.json<DocumentDetail>().links.find((l) => l.type === 'priority_line');
      assert.deepEqual(line, {
        type: 'priority_line',
        id: lineKey,
        label: `2017 1.1.1: ${agreedText}`,
      });
      const page = await call(reader, `/documents/${documentId}`);
      assert.equal(page.statusCode, 200);
      assertNoDraftWording(page.body, `the document page read by ${reader.user.role}`);
    }
    const form = await call(europolContact, `/documents/${documentId}/edit`);
    assert.equal(form.statusCode, 200);
    assertNoDraftWording(form.body, 'the edit form');
    assert.match(form.body, /value="1\.1\.1"/);
  });

  test("a scorecard activity's lines read as agreed", async () => {
    for (const reader of [europolMember, observer]) {
      const response = await call(reader, `/api/activities/${activityId}`);
      assert.equal(response.statusCode, 200, response.body);
      assertNoDraftWording(response.body, `the activity read by ${reader.user.role}`);
      assert.deepEqual(
        response.json<ActivityView>().lines.map((l) => [l.key, l.code, l.text]),
        [[lineKey, '1.1.1', agreedText]],
      );
    }
  });

  test('a line only a draft has cannot be linked, and lists linked to it are empty', async () => {
    const refused = await call(admin, `/api/meetings/${meetingId}/agenda`, 'POST', {
      start: '2017-06-08T15:00',
      end: '2017-06-08T16:00',
      title: 'Not yet agreed',
      priorityLineKeys: [draftOnlyKey],
    });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.json<Problem>().errors?.[0]?.field, 'priorityLineKeys');
    const agenda = (await call(admin, `/api/meetings/${meetingId}`)).json<MeetingDetail>().agenda;
    assert.equal(agenda.length, 1, 'nothing was added');

    const listed = (id: string) =>
      call(europolMember, `/api/documents?linkedType=priority_line&linkedId=${id}`);
    const hidden = await listed(draftOnlyKey);
    const missing = await listed('no-such-line');
    assert.equal(hidden.statusCode, 200);
    assert.equal(hidden.body, missing.body);
    const linked = await listed(lineKey);
    assert.deepEqual(
      linked.json<{ items: { id: string }[] }>().items.map((d) => d.id),
      [documentId],
    );
  });

  test('an agreed line is linked to an agenda item, audited', async () => {
    const added = await call(admin, `/api/meetings/${meetingId}/agenda`, 'POST', {
      start: '2017-06-08T15:00',
      end: '2017-06-08T16:00',
      title: 'Terrorism, continued',
      priorityLineKeys: [lineKey],
    });
    assert.equal(added.statusCode, 200, added.body);
    const [entry] = (
      await platform.services.audit.list(
        { action: 'meeting.agenda_item_add', targetId: meetingId },
        1,
        1,
      )
    ).items;
    assert.equal(entry?.target_type, 'meeting');
    assert.match(entry.changes, new RegExp(lineKey));
  });

  test('when a later year agrees another wording, the 2017 records keep the wording of 2017', async () => {
    // The network agrees the 2018 version that rewords the line (its workflow is tested apart).
    await platform.services.database.db
      .updateTable('priority_frameworks')
      .set({ status: 'agreed', agreed_on: '2018-02-08', agreed_at: '1st JHA network meeting' })
      .where('year', '=', 2018)
      .execute();
    const agreed2018 = (await call(europolMember, '/api/priorities/2018')).json<FrameworkView>();
    assert.equal(agreed2018.sections[0]?.lines[0]?.text, DRAFT_2018);

    const meeting = (await call(europolMember, `/api/meetings/${meetingId}`)).json<MeetingDetail>();
    assert.deepEqual(meeting.agenda[0]?.priorityLines, [
      { key: lineKey, label: '2017 1.1.1', text: agreedText },
    ]);
    const document = (
      await call(europolMember, `/api/documents/${documentId}`)
    ).json<DocumentDetail>();
    assert.deepEqual(
      document.links.find((l) => l.type === 'priority_line'),
      { type: 'priority_line', id: lineKey, label: `2017 1.1.1: ${agreedText}` },
    );
    const page = await call(europolMember, `/meetings/${meetingId}`);
    assert.equal(
      page.body.includes(DRAFT_2018),
      false,
      'the 2017 meeting page shows the 2018 wording',
    );
  });
});
