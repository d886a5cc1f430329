/**
 * When two trainings look like the same offer twice: the duplication the training matrix is kept
 * to avoid. Pure functions over what the database narrowed down (trainings whose periods overlap
 * and whose audience is the same), so the rule is tested on crafted pairs without a database.
 */

/** Words that say nothing about what a training teaches. */
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'at', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to',
  'with', 'course', 'training', 'webinar', 'seminar', 'workshop', 'module', 'online',
  'residential', 'exchange', 'programme', 'introduction', 'basic', 'advanced', 'eu', 'european',
]); // prettier-ignore

/** Lower case, accents off, split at anything that is not a letter or digit, stop words out. */
export function normalisedWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !STOP_WORDS.has(word));
}

/** The character trigrams of the words, each word padded so its start and end count. */
export function trigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const word of normalisedWords(text)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i += 1) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

/** |A ∩ B| / |A ∪ B|; two empty sets share nothing. */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** How alike two titles read, 0 to 1: trigrams forgive plurals and spelling variants. */
export function titleSimilarity(a: string, b: string): number {
  return jaccard(trigrams(a), trigrams(b));
}

/** How alike two sets of topic areas are, 0 to 1. */
export function topicSimilarity(a: readonly string[], b: readonly string[]): number {
  return jaccard(new Set(a), new Set(b));
}

/** A title this alike is the same offer under another name. */
export const TITLE_THRESHOLD = 0.45;
/** Topic areas this alike, for the same audience in the same days, are the same offer. */
export const TOPIC_THRESHOLD = 0.75;

/** What the rule compares of a training. */
export interface Comparable {
  id: string;
  title: string;
  topics: readonly string[];
  audience: string;
  startOn: string;
  endOn: string;
}

export interface Resemblance {
  /** Rounded to two decimals, as shown. */
  titleSimilarity: number;
  topicSimilarity: number;
}

/** Whether the periods share a day: both are whole days, first and last included. */
export function periodsOverlap(a: Comparable, b: Comparable): boolean {
  return a.startOn <= b.endOn && b.startOn <= a.endOn;
}

const rounded = (value: number) => Math.round(value * 100) / 100;

/**
 * How `b` resembles `a`, when it is a likely duplicate: the periods overlap, the audience is the
 * same, and the title or the topic areas are alike. Null when it is not.
 */
export function resemblance(a: Comparable, b: Comparable): Resemblance | null {
  if (a.id === b.id || a.audience !== b.audience || !periodsOverlap(a, b)) return null;
  const title = titleSimilarity(a.title, b.title);
  const topics = topicSimilarity(a.topics, b.topics);
  if (title < TITLE_THRESHOLD && topics < TOPIC_THRESHOLD) return null;
  return { titleSimilarity: rounded(title), topicSimilarity: rounded(topics) };
}

/** The candidates that resemble `training`, most alike first. */
export function likelyDuplicates<T extends Comparable>(
  training: Comparable,
  candidates: readonly T[],
): (T & Resemblance)[] {
  return candidates
    .flatMap((candidate) => {
      const found = resemblance(training, candidate);
      return found ? [{ ...candidate, ...found }] : [];
    })
    .sort(byLikeness);
}

/** Every pair of trainings that resemble each other, most alike first; each pair once. */
export function duplicatePairs<T extends Comparable>(
  trainings: readonly T[],
): { a: T; b: T; titleSimilarity: number; topicSimilarity: number }[] {
  const pairs: { a: T; b: T; titleSimilarity: number; topicSimilarity: number }[] = [];
  const ordered = [...trainings].sort(
    (x, y) => x.startOn.localeCompare(y.startOn) || x.id.localeCompare(y.id),
  );
  for (let i = 0; i < ordered.length; i += 1) {
    const a = ordered[i] as T;
    for (let j = i + 1; j < ordered.length; j += 1) {
      const b = ordered[j] as T;
      // Sorted by first day: once b starts after a ends, no later one overlaps a.
      if (b.startOn > a.endOn) break;
      const found = resemblance(a, b);
      if (found) pairs.push({ a, b, ...found });
    }
  }
  return pairs.sort(byLikeness);
}

function byLikeness(x: Resemblance, y: Resemblance): number {
  return (
    Math.max(y.titleSimilarity, y.topicSimilarity) -
      Math.max(x.titleSimilarity, x.topicSimilarity) || y.titleSimilarity - x.titleSimilarity
  );
}
