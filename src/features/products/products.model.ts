import type { FieldError } from '../../app/errors.js';
import { isCalendarDate } from '../../app/dates.js';
import {
  audiences,
  countryCodes,
  fileTypeCodes,
  isOneOf,
  languageCodes,
  periodicities,
  periodicityCodes,
  productKinds,
  topicCodes,
  type Audience,
  type CountryCode,
  type FileType,
  type LanguageCode,
  type Periodicity,
  type ProductKind,
  type Topic,
} from './products.vocabulary.js';

export const limits = {
  title: 300,
  summary: 4000,
  series: 200,
  url: 500,
  listItems: 60,
} as const;

/** A product as the API and the forms give it: agencies by acronym, lines by code. */
export interface ProductInput {
  title: string;
  summary: string;
  kind: string;
  series: string;
  year: number;
  periodStart: string | null;
  periodEnd: string | null;
  publishedOn: string | null;
  periodicity: string;
  audience: string;
  releasedToObservers: boolean;
  publicUrl: string | null;
  fileType: string | null;
  /** A document of the repository, by id or registration number. */
  document: string | null;
  agencies: string[];
  topics: string[];
  countries: string[];
  languages: string[];
  lines: string[];
  activities: string[];
}

export interface AgencyRef {
  id: string;
  acronym: string;
  name: string;
}

export interface LineRef {
  key: string;
  code: string;
  text: string;
}

export interface ActivityRef {
  id: string;
  year: number;
  title: string;
}

/** The linked document as far as the reader may see it: its number and its marking. */
export interface DocumentRef {
  id: string;
  registrationNumber: string;
  classification: string;
  tlp: string | null;
}

export interface ProductView {
  id: string;
  title: string;
  summary: string;
  kind: ProductKind;
  series: string;
  year: number;
  periodStart: string | null;
  periodEnd: string | null;
  publishedOn: string | null;
  periodicity: Periodicity;
  audience: Audience;
  releasedToObservers: boolean;
  publicUrl: string | null;
  fileType: FileType | null;
  document: DocumentRef | null;
  agencies: AgencyRef[];
  topics: Topic[];
  countries: CountryCode[];
  languages: LanguageCode[];
  lines: LineRef[];
  activities: ActivityRef[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A product's input checked against the vocabularies, its references resolved. */
export interface ResolvedProduct {
  title: string;
  summary: string;
  kind: ProductKind;
  series: string;
  year: number;
  periodStart: string | null;
  periodEnd: string | null;
  publishedOn: string | null;
  periodicity: Periodicity;
  audience: Audience;
  releasedToObservers: boolean;
  publicUrl: string | null;
  fileType: FileType | null;
  agencyIds: string[];
  topics: Topic[];
  countries: CountryCode[];
  languages: LanguageCode[];
  lineKeys: string[];
}

/** What resolving needs to know: the member agencies and the agreed lines of the year. */
export interface Vocabulary {
  /** By acronym (today's or a former one) or id, in any case. */
  agencyOf(name: string): AgencyRef | undefined;
  /** The key of an agreed line of the product's year, by its code. */
  lineKeyOf(code: string): string | undefined;
}

export const productSortKeys = ['title', 'year', 'published', 'kind'] as const;
export type ProductSortKey = (typeof productSortKeys)[number];

export interface ProductFilters {
  q?: string | undefined;
  kind?: string[] | undefined;
  agency?: string[] | undefined;
  topic?: string[] | undefined;
  country?: string[] | undefined;
  language?: string[] | undefined;
  year?: number[] | undefined;
  periodicity?: string[] | undefined;
}

export interface ProductQuery extends ProductFilters {
  sort: ProductSortKey;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

export type FacetName =
  'kind' | 'agency' | 'topic' | 'country' | 'language' | 'year' | 'periodicity';

export interface ProductPage {
  items: ProductView[];
  total: number;
  page: number;
  pageSize: number;
  facets: Record<FacetName, FacetValue[]>;
}

/** The next edition of a periodic product, from its last edition's period and publication. */
export interface UpcomingEdition {
  series: string;
  lastEdition: { id: string; title: string; periodStart: string; periodEnd: string };
  agencies: AgencyRef[];
  periodicity: Periodicity;
  periodStart: string;
  periodEnd: string;
  /** When it is expected out: the last publication moved on by one period, when known. */
  expectedOn: string | null;
}

const URL_PATTERN = /^https?:\/\/[^\s<>"]+$/i;

function uniqueInOrder(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
}

/**
 * Checks a product's input in full and resolves its references; answers every problem at once.
 * The document and the activities are checked by the service, which reads them through their
 * own visibility.
 */
export function resolveProduct(
  input: ProductInput,
  vocabulary: Vocabulary,
): { product: ResolvedProduct | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  const title = input.title.trim();
  if (title === '') fail('title', 'Give the product a title.');
  else if (title.length > limits.title)
    fail('title', `Keep the title within ${String(limits.title)} characters.`);
  const summary = input.summary.trim();
  if (summary === '') fail('summary', 'Say in a few sentences what the product is.');
  else if (summary.length > limits.summary)
    fail('summary', `Keep the summary within ${String(limits.summary)} characters.`);
  const series = input.series.trim();
  if (series.length > limits.series)
    fail('series', `Keep the series within ${String(limits.series)} characters.`);
  if (!isOneOf(productKinds, input.kind)) fail('kind', 'Choose a kind of product from the list.');
  if (!isOneOf(periodicityCodes, input.periodicity))
    fail('periodicity', 'Choose how often the product appears from the list.');
  if (!isOneOf(audiences, input.audience)) fail('audience', 'Choose an audience from the list.');
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
    fail('year', 'Give the year as four digits, between 2000 and 2100.');

  const dateOrNull = (field: string, value: string | null): string | null => {
    const text = value?.trim() ?? '';
    if (text === '') return null;
    if (!isCalendarDate(text)) {
      fail(field, 'Give a date as a day, month and year.');
      return null;
    }
    return text;
  };
  const periodStart = dateOrNull('periodStart', input.periodStart);
  const periodEnd = dateOrNull('periodEnd', input.periodEnd);
  const publishedOn = dateOrNull('publishedOn', input.publishedOn);
  if (
    (periodStart === null) !== (periodEnd === null) &&
    !errors.some((e) => e.field.startsWith('period'))
  )
    fail(
      periodStart === null ? 'periodStart' : 'periodEnd',
      'Give both the first and the last day of the period covered, or neither.',
    );
  if (periodStart !== null && periodEnd !== null && periodStart > periodEnd)
    fail('periodEnd', 'The period covered ends on or after the day it starts.');
  if (
    isOneOf(periodicityCodes, input.periodicity) &&
    periodicities[input.periodicity].months !== null &&
    periodStart === null &&
    !errors.some((e) => e.field.startsWith('period'))
  )
    fail(
      'periodStart',
      'A periodic product says which period it covers, so that its next edition can be foreseen.',
    );

  const agencies: AgencyRef[] = [];
  const agencyNames = uniqueInOrder(input.agencies);
  if (agencyNames.length === 0) fail('agencies', 'Name the agency or agencies that produce it.');
  for (const name of agencyNames) {
    const agency = vocabulary.agencyOf(name);
    if (!agency) fail('agencies', `${name} is not a member agency of the network.`);
    else if (!agencies.some((a) => a.id === agency.id)) agencies.push(agency);
  }

  const checked = <T extends string>(
    field: string,
    values: readonly string[],
    allowed: readonly T[],
    what: string,
  ): T[] => {
    const result: T[] = [];
    const list = uniqueInOrder(values);
    if (list.length > limits.listItems) fail(field, `Choose at most ${String(limits.listItems)}.`);
    for (const value of list) {
      const code = field === 'topics' ? value.toLowerCase() : value.toUpperCase();
      if (isOneOf(allowed, code)) result.push(code);
      else fail(field, `${value} is not ${what}.`);
    }
    return result;
  };
  const topicList = checked('topics', input.topics, topicCodes, 'a topic of the index');
  const countryList = checked(
    'countries',
    input.countries,
    countryCodes,
    'a country code of the EU authority table',
  );
  const languageList = checked('languages', input.languages, languageCodes, 'an EU language code');
  if (uniqueInOrder(input.languages).length === 0)
    fail('languages', 'Name the language or languages it is written in.');

  const lineKeys: string[] = [];
  for (const code of uniqueInOrder(input.lines)) {
    const key = vocabulary.lineKeyOf(code);
    if (!key)
      fail(
        'lines',
        `${code} is not a line of action of the priorities agreed for ${String(input.year)}.`,
      );
    else lineKeys.push(key);
  }

  const publicUrl = input.publicUrl?.trim() || null;
  if (publicUrl !== null && (publicUrl.length > limits.url || !URL_PATTERN.test(publicUrl)))
    fail(
      'publicUrl',
      `Give a web address starting with https:// (at most ${String(limits.url)} characters).`,
    );
  if (input.audience === 'public' && publicUrl === null)
    fail('publicUrl', 'A public product gives the address where anyone can read it.');
  const fileTypeText = input.fileType?.trim().toUpperCase() || null;
  let fileType: FileType | null = null;
  if (fileTypeText !== null) {
    if (isOneOf(fileTypeCodes, fileTypeText)) fileType = fileTypeText;
    else fail('fileType', `Choose a file type from the list (${fileTypeCodes.join(', ')}).`);
  } else if (publicUrl !== null)
    fail('fileType', 'Say what the public address leads to (PDF, HTML...).');

  if (errors.length > 0) return { product: null, errors };
  return {
    product: {
      title,
      summary,
      kind: input.kind as ProductKind,
      series,
      year: input.year,
      periodStart,
      periodEnd,
      publishedOn,
      periodicity: input.periodicity as Periodicity,
      audience: input.audience as Audience,
      releasedToObservers: input.releasedToObservers,
      publicUrl,
      fileType,
      agencyIds: agencies.map((a) => a.id),
      topics: topicList,
      countries: countryList,
      languages: languageList,
      lineKeys,
    },
    errors,
  };
}

/** A stored product as input again, for a change that sends only some fields. */
export function toInput(view: ProductView): ProductInput {
  return {
    title: view.title,
    summary: view.summary,
    kind: view.kind,
    series: view.series,
    year: view.year,
    periodStart: view.periodStart,
    periodEnd: view.periodEnd,
    publishedOn: view.publishedOn,
    periodicity: view.periodicity,
    audience: view.audience,
    releasedToObservers: view.releasedToObservers,
    publicUrl: view.publicUrl,
    fileType: view.fileType,
    document: view.document?.id ?? null,
    agencies: view.agencies.map((a) => a.acronym),
    topics: [...view.topics],
    countries: [...view.countries],
    languages: [...view.languages],
    lines: view.lines.map((l) => l.code),
    activities: view.activities.map((a) => a.id),
  };
}

/** The day a number of whole months after `day`, kept within the month (31 Jan + 1 = 28 Feb). */
export function addMonths(day: string, months: number): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function dayBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The next edition after a product's: the period that follows its period, one period long, and
 * the day it is expected out. None for a product that is not periodic or covers no period.
 */
export function nextEdition(
  last: Pick<ProductView, 'periodicity' | 'periodStart' | 'periodEnd' | 'publishedOn'>,
): { periodStart: string; periodEnd: string; expectedOn: string | null } | null {
  const months = periodicities[last.periodicity].months;
  if (months === null || last.periodStart === null || last.periodEnd === null) return null;
  const periodStart = dayAfter(last.periodEnd);
  const periodEnd = dayBefore(addMonths(periodStart, months));
  return {
    periodStart,
    periodEnd,
    expectedOn: last.publishedOn === null ? null : addMonths(last.publishedOn, months),
  };
}
