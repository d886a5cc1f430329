import assert from 'node:assert/strict';
import { describe, test } from '../../test/support/node-test.js';
import { redactUrl } from './log-redaction.js';

const feed = 'jhcal_At_GEoRgIegrcwArhVf78jLgSzwjDq9D8VJNLG-YDs4';
const token = 'jht_Mt04R8QHqlK1gOOr0AVhRuuNzLr28sp0JNJ9JNsB6CM';

describe('redactUrl', () => {
  test('replaces the secret of a password reset link, on the page and in the API', () => {
    const secret = 'Qm9vWq3kR2xY7dE0tLwZ8uNf5aHc1sJg4vB6pKiOe9M';
    assert.equal(redactUrl(`/login/reset/${secret}`), '/login/reset/[redacted]');
    assert.equal(redactUrl(`/api/password-resets/${secret}`), '/api/password-resets/[redacted]');
    assert.equal(redactUrl('/api/password-resets'), '/api/password-resets');
  });

  test('replaces the calendar feed secret, whatever the segment holds', () => {
    assert.equal(redactUrl(`/calendar/${feed}/network.ics`), '/calendar/[redacted]/network.ics');
    assert.equal(
      redactUrl('/calendar/not-even-prefixed/personal.ics?x=1'),
      '/calendar/[redacted]/personal.ics?x=1',
    );
    assert.equal(
      redactUrl(`/Calendar/${feed.replace('_', '%5F')}/network.ics`),
      '/Calendar/[redacted]/network.ics',
    );
  });

  test('replaces issued secrets anywhere, however often they were encoded', () => {
    for (const url of [
      `/api/me?q=${token}`,
      `/api/me?q=${token.replace('_', '%5F')}`,
      `/api/me?q=${token.replace('_', '%255F')}`,
      `/login?next=${encodeURIComponent(`/calendar/${feed}/network.ics`)}`,
      `/login?next=${encodeURIComponent(encodeURIComponent(`/documents?q=${token}`))}`,
      `/documents/${token}`,
      `/api/x?${token}`,
      `/api/x?${token}=1`,
    ]) {
      const redacted = redactUrl(url);
      assert.equal(redacted.includes(token.slice(4)), false, redacted);
      assert.equal(redacted.includes(feed.slice(6)), false, redacted);
      assert.match(redacted, /\[redacted\]/);
    }
  });

  test('replaces the value of a parameter named like a secret', () => {
    assert.equal(
      redactUrl('/api/me?token=abc&page=2&access_token=def&Password=x&_csrf=y'),
      '/api/me?token=[redacted]&page=2&access_token=[redacted]&Password=[redacted]&_csrf=[redacted]',
    );
    assert.equal(redactUrl('/api/me?%74oken=abc'), '/api/me?%74oken=[redacted]');
  });

  test('keeps everything else as it came', () => {
    for (const url of [
      '/',
      '/documents?q=threat%20assessment&page=2',
      '/meetings/calendar?month=2017-06',
      '/api/documents/0b4f1c7e-1d7e-4d43-9d2c-2f5a7b1e9c11',
      '/login?next=%2Fdocuments%3Fpage%3D2',
      '/api/x?bad=%E0%A4%A',
    ]) {
      assert.equal(redactUrl(url), url);
    }
  });
});
