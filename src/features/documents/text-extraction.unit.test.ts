import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import { docxWithText, pdfWithText, pngPixel } from '../../../test/support/fixture-files.js';
import { extractText } from './text-extraction.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const MIB = 1024 * 1024;
const unpack = { maxTotalBytes: 100 * MIB, maxEntryBytes: 50 * MIB };
const limits = { maxChars: 1_000_000, unpack };

/** The PDF with an /Encrypt dictionary whose empty user password does not match: it asks for one. */
function passwordProtected(pdf: Buffer): Buffer {
  const hex = (byte: string, count: number): string => `<${byte.repeat(count)}>`;
  const encrypt = `/Encrypt << /Filter /Standard /V 1 /R 2 /O ${hex('00', 32)} /U ${hex('11', 32)} /P -4 >>`;
  const id = `/ID [${hex('22', 16)} ${hex('22', 16)}]`;
  return Buffer.from(
    pdf.toString('latin1').replace('/Root 1 0 R >>', `/Root 1 0 R ${encrypt} ${id} >>`),
    'latin1',
  );
}

describe('text extraction', () => {
  test('a PDF gives its lines, with escaped and accented characters', async () => {
    const lines = ['Agenda (draft) of the 3rd meeting', 'Back\\slash and café, élan, Größe', 'End'];
    const pdf = pdfWithText(lines);
    assert.deepEqual(await extractText(pdf, 'application/pdf', limits), {
      text: lines.join('\n'),
      truncated: false,
      failed: false,
    });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'the caller keeps its bytes');
  });

  test('the pages of a PDF are separated by a blank line', async () => {
    const lines = Array.from({ length: 42 }, (_, index) => `Line ${index + 1}`);
    const { text } = await extractText(pdfWithText(lines), 'application/pdf', limits);
    assert.equal(text, `${lines.slice(0, 40).join('\n')}\n\n${lines.slice(40).join('\n')}`);
  });

  test('a Word document gives its paragraphs', async () => {
    const docx = await docxWithText(['Minutes of   the meeting', 'Décision: adopted']);
    assert.deepEqual(await extractText(docx, DOCX, limits), {
      text: 'Minutes of the meeting\n\nDécision: adopted',
      truncated: false,
      failed: false,
    });
  });

  test('text and CSV are decoded, whitespace runs normalised, paragraph breaks kept', async () => {
    const bytes = Buffer.from(
      '  Title \t here\r\n\r\n\r\n\r\nBody  line\r\nnext\u000c\u0000end  ',
      'utf8',
    );
    assert.deepEqual(await extractText(bytes, 'text/plain; charset=utf-8', limits), {
      text: 'Title here\n\nBody line\nnext\n\nend',
      truncated: false,
      failed: false,
    });
    const csv = Buffer.from('agency,budget\nEurojust,12\n', 'utf8');
    assert.equal(
      (await extractText(csv, 'text/csv; charset=utf-8', limits)).text,
      'agency,budget\nEurojust,12',
    );
  });

  test('types without text give none, without failing', async () => {
    assert.deepEqual(await extractText(pngPixel(), 'image/png', limits), {
      text: '',
      truncated: false,
      failed: false,
    });
  });

  test('corrupt, protected or mislabelled files fail without throwing', async () => {
    const pdf = pdfWithText(['Confidential']);
    const cases: [Uint8Array, string][] = [
      [Buffer.from('%PDF-1.4\nnot really a PDF'), 'application/pdf'],
      [pdf.subarray(0, pdf.length / 2), 'application/pdf'],
      [passwordProtected(pdf), 'application/pdf'],
      [Buffer.from('PK\u0003\u0004broken'), DOCX],
      [pdf, DOCX],
      [Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'text/plain'],
    ];
    for (const [bytes, contentType] of cases) {
      assert.deepEqual(
        await extractText(bytes, contentType, limits),
        { text: '', truncated: false, failed: true },
        contentType,
      );
    }
  });

  test('text beyond maxChars is cut off and marked truncated', async () => {
    const text = Buffer.from('abcdefghij'.repeat(10), 'utf8');
    assert.deepEqual(await extractText(text, 'text/plain', { maxChars: 25, unpack }), {
      text: 'abcdefghijabcdefghijabcde',
      truncated: true,
      failed: false,
    });
    assert.equal(
      (await extractText(text, 'text/plain', { maxChars: 100, unpack })).truncated,
      false,
    );
    // A character outside the Basic Multilingual Plane is never cut in half.
    const emoji = await extractText(Buffer.from('ab😀cd', 'utf8'), 'text/plain', {
      maxChars: 3,
      unpack,
    });
    assert.deepEqual(emoji, { text: 'ab', truncated: true, failed: false });
    const lines = Array.from({ length: 100 }, (_, index) => `Line number ${index}`);
    const pdf = await extractText(pdfWithText(lines), 'application/pdf', { maxChars: 50, unpack });
    assert.equal(pdf.truncated, true);
    assert.equal(pdf.text, lines.join('\n').slice(0, 50));
  });
});
