/**
 * Spreadsheets (.xlsx) in and out. The libraries that write and read the files are used here
 * only, so that replacing them touches this file alone.
 */
import type { Blob } from 'node:buffer';
import type { Stream } from 'node:stream';
import { readSheet } from 'read-excel-file/node';
import writeXlsxFile, { type Cell, type Feature } from 'write-excel-file/node';
import {
  appendMarkupInsideElement,
  findElement,
  getCellAddress,
  getOrderOfSiblings,
  getOpeningTagMarkup,
  getClosingTagMarkup,
  getSelfClosingTagMarkup,
  insertElementMarkupAccordingToOrderOfSiblings,
  replaceElement,
  sanitizeTextContent,
} from 'write-excel-file/utility';
import { AppError } from './errors.js';
import { ArchiveError, storedZip, unpackZip, type UnpackLimits } from './zip-archive.js';

/** What the writer's Node build takes and gives as file content (its own type is not exported). */
type FileContent = Stream | Buffer | Blob;

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
  name: string;
  columns: readonly SheetColumn[];
  /** Dates in date columns are calendar days at UTC midnight; date-times are shown in UTC. */
  rows: readonly (readonly CellValue[])[];
}

const formats: Record<SheetColumn['kind'], string | undefined> = {
  text: '@',
  number: undefined,
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

/**
 * Characters a cell's text cannot hold as they are: those XML 1.0 cannot carry, those the
 * writer drops as "discouraged" (C1 controls, noncharacters, U+FFFD) and CR, which XML readers
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

function cellOf(value: CellValue, column: SheetColumn): Cell {
  if (value === null || value === '') return null;
  const format = formats[column.kind];
  if (value instanceof Date) return { value, type: Date, format: format ?? 'yyyy-mm-dd' };
  if (typeof value === 'number') return { value, type: Number };
  if (typeof value === 'boolean') return { value, type: Boolean };
  // Text stays text: a cell that starts with "=" is a string cell, never a formula.
  return { value: cellText(value), type: String, ...(format === '@' ? { format } : {}) };
}

/**
 * Puts a filter button on each header cell of the sheet at `sheetIndex` (counting from 0). The
 * workbook also names the filtered range for that sheet, as Excel does itself, so that every
 * spreadsheet program finds it.
 */
function autoFilter(
  sheetIndex: number,
  sheetName: string,
  columns: number,
  rows: number,
): Feature<FileContent> {
  const last = getCellAddress(Math.max(rows, 1) - 1, columns - 1);
  const ref = `A1:${last}`;
  const absolute = `'${sheetName.replace(/'/g, "''")}'!$A$1:${last.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2')}`;
  return {
    files: {
      transform: {
        'xl/worksheets/sheet{id}.xml': {
          transform: (xml, _options, sheet) =>
            sheet.sheetIndex !== sheetIndex || findElement(xml, 'autoFilter')
              ? xml
              : insertElementMarkupAccordingToOrderOfSiblings(
                  xml,
                  getSelfClosingTagMarkup('autoFilter', { ref }),
                  getOrderOfSiblings('xl/worksheets/sheet{id}.xml', 'worksheet') ?? [],
                  'worksheet',
                ),
        },
        'xl/workbook.xml': {
          transform: (xml) => {
            const name =
              getOpeningTagMarkup('definedName', {
                name: '_xlnm._FilterDatabase',
                localSheetId: sheetIndex,
                hidden: 1,
              }) +
              sanitizeTextContent(absolute) +
              getClosingTagMarkup('definedName');
            const names = findElement(xml, 'definedNames');
            if (!names)
              return insertElementMarkupAccordingToOrderOfSiblings(
                xml,
                getOpeningTagMarkup('definedNames') + name + getClosingTagMarkup('definedNames'),
                getOrderOfSiblings('xl/workbook.xml', 'workbook') ?? [],
                'workbook',
              );
            return names.selfClosingTag
              ? replaceElement(
                  xml,
                  names,
                  getOpeningTagMarkup('definedNames') + name + getClosingTagMarkup('definedNames'),
                )
              : appendMarkupInsideElement(xml, names, name);
          },
        },
      },
    },
  };
}

/**
 * A drop-down list on every cell below the header of each column with choices of the sheet at
 * `sheetIndex`, as Excel's data validation: a value typed outside the list is refused by the
 * spreadsheet, before any import.
 */
function dropDowns(sheetIndex: number, columns: readonly SheetColumn[]): Feature<FileContent> {
  const validations = columns.flatMap((column, index) => {
    if (!column.choices || column.choices.length === 0) return [];
    const letters = getCellAddress(0, index).replace(/\d+$/, '');
    const list = `"${column.choices.join(',').replace(/"/g, '""')}"`;
    return [
      getOpeningTagMarkup('dataValidation', {
        type: 'list',
        allowBlank: 1,
        showErrorMessage: 1,
        sqref: `${letters}2:${letters}1048576`,
      }) +
        getOpeningTagMarkup('formula1') +
        sanitizeTextContent(list) +
        getClosingTagMarkup('formula1') +
        getClosingTagMarkup('dataValidation'),
    ];
  });
  return {
    files: {
      transform: {
        'xl/worksheets/sheet{id}.xml': {
          transform: (xml, _options, sheet) =>
            sheet.sheetIndex !== sheetIndex ||
            validations.length === 0 ||
            findElement(xml, 'dataValidations')
              ? xml
              : insertElementMarkupAccordingToOrderOfSiblings(
                  xml,
                  getOpeningTagMarkup('dataValidations', { count: validations.length }) +
                    validations.join('') +
                    getClosingTagMarkup('dataValidations'),
                  getOrderOfSiblings('xl/worksheets/sheet{id}.xml', 'worksheet') ?? [],
                  'worksheet',
                ),
        },
      },
    },
  };
}

/**
 * A workbook of the sheets in order, each with a bold header row that stays in view and filters,
 * sized columns and its own drop-down lists. Sheet names must differ.
 */
export async function writeWorkbook(specs: readonly SheetSpec[]): Promise<Buffer> {
  const sheets = specs.map((spec) => {
    const header: Cell[] = spec.columns.map((column) => ({
      value: cellText(column.header),
      type: String,
      fontWeight: 'bold',
    }));
    const body: Cell[][] = spec.rows.map((row) =>
      spec.columns.map((column, index) => cellOf(row[index] ?? null, column)),
    );
    return {
      data: [header, ...body],
      sheet: spec.name,
      columns: spec.columns.map((column) => ({ width: column.width })),
      stickyRowsCount: 1,
    };
  });
  return writeXlsxFile(sheets, {
    features: specs.flatMap((spec, index) => [
      autoFilter(index, spec.name, spec.columns.length, spec.rows.length + 1),
      dropDowns(index, spec.columns),
    ]),
  }).toBuffer();
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
