import assert from 'node:assert/strict';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, test, before } from '../../../../test/support/node-test.js';
import { limiteReport } from '../../../../test/support/report-document.js';
import { reportToDocx } from './docx.js';

/** The text of a WordprocessingML part: its w:t runs, in order. */
function wordText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

async function partsOf(docx: Buffer, pattern: RegExp): Promise<string[]> {
  const zip = await JSZip.loadAsync(docx);
  const names = Object.keys(zip.files).filter((name) => pattern.test(name));
  return Promise.all(names.map(async (name) => (await zip.file(name)?.async('string')) ?? ''));
}

describe('a report as a Word document', () => {
  let docx: Buffer;
  let html: string;

  before(async () => {
    docx = await reportToDocx(limiteReport());
    html = (await mammoth.convertToHtml({ buffer: docx })).value;
  });

  test('reads back with the numbered sections as Word headings of their level', () => {
    // mammoth puts the bookmark that the table of contents links to inside the heading.
    const anchor = '(?:<a id="[^"]*"></a>)?';
    assert.match(html, new RegExp(`<h1>${anchor}1 Foreword by the chair</h1>`));
    assert.match(html, new RegExp(`<h1>${anchor}2 Progress on the priorities</h1>`));
    assert.match(html, new RegExp(`<h2>${anchor}2\\.1 Activities per agency</h2>`));
  });

  test("holds the title page's facts, the paragraphs and the list", async () => {
    const { value: text } = await mammoth.extractRawText({ buffer: docx });
    for (const expected of [
      'Report of the JHA agencies network to COSI, end of 2017',
      'Recipient: Council of the EU, COSI',
      'Chair: Ana Ruiz, Frontex',
      'Data as of: 30 November 2017',
      'Edition: Final',
      'The network met four times and agreed its priorities.',
      'Joint report on hotspots',
    ]) {
      assert.ok(text.includes(expected), `missing: ${expected}`);
    }
    assert.match(html, /<li>Cybercrime training delivered<\/li>/);
  });

  test('holds the table cells and the figures of the chart as a table', () => {
    assert.match(html, /<td><p>Europol<\/p><\/td><td><p>3<\/p><\/td><td><p>5<\/p><\/td>/);
    assert.match(html, /<td><p>Ongoing<\/p><\/td><td><p>7<\/p><\/td>/);
  });

  test('draws the chart as a PNG picture with its alternative text', async () => {
    assert.match(html, /<img [^>]*alt="Bar chart: most activities are ongoing\."/);
    const zip = await JSZip.loadAsync(docx);
    const media = Object.keys(zip.files).filter((name) => name.startsWith('word/media/'));
    assert.equal(media.length, 1);
    const png = await zip.file(media[0] ?? '')?.async('nodebuffer');
    assert.deepEqual([...(png ?? Buffer.alloc(0)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const [body = ''] = await partsOf(docx, /^word\/document\.xml$/);
    assert.match(body, /<wp:docPr [^>]*descr="Bar chart: most activities are ongoing\."/);
  });

  test('prints the marking in the header and the footer, with page numbers in the footer', async () => {
    const headers = await partsOf(docx, /^word\/header\d*\.xml$/);
    const footers = await partsOf(docx, /^word\/footer\d*\.xml$/);
    assert.ok(headers.length > 0 && footers.length > 0);
    for (const part of [...headers, ...footers]) assert.ok(wordText(part).includes('LIMITE'));
    const footer = footers.join('');
    assert.match(footer, /PAGE/);
    assert.match(footer, /NUMPAGES/);
    // Every section of the document uses that header and footer.
    const [body = ''] = await partsOf(docx, /^word\/document\.xml$/);
    assert.match(body, /<w:headerReference w:type="default"/);
    assert.match(body, /<w:footerReference w:type="default"/);
  });

  test('has a table of contents and a header row that repeats on every page', async () => {
    const [body = ''] = await partsOf(docx, /^word\/document\.xml$/);
    assert.match(body, /<w:instrText[^>]*>TOC [^<]*\\o &quot;1-3&quot;/);
    assert.ok(wordText(body).includes('2.1 Activities per agency'));
    assert.match(body, /<w:tblHeader\/>/);
  });

  test('uses one sans-serif font throughout', async () => {
    const [styles = ''] = await partsOf(docx, /^word\/styles\.xml$/);
    const fonts = new Set([...styles.matchAll(/w:ascii="([^"]+)"/g)].map((m) => m[1]));
    assert.deepEqual([...fonts], ['Arial']);
  });

  test('a public version says on its title page what was left out', async () => {
    const note = 'Operational details were left out: they are not public.';
    const publicDocx = await reportToDocx(
      limiteReport({ edition: 'public', marking: null, omissionNote: note }),
    );
    const { value: text } = await mammoth.extractRawText({ buffer: publicDocx });
    assert.ok(text.includes(note));
    assert.ok(text.includes('Edition: Public version'));
    const headers = await partsOf(publicDocx, /^word\/(header|footer)\d*\.xml$/);
    for (const part of headers) assert.ok(!wordText(part).includes('LIMITE'));
  });
});
