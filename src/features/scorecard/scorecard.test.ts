import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { systemContext } from '../audit/audit.events.js';
import type { ActivityView } from './scorecard.model.js';

interface Page {
  items: ActivityView[];
  total: number;
  year: number;
  asOf: string | null;
}

interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
}

const base = {
  year: 2017,
  title: 'Joint investigation teams against migrant smuggling',
  lines: ['1.1.3'],
  lead: 'Eurojust',
  kind: 'operational-support',
  plannedStart: '2017-03-01',
  plannedEnd: '2017-12-31',
};

describe('scorecard API', () => {
  let platform: TestPlatform;
  let admin: Session;
  let eurojust: Session;
  let europol: Session;
  let frontex: Session;
  let member: Session;
  let observer: Session;

  const create = (as: Session, body: object) =>
    platform.request({ method: 'POST', url: '/api/activities', as, body });
  const list = async (as: Session, query = '') =>
    (await platform.request({ url: `/api/scorecard?year=2017${query}`, as })).json<Page>();

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    eurojust = await platform.session('contact', 'Eurojust');
    europol = await platform.session('contact', 'Europol');
    frontex = await platform.session('contact', 'Frontex');
    member = await platform.session('member', 'FRA');
    observer = await platform.session('observer', 'DG HOME');
  });
  after(() => platform.close());

  test('a contact point adds an activity their agency leads; everyone signed in reads it', async () => {
    const response = await create(eurojust, {
      ...base,
      participants: ['Europol', 'EASO'],
      partners: ['EMSA'],
      tags: ['fundamental-rights'],
      indicators: [{ name: 'JITs supported', unit: 'count', target: 10, value: 0 }],
      deliverables: [{ title: 'JIT guide', url: 'https://www.eurojust.europa.eu', date: null }],
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.headers.etag, '"1"');
    const activity = response.json<ActivityView>();
    assert.deepEqual(
      activity.lines.map((l) => l.code),
      ['1.1.3'],
    );
    assert.equal(activity.lead.acronym, 'Eurojust');
    assert.deepEqual(
      activity.participants.map((p) => p.acronym),
      ['EUAA', 'Europol'],
      'former acronyms resolve to the agency as it is now called',
    );
    assert.equal(activity.status, 'planned');
    const read = await platform.request({ url: `/api/activities/${activity.id}`, as: member });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json<ActivityView>().title, base.title);
  });

  test('bad input names every field at fault and stores nothing', async () => {
    const before = (await list(admin)).total;
    const response = await create(eurojust, {
      ...base,
      title: ' ',
      lines: ['1.1.99', '9.9'],
      participants: ['Nobody'],
      partners: ['Europol'],
      kind: 'party',
      plannedStart: '2017-02-30',
      plannedEnd: '2017-01-01',
      assessment: 'red',
      indicators: [{ name: '', unit: '', target: null, value: null }],
    });
    assert.equal(response.statusCode, 400);
    const fields = new Set(response.json<Problem>().errors?.map((e) => e.field));
    for (const field of [
      'title',
      'lines',
      'participants',
      'partners',
      'kind',
      'plannedStart',
      'assessmentReason',
      'indicators[0].name',
    ]) {
      assert.ok(fields.has(field), `expected an error on ${field}: ${response.body}`);
    }
    const unknownField = await create(eurojust, { ...base, colour: 'blue' });
    assert.equal(unknownField.statusCode, 400);
    const noPriorities = await create(eurojust, { ...base, year: 2030 });
    assert.equal(noPriorities.statusCode, 400);
    assert.match(noPriorities.body, /no agreed priorities for 2030/);
    assert.equal((await list(admin)).total, before);
  });

  test('contact points create only what their agency leads; members and observers not at all', async () => {
    const otherLead = await create(europol, base);
    assert.equal(otherLead.statusCode, 400);
    assert.equal(otherLead.json<Problem>().errors?.[0]?.field, 'lead');
    assert.equal((await create(member, { ...base, lead: 'FRA' })).statusCode, 404);
    assert.equal((await create(observer, base)).statusCode, 404);
    const byAdmin = await create(admin, { ...base, title: 'Set up by the secretariat' });
    assert.equal(byAdmin.statusCode, 201);
  });

  test('changes need the current version: stale 412, missing 428; outsiders get 404', async () => {
    const created = (
      await create(eurojust, { ...base, title: 'Versioned', participants: ['Europol'] })
    ).json<ActivityView>();
    const url = `/api/activities/${created.id}`;
    const patch = (as: Session, body: object, version?: string) =>
      platform.request({
        method: 'PATCH',
        url,
        as,
        body,
        headers: version ? { 'if-match': version } : {},
      });
    const changed = await patch(europol, { description: 'Joined by Europol' }, '"1"');
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.headers.etag, '"2"');
    const stale = await patch(eurojust, { description: 'Based on version 1' }, '"1"');
    assert.equal(stale.statusCode, 412);
    assert.equal(stale.json<{ currentVersion: number }>().currentVersion, 2);
    assert.equal((await patch(eurojust, { description: 'x' })).statusCode, 428);
    assert.equal((await patch(frontex, { description: 'Not ours' }, '"2"')).statusCode, 404);
    assert.equal((await patch(member, { description: 'Read only' }, '"2"')).statusCode, 404);
    const lead = await patch(europol, { lead: 'Europol', participants: [] }, '"2"');
    assert.equal(lead.statusCode, 400);
    assert.equal(lead.json<Problem>().errors?.[0]?.field, 'lead');
    const byAdmin = await patch(admin, { lead: 'Europol', participants: ['Eurojust'] }, '"2"');
    assert.equal(byAdmin.statusCode, 200);
    const unchanged = await patch(admin, { title: 'Versioned' }, '"3"');
    assert.equal(unchanged.headers.etag, '"3"', 'an unchanged save makes no new version');
    const stored = await platform.request({ url, as: member });
    assert.equal(stored.json<ActivityView>().description, 'Joined by Europol');
  });

  test('progress updates change status, assessment and indicators, and keep the history', async () => {
    const created = (
      await create(eurojust, {
        ...base,
        title: 'With progress',
        participants: ['Frontex'],
        indicators: [{ name: 'Cases', unit: 'count', target: 20, value: 0 }],
      })
    ).json<ActivityView>();
    const url = `/api/activities/${created.id}/updates`;
    const today = new Date().toISOString().slice(0, 10);
    const post = (as: Session, body: object, version: string) =>
      platform.request({ method: 'POST', url, as, body, headers: { 'if-match': version } });
    const first = await post(
      frontex,
      {
        postedOn: today,
        text: 'First cases opened',
        status: 'ongoing',
        assessment: 'amber',
        assessmentReason: 'Slow start',
        indicators: { Cases: 4 },
      },
      '"1"',
    );
    assert.equal(first.statusCode, 201, first.body);
    const updated = first.json<ActivityView>();
    assert.equal(updated.status, 'ongoing');
    assert.equal(updated.assessment, 'amber');
    assert.equal(updated.indicators[0]?.value, 4);
    assert.equal(first.headers.etag, '"2"');

    const bad = await post(
      eurojust,
      {
        postedOn: '2999-01-01',
        text: '',
        status: 'finished',
        assessment: 'red',
        indicators: { Unknown: 1 },
      },
      '"2"',
    );
    assert.equal(bad.statusCode, 400);
    const fields = new Set(bad.json<Problem>().errors?.map((e) => e.field));
    for (const field of ['postedOn', 'text', 'status', 'assessmentReason', 'indicators'])
      assert.ok(fields.has(field), `expected an error on ${field}`);
    const backdated = await post(eurojust, { postedOn: '2017-01-01', text: 'Too early' }, '"2"');
    assert.equal(backdated.statusCode, 400);
    assert.match(backdated.body, /last changed on/);
    assert.equal((await post(eurojust, { postedOn: today, text: 'Stale' }, '"1"')).statusCode, 412);
    assert.equal((await post(europol, { postedOn: today, text: 'No' }, '"2"')).statusCode, 404);

    const history = await platform.request({ url, as: member });
    const updates = history.json<{ organisation: string; changes: { status?: object } }[]>();
    assert.equal(updates.length, 1);
    const [update] = updates;
    assert.equal(update?.organisation, 'Frontex');
    assert.deepEqual(update.changes.status, { before: 'planned', after: 'ongoing' });
    const revisions = await platform.request({
      url: `/api/activities/${created.id}/revisions`,
      as: member,
    });
    assert.deepEqual(
      revisions.json<{ summary: string }[]>().map((r) => r.summary),
      ['update', 'created'],
    );
  });

  test('the scorecard as it stood on a date', async () => {
    await platform.services.scorecard.importHistory(systemContext, 2017, [
      {
        createdOn: '2017-02-20',
        input: {
          ...base,
          title: 'Toolbox on foreign terrorist fighters',
          description: '',
          lead: 'Europol',
          lines: ['1.2.1'],
          kind: 'toolbox',
          participants: ['Eurojust'],
          partners: [],
          tags: [],
          status: 'planned',
          assessment: 'green',
          assessmentReason: '',
          releasedToObservers: true,
          indicators: [],
          deliverables: [],
        },
        updates: [
          { by: 'Europol', postedOn: '2017-05-02', text: 'Drafting', status: 'ongoing' },
          { by: 'Eurojust', postedOn: '2017-11-30', text: 'Published', status: 'completed' },
        ],
      },
    ]);
    const statusOn = async (day: string) =>
      (await list(member, `&q=terrorist&asOf=${day}`)).items.map((a) => a.status);
    assert.deepEqual(await statusOn('2017-01-31'), []);
    assert.deepEqual(await statusOn('2017-03-01'), ['planned']);
    assert.deepEqual(await statusOn('2017-06-30'), ['ongoing']);
    assert.deepEqual(await statusOn('2017-12-31'), ['completed']);
    const now = await list(member, '&q=terrorist');
    assert.equal(now.asOf, null);
    assert.equal(now.items[0]?.status, 'completed');
    const one = await platform.request({
      url: `/api/activities/${now.items[0].id}?asOf=2017-06-30`,
      as: member,
    });
    assert.equal(one.json<ActivityView>().status, 'ongoing');
    const before = await platform.request({
      url: `/api/activities/${now.items[0].id}?asOf=2017-01-01`,
      as: member,
    });
    assert.equal(before.statusCode, 404);
  });

  test('filters, sorting and pagination; the as-of view answers the same as the live one', async () => {
    const byLead = await list(member, '&agency=Eurojust&agencyRole=lead');
    assert.ok(byLead.items.length > 0);
    assert.ok(byLead.items.every((a) => a.lead.acronym === 'Eurojust'));
    const joined = await list(member, '&agency=Europol&agencyRole=participant');
    assert.ok(joined.items.every((a) => a.participants.some((p) => p.acronym === 'Europol')));
    const section = await list(member, '&section=1.2');
    assert.ok(section.items.every((a) => a.lines.some((l) => l.section === '1.2')));
    const line = await list(member, '&line=1.1.3');
    assert.ok(line.total >= byLead.total);
    assert.ok(line.items.every((a) => a.lines.some((l) => l.code === '1.1.3')));
    assert.ok((await list(member, '&tag=fundamental-rights')).total >= 1);
    assert.equal((await list(member, '&agency=Nobody')).total, 0);
    assert.equal((await list(member, '&q=100%25')).total, 0, 'a % is taken literally');
    const sorted = await list(member, '&sort=title&direction=desc');
    const titles = sorted.items.map((a) => a.title.toLowerCase());
    assert.deepEqual(titles, [...titles].sort().reverse());
    const paged = await list(member, '&pageSize=2&page=2&sort=title');
    assert.equal(paged.items.length, 2);
    assert.equal(paged.items[0]?.title, (await list(member, '&sort=title')).items[2]?.title);
    const today = new Date().toISOString().slice(0, 10);
    for (const query of ['', '&agency=Europol', '&section=1.1', '&status=planned', '&q=jit']) {
      const live = (await list(member, `${query}&sort=title`)).items.map((a) => a.id).sort();
      const asOf = (await list(member, `${query}&sort=title&asOf=${today}`)).items
        .map((a) => a.id)
        .sort();
      assert.deepEqual(asOf, live, `as-of today equals now for "${query}"`);
    }
    const badSort = await platform.request({ url: '/api/scorecard?sort=colour', as: member });
    assert.equal(badSort.statusCode, 400);
  });

  test('observers see only what is released to them, in lists, counts and reads', async () => {
    const hidden = (
      await create(eurojust, {
        ...base,
        title: 'Operational, not released',
        releasedToObservers: false,
      })
    ).json<ActivityView>();
    const seen = await list(observer, '&pageSize=200');
    assert.ok(!seen.items.some((a) => a.id === hidden.id));
    assert.equal(seen.total, seen.items.length);
    assert.equal((await list(member, '&pageSize=200')).total, seen.total + 1);
    for (const url of [
      `/api/activities/${hidden.id}`,
      `/api/activities/${hidden.id}/updates`,
      `/api/activities/${hidden.id}/revisions`,
      `/api/activities/${hidden.id}?asOf=2099-01-01`,
    ]) {
      assert.equal((await platform.request({ url, as: observer })).statusCode, 404, url);
    }
    const today = new Date().toISOString().slice(0, 10);
    const asOf = await list(observer, `&asOf=${today}&pageSize=200`);
    assert.ok(!asOf.items.some((a) => a.id === hidden.id));
  });

  test('only administrators delete, with the current version', async () => {
    const created = (
      await create(eurojust, { ...base, title: 'Entered by mistake' })
    ).json<ActivityView>();
    const url = `/api/activities/${created.id}`;
    const remove = (as: Session, version: string) =>
      platform.request({ method: 'DELETE', url, as, headers: { 'if-match': version } });
    assert.equal((await remove(eurojust, '"1"')).statusCode, 404);
    assert.equal((await remove(admin, '"7"')).statusCode, 412);
    assert.equal((await remove(admin, '"1"')).statusCode, 204);
    assert.equal((await platform.request({ url, as: admin })).statusCode, 404);
    const audit = await platform.services.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', created.id)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['activity.create', 'activity.delete'],
    );
  });

  test('anonymous callers are refused', async () => {
    assert.equal((await platform.request({ url: '/api/scorecard' })).statusCode, 401);
  });
});
