import { foldWord, wordMatches } from './search-terms.js';

/**
 * Snippets of search results, made in the application from a document's opened text, the same
 * on both databases: the passage of `PASSAGE_WORDS` words holding the most distinct query terms
 * (then the most matches, then the earliest), its matching words marked.
 */

/** Private-use characters that open and close a matched passage in a snippet. */
export const SNIPPET_START = '\uE000';
export const SNIPPET_END = '\uE001';

const PASSAGE_WORDS = 24;
const ELLIPSIS = '…';
/** Only the beginning of a long text is searched for a passage. */
const SNIPPET_SOURCE_CHARS = 100_000;

interface Word {
  start: number;
  end: number;
  /** Indexes of the terms the word matches. */
  terms: number[];
}

function wordsOf(text: string, terms: readonly string[]): Word[] {
  const words: Word[] = [];
  // Combining marks belong to their word, so that a decomposed accent does not split it.
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const folded = foldWord(match[0]);
    const matched = terms.flatMap((term, index) => (wordMatches(folded, term) ? [index] : []));
    words.push({ start: match.index, end: match.index + match[0].length, terms: matched });
  }
  return words;
}

/** The first word of the best passage: a sliding window, counting terms as it goes. */
function bestStart(words: readonly Word[], termCount: number): number {
  const inWindow = new Array<number>(termCount).fill(0);
  let distinct = 0;
  let matches = 0;
  let best = { start: 0, distinct: -1, matches: -1 };
  const add = (word: Word | undefined, step: 1 | -1) => {
    for (const term of word?.terms ?? []) {
      const before = inWindow[term] ?? 0;
      inWindow[term] = before + step;
      if (before === 0 && step === 1) distinct += 1;
      if (before === 1 && step === -1) distinct -= 1;
    }
    if (word && word.terms.length > 0) matches += step;
  };
  for (let end = 0; end < words.length; end++) {
    add(words[end], 1);
    const start = end - PASSAGE_WORDS + 1;
    if (start > 0) add(words[start - 1], -1);
    const first = Math.max(0, start);
    if (distinct > best.distinct || (distinct === best.distinct && matches > best.matches))
      best = { start: first, distinct, matches };
  }
  return best.start;
}

/**
 * A passage of `text` around the query terms, the matching words between `SNIPPET_START` and
 * `SNIPPET_END`, cut ends shown by an ellipsis; the opening words when nothing matches; null
 * for a text without words.
 */
export function snippetOf(text: string, terms: readonly string[]): string | null {
  const source = text.slice(0, SNIPPET_SOURCE_CHARS);
  const words = wordsOf(source, terms);
  if (words.length === 0) return null;
  const first = bestStart(words, terms.length);
  const passage = words.slice(first, first + PASSAGE_WORDS);
  let result = first > 0 ? `${ELLIPSIS} ` : '';
  let at = passage[0]?.start ?? 0;
  for (const word of passage) {
    result += source.slice(at, word.start);
    const wording = source.slice(word.start, word.end);
    result += word.terms.length > 0 ? `${SNIPPET_START}${wording}${SNIPPET_END}` : wording;
    at = word.end;
  }
  const last = passage[passage.length - 1];
  if (last && last !== words[words.length - 1]) result += ` ${ELLIPSIS}`;
  return result.replace(/\s+/g, ' ').trim();
}
