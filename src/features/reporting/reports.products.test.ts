import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import mammoth from 'mammoth';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import {
  testDb,
  testPlatform,
  type Session,
  type TestPlatform,
} from '../../../test/support/platform.js';
import { systemContext } from '../audit/audit.events.js';
import type { ReportDocument, ReportSection } from './report-document.js';
import { seedDemoReportObligations } from './reporting.demo.js';

const OF_THE_YEAR = 'Drug market overview 2017';
const DELIVERED = 'Follow-up study of the joint training';
const OTHER_YEAR = 'Threat assessment 2015';
const PRODUCERS_ONLY = 'Smuggling networks, for the producers only';
const SECTION = 'Analytical products of the year';

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

async function pdfText(pdf: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(pdf),
    standardFontDataUrl: path.join(pdfjsRoot, 'standard_fonts') + path.sep,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  }).promise;
  const texts: string[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const content = await (await document.getPage(number)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return texts.join('\n').replace(/\s+/g, ' ');
}

describe(`the report of a year lists the analytical products of the year (${testDb})`, () => {
  let platform: TestPlatform;
  let admin: Session;
  let reportId: string;

  const product = (as: Session, body: Record<string, unknown>) =>
    platform.request({
      method: 'POST',
      url: '/api/products',
      as,
      body: {
        summary: 'For the report of the year.',
        kind: 'study',
        periodicity: 'one-off',
        audience: 'network',
        agencies: ['EUDA'],
        languages: ['ENG'],
        ...body,
      },
    });

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    const europol = await platform.session('contact', 'Europol');
    await seedDemoReportObligations(platform.services);
    await platform.services.scorecard.importHistory(systemContext, 2017, [
      {
        createdOn: '2017-02-01',
        input: {
          year: 2017,
          title: 'Joint training on drug markets',
          description: '',
          lines: ['1.1.3'],
          lead: 'EUDA',
          participants: [],
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
          deliverables: [],
        },
        updates: [],
      },
    ]);
    const training = (await platform.request({ url: '/api/scorecard?year=2017', as: admin })).json<{
      items: { id: string }[];
    }>().items[0]?.id;
    assert.ok(training);
    for (const [as, body] of [
      [
        admin,
        {
          title: OF_THE_YEAR,
          year: 2017,
          periodStart: '2017-01-01',
          periodEnd: '2017-12-31',
          publishedOn: '2017-05-01',
        },
      ],
      [
        admin,
        {
          title: DELIVERED,
          year: 2018,
          periodStart: '2018-01-01',
          periodEnd: '2018-03-31',
          audience: 'public',
          publicUrl: 'https://www.euda.europa.eu/publications/follow-up-study',
          fileType: 'PDF',
          activities: [training],
        },
      ],
      [
        admin,
        { title: OTHER_YEAR, year: 2016, periodStart: '2015-01-01', periodEnd: '2015-12-31' },
      ],
      [
        europol,
        {
          title: PRODUCERS_ONLY,
          year: 2017,
          periodStart: '2017-01-01',
          periodEnd: '2017-06-30',
          audience: 'producers',
          agencies: ['Europol'],
        },
      ],
    ] as const) {
      const answer = await product(as, body);
      assert.equal(answer.statusCode, 201, answer.body);
    }
    const calendar = (
      await platform.request({ url: '/api/reports/calendar?year=2017', as: admin })
    ).json<{
      entries: { obligationId: string; recipientAcronym: string | null; period: string }[];
    }>();
    const entry = calendar.entries.find((e) => e.recipientAcronym === 'COSI' && e.period === 'end');
    assert.ok(entry);
    const created = await platform.request({
      method: 'POST',
      url: '/api/reports',
      as: admin,
      body: { obligationId: entry.obligationId, asOf: '2017-12-31' },
    });
    assert.equal(created.statusCode, 201, created.body);
    reportId = created.json<{ id: string }>().id;
  });
  after(() => platform.close());

  test('the report JSON lists the products of the year the reader may see, and no other', async () => {
    const answer = await platform.request({ url: `/api/reports/${reportId}`, as: admin });
    assert.equal(answer.statusCode, 200, answer.body);
    const { document } = answer.json<{ document: ReportDocument }>();
    const section = document.sections.find((s: ReportSection) => s.title === SECTION);
    assert.ok(section, 'the report has the products section');
    const table = section.blocks.find((b) => b.kind === 'table');
    assert.ok(table?.kind === 'table');
    assert.deepEqual(
      table.table.rows.map((row) => [row[0], row[2]]),
      // By title; the producer named as it was on the report's day.
      [
        [OF_THE_YEAR, 'EMCDDA'],
        [DELIVERED, 'EMCDDA'],
      ],
    );
    const text = JSON.stringify(document);
    assert.ok(!text.includes(OTHER_YEAR), 'a product of another year is absent');
    assert.ok(!text.includes(PRODUCERS_ONLY), 'a product the reader may not see is absent');
  });

  test('the report page and its Word and PDF files list them too', async () => {
    const page = await platform.request({ url: `/reports/${reportId}`, as: admin });
    assert.equal(page.statusCode, 200);
    for (const title of [SECTION, OF_THE_YEAR, DELIVERED]) assert.ok(page.body.includes(title));
    for (const title of [OTHER_YEAR, PRODUCERS_ONLY]) assert.ok(!page.body.includes(title));

    const docx = await platform.request({
      url: `/api/reports/${reportId}/document.docx`,
      as: admin,
    });
    assert.equal(docx.statusCode, 200);
    const { value: words } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    const pdf = await platform.request({ url: `/api/reports/${reportId}/document.pdf`, as: admin });
    assert.equal(pdf.statusCode, 200);
    const printed = await pdfText(pdf.rawPayload);
    for (const [format, text] of [
      ['docx', words],
      ['pdf', printed],
    ] as const) {
      for (const title of [SECTION, OF_THE_YEAR, DELIVERED]) assert.ok(text.includes(title), title);
      for (const title of [OTHER_YEAR, PRODUCERS_ONLY])
        assert.ok(!text.includes(title), `${format}: ${title}`);
    }
  });
});
