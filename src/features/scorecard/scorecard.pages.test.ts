import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { ActivityView } from './scorecard.model.js';

describe('scorecard pages', () => {
  let platform: TestPlatform;
  let admin: Session;
  let eurojust: Session;
  let frontex: Session;
  let observer: Session;
  let activity: ActivityView;

  const form = (as: Session, url: string, fields: Record<string, string>) =>
    platform.request({ url, as, form: { _csrf: as.csrfToken, ...fields } });
  const fields = (overrides: Record<string, string> = {}) => ({
    title: 'Handbook on <joint> investigation teams',
    description: 'A handbook for practitioners.',
    lines: '1.1.3',
    lead: 'Eurojust',
    kind: 'joint-product',
    plannedStart: '2017-03-01',
    plannedEnd: '2017-09-30',
    status: 'planned',
    assessment: 'green',
    assessmentReason: '',
    releasedToObservers: 'no',
    indicatorName0: 'Copies distributed',
    indicatorUnit0: 'count',
    indicatorTarget0: '500',
    indicatorValue0: '0',
    ...overrides,
  });

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    eurojust = await platform.session('contact', 'Eurojust');
    frontex = await platform.session('contact', 'Frontex');
    observer = await platform.session('observer', 'DG HOME');
  });
  after(() => platform.close());

  test('a contact point adds an activity through the form', async () => {
    const response = await form(eurojust, '/scorecard/activities/new?year=2017', fields());
    assert.equal(response.statusCode, 303, response.body);
    const location = String(response.headers.location);
    assert.match(location, /^\/scorecard\/activities\/[0-9a-f-]{36}\?saved=1$/);
    const page = await platform.request({ url: location, as: eurojust });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Handbook on &lt;joint&gt; investigation teams/);
    assert.match(page.body, /Copies distributed/);
    activity = (await platform.request({ url: '/api/scorecard?year=2017', as: eurojust })).json<{
      items: ActivityView[];
    }>().items[0] as ActivityView;
  });

  test('a bad form comes back with the errors and the values, and stores nothing', async () => {
    const response = await form(
      eurojust,
      '/scorecard/activities/new?year=2017',
      fields({ title: '', plannedEnd: '2016-01-01', indicatorTarget0: 'lots', lines: '' }),
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Enter a title/);
    assert.match(response.body, /The end is before the start/);
    assert.match(response.body, /id="field-indicatorTarget0"/);
    assert.match(response.body, /value="lots"/);
    const total = (await platform.request({ url: '/api/scorecard?year=2017', as: admin })).json<{
      total: number;
    }>().total;
    assert.equal(total, 1);
  });

  test('the scorecard table filters and sorts; observers do not see unreleased activities', async () => {
    const page = await platform.request({
      url: '/scorecard?year=2017&agency=Eurojust',
      as: eurojust,
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Handbook on &lt;joint&gt;/);
    const none = await platform.request({
      url: '/scorecard?year=2017&status=completed',
      as: eurojust,
    });
    assert.match(none.body, /No activity matches/);
    const bad = await platform.request({
      url: '/scorecard?year=2017&status=finished&asOf=2017-13-01',
      as: eurojust,
    });
    assert.equal(bad.statusCode, 200);
    assert.match(bad.body, /not one of the choices/);
    const hidden = await platform.request({ url: '/scorecard?year=2017', as: observer });
    assert.doesNotMatch(hidden.body, /Handbook/);
    const detail = await platform.request({
      url: `/scorecard/activities/${activity.id}`,
      as: observer,
    });
    assert.equal(detail.statusCode, 404);
  });

  test('a stale edit shows the other change beside the user’s values', async () => {
    const edit = await platform.request({
      url: `/scorecard/activities/${activity.id}/edit`,
      as: eurojust,
    });
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /name="version" value="1"/);
    const first = await form(
      eurojust,
      `/scorecard/activities/${activity.id}/edit`,
      fields({ version: '1', description: 'First change' }),
    );
    assert.equal(first.statusCode, 303);
    const second = await form(
      eurojust,
      `/scorecard/activities/${activity.id}/edit`,
      fields({ version: '1', description: 'Second change' }),
    );
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /Someone else changed this activity/);
    assert.match(second.body, /First change/);
    assert.match(second.body, /Second change/);
    assert.match(second.body, /name="version" value="2"/);
    const merged = await form(
      eurojust,
      `/scorecard/activities/${activity.id}/edit`,
      fields({ version: '2', description: 'Second change' }),
    );
    assert.equal(merged.statusCode, 303);
  });

  test('progress is reported through the form; outsiders cannot reach the forms', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const posted = await form(eurojust, `/scorecard/activities/${activity.id}/progress`, {
      version: '3',
      postedOn: today,
      text: 'Drafting started',
      status: 'ongoing',
      indicatorValue0: '120',
    });
    assert.equal(posted.statusCode, 303, posted.body);
    const page = await platform.request({
      url: `/scorecard/activities/${activity.id}`,
      as: eurojust,
    });
    assert.match(page.body, /Drafting started/);
    assert.match(page.body, /Planned → Ongoing/);
    const stale = await form(eurojust, `/scorecard/activities/${activity.id}/progress`, {
      version: '3',
      postedOn: today,
      text: 'Late',
    });
    assert.equal(stale.statusCode, 409);
    for (const url of ['edit', 'progress', 'delete']) {
      const response = await platform.request({
        url: `/scorecard/activities/${activity.id}/${url}`,
        as: frontex,
      });
      assert.equal(response.statusCode, 404, url);
    }
  });

  test('an administrator deletes after confirming', async () => {
    const confirm = await platform.request({
      url: `/scorecard/activities/${activity.id}/delete`,
      as: admin,
    });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /whole history/);
    const deleted = await form(admin, `/scorecard/activities/${activity.id}/delete`, {
      version: '4',
    });
    assert.equal(deleted.statusCode, 303);
    const gone = await platform.request({ url: `/scorecard/activities/${activity.id}`, as: admin });
    assert.equal(gone.statusCode, 404);
  });
});
