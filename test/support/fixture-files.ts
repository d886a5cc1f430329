// Small, valid files of each kind the document repository handles, built in memory so tests need
// no binary fixtures in the repository.
import { crc32, deflateSync } from 'node:zlib';
import { Document, Packer, Paragraph, TextRun } from 'docx';

const PDF_LINES_PER_PAGE = 40;

/** A PDF string literal in WinAnsiEncoding: printable ASCII as is, Latin-1 letters as octal escapes. */
function pdfString(text: string): string {
  let literal = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (character === '(' || character === ')' || character === '\\') {
      literal += `\\${character}`;
    } else if (code >= 0x20 && code <= 0x7e) {
      literal += character;
    } else if (code >= 0xa0 && code <= 0xff) {
      // WinAnsiEncoding agrees with Latin-1 from 0xA0 to 0xFF.
      literal += `\\${code.toString(8)}`;
    } else {
      throw new Error(`pdfWithText cannot encode "${character}" in WinAnsiEncoding`);
    }
  }
  return `(${literal})`;
}

/**
 * A PDF showing the lines in Helvetica, 40 lines a page (more lines give more pages). Accepts
 * printable ASCII and Latin-1 letters such as "é"; parentheses and backslashes are escaped.
 */
export function pdfWithText(lines: string[]): Buffer {
  const pages: string[][] = [];
  for (let start = 0; start < Math.max(lines.length, 1); start += PDF_LINES_PER_PAGE) {
    pages.push(lines.slice(start, start + PDF_LINES_PER_PAGE));
  }
  // Objects 1-3 are the catalog, the page tree and the font; each page then takes two: itself and its content.
  const pageIds = pages.map((_, index) => 4 + index * 2);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  pages.forEach((pageLines, index) => {
    const content = [
      'BT',
      '/F1 12 Tf',
      '72 760 Td',
      ...pageLines.map(
        (line, lineIndex) => `${lineIndex === 0 ? '' : '0 -16 Td '}${pdfString(line)} Tj`,
      ),
      'ET',
    ].join('\n');
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + index * 2} 0 R >>`,
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    );
  });

  // Every character is ASCII, so string lengths are byte offsets.
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefOffset = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A Word document (DOCX) with one paragraph per entry. */
export async function docxWithText(paragraphs: string[]): Promise<Buffer> {
  const document = new Document({
    sections: [
      {
        children: paragraphs.map((text) => new Paragraph({ children: [new TextRun(text)] })),
      },
    ],
  });
  return Packer.toBuffer(document);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, checksum]);
}

/** A valid 1×1 PNG holding one opaque blue pixel. */
export function pngPixel(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header.writeUInt8(8, 8); // bits per sample
  header.writeUInt8(2, 9); // colour type: RGB
  // Compression, filter and interlace methods stay 0.
  const scanline = Buffer.from([0, 0x00, 0x33, 0x99]); // filter "none", then R, G, B
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(scanline)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The start of a JPEG (JFIF) image: enough for content detection, not for decoding. */
export function jpegHeader(): Buffer {
  return Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
  ]);
}

/** A DOS/Windows executable header ("MZ"), the kind of upload that must be refused. */
export function executable(): Buffer {
  const bytes = Buffer.alloc(128);
  bytes.write('MZ', 0, 'latin1');
  bytes.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  return bytes;
}

/** A ZIP archive of uncompressed entries, in the given order. */
export function zipArchive(entries: Record<string, string | Buffer>): Buffer {
  const localParts: Buffer[] = [];
  const centralParts: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const checksum = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    localParts.push(local, nameBytes, data);
    centralParts.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralDirectory = Buffer.concat(centralParts);
  const count = Object.keys(entries).length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...localParts, centralDirectory, end]);
}

const OPEN_XML_MAIN_PARTS = {
  xlsx: [
    'xl/workbook.xml',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  ],
  pptx: [
    'ppt/presentation.xml',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
  ],
} as const;

/**
 * The package skeleton of an Excel workbook or PowerPoint presentation: the parts that identify
 * the format, not a document an office suite would open.
 */
export function openXmlPackage(kind: 'xlsx' | 'pptx'): Buffer {
  const [mainPart, contentType] = OPEN_XML_MAIN_PARTS[kind];
  return zipArchive({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      `<Override PartName="/${mainPart}" ContentType="${contentType}"/></Types>`,
    [mainPart]: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
  });
}

const OPEN_DOCUMENT_TYPES = {
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
} as const;

/** The package skeleton of an OpenDocument text or spreadsheet: "mimetype" first, as the standard requires. */
export function openDocumentPackage(kind: 'odt' | 'ods'): Buffer {
  return zipArchive({
    mimetype: OPEN_DOCUMENT_TYPES[kind],
    'content.xml': '<?xml version="1.0" encoding="UTF-8"?>',
  });
}
