import {
  assessmentRank,
  statusRank,
  type ActivityView,
  type ScorecardQuery,
  type Vocabulary,
} from './scorecard.model.js';

const collator = new Intl.Collator('en', { sensitivity: 'base' });

function contains(text: string, needle: string): boolean {
  return text.toLowerCase().includes(needle.toLowerCase());
}

/**
 * The scorecard's filters and sort applied to snapshots in memory, for the view "as it stood on
 * a date". It follows the SQL of `filteredActivities` rule for rule; a test holds the two to the
 * same answers.
 */
export function filterSnapshots(
  views: ActivityView[],
  query: Omit<ScorecardQuery, 'page' | 'pageSize'>,
  vocabulary: Vocabulary,
): ActivityView[] {
  const agency = query.agency ? vocabulary.organisations.get(query.agency.toLowerCase()) : null;
  const line = query.line ? vocabulary.lines.get(query.line) : null;
  const sectionKeys = query.section
    ? new Set(
        [...vocabulary.lines.values()].filter((l) => l.section === query.section).map((l) => l.key),
      )
    : null;
  const matching = views.filter((view) => {
    if (view.year !== query.year) return false;
    if (sectionKeys && !view.lines.some((l) => sectionKeys.has(l.key))) return false;
    if (query.line && !(line && view.lines.some((l) => l.key === line.key))) return false;
    if (query.agency) {
      if (!agency) return false;
      const leads = view.lead.id === agency.id;
      const joins = view.participants.some((p) => p.id === agency.id);
      const role = query.agencyRole ?? 'any';
      if (role === 'lead' && !leads) return false;
      if (role === 'participant' && !joins) return false;
      if (role === 'any' && !leads && !joins) return false;
    }
    if (query.status && view.status !== query.status) return false;
    if (query.assessment && view.assessment !== query.assessment) return false;
    if (query.kind && view.kind !== query.kind) return false;
    if (query.tag && !view.tags.includes(query.tag.toLowerCase())) return false;
    if (query.q && !contains(view.title, query.q) && !contains(view.description, query.q))
      return false;
    return true;
  });
  const direction = query.direction === 'desc' ? -1 : 1;
  const key = (view: ActivityView): string | number => {
    switch (query.sort) {
      case 'title':
        return view.title;
      case 'lead':
        return view.lead.acronym;
      case 'status':
        return statusRank[view.status];
      case 'assessment':
        return view.assessment ? assessmentRank[view.assessment] : 3;
      case 'start':
        return view.plannedStart;
      case 'end':
        return view.plannedEnd;
      case 'updated':
        return view.updatedAt;
    }
  };
  const compare = (a: string | number, b: string | number) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
  return matching.sort(
    (a, b) =>
      direction * compare(key(a), key(b)) ||
      collator.compare(a.title, b.title) ||
      (a.id < b.id ? -1 : 1),
  );
}
