import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { systemContext } from '../audit/audit.events.js';
import type { ActivityInput } from '../scorecard/scorecard.model.js';
import { seedDemoReportObligations } from './reporting.demo.js';

const TITLE = 'Report of the JHA agencies network to COSI: end of 2017';
const HIDDEN_TITLE = 'Operational analysis kept inside the network';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** The text of every page of a PDF, as pdf.js reads it. */
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
  return texts.join('\n');
}

/** The text of a Word file's page headers, where it prints the marking (mammoth reads no headers). */
async function headerText(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const headers = Object.keys(zip.files).filter((name) => /^word\/header\d*\.xml$/.test(name));
  const parts = await Promise.all(
    headers.map(async (name) => (await zip.file(name)?.async('string')) ?? ''),
  );
  return parts.join('').replace(/<[^>]+>/g, '');
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
    deliverables: [],
    ...overrides,
  };
}

describe('reports as Word and PDF files, in the edition the reader may read', () => {
  let platform: TestPlatform;
  let admin: Session;
  let europol: Session;
  let observer: Session;
  let reportId: string;
  let version: number;

  const get = (url: string, as: Session) => platform.request({ url, as });

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europol = await platform.session('contact', 'Europol');
    observer = await platform.session('observer', 'DG HOME');
    await seedDemoReportObligations(platform.services);
    await platform.services.scorecard.importHistory(systemContext, 2017, [
      {
        createdOn: '2017-03-01',
        input: activity({ title: HIDDEN_TITLE, lead: 'Europol', releasedToObservers: false }),
        updates: [],
      },
    ]);
    const calendar = (await get('/api/reports/calendar?year=2017', admin)).json<{
      entries: { obligationId: string; recipientAcronym: string | null; period: string }[];
    }>();
    const entry = calendar.entries.find((e) => e.recipientAcronym === 'COSI' && e.period === 'end');
    assert.ok(entry);
    const created = await platform.request({
      method: 'POST',
      url: '/api/reports',
      as: admin,
      body: { obligationId: entry.obligationId, asOf: '2017-06-30' },
    });
    assert.equal(created.statusCode, 201, created.body);
    ({ id: reportId, version } = created.json<{ id: string; version: number }>());
  });
  after(() => platform.close());

  test('a draft downloads as Word marked draft; members get 404 for it', async () => {
    const answer = await get(`/api/reports/${reportId}/document.docx`, admin);
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.headers['content-type'], DOCX);
    assert.match(
      String(answer.headers['content-disposition']),
      /^attachment; filename="report-of-the-jha-agencies-network-to-cosi-end-of-2017-draft\.docx"/,
    );
    const { value: text } = await mammoth.extractRawText({ buffer: answer.rawPayload });
    assert.ok(text.includes(TITLE));
    assert.ok(text.includes('Draft'));
    assert.ok(text.includes('The agreed priorities of the year'));
    assert.ok((await headerText(answer.rawPayload)).includes('LIMITE'));

    for (const format of ['docx', 'pdf']) {
      for (const reader of [europol, observer]) {
        const refused = await get(`/api/reports/${reportId}/document.${format}`, reader);
        assert.equal(refused.statusCode, 404, `${format}: ${refused.body}`);
      }
    }
    const missing = await get('/api/reports/no-such-report/document.pdf', admin);
    assert.equal(missing.statusCode, 404);
  });

  test('the report page links its files', async () => {
    const page = await get(`/reports/${reportId}`, admin);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`href="/api/reports/${reportId}/document.docx"`));
    assert.ok(page.body.includes(`href="/api/reports/${reportId}/document.pdf"`));
  });

  test('a finalised report downloads as frozen; observers receive the public edition', async () => {
    const finalised = await platform.request({
      method: 'POST',
      url: `/api/reports/${reportId}/finalise`,
      as: admin,
      headers: { 'if-match': `"${String(version)}"` },
    });
    assert.equal(finalised.statusCode, 200, finalised.body);
    const released = await platform.request({
      method: 'PATCH',
      url: `/api/reports/${reportId}`,
      as: admin,
      body: { audience: 'observers' },
      headers: { 'if-match': `"${String(finalised.json<{ version: number }>().version)}"` },
    });
    assert.equal(released.statusCode, 200, released.body);

    const pdf = await get(`/api/reports/${reportId}/document.pdf`, europol);
    assert.equal(pdf.statusCode, 200, pdf.body);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(
      String(pdf.headers['content-disposition']),
      /filename="report-of-the-jha-agencies-network-to-cosi-end-of-2017\.pdf"/,
    );
    const fullText = await pdfText(pdf.rawPayload);
    assert.ok(fullText.includes('LIMITE'));
    assert.ok(fullText.replace(/\s+/g, ' ').includes(TITLE), fullText.slice(0, 400));

    for (const format of ['docx', 'pdf']) {
      const open = await get(`/api/reports/${reportId}/document.${format}`, observer);
      assert.equal(open.statusCode, 200, open.body);
      assert.match(String(open.headers['content-disposition']), /-public\.(docx|pdf)"/);
      const text =
        format === 'docx'
          ? (await mammoth.extractRawText({ buffer: open.rawPayload })).value
          : await pdfText(open.rawPayload);
      assert.ok(text.replace(/\s+/g, ' ').includes(TITLE), format);
      assert.ok(!text.includes(HIDDEN_TITLE), format);
      assert.ok(!text.includes('LIMITE'), format);
      if (format === 'docx') assert.ok(!(await headerText(open.rawPayload)).includes('LIMITE'));
    }
  });
});
