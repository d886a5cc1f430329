import type { Actor } from '../../app/access.js';
import { ValidationError } from '../../app/errors.js';
import { wordDiff, type DiffSegment } from './priorities.diff.js';
import type { VersionRef } from './priorities.drafting.js';
import type { FrameworkSummary, FrameworkView, Priorities } from './priorities.service.js';

export type LineStatus = 'unchanged' | 'changed' | 'added' | 'removed' | 'moved';
export const lineStatuses: readonly LineStatus[] = [
  'unchanged',
  'changed',
  'added',
  'removed',
  'moved',
];

export interface LinePlace {
  section: string;
  number: number;
  text: string;
}

export interface LineComparison {
  key: string;
  /**
   * added / removed: only in one version. changed: the text differs (and `moved` says whether
   * its place did too). moved: the same text, in another section or under another number.
   * unchanged: same text, same place.
   */
  status: LineStatus;
  moved: boolean;
  from: LinePlace | null;
  to: LinePlace | null;
  /** For a changed line: its words, deleted and inserted. */
  words: DiffSegment[] | null;
}

export interface SectionComparison {
  number: string;
  /** The section's title in the later version, or in the earlier one if it is gone. */
  title: string;
  previousTitle: string | null;
  objectiveChanged: boolean;
  lines: LineComparison[];
}

export interface Comparison {
  from: FrameworkSummary;
  to: FrameworkSummary;
  counts: Record<LineStatus, number>;
  sections: SectionComparison[];
}

/** "2017/1" as a version of the priorities. */
export function parseVersionRef(text: string): VersionRef | null {
  const match = /^(\d{4})\/(\d{1,5})$/.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const version = Number(match[2]);
  return year >= 2006 && year <= 2100 && version >= 1 ? { year, version } : null;
}

function summaryOf(framework: FrameworkView): FrameworkSummary {
  return {
    id: framework.id,
    year: framework.year,
    version: framework.version,
    status: framework.status,
    title: framework.title,
    chairAcronym: framework.chairAcronym,
    chairAcronymNow: framework.chairAcronymNow,
    agreedOn: framework.agreedOn,
    agreedAt: framework.agreedAt,
    consultationDeadline: framework.consultationDeadline,
    basedOn: framework.basedOn,
    rowVersion: framework.rowVersion,
  };
}

function placesOf(framework: FrameworkView): Map<string, LinePlace> {
  const places = new Map<string, LinePlace>();
  for (const section of framework.sections) {
    for (const line of section.lines) {
      places.set(line.key, { section: section.number, number: line.number, text: line.text });
    }
  }
  return places;
}

/** Compares two versions line by line, matching lines by their key. */
export function compareFrameworks(from: FrameworkView, to: FrameworkView): Comparison {
  const before = placesOf(from);
  const after = placesOf(to);
  const counts: Record<LineStatus, number> = {
    unchanged: 0,
    changed: 0,
    added: 0,
    removed: 0,
    moved: 0,
  };
  const entries: LineComparison[] = [];
  for (const [key, place] of after) {
    const old = before.get(key) ?? null;
    const moved = old !== null && (old.section !== place.section || old.number !== place.number);
    const status: LineStatus =
      old === null ? 'added' : old.text !== place.text ? 'changed' : moved ? 'moved' : 'unchanged';
    entries.push({
      key,
      status,
      moved,
      from: old,
      to: place,
      words: status === 'changed' && old ? wordDiff(old.text, place.text) : null,
    });
  }
  for (const [key, place] of before) {
    if (!after.has(key)) {
      entries.push({ key, status: 'removed', moved: false, from: place, to: null, words: null });
    }
  }
  for (const entry of entries) counts[entry.status] += 1;

  const sectionNumbers = [
    ...to.sections.map((s) => s.number),
    ...from.sections.map((s) => s.number).filter((n) => !to.sections.some((s) => s.number === n)),
  ];
  const sections = sectionNumbers.map((number): SectionComparison => {
    const later = to.sections.find((s) => s.number === number);
    const earlier = from.sections.find((s) => s.number === number);
    const title = later?.title ?? earlier?.title ?? number;
    // A removed line is shown just before the line that now holds its old number.
    const rank = (e: LineComparison) => (e.to ? e.to.number : (e.from?.number ?? 0) - 0.5);
    return {
      number,
      title,
      previousTitle: earlier && later && earlier.title !== later.title ? earlier.title : null,
      objectiveChanged: Boolean(earlier && later && earlier.objective !== later.objective),
      lines: entries
        .filter((e) => (e.to ? e.to.section === number : e.from?.section === number))
        .sort((a, b) => rank(a) - rank(b)),
    };
  });
  return { from: summaryOf(from), to: summaryOf(to), counts, sections };
}

/** Two versions the actor may read, compared; one the actor may not read is not found. */
export class PriorityComparison {
  constructor(private readonly priorities: Priorities) {}

  async compare(actor: Actor, from: string, to: string): Promise<Comparison> {
    const fromRef = parseVersionRef(from);
    const toRef = parseVersionRef(to);
    const errors = [
      ...(fromRef
        ? []
        : [{ field: 'from', message: 'Name a version as year/version, such as 2017/1.' }]),
      ...(toRef
        ? []
        : [{ field: 'to', message: 'Name a version as year/version, such as 2018/1.' }]),
    ];
    if (!fromRef || !toRef) throw new ValidationError(errors);
    const [earlier, later] = await Promise.all([
      this.priorities.get(actor, fromRef.year, fromRef.version),
      this.priorities.get(actor, toRef.year, toRef.version),
    ]);
    return compareFrameworks(earlier, later);
  }
}
