import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { AuditEntryView } from '../audit/audit.present.js';

interface View {
  id: string;
  name: string;
  query: string;
  builtIn: boolean;
}

describe('saved views of the scorecard and the documents', () => {
  let platform: TestPlatform;
  let admin: Session;
  let contact: Session;
  let otherContact: Session;
  let observer: Session;

  const viewsOf = async (as: Session, list: string) => {
    const response = await platform.request({ url: `/api/views?list=${list}`, as });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ items: View[] }>().items;
  };
  const save = (as: Session, body: Record<string, unknown>) =>
    platform.request({ method: 'POST', url: '/api/views', as, body });
  const auditOf = async (action: string, targetId: string) => {
    const response = await platform.request({
      url: `/api/audit?action=${action}&targetId=${targetId}`,
      as: admin,
    });
    return response.json<{ items: AuditEntryView[] }>().items;
  };
  const storedViews = async () =>
    (
      await platform.services.database.db
        .selectFrom('saved_views')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    contact = await platform.session('contact', 'Europol');
    otherContact = await platform.session('contact', 'Frontex');
    observer = await platform.session('observer', 'DG HOME');
  });
  after(() => platform.close());

  test('built-in views: led by my agency and at risk for agencies, at risk for observers', async () => {
    assert.deepEqual(
      (await viewsOf(contact, 'scorecard')).map((v) => [v.name, v.query, v.builtIn]),
      [
        ['Led by my agency', 'agency=Europol&agencyRole=lead', true],
        ['At risk', 'assessment=amber', true],
      ],
    );
    assert.deepEqual(
      (await viewsOf(observer, 'scorecard')).map((v) => v.name),
      ['At risk'],
    );
    const europol = await platform.services.network.get('Europol');
    assert.deepEqual(
      (await viewsOf(contact, 'documents')).map((v) => [v.name, v.query]),
      [['From my agency', `originator=${europol.id}`]],
    );
  });

  test('a saved view keeps only the list filters, is audited, and is its owner alone', async () => {
    const response = await save(contact, {
      list: 'scorecard',
      name: '  Red trainings ',
      query: 'year=2017&kind=training&assessment=red&page=3&evil=1&q=',
    });
    assert.equal(response.statusCode, 201, response.body);
    const view = response.json<View>();
    assert.equal(view.name, 'Red trainings');
    assert.equal(view.query, 'year=2017&assessment=red&kind=training');
    const [entry] = await auditOf('saved_view.create', view.id);
    assert.ok(entry, 'the saving is audited');
    assert.equal(entry.targetType, 'saved_view');
    assert.equal(entry.targetId, view.id);
    assert.doesNotMatch(JSON.stringify(entry), /kind=/, 'the filters stay out of the log');
    assert.deepEqual(
      (await viewsOf(contact, 'scorecard')).filter((v) => !v.builtIn).map((v) => v.name),
      ['Red trainings'],
    );
    assert.deepEqual(
      (await viewsOf(otherContact, 'scorecard')).filter((v) => !v.builtIn),
      [],
    );
    const page = await platform.request({ url: '/scorecard?year=2017', as: contact });
    assert.match(page.body, /Red trainings/);
    assert.match(page.body, /href="\/scorecard\?year=2017&amp;assessment=red&amp;kind=training"/);
    const othersPage = await platform.request({ url: '/scorecard?year=2017', as: otherContact });
    assert.doesNotMatch(othersPage.body, /Red trainings/);

    const refused = await platform.request({
      method: 'DELETE',
      url: `/api/views/${view.id}`,
      as: otherContact,
    });
    assert.equal(refused.statusCode, 404);
    const deleted = await platform.request({
      method: 'DELETE',
      url: `/api/views/${view.id}`,
      as: contact,
    });
    assert.equal(deleted.statusCode, 204);
    const [deletion] = await auditOf('saved_view.delete', view.id);
    assert.equal(deletion?.targetType, 'saved_view');
    assert.equal(await storedViews(), 0);
  });

  test('each active filter of the documents is a chip whose link removes it alone', async () => {
    const page = await platform.request({
      url: '/documents?q=report&type=report&type=minutes',
      as: contact,
    });
    assert.equal(page.statusCode, 200);
    const removals = [
      ...page.body.matchAll(/class="ecl-tag ecl-tag--removable" href="([^"]*)"/g),
    ].map((m) => m[1]?.replaceAll('&amp;', '&'));
    assert.deepEqual(removals, [
      '/documents?type=report&type=minutes',
      '/documents?q=report&type=minutes',
      '/documents?q=report&type=report',
    ]);
    assert.match(page.body, /<details class="jh-filter-bar__more">/);
    assert.match(page.body, /More filters \(2 set\)/);
  });

  test('bad views answer 400 and store nothing', async () => {
    await save(contact, { list: 'documents', name: 'Mine', query: 'q=frontex' });
    const before = await storedViews();
    for (const body of [
      { list: 'documents', name: '   ', query: 'q=x' },
      { list: 'documents', name: 'mine', query: 'q=y' },
      { list: 'documents', name: 'x'.repeat(81), query: '' },
      { list: 'people', name: 'People', query: '' },
      { list: 'documents', name: 'Long', query: `q=${'a'.repeat(10_000)}` },
      { list: 'documents', name: 'Nul\u0000', query: '' },
    ]) {
      const response = await save(contact, body);
      assert.equal(response.statusCode, 400, JSON.stringify(body).slice(0, 60));
    }
    assert.equal(await storedViews(), before);
  });

  test('the page saves a view from the filters shown and reopens it; deleting goes back', async () => {
    const saved = await platform.request({
      url: '/views',
      as: contact,
      form: {
        _csrf: contact.csrfToken,
        list: 'scorecard',
        name: 'Europol ongoing',
        query: 'year=2017&agency=Europol&status=ongoing',
      },
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    assert.equal(saved.headers.location, '/scorecard?year=2017&agency=Europol&status=ongoing');
    const reopened = await platform.request({ url: saved.headers.location, as: contact });
    assert.match(reopened.body, /aria-current="true"[^>]*>Europol ongoing</);
    const empty = await platform.request({
      url: '/views',
      as: contact,
      form: { _csrf: contact.csrfToken, list: 'scorecard', name: '', query: 'year=2017' },
    });
    assert.equal(empty.statusCode, 400);
    const [view] = (await viewsOf(contact, 'scorecard')).filter(
      (v) => v.name === 'Europol ongoing',
    );
    assert.ok(view);
    const gone = await platform.request({
      url: `/views/${view.id}/delete`,
      as: contact,
      form: { _csrf: contact.csrfToken },
    });
    assert.equal(gone.statusCode, 303);
    assert.equal(gone.headers.location, '/scorecard');
  });
});
