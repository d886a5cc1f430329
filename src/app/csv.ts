import { Type } from 'typebox';

/**
 * CSV (RFC 4180) for exports that people open in spreadsheets. Text that starts like a formula
 * is defused: a spreadsheet would otherwise run a cell such as =HYPERLINK(...) from user input.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The separators a file may use: commas as RFC 4180 has them, or semicolons, which Excel expects
 * where the decimal separator is a comma (most of continental Europe) and otherwise puts every
 * row in one column.
 */
export const csvSeparators = { comma: ',', semicolon: ';' } as const;
export type CsvSeparatorName = keyof typeof csvSeparators;
export type CsvSeparator = (typeof csvSeparators)[CsvSeparatorName];

/** The `separator` query parameter of every CSV export. */
export const CsvSeparatorParameter = Type.Union(
  [Type.Literal('comma'), Type.Literal('semicolon')],
  {
    default: 'comma',
    description: 'semicolon for spreadsheets set up for a European locale; comma otherwise',
  },
);

/**
 * The byte order mark that makes Excel read a CSV file as UTF-8: without it, "Ø" and "€" come
 * out as two characters of Windows-1252 each.
 */
export const CSV_BYTE_ORDER_MARK = '\uFEFF';

/** One cell: text as is, nothing as empty, numbers and booleans as written, the rest as JSON. */
export function csvCell(value: unknown, separator: CsvSeparator = ','): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = FORMULA_START.test(value) ? `'${value}` : value;
  // A number is data, never a formula, so a negative one keeps its sign as the first character.
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else {
    const json = JSON.stringify(value);
    text = FORMULA_START.test(json) ? `'${json}` : json;
  }
  const needsQuotes = text.includes(separator) || /["\r\n]/.test(text);
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, ended with CRLF as RFC 4180 asks. */
export function csvRow(values: readonly unknown[], separator: CsvSeparator = ','): string {
  return values.map((value) => csvCell(value, separator)).join(separator) + '\r\n';
}

/** A whole file for a spreadsheet: the byte order mark, then the rows. */
export function csvFile(rows: readonly (readonly unknown[])[], separator: CsvSeparator): string {
  return CSV_BYTE_ORDER_MARK + rows.map((row) => csvRow(row, separator)).join('');
}
