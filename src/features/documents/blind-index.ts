import { createHmac } from 'node:crypto';
import { foldedWords, indexedPrefixes, lookupForm } from './search-terms.js';

/**
 * A "blind" full-text index: the database indexes keyed hashes of words, never the words. Each
 * word (and each prefix of it that search may ask for) becomes the HMAC-SHA-256 of its folded
 * form under a key the database does not hold, cut to 64 bits and written in base 36 (digits
 * and lower-case letters), which both databases' tokenizers take as one word. A query's words
 * are hashed the same way.
 */

/** How often each token occurs in a text. */
export type TokenCounts = Map<string, number>;

export class BlindIndexKey {
  // A private field: the key never shows in logs, inspection or JSON.
  readonly #key: Buffer;

  /** `keyId` names the key the index key is derived from, so that a rotation finds stale rows. */
  constructor(
    readonly keyId: string,
    key: Uint8Array,
  ) {
    this.#key = Buffer.from(key);
  }

  /** The token of one folded word or prefix. */
  token(term: string): string {
    return createHmac('sha256', this.#key)
      .update(term, 'utf8')
      .digest()
      .readBigUInt64BE(0)
      .toString(36);
  }

  /** The token a query term is looked up by. */
  queryToken(term: string): string {
    return this.token(lookupForm(term));
  }

  /**
   * The token of one of a document's audiences (see `documentAudience`). A word holds letters
   * and digits only, so the space keeps these apart from every word's token.
   */
  audienceToken(audience: string): string {
    return this.token(`release ${audience}`);
  }

  /**
   * The tokens of a text and how often each occurs: every word stands for its indexed prefixes,
   * and each prefix is hashed once however many words and occurrences share it (hashing is most
   * of the cost of indexing). New tokens stop at `limit` distinct ones (the later words of a text
   * of codes or random strings), so that a row stays within what the database can hold.
   */
  tokenCounts(text: string, limit: number): TokenCounts {
    const words = new Map<string, number>();
    for (const word of foldedWords(text)) words.set(word, (words.get(word) ?? 0) + 1);
    // Distinct prefixes make distinct tokens, so no more than `limit` of them can be kept.
    const prefixes = new Map<string, number>();
    for (const [word, occurrences] of words)
      for (const prefix of indexedPrefixes(word)) {
        const count = prefixes.get(prefix);
        if (count !== undefined) prefixes.set(prefix, count + occurrences);
        else if (prefixes.size < limit) prefixes.set(prefix, occurrences);
      }
    const counts: TokenCounts = new Map();
    for (const [prefix, occurrences] of prefixes) {
      const token = this.token(prefix);
      counts.set(token, (counts.get(token) ?? 0) + occurrences);
    }
    return counts;
  }
}

/**
 * The tokens as a text for a full-text column: each repeated as often as it occurs, in the order
 * of the tokens themselves, so that positions in the index say nothing of the order of words.
 */
export function tokenText(counts: TokenCounts): string {
  return [...counts.keys()]
    .sort()
    .map((token) =>
      Array<string>(counts.get(token) ?? 0)
        .fill(token)
        .join(' '),
    )
    .join(' ');
}
