import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import {
  docxWithText,
  executable,
  jpegHeader,
  openDocumentPackage,
  openXmlPackage,
  pdfWithText,
  pngPixel,
  zipArchive,
} from '../../../test/support/fixture-files.js';
import { acceptedTypesSentence, checkContent, type ContentCheck } from './file-content.js';

function accepted(check: ContentCheck): { contentType: string; label: string } {
  assert.ok(check.ok, check.ok ? '' : check.reason);
  return check.content;
}

function refused(check: ContentCheck): string {
  assert.ok(!check.ok, 'the file should be refused');
  return check.reason;
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('file content checks', () => {
  test('each accepted type is recognised from its bytes', async () => {
    const cases: [Uint8Array, string, string, string][] = [
      [pdfWithText(['Agenda']), 'agenda.pdf', 'application/pdf', 'PDF'],
      [
        await docxWithText(['Minutes']),
        'minutes.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'Word document',
      ],
      [
        openXmlPackage('xlsx'),
        'budget.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Excel workbook',
      ],
      [
        openXmlPackage('pptx'),
        'slides.pptx',
        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        'PowerPoint presentation',
      ],
      [
        openDocumentPackage('odt'),
        'report.odt',
        'application/vnd.oasis.opendocument.text',
        'OpenDocument text',
      ],
      [
        openDocumentPackage('ods'),
        'figures.ods',
        'application/vnd.oasis.opendocument.spreadsheet',
        'OpenDocument spreadsheet',
      ],
      [pngPixel(), 'logo.png', 'image/png', 'PNG image'],
      [jpegHeader(), 'photo.JPEG', 'image/jpeg', 'JPEG image'],
      [
        utf8('Bonjour, à bientôt\r\n\tfin\f'),
        'notes.txt',
        'text/plain; charset=utf-8',
        'Plain text',
      ],
      [utf8('agency,budget\nEuropol,1\n'), 'Budget.CSV', 'text/csv; charset=utf-8', 'CSV'],
    ];
    for (const [bytes, filename, contentType, label] of cases) {
      assert.deepEqual(
        accepted(await checkContent(bytes, filename)),
        { contentType, label },
        filename,
      );
    }
  });

  test('the name is not needed: without an extension the bytes decide', async () => {
    assert.equal(accepted(await checkContent(pdfWithText(['x']), 'scan')).label, 'PDF');
    assert.equal(accepted(await checkContent(utf8('plain'), 'README')).label, 'Plain text');
    // A date or an initial is not an extension.
    assert.equal(
      accepted(await checkContent(pdfWithText(['x']), 'Minutes 12.03.2024')).label,
      'PDF',
    );
    assert.equal(accepted(await checkContent(pngPixel(), 'Photo of J. Smith')).label, 'PNG image');
  });

  test('a UTF-8 byte order mark is still text', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('a,b\n')]);
    assert.equal(accepted(await checkContent(bytes, 'list.csv')).label, 'CSV');
  });

  test('an executable is refused, whatever its name', async () => {
    for (const name of ['setup.exe', 'report.pdf', 'notes.txt', 'program']) {
      const reason = refused(await checkContent(executable(), name));
      assert.equal(
        reason,
        `The file is an executable program (application/x-msdownload); ${acceptedTypesSentence}`,
      );
    }
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(57)]);
    assert.match(
      refused(await checkContent(elf, 'tool')),
      /executable program \(application\/x-elf\)/,
    );
  });

  test('other types are refused with the type named', async () => {
    assert.match(
      refused(await checkContent(zipArchive({ 'a.txt': 'x' }), 'files.zip')),
      /^The file is a compressed archive \(application\/zip\); jhanet accepts .* one by one\.$/,
    );
    const gif = utf8('GIF89a\u0001\u0000\u0001\u0000');
    assert.match(
      refused(await checkContent(gif, 'anim.gif')),
      /^Files of type GIF are not accepted \(image\/gif\)/,
    );
    const xml = utf8('<?xml version="1.0"?><a/>');
    assert.match(refused(await checkContent(xml, 'data.txt')), /\(application\/xml\)/);
  });

  test('an extension that contradicts the content is refused', async () => {
    assert.equal(
      refused(await checkContent(pdfWithText(['x']), 'minutes.docx')),
      'The file is a PDF but its name ends in .docx; rename it to end in .pdf, or choose the file you meant to upload.',
    );
    assert.match(
      refused(await checkContent(pngPixel(), 'logo.jpg')),
      /^The file is a PNG image but/,
    );
    assert.match(
      refused(await checkContent(openXmlPackage('xlsx'), 'budget.ods')),
      /^The file is an Excel workbook but its name ends in \.ods; rename it to end in \.xlsx/,
    );
    // Text saved under a markup or script name would be that kind of file on a desktop.
    for (const name of ['page.html', 'image.svg', 'run.bat', 'app.js', 'report.pdf']) {
      assert.match(
        refused(await checkContent(utf8('hello'), name)),
        /^The file is a plain text file but/,
      );
    }
  });

  test('bytes that are neither a known type nor UTF-8 text are refused', async () => {
    const latin1 = Buffer.from('caf\xe9', 'latin1');
    const withNul = utf8('name\u0000value');
    const withEscape = utf8('\u001b[31mred');
    for (const bytes of [latin1, withNul, withEscape]) {
      assert.match(
        refused(await checkContent(bytes, 'notes.txt')),
        /^The file's type is not recognised, and it is not UTF-8 text; jhanet accepts .* UTF-8 encoding\.$/,
      );
    }
  });

  test('UTF-16 text is refused', async () => {
    // Its byte order mark looks like an MPEG frame to detection; either way it is not stored.
    refused(await checkContent(Buffer.from('\ufeffhello', 'utf16le'), 'notes.txt'));
  });

  test('an empty file is refused', async () => {
    assert.equal(refused(await checkContent(new Uint8Array(0), 'empty.txt')), 'The file is empty.');
  });

  test('the accepted types sentence lists every kind', () => {
    for (const kind of [
      'PDF',
      'Word',
      'Excel',
      'PowerPoint',
      'OpenDocument',
      'PNG',
      'JPEG',
      'plain text',
      'CSV',
    ]) {
      assert.ok(acceptedTypesSentence.includes(kind), kind);
    }
  });
});
