import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import type { CellValue } from '../../app/xlsx.js';
import {
  decodeDeliverables,
  decodeIndicators,
  decodeList,
  encodeDeliverables,
  encodeIndicators,
  encodeList,
  readSheetRows,
  rowErrorOf,
  scorecardColumns,
} from './scorecard.sheet.js';

const headers = scorecardColumns.map((c) => c.header);

function row(values: Partial<Record<string, CellValue>>): CellValue[] {
  return headers.map((header) => values[header] ?? null);
}

const valid = {
  Year: 2017,
  Title: 'Toolbox',
  Lines: '1.1.3',
  Lead: 'Europol',
  Kind: 'toolbox',
  'Planned start': new Date('2017-03-01T00:00:00Z'),
  'Planned end': '2017-12-31',
  Status: 'planned',
  'Released to observers': 'yes',
};

describe('scorecard spreadsheet encoding', () => {
  test('lists, indicators and deliverables read back exactly, separators and all', () => {
    const list = ['EUAA', 'DG HOME', 'odd;name', 'back\\slash'];
    assert.deepEqual(decodeList(encodeList(list)), list);
    assert.equal(encodeList(['1.1.3', '2.2.1']), '1.1.3; 2.2.1');

    const indicators = [
      { name: 'Cases', unit: 'count', target: 20, value: 4 },
      { name: 'Odd: [name]; \\ here', unit: '[%]', target: null, value: 0.1 },
      { name: 'Tiny', unit: '', target: 1e21, value: -2.5e-9 },
      { name: 'Empty', unit: 'days', target: null, value: null },
    ];
    const text = encodeIndicators(indicators);
    assert.match(text, /^Cases \[count\]: 4 \/ 20; /);
    assert.match(text, /Empty \[days\]: \/$/);
    assert.deepEqual(decodeIndicators(text).indicators, indicators);

    const deliverables = [
      { title: 'Guide | v2', url: 'https://example.eu/a;b|c', date: '2017-06-30' },
      { title: 'Only a title', url: null, date: null },
      { title: 'Dated', url: null, date: '2017-01-01' },
    ];
    const written = encodeDeliverables(deliverables);
    assert.match(written, /; Only a title; Dated \| {2}\| 2017-01-01$/);
    assert.deepEqual(decodeDeliverables(written).deliverables, deliverables);
  });

  test('hand-written text is read leniently but never guessed', () => {
    assert.deepEqual(decodeIndicators('Time: in days [d]: 3,5 / 10').indicators, [
      { name: 'Time: in days', unit: 'd', target: 10, value: 3.5 },
    ]);
    assert.deepEqual(decodeIndicators('Cases: 4').indicators, [
      { name: 'Cases', unit: '', target: null, value: 4 },
    ]);
    assert.ok(Number.isNaN(decodeIndicators('Cases: four / 5').indicators[0]?.value));
    const bad = decodeIndicators('Cases 4 / 5; Hits: 1 / 2 / 3; Fine: 1 / 2');
    assert.equal(bad.errors.length, 2);
    assert.deepEqual(bad.numbers, [3], 'the one read is the third in the cell');
    assert.equal(decodeDeliverables('A | b | c | d').errors.length, 1);
  });

  test('a row error names its column, and the indicator as numbered in the cell', () => {
    assert.deepEqual(rowErrorOf(4, { field: 'plannedStart', message: 'Enter a date.' }), {
      row: 4,
      column: 'Planned start',
      message: 'Enter a date.',
    });
    assert.equal(
      rowErrorOf(
        4,
        { field: 'indicators[0].value', message: 'Enter a number.' },
        { indicators: [3], deliverables: [] },
      ).message,
      'Indicator 3, value: Enter a number.',
    );
  });

  test('columns are found by their header, in any order; empty rows are skipped', () => {
    const reordered = [...headers].reverse();
    const cells = row(valid).reverse();
    const { rows, errors } = readSheetRows([reordered, [], cells]);
    assert.deepEqual(errors, []);
    assert.equal(rows.length, 1);
    const first = rows[0];
    assert.ok(first?.input);
    assert.equal(first.row, 3, 'rows are numbered as the spreadsheet shows them');
    assert.equal(first.input.plannedStart, '2017-03-01');
    assert.equal(first.input.plannedEnd, '2017-12-31');
    assert.equal(first.input.releasedToObservers, true);
    assert.equal(first.id, null);

    const serial = readSheetRows([headers, row({ ...valid, 'Planned start': 42795 })]);
    assert.equal(serial.rows[0]?.input?.plannedStart, '2017-03-01', 'a day number is a day');

    const missing = readSheetRows([headers.filter((h) => h !== 'Kind' && h !== 'ID')]);
    assert.deepEqual(
      missing.errors.map((e) => [e.row, e.column]),
      [[1, 'Kind']],
    );
  });

  test('cells that cannot be read are row errors', () => {
    const { rows } = readSheetRows([
      headers,
      row({ ...valid, ID: 'abc', 'Released to observers': 'perhaps', Year: 'next year' }),
    ]);
    const columns = rows[0]?.errors.map((e) => e.column);
    assert.deepEqual(columns, ['Version', 'Year', 'Released to observers']);
    assert.equal(rows[0]?.input, null, 'without a year the rest cannot be checked');
  });
});
