import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { systemContext } from '../audit/audit.events.js';
import type { ActivityInput, ProgressInput } from './scorecard.model.js';
import type { AgencyFigures, Coverage, AssessmentOnDay, SectionStatus } from './scorecard.views.js';

const TAG = 'views-test';

interface CoverageBody extends Coverage {
  year: number;
  asOf: string | null;
}
interface AgenciesBody {
  year: number;
  agencies: (Omit<AgencyFigures, 'agency'> & { acronym: string })[];
}
interface DashboardBody {
  year: number;
  asOf: string | null;
  headline: {
    activities: number;
    byStatus: Record<string, number>;
    byAssessment: Record<string, number>;
  };
  statusBySection: SectionStatus[];
  agencies: { acronym: string; leads: number; joins: number }[];
  assessmentOverTime: AssessmentOnDay[];
}

function input(overrides: Partial<ActivityInput>): ActivityInput {
  return {
    year: 2017,
    title: 'An activity',
    description: '',
    lines: ['1.1.3'],
    lead: 'Europol',
    participants: [],
    partners: [],
    kind: 'meeting',
    tags: [TAG],
    plannedStart: '2017-02-01',
    plannedEnd: '2017-10-31',
    status: 'planned',
    assessment: null,
    assessmentReason: '',
    releasedToObservers: true,
    indicators: [],
    deliverables: [],
    ...overrides,
  };
}

const SCRIPT_TITLE = 'Joint action days <script>alert(1)</script>';
const HIDDEN_TITLE = 'Operational analysis, not released';

describe('scorecard views: per agency, coverage, timeline, dashboard', () => {
  let platform: TestPlatform;
  let member: Session;
  let observer: Session;

  const api = async <T>(as: Session, path: string, query = '') => {
    const response = await platform.request({ url: `${path}?year=2017&tag=${TAG}${query}`, as });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<T>();
  };
  const page = async (as: Session, path: string, query = '') => {
    const response = await platform.request({ url: `${path}?year=2017&tag=${TAG}${query}`, as });
    assert.equal(response.statusCode, 200, response.body.slice(0, 2000));
    return response.body;
  };

  before(async () => {
    platform = await testPlatform();
    member = await platform.session('member', 'FRA');
    observer = await platform.session('observer', 'DG HOME');
    const update = (by: string, postedOn: string, rest: Partial<ProgressInput>) => ({
      by,
      postedOn,
      text: 'Progress',
      ...rest,
    });
    await platform.services.scorecard.importHistory(systemContext, 2017, [
      {
        createdOn: '2017-01-20',
        input: input({
          title: SCRIPT_TITLE,
          lines: ['1.1.3', '1.2.1'],
          participants: ['Eurojust', 'Frontex'],
          assessment: 'green',
          plannedStart: '2017-01-20',
          plannedEnd: '2017-06-30',
        }),
        updates: [
          update('Europol', '2017-03-10', {
            status: 'ongoing',
            assessment: 'amber',
            assessmentReason: 'Late',
          }),
          update('Eurojust', '2017-06-05', { status: 'completed', assessment: 'green' }),
        ],
      },
      {
        createdOn: '2017-02-01',
        input: input({
          title: 'Training on fundamental rights',
          lines: ['2.2.1'],
          lead: 'CEPOL',
          participants: ['FRA'],
          kind: 'joint-training',
        }),
        updates: [],
      },
      {
        createdOn: '2017-01-05',
        input: input({
          title: HIDDEN_TITLE,
          lines: ['2.4.4'],
          status: 'ongoing',
          assessment: 'red',
          assessmentReason: 'No analyst',
          releasedToObservers: false,
        }),
        updates: [],
      },
    ]);
  });
  after(() => platform.close());

  test('coverage counts activities per line and shows the gaps, per section', async () => {
    const body = await api<CoverageBody>(member, '/api/scorecard/coverage');
    assert.equal(body.year, 2017);
    assert.equal(body.asOf, null);
    assert.equal(body.lines, 46);
    assert.equal(body.covered, 4);
    const line = (code: string) =>
      body.sections.flatMap((s) => s.lines).find((l) => l.code === code)?.activities;
    assert.equal(line('1.1.3'), 1);
    assert.equal(line('1.2.1'), 1);
    assert.equal(line('2.4.4'), 1);
    assert.equal(line('1.1.1'), 0, 'a gap');
    const migration = body.sections.find((s) => s.number === '1.1');
    assert.equal(migration?.covered, 1);
    assert.equal(migration.lines.length, 13);
    const byCepol = await api<CoverageBody>(member, '/api/scorecard/coverage', '&agency=CEPOL');
    assert.equal(byCepol.covered, 1, 'the filters apply');
  });

  test('per agency: led and joined, by status and assessment, including idle agencies', async () => {
    const body = await api<AgenciesBody>(member, '/api/scorecard/agencies');
    const of = (acronym: string) => body.agencies.find((a) => a.acronym === acronym);
    assert.equal(body.agencies.length, 9, 'every member agency');
    assert.deepEqual([of('Europol')?.leads, of('Europol')?.joins], [2, 0]);
    assert.deepEqual([of('Eurojust')?.leads, of('Eurojust')?.joins], [0, 1]);
    assert.deepEqual([of('CEPOL')?.leads, of('FRA')?.joins], [1, 1]);
    assert.equal(of('EIGE')?.leads, 0);
    assert.deepEqual(of('Europol')?.byStatus, {
      planned: 0,
      ongoing: 1,
      completed: 1,
      postponed: 0,
      cancelled: 0,
    });
    assert.deepEqual(of('Europol')?.byAssessment, { red: 1, amber: 0, green: 1, none: 0 });
  });

  test('dashboard: status per section, agencies, and assessments at each month end', async () => {
    const body = await api<DashboardBody>(member, '/api/scorecard/dashboard');
    assert.deepEqual(body.headline, {
      activities: 3,
      byStatus: { planned: 1, ongoing: 1, completed: 1, postponed: 0, cancelled: 0 },
      byAssessment: { red: 1, amber: 0, green: 1, none: 1 },
    });
    const section = (number: string) => body.statusBySection.find((s) => s.number === number);
    assert.equal(section('1.1')?.byStatus.completed, 1);
    assert.equal(section('1.2')?.byStatus.completed, 1, 'counted in each section it serves');
    assert.equal(section('2.4')?.byStatus.ongoing, 1);
    assert.equal(section('2.2')?.byStatus.planned, 1);
    assert.equal(body.assessmentOverTime.length, 12);
    const month = (day: string) => body.assessmentOverTime.find((m) => m.day === day)?.counts;
    assert.deepEqual(month('2017-01-31'), { red: 1, amber: 0, green: 1, none: 0 });
    assert.deepEqual(month('2017-02-28'), { red: 1, amber: 0, green: 1, none: 1 });
    assert.deepEqual(month('2017-03-31'), { red: 1, amber: 1, green: 0, none: 1 });
    assert.deepEqual(month('2017-06-30'), { red: 1, amber: 0, green: 1, none: 1 });

    const april = await api<DashboardBody>(member, '/api/scorecard/dashboard', '&asOf=2017-04-30');
    assert.equal(april.asOf, '2017-04-30');
    assert.equal(april.assessmentOverTime.length, 4);
    assert.equal(
      april.statusBySection.find((s) => s.number === '1.1')?.byStatus.ongoing,
      1,
      'as it stood then',
    );
    const amber = await api<DashboardBody>(member, '/api/scorecard/dashboard', '&assessment=red');
    assert.deepEqual(
      amber.assessmentOverTime.slice(0, 3).map((m) => m.counts.red),
      [1, 1, 1],
    );
    assert.ok(amber.assessmentOverTime.every((m) => m.counts.green === 0));
  });

  test('observers count only what is released to them, in every view', async () => {
    const headline = (await api<DashboardBody>(observer, '/api/scorecard/dashboard')).headline;
    assert.equal(headline.activities, 2);
    assert.equal(headline.byAssessment.red, 0, 'the red activity is not released to observers');
    const coverage = await api<CoverageBody>(observer, '/api/scorecard/coverage');
    assert.equal(coverage.covered, 3);
    assert.equal(
      coverage.sections.flatMap((s) => s.lines).find((l) => l.code === '2.4.4')?.activities,
      0,
    );
    const agencies = await api<AgenciesBody>(observer, '/api/scorecard/agencies');
    assert.equal(agencies.agencies.find((a) => a.acronym === 'Europol')?.leads, 1);
    const dashboard = await api<DashboardBody>(observer, '/api/scorecard/dashboard');
    assert.ok(dashboard.assessmentOverTime.every((m) => m.counts.red === 0));
    assert.equal(dashboard.statusBySection.find((s) => s.number === '1.3')?.byStatus.ongoing, 0);
    assert.equal(dashboard.agencies.find((a) => a.acronym === 'Europol')?.leads, 1);
    const asOf = await api<DashboardBody>(observer, '/api/scorecard/dashboard', '&asOf=2017-01-31');
    assert.deepEqual(asOf.assessmentOverTime[0]?.counts, { red: 0, amber: 0, green: 1, none: 0 });
    for (const path of ['/scorecard/timeline', '/scorecard/dashboard', '/scorecard/coverage']) {
      const html = await page(observer, path);
      assert.ok(!html.includes(HIDDEN_TITLE), path);
    }
  });

  test('bad filters are refused by the API and reported on the pages; anonymous callers too', async () => {
    for (const query of ['status=finished', 'asOf=2017-02-30', 'year=1999', 'agencyRole=boss']) {
      const response = await platform.request({
        url: `/api/scorecard/coverage?${query}`,
        as: member,
      });
      assert.equal(response.statusCode, 400, query);
    }
    const html = await page(member, '/scorecard/coverage', '&status=finished&asOf=nope');
    assert.ok(html.includes('This value is not one of the choices'));
    assert.ok(html.includes('Enter the date as DD-MM-YYYY'));
    const anonymous = await platform.request({ url: '/api/scorecard/dashboard' });
    assert.equal(anonymous.statusCode, 401);
    const anonymousPage = await platform.request({ url: '/scorecard/dashboard' });
    assert.equal(anonymousPage.statusCode, 303);
    assert.match(anonymousPage.headers.location ?? '', /^\/login/);
  });

  test('the pages show the figures, link to the table and escape what the database holds', async () => {
    const agencies = await page(member, '/scorecard/agencies');
    assert.ok(agencies.includes('href="/scorecard?year=2017&amp;agency=Europol'));
    assert.ok(agencies.includes('agencyRole=lead'));
    assert.ok(agencies.includes('aria-label="2 activities led by Europol"'));

    const coverage = await page(member, '/scorecard/coverage');
    assert.match(coverage, /4 of 46 lines of action covered \(9%\)/);
    assert.ok(coverage.includes('No activity'));
    assert.ok(coverage.includes('Lines with no activity: 1.1.1, 1.1.2, 1.1.4'));
    assert.ok(coverage.includes('line=1.1.3'));

    for (const path of ['/scorecard/timeline', '/scorecard/timeline?by=lead']) {
      const timeline = await page(
        member,
        path.split('?')[0] ?? '',
        path.includes('?') ? '&by=lead' : '',
      );
      assert.match(timeline, /<svg viewBox="0 0 1000 \d+" width="100%" role="img" aria-label="/);
      assert.ok(!timeline.includes('<script>alert(1)'), 'titles are escaped');
      assert.ok(timeline.includes('Joint action days &lt;script&gt;alert(1)&lt;/script&gt;'));
    }

    const dashboard = await page(member, '/scorecard/dashboard');
    assert.equal(
      dashboard.match(/<svg [^>]*role="img"/g)?.length,
      6,
      'three charts, each drawn for a wide screen and for a phone',
    );
    assert.ok(!/ style="/.test(dashboard), 'nothing the content security policy would refuse');
    assert.ok(!dashboard.includes('<style'));
    assert.ok(
      [...dashboard.matchAll(/<script[^>]*>/g)].every((tag) => / src="\/assets\//.test(tag[0])),
      'scripts only from files the platform serves',
    );
    assert.ok(dashboard.includes('<figcaption'));
  });

  test('the timeline draws at most 200 bars and says how to see the rest', async () => {
    const many = Array.from({ length: 201 }, (_, index) => ({
      createdOn: '2017-02-01',
      input: input({ title: `Bulk ${String(index).padStart(3, '0')}`, tags: ['bulk'] }),
      updates: [],
    }));
    await platform.services.scorecard.importHistory(systemContext, 2017, many);
    const response = await platform.request({
      url: '/scorecard/timeline?year=2017&tag=bulk',
      as: member,
    });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /shows the first 200 of 201 activities/);
    assert.equal(
      response.body.match(/<rect /g)?.length,
      2 * 200 + 5,
      'bars of the wide and the narrow drawing, and legend swatches',
    );
    assert.ok(response.body.includes('href="/scorecard?year=2017&amp;tag=bulk"'));
  });
});
