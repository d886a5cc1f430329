import {
  activityStatuses,
  assessments,
  type ActivityStatus,
  type Assessment,
} from '../../db/schema.js';
import type { ActivityView, OrganisationRef } from './scorecard.model.js';

/**
 * The scorecard's summaries: per agency, coverage of the priorities, timeline and dashboard
 * figures. Pure functions over activities the caller has already filtered for visibility, so
 * every figure counts only what a single read would show.
 */

/** An activity with no assessment yet is counted apart from red, amber and green. */
export type AssessmentBucket = Assessment | 'none';
export const assessmentBuckets: readonly AssessmentBucket[] = [...assessments, 'none'];

/** A section of the year's agreed priorities with its lines of action. */
export interface SectionOutline {
  number: string;
  title: string;
  lines: { key: string; number: number; text: string }[];
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

function bucketOf(activity: Pick<ActivityView, 'assessment'>): AssessmentBucket {
  return activity.assessment ?? 'none';
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

export interface AgencyFigures {
  agency: Pick<OrganisationRef, 'id' | 'acronym' | 'name'>;
  /** Activities the agency leads. */
  leads: number;
  /** Activities the agency joins as a participant. */
  joins: number;
  /** Activities it leads or joins, by status and by assessment. */
  byStatus: Record<ActivityStatus, number>;
  byAssessment: Record<AssessmentBucket, number>;
}

/** Each agency with what it leads and joins, including agencies with nothing at all. */
export function agencyFigures(
  activities: readonly ActivityView[],
  agencies: readonly Pick<OrganisationRef, 'id' | 'acronym' | 'name'>[],
): AgencyFigures[] {
  const figures = new Map(
    agencies.map((agency) => [
      agency.id,
      {
        agency,
        leads: 0,
        joins: 0,
        byStatus: zeroes(activityStatuses),
        byAssessment: zeroes(assessmentBuckets),
      },
    ]),
  );
  for (const activity of activities) {
    const involved = new Set<string>();
    const lead = figures.get(activity.lead.id);
    if (lead) {
      lead.leads += 1;
      involved.add(activity.lead.id);
    }
    for (const participant of activity.participants) {
      const joined = figures.get(participant.id);
      if (joined) {
        joined.joins += 1;
        involved.add(participant.id);
      }
    }
    for (const id of involved) {
      const agency = figures.get(id);
      if (!agency) continue;
      agency.byStatus[activity.status] += 1;
      agency.byAssessment[bucketOf(activity)] += 1;
    }
  }
  return [...figures.values()].sort((a, b) => collator.compare(a.agency.acronym, b.agency.acronym));
}

export interface LineCoverage {
  key: string;
  /** Section and line number, such as 1.1.3: what the scorecard's line filter takes. */
  code: string;
  text: string;
  activities: number;
}

export interface SectionCoverage {
  number: string;
  title: string;
  lines: LineCoverage[];
  /** Lines served by at least one activity. */
  covered: number;
}

export interface Coverage {
  sections: SectionCoverage[];
  covered: number;
  lines: number;
}

/**
 * For each line of action, how many activities serve it. A line no activity serves is a gap.
 * Activities are matched by line key, which stays the same across versions of the priorities.
 */
export function coverage(
  activities: readonly Pick<ActivityView, 'lines'>[],
  sections: readonly SectionOutline[],
): Coverage {
  const counts = new Map<string, number>();
  for (const activity of activities) {
    for (const key of new Set(activity.lines.map((line) => line.key))) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const result = sections.map((section) => {
    const lines = section.lines.map((line) => ({
      key: line.key,
      code: `${section.number}.${String(line.number)}`,
      text: line.text,
      activities: counts.get(line.key) ?? 0,
    }));
    return {
      number: section.number,
      title: section.title,
      lines,
      covered: lines.filter((line) => line.activities > 0).length,
    };
  });
  return {
    sections: result,
    covered: result.reduce((sum, section) => sum + section.covered, 0),
    lines: result.reduce((sum, section) => sum + section.lines.length, 0),
  };
}

/** A share as a whole percentage; nothing to cover counts as nothing covered. */
export function percentage(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}

export interface SectionStatus {
  number: string;
  title: string;
  byStatus: Record<ActivityStatus, number>;
}

/** Activities by status in each section; an activity serving two sections counts in both. */
export function statusBySection(
  activities: readonly Pick<ActivityView, 'lines' | 'status'>[],
  sections: readonly SectionOutline[],
): SectionStatus[] {
  const sectionOfLine = new Map<string, string>();
  for (const section of sections)
    for (const line of section.lines) sectionOfLine.set(line.key, section.number);
  const rows = new Map(
    sections.map((section) => [
      section.number,
      { number: section.number, title: section.title, byStatus: zeroes(activityStatuses) },
    ]),
  );
  for (const activity of activities) {
    const served = new Set(activity.lines.flatMap((line) => sectionOfLine.get(line.key) ?? []));
    for (const number of served) {
      const row = rows.get(number);
      if (row) row.byStatus[activity.status] += 1;
    }
  }
  return [...rows.values()];
}

/** Calendar arithmetic on YYYY-MM-DD days, in UTC so that no time zone moves a day. */
function dayNumber(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

const DAY_MS = 24 * 60 * 60 * 1000;

function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/**
 * The last day of each month of the year, up to `until`: a month still running is read as it
 * stands on `until`, and months after it are left out.
 */
export function monthEnds(year: number, until: string): string[] {
  const days: string[] = [];
  for (let month = 1; month <= 12; month += 1) {
    const first = `${String(year)}-${String(month).padStart(2, '0')}-01`;
    if (first > until) break;
    const last = lastDayOfMonth(year, month);
    days.push(last <= until ? last : until);
  }
  return days;
}

export interface Revision {
  activityId: string;
  version: number;
  effectiveOn: string;
  snapshot: ActivityView;
}

/**
 * Each activity as it stood at the end of `day`: its latest revision in effect by then. An
 * observer sees a snapshot only if it was released to observers at that version.
 */
export function snapshotsOn(
  revisionsByActivity: ReadonlyMap<string, readonly Revision[]>,
  day: string,
  onlyReleased: boolean,
): ActivityView[] {
  const views: ActivityView[] = [];
  for (const revisions of revisionsByActivity.values()) {
    let latest: Revision | undefined;
    for (const revision of revisions) {
      if (revision.effectiveOn <= day && (!latest || revision.version > latest.version))
        latest = revision;
    }
    if (latest && (!onlyReleased || latest.snapshot.releasedToObservers))
      views.push(latest.snapshot);
  }
  return views;
}

export function groupRevisions(revisions: readonly Revision[]): Map<string, Revision[]> {
  const grouped = new Map<string, Revision[]>();
  for (const revision of revisions) {
    const list = grouped.get(revision.activityId);
    if (list) list.push(revision);
    else grouped.set(revision.activityId, [revision]);
  }
  return grouped;
}

export interface AssessmentOnDay {
  day: string;
  counts: Record<AssessmentBucket, number>;
}

/**
 * How many activities were assessed red, amber or green (or not yet) at the end of each day,
 * from the revisions: `select` applies the scorecard's filters to each day's snapshots.
 */
export function assessmentOverTime(
  revisions: readonly Revision[],
  days: readonly string[],
  onlyReleased: boolean,
  select: (views: ActivityView[]) => ActivityView[],
): AssessmentOnDay[] {
  const grouped = groupRevisions(revisions);
  return days.map((day) => {
    const counts = zeroes(assessmentBuckets);
    for (const view of select(snapshotsOn(grouped, day, onlyReleased))) counts[bucketOf(view)] += 1;
    return { day, counts };
  });
}

export const timelineGroupings = ['section', 'lead'] as const;
export type TimelineGrouping = (typeof timelineGroupings)[number];

/** The key of the group an activity falls in when its section is not in the agreed priorities. */
export const UNLINKED = '?';

export interface TimelineGroup {
  /** A section number, or a lead agency's acronym. */
  key: string;
  activities: ActivityView[];
}

/**
 * Activities grouped for the timeline, each group ordered by planned start. By section, an
 * activity is shown once, under the section of its first line of action, so that the bars add
 * up to the activities.
 */
export function timelineGroups(
  activities: readonly ActivityView[],
  grouping: TimelineGrouping,
  sections: readonly SectionOutline[],
): TimelineGroup[] {
  const sectionOfLine = new Map<string, string>();
  for (const section of sections)
    for (const line of section.lines) sectionOfLine.set(line.key, section.number);
  const keyOf = (activity: ActivityView) =>
    grouping === 'lead'
      ? activity.lead.acronym
      : (sectionOfLine.get(activity.lines[0]?.key ?? '') ?? UNLINKED);
  const groups = new Map<string, ActivityView[]>();
  for (const activity of activities) {
    const key = keyOf(activity);
    groups.set(key, [...(groups.get(key) ?? []), activity]);
  }
  const order = (key: string) => (key === UNLINKED ? '\uffff' : key);
  return [...groups.entries()]
    .sort(([a], [b]) => collator.compare(order(a), order(b)))
    .map(([key, members]) => ({
      key,
      activities: members.sort(
        (a, b) =>
          a.plannedStart.localeCompare(b.plannedStart) ||
          a.plannedEnd.localeCompare(b.plannedEnd) ||
          collator.compare(a.title, b.title),
      ),
    }));
}

/** The first `cap` activities of the groups in order, dropping groups left empty. */
export function capGroups(
  groups: readonly TimelineGroup[],
  cap: number,
): { groups: TimelineGroup[]; shown: number; total: number } {
  let room = cap;
  const kept: TimelineGroup[] = [];
  for (const group of groups) {
    if (room <= 0) break;
    const activities = group.activities.slice(0, room);
    room -= activities.length;
    kept.push({ key: group.key, activities });
  }
  const total = groups.reduce((sum, group) => sum + group.activities.length, 0);
  return { groups: kept, shown: Math.min(cap, total), total };
}

/**
 * Where a day falls in the year, from 0 (the start of 1 January) to 1 (the end of 31 December).
 * `edge: 'end'` reads the end of the day, so a one-day activity has a width. Days outside the
 * year are held at its edges.
 */
export function yearPosition(day: string, year: number, edge: 'start' | 'end'): number {
  const start = Date.UTC(year, 0, 1);
  const length = Date.UTC(year + 1, 0, 1) - start;
  const at = dayNumber(day) + (edge === 'end' ? DAY_MS : 0);
  return Math.min(1, Math.max(0, (at - start) / length));
}

/** The start of each month of the year as a position in it, for the timeline's axis. */
export function monthStarts(year: number): number[] {
  return Array.from({ length: 12 }, (_, month) =>
    yearPosition(`${String(year)}-${String(month + 1).padStart(2, '0')}-01`, year, 'start'),
  );
}
