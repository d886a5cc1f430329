/**
 * Whole numbers that may reach SQL. Every integer column is a 32-bit `integer` on PostgreSQL,
 * which refuses anything larger with "integer out of range"; SQLite would store it, so the two
 * databases would disagree. Every integer the platform reads (a request, a form, an If-Match
 * header, a spreadsheet cell) is held to these bounds before it is used.
 */
export const STORABLE_INTEGER = { minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;

/** Whether `value` is a whole number an integer column can hold. */
export function isStorableInteger(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= STORABLE_INTEGER.minimum &&
    value <= STORABLE_INTEGER.maximum
  );
}

/** A text of decimal digits, with an optional minus sign, read as a storable integer, or null. */
export function storableIntegerOf(text: string): number | null {
  if (!/^-?\d{1,10}$/.test(text)) return null;
  const value = Number(text);
  return isStorableInteger(value) ? value : null;
}
