import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { readSheet } from 'read-excel-file/node';
import { describe, test } from '../../test/support/node-test.js';
import { writeSheet, writeWorkbook } from './xlsx.js';

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

describe('workbooks of several sheets', () => {
  const workbook = () =>
    writeWorkbook([
      {
        name: 'Activities',
        columns: [
          { header: 'Title', width: 30, kind: 'text' },
          { header: 'Status', width: 12, kind: 'text', choices: ['Planned', 'Completed'] },
        ],
        rows: [
          ['Joint action days', 'Planned'],
          ['=SUM(1,2)', 'Completed'],
        ],
      },
      {
        name: "Agencies' updates",
        columns: [
          { header: 'Agency', width: 12, kind: 'text' },
          { header: 'Posted', width: 12, kind: 'date' },
          { header: 'Recorded (UTC)', width: 18, kind: 'datetime' },
          { header: 'Kind', width: 12, kind: 'text', choices: ['Toolbox', 'Other'] },
        ],
        rows: [
          ['Europol', new Date('2017-03-10T00:00:00Z'), new Date('2017-03-11T09:30:00Z'), 'Other'],
        ],
      },
    ]);

  test('each sheet holds its own rows, read back by the reading library', async () => {
    const file = await workbook();
    assert.deepEqual(await readSheet(file, 1), [
      ['Title', 'Status'],
      ['Joint action days', 'Planned'],
      ['=SUM(1,2)', 'Completed'],
    ]);
    const [header, row, ...more] = await readSheet(file, "Agencies' updates");
    assert.deepEqual(header, ['Agency', 'Posted', 'Recorded (UTC)', 'Kind']);
    assert.deepEqual(more, []);
    assert.ok(row);
    assert.deepEqual(
      [row[0], row[1], row[3]],
      ['Europol', new Date('2017-03-10T00:00:00Z'), 'Other'],
    );
    const recorded = row[2];
    assert.ok(recorded instanceof Date, 'a date-time cell');
    // A spreadsheet holds a time as a fraction of a day: read back, it is exact to the second.
    assert.equal(Math.round(recorded.getTime() / 1000), Date.parse('2017-03-11T09:30:00Z') / 1000);
    const names = zipText(file, 'xl/workbook.xml');
    assert.ok(names.indexOf('name="Activities"') < names.indexOf('name="Agencies&apos;'));
  });

  test('filters and drop-down lists stay on the sheet they belong to', async () => {
    const file = await workbook();
    const first = zipText(file, 'xl/worksheets/sheet1.xml');
    const second = zipText(file, 'xl/worksheets/sheet2.xml');
    assert.match(first, /<autoFilter ref="A1:B3"\/>/);
    assert.match(second, /<autoFilter ref="A1:D2"\/>/);
    for (const xml of [first, second]) {
      assert.equal(xml.match(/<autoFilter /g)?.length, 1);
      assert.equal(xml.match(/<dataValidation /g)?.length, 1);
      assert.match(xml, /<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    }
    assert.match(first, /sqref="B2:B1048576"><formula1>(&quot;|")Planned,Completed(&quot;|")/);
    assert.match(second, /sqref="D2:D1048576"><formula1>(&quot;|")Toolbox,Other(&quot;|")/);
    assert.doesNotMatch(first, /Toolbox/);
    assert.doesNotMatch(second, /Planned,Completed/);
    const workbookXml = zipText(file, 'xl/workbook.xml');
    assert.match(
      workbookXml,
      /<definedName name="_xlnm\._FilterDatabase" localSheetId="0" hidden="1">'Activities'!\$A\$1:\$B\$3<\/definedName>/,
    );
    assert.match(
      workbookXml,
      /<definedName name="_xlnm\._FilterDatabase" localSheetId="1" hidden="1">'Agencies('|&apos;){2} updates'!\$A\$1:\$D\$2<\/definedName>/,
    );
  });

  test('a workbook of one sheet is the first sheet alone, with nothing on a second', async () => {
    const file = await writeSheet({
      name: 'Only',
      columns: [{ header: 'Title', width: 20, kind: 'text' }],
      rows: [],
    });
    assert.deepEqual(await readSheet(file), [['Title']]);
    assert.match(zipText(file, 'xl/worksheets/sheet1.xml'), /<autoFilter ref="A1:A1"\/>/);
    assert.throws(() => zipText(file, 'xl/worksheets/sheet2.xml'), /not in the archive/);
  });
});

describe('cells as the writer writes them', () => {
  test('a sheet wider than 26 columns names its columns on from AA, as spreadsheets do', async () => {
    const headers = Array.from({ length: 28 }, (_, index) => `Column ${String(index + 1)}`);
    const file = await writeSheet({
      name: 'Wide',
      columns: headers.map((header) => ({ header, width: 10, kind: 'text' as const })),
      rows: [headers.map((_, index) => `value ${String(index + 1)}`)],
    });
    const [header, row] = await readSheet(file);
    assert.deepEqual(header, headers);
    assert.equal(row?.[27], 'value 28');
    const sheet = zipText(file, 'xl/worksheets/sheet1.xml');
    assert.match(sheet, /<c r="Z2" [^>]*>.*?value 26/);
    assert.match(sheet, /<c r="AB2" [^>]*>.*?value 28/);
    assert.match(sheet, /<autoFilter ref="A1:AB2"\/>/);
  });

  test('rows read from a generator; numbers, booleans and text in any column; empty cells stay empty', async () => {
    function* rows() {
      yield [1.5, true, 'plain', null];
      yield [Number.NaN, false, '', 'last'];
    }
    const file = await writeSheet({
      name: 'Kinds',
      columns: [
        { header: 'Count', width: 10, kind: 'number' },
        { header: 'Flag', width: 10, kind: 'number' },
        { header: 'Note', width: 10, kind: 'number' },
        { header: 'Text', width: 10, kind: 'text' },
      ],
      rows: rows(),
    });
    assert.deepEqual(await readSheet(file), [
      ['Count', 'Flag', 'Note', 'Text'],
      [1.5, true, 'plain', null],
      // A spreadsheet cannot hold NaN: the cell is left empty rather than made up.
      [null, false, null, 'last'],
    ]);
    assert.match(zipText(file, 'xl/workbook.xml'), /'Kinds'!\$A\$1:\$D\$3</);
  });
});
