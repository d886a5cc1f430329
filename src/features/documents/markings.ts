import { euciCeilingNames, type ClassificationName, type Tlp } from '../../db/schema.js';

/**
 * The markings a document carries and the rules that combine them. Pure: no database, so that
 * the rules are read and tested in one place.
 *
 * Classification levels follow Council Decision 2013/488/EU and are ranked 0 (not classified)
 * to 4; LIMITE is a distribution marking and "sensitive" a handling marking, neither a
 * classification; TLP 2.0 labels are never translated.
 */

export const NOT_CLASSIFIED = 0;
export const RESTREINT_UE = 1;
export const TOP_LEVEL = 4;

const classificationLabels = [
  '',
  'RESTREINT UE/EU RESTRICTED',
  'CONFIDENTIEL UE/EU CONFIDENTIAL',
  'SECRET UE/EU SECRET',
  'TRES SECRET UE/EU TOP SECRET',
] as const;

export function classificationLabel(level: number): string {
  return classificationLabels[level] ?? '';
}

export function classificationName(level: number): ClassificationName {
  const name = euciCeilingNames[level];
  if (name === undefined) throw new Error(`no classification level ${String(level)}`);
  return name;
}

export function classificationLevel(name: ClassificationName): number {
  return euciCeilingNames.indexOf(name);
}

/** From least to most restrictive. */
export const tlpOrder: readonly Tlp[] = ['clear', 'green', 'amber', 'amber_strict', 'red'];

const tlpLabels: Record<Tlp, string> = {
  clear: 'TLP:CLEAR',
  green: 'TLP:GREEN',
  amber: 'TLP:AMBER',
  amber_strict: 'TLP:AMBER+STRICT',
  red: 'TLP:RED',
};

export function tlpLabel(tlp: Tlp): string {
  return tlpLabels[tlp];
}

/** An unlabelled document ranks below TLP:CLEAR: a label can only add restrictions. */
function tlpRank(tlp: Tlp | null): number {
  return tlp === null ? -1 : tlpOrder.indexOf(tlp);
}

/** Who may receive a document: every member agency, or exactly these organisations. */
export type Audience =
  | { readonly kind: 'network' }
  | { readonly kind: 'organisations'; readonly ids: ReadonlySet<string> };

export interface Marking {
  readonly level: number;
  readonly limite: boolean;
  readonly sensitive: boolean;
  readonly tlp: Tlp | null;
  readonly audience: Audience;
}

export const unmarked: Marking = {
  level: NOT_CLASSIFIED,
  limite: false,
  sensitive: false,
  tlp: null,
  audience: { kind: 'network' },
};

function intersect(a: Audience, b: Audience): Audience {
  if (a.kind === 'network') return b;
  if (b.kind === 'network') return a;
  return { kind: 'organisations', ids: new Set([...a.ids].filter((id) => b.ids.has(id))) };
}

/**
 * The marking of anything derived from several documents (an export, a list, a search result):
 * the most restrictive of each part, and released only to those every input is released to.
 * Derived from nothing, it is unmarked.
 */
export function combineMarkings(markings: readonly Marking[]): Marking {
  return markings.reduce<Marking>(
    (combined, m) => ({
      level: Math.max(combined.level, m.level),
      limite: combined.limite || m.limite,
      sensitive: combined.sensitive || m.sensitive,
      tlp: tlpRank(m.tlp) > tlpRank(combined.tlp) ? m.tlp : combined.tlp,
      audience: intersect(combined.audience, m.audience),
    }),
    unmarked,
  );
}

function audienceWithin(narrow: Audience, wide: Audience): boolean {
  if (wide.kind === 'network') return true;
  if (narrow.kind === 'network') return false;
  return [...narrow.ids].every((id) => wide.ids.has(id));
}

/** Whether `a` restricts at least as much as `b` in every respect. */
export function isAtLeastAsRestrictive(a: Marking, b: Marking): boolean {
  return (
    a.level >= b.level &&
    (a.limite || !b.limite) &&
    (a.sensitive || !b.sensitive) &&
    tlpRank(a.tlp) >= tlpRank(b.tlp) &&
    audienceWithin(a.audience, b.audience)
  );
}

/** Whether anything in `after` is less restrictive than in `before`: a downgrade. */
export function lowersAnything(before: Marking, after: Marking): boolean {
  return !isAtLeastAsRestrictive(after, before);
}

/**
 * The marking as one line for banners and file headers, such as
 * "RESTREINT UE/EU RESTRICTED · LIMITE · TLP:AMBER · Releasable to Europol, Frontex".
 * `names` turns organisation ids into acronyms.
 */
export function markingLine(marking: Marking, names: (id: string) => string): string {
  const parts: string[] = [];
  if (marking.level > NOT_CLASSIFIED) parts.push(classificationLabel(marking.level));
  if (marking.limite) parts.push('LIMITE');
  if (marking.sensitive) parts.push('SENSITIVE NON-CLASSIFIED');
  if (marking.tlp) parts.push(tlpLabel(marking.tlp));
  if (marking.audience.kind === 'organisations') {
    const acronyms = [...marking.audience.ids].map(names).sort((x, y) => x.localeCompare(y));
    parts.push(
      acronyms.length === 0 ? 'Releasable to no one' : `Releasable to ${acronyms.join(', ')}`,
    );
  }
  return parts.length === 0 ? 'No marking' : parts.join(' · ');
}
