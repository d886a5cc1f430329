import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import { formatDate, formatDateTime, formatList, formatNumber } from './format.js';
import { negotiateLocale, resolveLocale, supportedLocales, translator } from './i18n.js';
import { en } from './messages.en.js';

describe('translator', () => {
  test('fills named parameters, numbers included', () => {
    const t = translator('en');
    assert.equal(
      t('nav.signedInAs', { name: 'Ana Ruiz', organisation: 'Europol' }),
      'Signed in as Ana Ruiz (Europol)',
    );
    assert.equal(t('pagination.page', { page: 2, pages: 7 }), 'Page 2 of 7');
  });

  test('leaves a placeholder without a value visible rather than inventing one', () => {
    const t = translator('en');
    assert.equal(t('pagination.page', { page: 2 }), 'Page 2 of {pages}');
  });

  test('without parameters returns the template as it is', () => {
    assert.equal(translator('en')('home.chair'), en['home.chair']);
  });

  test('an unknown language falls back to English', () => {
    assert.equal(translator('xx')('common.resultCount', { count: 3 }), 'Results: 3');
  });
});

describe('language negotiation', () => {
  test('English is supported', () => {
    assert.ok(supportedLocales.includes('en'));
  });

  test('picks the supported language with the highest q-value', () => {
    assert.equal(negotiateLocale('de;q=0.9, en;q=0.8'), 'en');
    assert.equal(negotiateLocale('fr-BE, en-GB;q=0.5'), 'en');
    assert.equal(negotiateLocale('EN-ie'), 'en');
  });

  test('ignores q=0 and malformed q-values, then falls back to the default', () => {
    assert.equal(negotiateLocale('en;q=0, xx'), 'en');
    assert.equal(negotiateLocale('xx;q=abc'), 'en');
    assert.equal(negotiateLocale(''), 'en');
    assert.equal(negotiateLocale(undefined), 'en');
  });

  test('a user setting wins over the header only when it is supported', () => {
    assert.equal(resolveLocale('en', 'xx'), 'en');
    assert.equal(resolveLocale('xx', 'en;q=0.4'), 'en');
    assert.equal(resolveLocale(null, undefined), 'en');
  });
});

describe('formatting', () => {
  test('dates read "9 February 2017", whatever the time of day', () => {
    assert.equal(formatDate('en', '2017-02-09'), '9 February 2017');
    assert.equal(formatDate('en', '2017-02-09T23:30:00Z'), '9 February 2017');
    assert.equal(formatDate('en', new Date('2017-02-09T00:10:00Z')), '9 February 2017');
  });

  test('a bare calendar date stays on its day in the zones of the EU, overseas ones included', () => {
    for (const zone of ['Europe/Helsinki', 'Atlantic/Azores', 'Pacific/Noumea', 'Pacific/Tahiti']) {
      assert.equal(formatDate('en', '2017-02-09', zone), '9 February 2017', zone);
    }
  });

  test('times use the 24-hour clock', () => {
    const text = formatDateTime('en', '2017-02-09T13:05:00Z');
    assert.match(text, /9 February 2017/);
    assert.match(text, /13:05/);
    assert.doesNotMatch(text, /pm|PM/);
    assert.match(formatDateTime('en', '2017-02-09T00:05:00Z'), /00:05/);
    assert.match(formatDateTime('en', '2017-02-09T12:00:00Z', 'Europe/Brussels'), /13:00/);
  });

  test('formatters made once are kept apart by zone and by kind', () => {
    // Asked in turns, so that a formatter kept for one zone or kind cannot answer for another.
    for (let turn = 0; turn < 2; turn++) {
      assert.equal(formatDate('en', '2017-02-09T23:30:00Z', 'Europe/Brussels'), '10 February 2017');
      assert.equal(formatDate('en', '2017-02-09T23:30:00Z', 'UTC'), '9 February 2017');
      assert.equal(formatDate('en', '2017-02-10'), '10 February 2017');
      assert.match(formatDateTime('en', '2017-02-09T12:00:00Z', 'Europe/Helsinki'), /14:00/);
      assert.match(formatDateTime('en', '2017-02-09T12:00:00Z', 'Europe/Lisbon'), /12:00/);
      assert.equal(formatList('en', ['CEPOL', 'EUAA', 'Europol']), 'CEPOL, EUAA and Europol');
    }
  });

  test('numbers group thousands', () => {
    assert.equal(formatNumber('en', 1234567), '1,234,567');
  });
});
