/**
 * Spreadsheets (.xlsx) in and out. Workbooks are written here, row by row into the compressed
 * package, so that a sheet of 50,000 rows costs its compressed size in memory rather than an
 * object per cell; they are read with read-excel-file, used here only, so that replacing it
 * touches this file alone.
 */
import { readSheet } from 'read-excel-file/node';
import { AppError } from './errors.js';
import { ArchiveError, storedZip, unpackZip, ZipWriter, type UnpackLimits } from './zip-archive.js';

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What a cell holds once read: dates come back as dates when the cell is formatted as one. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetColumn {
  header: string;
  /** In characters. */
  width: number;
  /** How the column's values are written: dates become date cells with a date format. */
  kind: 'text' | 'number' | 'date' | 'datetime';
  /** The values a cell may take, offered as a drop-down list and checked by the spreadsheet. */
  choices?: readonly string[];
}

export interface SheetSpec {
  /** At most 31 characters, none of `[]:*?/\`; the names of a workbook's sheets must differ. */
  name: string;
  columns: readonly SheetColumn[];
  /**
   * Dates in date columns are calendar days at UTC midnight; date-times are shown in UTC. Read
   * once, as the sheet is written: a generator spares holding every row's cells at once.
   */
  rows: Iterable<readonly CellValue[]>;
}

/**
 * Characters a cell's text cannot hold as they are: those XML 1.0 cannot carry, those spreadsheet
 * programs treat as "discouraged" (C1 controls, noncharacters, U+FFFD) and CR, which XML readers
 * turn into LF. Each is written as the escape `_xHHHH_` of the Office Open XML string type
 * (ECMA-376 ST_Xstring), per UTF-16 code unit, as Excel writes them; readers decode it.
 */
const UNWRITABLE =
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFD-\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as a cell holds it, so that reading the cell gives the text back exactly. An underscore
 * before "x" is escaped too (`_x005F_`): "_x0041_" typed by a person stays that text instead of
 * being read as "A".
 */
function cellText(text: string): string {
  const escape = (unit: number) => `_x${unit.toString(16).toUpperCase().padStart(4, '0')}_`;
  return text
    .replace(/_(?=x)/g, escape(0x5f))
    .replace(UNWRITABLE, (found) =>
      Array.from({ length: found.length }, (_, index) => escape(found.charCodeAt(index))).join(''),
    );
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text as an XML element carries it. */
function xmlText(text: string): string {
  return text.replace(/[&<>]/g, (found) => XML_ESCAPES[found] ?? found);
}

/** An attribute's value as XML carries it, within either kind of quotes. */
function xmlAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (found) => XML_ESCAPES[found] ?? found);
}

/** The letters of a column, counting from 0: A to Z, then AA. */
function columnLetters(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** The cell formats of styles.xml, by their index there. */
const STYLE = { header: 1, text: 2, date: 3, datetime: 4 } as const;

const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>' +
  '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill>' +
  '<fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  // 49 is the built-in text format "@": a typed "1-2" stays text rather than becoming a date.
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

const MAIN_NAMESPACE = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS_NAMESPACE =
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** A spreadsheet's day number: days since 30 December 1899, the time of day as a fraction. */
function serialDay(date: Date): number {
  return (date.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
}

function textCell(reference: string, text: string, style: number): string {
  return `<c r="${reference}" s="${String(style)}" t="inlineStr"><is><t xml:space="preserve">${xmlText(cellText(text))}</t></is></c>`;
}

/** One cell's XML, or nothing for an empty cell. Text is always a string, never a formula. */
function cellXml(reference: string, value: CellValue, column: SheetColumn): string {
  if (value === null || value === '') return '';
  if (value instanceof Date) {
    const style = column.kind === 'datetime' ? STYLE.datetime : STYLE.date;
    return `<c r="${reference}" s="${String(style)}"><v>${String(serialDay(value))}</v></c>`;
  }
  // A spreadsheet cannot hold an infinite number or NaN: such a cell is left empty.
  if (typeof value === 'number')
    return Number.isFinite(value) ? `<c r="${reference}"><v>${String(value)}</v></c>` : '';
  if (typeof value === 'boolean') return `<c r="${reference}" t="b"><v>${value ? 1 : 0}</v></c>`;
  return textCell(reference, value, column.kind === 'text' ? STYLE.text : 0);
}

/** The sheet's XML before its rows: the frozen header, the columns' widths. */
function sheetOpening(spec: SheetSpec, first: boolean): string {
  const widths = spec.columns
    .map(
      (column, index) =>
        `<col min="${String(index + 1)}" max="${String(index + 1)}" width="${String(column.width)}" customWidth="1"/>`,
    )
    .join('');
  return (
    `${XML_DECLARATION}<worksheet xmlns="${MAIN_NAMESPACE}" xmlns:r="${RELATIONSHIPS_NAMESPACE}">` +
    `<sheetViews><sheetView${first ? ' tabSelected="1"' : ''} workbookViewId="0">` +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft"/></sheetView></sheetViews>' +
    (widths ? `<cols>${widths}</cols>` : '') +
    '<sheetData>'
  );
}

/** The range the header's filter buttons cover: every column, the header and every row. */
function filterRange(columns: number, rows: number): string {
  return `A1:${columnLetters(Math.max(columns, 1) - 1)}${String(Math.max(rows, 1))}`;
}

/**
 * The sheet's XML after its rows: the header's filter buttons, and a drop-down list on every cell
 * below the header of each column with choices, which the spreadsheet checks before any import.
 */
function sheetClosing(spec: SheetSpec, rows: number): string {
  const validations = spec.columns.flatMap((column, index) => {
    if (!column.choices || column.choices.length === 0) return [];
    const letters = columnLetters(index);
    const list = `"${column.choices.join(',').replace(/"/g, '""')}"`;
    return [
      `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${letters}2:${letters}1048576">` +
        `<formula1>${xmlText(list)}</formula1></dataValidation>`,
    ];
  });
  return (
    `</sheetData><autoFilter ref="${filterRange(spec.columns.length, rows)}"/>` +
    (validations.length > 0
      ? `<dataValidations count="${String(validations.length)}">${validations.join('')}</dataValidations>`
      : '') +
    '</worksheet>'
  );
}

/** Pieces of this size or so go to the compressor: few calls, little held at once. */
const PIECE_CHARACTERS = 64 * 1024;

/**
 * The sheet's XML in pieces, its rows read as they are written. `written.rows` counts the rows,
 * header included, once the pieces are all read.
 */
function* sheetXml(
  spec: SheetSpec,
  first: boolean,
  written: { rows: number },
): Generator<string, void, undefined> {
  const letters = spec.columns.map((_, index) => columnLetters(index));
  const header = spec.columns
    .map((column, index) => textCell(`${letters[index] ?? ''}1`, column.header, STYLE.header))
    .join('');
  let piece = `${sheetOpening(spec, first)}<row r="1">${header}</row>`;
  let number = 1;
  for (const row of spec.rows) {
    number += 1;
    const at = String(number);
    piece += `<row r="${at}">`;
    spec.columns.forEach((column, index) => {
      piece += cellXml(`${letters[index] ?? ''}${at}`, row[index] ?? null, column);
    });
    piece += '</row>';
    if (piece.length >= PIECE_CHARACTERS) {
      yield piece;
      piece = '';
    }
  }
  written.rows = number;
  yield piece + sheetClosing(spec, number);
}

/** A sheet's name in a formula: quoted, its quotes doubled. */
function quotedSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function workbookXml(specs: readonly SheetSpec[], rows: readonly number[]): string {
  const sheets = specs
    .map(
      (spec, index) =>
        `<sheet name="${xmlAttribute(spec.name)}" sheetId="${String(index + 1)}" r:id="rId${String(index + 1)}"/>`,
    )
    .join('');
  // Excel names each sheet's filtered range itself; naming it here lets every program find it.
  const filters = specs
    .map((spec, index) => {
      const range = filterRange(spec.columns.length, rows[index] ?? 1).replace(
        /([A-Z]+)(\d+)/g,
        '$$$1$$$2',
      );
      return `<definedName name="_xlnm._FilterDatabase" localSheetId="${String(index)}" hidden="1">${xmlText(
        `${quotedSheetName(spec.name)}!${range}`,
      )}</definedName>`;
    })
    .join('');
  return (
    `${XML_DECLARATION}<workbook xmlns="${MAIN_NAMESPACE}" xmlns:r="${RELATIONSHIPS_NAMESPACE}">` +
    `<bookViews><workbookView/></bookViews><sheets>${sheets}</sheets>` +
    `<definedNames>${filters}</definedNames></workbook>`
  );
}

function packageXml(sheets: number): { contentTypes: string; rels: string; workbookRels: string } {
  const numbers = Array.from({ length: sheets }, (_, index) => String(index + 1));
  const worksheet = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
  const relationship = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return {
    contentTypes:
      `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      numbers
        .map(
          (n) => `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="${worksheet}"/>`,
        )
        .join('') +
      '</Types>',
    rels:
      `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${relationship}/officeDocument" Target="xl/workbook.xml"/>` +
      '</Relationships>',
    workbookRels:
      `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      numbers
        .map(
          (n) =>
            `<Relationship Id="rId${n}" Type="${relationship}/worksheet" Target="worksheets/sheet${n}.xml"/>`,
        )
        .join('') +
      `<Relationship Id="rId${String(sheets + 1)}" Type="${relationship}/styles" Target="styles.xml"/>` +
      '</Relationships>',
  };
}

/**
 * A workbook of the sheets in order, each with a bold header row that stays in view and filters,
 * sized columns and its own drop-down lists. Text cells are strings written in place (no table of
 * shared strings, which would hold every text until the end), so each row is compressed as it is
 * written. Sheet names must differ.
 */
export async function writeWorkbook(specs: readonly SheetSpec[]): Promise<Buffer> {
  const zip = new ZipWriter();
  const parts = packageXml(specs.length);
  await zip.addDeflated('[Content_Types].xml', [parts.contentTypes]);
  await zip.addDeflated('_rels/.rels', [parts.rels]);
  const rows: number[] = [];
  for (const [index, spec] of specs.entries()) {
    const written = { rows: 0 };
    await zip.addDeflated(
      `xl/worksheets/sheet${String(index + 1)}.xml`,
      sheetXml(spec, index === 0, written),
    );
    rows.push(written.rows);
  }
  await zip.addDeflated('xl/workbook.xml', [workbookXml(specs, rows)]);
  await zip.addDeflated('xl/_rels/workbook.xml.rels', [parts.workbookRels]);
  await zip.addDeflated('xl/styles.xml', [STYLES_XML]);
  return zip.finish();
}

/** A workbook of one sheet. */
export async function writeSheet(spec: SheetSpec): Promise<Buffer> {
  return writeWorkbook([spec]);
}

function notASpreadsheet(): AppError {
  return new AppError(
    'not_a_spreadsheet',
    400,
    'The file is not an Excel workbook (.xlsx). Save it as "Excel Workbook (.xlsx)" and upload it again.',
  );
}

/** The parts of the package the reader reads: the workbook's XML and its relationships. */
const isXmlPart = (name: string) => name.endsWith('.xml') || name.endsWith('.xml.rels');

/**
 * Reads the first sheet, row by row from row 1; other sheets are not read. The package is unpacked here first, counting
 * what inflates against `limits` (a small archive can unpack to gigabytes while declaring
 * kilobytes), and must hold a workbook; the reader then gets those parts only, in an archive whose
 * sizes are the counted ones.
 */
export async function readFirstSheet(bytes: Buffer, limits: UnpackLimits): Promise<CellValue[][]> {
  let parts: Map<string, Buffer>;
  try {
    parts = unpackZip(bytes, limits, isXmlPart);
  } catch (error) {
    if (error instanceof ArchiveError && error.reason === 'too_large')
      throw new AppError('file_too_large', 413, `${error.message} Split it into smaller files.`);
    throw notASpreadsheet();
  }
  if (!parts.has('[Content_Types].xml') || !parts.has('xl/workbook.xml')) throw notASpreadsheet();
  let rows: unknown[][];
  try {
    // The library's cell type is loose; each cell is narrowed below.
    rows = await readSheet(storedZip(parts), { trim: false });
  } catch {
    throw notASpreadsheet();
  }
  return rows.map((row) => row.map(cellValueOf));
}

function cellValueOf(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  )
    return value;
  // The reader gives no other kinds of value.
  return null;
}
