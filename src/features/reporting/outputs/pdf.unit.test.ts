import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test, before } from '../../../../test/support/node-test.js';
import { limiteReport, longTable } from '../../../../test/support/report-document.js';
import { reportToPdf } from './pdf.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

/** A node of the structure tree as pdf.js reads it: a role with children, or marked content. */
interface StructNode {
  role?: string;
  alt?: string;
  children?: StructNode[];
}

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

async function open(pdf: Buffer): Promise<PdfDocument> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs.getDocument({
    data: new Uint8Array(pdf),
    standardFontDataUrl: path.join(pdfjsRoot, 'standard_fonts') + path.sep,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  }).promise;
}

async function pageTexts(document: PdfDocument): Promise<string[]> {
  const texts: string[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const content = await (await document.getPage(number)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return texts;
}

/** Every structure element of every page, in reading order. */
async function structure(document: PdfDocument): Promise<StructNode[]> {
  const nodes: StructNode[] = [];
  const walk = (node: StructNode): void => {
    if (node.role) nodes.push(node);
    for (const child of node.children ?? []) walk(child);
  };
  for (let number = 1; number <= document.numPages; number += 1) {
    const tree = (await (await document.getPage(number)).getStructTree()) as StructNode | null;
    if (tree) walk(tree);
  }
  return nodes;
}

describe('a report as a tagged PDF', () => {
  let document: PdfDocument;
  let texts: string[];

  before(async () => {
    const report = limiteReport();
    // A long table makes the report run over several pages.
    const long = {
      number: '3',
      title: 'All activities',
      origin: 'data' as const,
      blocks: [{ kind: 'table' as const, table: longTable(120) }],
      subsections: [],
    };
    document = await open(await reportToPdf({ ...report, sections: [...report.sections, long] }));
    texts = await pageTexts(document);
  });

  test('holds the title page, the sections, the table cells and the chart figures', () => {
    const all = texts.join('\n');
    for (const expected of [
      'Report of the JHA agencies network to COSI, end of 2017',
      'Recipient: Council of the EU, COSI',
      'Data as of: 30 November 2017',
      '1 Foreword by the chair',
      '2.1 Activities per agency',
      'The network met four times and agreed its priorities.',
      'Joint report on hotspots',
      'Europol',
      'The figures of the chart: Activities by status',
      'A-00120',
    ]) {
      assert.ok(all.includes(expected), `missing: ${expected}`);
    }
  });

  test('prints the marking and the page number on every page', () => {
    assert.ok(texts.length >= 4, `only ${String(texts.length)} pages`);
    texts.forEach((text, index) => {
      assert.equal(text.match(/LIMITE/g)?.length, 2, `page ${String(index + 1)}`);
      assert.ok(text.includes(`Page ${String(index + 1)} of ${String(texts.length)}`));
    });
  });

  test('repeats the header row of a table on the pages it runs onto', () => {
    const pagesWithRows = texts.filter((text) => /A-00\d{3}/.test(text));
    assert.ok(pagesWithRows.length >= 2);
    for (const text of pagesWithRows) assert.ok(text.includes('Lead agency'));
  });

  test('is marked as tagged, with a structure tree of headings, tables and figures', async () => {
    const markInfo = await document.getMarkInfo();
    assert.equal(markInfo?.Marked, true);
    const nodes = await structure(document);
    const roles = new Set(nodes.map((node) => node.role));
    for (const role of [
      'Document',
      'H1',
      'H2',
      'P',
      'L',
      'LI',
      'Table',
      'TR',
      'TH',
      'TD',
      'Figure',
    ]) {
      assert.ok(roles.has(role), `no ${role} in ${[...roles].join(', ')}`);
    }
    const figure = nodes.find((node) => node.role === 'Figure');
    assert.equal(figure?.alt, 'Bar chart: most activities are ongoing.');
    // The table of 120 rows is tagged as one header row and 120 rows; the header rows drawn
    // again on later pages are artifacts. pdf.js gives each page the whole table it touches.
    const lastPage = (await (
      await document.getPage(document.numPages)
    ).getStructTree()) as StructNode;
    const tables: StructNode[] = [];
    const collect = (node: StructNode): void => {
      if (node.role === 'Table') tables.push(node);
      for (const child of node.children ?? []) collect(child);
    };
    collect(lastPage);
    const rows = (tables.at(-1)?.children ?? []).filter((node) => node.role === 'TR');
    assert.equal(rows.length, 121);
    const headerRows = rows.filter((row) => row.children?.every((cell) => cell.role === 'TH'));
    assert.equal(headerRows.length, 1);
  });

  test('names its title and language for assistive technology', async () => {
    const { info } = (await document.getMetadata()) as {
      info: { Title?: string; Language?: string };
    };
    assert.equal(info.Title, 'Report of the JHA agencies network to COSI, end of 2017');
    assert.equal(info.Language, 'en');
  });

  test('a public version says what was left out and carries no marking it was not given', async () => {
    const note = 'Operational details were left out: they are not public.';
    const publicPdf = await open(
      await reportToPdf(limiteReport({ edition: 'public', marking: null, omissionNote: note })),
    );
    const publicTexts = await pageTexts(publicPdf);
    assert.ok(publicTexts[0]?.includes(note));
    assert.ok(publicTexts[0]?.includes('Edition: Public version'));
    for (const text of publicTexts) assert.ok(!text.includes('LIMITE'));
  });
});
