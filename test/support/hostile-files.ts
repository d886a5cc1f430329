// Files made to hurt a reader, built in memory by the tests that show the caps hold: archives
// whose entries lie about their sizes and inflate to gigabytes, a PDF whose one stream does the
// same, and a PDF that keeps its reader busy for ever. None of them is ever held inflated here.
import { constants, crc32, deflateRawSync } from 'node:zlib';

const MEBIBYTE = 1024 * 1024;

/**
 * Raw deflate data that inflates to `mebibytes` MiB of one byte. One MiB deflates to about a
 * kilobyte, ending on a byte boundary with a full flush, so the same block repeated is a valid
 * stream; an empty final block closes it.
 */
export function deflatedRepeats(mebibytes: number, byte = 0x20): Buffer {
  const block = deflateRawSync(Buffer.alloc(MEBIBYTE, byte), {
    level: 9,
    finishFlush: constants.Z_FULL_FLUSH,
  });
  return Buffer.concat([...Array<Buffer>(mebibytes).fill(block), Buffer.from([0x03, 0x00])]);
}

interface ArchiveEntry {
  name: string;
  /** The entry's bytes as stored: plain text, or raw deflate data with `deflated`. */
  data: Buffer;
  deflated?: boolean;
  /** What the headers claim the entry inflates to; the truth when not given. */
  declaredSize?: number;
}

/** A ZIP archive whose headers say what the entries declare, true or not. */
function zipOf(entries: ArchiveEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const size = entry.declaredSize ?? entry.data.length;
    // A lying entry cannot have a true checksum without inflating it: it claims a wrong one.
    const checksum = entry.deflated ? 0 : crc32(entry.data);
    const method = entry.deflated ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(checksum, 16);
    header.writeUInt32LE(entry.data.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, entry.data);
    central.push(header, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const text = (name: string, content: string): ArchiveEntry => ({
  name,
  data: Buffer.from(content, 'utf8'),
});

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * An .xlsx workbook whose sheet declares 1 KB and inflates to `mebibytes` MiB: a file of about
 * a kilobyte per MiB it unpacks to.
 */
export function xlsxBomb(mebibytes: number): Buffer {
  return zipOf([
    text(
      '[Content_Types].xml',
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '</Types>',
    ),
    text(
      '_rels/.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    ),
    text(
      'xl/workbook.xml',
      `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    text(
      'xl/_rels/workbook.xml.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '</Relationships>',
    ),
    {
      name: 'xl/worksheets/sheet1.xml',
      data: deflatedRepeats(mebibytes),
      deflated: true,
      declaredSize: 1024,
    },
  ]);
}

/** A Word document whose body declares 1 KB and inflates to `mebibytes` MiB. */
export function docxBomb(mebibytes: number): Buffer {
  return zipOf([
    text(
      '[Content_Types].xml',
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '</Types>',
    ),
    text(
      '_rels/.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
        '</Relationships>',
    ),
    {
      name: 'word/document.xml',
      data: deflatedRepeats(mebibytes),
      deflated: true,
      declaredSize: 1024,
    },
  ]);
}

/** A PDF of the objects given (object n is the n-th), the first being the catalog. */
function pdfOf(objects: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n', 'latin1')];
  let length = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(length);
    const object = Buffer.concat([
      Buffer.from(`${String(index + 1)} 0 obj\n`, 'latin1'),
      body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(object);
    length += object.length;
  });
  let trailer = `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n`;
  for (const offset of offsets) trailer += `${String(offset).padStart(10, '0')} 00000 n \n`;
  trailer += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(length)}\n%%EOF\n`;
  parts.push(Buffer.from(trailer, 'latin1'));
  return Buffer.concat(parts);
}

const dictionary = (body: string) => Buffer.from(`<< ${body} >>`, 'latin1');

function pdfStream(entries: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`<< ${entries} /Length ${String(data.length)} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

/**
 * A one-page PDF whose embedded font inflates to `mebibytes` MiB: a reader that places the page's
 * one letter reads the whole font program at once.
 */
export function pdfBomb(mebibytes: number): Buffer {
  // A zlib stream: its two-byte header, the raw deflate data, and a checksum read last, if ever.
  const zlib = Buffer.concat([
    Buffer.from([0x78, 0x9c]),
    deflatedRepeats(mebibytes),
    Buffer.alloc(4),
  ]);
  return pdfOf([
    dictionary('/Type /Catalog /Pages 2 0 R'),
    dictionary('/Type /Pages /Kids [3 0 R] /Count 1'),
    dictionary(
      '/Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R',
    ),
    pdfStream('', Buffer.from('BT /F1 12 Tf 72 720 Td (a) Tj ET', 'latin1')),
    dictionary(
      '/Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 97 /LastChar 97 /Widths [500] /FontDescriptor 6 0 R',
    ),
    dictionary(
      '/Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R',
    ),
    pdfStream('/Filter /FlateDecode', zlib),
  ]);
}

/**
 * A PDF of a couple of kilobytes that keeps a reader busy for ever: its page draws a form ten
 * times, that form draws the next ten times, and so on eight levels down to a form that shows a
 * letter: a hundred million letters to place.
 */
export function pdfThatLoops(): Buffer {
  const levels = 8;
  const font = '/Font << /F1 4 0 R >>';
  const objects = [
    dictionary('/Type /Catalog /Pages 2 0 R'),
    dictionary('/Type /Pages /Kids [3 0 R] /Count 1'),
    dictionary(
      `/Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << ${font} /XObject << /X 6 0 R >> >> /Contents 5 0 R`,
    ),
    dictionary('/Type /Font /Subtype /Type1 /BaseFont /Helvetica'),
    pdfStream('', Buffer.from('/X Do', 'latin1')),
  ];
  for (let level = 0; level < levels; level += 1) {
    const id = 6 + level;
    const leaf = level === levels - 1;
    const resources = leaf
      ? `<< ${font} >>`
      : `<< ${font} /XObject << /X ${String(id + 1)} 0 R >> >>`;
    const content = leaf ? 'BT /F1 12 Tf 1 0 Td (a) Tj ET' : Array(10).fill('/X Do').join(' ');
    objects.push(
      pdfStream(
        `/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources ${resources}`,
        Buffer.from(content, 'latin1'),
      ),
    );
  }
  return pdfOf(objects);
}
