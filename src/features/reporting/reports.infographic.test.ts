import assert from 'node:assert/strict';
import { DomUtils, parseDocument } from 'htmlparser2';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { systemContext } from '../audit/audit.events.js';
import type { ActivityInput } from '../scorecard/scorecard.model.js';

interface InfographicBody {
  data: {
    year: number;
    asOf: string;
    activitiesByStatus: { status: string; count: number }[];
    sections: { code: string; lines: number; coveredLines: number }[];
    agencies: { name: string; involvement: number[] }[];
    meetings: { title: string; date: string }[];
    products: { kind: string; count: number }[];
  };
  figures: { id: string; title: string; alt: string; table: { rows: string[][] } }[];
}

function activity(overrides: Partial<ActivityInput>): ActivityInput {
  return {
    year: 2017,
    title: 'Joint training on border checks',
    description: '',
    lines: ['1.1.3'],
    lead: 'Frontex',
    participants: ['CEPOL'],
    partners: [],
    kind: 'joint-training',
    tags: [],
    plannedStart: '2017-02-01',
    plannedEnd: '2017-10-31',
    status: 'planned',
    assessment: null,
    assessmentReason: '',
    releasedToObservers: true,
    indicators: [],
    deliverables: [{ title: 'Course material', url: null, date: null }],
    ...overrides,
  };
}

/** The width and height a PNG declares in its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the infographic of a year counts what its reader may see', () => {
  let platform: TestPlatform;
  let admin: Session;
  let europol: Session;
  let observer: Session;

  const get = (url: string, as: Session | null) => platform.request({ url, as });
  const figuresFor = async (as: Session) => {
    const response = await get('/api/reports/infographic?year=2017&asOf=2017-10-31', as);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<InfographicBody>();
  };
  const involvementOf = (body: InfographicBody, name: string) =>
    body.data.agencies.find((a) => a.name === name)?.involvement.slice(0, 2);

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europol = await platform.session('contact', 'Europol');
    observer = await platform.session('observer', 'DG HOME');
    const idOf = async (acronym: string) => (await platform.services.network.get(acronym)).id;
    await platform.services.scorecard.importHistory(systemContext, 2017, [
      { createdOn: '2017-01-20', input: activity({}), updates: [] },
      {
        createdOn: '2017-03-01',
        input: activity({
          title: 'Operational analysis kept inside the network',
          lines: ['1.2.1', '1.1.3'],
          lead: 'Europol',
          participants: ['Eurojust'],
          kind: 'joint-product',
          status: 'ongoing',
          releasedToObservers: false,
          deliverables: [
            { title: 'Analysis', url: null, date: null },
            { title: 'Summary', url: null, date: null },
          ],
        }),
        updates: [],
      },
      // After the day of the figures: it must not count.
      { createdOn: '2017-11-15', input: activity({ lines: ['2.2.1'] }), updates: [] },
    ]);
    const meeting = async (title: string, start: string, invited: string[]) => {
      const created = await platform.request({
        method: 'POST',
        url: '/api/meetings',
        as: admin,
        body: {
          kind: 'network',
          title,
          hostOrganisationId: await idOf('EUDA'),
          venue: 'EMCDDA premises',
          city: 'Lisbon',
          timeZone: 'Europe/Lisbon',
          start,
          invitedOrganisationIds: await Promise.all(invited.map(idOf)),
        },
      });
      assert.equal(created.statusCode, 201, created.body);
    };
    await meeting('Contact points in spring', '2017-03-09T13:00', ['Europol']);
    await meeting('Contact points in summer', '2017-06-20T10:00', ['Europol', 'DG HOME']);
    await meeting('Heads of agencies', '2017-11-08T10:00', ['Europol', 'DG HOME']);
  });
  after(() => platform.close());

  test('the secretariat counts every activity, meeting and product by the day', async () => {
    const body = await figuresFor(admin);
    assert.equal(body.data.asOf, '2017-10-31');
    assert.deepEqual(
      body.data.activitiesByStatus.map((s) => [s.status, s.count]),
      [
        ['planned', 1],
        ['ongoing', 1],
        ['completed', 0],
        ['postponed', 0],
        ['cancelled', 0],
      ],
    );
    assert.deepEqual(
      body.data.sections.slice(0, 2).map((s) => [s.code, s.lines, s.coveredLines]),
      [
        ['1.1', 13, 1],
        ['1.2', 7, 1],
      ],
    );
    assert.deepEqual(involvementOf(body, 'Europol'), [1, 1]);
    assert.deepEqual(involvementOf(body, 'Frontex'), [1, 0]);
    assert.deepEqual(involvementOf(body, 'Eurojust'), [1, 1]);
    assert.deepEqual(
      body.data.meetings.map((m) => [m.title, m.date]),
      [
        ['Contact points in spring', '2017-03-09'],
        ['Contact points in summer', '2017-06-20'],
      ],
    );
    assert.deepEqual(body.data.products, [
      { kind: 'Joint training', count: 1 },
      { kind: 'Joint product or report', count: 2 },
    ]);
    assert.deepEqual(
      body.figures.map((f) => f.id),
      ['activities', 'involvement', 'coverage', 'meetings', 'products'],
    );
    assert.equal(
      body.figures[0]?.alt,
      'Bar chart of the 2 activities of the year by status: Planned 1, Ongoing 1, Completed 0, Postponed 0, Cancelled 0.',
    );
    assert.equal(
      body.figures[4]?.alt,
      '3 products registered: Joint training 1, Joint product or report 2.',
    );
  });

  test('an observer counts only what is released to observers and its meetings', async () => {
    const body = await figuresFor(observer);
    assert.deepEqual(
      body.data.activitiesByStatus.map((s) => s.count),
      [1, 0, 0, 0, 0],
    );
    assert.deepEqual(
      body.data.sections.slice(0, 2).map((s) => s.coveredLines),
      [1, 0],
    );
    assert.deepEqual(involvementOf(body, 'Europol'), [0, 0]);
    assert.deepEqual(
      body.data.meetings.map((m) => m.title),
      ['Contact points in summer'],
    );
    assert.deepEqual(body.data.products, [{ kind: 'Joint training', count: 1 }]);
    const text = JSON.stringify(body);
    assert.doesNotMatch(text, /Contact points in spring|Joint product/);

    const member = await figuresFor(europol);
    assert.deepEqual(
      member.data.meetings.map((m) => m.title),
      ['Contact points in spring', 'Contact points in summer'],
    );
    const svg = (await get('/api/reports/infographic.svg?year=2017&asOf=2017-10-31', observer))
      .body;
    assert.doesNotMatch(svg, /Contact points in spring|Joint product/);
  });

  test('the SVG names the picture and each figure, with its alternative text', async () => {
    const response = await get('/api/reports/infographic.svg?year=2017&asOf=2017-10-31', admin);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^image\/svg\+xml/);
    assert.match(
      String(response.headers['content-disposition']),
      /jha-network-2017-infographic\.svg/,
    );
    // Read as XML, the way an SVG viewer reads it.
    const document = parseDocument(response.body, { xmlMode: true });
    const svg = DomUtils.findOne((e) => e.name === 'svg', document.children);
    assert.ok(svg);
    assert.equal(svg.attribs.viewBox, '0 0 600 848');
    const titleOf = (element: typeof svg, tag: 'title' | 'desc') => {
      const found = DomUtils.findOne((e) => e.name === tag, element.children, false);
      return found ? DomUtils.textContent(found) : null;
    };
    assert.equal(titleOf(svg, 'title'), 'The network in 2017. Data as of 31 October 2017');
    const groups = DomUtils.findAll(
      (e) => e.name === 'g' && (e.attribs.id ?? '').startsWith('figure-'),
      svg.children,
    );
    assert.deepEqual(
      groups.map((g) => [g.attribs.id, g.attribs.role, titleOf(g, 'title')]),
      [
        ['figure-activities', 'img', 'Activities by status'],
        ['figure-involvement', 'img', 'Who took part in which section'],
        ['figure-coverage', 'img', 'Coverage of the priorities'],
        ['figure-meetings', 'img', 'Meetings held'],
        ['figure-products', 'img', 'Products'],
      ],
    );
    const meetings = groups[3];
    assert.ok(meetings);
    assert.equal(
      titleOf(meetings, 'desc'),
      '2 meetings held: Contact points in spring (9 March 2017), Contact points in summer (20 June 2017).',
    );
  });

  test('the PNG is A4-shaped, 1240 pixels wide', async () => {
    const response = await get('/api/reports/infographic.png?year=2017&asOf=2017-10-31', admin);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'image/png');
    assert.deepEqual(pngSize(response.rawPayload), { width: 1240, height: 1753 });
  });

  test('a day outside the year is refused; without a session nothing is counted', async () => {
    for (const asOf of ['2016-12-31', '2017-02-30', 'yesterday']) {
      const response = await get(`/api/reports/infographic?year=2017&asOf=${asOf}`, admin);
      assert.equal(response.statusCode, 400, `${asOf}: ${response.body}`);
    }
    assert.equal((await get('/api/reports/infographic?year=1999', admin)).statusCode, 400);
    assert.equal((await get('/api/reports/infographic.png?year=2017', null)).statusCode, 401);
    const page = await get('/reports/infographic?year=2017&asOf=31-12-2016', admin);
    assert.equal(page.statusCode, 400);
  });

  test('the page shows the picture, its downloads and every figure with its table', async () => {
    const page = await get('/reports/infographic?year=2017&asOf=2017-10-31', observer);
    assert.equal(page.statusCode, 200, page.body);
    assert.match(
      page.body,
      /<img src="\/api\/reports\/infographic\.svg\?year=2017&amp;asOf=2017-10-31"/,
    );
    assert.match(
      page.body,
      /href="\/api\/reports\/infographic\.png\?year=2017&amp;asOf=2017-10-31"/,
    );
    assert.match(
      page.body,
      /<h3 class="ecl-u-type-heading-3" id="figure-meetings">Meetings held<\/h3>/,
    );
    assert.match(page.body, /1 meetings held: Contact points in summer \(20 June 2017\)\./);
    assert.doesNotMatch(page.body, /Contact points in spring/);
    const calendar = await get('/reports?year=2017', observer);
    assert.match(calendar.body, /href="\/reports\/infographic\?year=2017"/);
  });
});
