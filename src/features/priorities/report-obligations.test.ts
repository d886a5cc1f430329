import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { recordDemoSources } from '../../demo-sources.js';
import { seedDemoReportObligations } from '../reporting/reporting.demo.js';
import type { ReportObligationView } from '../reporting/report-obligations.js';

describe('reports owed in a year', () => {
  let platform: TestPlatform;
  let member: Session;

  before(async () => {
    platform = await testPlatform();
    member = await platform.session('member', 'Europol');
    await seedDemoReportObligations(platform.services);
    await recordDemoSources(platform.services);
  });
  after(() => platform.close());

  test('2017 owes COSI and the LIBE committee a report at its beginning and at its end', async () => {
    const response = await platform.request({
      url: '/api/priorities/2017/report-obligations',
      as: member,
    });
    assert.equal(response.statusCode, 200, response.body);
    const obligations = response.json<ReportObligationView[]>();
    assert.deepEqual(
      obligations.map((o) => [o.recipientAcronym, o.period, o.dueOn, o.source]),
      [
        ['COSI', 'beginning', '2017-03-31', '2.4'],
        ['LIBE Secretariat', 'beginning', '2017-03-31', '2.4'],
        ['COSI', 'end', '2017-12-31', '2.4'],
        ['LIBE Secretariat', 'end', '2017-12-31', '2.4'],
      ],
    );
    assert.equal(
      obligations[0]?.recipientName,
      'Standing Committee on Operational Cooperation on Internal Security',
    );
  });

  test('a year without obligations answers an empty list', async () => {
    const response = await platform.request({
      url: '/api/priorities/2018/report-obligations',
      as: member,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), []);
  });

  test('nobody reads them without signing in', async () => {
    const api = await platform.request({ url: '/api/priorities/2017/report-obligations' });
    assert.equal(api.statusCode, 401);
    const page = await platform.request({ url: '/priorities/2017' });
    assert.equal(page.statusCode, 303);
    assert.match(String(page.headers.location), /^\/login/);
  });

  test('a year that is no year is refused', async () => {
    for (const year of ['abc', '1e400', '2017.5', '99999']) {
      const response = await platform.request({
        url: `/api/priorities/${year}/report-obligations`,
        as: member,
      });
      assert.equal(response.statusCode, 400, `${year}: ${response.body}`);
    }
  });

  test('the page of 2017 lists both dates for a member', async () => {
    const response = await platform.request({ url: '/priorities/2017', as: member });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(response.body, /Reports owed in 2017/);
    const section = response.body.slice(response.body.indexOf('id="reports-owed"'));
    assert.equal(section.match(/at the beginning of 2017: due on 31 March 2017/g)?.length, 2);
    assert.equal(section.match(/at the end of 2017: due on 31 December 2017/g)?.length, 2);
    assert.match(section, /Secretariat of the European Parliament(&#39;|&#x27;|')s Committee/);
    assert.doesNotMatch(section, /jh-tag/, 'the paper states the reports: no tag');
  });

  test('a due day the demonstration added carries the illustrative tag', async () => {
    const db = platform.services.database.db;
    const end = await db
      .selectFrom('report_obligations')
      .select('id')
      .where('period', '=', 'end')
      .execute();
    await db
      .updateTable('record_sources')
      .set({ source: 'illustrative' })
      .where('record_type', '=', 'report_obligation')
      .where(
        'record_id',
        'in',
        end.map((row) => row.id),
      )
      .execute();
    const response = await platform.request({ url: '/priorities/2017', as: member });
    const section = response.body.slice(response.body.indexOf('id="reports-owed"'));
    assert.equal(section.match(/class="jh-tag"/g)?.length, 2);
    const api = await platform.request({
      url: '/api/priorities/2017/report-obligations',
      as: member,
    });
    assert.deepEqual(
      api.json<ReportObligationView[]>().map((o) => [o.period, o.illustrative]),
      [
        ['beginning', false],
        ['beginning', false],
        ['end', true],
        ['end', true],
      ],
    );
  });

  test('a year with none says so on its page', async () => {
    await platform.services.database.db.deleteFrom('record_sources').execute();
    await platform.services.database.db.deleteFrom('report_obligations').execute();
    const response = await platform.request({ url: '/priorities/2017', as: member });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(response.body, /No reports are recorded for this year\./);
  });
});
