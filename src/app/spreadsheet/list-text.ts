/**
 * Lists in one cell: items joined by "; ". A backslash makes the next character plain text, so
 * that an item may contain a separator ("Share of cases \; all") and reads back exactly.
 */

export function escapeText(text: string, specials: string): string {
  let result = '';
  for (const character of text) {
    result += character === '\\' || specials.includes(character) ? `\\${character}` : character;
  }
  return result;
}

/** Splits at each separator not made plain by a backslash; the parts keep their escapes. */
export function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    if (character === '\\' && index + 1 < text.length) {
      current += character + text.charAt(index + 1);
      index += 1;
    } else if (character === separator) {
      parts.push(current);
      current = '';
    } else current += character;
  }
  parts.push(current);
  return parts;
}

/** Where the last separator not made plain by a backslash is, or -1. */
export function lastUnescaped(text: string, separator: string): number {
  let found = -1;
  for (let index = 0; index < text.length; index += 1) {
    if (text.charAt(index) === '\\') index += 1;
    else if (text.charAt(index) === separator) found = index;
  }
  return found;
}

export function unescapeText(text: string): string {
  return text.replace(/\\(.)/gsu, '$1');
}

export function encodeList(items: readonly string[]): string {
  return items.map((item) => escapeText(item, ';')).join('; ');
}

export function decodeList(text: string): string[] {
  return splitUnescaped(text, ';')
    .map((item) => unescapeText(item.trim()))
    .filter((item) => item !== '');
}
