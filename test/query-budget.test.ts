import assert from 'node:assert/strict';
import { after, before, describe, test } from './support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from './support/platform.js';
import { queriesOf } from './support/query-count.js';
import { seedDemoScorecard } from '../src/features/scorecard/scorecard.demo.js';
import { seedDemoMeetings } from '../src/features/meetings/demo.js';

/**
 * What a page may ask of the database beyond its JSON twin, counted query by query. Every page
 * draws the header's unread notifications (1); a list page reads the signed-in user's saved
 * views of it (1) and whether their organisation may add to it (1). Raising a figure here is a
 * decision to take in review, not a way to make the test pass.
 */
const PAGES_AND_TWINS = [
  {
    page: '/scorecard?year=2017',
    twin: '/api/scorecard?year=2017',
    // notifications, saved views, organisation kind, the years with priorities or activities
    beyondTwin: 4,
  },
  {
    page: '/documents',
    twin: '/api/documents',
    // notifications, saved views, organisation kind, the reader's clearance read for the filters
    beyondTwin: 4,
  },
  {
    page: '/meetings?year=2017',
    twin: '/api/meetings?from=2017-01-01T00:00:00Z&until=2018-01-01T00:00:00Z',
    // notifications, the years that hold meetings
    beyondTwin: 2,
  },
  {
    page: '/priorities/2017',
    twin: '/api/priorities/2017',
    // notifications, the versions and years for the navigation, the linked activities by line
    beyondTwin: 5,
  },
  { page: '/search?q=migration', twin: '/api/search?q=migration', beyondTwin: 1 },
  { page: '/reports', twin: '/api/reports', beyondTwin: 3 },
] as const;

/**
 * Requests with a budget of their own, each with the number of queries it may make: pages without
 * a twin, and the scorecard's list, whose queries were counted to make it faster.
 */
const PAGE_BUDGETS = [
  // the session; the registry and its former names, the year's agreed lines; the count and the
  // page's ids; the page's activities and their organisations, lines, tags, indicators and
  // deliverables
  { page: '/api/scorecard?year=2017', budget: 12 },
  // a contact point's home: what waits for their agency under each of its headings, the report
  // contributions and sign-offs among them; the chair's former names among the agencies'
  { page: '/', budget: 23 },
  // the account, its sessions and its second factors
  { page: '/account', budget: 9 },
] as const;

describe('the queries a request makes stay within its budget, whatever the data', () => {
  let platform: TestPlatform;
  let contact: Session;
  let member: Session;

  before(async () => {
    platform = await testPlatform();
    await seedDemoScorecard(platform.services);
    await seedDemoMeetings(platform.services);
    contact = await platform.session('contact', 'Frontex');
    member = await platform.session('member', 'FRA');
    await addRecords(3);
  });
  after(async () => {
    await (platform as TestPlatform | undefined)?.close();
  });

  /** Adds `count` activities led by Frontex and `count` documents it registers. */
  async function addRecords(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const suffix = `${String(Date.now())}-${String(i)}`;
      const activity = await platform.request({
        method: 'POST',
        url: '/api/activities',
        as: contact,
        body: {
          year: 2017,
          title: `Joint operation on migrant smuggling ${suffix}`,
          lines: ['1.1.3'],
          lead: 'Frontex',
          participants: ['Europol', 'EUAA'],
          tags: ['migration'],
          kind: 'operational-support',
          plannedStart: '2017-03-01',
          plannedEnd: '2017-12-31',
        },
      });
      assert.equal(activity.statusCode, 201, activity.body);
      const document = await platform.request({
        method: 'POST',
        url: '/api/documents',
        as: contact,
        body: {
          title: `Migration risk analysis ${suffix}`,
          documentType: 'analysis',
          language: 'en',
          marking: { classification: 'none', releasability: 'network' },
        },
      });
      assert.equal(document.statusCode, 201, document.body);
    }
  }

  async function countOf(url: string, as: Session): Promise<number> {
    const { result, queries } = await queriesOf(() => platform.request({ url, as }));
    assert.equal(result.statusCode, 200, `${url}: ${result.body.slice(0, 300)}`);
    return queries.length;
  }

  async function countsOf(as: Session): Promise<Map<string, number>> {
    const urls = [
      ...PAGES_AND_TWINS.flatMap(({ page, twin }) => [page, twin]),
      ...PAGE_BUDGETS.map(({ page }) => page),
    ];
    const counts = new Map<string, number>();
    for (const url of urls) counts.set(url, await countOf(url, as));
    return counts;
  }

  for (const { page, twin, beyondTwin } of PAGES_AND_TWINS) {
    test(`${page} asks at most ${String(beyondTwin)} more than ${twin}`, async () => {
      for (const as of [contact, member]) {
        const [pageQueries, twinQueries] = [await countOf(page, as), await countOf(twin, as)];
        assert.ok(
          pageQueries <= twinQueries + beyondTwin,
          `${page} made ${String(pageQueries)} queries, ${twin} ${String(twinQueries)}`,
        );
      }
    });
  }

  for (const { page, budget } of PAGE_BUDGETS) {
    test(`${page} makes at most ${String(budget)} queries`, async () => {
      for (const as of [contact, member]) {
        const made = await countOf(page, as);
        assert.ok(made <= budget, `${page} made ${String(made)} queries`);
      }
    });
  }

  test('an administrator’s page of a user asks at most 8 more than its twin', async () => {
    const admin = await platform.session('admin');
    const user = await platform.user('member', 'EIGE');
    // notifications, the agencies and the bodies for the form's organisation, the user's second
    // factors, their unused recovery codes and whether they must have a factor, their SSO
    // identities and the check that the user exists
    const beyondTwin = 8;
    const [pageQueries, twinQueries] = [
      await countOf(`/users/${user.id}`, admin),
      await countOf(`/api/users/${user.id}`, admin),
    ];
    assert.ok(
      pageQueries <= twinQueries + beyondTwin,
      `the page made ${String(pageQueries)} queries, its twin ${String(twinQueries)}`,
    );
  });

  test('more records do not make any request ask more: no query per row', async () => {
    const before = [await countsOf(contact), await countsOf(member)];
    await addRecords(12);
    const after = [await countsOf(contact), await countsOf(member)];
    assert.deepEqual(after.map(Object.fromEntries), before.map(Object.fromEntries));
  });
});
