import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { ProductPage, ProductView, UpcomingEdition } from './products.model.js';

interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
}

const base = {
  title: 'Annual Risk Analysis 2017',
  summary: 'Risks at the external borders of the EU in 2016 and what they mean for 2017.',
  kind: 'risk-analysis',
  series: 'Annual Risk Analysis',
  year: 2017,
  periodStart: '2016-01-01',
  periodEnd: '2016-12-31',
  publishedOn: '2017-02-15',
  periodicity: 'yearly',
  audience: 'network',
  agencies: ['Frontex'],
  topics: ['borders', 'migration'],
  countries: ['GRC', 'ITA'],
  languages: ['ENG'],
};

describe('products API', () => {
  let platform: TestPlatform;
  let frontex: Session;
  let europol: Session;
  let fraMember: Session;
  let observer: Session;

  const create = (as: Session, body: object) =>
    platform.request({ method: 'POST', url: '/api/products', as, body });
  const list = async (as: Session, query = '') =>
    (await platform.request({ url: `/api/products?pageSize=200${query}`, as })).json<ProductPage>();
  const auditOf = (id: string) =>
    platform.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_type as targetType'])
      .where('target_id', '=', id)
      .orderBy('seq')
      .execute();
  const countProducts = async () =>
    Number(
      (
        await platform.services.database.db
          .selectFrom('products')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    platform = await testPlatform();
    frontex = await platform.session('contact', 'Frontex');
    europol = await platform.session('contact', 'Europol');
    fraMember = await platform.session('member', 'FRA');
    observer = await platform.session('observer', 'DG HOME');
  });
  after(() => platform.close());

  test('a contact point adds a product of their agency; the network reads it; the create is audited', async () => {
    const response = await create(frontex, { ...base, lines: ['2.1.7'] });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.headers.etag, '"1"');
    const product = response.json<ProductView>();
    assert.deepEqual(
      product.agencies.map((a) => a.acronym),
      ['Frontex'],
    );
    assert.deepEqual(product.topics, ['borders', 'migration']);
    assert.deepEqual(product.countries, ['GRC', 'ITA']);
    assert.deepEqual(
      product.lines.map((l) => l.code),
      ['2.1.7'],
    );
    assert.match(product.lines[0]?.text ?? '', /index of analytical products/);
    const read = await platform.request({ url: `/api/products/${product.id}`, as: fraMember });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json<ProductView>().title, 'Annual Risk Analysis 2017');
    assert.deepEqual(await auditOf(product.id), [
      { action: 'product.create', targetType: 'product' },
    ]);
  });

  test('bad input answers 400 with every problem and stores nothing', async () => {
    const before = await countProducts();
    const response = await create(frontex, {
      ...base,
      title: '  ',
      kind: 'poem',
      periodicity: 'hourly',
      periodStart: '2016-02-30',
      agencies: ['Frontex', 'Nobody'],
      countries: ['ATLANTIS'],
      languages: ['KLINGON'],
      lines: ['9.9.9'],
      audience: 'public',
    });
    assert.equal(response.statusCode, 400);
    const fields = (response.json<Problem>().errors ?? []).map((e) => e.field).sort();
    assert.deepEqual(fields, [
      'agencies',
      'countries',
      'kind',
      'languages',
      'lines',
      'periodStart',
      'periodicity',
      'publicUrl',
      'title',
    ]);
    assert.equal(await countProducts(), before);
  });

  test('an agency adds only products it produces', async () => {
    const response = await create(europol, { ...base, title: 'Not ours' });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(
      response.json<Problem>().errors?.map((e) => e.field),
      ['agencies'],
    );
    const members = await create(fraMember, base);
    assert.equal(members.statusCode, 404, 'members do not write the index');
  });

  test('another agency may read a product but its change and removal answer 404', async () => {
    const product = (
      await create(frontex, { ...base, title: 'Western Balkans quarterly' })
    ).json<ProductView>();
    const url = `/api/products/${product.id}`;
    const patch = (as: Session, body: object, version = '"1"') =>
      platform.request({ method: 'PATCH', url, as, body, headers: { 'if-match': version } });
    assert.equal((await platform.request({ url, as: europol })).statusCode, 200);
    assert.equal((await patch(europol, { title: 'Taken over' })).statusCode, 404);
    assert.equal(
      (
        await platform.request({
          method: 'DELETE',
          url,
          as: europol,
          headers: { 'if-match': '"1"' },
        })
      ).statusCode,
      404,
    );
    assert.equal(
      (await platform.request({ method: 'PATCH', url, as: frontex, body: { title: 'x' } }))
        .statusCode,
      428,
    );
    const changed = await patch(frontex, {
      title: 'Western Balkans Quarterly',
      countries: ['SRB'],
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.headers.etag, '"2"');
    assert.deepEqual(changed.json<ProductView>().countries, ['SRB']);
    assert.equal((await patch(frontex, { title: 'Stale' }, '"1"')).statusCode, 412);
    const same = await patch(frontex, { title: 'Western Balkans Quarterly' }, '"2"');
    assert.equal(same.json<ProductView>().version, 2, 'saving what is stored changes nothing');
    const removed = await platform.request({
      method: 'DELETE',
      url,
      as: frontex,
      headers: { 'if-match': '"2"' },
    });
    assert.equal(removed.statusCode, 204);
    assert.equal((await platform.request({ url, as: frontex })).statusCode, 404);
    assert.deepEqual(
      (await auditOf(product.id)).map((a) => a.action),
      ['product.create', 'product.update', 'product.delete'],
    );
  });

  test('observers see public products and those released to them; producers-only stays with the producers', async () => {
    const released = (
      await create(europol, {
        ...base,
        agencies: ['Europol'],
        title: 'TE-SAT released',
        releasedToObservers: true,
      })
    ).json<ProductView>();
    const network = (
      await create(europol, { ...base, agencies: ['Europol'], title: 'Network only' })
    ).json<ProductView>();
    const own = (
      await create(europol, {
        ...base,
        agencies: ['Europol'],
        title: 'Producers only',
        audience: 'producers',
      })
    ).json<ProductView>();
    const open = (
      await create(europol, {
        ...base,
        agencies: ['Europol'],
        title: 'Public edition',
        audience: 'public',
        publicUrl: 'https://www.europol.europa.eu/te-sat',
        fileType: 'PDF',
      })
    ).json<ProductView>();
    const titles = async (as: Session) =>
      (await list(as, '&agency=Europol')).items.map((p) => p.title);
    assert.deepEqual(await titles(observer), ['Public edition', 'TE-SAT released']);
    assert.deepEqual(await titles(fraMember), [
      'Network only',
      'Public edition',
      'TE-SAT released',
    ]);
    assert.deepEqual(await titles(europol), [
      'Network only',
      'Producers only',
      'Public edition',
      'TE-SAT released',
    ]);
    assert.equal(
      (await platform.request({ url: `/api/products/${network.id}`, as: observer })).statusCode,
      404,
    );
    assert.equal(
      (await platform.request({ url: `/api/products/${own.id}`, as: fraMember })).statusCode,
      404,
    );
    const facets = (await list(fraMember, '&agency=Europol')).facets;
    assert.deepEqual(facets.agency, [{ value: 'Europol', count: 3 }]);
    assert.ok(released.id && open.id);
  });

  test('a product that points to a document is seen only by readers of the document', async () => {
    const registered = await platform.request({
      method: 'POST',
      url: '/api/documents',
      as: europol,
      body: {
        title: 'Threat assessment on firearms',
        documentType: 'analysis',
        language: 'en',
        marking: { classification: 'none', releasability: 'originator' },
      },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    const number = registered.json<{ document: { registrationNumber: string } }>().document
      .registrationNumber;
    const product = await create(europol, {
      ...base,
      agencies: ['Europol'],
      title: 'Firearms threat assessment',
      document: number,
    });
    assert.equal(product.statusCode, 201, product.body);
    const view = product.json<ProductView>();
    assert.equal(view.document?.registrationNumber, number);
    assert.equal(
      (await platform.request({ url: `/api/products/${view.id}`, as: fraMember })).statusCode,
      404,
    );
    assert.ok(!(await list(fraMember, '&q=firearms')).items.length);
    assert.equal((await list(fraMember, '&q=firearms')).total, 0);
    const linkedByOther = await create(frontex, { ...base, title: 'Borrowed', document: number });
    assert.deepEqual(
      linkedByOther.json<Problem>().errors?.map((e) => e.field),
      ['document'],
      'a document the writer may not read is no document',
    );
    const publicOne = await create(europol, {
      ...base,
      agencies: ['Europol'],
      title: 'Public but restricted',
      audience: 'public',
      publicUrl: 'https://example.eu/x',
      fileType: 'PDF',
      document: number,
    });
    assert.equal(
      publicOne.statusCode,
      400,
      'a public product may not point to a TLP-less document',
    );
  });

  test('facets filter the index and count what matches', async () => {
    const page = await list(fraMember, '&kind=risk-analysis&country=ITA&agency=Frontex');
    assert.deepEqual(
      page.items.map((p) => p.title),
      ['Annual Risk Analysis 2017'],
    );
    assert.deepEqual(page.facets.country, [
      { value: 'GRC', count: 1 },
      { value: 'ITA', count: 1 },
    ]);
    assert.deepEqual(page.facets.year, [{ value: '2017', count: 1 }]);
    const sorted = (
      await platform.request({
        url: '/api/products?sort=title&direction=desc&pageSize=2&agency=Europol',
        as: fraMember,
      })
    ).json<ProductPage>();
    assert.equal(sorted.total, 3);
    assert.deepEqual(
      sorted.items.map((p) => p.title),
      ['TE-SAT released', 'Public edition'],
    );
    assert.equal((await list(fraMember, '&topic=drugs')).total, 0);
  });

  test('what is coming: the next edition of each periodic series after its latest one', async () => {
    await create(frontex, {
      ...base,
      title: 'Annual Risk Analysis 2016',
      periodStart: '2015-01-01',
      periodEnd: '2015-12-31',
      publishedOn: '2016-03-01',
    });
    const editions = (
      await platform.request({ url: '/api/products/upcoming', as: fraMember })
    ).json<UpcomingEdition[]>();
    const annual = editions.find((e) => e.series === 'Annual Risk Analysis');
    assert.deepEqual(
      annual && {
        last: annual.lastEdition.title,
        periodStart: annual.periodStart,
        periodEnd: annual.periodEnd,
        expectedOn: annual.expectedOn,
      },
      {
        last: 'Annual Risk Analysis 2017',
        periodStart: '2017-01-01',
        periodEnd: '2017-12-31',
        expectedOn: '2018-02-15',
      },
    );
  });

  test('an activity delivers products: the link shows on both sides, through their visibility', async () => {
    const activity = await platform.request({
      method: 'POST',
      url: '/api/activities',
      as: frontex,
      body: {
        year: 2017,
        title: 'Joint situational picture',
        lines: ['1.1.3'],
        lead: 'Frontex',
        kind: 'operational-support',
        plannedStart: '2017-03-01',
        plannedEnd: '2017-12-31',
      },
    });
    assert.equal(activity.statusCode, 201, activity.body);
    const activityId = activity.json<{ id: string }>().id;
    const product = (
      await create(frontex, {
        ...base,
        title: 'Situational picture report',
        kind: 'situation-report',
        activities: [activityId],
      })
    ).json<ProductView>();
    assert.deepEqual(
      product.activities.map((a) => a.title),
      ['Joint situational picture'],
    );
    const delivered = await platform.request({
      url: `/api/activities/${activityId}/products`,
      as: fraMember,
    });
    assert.deepEqual(
      delivered.json<ProductView[]>().map((p) => p.title),
      ['Situational picture report'],
    );
    const unknown = await create(frontex, {
      ...base,
      title: 'Nothing delivers it',
      activities: ['00000000-0000-4000-8000-000000000000'],
    });
    assert.deepEqual(
      unknown.json<Problem>().errors?.map((e) => e.field),
      ['activities'],
    );
  });

  test('anonymous callers are refused by the API', async () => {
    assert.equal((await platform.request({ url: '/api/products' })).statusCode, 401);
  });
});
