import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { inflateRawSync } from 'node:zlib';
import { readSheet } from 'read-excel-file/node';
import writeXlsxFile, { type Cell } from 'write-excel-file/node';
import {
  testDb,
  testPlatform,
  type Session,
  type TestPlatform,
} from '../../../test/support/platform.js';
import { readFirstSheet, writeSheet, XLSX_CONTENT_TYPE, type CellValue } from '../../app/xlsx.js';
import { unpackZip } from '../../app/zip-archive.js';
import { xlsxBomb } from '../../../test/support/hostile-files.js';
import { systemContext } from '../audit/audit.events.js';
import type { ActivityInput, ActivityView } from './scorecard.model.js';
import { scorecardColumns } from './scorecard.sheet.js';

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string; row?: number; column?: string }[];
}

interface Summary {
  created: number;
  updated: number;
  unchanged: number;
}

const LIMIT = { maxTotalBytes: 100 * 1024 * 1024, maxEntryBytes: 50 * 1024 * 1024 };
const headers = scorecardColumns.map((c) => c.header);
const col = (header: string) => {
  const index = headers.indexOf(header);
  assert.ok(index >= 0, header);
  return index;
};

/** The text of one file inside a ZIP archive, found through its central directory. */
function zipText(archive: Buffer, name: string): string {
  let end = archive.length - 22;
  while (archive.readUInt32LE(end) !== 0x06054b50) end -= 1;
  let offset = archive.readUInt32LE(end + 16);
  for (let i = 0; i < archive.readUInt16LE(end + 10); i += 1) {
    const method = archive.readUInt16LE(offset + 10);
    const compressed = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const local = archive.readUInt32LE(offset + 42);
    const entry = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (entry === name) {
      const start =
        local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
      const data = archive.subarray(start, start + compressed);
      return (method === 0 ? data : inflateRawSync(data)).toString('utf8');
    }
    offset +=
      46 + nameLength + archive.readUInt16LE(offset + 30) + archive.readUInt16LE(offset + 32);
  }
  throw new Error(`${name} is not in the archive`);
}

const base = {
  year: 2017,
  lines: ['1.1.3'],
  kind: 'operational-support',
  plannedStart: '2017-03-01',
  plannedEnd: '2017-12-31',
};

/** Rows without what a platform assigns (ID, Version, Last updated), in title order. */
function comparable(rows: CellValue[][]): unknown[][] {
  const assigned = new Set([col('ID'), col('Version'), col('Last updated (UTC)')]);
  return rows
    .slice(1)
    .map((row) =>
      row
        .filter((_, index) => !assigned.has(index))
        .map((cell) => (cell instanceof Date ? cell.toISOString() : cell)),
    )
    .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
}

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer }) {
  const boundary = `----jhanet${String(Date.now())}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${XLSX_CONTENT_TYPE}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(parts),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe(`scorecard spreadsheets (${testDb})`, () => {
  let platform: TestPlatform;
  let admin: Session;
  let eurojust: Session;
  let europol: Session;
  let member: Session;
  let observer: Session;
  let directory: string;
  let hidden: ActivityView;

  const create = async (as: Session, body: object) => {
    const response = await platform.request({ method: 'POST', url: '/api/activities', as, body });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<ActivityView>();
  };
  const exportXlsx = async (on: TestPlatform, as: Session, query = '?year=2017') => {
    const response = await on.request({ url: `/api/scorecard/export.xlsx${query}`, as });
    assert.equal(response.statusCode, 200, response.body);
    return response.rawPayload;
  };
  const importXlsx = (on: TestPlatform, as: Session, content: Buffer) =>
    on.request({
      method: 'POST',
      url: '/api/scorecard/import',
      as,
      body: content,
      headers: { 'content-type': XLSX_CONTENT_TYPE },
    });
  /** Writes the file to disk and reads it back, as a person's spreadsheet program would. */
  const roundTripThroughDisk = async (content: Buffer, name: string) => {
    const file = path.join(directory, name);
    await writeFile(file, content);
    return readFile(file);
  };
  const sheetFrom = (rows: CellValue[][]) =>
    writeSheet({ name: 'Edited', columns: scorecardColumns, rows: rows.slice(1) });
  const total = async () =>
    (await platform.request({ url: '/api/scorecard?year=2017', as: admin })).json<{
      total: number;
    }>().total;

  before(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'jhanet-sheets-'));
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    eurojust = await platform.session('contact', 'Eurojust');
    europol = await platform.session('contact', 'Europol');
    member = await platform.session('member', 'FRA');
    observer = await platform.session('observer', 'DG HOME');
    await create(eurojust, {
      ...base,
      title: 'Joint investigation teams against migrant smuggling',
      description: 'First line.\nSecond line, with "quotes" and a tab\tinside.',
      lead: 'Eurojust',
      lines: ['1.1.3', '1.2.1'],
      participants: ['Europol', 'EASO'],
      partners: ['EMSA'],
      tags: ['fundamental-rights', 'jit'],
      assessment: 'amber',
      assessmentReason: 'Slow start: two teams only',
      indicators: [
        { name: 'JITs supported', unit: 'count', target: 10, value: 3 },
        { name: 'Share; of [all] cases: with a \\ backslash', unit: '%', target: 0.5, value: null },
        { name: 'No unit', unit: '', target: null, value: -1.25e-7 },
      ],
      deliverables: [
        {
          title: 'JIT guide | second edition',
          url: 'https://www.eurojust.europa.eu/guide;v=2',
          date: '2017-06-30',
        },
        { title: 'Plain note', url: null, date: null },
        { title: 'Dated only', url: null, date: '2017-09-01' },
      ],
    });
    hidden = await create(europol, {
      ...base,
      title: '=SUM(1,2) operational, not released',
      lead: 'Europol',
      releasedToObservers: false,
      kind: 'toolbox',
      status: 'ongoing',
    });
    await create(admin, {
      ...base,
      title: 'Frontex training on fundamental rights',
      lead: 'Frontex',
      kind: 'joint-training',
      plannedStart: '2017-01-15',
      plannedEnd: '2017-02-15',
      status: 'completed',
      assessment: 'green',
    });
  });
  after(async () => {
    await platform.close();
    await rm(directory, { recursive: true, force: true });
  });

  test('the .xlsx export: one row per activity, a frozen header with filters, dates as dates', async () => {
    const response = await platform.request({
      url: '/api/scorecard/export.xlsx?year=2017',
      as: member,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], XLSX_CONTENT_TYPE);
    assert.match(
      String(response.headers['content-disposition']),
      /attachment; filename="jhanet-scorecard-2017\.xlsx"/,
    );
    const file = await roundTripThroughDisk(response.rawPayload, 'export.xlsx');
    const sheetXml = zipText(file, 'xl/worksheets/sheet1.xml');
    assert.match(sheetXml, /<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    assert.match(sheetXml, /<autoFilter ref="A1:T4"\/>/);
    assert.match(sheetXml, /<col [^>]*width="38"/);
    assert.match(zipText(file, 'xl/workbook.xml'), /_xlnm\._FilterDatabase/);
    assert.match(zipText(file, 'xl/styles.xml'), /formatCode="yyyy-mm-dd"/);
    assert.match(
      sheetXml,
      /<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="N2:N1048576"><formula1>(&quot;|")Planned,Ongoing,Completed,Postponed,Cancelled(&quot;|")<\/formula1>/,
      'a drop-down list of statuses',
    );
    assert.match(
      sheetXml,
      /sqref="O2:O1048576"><formula1>(&quot;|")Green: on track,Amber: at risk,Red: off track/,
    );
    assert.match(
      sheetXml,
      /sqref="J2:J1048576"><formula1>(&quot;|")Joint training,Meeting or workshop,/,
    );

    const rows = await readFirstSheet(file, LIMIT);
    assert.deepEqual(rows[0], headers);
    assert.equal(rows.length, 4);
    const jit = rows.find((r) => String(r[col('Title')]).startsWith('Joint investigation'));
    assert.ok(jit);
    assert.deepEqual(jit[col('Planned start')], new Date('2017-03-01T00:00:00Z'));
    assert.ok(
      jit[col('Last updated (UTC)')] instanceof Date,
      'the last update is a date-time cell',
    );
    assert.equal(jit[col('Version')], 1);
    assert.equal(jit[col('Year')], 2017);
    assert.equal(jit[col('Lines')], '1.1.3; 1.2.1');
    assert.equal(jit[col('Participants')], 'EUAA; Europol');
    assert.equal(jit[col('Released to observers')], 'yes');
    const training = rows.find((r) => String(r[col('Title')]).startsWith('Frontex training'));
    assert.ok(training);
    assert.deepEqual(
      [training[col('Status')], training[col('Assessment')], training[col('Kind')]],
      ['Completed', 'Green: on track', 'Joint training'],
      'labels, not codes',
    );
    assert.equal(
      jit[col('Indicators')],
      'JITs supported [count]: 3 / 10; Share\\; of \\[all\\] cases\\: with a \\\\ backslash [%]: / 0.5; No unit: -1.25e-7 /',
    );
    assert.equal(
      jit[col('Deliverables')],
      'JIT guide \\| second edition | https://www.eurojust.europa.eu/guide\\;v=2 | 2017-06-30; Plain note; Dated only |  | 2017-09-01',
    );
    const formula = rows.find((r) => String(r[col('Title')]).includes('SUM'));
    assert.equal(formula?.[col('Title')], '=SUM(1,2) operational, not released');
    assert.doesNotMatch(sheetXml, /<f>/, 'no cell is a formula');
  });

  test('the .csv export: the same columns, formula-safe, dates as YYYY-MM-DD', async () => {
    const response = await platform.request({
      url: '/api/scorecard/export.csv?year=2017&sort=title',
      as: member,
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    const file = await roundTripThroughDisk(response.rawPayload, 'export.csv');
    assert.deepEqual([...file.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark for Excel');
    const text = file.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    assert.equal(lines[0], headers.join(','));
    assert.match(text, /"'=SUM\(1,2\) operational, not released"/);
    assert.match(text, /,2017-03-01,2017-12-31,/);
    assert.equal(text.match(/\r\n(?=[0-9a-f]{8}-)/g)?.length, 3, 'one line per activity');
    for (const url of [
      '/api/scorecard/export.csv?year=2017&separator=semicolon',
      '/scorecard/export.csv?year=2017&separator=semicolon',
    ]) {
      const semicolons = await platform.request({ url, as: member });
      assert.equal(semicolons.statusCode, 200, url);
      assert.ok(semicolons.body.startsWith(`\uFEFF${headers.join(';')}\r\n`), url);
      assert.match(
        semicolons.body,
        /"'=SUM\(1,2\) operational, not released"|'=SUM\(1,2\) operational, not released;/,
      );
    }
    const tabs = await platform.request({
      url: '/api/scorecard/export.csv?separator=tab',
      as: member,
    });
    assert.equal(tabs.statusCode, 400);
  });

  test('observers export only what is released to them; filters and asOf apply', async () => {
    const rows = await readFirstSheet(await exportXlsx(platform, observer), LIMIT);
    assert.equal(rows.length, 3);
    assert.ok(!rows.some((r) => r[col('ID')] === hidden.id));
    const csv = await platform.request({
      url: '/api/scorecard/export.csv?year=2017',
      as: observer,
    });
    assert.doesNotMatch(csv.body, /not released/);
    const filtered = await readFirstSheet(
      await exportXlsx(platform, member, '?year=2017&agency=Frontex&agencyRole=lead'),
      LIMIT,
    );
    assert.equal(filtered.length, 2);
    const before = await readFirstSheet(
      await exportXlsx(platform, member, '?year=2017&asOf=2016-12-31'),
      LIMIT,
    );
    assert.equal(before.length, 1, 'on a day before any activity, only the header');
    const page = await platform.request({
      url: '/scorecard/export.xlsx?year=2017&status=&agency=Frontex&agencyRole=lead',
      as: observer,
    });
    assert.equal(page.statusCode, 200, 'the page export takes the filter form as sent');
    assert.equal((await readFirstSheet(page.rawPayload, LIMIT)).length, 2);
    const pageCsv = await platform.request({ url: '/scorecard/export.csv', as: observer });
    assert.equal(pageCsv.statusCode, 200);
    assert.doesNotMatch(pageCsv.body, /not released/);
    const bad = await platform.request({
      url: '/scorecard/export.csv?status=finished',
      as: member,
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.headers['content-type'] as string, /^text\/html/);
    assert.match(bad.body, /&quot;finished&quot; is not a status/);
  });

  test('round trip: an export imported into a fresh platform exports the same', async () => {
    const exported = await roundTripThroughDisk(await exportXlsx(platform, admin), 'all.xlsx');
    const fresh = await testPlatform();
    try {
      const freshAdmin = await fresh.session('admin', 'EUDA');
      const withoutIds = await sheetFrom(
        (await readFirstSheet(exported, LIMIT)).map((row, index) =>
          index === 0 ? row : row.map((cell, c) => (c === col('ID') ? null : cell)),
        ),
      );
      const imported = await importXlsx(fresh, freshAdmin, withoutIds);
      assert.equal(imported.statusCode, 200, imported.body);
      assert.deepEqual(imported.json<Summary>(), { created: 3, updated: 0, unchanged: 0 });
      const again = await readFirstSheet(await exportXlsx(fresh, freshAdmin), LIMIT);
      assert.deepEqual(comparable(again), comparable(await readFirstSheet(exported, LIMIT)));
      const audit = await fresh.services.database.db
        .selectFrom('audit_log')
        .select(['action', 'target_id'])
        .where('action', '=', 'scorecard.import')
        .execute();
      assert.deepEqual(audit, [{ action: 'scorecard.import', target_id: '2017' }]);
    } finally {
      await fresh.close();
    }
  });

  test('importing the export into the same platform changes nothing', async () => {
    const exported = await exportXlsx(platform, admin);
    const response = await importXlsx(platform, admin, exported);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json<Summary>(), { created: 0, updated: 0, unchanged: 3 });
    const again = await readFirstSheet(await exportXlsx(platform, admin), LIMIT);
    assert.deepEqual(again, await readFirstSheet(exported, LIMIT), 'same versions, same times');
  });

  test('an import reads codes as well as labels, in any case, and changes nothing when they mean the same', async () => {
    const exported = await readFirstSheet(await exportXlsx(platform, admin), LIMIT);
    const asCodes: Record<string, string> = {
      Completed: 'completed',
      Planned: 'PLANNED',
      Ongoing: 'ongoing',
      'Green: on track': 'green',
      'Joint training': 'joint-training',
      Toolbox: 'toolbox',
    };
    const columns = new Set([col('Status'), col('Assessment'), col('Kind')]);
    const edited = exported.map((row, index) =>
      index === 0
        ? row
        : row.map((cell, c) =>
            columns.has(c) && typeof cell === 'string' ? (asCodes[cell] ?? cell) : cell,
          ),
    );
    assert.notDeepEqual(edited, exported, 'some labels were replaced by codes');
    const response = await importXlsx(platform, admin, await sheetFrom(edited));
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json<Summary>(), { created: 0, updated: 0, unchanged: 3 });

    const unknown = exported.map((row, index) =>
      index === 1 ? row.map((cell, c) => (c === col('Status') ? 'Finished' : cell)) : row,
    );
    const refused = await importXlsx(platform, admin, await sheetFrom(unknown));
    assert.equal(refused.statusCode, 400);
    assert.ok(
      refused.json<Problem>().errors?.some((e) => e.row === 2 && e.column === 'Status'),
      refused.body,
    );
  });

  test('a changed row updates its activity; a row changed by someone since is refused', async () => {
    const exported = await readFirstSheet(await exportXlsx(platform, admin), LIMIT);
    const frontexRow = exported.findIndex((r) => r[col('Lead')] === 'Frontex');
    const edited = exported.map((row, index) =>
      index === frontexRow
        ? row.map((cell, c) => (c === col('Assessment reason') ? 'Went well' : cell))
        : row,
    );
    const response = await importXlsx(platform, admin, await sheetFrom(edited));
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json<Summary>(), { created: 0, updated: 1, unchanged: 2 });
    const id = String(exported[frontexRow]?.[col('ID')]);
    const stored = await platform.request({ url: `/api/activities/${id}`, as: admin });
    assert.equal(stored.json<ActivityView>().assessmentReason, 'Went well');
    assert.equal(stored.json<ActivityView>().version, 2);
    const revisions = await platform.request({ url: `/api/activities/${id}/revisions`, as: admin });
    assert.equal(revisions.json<{ summary: string }[]>()[0]?.summary, 'imported');

    const stale = exported.map((row, index) =>
      index === frontexRow
        ? row.map((cell, c) => (c === col('Assessment reason') ? 'Based on version 1' : cell))
        : row,
    );
    const refused = await importXlsx(platform, admin, await sheetFrom(stale));
    assert.equal(refused.statusCode, 400);
    const error = refused.json<Problem>().errors?.[0];
    assert.ok(error);
    assert.equal(error.row, frontexRow + 1);
    assert.equal(error.column, 'Version');
    assert.match(error.message, /changed since export/);
    assert.equal(error.field, `row ${String(frontexRow + 1)}, Version`);
  });

  test('invalid rows: every problem with its row and column, and nothing stored', async () => {
    const count = await total();
    const exported = await readFirstSheet(await exportXlsx(platform, admin), LIMIT);
    const good = exported[1] ?? [];
    const row = (changes: Record<string, CellValue>) =>
      headers.map((header, c) =>
        header === 'ID' || header === 'Version' ? null : (changes[header] ?? good[c] ?? null),
      );
    const sheet = await sheetFrom([
      headers,
      row({ Title: 'A valid new activity', Lead: 'Eurojust' }),
      row({ Title: ' ', Lines: '9.9.9', Lead: 'Nobody' }),
      [],
      row({
        'Planned start': 'soon',
        'Released to observers': 'maybe',
        Indicators: 'Cases [count] 4 / 20; Hits: x / 3',
        Deliverables: 'Guide | not a web address',
      }),
    ]);
    const response = await importXlsx(platform, admin, sheet);
    assert.equal(response.statusCode, 400, response.body);
    const problem = response.json<Problem>();
    assert.equal(problem.code, 'invalid_input');
    assert.match(problem.detail, /nothing was imported/);
    const found = (problem.errors ?? []).map((e) => `${String(e.row)} ${String(e.column)}`);
    for (const expected of [
      '3 Title',
      '3 Lines',
      '3 Lead',
      '5 Planned start',
      '5 Released to observers',
      '5 Indicators',
      '5 Deliverables',
    ]) {
      assert.ok(found.includes(expected), `expected ${expected} in ${found.join(', ')}`);
    }
    assert.ok(!found.some((f) => f.startsWith('2 ')), 'the valid row has no problem');
    const indicator = problem.errors?.find((e) => e.message.startsWith('Indicator 2, value'));
    assert.ok(indicator, 'a bad number names its indicator');
    assert.equal(await total(), count, 'nothing stored, not even the valid row');

    const missingColumn = await importXlsx(
      platform,
      admin,
      await writeSheet({
        name: 'Short',
        columns: scorecardColumns.filter((c) => c.header !== 'Lead'),
        rows: [],
      }),
    );
    assert.equal(missingColumn.statusCode, 400);
    assert.deepEqual(
      missingColumn.json<Problem>().errors?.map((e) => [e.row, e.column]),
      [[1, 'Lead']],
    );
  });

  test('contact points import only what their agency leads; members and observers not at all', async () => {
    const exported = await readFirstSheet(await exportXlsx(platform, eurojust), LIMIT);
    const unchanged = await importXlsx(platform, eurojust, await sheetFrom(exported));
    assert.equal(unchanged.statusCode, 200, 'unchanged rows led by others are left alone');
    assert.equal(unchanged.json<Summary>().unchanged, exported.length - 1);

    const count = await total();
    const europolRow = exported.findIndex((r) => r[col('Lead')] === 'Europol');
    const sheet = await sheetFrom([
      headers,
      headers.map((header, c) =>
        header === 'ID' || header === 'Version'
          ? null
          : header === 'Title'
            ? 'New, led by Europol'
            : (exported[europolRow]?.[c] ?? null),
      ),
      exported[europolRow]?.map((cell, c) => (c === col('Title') ? 'Renamed by Eurojust' : cell)) ??
        [],
      headers.map((header, c) =>
        header === 'ID'
          ? '00000000-0000-4000-8000-000000000000'
          : (exported[europolRow]?.[c] ?? null),
      ),
    ]);
    const response = await importXlsx(platform, eurojust, sheet);
    assert.equal(response.statusCode, 400, response.body);
    const errors = response.json<Problem>().errors ?? [];
    assert.ok(errors.some((e) => e.row === 2 && e.column === 'Lead' && /Eurojust/.test(e.message)));
    assert.ok(errors.some((e) => e.row === 3 && e.column === 'Lead'));
    assert.ok(
      errors.some((e) => e.row === 4 && e.column === 'ID' && e.message === 'No such activity.'),
    );
    assert.equal(await total(), count);

    const own = await importXlsx(
      platform,
      eurojust,
      await sheetFrom([
        headers,
        headers
          .map((header, c) =>
            header === 'ID' || header === 'Version'
              ? null
              : header === 'Title'
                ? 'Eurojust adds its own'
                : (exported[europolRow]?.[c] ?? null),
          )
          .map((cell, c) => (c === col('Lead') ? 'Eurojust' : cell)),
      ]),
    );
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json<Summary>().created, 1);

    const file = await exportXlsx(platform, member);
    for (const as of [member, observer]) {
      assert.equal((await importXlsx(platform, as, file)).statusCode, 404);
      assert.equal((await platform.request({ url: '/scorecard/import', as })).statusCode, 404);
    }
    assert.equal(
      (
        await platform.request({
          method: 'POST',
          url: '/api/scorecard/import',
          body: file,
          headers: { 'content-type': XLSX_CONTENT_TYPE },
        })
      ).statusCode,
      401,
    );
  });

  test('only real workbooks of a sensible size are read', async () => {
    const text = await importXlsx(platform, admin, Buffer.from('ID,Title\r\n,Not a workbook\r\n'));
    assert.equal(text.statusCode, 400);
    assert.equal(text.json<Problem>().code, 'not_a_spreadsheet');
    const zipOnly = Buffer.from('PK\u0003\u0004 but nothing more', 'latin1');
    assert.equal(
      (await importXlsx(platform, admin, zipOnly)).json<Problem>().code,
      'not_a_spreadsheet',
    );
    const huge = await importXlsx(platform, admin, Buffer.alloc(10 * 1024 * 1024 + 1));
    assert.equal(huge.statusCode, 413);
    assert.match(huge.json<Problem>().detail, /larger than 10 MB/);
    const json = await platform.request({
      method: 'POST',
      url: '/api/scorecard/import',
      as: admin,
      body: { rows: [] },
    });
    assert.equal(json.statusCode, 415);
  });

  test('a workbook that lies about its sizes is refused within the time cap, the server keeping its memory', async () => {
    const bomb = xlsxBomb(2048);
    const imports = () =>
      platform.services.database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'scorecard.import')
        .executeTakeFirstOrThrow();
    const importsBefore = (await imports()).n;
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const started = Date.now();
    const response = await importXlsx(platform, admin, bomb).finally(() => {
      clearInterval(sampler);
    });
    const took = Date.now() - started;
    assert.equal(response.statusCode, 413, response.body);
    assert.equal(response.json<Problem>().code, 'file_too_large');
    assert.match(response.json<Problem>().detail, /unpacks to more than 100 MB/);
    assert.ok(took < platform.config.parsing.timeoutMs, `answered in ${String(took)} ms`);
    const grew = peak - before;
    assert.ok(grew < 64 * 1024 * 1024, `the server grew by ${String(grew)} bytes`);
    assert.equal((await imports()).n, importsBefore, 'nothing was imported');
  });

  test('the import page: upload a workbook, see the problems or what was imported', async () => {
    const page = await platform.request({ url: '/scorecard/import', as: europol });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    assert.match(page.body, /name="_csrf"/);
    assert.match(page.body, /Only the first sheet is read/);

    const exported = await readFirstSheet(await exportXlsx(platform, europol), LIMIT);
    const newRow = headers.map((header, c) =>
      header === 'ID' || header === 'Version'
        ? null
        : header === 'Title'
          ? 'Uploaded through the page'
          : header === 'Lead'
            ? 'Europol'
            : (exported[1]?.[c] ?? null),
    );
    // A browser sends the token in the form only, so the request is made without the helper's header.
    const post = (form: { body: Buffer; contentType: string }) =>
      platform.app.inject({
        method: 'POST',
        url: '/scorecard/import',
        headers: { cookie: `jhanet_session=${europol.cookie}`, 'content-type': form.contentType },
        payload: form.body,
      });
    const upload = async (rows: CellValue[][], csrf = europol.csrfToken) =>
      post(multipart({ _csrf: csrf }, { name: 'scorecard.xlsx', content: await sheetFrom(rows) }));
    assert.equal((await upload([headers, newRow], 'forged')).statusCode, 403);
    const bad = await upload([
      headers,
      newRow.map((cell, c) => (c === col('Kind') ? 'party' : cell)),
    ]);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Nothing was imported/);
    assert.match(bad.body, /<td[^>]*>2<\/td>\s*<td[^>]*>Kind<\/td>/);
    const good = await upload([headers, newRow]);
    assert.equal(good.statusCode, 303, good.body);
    assert.equal(good.headers.location, '/scorecard/import?created=1&updated=0&unchanged=0');
    const summary = await platform.request({ url: good.headers.location ?? '', as: europol });
    assert.match(summary.body, /Activities added: 1/);

    const noFile = await post(multipart({ _csrf: europol.csrfToken }));
    assert.equal(noFile.statusCode, 400);
    assert.match(noFile.body, /Choose the workbook/);
  });
});

describe(`the progress updates' sheet (${testDb})`, () => {
  let platform: TestPlatform;
  let admin: Session;
  let eurojust: Session;
  let observer: Session;
  let eurojustAuthor: string;
  const ids = new Map<string, string>();
  const id = (title: string) => {
    const found = ids.get(title);
    assert.ok(found, title);
    return found;
  };
  const JIT = 'Joint investigation teams against migrant smuggling';
  const HIDDEN = 'Operational analysis, not released';
  const TRAINING = 'Frontex training on fundamental rights';
  const SECRET = 'Secret operational detail of the analysis';
  const progressHeaders = [
    'Activity ID',
    'Activity title',
    'Date',
    'Agency',
    'Author',
    'Text',
    'Status reported',
    'Assessment reported',
    'Assessment reason',
    'Indicator values',
    'Recorded (UTC)',
  ];
  const today = new Date().toISOString().slice(0, 10);

  const activity = (
    title: string,
    lead: string,
    releasedToObservers: boolean,
    indicators: ActivityInput['indicators'] = [],
  ): ActivityInput => ({
    ...base,
    title,
    description: '',
    lead,
    participants: [],
    partners: [],
    tags: [],
    status: 'planned',
    assessment: null,
    assessmentReason: '',
    releasedToObservers,
    indicators,
    deliverables: [],
  });
  const exported = async (as: Session, query = '?year=2017&sort=title') => {
    const response = await platform.request({ url: `/api/scorecard/export.xlsx${query}`, as });
    assert.equal(response.statusCode, 200, response.body);
    return response.rawPayload;
  };
  /** The second sheet as the spreadsheet library reads it, without the time each was recorded. */
  const updatesIn = async (file: Buffer) => {
    const [header, ...rows] = await readSheet(file, 'Progress updates');
    assert.deepEqual(header, progressHeaders);
    return rows.map((row) => {
      assert.ok(row[10] instanceof Date, 'the time recorded is a date-time cell');
      return row.slice(0, 10);
    });
  };
  const historyOf = async (title: string) =>
    (await platform.request({ url: `/api/activities/${id(title)}/updates`, as: admin })).json<
      unknown[]
    >();

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    eurojust = await platform.session('contact', 'Eurojust');
    observer = await platform.session('observer', 'DG HOME');
    await platform.services.scorecard.importHistory(systemContext, 2017, [
      {
        input: activity(JIT, 'Eurojust', true, [
          { name: 'JITs; supported', unit: 'count', value: null, target: 10 },
        ]),
        createdOn: '2017-02-01',
        updates: [
          { by: 'Eurojust', postedOn: '2017-03-10', text: 'Two teams set up', status: 'ongoing' },
          {
            by: 'Europol',
            postedOn: '2017-06-15',
            text: 'Teams slow to start',
            assessment: 'amber',
            assessmentReason: 'Slow start',
            indicators: { 'JITs; supported': 3 },
          },
        ],
      },
      {
        input: activity(HIDDEN, 'Europol', false),
        createdOn: '2017-02-01',
        updates: [{ by: 'Europol', postedOn: '2017-04-01', text: SECRET, status: 'ongoing' }],
      },
      { input: activity(TRAINING, 'Frontex', true), createdOn: '2017-02-01', updates: [] },
    ]);
    const listed = await platform.request({ url: '/api/scorecard?year=2017', as: admin });
    for (const item of listed.json<{ items: ActivityView[] }>().items) ids.set(item.title, item.id);
    const posted = await platform.request({
      method: 'POST',
      url: `/api/activities/${id(JIT)}/updates`,
      as: eurojust,
      headers: { 'if-match': '"3"' },
      body: { postedOn: today, text: '=1+1 is text, not a formula', status: 'completed' },
    });
    assert.equal(posted.statusCode, 201, posted.body);
    const author = await platform.services.database.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', eurojust.user.id)
      .executeTakeFirstOrThrow();
    eurojustAuthor = author.name;
  });
  after(async () => {
    await platform.close();
  });

  test('the second sheet holds the updates of the activities exported, in the order posted', async () => {
    const file = await exported(admin);
    assert.deepEqual((await readSheet(file, 1))[0], headers, 'the scorecard stays the first sheet');
    assert.deepEqual((await readSheet(file, 2))[0], progressHeaders);
    const day = (text: string) => new Date(`${text}T00:00:00Z`);
    const jitUpdates = [
      [
        id(JIT),
        JIT,
        day('2017-03-10'),
        'Eurojust',
        null,
        'Two teams set up',
        'Ongoing',
        null,
        null,
        null,
      ],
      [
        id(JIT),
        JIT,
        day('2017-06-15'),
        'Europol',
        null,
        'Teams slow to start',
        null,
        'Amber: at risk',
        'Slow start',
        'JITs\\; supported: 3',
      ],
      [
        id(JIT),
        JIT,
        day(today),
        'Eurojust',
        eurojustAuthor,
        '=1+1 is text, not a formula',
        'Completed',
        null,
        null,
        null,
      ],
    ];
    const hiddenUpdate = [
      id(HIDDEN),
      HIDDEN,
      day('2017-04-01'),
      'Europol',
      null,
      SECRET,
      'Ongoing',
      null,
      null,
      null,
    ];
    assert.deepEqual(await updatesIn(file), [...jitUpdates, hiddenUpdate]);
    assert.doesNotMatch(zipText(file, 'xl/worksheets/sheet2.xml'), /<f>/, 'no cell is a formula');
    assert.match(zipText(file, 'xl/worksheets/sheet2.xml'), /<autoFilter ref="A1:K5"\/>/);

    const frontex = await exported(admin, '?year=2017&agency=Frontex&agencyRole=lead');
    assert.deepEqual(await updatesIn(frontex), [], 'an activity without updates has no rows');
    const asOf = await exported(admin, '?year=2017&sort=title&asOf=2017-03-31');
    assert.deepEqual(
      await updatesIn(asOf),
      [jitUpdates[0]],
      'as it stood on a day: the updates posted until then',
    );
  });

  test("an observer's file holds the updates of activities released to them, nothing of others", async () => {
    const file = await exported(observer);
    const rows = await updatesIn(file);
    assert.deepEqual(
      rows.map((row) => [row[0], row[5]]),
      [
        [id(JIT), 'Two teams set up'],
        [id(JIT), 'Teams slow to start'],
        [id(JIT), '=1+1 is text, not a formula'],
      ],
    );
    // Every part of the package, whichever holds the texts.
    const everything = [
      ...unpackZip(file, { maxTotalBytes: 2 ** 30, maxEntryBytes: 2 ** 30 }, () => true).values(),
    ]
      .map((part) => part.toString('utf8'))
      .join('');
    for (const secret of [id(HIDDEN), HIDDEN, SECRET])
      assert.ok(!everything.includes(secret), `the file does not hold "${secret}"`);
  });

  test('a workbook whose second sheet was edited imports as unchanged; the history stays', async () => {
    const file = await exported(admin);
    const historyBefore = await historyOf(JIT);
    const hiddenBefore = await historyOf(HIDDEN);
    const auditBefore = await platform.services.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    const scorecard = await readSheet(file, 1);
    const [header, ...updates] = await readSheet(file, 2);
    assert.ok(header);
    const edited = [
      header,
      ...updates
        .slice(1)
        .map((row) => row.map((cell, c) => (c === 5 ? 'Rewritten by hand' : cell))),
      [
        id(HIDDEN),
        'A new update typed in',
        new Date('2017-05-01T00:00:00Z'),
        'Frontex',
        'Someone',
        'Invented',
        'Cancelled',
        'Red: off track',
        'x',
        'nonsense',
        'not a time',
      ],
      ['no such activity', '', null, 'Nobody', null, '', 'finished', 'purple', null, null, null],
    ];
    const cells = (rows: unknown[][]): Cell[][] =>
      rows.map((row) =>
        row.map((cell): Cell => {
          if (cell === null || cell === undefined) return null;
          if (cell instanceof Date) return { value: cell, type: Date, format: 'yyyy-mm-dd' };
          if (typeof cell === 'number') return { value: cell, type: Number };
          if (typeof cell === 'boolean') return { value: cell, type: Boolean };
          if (typeof cell === 'string') return { value: cell, type: String };
          throw new Error(`A cell the reader does not give: ${typeof cell}`);
        }),
      );
    const workbook = await writeXlsxFile([
      { data: cells(scorecard), sheet: 'Scorecard 2017' },
      { data: cells(edited), sheet: 'Progress updates' },
    ]).toBuffer();
    assert.deepEqual(
      (await readSheet(workbook, 2)).length,
      edited.length,
      'the edit is in the file',
    );

    const response = await platform.request({
      method: 'POST',
      url: '/api/scorecard/import',
      as: admin,
      body: workbook,
      headers: { 'content-type': XLSX_CONTENT_TYPE },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json<Summary>(), { created: 0, updated: 0, unchanged: 3 });
    assert.deepEqual(await historyOf(JIT), historyBefore);
    assert.deepEqual(await historyOf(HIDDEN), hiddenBefore);
    const auditAfter = await platform.services.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(auditAfter.n, auditBefore.n, 'nothing was recorded');
    const again = await exported(admin);
    assert.deepEqual(await readSheet(again, 1), scorecard, 'same versions, same times');
    assert.deepEqual(await readSheet(again, 2), await readSheet(file, 2));
  });

  test('the unchanged export imports as a no-op, its second sheet included', async () => {
    const file = await exported(admin);
    const response = await platform.request({
      method: 'POST',
      url: '/api/scorecard/import',
      as: admin,
      body: file,
      headers: { 'content-type': XLSX_CONTENT_TYPE },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json<Summary>(), { created: 0, updated: 0, unchanged: 3 });
    const again = await exported(admin);
    for (const sheet of [1, 2])
      assert.deepEqual(
        await readSheet(again, sheet),
        await readSheet(file, sheet),
        `sheet ${String(sheet)}`,
      );
  });
});
