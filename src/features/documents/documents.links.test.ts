import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { MeetingDetail } from '../meetings/meetings.service.js';
import type { ActivityView } from '../scorecard/scorecard.model.js';
import type { DocumentDetail } from './documents.model.js';

const UNPUBLISHED_ITEM = 'Restructuring of the analysis units';
const NO_SUCH_RECORD = '7f0c7bb4-4a38-4b6e-9f1e-6f6a0ab6f7aa';

/**
 * A document's links name meetings, agenda items and activities. Each is read through its own
 * record's rule: a reader who may not see the record sees no link, no label, and a list of the
 * documents linked to it that is the list for a record that does not exist.
 */
describe('document links are read through the linked record', () => {
  let platform: TestPlatform;
  let admin: Session;
  let europolContact: Session;
  let frontexContact: Session;
  let frontexMember: Session;
  let eigeMember: Session;
  let observer: Session;
  let meeting: MeetingDetail;
  let itemId: string;
  let documentId: string;

  const idOf = async (acronym: string) => (await platform.services.network.get(acronym)).id;
  const call = (
    as: Session,
    url: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' = 'GET',
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    platform.request({
      url,
      as,
      method,
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });

  async function createMeeting(host: string, invited: string[], title: string) {
    const response = await call(admin, '/api/meetings', 'POST', {
      kind: 'expert',
      title,
      hostOrganisationId: await idOf(host),
      venue: 'Headquarters',
      city: 'The Hague',
      timeZone: 'Europe/Amsterdam',
      start: '2017-09-12T09:00',
      end: '2017-09-12T17:00',
      invitedOrganisationIds: await Promise.all(invited.map(idOf)),
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<MeetingDetail>();
  }

  async function register(as: Session, body: Record<string, unknown>): Promise<DocumentDetail> {
    const response = await call(as, '/api/documents', 'POST', {
      title: 'Working paper',
      documentType: 'briefing',
      language: 'en',
      registeredOn: '2017-09-01',
      marking: { classification: 'none', releasability: 'network' },
      ...body,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ document: DocumentDetail }>().document;
  }

  /** The answers for a record that does not exist and for one the reader may not see. */
  async function assertListedAsMissing(as: Session, type: string, hiddenId: string) {
    for (const path of ['/api/documents', '/api/documents/export.csv', '/documents']) {
      const hidden = await call(as, `${path}?linkedType=${type}&linkedId=${hiddenId}`);
      const missing = await call(as, `${path}?linkedType=${type}&linkedId=${NO_SUCH_RECORD}`);
      assert.equal(hidden.statusCode, 200, hidden.body);
      assert.equal(hidden.statusCode, missing.statusCode);
      assert.equal(
        hidden.body.replaceAll(hiddenId, NO_SUCH_RECORD),
        missing.body,
        `${path} filtered by a hidden ${type}`,
      );
    }
  }

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europolContact = await platform.session('contact', 'Europol');
    frontexContact = await platform.session('contact', 'Frontex');
    frontexMember = await platform.session('member', 'Frontex');
    eigeMember = await platform.session('member', 'EIGE');
    observer = await platform.session('observer', 'DG HOME');

    meeting = await createMeeting('Europol', ['Frontex'], 'Analysis heads meeting');
    const item = await call(admin, `/api/meetings/${meeting.id}/agenda`, 'POST', {
      start: '2017-09-12T10:00',
      end: '2017-09-12T11:00',
      title: UNPUBLISHED_ITEM,
    });
    assert.equal(item.statusCode, 200, item.body);
    itemId = item.json<MeetingDetail>().agenda[0]?.id ?? '';
    documentId = (
      await register(europolContact, {
        title: 'Background to the heads meeting',
        links: { meetings: [meeting.id], agendaItems: [itemId] },
      })
    ).id;
  });
  after(() => platform.close());

  test('an agenda item shows only to those who may read the agenda', async () => {
    const read = async (as: Session) => {
      const response = await call(as, `/api/documents/${documentId}`);
      assert.equal(response.statusCode, 200, response.body);
      return response;
    };
    const byManager = (await read(europolContact)).json<DocumentDetail>();
    assert.deepEqual(
      byManager.links.map((l) => [l.type, l.label]),
      [
        ['meeting', 'Analysis heads meeting'],
        ['agenda_item', `Analysis heads meeting: ${UNPUBLISHED_ITEM}`],
      ],
    );

    const invited = await read(frontexMember);
    assert.equal(invited.body.includes(UNPUBLISHED_ITEM), false, 'the unpublished item shows');
    assert.deepEqual(
      invited.json<DocumentDetail>().links.map((l) => l.type),
      ['meeting'],
    );
    const page = await call(frontexMember, `/documents/${documentId}`);
    assert.equal(page.body.includes(UNPUBLISHED_ITEM), false);
    const outsider = await read(eigeMember);
    assert.deepEqual(outsider.json<DocumentDetail>().links, []);

    await assertListedAsMissing(frontexMember, 'agenda_item', itemId);
    await assertListedAsMissing(eigeMember, 'meeting', meeting.id);

    const published = await call(admin, `/api/meetings/${meeting.id}/agenda/publish`, 'POST');
    assert.equal(published.statusCode, 200, published.body);
    assert.deepEqual(
      (await read(frontexMember)).json<DocumentDetail>().links.map((l) => l.label),
      ['Analysis heads meeting', `Analysis heads meeting: ${UNPUBLISHED_ITEM}`],
    );
    const listed = await call(
      frontexMember,
      `/api/documents?linkedType=agenda_item&linkedId=${itemId}`,
    );
    assert.deepEqual(
      listed.json<{ items: { id: string }[] }>().items.map((d) => d.id),
      [documentId],
    );
    await assertListedAsMissing(eigeMember, 'agenda_item', itemId);
  });

  test('an unpublished agenda item cannot be linked by one who may not read the agenda', async () => {
    const other = await createMeeting('Frontex', ['Europol'], 'Returns working group');
    const item = await call(frontexContact, `/api/meetings/${other.id}/agenda`, 'POST', {
      start: '2017-09-12T10:00',
      end: '2017-09-12T11:00',
      title: 'Charter flights',
    });
    assert.equal(item.statusCode, 200, item.body);
    const otherItem = item.json<MeetingDetail>().agenda[0]?.id ?? '';
    const refused = await call(europolContact, '/api/documents', 'POST', {
      title: 'Note on charter flights',
      documentType: 'briefing',
      language: 'en',
      marking: { classification: 'none', releasability: 'network' },
      links: { agendaItems: [otherItem] },
    });
    const unknown = await call(europolContact, '/api/documents', 'POST', {
      title: 'Note on charter flights',
      documentType: 'briefing',
      language: 'en',
      marking: { classification: 'none', releasability: 'network' },
      links: { agendaItems: [NO_SUCH_RECORD] },
    });
    assert.equal(refused.statusCode, 400, refused.body);
    const errors = (body: string) => (JSON.parse(body) as { errors: unknown[] }).errors;
    assert.deepEqual(errors(refused.body), errors(unknown.body));
  });

  test('an activity observers may not read is neither shown nor listed to them', async () => {
    const activity = await call(europolContact, '/api/activities', 'POST', {
      year: 2017,
      title: 'Internal review of analysis methods',
      lines: ['1.1.1'],
      lead: 'Europol',
      kind: 'other',
      plannedStart: '2017-03-01',
      plannedEnd: '2017-12-31',
      releasedToObservers: false,
    });
    assert.equal(activity.statusCode, 201, activity.body);
    const activityId = activity.json<ActivityView>().id;
    const document = await register(europolContact, {
      title: 'Review note for DG HOME',
      marking: {
        classification: 'none',
        releasability: 'named',
        releasedTo: [await idOf('DG HOME')],
      },
      links: { activities: [activityId] },
    });
    const read = await call(observer, `/api/documents/${document.id}`);
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(read.json<DocumentDetail>().links, []);
    assert.equal(read.body.includes('Internal review of analysis methods'), false);
    await assertListedAsMissing(observer, 'activity', activityId);
  });

  test('an edit keeps the links its editor may not see', async () => {
    const hosted = await createMeeting('Frontex', ['Europol'], 'Frontex liaison meeting');
    const document = await register(europolContact, {
      title: 'Liaison note',
      links: { meetings: [hosted.id] },
    });
    const uninvited = await call(
      frontexContact,
      `/api/meetings/${hosted.id}/invitations/${await idOf('Europol')}`,
      'DELETE',
    );
    assert.equal(uninvited.statusCode, 200, uninvited.body);
    const before = await call(europolContact, `/api/documents/${document.id}`);
    assert.deepEqual(before.json<DocumentDetail>().links, []);

    const edited = await call(
      europolContact,
      `/api/documents/${document.id}`,
      'PATCH',
      { links: { priorityLines: ['1.1.1'] } },
      { 'if-match': `"${String(before.json<DocumentDetail>().version)}"` },
    );
    assert.equal(edited.statusCode, 200, edited.body);
    assert.deepEqual(
      edited.json<DocumentDetail>().links.map((l) => l.type),
      ['priority_line'],
    );
    const byAdmin = await call(admin, `/api/documents/${document.id}`);
    assert.deepEqual(
      byAdmin
        .json<DocumentDetail>()
        .links.map((l) => l.type)
        .sort(),
      ['meeting', 'priority_line'],
    );
    const [entry] = (
      await platform.services.audit.list({ action: 'document.update', targetId: document.id }, 1, 1)
    ).items;
    assert.equal(entry?.target_type, 'document');
  });
});
