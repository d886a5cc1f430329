/**
 * The words document search works on, the same for what is indexed, what a user asks and what a
 * snippet marks: lower-cased, without accents, letters and digits only.
 */

const MAX_TERMS = 8;
/** Longer words are cut to this length, in the index and in queries alike. */
const MAX_WORD_CHARS = 40;
/**
 * Every word is indexed with its prefixes from this length on, so that a query word of at least
 * this length matches the words it begins; a shorter query word matches whole words only. Two
 * letters would match nearly every document and cost a token more per word.
 */
export const MIN_PREFIX_CHARS = 3;
/**
 * Prefixes are indexed up to this length: a query word this long or longer is matched on its
 * first letters only, which tells apart the words of any language but bounds what a long word
 * (a code, a URL) costs the index.
 */
export const MAX_PREFIX_CHARS = 24;

export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/** One word as search compares it: lower-cased, without accents, cut to length. */
export function foldWord(word: string): string {
  return foldAccents(word.toLowerCase()).slice(0, MAX_WORD_CHARS);
}

/** The words of a text, in order, folded. */
export function foldedWords(text: string): string[] {
  const words = foldAccents(text.toLowerCase()).match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((word) => word.slice(0, MAX_WORD_CHARS));
}

/**
 * The words of a user's query, folded, each once. Only letters and digits survive, so no query
 * syntax of either database can be injected.
 */
export function searchTerms(query: string): string[] {
  return [...new Set(foldedWords(query))].slice(0, MAX_TERMS);
}

/**
 * What the index holds of a folded word: its prefixes from the shortest to the longest indexed,
 * the word itself among them when it is not longer; or the whole word when it is shorter than
 * the shortest prefix.
 */
export function indexedPrefixes(word: string): string[] {
  if (word.length < MIN_PREFIX_CHARS) return [word];
  const prefixes: string[] = [];
  for (let length = MIN_PREFIX_CHARS; length <= Math.min(word.length, MAX_PREFIX_CHARS); length++)
    prefixes.push(word.slice(0, length));
  return prefixes;
}

/** What a query term is looked up by: the one prefix, or short word, that a match holds. */
export function lookupForm(term: string): string {
  return term.slice(0, MAX_PREFIX_CHARS);
}

/** Whether a folded word of a text matches a query term, exactly as the index matches them. */
export function wordMatches(word: string, term: string): boolean {
  return term.length < MIN_PREFIX_CHARS ? word === term : word.startsWith(lookupForm(term));
}
