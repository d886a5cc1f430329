/**
 * CSV (RFC 4180) for exports that people open in spreadsheets. Text that starts like a formula
 * is defused: a spreadsheet would otherwise run a cell such as =HYPERLINK(...) from user input.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: text as is, nothing as empty, numbers and booleans as written, the rest as JSON. */
export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = FORMULA_START.test(value) ? `'${value}` : value;
  // A number is data, never a formula, so a negative one keeps its sign as the first character.
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else {
    const json = JSON.stringify(value);
    text = FORMULA_START.test(json) ? `'${json}` : json;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, ended with CRLF as RFC 4180 asks. */
export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
