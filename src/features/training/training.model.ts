import { isCalendarDate } from '../../app/dates.js';
import type { FieldError } from '../../app/errors.js';

/** How a training is given. */
export const trainingKinds = ['residential', 'online-course', 'webinar', 'exchange'] as const;
export type TrainingKind = (typeof trainingKinds)[number];

/** Whom a training is for: one audience each, so that "the same audience" is a plain comparison. */
export const trainingAudiences = [
  'law-enforcement',
  'border-guards',
  'judiciary',
  'asylum-officers',
  'analysts',
  'it-specialists',
  'fundamental-rights',
  'trainers',
  'managers',
] as const;
export type TrainingAudience = (typeof trainingAudiences)[number];

/** The topic areas of the matrix, after the priorities of the network. */
export const trainingTopics = [
  'migrant-smuggling',
  'trafficking',
  'document-fraud',
  'border-management',
  'asylum',
  'returns',
  'counter-terrorism',
  'radicalisation',
  'cybercrime',
  'drugs',
  'organised-crime',
  'financial-crime',
  'judicial-cooperation',
  'fundamental-rights',
  'gender-equality',
  'data-protection',
  'large-scale-it',
  'leadership',
] as const;
export type TrainingTopic = (typeof trainingTopics)[number];

/** The languages a training may be given in: the official languages of the Union, by code. */
export const trainingLanguages = [
  'bg', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fi', 'fr', 'ga', 'hr', 'hu', 'it', 'lt',
  'lv', 'mt', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv',
] as const; // prettier-ignore

export const trainingSortKeys = ['start', 'title', 'organiser', 'participants'] as const;
export type TrainingSortKey = (typeof trainingSortKeys)[number];

export const limits = { title: 300, place: 200, url: 2000, people: 1_000_000 } as const;

/** A training as a person or a spreadsheet gives it: agencies by acronym, vocabularies by code. */
export interface TrainingInput {
  title: string;
  organiser: string;
  coOrganisers: readonly string[];
  kind: string;
  topics: readonly string[];
  audience: string;
  startOn: string;
  endOn: string;
  place: string;
  languages: readonly string[];
  capacity: number | null;
  participants: number | null;
  offerUrl: string | null;
  releasedToObservers: boolean;
}

export interface OrganisationRef {
  id: string;
  acronym: string;
  name: string;
}

/** A checked training, with its agencies resolved to records. */
export interface ResolvedTraining {
  title: string;
  organiser: OrganisationRef;
  coOrganisers: OrganisationRef[];
  kind: TrainingKind;
  topics: TrainingTopic[];
  audience: TrainingAudience;
  startOn: string;
  endOn: string;
  place: string;
  languages: string[];
  capacity: number | null;
  participants: number | null;
  offerUrl: string | null;
  releasedToObservers: boolean;
}

export interface TrainingView extends Omit<ResolvedTraining, 'organiser' | 'coOrganisers'> {
  id: string;
  year: number;
  organiser: OrganisationRef;
  coOrganisers: OrganisationRef[];
  /** Calendar days from the first to the last, both counted. */
  days: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TrainingFilters {
  year?: number | undefined;
  agency?: string | undefined;
  kind?: TrainingKind | undefined;
  topic?: TrainingTopic | undefined;
  audience?: TrainingAudience | undefined;
  language?: string | undefined;
  q?: string | undefined;
}

export interface TrainingQuery extends TrainingFilters {
  sort: TrainingSortKey;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** The agencies a training may name, by acronym in lower case (former acronyms included). */
export type OrganisationLookup = ReadonlyMap<string, OrganisationRef & { kind: string }>;

const includes = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

/** Calendar days from `start` to `end`, both counted. */
export function daysBetween(start: string, end: string): number {
  return (
    Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1
  );
}

function checkPeople(field: string, value: number | null, errors: FieldError[]): void {
  if (value === null) return;
  if (!Number.isInteger(value) || value < 0 || value > limits.people)
    errors.push({ field, message: `must be a whole number from 0 to ${String(limits.people)}` });
}

function checkUrl(value: string | null, errors: FieldError[]): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length > limits.url) {
    errors.push({ field: 'offerUrl', message: `is longer than ${String(limits.url)} characters` });
    return null;
  }
  try {
    const url = new URL(trimmed);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
  } catch {
    // reported below
  }
  errors.push({ field: 'offerUrl', message: 'must be a web address starting with https://' });
  return null;
}

/**
 * Checks a training against the rules and the registry, reporting every problem at once; the
 * training when there is none.
 */
export function resolveTraining(
  input: TrainingInput,
  organisations: OrganisationLookup,
): { training: ResolvedTraining | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const title = input.title.trim().replace(/\s+/g, ' ');
  if (title === '') errors.push({ field: 'title', message: 'is required' });
  else if (title.length > limits.title)
    errors.push({ field: 'title', message: `is longer than ${String(limits.title)} characters` });
  const organiser = organisations.get(input.organiser.trim().toLowerCase());
  if (input.organiser.trim() === '') errors.push({ field: 'organiser', message: 'is required' });
  else if (!organiser || organiser.kind !== 'agency')
    errors.push({ field: 'organiser', message: `${input.organiser} is not a member agency` });
  const coOrganisers: OrganisationRef[] = [];
  for (const acronym of input.coOrganisers) {
    const found = organisations.get(acronym.trim().toLowerCase());
    if (!found) errors.push({ field: 'coOrganisers', message: `${acronym} is not known` });
    else if (found.id === organiser?.id)
      errors.push({ field: 'coOrganisers', message: `${acronym} already organises the training` });
    else if (!coOrganisers.some((o) => o.id === found.id))
      coOrganisers.push({ id: found.id, acronym: found.acronym, name: found.name });
  }
  const kind = input.kind.trim();
  if (!includes(trainingKinds, kind))
    errors.push({ field: 'kind', message: `must be one of ${trainingKinds.join(', ')}` });
  const audience = input.audience.trim();
  if (!includes(trainingAudiences, audience))
    errors.push({ field: 'audience', message: `must be one of ${trainingAudiences.join(', ')}` });
  const topics = [...new Set(input.topics.map((t) => t.trim()))];
  if (topics.length === 0)
    errors.push({ field: 'topics', message: 'name at least one topic area' });
  for (const topic of topics)
    if (!includes(trainingTopics, topic))
      errors.push({ field: 'topics', message: `${topic} is not a topic area of the matrix` });
  const startOn = input.startOn.trim();
  const endOn = input.endOn.trim();
  if (!isCalendarDate(startOn))
    errors.push({ field: 'startOn', message: 'must be a date (YYYY-MM-DD)' });
  if (!isCalendarDate(endOn))
    errors.push({ field: 'endOn', message: 'must be a date (YYYY-MM-DD)' });
  else if (isCalendarDate(startOn) && endOn < startOn)
    errors.push({ field: 'endOn', message: 'must not be before the first day' });
  else if (isCalendarDate(startOn) && daysBetween(startOn, endOn) > 366)
    errors.push({ field: 'endOn', message: 'a training lasts a year at most' });
  const place = input.place.trim();
  if (place === '') errors.push({ field: 'place', message: 'is required (a city, or "Online")' });
  else if (place.length > limits.place)
    errors.push({ field: 'place', message: `is longer than ${String(limits.place)} characters` });
  const languages = [...new Set(input.languages.map((l) => l.trim().toLowerCase()))];
  if (languages.length === 0)
    errors.push({ field: 'languages', message: 'name at least one language' });
  for (const language of languages)
    if (!includes(trainingLanguages, language))
      errors.push({
        field: 'languages',
        message: `${language} is not an official EU language code`,
      });
  checkPeople('capacity', input.capacity, errors);
  checkPeople('participants', input.participants, errors);
  const offerUrl = checkUrl(input.offerUrl, errors);
  if (errors.length > 0 || !organiser) return { training: null, errors };
  return {
    training: {
      title,
      organiser: { id: organiser.id, acronym: organiser.acronym, name: organiser.name },
      coOrganisers: coOrganisers.sort((a, b) => a.acronym.localeCompare(b.acronym)),
      kind: kind as TrainingKind,
      topics: trainingTopics.filter((t) => topics.includes(t)),
      audience: audience as TrainingAudience,
      startOn,
      endOn,
      place,
      languages: trainingLanguages.filter((l) => languages.includes(l)),
      capacity: input.capacity,
      participants: input.participants,
      offerUrl,
      releasedToObservers: input.releasedToObservers,
    },
    errors,
  };
}

/** A stored training as input again: what an edit starts from and what changes compare. */
export function toInput(training: TrainingView | ResolvedTraining): TrainingInput {
  return {
    title: training.title,
    organiser: training.organiser.acronym,
    coOrganisers: training.coOrganisers.map((o) => o.acronym),
    kind: training.kind,
    topics: [...training.topics],
    audience: training.audience,
    startOn: training.startOn,
    endOn: training.endOn,
    place: training.place,
    languages: [...training.languages],
    capacity: training.capacity,
    participants: training.participants,
    offerUrl: training.offerUrl,
    releasedToObservers: training.releasedToObservers,
  };
}

/** The fields whose values differ, with both values. */
export function changedFields(
  before: TrainingInput,
  after: TrainingInput,
): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(after) as (keyof TrainingInput)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[key] = { before: before[key], after: after[key] };
  }
  return changes;
}
