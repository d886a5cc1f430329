import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import { escapeText, foldLine, serializeCalendar, utcStamp } from './icalendar.js';
import { addDaysToWallClock, canonicalTimeZone, fromWallClock, toWallClock } from './zoned-time.js';

describe('iCalendar writer', () => {
  test('escapes text values', () => {
    assert.equal(escapeText('a\\b;c,d\ne'), 'a\\\\b\\;c\\,d\\ne');
  });

  test('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(60)}€${'x'.repeat(40)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    assert.ok(parts.length > 1);
    for (const part of parts) assert.ok(Buffer.byteLength(part) <= 75, part);
    for (const part of parts.slice(1)) assert.ok(part.startsWith(' '));
    assert.equal(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join(''), line);
    assert.ok(!folded.includes('\uFFFD'));
    assert.equal(foldLine('SHORT:line'), 'SHORT:line');
  });

  test('writes UTC times, CRLF line ends and the status', () => {
    assert.equal(utcStamp('2017-02-09T13:00:00.000Z'), '20170209T130000Z');
    const text = serializeCalendar({
      method: 'CANCEL',
      events: [
        {
          uid: 'abc@meetings.jhanet',
          sequence: 3,
          stamp: '2017-01-01T10:00:00.000Z',
          start: '2017-02-09T13:00:00.000Z',
          end: '2017-02-10T13:00:00.000Z',
          summary: '1st JHA network meeting',
          description: '',
          location: 'EMCDDA, Lisbon',
          cancelled: true,
          organizer: { name: 'EUDA; secretariat', email: 'n@example.eu' },
        },
      ],
    });
    assert.ok(text.endsWith('END:VCALENDAR\r\n'));
    assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
    for (const line of [
      'METHOD:CANCEL',
      'UID:abc@meetings.jhanet',
      'SEQUENCE:3',
      'DTSTAMP:20170101T100000Z',
      'DTSTART:20170209T130000Z',
      'STATUS:CANCELLED',
      'LOCATION:EMCDDA\\, Lisbon',
      'ORGANIZER;CN="EUDA; secretariat":mailto:n@example.eu',
    ]) {
      assert.ok(text.includes(`${line}\r\n`), line);
    }
  });
});

describe('wall-clock times at the venue', () => {
  test('knows IANA zones and refuses the rest', () => {
    assert.equal(canonicalTimeZone('Europe/Lisbon'), 'Europe/Lisbon');
    assert.equal(canonicalTimeZone('Europe/Atlantis'), null);
    assert.equal(canonicalTimeZone('+01:00'), null);
    assert.equal(canonicalTimeZone(''), null);
  });

  test('13:00 in Lisbon is 13:00 UTC in winter and 12:00 UTC in summer, and back', () => {
    assert.equal(fromWallClock('2017-02-09T13:00', 'Europe/Lisbon'), '2017-02-09T13:00:00.000Z');
    assert.equal(fromWallClock('2017-06-20T13:00', 'Europe/Lisbon'), '2017-06-20T12:00:00.000Z');
    assert.equal(fromWallClock('2017-05-19T09:30', 'Europe/Brussels'), '2017-05-19T07:30:00.000Z');
    assert.equal(toWallClock('2017-06-20T12:00:00.000Z', 'Europe/Lisbon'), '2017-06-20T13:00');
  });

  test('a time skipped when clocks go forward does not exist; a repeated one resolves', () => {
    assert.equal(fromWallClock('2017-03-26T01:30', 'Europe/Lisbon'), null);
    assert.ok(fromWallClock('2017-10-29T01:30', 'Europe/Lisbon'));
    assert.equal(fromWallClock('2017-02-30T13:00', 'Europe/Lisbon'), null);
    assert.equal(fromWallClock('13:00', 'Europe/Lisbon'), null);
  });

  test('the next day at the same time crosses months', () => {
    assert.equal(addDaysToWallClock('2017-01-31T13:00', 1), '2017-02-01T13:00');
  });
});
