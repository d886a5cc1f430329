import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import { spokenDay, spokenMonth, spokenSpan, zonePlace } from './meeting-time.js';

describe('meetings said as a calendar says them', () => {
  test('two half days: the end leaves out the year it shares with the start', () => {
    assert.deepEqual(
      spokenSpan('en', {
        localStart: '2017-02-09T13:00',
        localEnd: '2017-02-10T13:00',
        timeZone: 'Europe/Lisbon',
      }),
      {
        start: 'Thursday 9 February 2017, 13:00',
        end: 'Friday 10 February, 13:00',
        place: 'Lisbon',
      },
    );
  });

  test('one day: the end is only a time', () => {
    assert.deepEqual(
      spokenSpan('en', {
        localStart: '2017-05-19T09:30',
        localEnd: '2017-05-19T17:30',
        timeZone: 'Europe/Brussels',
      }),
      { start: 'Friday 19 May 2017, 09:30', end: '17:30', place: 'Brussels' },
    );
  });

  test('across the new year, both years are said', () => {
    assert.equal(
      spokenSpan('en', {
        localStart: '2027-12-31T13:00',
        localEnd: '2028-01-01T13:00',
        timeZone: 'Europe/Lisbon',
      }).end,
      'Saturday 1 January 2028, 13:00',
    );
  });

  test('the wall-clock time is never moved by a zone', () => {
    // 23:30 in Lisbon is the next day in UTC+1 and later: the day stays the venue's.
    assert.equal(spokenDay('en', '2017-06-20T23:30'), 'Tuesday 20 June 2017');
    assert.equal(spokenMonth('en', '2017-02'), 'February 2017');
  });

  test('places of zones read as places', () => {
    assert.equal(zonePlace('America/Argentina/Buenos_Aires'), 'Buenos Aires');
    assert.equal(zonePlace('UTC'), 'UTC');
  });
});
