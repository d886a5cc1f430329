import { isCalendarDate } from '../../app/dates.js';
import type { NameHistory } from '../network/names-on-date.js';
import type { FieldError } from '../../app/errors.js';
import {
  activityKinds,
  activityStatuses,
  assessments,
  type ActivityKind,
  type ActivityStatus,
  type Assessment,
} from '../../db/schema.js';

/** Limits of an activity's fields, shared by the API schema, the form and the importer. */
export const limits = {
  title: 200,
  description: 5000,
  reason: 2000,
  lines: 8,
  organisations: 30,
  tags: 10,
  indicators: 10,
  deliverables: 20,
  indicatorName: 200,
  unit: 40,
  deliverableTitle: 300,
  url: 2000,
  updateText: 5000,
} as const;

export const TAG_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

export interface IndicatorInput {
  name: string;
  unit: string;
  target: number | null;
  value: number | null;
}

export interface DeliverableInput {
  title: string;
  url: string | null;
  date: string | null;
}

/**
 * An activity as people write it: agencies and bodies by acronym, priority lines by their code
 * ("1.1.3": section 1.1, line 3). The API, the form, the spreadsheet and the demo data all
 * arrive in this shape and pass the same checks.
 */
export interface ActivityInput {
  year: number;
  title: string;
  description: string;
  lines: string[];
  lead: string;
  participants: string[];
  partners: string[];
  kind: string;
  tags: string[];
  plannedStart: string;
  plannedEnd: string;
  status: string;
  assessment: string | null;
  assessmentReason: string;
  releasedToObservers: boolean;
  indicators: IndicatorInput[];
  deliverables: DeliverableInput[];
}

export interface OrganisationRef {
  id: string;
  acronym: string;
  name: string;
  kind: 'agency' | 'body';
  /** On an activity: the acronym of its planned start, when the organisation was named otherwise. */
  acronymOnDate?: string;
}

export interface LineRef {
  key: string;
  code: string;
  section: string;
  sectionTitle?: string;
  text: string;
}

/** The agencies and bodies, read once for a request: what activities name and show. */
export interface Registry {
  /** By lower-case acronym, current and former. */
  organisations: Map<string, OrganisationRef>;
  /** By id, under today's acronym. */
  organisationsById: Map<string, OrganisationRef>;
  names: NameHistory;
}

/** What an activity's references are checked against: the registry and the year's priorities. */
export interface Vocabulary extends Registry {
  year: number;
  /** By code, from the latest agreed priorities of the year. */
  lines: Map<string, LineRef>;
  /** By line key, as the latest agreed version of the year or an earlier one words it. */
  linesByKey: Map<string, LineRef>;
}

/** An input whose references are resolved: ready to store. */
export interface ResolvedActivity {
  year: number;
  title: string;
  description: string;
  lines: LineRef[];
  lead: OrganisationRef;
  participants: OrganisationRef[];
  partners: OrganisationRef[];
  kind: ActivityKind;
  tags: string[];
  plannedStart: string;
  plannedEnd: string;
  status: ActivityStatus;
  assessment: Assessment | null;
  assessmentReason: string;
  releasedToObservers: boolean;
  indicators: IndicatorInput[];
  deliverables: DeliverableInput[];
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function distinct(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
}

/**
 * Checks an activity and resolves its references. Answers every problem at once, each with the
 * field it concerns, so a form or a spreadsheet row can show them all.
 */
export function resolveActivity(
  input: ActivityInput,
  vocabulary: Vocabulary,
): { activity: ResolvedActivity; errors: [] } | { activity: null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  const title = input.title.trim();
  if (title === '') fail('title', 'Enter a title.');
  else if (title.length > limits.title)
    fail('title', `Use at most ${String(limits.title)} characters.`);
  if (input.description.length > limits.description)
    fail('description', `Use at most ${String(limits.description)} characters.`);

  const lineCodes = distinct(input.lines);
  const lines: LineRef[] = [];
  if (vocabulary.lines.size === 0) {
    fail('lines', `There are no agreed priorities for ${String(input.year)} to link to.`);
  } else if (lineCodes.length === 0) {
    fail('lines', 'Choose at least one line of action the activity serves.');
  } else if (lineCodes.length > limits.lines) {
    fail('lines', `Choose at most ${String(limits.lines)} lines of action.`);
  } else {
    for (const code of lineCodes) {
      const line = vocabulary.lines.get(code);
      if (line) lines.push(line);
      else
        fail(
          'lines',
          `${code} is not a line of action of the ${String(input.year)} priorities (write it like 1.1.3).`,
        );
    }
  }

  const organisation = (acronym: string) => vocabulary.organisations.get(acronym.toLowerCase());
  const lead = organisation(input.lead.trim());
  if (input.lead.trim() === '') fail('lead', 'Choose the lead agency.');
  else if (lead?.kind !== 'agency') fail('lead', `${input.lead} is not a member agency.`);

  const participants: OrganisationRef[] = [];
  for (const acronym of distinct(input.participants)) {
    const found = organisation(acronym);
    if (found?.kind !== 'agency') fail('participants', `${acronym} is not a member agency.`);
    else if (found.id === lead?.id)
      fail('participants', `${found.acronym} leads the activity: it is not also a participant.`);
    else if (!participants.some((p) => p.id === found.id)) participants.push(found);
  }
  const partners: OrganisationRef[] = [];
  for (const acronym of distinct(input.partners)) {
    const found = organisation(acronym);
    if (found?.kind !== 'body')
      fail('partners', `${acronym} is not a partner body in the registry.`);
    else if (!partners.some((p) => p.id === found.id)) partners.push(found);
  }
  if (participants.length + partners.length > limits.organisations)
    fail('participants', `Name at most ${String(limits.organisations)} agencies and bodies.`);

  const kind = input.kind.trim();
  if (!isOneOf(activityKinds, kind)) fail('kind', 'Choose the kind of activity.');

  const tags = distinct(input.tags).map((t) => t.toLowerCase());
  if (tags.length > limits.tags) fail('tags', `Use at most ${String(limits.tags)} tags.`);
  for (const tag of tags) {
    if (!TAG_PATTERN.test(tag))
      fail('tags', `"${tag}" is not a tag: use lower-case letters, digits and hyphens.`);
  }

  const { plannedStart, plannedEnd } = input;
  if (!isCalendarDate(plannedStart)) fail('plannedStart', 'Enter the start as YYYY-MM-DD.');
  if (!isCalendarDate(plannedEnd)) fail('plannedEnd', 'Enter the end as YYYY-MM-DD.');
  else if (isCalendarDate(plannedStart) && plannedEnd < plannedStart)
    fail('plannedEnd', 'The end is before the start.');

  const status = input.status.trim();
  if (!isOneOf(activityStatuses, status)) fail('status', 'Choose a status.');
  const assessment = input.assessment?.trim() || null;
  if (assessment !== null && !isOneOf(assessments, assessment))
    fail('assessment', 'Choose green, amber or red, or leave the assessment empty.');
  const assessmentReason = input.assessmentReason.trim();
  if (assessmentReason.length > limits.reason)
    fail('assessmentReason', `Use at most ${String(limits.reason)} characters.`);
  if ((assessment === 'amber' || assessment === 'red') && assessmentReason === '')
    fail('assessmentReason', 'Say why the activity is assessed amber or red.');

  errors.push(...checkIndicators(input.indicators), ...checkDeliverables(input.deliverables));

  if (
    errors.length > 0 ||
    !lead ||
    !isOneOf(activityKinds, kind) ||
    !isOneOf(activityStatuses, status)
  ) {
    return { activity: null, errors };
  }
  return {
    activity: {
      year: input.year,
      title,
      description: input.description.trim(),
      lines,
      lead,
      participants,
      partners,
      kind,
      tags,
      plannedStart,
      plannedEnd,
      status,
      assessment: assessment as Assessment | null,
      assessmentReason,
      releasedToObservers: input.releasedToObservers,
      indicators: input.indicators.map((i) => ({ ...i, name: i.name.trim(), unit: i.unit.trim() })),
      deliverables: input.deliverables.map((d) => ({
        title: d.title.trim(),
        url: d.url?.trim() || null,
        date: d.date?.trim() || null,
      })),
    },
    errors: [],
  };
}

function checkIndicators(indicators: IndicatorInput[]): FieldError[] {
  const errors: FieldError[] = [];
  if (indicators.length > limits.indicators)
    errors.push({
      field: 'indicators',
      message: `Use at most ${String(limits.indicators)} indicators.`,
    });
  const names = new Set<string>();
  indicators.forEach((indicator, index) => {
    const field = (name: string) => `indicators[${String(index)}].${name}`;
    const name = indicator.name.trim();
    if (name === '') errors.push({ field: field('name'), message: 'Name the indicator.' });
    else if (name.length > limits.indicatorName)
      errors.push({
        field: field('name'),
        message: `Use at most ${String(limits.indicatorName)} characters.`,
      });
    else if (names.has(name.toLowerCase()))
      errors.push({ field: field('name'), message: `Another indicator is named "${name}".` });
    names.add(name.toLowerCase());
    if (indicator.unit.length > limits.unit)
      errors.push({
        field: field('unit'),
        message: `Use at most ${String(limits.unit)} characters.`,
      });
    for (const key of ['target', 'value'] as const) {
      const value = indicator[key];
      if (value !== null && !Number.isFinite(value))
        errors.push({ field: field(key), message: 'Enter a number.' });
    }
  });
  return errors;
}

function checkDeliverables(deliverables: DeliverableInput[]): FieldError[] {
  const errors: FieldError[] = [];
  if (deliverables.length > limits.deliverables)
    errors.push({
      field: 'deliverables',
      message: `Use at most ${String(limits.deliverables)} deliverables.`,
    });
  deliverables.forEach((deliverable, index) => {
    const field = (name: string) => `deliverables[${String(index)}].${name}`;
    const title = deliverable.title.trim();
    if (title === '') errors.push({ field: field('title'), message: 'Name the deliverable.' });
    else if (title.length > limits.deliverableTitle)
      errors.push({
        field: field('title'),
        message: `Use at most ${String(limits.deliverableTitle)} characters.`,
      });
    const url = deliverable.url?.trim();
    if (url && (url.length > limits.url || !isWebAddress(url)))
      errors.push({ field: field('url'), message: 'Enter a web address starting https://.' });
    const date = deliverable.date?.trim();
    if (date && !isCalendarDate(date))
      errors.push({ field: field('date'), message: 'Enter the date as YYYY-MM-DD.' });
  });
  return errors;
}

/** A progress update as posted: the date, what happened, and any change it brings. */
export interface ProgressInput {
  postedOn: string;
  text: string;
  status?: string | undefined;
  assessment?: string | undefined;
  assessmentReason?: string | undefined;
  indicators?: Record<string, number> | undefined;
}

export interface ProgressChanges {
  status?: { before: ActivityStatus; after: ActivityStatus };
  assessment?: { before: Assessment | null; after: Assessment };
  assessmentReason?: { before: string; after: string };
  indicators?: Record<string, { before: number | null; after: number }>;
}

/**
 * Checks a progress update against the activity it updates and works out what it changes.
 * An update may not be dated before the activity's last recorded change, so the history reads
 * in date order and "as it stood on" a date is well defined.
 */
export function checkProgress(
  input: ProgressInput,
  current: {
    status: ActivityStatus;
    assessment: Assessment | null;
    assessmentReason: string;
    indicators: { name: string; value: number | null }[];
  },
  bounds: { notBefore: string; today: string },
): { changes: ProgressChanges; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const changes: ProgressChanges = {};
  if (!isCalendarDate(input.postedOn))
    errors.push({ field: 'postedOn', message: 'Enter the date as YYYY-MM-DD.' });
  else if (input.postedOn > bounds.today)
    errors.push({ field: 'postedOn', message: 'The date is in the future.' });
  else if (input.postedOn < bounds.notBefore)
    errors.push({
      field: 'postedOn',
      message: `The activity was last changed on ${bounds.notBefore}: date the update on or after it.`,
    });
  const text = input.text.trim();
  if (text === '') errors.push({ field: 'text', message: 'Say what happened.' });
  else if (text.length > limits.updateText)
    errors.push({ field: 'text', message: `Use at most ${String(limits.updateText)} characters.` });

  const status = input.status?.trim();
  if (status) {
    if (!isOneOf(activityStatuses, status))
      errors.push({ field: 'status', message: 'Choose a status.' });
    else if (status !== current.status) changes.status = { before: current.status, after: status };
  }
  const assessment = input.assessment?.trim();
  const reason = input.assessmentReason?.trim() ?? '';
  if (reason.length > limits.reason)
    errors.push({
      field: 'assessmentReason',
      message: `Use at most ${String(limits.reason)} characters.`,
    });
  if (assessment) {
    if (!isOneOf(assessments, assessment))
      errors.push({ field: 'assessment', message: 'Choose green, amber or red.' });
    else {
      if (assessment !== current.assessment)
        changes.assessment = { before: current.assessment, after: assessment };
      if (assessment !== 'green' && reason === '' && changes.assessment)
        errors.push({
          field: 'assessmentReason',
          message: 'Say why the activity is now assessed amber or red.',
        });
    }
  }
  if (reason !== '' && reason !== current.assessmentReason)
    changes.assessmentReason = { before: current.assessmentReason, after: reason };

  for (const [name, value] of Object.entries(input.indicators ?? {})) {
    const indicator = current.indicators.find((i) => i.name === name);
    if (!indicator)
      errors.push({ field: 'indicators', message: `The activity has no indicator "${name}".` });
    else if (!Number.isFinite(value))
      errors.push({ field: 'indicators', message: `Enter a number for "${name}".` });
    else if (value !== indicator.value)
      (changes.indicators ??= {})[name] = { before: indicator.value, after: value };
  }
  return { changes, errors };
}

/** An activity as the API and the pages show it. Also the snapshot kept at each version. */
export interface ActivityView {
  id: string;
  year: number;
  title: string;
  description: string;
  lines: LineRef[];
  lead: OrganisationRef;
  participants: OrganisationRef[];
  partners: OrganisationRef[];
  kind: ActivityKind;
  tags: string[];
  plannedStart: string;
  plannedEnd: string;
  status: ActivityStatus;
  assessment: Assessment | null;
  assessmentReason: string;
  releasedToObservers: boolean;
  indicators: IndicatorInput[];
  deliverables: DeliverableInput[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const scorecardSortKeys = [
  'title',
  'lead',
  'status',
  'assessment',
  'start',
  'end',
  'updated',
] as const;
export type ScorecardSortKey = (typeof scorecardSortKeys)[number];

export const agencyRoles = ['any', 'lead', 'participant'] as const;
export type AgencyRole = (typeof agencyRoles)[number];

/** The scorecard's filters. Empty ones are left out. */
export interface ScorecardFilters {
  year: number;
  section?: string | undefined;
  line?: string | undefined;
  agency?: string | undefined;
  agencyRole?: AgencyRole | undefined;
  status?: ActivityStatus | undefined;
  assessment?: Assessment | undefined;
  kind?: ActivityKind | undefined;
  tag?: string | undefined;
  q?: string | undefined;
  /** The scorecard as it stood at the end of this day (YYYY-MM-DD). */
  asOf?: string | undefined;
}

export interface ScorecardQuery extends ScorecardFilters {
  sort: ScorecardSortKey;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** Orders in which statuses and assessments sort: the order people read them in. */
export const statusRank: Record<ActivityStatus, number> = {
  planned: 0,
  ongoing: 1,
  completed: 2,
  postponed: 3,
  cancelled: 4,
};
export const assessmentRank: Record<Assessment, number> = { red: 0, amber: 1, green: 2 };

/** An activity written back as input: what a form starts from and a partial change lands on. */
export function toInput(view: ActivityView): ActivityInput {
  return {
    year: view.year,
    title: view.title,
    description: view.description,
    lines: view.lines.map((l) => l.code),
    lead: view.lead.acronym,
    participants: view.participants.map((o) => o.acronym),
    partners: view.partners.map((o) => o.acronym),
    kind: view.kind,
    tags: [...view.tags],
    plannedStart: view.plannedStart,
    plannedEnd: view.plannedEnd,
    status: view.status,
    assessment: view.assessment,
    assessmentReason: view.assessmentReason,
    releasedToObservers: view.releasedToObservers,
    indicators: view.indicators.map((i) => ({ ...i })),
    deliverables: view.deliverables.map((d) => ({ ...d })),
  };
}

/** JSON with object keys in sorted order: equal values give equal text, whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))
      : item,
  );
}

/** The fields two inputs differ in, before and after, for the audit log and the merge page. */
export function changedFields(
  before: ActivityInput,
  after: ActivityInput,
): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(after) as (keyof ActivityInput)[]) {
    if (canonical(before[key]) !== canonical(after[key])) {
      changes[key] = { before: before[key], after: after[key] };
    }
  }
  return changes;
}
