import assert from 'node:assert/strict';
import { describe, test } from '../../test/support/node-test.js';
import { csvCell, csvFile, csvRow } from './csv.js';

describe('CSV cells', () => {
  test('quotes separators, quotes and line breaks', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
  });

  test('defuses text that a spreadsheet would run as a formula', () => {
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) {
      assert.ok(csvCell(formula).replace(/^"/, '').startsWith("'"), JSON.stringify(formula));
    }
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  });

  test('writes numbers as numbers, nothing as empty, and objects as JSON', () => {
    assert.equal(csvCell(-3), '-3');
    assert.equal(csvCell(2017), '2017');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell({ a: 1 }), '"{""a"":1}"');
  });

  test('ends each row with CRLF', () => {
    assert.equal(csvRow(['a', 1, null]), 'a,1,\r\n');
  });

  test('with semicolons, quotes the cells that hold one and leaves commas alone', () => {
    assert.equal(csvRow(['a;b', 'c,d', 2.5], ';'), '"a;b";c,d;2.5\r\n');
  });

  test('a file starts with the UTF-8 byte order mark Excel needs to read accents', () => {
    const file = csvFile(
      [
        ['Agency', 'City'],
        ['EUAA', 'Valletta'],
      ],
      ';',
    );
    assert.deepEqual([...Buffer.from(file, 'utf8').subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(file.slice(1), 'Agency;City\r\nEUAA;Valletta\r\n');
  });
});
