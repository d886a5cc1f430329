import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import {
  testDb,
  testPlatform,
  type Session,
  type TestPlatform,
} from '../../../test/support/platform.js';
import type { OfferView, ToolboxDetail } from '../toolboxes/toolboxes.model.js';
import type { ActivityView } from './scorecard.model.js';
import type { RevisionView } from './scorecard.service.js';

interface LinkedOffers {
  version: number;
  offers: { id: string; title: string; agency: { acronym: string }; toolbox: { title: string } }[];
}

const RELEASED_TITLE = 'Joint analysis of smuggling routes';
const HIDDEN_TITLE = 'Operational briefing kept inside the network';
const ACTIVITY_TITLE = 'Common risk picture of migrant smuggling';

describe(`scorecard: activities linked to the offers of the toolboxes (${testDb})`, () => {
  let platform: TestPlatform;
  let admin: Session;
  let eurojust: Session;
  let frontex: Session;
  let member: Session;
  let observer: Session;
  let released: OfferView;
  let hidden: OfferView;
  let activity: ActivityView;

  const put = (as: Session, offers: readonly string[], version?: number) =>
    platform.request({
      method: 'PUT',
      url: `/api/activities/${activity.id}/offers`,
      as,
      body: { offers },
      headers: version === undefined ? {} : { 'if-match': `"${String(version)}"` },
    });
  const read = (as: Session) =>
    platform.request({ url: `/api/activities/${activity.id}/offers`, as });
  const storedLinks = async () =>
    (
      await platform.services.database.db
        .selectFrom('activity_offers')
        .select('offer_id')
        .where('activity_id', '=', activity.id)
        .orderBy('offer_id')
        .execute()
    ).map((row) => row.offer_id);
  const auditOf = (targetId: string) =>
    platform.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_type as targetType', 'target_id as targetId', 'changes'])
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute();

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    eurojust = await platform.session('contact', 'Eurojust');
    frontex = await platform.session('contact', 'Frontex');
    member = await platform.session('member', 'FRA');
    observer = await platform.session('observer', 'DG HOME');
    const toolboxAnswer = await platform.request({
      method: 'POST',
      url: '/api/toolboxes',
      as: admin,
      body: { title: 'Toolbox on migration', themes: [{ title: 'Migrant smuggling' }] },
    });
    assert.equal(toolboxAnswer.statusCode, 201, toolboxAnswer.body);
    const toolbox = toolboxAnswer.json<ToolboxDetail>();
    const addOffer = async (title: string, releasedToObservers: boolean) => {
      const answer = await platform.request({
        method: 'POST',
        url: `/api/toolboxes/${toolbox.id}/offers`,
        as: admin,
        body: {
          agency: 'Europol',
          kind: 'service',
          title,
          description: '',
          accessConditions: '',
          contactPoint: 'Operations directorate',
          legalBasis: '',
          themes: ['Migrant smuggling'],
          releasedToObservers,
        },
      });
      assert.equal(answer.statusCode, 201, answer.body);
      return answer.json<OfferView>();
    };
    released = await addOffer(RELEASED_TITLE, true);
    hidden = await addOffer(HIDDEN_TITLE, false);
    const created = await platform.request({
      method: 'POST',
      url: '/api/activities',
      as: eurojust,
      body: {
        year: 2017,
        title: ACTIVITY_TITLE,
        lines: ['1.1.3'],
        lead: 'Eurojust',
        kind: 'operational-support',
        plannedStart: '2017-03-01',
        plannedEnd: '2017-12-31',
        releasedToObservers: true,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    activity = created.json<ActivityView>();
  });
  after(() => platform.close());

  test('the lead links its activity to offers, as a new audited version; readers see the links both ways', async () => {
    const missing = await put(eurojust, [released.id]);
    assert.equal(missing.statusCode, 428);
    const answer = await put(eurojust, [released.id, hidden.id], 1);
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.headers.etag, '"2"');
    const linked = answer.json<LinkedOffers>();
    assert.equal(linked.version, 2);
    assert.deepEqual(
      linked.offers.map((o) => [o.title, o.agency.acronym, o.toolbox.title]),
      [
        [RELEASED_TITLE, 'Europol', 'Toolbox on migration'],
        [HIDDEN_TITLE, 'Europol', 'Toolbox on migration'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    assert.deepEqual(await storedLinks(), [released.id, hidden.id].sort());

    const entries = await auditOf(activity.id);
    const last = entries.at(-1);
    assert.equal(last?.action, 'activity.offers');
    assert.equal(last.targetType, 'activity');
    assert.equal(last.targetId, activity.id);
    assert.deepEqual(JSON.parse(last.changes), {
      offers: { before: [], after: [released.id, hidden.id].sort() },
    });

    const revisions = (
      await platform.request({ url: `/api/activities/${activity.id}/revisions`, as: member })
    ).json<RevisionView[]>();
    assert.deepEqual(revisions.map((r) => [r.version, r.summary]).sort(), [
      [1, 'created'],
      [2, 'offers'],
    ]);

    const byMember = await read(member);
    assert.equal(byMember.statusCode, 200);
    assert.equal(byMember.headers.etag, '"2"');
    assert.equal(byMember.json<LinkedOffers>().offers.length, 2);

    const page = await platform.request({
      url: `/scorecard/activities/${activity.id}`,
      as: member,
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(RELEASED_TITLE));
    assert.match(page.body, new RegExp(HIDDEN_TITLE));
    const offerPage = await platform.request({ url: `/toolbox-offers/${released.id}`, as: member });
    assert.equal(offerPage.statusCode, 200);
    assert.match(offerPage.body, new RegExp(ACTIVITY_TITLE));

    const again = await put(eurojust, [hidden.id, released.id], 2);
    assert.equal(again.statusCode, 200);
    assert.equal(again.headers.etag, '"2"', 'the same links are no change');
    const stale = await put(eurojust, [released.id], 1);
    assert.equal(stale.statusCode, 412);
  });

  test('an unknown offer is refused with 400 and nothing is stored', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const before = await auditOf(activity.id);
    const answer = await put(eurojust, [released.id, unknown], 2);
    assert.equal(answer.statusCode, 400, answer.body);
    const problem = answer.json<{ errors: { field: string; message: string }[] }>();
    assert.deepEqual(
      problem.errors.map((e) => e.field),
      ['offers'],
    );
    assert.match(problem.errors[0]?.message ?? '', new RegExp(unknown));
    const malformed = await put(eurojust, ['not-an-id'], 2);
    assert.equal(malformed.statusCode, 400);
    assert.deepEqual(await storedLinks(), [released.id, hidden.id].sort());
    assert.equal((await auditOf(activity.id)).length, before.length);
    assert.equal((await read(eurojust)).headers.etag, '"2"');
  });

  test('an offer hidden from the reader does not appear on the activity; others may not relink', async () => {
    const byObserver = await read(observer);
    assert.equal(byObserver.statusCode, 200);
    assert.deepEqual(
      byObserver.json<LinkedOffers>().offers.map((o) => o.title),
      [RELEASED_TITLE],
    );
    assert.doesNotMatch(byObserver.body, new RegExp(HIDDEN_TITLE));
    assert.doesNotMatch(byObserver.body, new RegExp(hidden.id));
    const page = await platform.request({
      url: `/scorecard/activities/${activity.id}`,
      as: observer,
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(RELEASED_TITLE));
    assert.doesNotMatch(page.body, new RegExp(HIDDEN_TITLE));
    assert.doesNotMatch(page.body, new RegExp(hidden.id));
    const hiddenPage = await platform.request({
      url: `/toolbox-offers/${hidden.id}`,
      as: observer,
    });
    assert.equal(hiddenPage.statusCode, 404);
    assert.doesNotMatch(hiddenPage.body, new RegExp(ACTIVITY_TITLE));

    for (const as of [observer, member, frontex]) {
      const refused = await put(as, [], 2);
      assert.equal(refused.statusCode, 404, refused.body);
    }
    assert.deepEqual(await storedLinks(), [released.id, hidden.id].sort());
  });

  test('the activity form picks offers, saved with the activity in one version', async () => {
    const edit = await platform.request({
      url: `/scorecard/activities/${activity.id}/edit`,
      as: eurojust,
    });
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /data-picker/);
    assert.match(edit.body, new RegExp(`value="${hidden.id}"[^>]*checked`));
    const saved = await platform.request({
      url: `/scorecard/activities/${activity.id}/edit`,
      as: eurojust,
      form: {
        _csrf: eurojust.csrfToken,
        version: '2',
        title: ACTIVITY_TITLE,
        description: '',
        lines: '1.1.3',
        lead: 'Eurojust',
        kind: 'operational-support',
        plannedStart: '2017-03-01',
        plannedEnd: '2017-12-31',
        status: 'planned',
        assessment: '',
        assessmentReason: '',
        releasedToObservers: 'yes',
        offers: released.id,
      },
    });
    assert.equal(saved.statusCode, 303, saved.body);
    assert.deepEqual(await storedLinks(), [released.id]);
    const last = (await auditOf(activity.id)).at(-1);
    assert.equal(last?.action, 'activity.update');
    assert.equal(last.targetId, activity.id);
    assert.deepEqual(JSON.parse(last.changes), {
      offers: { before: [released.id, hidden.id].sort(), after: [released.id] },
    });
    assert.equal((await read(eurojust)).headers.etag, '"3"');
  });
});
