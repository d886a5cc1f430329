import assert from 'node:assert/strict';
import { describe, test } from '../../test/support/node-test.js';
import { calendarDateFromDayFirst, dayFirstText } from './dates.js';

describe('dates written day first', () => {
  test('read with any of the usual separators', () => {
    assert.equal(calendarDateFromDayFirst('02-12-2026'), '2026-12-02');
    assert.equal(calendarDateFromDayFirst('2/12/2026'), '2026-12-02');
    assert.equal(calendarDateFromDayFirst(' 9.2.2017 '), '2017-02-09');
  });

  test('what is no day is refused', () => {
    assert.equal(calendarDateFromDayFirst('31-02-2026'), null);
    assert.equal(calendarDateFromDayFirst('12/31/2026'), null, 'month first is not read');
    assert.equal(calendarDateFromDayFirst('2026-12-02'), null);
    assert.equal(calendarDateFromDayFirst('2 December 2026'), null);
    assert.equal(calendarDateFromDayFirst(''), null);
  });

  test('shown day first, other text as it is', () => {
    assert.equal(dayFirstText('2026-12-02'), '02-12-2026');
    assert.equal(dayFirstText('31-02-2026'), '31-02-2026');
    assert.equal(dayFirstText(''), '');
  });
});
