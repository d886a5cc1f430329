import { en } from './legal.content.en.js';

/**
 * The legal pages' text lives in one typed module per language instead of the message catalogue.
 * These are long, structured documents (headings, lists, links) that lawyers review and
 * translators translate as a whole; flat catalogue keys would cut them into dozens of fragments
 * with the structure hidden in the page code. The type makes every language supply every
 * section, and the facts the platform knows (who chairs the network, session timeouts) are
 * passed in, so no translation can state them wrongly.
 */

/** A run of text, or a link. */
export type Inline = string | { readonly text: string; readonly href: string };

/** A paragraph (text, or text with links), or a bulleted list of such items. */
export type Block =
  | string
  | { readonly paragraph: readonly Inline[] }
  | { readonly list: readonly (string | readonly Inline[])[] };

export interface LegalSection {
  readonly heading: string;
  readonly blocks: readonly Block[];
}

export interface LegalDocument {
  /** When the text was last reviewed, as an ISO calendar date. */
  readonly lastReviewed: string;
  readonly introduction: readonly Block[];
  readonly sections: readonly LegalSection[];
}

/** The agency that chairs the network in the current year, when the registry records one. */
export interface ChairFacts {
  readonly year: number;
  readonly chair: {
    readonly name: string;
    readonly acronym: string;
    readonly website: string | null;
  } | null;
}

/** What the platform knows that the texts must state exactly. */
export interface LegalFacts extends ChairFacts {
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  readonly signInWindowMinutes: number;
  readonly signInRetentionHours: number;
  readonly lockoutThreshold: number;
  /** The member agencies, by current acronym. */
  readonly agencies: readonly string[];
}

export interface LegalContent {
  privacy(facts: LegalFacts): LegalDocument;
  accessibility(facts: LegalFacts): LegalDocument;
  notice(facts: LegalFacts): LegalDocument;
}

const contents: Readonly<Record<string, LegalContent>> = { en };

/** The texts in the reader's language, or in English, which is complete. */
export function legalContent(locale: string): LegalContent {
  return contents[locale] ?? en;
}
