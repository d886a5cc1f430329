import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import { compareFrameworks, parseVersionRef } from './priorities.compare.js';
import { wordDiff } from './priorities.diff.js';
import type { FrameworkView } from './priorities.service.js';

describe('word-level differences', () => {
  test('marks the words deleted and inserted, keeping the rest', () => {
    assert.deepEqual(wordDiff('respond in a timely way', 'respond in a fast way'), [
      { op: 'equal', text: 'respond in a ' },
      { op: 'delete', text: 'timely' },
      { op: 'insert', text: 'fast' },
      { op: 'equal', text: ' way' },
    ]);
  });

  test('equal and empty texts', () => {
    assert.deepEqual(wordDiff('same', 'same'), [{ op: 'equal', text: 'same' }]);
    assert.deepEqual(wordDiff('', ''), []);
    assert.deepEqual(wordDiff('', 'new'), [{ op: 'insert', text: 'new' }]);
  });

  test('a very long text is shown as a whole replacement', () => {
    const long = 'word '.repeat(1000);
    const other = 'other '.repeat(1000);
    assert.deepEqual(
      wordDiff(long, other).map((s) => s.op),
      ['delete', 'insert'],
    );
  });
});

function framework(sections: [string, [string, string][]][]): FrameworkView {
  return {
    id: 'x',
    year: 2017,
    version: 1,
    status: 'agreed',
    title: 'T',
    chairAcronym: null,
    chairAcronymNow: null,
    outlookNote: null,
    agreedOn: null,
    agreedAt: null,
    consultationDeadline: null,
    basedOn: null,
    rowVersion: 1,
    introduction: [],
    principles: [],
    groups: [],
    sections: sections.map(([number, lines]) => ({
      number,
      group: 'thematic',
      title: `Section ${number}`,
      objective: 'O',
      objectiveReferences: [],
      context: [],
      lines: lines.map(([key, text], index) => ({ key, number: index + 1, text, references: [] })),
    })),
  };
}

describe('comparing versions line by line', () => {
  test('unchanged, changed, moved, added and removed lines, matched by key', () => {
    const from = framework([
      [
        '1.1',
        [
          ['a', 'Alpha'],
          ['b', 'Beta'],
          ['c', 'Gamma'],
        ],
      ],
      ['1.2', [['d', 'Delta']]],
    ]);
    const to = framework([
      [
        '1.1',
        [
          ['a', 'Alpha'],
          ['c', 'Gamma changed'],
        ],
      ],
      [
        '1.2',
        [
          ['d', 'Delta'],
          ['b', 'Beta'],
          ['e', 'Epsilon'],
        ],
      ],
    ]);
    const result = compareFrameworks(from, to);
    assert.deepEqual(result.counts, { unchanged: 2, changed: 1, added: 1, removed: 0, moved: 1 });
    const byKey = new Map(result.sections.flatMap((s) => s.lines).map((l) => [l.key, l]));
    assert.equal(byKey.get('c')?.status, 'changed');
    assert.equal(byKey.get('c')?.moved, true, 'renumbered from 3 to 2');
    assert.equal(byKey.get('b')?.status, 'moved');
    assert.equal(byKey.get('e')?.status, 'added');
  });

  test('a removed line shows where it was', () => {
    const result = compareFrameworks(
      framework([
        [
          '1.1',
          [
            ['a', 'A'],
            ['b', 'B'],
            ['c', 'C'],
          ],
        ],
      ]),
      framework([
        [
          '1.1',
          [
            ['a', 'A'],
            ['c', 'C'],
          ],
        ],
      ]),
    );
    assert.deepEqual(
      result.sections[0]?.lines.map((l) => [l.key, l.status]),
      [
        ['a', 'unchanged'],
        ['b', 'removed'],
        ['c', 'moved'],
      ],
    );
  });

  test('versions are named year/version', () => {
    assert.deepEqual(parseVersionRef('2017/1'), { year: 2017, version: 1 });
    assert.equal(parseVersionRef('2017'), null);
    assert.equal(parseVersionRef('1999/1'), null);
    assert.equal(parseVersionRef('2017/0'), null);
  });
});
