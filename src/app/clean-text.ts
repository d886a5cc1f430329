/**
 * The characters no text of the platform may hold, wherever it comes from: a request, a form, a
 * spreadsheet cell. They are the ones XML 1.0 (and so an .xlsx file) cannot carry: NUL and the
 * other C0 controls but TAB, LF and CR; U+FFFE and U+FFFF; and lone surrogates, which are not
 * characters at all. PostgreSQL refuses NUL in text, SQLite stores it, and the two databases
 * store a lone surrogate differently; a spreadsheet would lose any of them. Refused at input,
 * they can never reach storage, an export or a comparison.
 */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A character text may not hold, and where it is (in UTF-16 code units). */
export interface ForbiddenCharacter {
  index: number;
  /** Like "U+0000". */
  codePoint: string;
  kind: 'control' | 'surrogate' | 'noncharacter';
}

/** The first character of `text` that no text may hold, or null when it has none. */
export function forbiddenCharacterIn(text: string): ForbiddenCharacter | null {
  const match = FORBIDDEN.exec(text);
  if (!match) return null;
  const unit = match[0].charCodeAt(0);
  return {
    index: match.index,
    codePoint: `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`,
    kind: unit >= 0xd800 && unit <= 0xdfff ? 'surrogate' : unit < 0x20 ? 'control' : 'noncharacter',
  };
}

/** Why a text holding `found` is refused, to follow the name of the field. */
export function forbiddenCharacterMessage(found: ForbiddenCharacter): string {
  switch (found.kind) {
    case 'control':
      return `contains the control character ${found.codePoint}, which text may not hold`;
    case 'surrogate':
      return `contains ${found.codePoint}, half of a surrogate pair without its other half`;
    case 'noncharacter':
      return `contains ${found.codePoint}, which is not a character`;
  }
}
