import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import jsonld from 'jsonld';
import { DataFactory, Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { catalogueGraph, toTurtle } from './products.dcat.js';
import type { ProductView } from './products.model.js';

const namedNode = (value: string) => DataFactory.namedNode(value);
const DCT = 'http://purl.org/dc/terms/';
const DCAT = 'http://www.w3.org/ns/dcat#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const AUTHORITY = 'http://publications.europa.eu/resource/authority';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';
const CC_BY_4_0 = `${AUTHORITY}/licence/CC_BY_4_0`;

const shapes = new Store(
  new Parser().parse(readFileSync(new URL('./dcat-ap.shapes.ttl', import.meta.url), 'utf8')),
);

async function validate(data: Store) {
  const report = await new SHACLValidator(shapes).validate(data);
  return {
    conforms: report.conforms,
    problems: report.results.map(
      (r) => `${r.path.value} of ${r.focusNode.value}: ${r.message.map((m) => m.value).join(' ')}`,
    ),
  };
}

const turtleGraph = (text: string) => new Store(new Parser({ format: 'text/turtle' }).parse(text));

async function jsonLdGraph(document: object): Promise<Store> {
  const nquads = (await jsonld.toRDF(document, {
    format: 'application/n-quads',
  })) as unknown as string;
  return new Store(new Parser({ format: 'application/n-quads' }).parse(nquads));
}

const objectsOf = (store: Store, subject: string | null, predicate: string) =>
  store
    .getObjects(subject === null ? null : namedNode(subject), namedNode(predicate), null)
    .map((o) => o.value)
    .sort();

const subjectsOfType = (store: Store, type: string) =>
  store.getSubjects(namedNode(RDF_TYPE), namedNode(type), null).map((s) => s.value);

const product = {
  summary: 'Risks at the external borders of the EU in 2016 and what they mean for 2017.',
  kind: 'risk-analysis',
  year: 2017,
  periodStart: '2016-01-01',
  periodEnd: '2016-12-31',
  publishedOn: '2017-02-15',
  periodicity: 'yearly',
  agencies: ['Frontex'],
  topics: ['borders', 'drugs'],
  countries: ['GRC'],
  languages: ['ENG', 'FRA'],
};

describe('the DCAT-AP catalogue of public products', () => {
  let platform: TestPlatform;
  let frontex: Session;
  let europol: Session;
  let publicOne: ProductView;

  const create = async (as: Session, body: object) => {
    const response = await platform.request({ method: 'POST', url: '/api/products', as, body });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<ProductView>();
  };

  before(async () => {
    platform = await testPlatform();
    frontex = await platform.session('contact', 'Frontex');
    europol = await platform.session('contact', 'Europol');
    publicOne = await create(frontex, {
      ...product,
      title: 'Risk Analysis for 2017',
      audience: 'public',
      publicUrl: 'https://frontex.europa.eu/ara-2017.pdf',
      fileType: 'PDF',
    });
    await create(europol, {
      ...product,
      title: 'EU Terrorism Situation and Trend Report (TE-SAT) 2017',
      kind: 'trend-report',
      agencies: ['Europol', 'Eurojust'],
      topics: ['terrorism'],
      countries: [],
      audience: 'public',
      publicUrl: 'https://www.europol.europa.eu/te-sat',
      fileType: 'HTML',
    });
    await create(frontex, { ...product, title: 'Network eyes only', audience: 'network' });
    await create(frontex, { ...product, title: 'Frontex eyes only', audience: 'producers' });
  });
  after(() => platform.close());

  test('the Turtle is read without signing in and conforms to the DCAT-AP shapes', async () => {
    const response = await platform.request({ url: '/catalog/products.ttl' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/turtle/);
    const graph = turtleGraph(response.body);
    const result = await validate(graph);
    assert.deepEqual(result.problems, []);
    assert.equal(result.conforms, true);
    assert.equal(subjectsOfType(graph, `${DCAT}Catalog`).length, 1);
    assert.equal(subjectsOfType(graph, `${DCAT}Dataset`).length, 2);
    assert.equal(subjectsOfType(graph, `${DCAT}Distribution`).length, 2);
  });

  test('datasets name their facts by the EU authority tables, their text tagged with its language', async () => {
    const graph = turtleGraph((await platform.request({ url: '/catalog/products.ttl' })).body);
    const dataset = `${platform.config.publicUrl.replace(/\/$/, '')}/catalog/products/${publicOne.id}`;
    assert.deepEqual(objectsOf(graph, dataset, `${DCT}publisher`), [
      `${AUTHORITY}/corporate-body/FRONTEX`,
    ]);
    assert.deepEqual(objectsOf(graph, dataset, `${DCAT}theme`), [
      `${AUTHORITY}/data-theme/HEAL`,
      `${AUTHORITY}/data-theme/JUST`,
    ]);
    assert.deepEqual(objectsOf(graph, dataset, `${DCT}language`), [
      `${AUTHORITY}/language/ENG`,
      `${AUTHORITY}/language/FRA`,
    ]);
    assert.deepEqual(objectsOf(graph, dataset, `${DCT}spatial`), [`${AUTHORITY}/country/GRC`]);
    assert.deepEqual(objectsOf(graph, dataset, `${DCT}accrualPeriodicity`), [
      `${AUTHORITY}/frequency/ANNUAL`,
    ]);
    const [distribution = ''] = objectsOf(graph, dataset, `${DCAT}distribution`);
    assert.deepEqual(objectsOf(graph, distribution, `${DCT}format`), [
      `${AUTHORITY}/file-type/PDF`,
    ]);
    assert.deepEqual(objectsOf(graph, distribution, `${DCAT}accessURL`), [
      'https://frontex.europa.eu/ara-2017.pdf',
    ]);
    const [title] = graph.getObjects(namedNode(dataset), namedNode(`${DCT}title`), null);
    assert.equal(title?.termType, 'Literal');
    assert.equal((title as { language?: string }).language, 'en');
  });

  test('each dataset names a contact point, each distribution the licence, the catalogue its dates', async () => {
    const graph = turtleGraph((await platform.request({ url: '/catalog/products.ttl' })).body);
    const base = platform.config.publicUrl.replace(/\/$/, '');
    const catalogue = `${base}/catalog/products`;
    const dataset = `${catalogue}/${publicOne.id}`;
    // Without a configured mailbox the producing agency is the contact, with its page.
    const [contact = ''] = objectsOf(graph, dataset, `${DCAT}contactPoint`);
    assert.deepEqual(objectsOf(graph, contact, RDF_TYPE), [`${VCARD}Kind`]);
    assert.deepEqual(objectsOf(graph, contact, `${VCARD}fn`), [
      'European Border and Coast Guard Agency',
    ]);
    assert.deepEqual(objectsOf(graph, contact, `${VCARD}hasURL`), [`${base}/agencies/Frontex`]);
    const [distribution = ''] = objectsOf(graph, dataset, `${DCAT}distribution`);
    assert.deepEqual(objectsOf(graph, distribution, `${DCT}license`), [CC_BY_4_0]);
    assert.deepEqual(objectsOf(graph, catalogue, `${DCT}license`), [CC_BY_4_0]);
    assert.deepEqual(objectsOf(graph, catalogue, `${DCT}issued`), [publicOne.createdAt]);
    assert.equal(objectsOf(graph, catalogue, `${DCT}modified`).length, 1);
    assert.equal(objectsOf(graph, catalogue, `${DCT}publisher`).length, 1);
    assert.deepEqual(objectsOf(graph, catalogue, `${DCAT}themeTaxonomy`), [
      `${AUTHORITY}/data-theme`,
    ]);

    // A configured contact and licence serve every dataset, and the graph still conforms.
    const configured = turtleGraph(
      toTurtle(
        catalogueGraph(
          platform.config.publicUrl,
          await platform.services.products.publicCatalogue(),
          {
            contactName: 'Network secretariat',
            contactEmail: 'secretariat@example.eu',
            licence: `${AUTHORITY}/licence/CC0`,
          },
        ),
      ),
    );
    const contacts = [
      ...new Set(
        subjectsOfType(configured, `${DCAT}Dataset`).flatMap((d) =>
          objectsOf(configured, d, `${DCAT}contactPoint`),
        ),
      ),
    ];
    assert.equal(contacts.length, 1, 'one contact for every dataset');
    assert.deepEqual(objectsOf(configured, contacts[0] ?? '', `${VCARD}hasEmail`), [
      'mailto:secretariat@example.eu',
    ]);
    assert.deepEqual(objectsOf(configured, contacts[0] ?? '', `${VCARD}fn`), [
      'Network secretariat',
    ]);
    const result = await validate(configured);
    assert.equal(result.conforms, true, result.problems.join('\n'));
  });

  test('the JSON-LD holds the same graph and conforms too; the Accept header chooses between them', async () => {
    const turtle = turtleGraph((await platform.request({ url: '/catalog/products.ttl' })).body);
    const response = await platform.request({ url: '/catalog/products.jsonld' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/ld\+json/);
    const graph = await jsonLdGraph(response.json<object>());
    const result = await validate(graph);
    assert.deepEqual(result.problems, []);
    assert.equal(graph.size, turtle.size);
    for (const quad of turtle)
      assert.ok(graph.has(quad), `${quad.subject.value} ${quad.predicate.value}`);
    const negotiated = await platform.request({
      url: '/catalog/products',
      headers: { accept: 'application/ld+json, text/turtle;q=0.5' },
    });
    assert.match(String(negotiated.headers['content-type']), /^application\/ld\+json/);
    assert.equal(negotiated.headers.vary, 'Accept');
    const plain = await platform.request({ url: '/catalog/products' });
    assert.match(String(plain.headers['content-type']), /^text\/turtle/);
  });

  test('nothing that is not public reaches the catalogue', async () => {
    const titlesIn = async () =>
      objectsOf(
        turtleGraph((await platform.request({ url: '/catalog/products.ttl' })).body),
        null,
        `${DCT}title`,
      );
    const body = (await platform.request({ url: '/catalog/products.ttl' })).body;
    assert.doesNotMatch(body, /eyes only/);
    const changed = await platform.request({
      method: 'PATCH',
      url: `/api/products/${publicOne.id}`,
      as: frontex,
      headers: { 'if-match': `"${String(publicOne.version)}"` },
      body: { audience: 'network' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    // The dataset and its distribution share one title: a graph holds it once.
    assert.deepEqual(await titlesIn(), [
      'EU Terrorism Situation and Trend Report (TE-SAT) 2017',
      "Index of analytical products of the JHA agencies' network",
    ]);
  });

  test('the shapes catch what DCAT-AP forbids: no title, text without a language, a nameless contact, a licence from outside the EU table', async () => {
    const graph = turtleGraph((await platform.request({ url: '/catalog/products.ttl' })).body);
    const [dataset] = subjectsOfType(graph, `${DCAT}Dataset`);
    assert.ok(dataset);
    graph.removeQuads(graph.getQuads(namedNode(dataset), namedNode(`${DCT}title`), null, null));
    const distribution = graph.getObjects(
      namedNode(dataset),
      namedNode(`${DCAT}distribution`),
      null,
    )[0];
    assert.ok(distribution);
    graph.removeQuads(graph.getQuads(distribution, namedNode(`${DCAT}accessURL`), null, null));
    graph.addQuad(
      namedNode(dataset),
      namedNode(`${DCT}description`),
      DataFactory.literal('A description in no language'),
    );
    // A contact point without a name, a licence from outside the EU licence table.
    const [contact] = objectsOf(graph, dataset, `${DCAT}contactPoint`);
    assert.ok(contact);
    graph.removeQuads(graph.getQuads(namedNode(contact), namedNode(`${VCARD}fn`), null, null));
    const licensed = namedNode(distribution.value);
    graph.removeQuads(graph.getQuads(licensed, namedNode(`${DCT}license`), null, null));
    const ownLicence = namedNode('https://example.org/our-own-licence');
    graph.addQuad(licensed, namedNode(`${DCT}license`), ownLicence);
    graph.addQuad(ownLicence, namedNode(RDF_TYPE), namedNode(`${DCT}LicenseDocument`));
    const result = await validate(graph);
    assert.equal(result.conforms, false);
    const paths = result.problems.map((p) => p.split(' of ')[0]).sort();
    assert.deepEqual(
      paths,
      [
        `${DCT}description`,
        `${DCT}title`,
        `${DCAT}accessURL`,
        `${VCARD}fn`,
        `${DCT}license`,
      ].sort(),
    );
  });
});
