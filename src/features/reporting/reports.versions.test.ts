import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { systemContext } from '../audit/audit.events.js';
import type { ActivityInput } from '../scorecard/scorecard.model.js';
import { seedDemoReportObligations } from './reporting.demo.js';

interface ReportBody {
  id: string;
  version: number;
  sections: { id: string; kind: string; version: number }[];
}

interface VersionBody {
  number: number;
  reason: string;
  asOf: string;
  createdBy: string;
}

interface ComparisonBody {
  from: VersionBody;
  to: VersionBody;
  counts: Record<string, number>;
  sections: {
    kind: string;
    origin: string;
    title: string;
    status: string;
    before: string;
    after: string;
    words: { op: string; text: string }[];
  }[];
}

function activity(overrides: Partial<ActivityInput>): ActivityInput {
  return {
    year: 2017,
    title: 'Joint training on border checks',
    description: '',
    lines: ['1.1.3'],
    lead: 'Frontex',
    participants: ['CEPOL'],
    partners: [],
    kind: 'joint-training',
    tags: [],
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

describe('report versions: kept on each change, compared section by section', () => {
  let platform: TestPlatform;
  let admin: Session;
  let europol: Session;
  let observer: Session;
  let reportId = '';

  const get = (url: string, as: Session | null) => platform.request({ url, as });
  const write = (
    method: 'POST' | 'PUT' | 'PATCH',
    url: string,
    as: Session,
    body: object,
    version?: number,
  ) =>
    platform.request({
      method,
      url,
      as,
      body,
      headers: version === undefined ? {} : { 'if-match': `"${String(version)}"` },
    });
  const report = async () => (await get(`/api/reports/${reportId}`, admin)).json<ReportBody>();
  const foreword = async () => {
    const section = (await report()).sections.find((s) => s.kind === 'foreword');
    assert.ok(section);
    return section;
  };
  const writeForeword = async (text: string) => {
    const section = await foreword();
    const saved = await write(
      'PUT',
      `/api/reports/${reportId}/sections/${section.id}`,
      admin,
      { text },
      section.version,
    );
    assert.equal(saved.statusCode, 200, saved.body);
    return section.id;
  };
  const compare = (from: number, to: number, as: Session | null = admin) =>
    get(`/api/reports/${reportId}/compare?from=${String(from)}&to=${String(to)}`, as);

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europol = await platform.session('contact', 'Europol');
    observer = await platform.session('observer', 'DG HOME');
    await seedDemoReportObligations(platform.services);
    await platform.services.scorecard.importHistory(systemContext, 2017, [
      { createdOn: '2017-01-20', input: activity({}), updates: [] },
      // Created after the report's first day, before its second: only the second reads it.
      {
        createdOn: '2017-11-15',
        input: activity({ title: 'Late', lines: ['2.2.1'] }),
        updates: [],
      },
    ]);
    const calendar = (await get('/api/reports/calendar?year=2017', admin)).json<{
      entries: { obligationId: string; recipientAcronym: string | null; period: string }[];
    }>();
    const entry = calendar.entries.find((e) => e.recipientAcronym === 'COSI' && e.period === 'end');
    assert.ok(entry);
    const created = await write('POST', '/api/reports', admin, {
      obligationId: entry.obligationId,
      asOf: '2017-10-31',
    });
    assert.equal(created.statusCode, 201, created.body);
    reportId = created.json<ReportBody>().id;
  });
  after(() => platform.close());

  test('starting, writing and another day of data each keep a version', async () => {
    const sectionId = await writeForeword('The network met twice.');
    await writeForeword('The network met three times in 2017.');
    // Saving the same text again changes nothing and keeps no version.
    await writeForeword('The network met three times in 2017.');
    const current = await report();
    const moved = await write(
      'PATCH',
      `/api/reports/${reportId}`,
      admin,
      { asOf: '2017-11-30' },
      current.version,
    );
    assert.equal(moved.statusCode, 200, moved.body);

    const { name } = await platform.services.database.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', admin.user.id)
      .executeTakeFirstOrThrow();
    const versions = await get(`/api/reports/${reportId}/versions`, admin);
    assert.equal(versions.statusCode, 200, versions.body);
    assert.deepEqual(
      versions.json<VersionBody[]>().map((v) => [v.number, v.reason, v.asOf, v.createdBy]),
      [
        [4, 'as_of', '2017-11-30', name],
        [3, 'section_edit', '2017-10-31', name],
        [2, 'section_edit', '2017-10-31', name],
        [1, 'created', '2017-10-31', name],
      ],
    );
    // The writes that kept them are audited as before: a section edit names the section.
    const audit = await platform.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_type as targetType'])
      .where('target_id', 'in', [reportId, sectionId])
      .orderBy('seq')
      .execute();
    assert.deepEqual(audit, [
      { action: 'report.create', targetType: 'report' },
      { action: 'report.section_edit', targetType: 'report_section' },
      { action: 'report.section_edit', targetType: 'report_section' },
      { action: 'report.update', targetType: 'report' },
    ]);
  });

  test('two saves of the foreword differ in its words only', async () => {
    const response = await compare(2, 3);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<ComparisonBody>();
    assert.equal(body.from.number, 2);
    assert.equal(body.to.number, 3);
    assert.deepEqual(body.counts, { unchanged: 8, changed: 1, added: 0, removed: 0 });
    const changed = body.sections.filter((s) => s.status === 'changed');
    assert.deepEqual(
      changed.map((s) => [s.kind, s.origin, s.title, s.before, s.after]),
      [
        [
          'foreword',
          'written',
          "Chair's foreword",
          'The network met twice.',
          'The network met three times in 2017.',
        ],
      ],
    );
    assert.deepEqual(changed[0]?.words, [
      { op: 'equal', text: 'The network met ' },
      { op: 'delete', text: 'twice.' },
      { op: 'insert', text: 'three times in 2017.' },
    ]);
  });

  test('the first version has an empty foreword; a later day regenerates the data sections', async () => {
    const first = (await compare(1, 2)).json<ComparisonBody>();
    const written = first.sections.find((s) => s.kind === 'foreword');
    assert.deepEqual(written?.words, [{ op: 'insert', text: 'The network met twice.' }]);

    const moved = (await compare(3, 4)).json<ComparisonBody>();
    assert.equal(moved.sections.find((s) => s.kind === 'foreword')?.status, 'unchanged');
    assert.equal(moved.sections.find((s) => s.kind === 'conclusions')?.status, 'unchanged');
    const progress = moved.sections.find((s) => s.kind === 'progress');
    assert.equal(progress?.status, 'changed');
    // Line 2.2.1 had no activity on 31 October and one on 30 November.
    assert.match(progress.before, /^2\.2\.1 \| [^\n]* \| 0$/m);
    assert.match(progress.after, /^2\.2\.1 \| [^\n]* \| 1$/m);
    assert.match(progress.before, /^On 2017-10-31, 1 joint activities served the priorities;/);
    assert.match(progress.after, /^On 2017-11-30, 2 joint activities served the priorities;/);
  });

  test('finalising keeps the frozen text as the last version', async () => {
    const current = await report();
    const finalised = await write(
      'POST',
      `/api/reports/${reportId}/finalise`,
      admin,
      {},
      current.version,
    );
    assert.equal(finalised.statusCode, 200, finalised.body);
    const versions = (await get(`/api/reports/${reportId}/versions`, admin)).json<VersionBody[]>();
    assert.deepEqual(
      versions.slice(0, 2).map((v) => [v.number, v.reason]),
      [
        [5, 'finalised'],
        [4, 'as_of'],
      ],
    );
    const body = (await compare(4, 5)).json<ComparisonBody>();
    assert.deepEqual(body.counts, { unchanged: 9, changed: 0, added: 0, removed: 0 });
  });

  test('bad version numbers are refused; missing ones are not found', async () => {
    for (const query of ['from=x&to=2', 'from=0&to=2', 'from=1', 'from=1&to=1e400']) {
      const response = await get(`/api/reports/${reportId}/compare?${query}`, admin);
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
    }
    assert.equal((await compare(1, 99)).statusCode, 404);
    assert.equal((await get('/api/reports/no-such-report/versions', admin)).statusCode, 404);
  });

  test('versions are drafts: a reader of the released report still gets 404', async () => {
    for (const reader of [europol, observer]) {
      assert.equal((await compare(1, 2, reader)).statusCode, 404);
      assert.equal((await get(`/api/reports/${reportId}/versions`, reader)).statusCode, 404);
      assert.equal((await get(`/reports/${reportId}/compare`, reader)).statusCode, 404);
    }
    const current = await report();
    const released = await write(
      'PATCH',
      `/api/reports/${reportId}`,
      admin,
      { audience: 'public' },
      current.version,
    );
    assert.equal(released.statusCode, 200, released.body);
    assert.equal((await get(`/api/reports/${reportId}`, europol)).statusCode, 200);
    assert.equal((await compare(1, 2, europol)).statusCode, 404);
    assert.equal((await get(`/reports/${reportId}/compare?from=1&to=2`, europol)).statusCode, 404);
    assert.doesNotMatch((await get(`/reports/${reportId}`, europol)).body, /Compare versions/);
    assert.equal((await compare(1, 2, null)).statusCode, 401);
  });

  test('the page compares side by side and in one text, with the versions named', async () => {
    const reportPage = await get(`/reports/${reportId}`, admin);
    assert.match(reportPage.body, new RegExp(`href="/reports/${reportId}/compare"`));

    const side = await get(`/reports/${reportId}/compare?from=2&to=3`, admin);
    assert.equal(side.statusCode, 200, side.body);
    assert.match(side.body, /Version 2: a written section saved, /);
    assert.match(side.body, /Sections: 1 changed, 8 unchanged, 0 added, 0 removed\./);
    assert.match(side.body, /<h4 class="ecl-u-type-heading-5">Version 2<\/h4>/);
    assert.match(side.body, /<del class="jh-diff-delete">.*twice\.<span/s);
    assert.match(side.body, /<ins class="jh-diff-insert">.*three times in 2017\.<span/s);

    const inline = await get(`/reports/${reportId}/compare?from=2&to=3&view=inline`, admin);
    assert.equal(inline.statusCode, 200);
    assert.doesNotMatch(inline.body, /<h4 class="ecl-u-type-heading-5">Version 2<\/h4>/);
    assert.match(inline.body, /twice\..*three times in 2017\./s);

    assert.equal(
      (await get(`/reports/${reportId}/compare?from=2&to=3&view=sideways`, admin)).statusCode,
      400,
    );
    assert.equal((await get(`/reports/${reportId}/compare?from=2&to=77`, admin)).statusCode, 404);
  });
});
