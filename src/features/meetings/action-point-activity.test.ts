import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { ActivityView } from '../scorecard/scorecard.model.js';

interface ActionPoint {
  id: string;
  activityId: string | null;
  version: number;
}

describe('action points carried out by scorecard activities', () => {
  let platform: TestPlatform;
  let admin: Session;
  let europol: Session;
  let frontex: Session;
  let observer: Session;
  let meetingId: string;
  let point: ActionPoint;

  const idOf = async (acronym: string) => (await platform.services.network.get(acronym)).id;
  const pointUrl = () => `/api/meetings/${meetingId}/action-points/${point.id}`;
  const link = (as: Session, activityId: string | null, version: number) =>
    platform.request({
      method: 'PATCH',
      url: pointUrl(),
      as,
      body: { activityId },
      headers: { 'if-match': `"${String(version)}"` },
    });

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europol = await platform.session('contact', 'Europol');
    frontex = await platform.session('contact', 'Frontex');
    observer = await platform.session('observer', 'DG HOME');
    const meeting = await platform.request({
      method: 'POST',
      url: '/api/meetings',
      as: admin,
      body: {
        kind: 'network',
        title: 'Network meeting',
        hostOrganisationId: await idOf('EUDA'),
        venue: 'EMCDDA premises',
        city: 'Lisbon',
        timeZone: 'Europe/Lisbon',
        start: '2017-03-09T13:00',
        invitedOrganisationIds: [
          await idOf('Europol'),
          await idOf('Frontex'),
          await idOf('DG HOME'),
        ],
      },
    });
    assert.equal(meeting.statusCode, 201, meeting.body);
    meetingId = meeting.json<{ id: string }>().id;
    const created = await platform.request({
      method: 'POST',
      url: `/api/meetings/${meetingId}/action-points`,
      as: admin,
      body: {
        text: 'Update the toolbox on foreign terrorist fighters',
        ownerOrganisationId: await idOf('Europol'),
        dueOn: '2017-11-30',
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    point = created.json<ActionPoint>();
  });
  after(() => platform.close());

  test('the owner links an activity it may read; unknown or stale links are refused', async () => {
    const activity = (
      await platform.request({
        method: 'POST',
        url: '/api/activities',
        as: europol,
        body: {
          year: 2017,
          title: 'Toolbox on foreign terrorist fighters',
          lines: ['1.2.1'],
          lead: 'Europol',
          kind: 'toolbox',
          plannedStart: '2017-03-10',
          plannedEnd: '2017-11-30',
        },
      })
    ).json<ActivityView>();
    const unknown = await link(europol, '00000000-0000-4000-8000-000000000000', point.version);
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /activityId/);
    assert.equal((await link(frontex, activity.id, point.version)).statusCode, 404);
    const linked = await link(europol, activity.id, point.version);
    assert.equal(linked.statusCode, 200, linked.body);
    assert.equal(linked.json<ActionPoint>().activityId, activity.id);
    assert.equal((await link(europol, null, point.version)).statusCode, 412);
    point = linked.json<ActionPoint>();
    const meeting = await platform.request({ url: `/meetings/${meetingId}`, as: europol });
    assert.match(meeting.body, new RegExp(`/scorecard/activities/${activity.id}`));
    const unlinked = await link(admin, null, point.version);
    assert.equal(unlinked.json<ActionPoint>().activityId, null);
    point = unlinked.json<ActionPoint>();
  });

  test('an action point turns into an activity through the form, which links them', async () => {
    const query = `year=2017&meeting=${meetingId}&actionPoint=${point.id}`;
    const form = await platform.request({ url: `/scorecard/activities/new?${query}`, as: europol });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="Update the toolbox on foreign terrorist fighters"/);
    // The due day is the planned end, shown day first as every date field shows it.
    assert.match(form.body, /name="plannedEnd"[^>]*value="30-11-2017"/);
    const saved = await platform.request({
      url: `/scorecard/activities/new?${query}`,
      as: europol,
      form: {
        _csrf: europol.csrfToken,
        title: 'Update the toolbox on foreign terrorist fighters',
        lines: '1.2.1',
        lead: 'Europol',
        kind: 'toolbox',
        plannedStart: '2017-03-09',
        plannedEnd: '2017-11-30',
        status: 'planned',
        releasedToObservers: 'yes',
      },
    });
    assert.equal(saved.statusCode, 303, saved.body);
    assert.match(String(saved.headers.location), /\?saved=1$/);
    const activityId = /activities\/([0-9a-f-]{36})/.exec(String(saved.headers.location))?.[1];
    const meeting = await platform.request({ url: `/api/meetings/${meetingId}`, as: europol });
    const stored = meeting.json<{ actionPoints: ActionPoint[] }>().actionPoints[0];
    assert.equal(stored?.activityId, activityId);
    const hidden = await platform.request({
      url: `/scorecard/activities/new?year=2017&meeting=${meetingId}&actionPoint=00000000-0000-4000-8000-000000000000`,
      as: europol,
    });
    assert.equal(hidden.statusCode, 404);
  });

  test('an action point names its activity only to those who may read the activity', async () => {
    const created = await platform.request({
      method: 'POST',
      url: `/api/meetings/${meetingId}/action-points`,
      as: admin,
      body: {
        text: 'Review the internal analysis methods',
        ownerOrganisationId: await idOf('Europol'),
        dueOn: '2017-12-15',
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const internal = await platform.request({
      method: 'POST',
      url: '/api/activities',
      as: europol,
      body: {
        year: 2017,
        title: 'Internal review of analysis methods',
        lines: ['1.2.1'],
        lead: 'Europol',
        kind: 'other',
        plannedStart: '2017-03-10',
        plannedEnd: '2017-12-15',
        releasedToObservers: false,
      },
    });
    assert.equal(internal.statusCode, 201, internal.body);
    const activityId = internal.json<ActivityView>().id;
    const pointId = created.json<ActionPoint>().id;
    const linked = await platform.request({
      method: 'PATCH',
      url: `/api/meetings/${meetingId}/action-points/${pointId}`,
      as: europol,
      body: { activityId },
      headers: { 'if-match': `"${String(created.json<ActionPoint>().version)}"` },
    });
    assert.equal(linked.statusCode, 200, linked.body);
    const [entry] = (
      await platform.services.audit.list(
        { action: 'meeting.action_point_update', targetId: pointId },
        1,
        1,
      )
    ).items;
    assert.equal(entry?.target_type, 'action_point');

    const activityOf = async (as: Session) => {
      const meeting = await platform.request({ url: `/api/meetings/${meetingId}`, as });
      assert.equal(meeting.statusCode, 200, meeting.body);
      return meeting
        .json<{ actionPoints: ActionPoint[] }>()
        .actionPoints.find((p) => p.id === pointId)?.activityId;
    };
    assert.equal(await activityOf(frontex), activityId);
    assert.equal(await activityOf(observer), null);
    const page = await platform.request({ url: `/meetings/${meetingId}`, as: observer });
    assert.equal(page.statusCode, 200);
    assert.equal(page.body.includes(activityId), false, 'the page links the hidden activity');
  });
});
