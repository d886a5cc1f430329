import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import type { CellValue } from '../xlsx.js';
import { CodeLabels, dayOf, textOf, wholeNumberOf, yesNoOf } from './cells.js';
import { ImportPlanner, inBatches } from './import.js';
import { decodeList, encodeList } from './list-text.js';
import {
  checkUpload,
  idAndVersionOf,
  ImportRejectedError,
  readRegisterRows,
  readYesNo,
  registerSheet,
  rowErrorOf,
  type SheetRegister,
} from './register.js';

type Key = 'id' | 'version' | 'title' | 'updatedAt';

const register: SheetRegister<Key> = {
  noun: 'thing',
  plural: 'things',
  columns: [
    { key: 'id', header: 'ID', width: 38, kind: 'text' },
    { key: 'version', header: 'Version', width: 9, kind: 'number' },
    { key: 'title', header: 'Title', width: 40, kind: 'text' },
    { key: 'updatedAt', header: 'Last updated (UTC)', width: 18, kind: 'datetime' },
  ],
  optional: ['id', 'version', 'updatedAt'],
  maxRows: 2,
};

const rejection = (run: () => void) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportRejectedError) return error.rowErrors;
    throw error;
  }
  assert.fail('the upload was accepted');
};

describe('spreadsheet register kit: cells', () => {
  test('a cell reads as text, a date as its day or its instant', () => {
    const noon = new Date('2017-03-01T12:30:00Z');
    assert.equal(textOf(noon), '2017-03-01');
    assert.equal(textOf(noon, 'instant'), '2017-03-01T12:30:00.000Z');
    assert.equal(textOf(true), 'yes');
    assert.equal(textOf(null), '');
    assert.equal(textOf(4.5), '4.5');
  });

  test('a day is a date cell, a text or the day number of a cell that lost its format', () => {
    assert.equal(dayOf(new Date('2017-03-01T00:00:00Z')), '2017-03-01');
    assert.equal(dayOf(42795), '2017-03-01');
    assert.equal(dayOf(' 2017-12-31 '), '2017-12-31');
    assert.equal(dayOf(null), '');
  });

  test('whole numbers and yes or no', () => {
    assert.equal(wholeNumberOf(3), 3);
    assert.equal(wholeNumberOf(' 12 '), 12);
    assert.equal(wholeNumberOf(1.5), null);
    assert.equal(wholeNumberOf('next year'), null);
    assert.equal(yesNoOf('YES'), true);
    assert.equal(yesNoOf('false'), false);
    assert.equal(yesNoOf(''), null, 'empty is a problem unless the register says otherwise');
    assert.equal(yesNoOf('', false), false);
    assert.equal(yesNoOf('perhaps', false), null);
  });

  test('codes show as labels and read back from either, in any case', () => {
    const statuses = new CodeLabels(['planned', 'completed'] as const, (code) =>
      code === 'planned' ? 'Planned' : 'Completed',
    );
    assert.deepEqual(statuses.choices, ['Planned', 'Completed']);
    assert.equal(statuses.labelOf('completed'), 'Completed');
    assert.equal(statuses.labelOf('unknown'), 'unknown');
    assert.equal(statuses.codeOf(' COMPLETED '), 'completed');
    assert.equal(statuses.codeOf('planned'), 'planned');
    assert.equal(statuses.codeOf(' other '), 'other', 'anything else is left for the check');
  });

  test('a list in a cell reads back exactly, separators in items included', () => {
    const items = ['Share; all', 'back\\slash', 'plain'];
    assert.equal(encodeList(items), 'Share\\; all; back\\\\slash; plain');
    assert.deepEqual(decodeList(encodeList(items)), items);
    assert.deepEqual(decodeList(' a ;; b ; '), ['a', 'b']);
  });
});

describe('spreadsheet register kit: sheets', () => {
  test('the export sheet has the columns in order and a row per record', () => {
    const sheet = registerSheet(register, 'Things', [{ title: 'One' }], (thing) => ({
      updatedAt: null,
      title: thing.title,
      version: 1,
      id: 'a',
    }));
    assert.equal(sheet.name, 'Things');
    assert.deepEqual(
      sheet.columns.map((c) => c.header),
      ['ID', 'Version', 'Title', 'Last updated (UTC)'],
    );
    assert.deepEqual(sheet.rows, [['a', 1, 'One', null]]);
  });

  test('columns are found by header in any order and case; blank rows are skipped', () => {
    const rows: CellValue[][] = [
      ['  title ', 'Other', 'id', 'VERSION'],
      [null, '', null, null],
      ['First', 'ignored', 'x-1', 4],
    ];
    const sheet = readRegisterRows(register, rows, (row) => row);
    assert.deepEqual(sheet.errors, []);
    assert.equal(sheet.rows.length, 1);
    const [first] = sheet.rows;
    assert.ok(first);
    assert.equal(first.row, 3, 'numbered as the spreadsheet shows it');
    assert.equal(first.text('title'), 'First');
    assert.equal(first.cell('version'), 4);
    assert.equal(first.cell('updatedAt'), null, 'an optional column left out reads empty');
  });

  test('a missing column is a problem of row 1; optional ones may be left out', () => {
    const sheet = readRegisterRows(
      register,
      [
        ['ID', 'Version'],
        ['a', 1],
      ],
      (row) => row,
    );
    assert.deepEqual(sheet.rows, []);
    assert.deepEqual(sheet.errors, [
      {
        row: 1,
        column: 'Title',
        message: 'The column is missing: the first row names the columns of the export.',
      },
    ]);
    const own = readRegisterRows(
      { ...register, missingColumnMessage: 'Add it.' },
      [['ID']],
      (row) => row,
    );
    assert.equal(own.errors[0]?.message, 'Add it.');
  });

  test('a cell with a character no request may hold is refused with its row and column', () => {
    const sheet = readRegisterRows(register, [['Title'], ['bad\u0000text']], (row) => row);
    assert.deepEqual(
      sheet.rows[0]?.errors.map((e) => [e.row, e.column]),
      [[2, 'Title']],
    );
  });

  test('a row with an ID keeps its version', () => {
    const sheet = readRegisterRows(
      register,
      [
        ['ID', 'Version', 'Title'],
        ['a', 'two', 'Changed'],
        [null, null, 'New'],
      ],
      (row) => row,
    );
    const [changed, added] = sheet.rows;
    assert.ok(changed && added);
    assert.deepEqual(idAndVersionOf(register, changed), { id: 'a', version: null });
    assert.deepEqual(changed.errors, [
      {
        row: 2,
        column: 'Version',
        message: 'Keep the version the thing was exported at: it tells whether it changed since.',
      },
    ]);
    assert.deepEqual(idAndVersionOf(register, added), { id: null, version: null });
    assert.deepEqual(added.errors, []);
  });

  test('a yes-or-no cell reads as true or false; anything else is a problem', () => {
    const sheet = readRegisterRows(register, [['Title'], ['yes'], ['maybe'], ['x']], (row) => row);
    const [yes, maybe] = sheet.rows;
    assert.ok(yes && maybe);
    assert.equal(readYesNo(yes, 'title'), true);
    assert.equal(readYesNo(maybe, 'title'), false);
    assert.deepEqual(maybe.errors, [{ row: 3, column: 'Title', message: 'Write yes or no.' }]);
    assert.equal(readYesNo(yes, 'id', false), false, 'a blank cell is what the register says');
    assert.deepEqual(yes.errors, []);
  });

  test('an upload without rows, or with more than the register takes, is refused', () => {
    assert.deepEqual(
      rejection(() => {
        checkUpload(register, { rows: [], errors: [] });
      }),
      [{ row: 2, column: 'Title', message: 'The sheet has no things below its first row.' }],
    );
    assert.deepEqual(
      rejection(() => {
        checkUpload(register, { rows: [{ row: 2 }, { row: 3 }, { row: 5 }], errors: [] });
      }),
      [{ row: 6, column: 'ID', message: 'Import at most 2 things at once.' }],
    );
    const missing = { row: 1, column: 'Title', message: 'Missing.' };
    const refused = new ImportRejectedError([missing, missing]);
    assert.equal(refused.message, 'The file has 2 problems; nothing was imported.');
    assert.deepEqual(refused.fieldErrors[0], { field: 'row 1, Title', ...missing });
    assert.doesNotThrow(() => {
      checkUpload(register, { rows: [{ row: 2 }], errors: [] });
    });
  });

  test("a service's field error names the column it came from", () => {
    assert.deepEqual(
      rowErrorOf(register, { title: 'title' }, 7, { field: 'title', message: 'Too long.' }),
      { row: 7, column: 'Title', message: 'Too long.' },
    );
    assert.equal(
      rowErrorOf(register, {}, 7, { field: 'elsewhere', message: 'No.' }).column,
      'elsewhere',
    );
  });
});

describe('spreadsheet register kit: import planning', () => {
  test('each row makes a step, counts as unchanged, or gives its problems', () => {
    const planner = new ImportPlanner<{ id: string; version: number }, string>(register);
    const stored = { id: 'a', version: 3 };
    const added = planner.start({ row: 2, id: null, errors: [] }, false, 'No such thing.');
    planner.finish(added, 'new', undefined, true);
    const same = planner.start({ row: 3, id: 'a', errors: [] }, true, 'No such thing.');
    planner.finish(same, 'equal', stored, false);
    const again = planner.start({ row: 4, id: 'a', errors: [] }, true, 'No such thing.');
    planner.checkVersion(again, 2, stored);
    planner.finish(again, 'changed', stored, true);
    const unknown = planner.start({ row: 5, id: 'z', errors: [] }, false, 'No such thing.');
    unknown.fail('Title', 'Too long.');
    planner.finish(unknown, null, undefined, true);
    const changed = planner.start({ row: 6, id: 'b', errors: [] }, true, 'No such thing.');
    planner.checkVersion(changed, null, stored);
    planner.finish(changed, 'changed', stored, true);

    assert.deepEqual(planner.steps, [
      { kind: 'create', row: 2, value: 'new' },
      { kind: 'update', row: 6, current: stored, value: 'changed' },
    ]);
    assert.equal(planner.unchanged, 1);
    assert.deepEqual(planner.errors, [
      { row: 4, column: 'ID', message: 'The thing is also on row 3.' },
      {
        row: 4,
        column: 'Version',
        message:
          'The thing changed since export (it is now at version 3): export it again and make your change there.',
      },
      { row: 5, column: 'ID', message: 'No such thing.' },
      { row: 5, column: 'Title', message: 'Too long.' },
    ]);
  });

  test('the IDs the rows name are read once each, in batches of 500', async () => {
    const rows = Array.from({ length: 1_201 }, (_, index) => ({
      id: index === 0 ? null : `id-${String(index % 1_100)}`,
    }));
    const batches: number[] = [];
    const found = await inBatches(rows, async (ids) => {
      batches.push(ids.length);
      return ids;
    });
    assert.deepEqual(batches, [500, 500, 100]);
    assert.equal(new Set(found).size, 1_100);
  });
});
