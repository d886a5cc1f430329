import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { zipArchive } from '../../../test/support/fixture-files.js';
import {
  testDb,
  testPlatform,
  type Session,
  type TestPlatform,
} from '../../../test/support/platform.js';
import { readFirstSheet, writeSheet, XLSX_CONTENT_TYPE, type CellValue } from '../../app/xlsx.js';
import { scorecardColumns } from './scorecard.sheet.js';

interface Problem {
  code: string;
  errors?: { field: string; message: string; row?: number; column?: string }[];
}

interface Summary {
  created: number;
  updated: number;
  unchanged: number;
}

const LIMIT = { maxTotalBytes: 100 * 1024 * 1024, maxEntryBytes: 50 * 1024 * 1024 };
const col = (header: string) => scorecardColumns.findIndex((c) => c.header === header);

/** Every entry of a ZIP archive, unpacked, in archive order. */
function zipEntries(archive: Buffer): Record<string, Buffer> {
  let end = archive.length - 22;
  while (archive.readUInt32LE(end) !== 0x06054b50) end -= 1;
  let offset = archive.readUInt32LE(end + 16);
  const entries: Record<string, Buffer> = {};
  for (let i = 0; i < archive.readUInt16LE(end + 10); i += 1) {
    const method = archive.readUInt16LE(offset + 10);
    const compressed = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const local = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(start, start + compressed);
    entries[name] = method === 0 ? Buffer.from(data) : inflateRawSync(data);
    offset +=
      46 + nameLength + archive.readUInt16LE(offset + 30) + archive.readUInt16LE(offset + 32);
  }
  return entries;
}

/** A character of XML 1.0 (its Char production): what text may hold. */
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u;

/** Characters that have broken spreadsheet round trips, or could. */
const tricky = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '=',
  '+',
  '-',
  '@',
  '_',
  '_x',
  '_x0041_',
  '_x005F_',
  'x000D_',
  ';',
  '|',
  '[',
  ']',
  ':',
  '/',
  '\\',
  '"',
  "'",
  '<',
  '&',
  '\u00A0',
  '\u2028',
  '\uFEFF',
  '\u0085',
  '\u0080',
  '\u009F',
  '\u007F',
  '\uFFFD',
  '\uFDD0',
  '\u0301',
  '\u0308',
  'e\u0301',
  '\u{1F600}',
  '\u{20BB7}',
  '\u{1FFFE}',
  '\u{10FFFF}',
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...tricky) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }) },
);

/** Text of allowed characters, up to `max` pieces, with something in it besides spaces. */
const text = (max: number) =>
  fc
    .array(piece, { maxLength: max })
    .map((pieces) =>
      Array.from(pieces.join(''))
        .filter((c) => XML_CHAR.test(c))
        .join(''),
    )
    .map((joined) => (joined.trim() === '' ? `${joined}x` : joined));

const activityTexts = fc.record({
  title: text(12).filter((t) => t.trim().length <= 200),
  description: text(20),
  assessmentReason: text(8),
  indicator: text(6).filter((t) => t.trim().length <= 200),
  unit: text(3).filter((t) => t.trim().length <= 40),
  deliverable: text(6).filter((t) => t.trim().length <= 300),
});

describe(`scorecard spreadsheets: export and import are exact inverses (${testDb})`, () => {
  let platform: TestPlatform;
  let admin: Session;

  let tags = 0;
  /** A tag of its own for each activity, so that each export holds that activity alone. */
  const newTag = () => `round-trip-${String((tags += 1))}`;
  const exportXlsx = async (tag: string) => {
    const response = await platform.request({
      url: `/api/scorecard/export.xlsx?year=2017&tag=${tag}`,
      as: admin,
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.rawPayload;
  };
  const importXlsx = (content: Buffer) =>
    platform.request({
      method: 'POST',
      url: '/api/scorecard/import',
      as: admin,
      body: content,
      headers: { 'content-type': XLSX_CONTENT_TYPE },
    });
  const versions = async () =>
    (
      await platform.services.database.db
        .selectFrom('scorecard_activities')
        .select(['id', 'version'])
        .orderBy('id')
        .execute()
    ).map((row) => `${row.id}:${String(row.version)}`);

  /** Adds an activity with the texts given, tagged with `tag`. */
  const createActivity = async (tag: string, texts: Record<string, unknown> = {}) => {
    const created = await platform.request({
      method: 'POST',
      url: '/api/activities',
      as: admin,
      body: {
        year: 2017,
        title: 'Joint training',
        lines: ['1.1.3'],
        lead: 'Frontex',
        kind: 'joint-training',
        plannedStart: '2017-03-01',
        plannedEnd: '2017-12-31',
        tags: [tag],
        ...texts,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
  };

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
  });
  after(() => platform.close());

  test('titles and texts of any allowed characters come back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(activityTexts, async (texts) => {
        const tag = newTag();
        await createActivity(tag, {
          title: texts.title,
          description: texts.description,
          assessment: 'amber',
          assessmentReason: texts.assessmentReason,
          indicators: [{ name: texts.indicator, unit: texts.unit, target: 10, value: 0.5 }],
          deliverables: [{ title: texts.deliverable, url: null, date: null }],
        });
        const stored = await versions();
        const response = await importXlsx(await exportXlsx(tag));
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(response.json<Summary>(), { created: 0, updated: 0, unchanged: 1 });
        assert.deepEqual(await versions(), stored);
      }),
      { numRuns: 40 },
    );
  });

  test('a cell holding an _x0001_ escape is refused like a request holding U+0001', async () => {
    const tag = newTag();
    await createActivity(tag, { title: 'Escaped title' });
    const exported = zipEntries(await exportXlsx(tag));
    const part = Object.keys(exported).find((entry) =>
      exported[entry]?.toString('utf8').includes('Escaped title'),
    );
    assert.ok(part, 'the title is in the workbook');
    exported[part] = Buffer.from(
      (exported[part] ?? Buffer.alloc(0))
        .toString('utf8')
        .replace('Escaped title', 'Escaped_x0001_title'),
    );
    const before = await versions();
    const response = await importXlsx(zipArchive(exported));
    assert.equal(response.statusCode, 400, response.body);
    const problem = response.json<Problem>();
    assert.equal(problem.code, 'invalid_input');
    assert.ok(
      problem.errors?.some((e) => e.column === 'Title' && /U\+0001/.test(e.message)),
      JSON.stringify(problem.errors),
    );
    assert.deepEqual(await versions(), before);
  });

  test('whole numbers in cells are held to what an integer column holds', async () => {
    const tag = newTag();
    await createActivity(tag);
    const rows = await readFirstSheet(await exportXlsx(tag), LIMIT);
    const before = await versions();
    for (const [column, value] of [
      ['Year', 2 ** 53],
      ['Year', 2_147_483_648],
      ['Version', 2 ** 53],
      ['Version', -(2 ** 53)],
    ] as const) {
      const edited: CellValue[][] = rows.map((row, index) =>
        index === 1 ? row.map((cell, at) => (at === col(column) ? value : cell)) : row,
      );
      const file = await writeSheet({
        name: 'Edited',
        columns: scorecardColumns,
        rows: edited.slice(1),
      });
      const response = await importXlsx(file);
      assert.equal(response.statusCode, 400, `${column} ${String(value)}: ${response.body}`);
      assert.ok(
        response.json<Problem>().errors?.some((e) => e.row === 2 && e.column === column),
        response.body,
      );
    }
    assert.deepEqual(await versions(), before);
  });
});
