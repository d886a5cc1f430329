import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import { ViewSwitcher } from './view-switcher.js';

const views = [
  { path: '/things', label: 'Table' },
  { path: '/things/calendar', label: 'Month', query: { month: '2017-02' } },
];

describe('the view switcher', () => {
  test('marks the current view only, as the page', () => {
    const html = ViewSwitcher({
      label: 'Views of the things',
      views,
      current: '/things/calendar',
    }).value;
    assert.match(html, /<nav class="ecl-tabs jh-view-switcher" aria-label="Views of the things">/);
    assert.equal(html.match(/aria-current="page"/g)?.length, 1);
    assert.match(
      html,
      /<a class="ecl-tabs__link ecl-tabs__link--active" href="\/things\/calendar\?month=2017-02" aria-current="page">Month<\/a>/,
    );
    assert.match(html, /<a class="ecl-tabs__link" href="\/things">Table<\/a>/);
  });

  test('every link keeps the filters, leaving out the empty ones, escaped', () => {
    const html = ViewSwitcher({
      label: 'Views',
      views,
      current: '/things',
      keep: { year: 2017, q: 'a&b "c"', kind: undefined, tag: '' },
    }).value;
    assert.match(html, /href="\/things\?year=2017&amp;q=a%26b\+%22c%22"/);
    assert.match(
      html,
      /href="\/things\/calendar\?year=2017&amp;q=a%26b\+%22c%22&amp;month=2017-02"/,
    );
  });
});
