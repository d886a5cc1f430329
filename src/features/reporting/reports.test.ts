import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { systemContext } from '../audit/audit.events.js';
import type { ActivityInput } from '../scorecard/scorecard.model.js';
import type { ReportDocument, ReportTable } from './report-document.js';
import { seedDemoReportObligations } from './reporting.demo.js';

interface CalendarBody {
  year: number;
  entries: {
    obligationId: string;
    kind: string;
    period: string;
    recipientAcronym: string | null;
    dueOn: string | null;
    chair: string | null;
    status: string;
    reportId: string | null;
  }[];
}

interface ReportBody {
  id: string;
  title: string;
  asOf: string;
  status: string;
  version: number;
  hash: string | null;
  sections: { id: string; origin: string; kind: string; title: string; version: number }[];
  document: ReportDocument;
}

const HIDDEN_TITLE = 'Operational analysis kept inside the network';

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

/** Every table of a section and its subsections. */
function tablesOf(document: ReportDocument, title: string): ReportTable[] {
  const section = document.sections.find((s) => s.title === title);
  assert.ok(section, `the report has a section "${title}"`);
  return [section, ...section.subsections].flatMap((s) =>
    s.blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : [])),
  );
}

describe('reports: calendar, drafts assembled as of a day, finalising, readers', () => {
  let platform: TestPlatform;
  let admin: Session;
  let europol: Session;
  let observer: Session;
  let cosiEnd: string;

  const get = (url: string, as: Session | null) => platform.request({ url, as });
  const write = (
    method: 'POST' | 'PUT' | 'PATCH',
    url: string,
    as: Session,
    body?: object,
    version?: number,
  ) =>
    platform.request({
      method,
      url,
      as,
      ...(body ? { body } : {}),
      headers: version === undefined ? {} : { 'if-match': `"${String(version)}"` },
    });
  const auditOf = (targetId: string) =>
    platform.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_type as targetType', 'target_id as targetId'])
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute();

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europol = await platform.session('contact', 'Europol');
    observer = await platform.session('observer', 'DG HOME');
    await seedDemoReportObligations(platform.services);
    await platform.services.scorecard.importHistory(systemContext, 2017, [
      { createdOn: '2017-01-20', input: activity({}), updates: [] },
      {
        createdOn: '2017-03-01',
        input: activity({
          title: HIDDEN_TITLE,
          lines: ['1.2.1', '1.1.3'],
          lead: 'Europol',
          participants: ['Eurojust'],
          kind: 'joint-product',
          releasedToObservers: false,
        }),
        updates: [],
      },
      // After the day of the report: it must not count.
      {
        createdOn: '2017-11-15',
        input: activity({ title: 'Late', lines: ['2.2.1'] }),
        updates: [],
      },
    ]);
    const calendar = (await get('/api/reports/calendar?year=2017', admin)).json<CalendarBody>();
    const entry = calendar.entries.find((e) => e.recipientAcronym === 'COSI' && e.period === 'end');
    assert.ok(entry);
    cosiEnd = entry.obligationId;
  });
  after(() => platform.close());

  test('the 2017 calendar lists the paper’s obligations with their chair, as named then', async () => {
    const response = await get('/api/reports/calendar?year=2017', europol);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<CalendarBody>();
    assert.deepEqual(
      body.entries.map((e) => [e.kind, e.recipientAcronym, e.period, e.dueOn, e.chair]),
      [
        ['progress', 'COSI', 'beginning', '2017-03-31', 'EMCDDA'],
        ['progress', 'LIBE Secretariat', 'beginning', '2017-03-31', 'EMCDDA'],
        ['final', null, 'end', '2017-11-03', 'EMCDDA'],
        ['progress', 'COSI', 'end', '2017-12-31', 'EMCDDA'],
        ['progress', 'LIBE Secretariat', 'end', '2017-12-31', 'EMCDDA'],
        ['annual', null, 'end', '2018-01-31', 'EMCDDA'],
      ],
    );
    // Every due day is long past and nothing was submitted.
    assert.ok(body.entries.every((e) => e.status === 'overdue'));
    const page = await get('/reports?year=2017', europol);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Heads of JHA agencies&#39;? meeting|Heads of JHA agencies' meeting/);
    assert.equal((await get('/api/reports/calendar?year=2017', null)).statusCode, 401);
  });

  test('overdue reports show on the secretariat’s home page only', async () => {
    const secretariat = await get('/', admin);
    assert.match(secretariat.body, /Reports overdue/);
    assert.match(secretariat.body, /Report at the end of 2017 \(COSI\)/);
    const contact = await get('/', europol);
    assert.doesNotMatch(contact.body, /Reports overdue/);
  });

  test('only the secretariat starts a report; a draft is nobody else’s to see', async () => {
    const refused = await write('POST', '/api/reports', europol, {
      obligationId: cosiEnd,
      asOf: '2017-06-30',
    });
    assert.equal(refused.statusCode, 404);
    for (const asOf of ['2017-02-30', '2016-12-31', 'x'.repeat(10), '2017-06-3\u0000']) {
      const bad = await write('POST', '/api/reports', admin, { obligationId: cosiEnd, asOf });
      assert.equal(bad.statusCode, 400, `${asOf}: ${bad.body}`);
    }
    const created = await write('POST', '/api/reports', admin, {
      obligationId: cosiEnd,
      asOf: '2017-06-30',
    });
    assert.equal(created.statusCode, 201, created.body);
    const report = created.json<ReportBody>();
    assert.equal(report.title, 'Report of the JHA agencies network to COSI: end of 2017');
    assert.deepEqual(
      report.sections.map((s) => `${s.origin} ${s.kind}`),
      [
        'written foreword',
        'data priorities',
        'data progress',
        'data agencies',
        'data meetings',
        'data action_points',
        'data documents',
        'data products',
        'written conclusions',
      ],
    );
    assert.deepEqual(await auditOf(report.id), [
      { action: 'report.create', targetType: 'report', targetId: report.id },
    ]);
    const again = await write('POST', '/api/reports', admin, {
      obligationId: cosiEnd,
      asOf: '2017-06-30',
    });
    assert.equal(again.statusCode, 409);

    for (const reader of [europol, observer]) {
      assert.equal((await get(`/api/reports/${report.id}`, reader)).statusCode, 404);
      assert.equal((await get(`/reports/${report.id}/print`, reader)).statusCode, 404);
      assert.deepEqual((await get('/api/reports', reader)).json(), []);
      const calendar = (await get('/api/reports/calendar?year=2017', reader)).json<CalendarBody>();
      const entry = calendar.entries.find((e) => e.obligationId === cosiEnd);
      assert.equal(entry?.reportId, null);
    }
    const mine = (await get('/api/reports/calendar?year=2017', admin)).json<CalendarBody>();
    assert.equal(mine.entries.find((e) => e.obligationId === cosiEnd)?.reportId, report.id);
  });

  test('a report as of a day agrees with the scorecard as of that day', async () => {
    const report = (await get('/api/reports', admin)).json<{ id: string }[]>()[0];
    assert.ok(report);
    const body = (await get(`/api/reports/${report.id}`, admin)).json<ReportBody>();
    assert.equal(body.document.asOf, '2017-06-30');
    const coverage = (await get('/api/scorecard/coverage?year=2017&asOf=2017-06-30', admin)).json<{
      sections: { lines: { code: string; activities: number }[] }[];
    }>();
    const expected = coverage.sections.flatMap((s) =>
      s.lines.map((l) => [l.code, String(l.activities)]),
    );
    const [lines] = tablesOf(body.document, 'Progress per section and line of action');
    assert.ok(lines);
    assert.deepEqual(
      lines.rows.map((row) => [row[0], row[2]]),
      expected,
    );
    // Read by hand: two activities by the end of June serve 1.1.3, one serves 1.2.1.
    assert.deepEqual(
      lines.rows.filter((row) => row[2] !== '0').map((row) => [row[0], row[2]]),
      [
        ['1.1.3', '2'],
        ['1.2.1', '1'],
      ],
    );
    const [agencies] = tablesOf(body.document, 'What each agency led and joined');
    assert.ok(agencies);
    const led = new Map(agencies.rows.map((row) => [row[0], [row[1], row[2]]]));
    assert.deepEqual(led.get('Europol'), ['1', '0']);
    assert.deepEqual(led.get('Frontex'), ['1', '0']);
    assert.deepEqual(led.get('CEPOL'), ['0', '1']);
    assert.ok(led.has('EMCDDA'), 'the drugs agency is named as it was in 2017');
    assert.equal(body.document.chair, 'EMCDDA');
  });

  test('written sections take If-Match; data sections have no text', async () => {
    const report = (await get('/api/reports', admin)).json<{ id: string }[]>()[0];
    assert.ok(report);
    const body = (await get(`/api/reports/${report.id}`, admin)).json<ReportBody>();
    const foreword = body.sections.find((s) => s.kind === 'foreword');
    const data = body.sections.find((s) => s.kind === 'progress');
    assert.ok(foreword && data);
    const url = `/api/reports/${report.id}/sections/${foreword.id}`;
    assert.equal((await write('PUT', url, admin, { text: 'Hello' })).statusCode, 428);
    const saved = await write('PUT', url, admin, { text: 'The chair opens.' }, foreword.version);
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.headers.etag, `"${String(foreword.version + 1)}"`);
    const stale = await write('PUT', url, admin, { text: 'Lost' }, foreword.version);
    assert.equal(stale.statusCode, 412);
    assert.deepEqual(await auditOf(foreword.id), [
      { action: 'report.section_edit', targetType: 'report_section', targetId: foreword.id },
    ]);
    const generated = await write(
      'PUT',
      `/api/reports/${report.id}/sections/${data.id}`,
      admin,
      { text: 'No' },
      data.version,
    );
    assert.equal(generated.statusCode, 409);
    const byContact = await write('PUT', url, europol, { text: 'Mine' }, foreword.version + 1);
    assert.equal(byContact.statusCode, 404);
    for (const text of ['\u0000', '\ud800', 'x'.repeat(50_001)]) {
      const bad = await write('PUT', url, admin, { text }, foreword.version + 1);
      assert.equal(bad.statusCode, 400, JSON.stringify(text.slice(0, 5)));
    }
  });

  test('finalising freezes the report with its hash: later data never change it', async () => {
    const listed = (await get('/api/reports', admin)).json<{ id: string; version: number }[]>()[0];
    assert.ok(listed);
    const finalised = await write(
      'POST',
      `/api/reports/${listed.id}/finalise`,
      admin,
      undefined,
      listed.version,
    );
    assert.equal(finalised.statusCode, 200, finalised.body);
    const report = finalised.json<ReportBody>();
    assert.equal(report.status, 'final');
    assert.equal(report.document.edition, 'final');
    const stored = await platform.services.database.db
      .selectFrom('reports')
      .select(['final_document', 'final_hash'])
      .where('id', '=', listed.id)
      .executeTakeFirstOrThrow();
    assert.ok(stored.final_document);
    assert.equal(
      stored.final_hash,
      createHash('sha256').update(stored.final_document).digest('hex'),
    );
    assert.equal(report.hash, stored.final_hash);
    assert.deepEqual((await auditOf(listed.id)).map((e) => e.action).slice(-1), [
      'report.finalise',
    ]);

    // An activity recorded afterwards as of May changes the scorecard of June...
    await platform.services.scorecard.importHistory(systemContext, 2017, [
      { createdOn: '2017-05-02', input: activity({ title: 'Recorded late' }), updates: [] },
    ]);
    const coverage = (await get('/api/scorecard/coverage?year=2017&asOf=2017-06-30', admin)).json<{
      sections: { lines: { code: string; activities: number }[] }[];
    }>();
    const line = coverage.sections.flatMap((s) => s.lines).find((l) => l.code === '1.1.3');
    assert.equal(line?.activities, 3);
    // ...but not the finalised report, nor its foreword.
    const after = (await get(`/api/reports/${listed.id}`, admin)).json<ReportBody>();
    assert.deepEqual(after.document, report.document);
    assert.equal(after.hash, report.hash);
    const foreword = after.sections.find((s) => s.kind === 'foreword');
    assert.ok(foreword);
    const edit = await write(
      'PUT',
      `/api/reports/${listed.id}/sections/${foreword.id}`,
      admin,
      { text: 'Changed' },
      foreword.version,
    );
    assert.equal(edit.statusCode, 409);
    const again = await write(
      'POST',
      `/api/reports/${listed.id}/finalise`,
      admin,
      undefined,
      after.version,
    );
    assert.equal(again.statusCode, 409);
  });

  test('the report carries LIMITE; the public edition leaves out what is not public', async () => {
    const listed = (await get('/api/reports', admin)).json<{ id: string; version: number }[]>()[0];
    assert.ok(listed);
    const full = (await get(`/api/reports/${listed.id}`, admin)).json<ReportBody>();
    assert.deepEqual(full.document.marking, { label: 'LIMITE', public: false });

    const released = await write(
      'PATCH',
      `/api/reports/${listed.id}`,
      admin,
      { audience: 'observers' },
      listed.version,
    );
    assert.equal(released.statusCode, 200, released.body);
    assert.deepEqual((await auditOf(listed.id)).map((e) => e.action).slice(-1), ['report.update']);

    const asMember = (await get(`/api/reports/${listed.id}`, europol)).json<ReportBody>();
    assert.equal(asMember.document.edition, 'final');
    assert.deepEqual(asMember.sections, [], 'readers do not see the editing sections');

    const asObserver = await get(`/api/reports/${listed.id}`, observer);
    assert.equal(asObserver.statusCode, 200, asObserver.body);
    const open = asObserver.json<ReportBody>();
    assert.equal(open.document.edition, 'public');
    assert.equal(open.document.marking, null);
    assert.deepEqual(
      open.document.sections.map((s) => `${s.number} ${s.title}`),
      ['1 Chair’s foreword', '2 The agreed priorities of the year', '3 Conclusions'].map((s) =>
        s.replace('’', "'"),
      ),
    );
    assert.match(String(open.document.omissionNote), /Progress per section and line of action/);
    // The priorities name agencies; what the network did does not show at all.
    const text = JSON.stringify(open.document);
    for (const left of [HIDDEN_TITLE, 'Joint training on border checks', 'LIMITE', 'Led', 'Joined'])
      assert.ok(!text.includes(left), left);
    const print = await get(`/reports/${listed.id}/print`, observer);
    assert.equal(print.statusCode, 200);
    assert.ok(!print.body.includes(HIDDEN_TITLE));
    assert.ok(!print.body.includes('LIMITE'));
  });

  test('the printable view names title, day of data and marking on every page', async () => {
    const listed = (await get('/api/reports', admin)).json<{ id: string }[]>()[0];
    assert.ok(listed);
    const print = await get(`/reports/${listed.id}/print`, admin);
    assert.equal(print.statusCode, 200);
    assert.match(print.body, /<thead class="jh-print-frame__head"/);
    assert.match(print.body, /<tfoot class="jh-print-frame__foot"/);
    const head = /<thead class="jh-print-frame__head"[\s\S]*?<\/thead>/.exec(print.body)?.[0] ?? '';
    assert.match(head, /Report of the JHA agencies network to COSI: end of 2017/);
    assert.match(head, /LIMITE/);
    assert.match(head, /30\/06\/2017|30 June 2017|2017/);
    assert.match(print.body, /The chair opens\./);
  });

  test('recording the submission ends the obligation', async () => {
    const finalised = (await get('/api/reports', admin)).json<
      { id: string; version: number }[]
    >()[0];
    assert.ok(finalised);
    // The agencies' silence until a deadline long past counts as their agreement.
    const signedOff = await write(
      'PUT',
      `/api/reports/${finalised.id}/signoff`,
      admin,
      { rule: 'silence', dueOn: '2017-12-15' },
      finalised.version,
    );
    assert.equal(signedOff.statusCode, 200, signedOff.body);
    const listed = (await get('/api/reports', admin)).json<{ id: string; version: number }[]>()[0];
    assert.ok(listed);
    const url = `/api/reports/${listed.id}/submit`;
    assert.equal(
      (await write('POST', url, admin, { submittedOn: '2017-13-01' }, listed.version)).statusCode,
      400,
    );
    const sent = await write('POST', url, admin, { submittedOn: '2017-12-20' }, listed.version);
    assert.equal(sent.statusCode, 200, sent.body);
    assert.equal(sent.json<ReportBody>().status, 'submitted');
    assert.deepEqual((await auditOf(listed.id)).map((e) => e.action).slice(-1), ['report.submit']);
    const calendar = (await get('/api/reports/calendar?year=2017', europol)).json<CalendarBody>();
    assert.equal(calendar.entries.find((e) => e.obligationId === cosiEnd)?.status, 'submitted');
  });
});
