import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { ActivityView } from './scorecard.model.js';

/** The value of a hidden field of a page, as the browser would send it. */
function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  assert.ok(match, `no hidden field ${name}`);
  return (match[1] ?? '')
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

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

  test('a stale edit keeps the other change, shows it by label and asks where both changed', async () => {
    const edit = await platform.request({
      url: `/scorecard/activities/${activity.id}/edit`,
      as: eurojust,
    });
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /name="version" value="1"/);
    const openedOn = hiddenValue(edit.body, '_base');
    const first = await form(
      admin,
      `/scorecard/activities/${activity.id}/edit`,
      fields({
        version: '1',
        description: 'First change',
        assessment: 'amber',
        assessmentReason: 'Staff shortage',
      }),
    );
    assert.equal(first.statusCode, 303);
    // This user changed the title and the description, not the assessment.
    const second = await form(
      eurojust,
      `/scorecard/activities/${activity.id}/edit`,
      fields({
        version: '1',
        _base: openedOn,
        title: 'Handbook, revised',
        description: 'Second change',
      }),
    );
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /Someone else saved changes while you were editing/);
    assert.match(second.body, /<h2 class="jh-merge__label">Description<\/h2>/);
    assert.match(second.body, /<h2 class="jh-merge__label">Assessment<\/h2>/);
    assert.match(second.body, /name="version" value="2"/);
    assert.match(second.body, /<input type="hidden" name="_conflicts" value="description">/);
    assert.match(second.body, /<option value="amber" selected>Amber: at risk<\/option>/);
    assert.match(second.body, /name="title" [^>]*value="Handbook, revised"/);
    const mergedBase = hiddenValue(second.body, '_base');
    const merged = {
      version: '2',
      _base: mergedBase,
      _conflicts: 'description',
      title: 'Handbook, revised',
      description: 'Second change',
      assessment: 'amber',
      assessmentReason: 'Staff shortage',
    };
    const unchosen = await form(
      eurojust,
      `/scorecard/activities/${activity.id}/edit`,
      fields(merged),
    );
    assert.equal(unchosen.statusCode, 400);
    assert.match(unchosen.body, /Choose which “Description” to keep/);
    const saved = await form(
      eurojust,
      `/scorecard/activities/${activity.id}/edit`,
      fields({ ...merged, '_keep-description': 'theirs' }),
    );
    assert.equal(saved.statusCode, 303);
    const stored = await platform.request({ url: `/api/activities/${activity.id}`, as: eurojust });
    const view = stored.json<ActivityView>();
    assert.equal(view.title, 'Handbook, revised');
    assert.equal(view.description, 'First change');
    assert.equal(view.assessment, 'amber');
    assert.equal(view.version, 3);
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
