import { Type, type Static } from 'typebox';
import type { FieldError } from '../../../app/errors.js';
import { SelectField, TextField, urlWith } from '../../../app/html/components.js';
import { FilterBar, type ActiveFilter } from '../../../app/html/filter-bar.js';
import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import {
  trainingAudiences,
  trainingKinds,
  trainingLanguages,
  trainingSortKeys,
  trainingTopics,
  type OrganisationLookup,
  type TrainingFilters,
  type TrainingSortKey,
} from '../training.model.js';
import { audienceLabel, kindLabel, topicLabel } from '../views/parts.js';

/**
 * The filters of the matrix's pages arrive from a GET form: every field, empty or not, as text.
 * They are read here rather than by a schema so that a bad value is reported on the form and
 * left out, instead of an error page.
 */
export const PageFilterQuery = Type.Object({
  year: Type.Optional(Type.String({ maxLength: 4 })),
  agency: Type.Optional(Type.String({ maxLength: 100 })),
  kind: Type.Optional(Type.String({ maxLength: 40 })),
  topic: Type.Optional(Type.String({ maxLength: 40 })),
  audience: Type.Optional(Type.String({ maxLength: 40 })),
  language: Type.Optional(Type.String({ maxLength: 10 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  direction: Type.Optional(Type.String({ maxLength: 4 })),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
});
export type PageFilterQuery = Static<typeof PageFilterQuery>;

/** The filters as the page shows them: the agency by acronym, each value checked. */
export interface PageFilters {
  year?: number;
  agency?: string;
  kind?: (typeof trainingKinds)[number];
  topic?: (typeof trainingTopics)[number];
  audience?: (typeof trainingAudiences)[number];
  language?: string;
  q?: string;
  sort: TrainingSortKey;
  direction: 'asc' | 'desc';
}

const known = <T extends string>(list: readonly T[], value: string | undefined): T | undefined =>
  value !== undefined && (list as readonly string[]).includes(value) ? (value as T) : undefined;

export function readFilters(
  query: PageFilterQuery,
  organisations: OrganisationLookup,
  ctx: PageContext,
): { filters: PageFilters; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value = (name: keyof PageFilterQuery) => {
    const raw = query[name];
    return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
  };
  const checked = <T extends string>(name: keyof PageFilterQuery, list: readonly T[]) => {
    const raw = value(name);
    const found = known(list, raw);
    if (raw !== undefined && found === undefined)
      errors.push({ field: name, message: ctx.t('form.error.choice', { label: name }) });
    return found;
  };
  const yearText = value('year');
  const year = yearText && /^\d{4}$/.test(yearText) ? Number(yearText) : undefined;
  if (yearText !== undefined && year === undefined)
    errors.push({ field: 'year', message: ctx.t('form.error.choice', { label: 'year' }) });
  const agencyText = value('agency');
  const agency = agencyText ? organisations.get(agencyText.toLowerCase())?.acronym : undefined;
  if (agencyText !== undefined && agency === undefined)
    errors.push({ field: 'agency', message: ctx.t('form.error.choice', { label: 'agency' }) });
  const filters: PageFilters = {
    sort: known(trainingSortKeys, value('sort')) ?? 'start',
    direction: value('direction') === 'desc' ? 'desc' : 'asc',
  };
  const kind = checked('kind', trainingKinds);
  const topic = checked('topic', trainingTopics);
  const audience = checked('audience', trainingAudiences);
  const language = checked('language', trainingLanguages);
  const q = value('q');
  if (year !== undefined) filters.year = year;
  if (agency !== undefined) filters.agency = agency;
  if (kind) filters.kind = kind;
  if (topic) filters.topic = topic;
  if (audience) filters.audience = audience;
  if (language) filters.language = language;
  if (q) filters.q = q;
  return { filters, errors };
}

/** The page's filters as the service reads them: the agency by its id. */
export function serviceFilters(
  filters: PageFilters,
  organisations: OrganisationLookup,
): TrainingFilters {
  return {
    year: filters.year,
    agency: filters.agency ? organisations.get(filters.agency.toLowerCase())?.id : undefined,
    kind: filters.kind,
    topic: filters.topic,
    audience: filters.audience,
    language: filters.language,
    q: filters.q,
  };
}

/** The filters as address parameters, for links that keep them. */
export function filterParams(filters: PageFilters): Record<string, string | number | undefined> {
  return {
    year: filters.year,
    agency: filters.agency,
    kind: filters.kind,
    topic: filters.topic,
    audience: filters.audience,
    language: filters.language,
    q: filters.q,
  };
}

export function TrainingFilterBar({
  ctx,
  action,
  filters,
  errors,
  years,
  agencies,
}: {
  ctx: PageContext;
  action: string;
  filters: PageFilters;
  errors: readonly FieldError[];
  years: readonly number[];
  agencies: readonly string[];
}): Html {
  const { t } = ctx;
  const names = new Intl.DisplayNames([ctx.locale], { type: 'language' });
  const languageName = (code: string) => names.of(code) ?? code;
  const params = new URLSearchParams();
  for (const [name, v] of Object.entries(filterParams(filters)))
    if (v !== undefined) params.set(name, String(v));
  const active: ActiveFilter[] = [
    ...(filters.q ? [{ name: 'q', value: filters.q, label: `"${filters.q}"` }] : []),
    ...(filters.year
      ? [{ name: 'year', value: String(filters.year), label: String(filters.year) }]
      : []),
    ...(filters.agency ? [{ name: 'agency', value: filters.agency, label: filters.agency }] : []),
    ...(filters.kind
      ? [{ name: 'kind', value: filters.kind, label: kindLabel(t, filters.kind) }]
      : []),
    ...(filters.topic
      ? [{ name: 'topic', value: filters.topic, label: topicLabel(t, filters.topic) }]
      : []),
    ...(filters.audience
      ? [{ name: 'audience', value: filters.audience, label: audienceLabel(t, filters.audience) }]
      : []),
    ...(filters.language
      ? [{ name: 'language', value: filters.language, label: languageName(filters.language) }]
      : []),
  ];
  const primaryNames = ['q', 'year', 'agency'];
  return (
    <FilterBar
      ctx={ctx}
      action={action}
      label={t('training.filters')}
      errors={errors}
      params={params}
      active={active}
      moreActive={active.filter((f) => !primaryNames.includes(f.name)).length}
      hidden={
        filters.sort === 'start' && filters.direction === 'asc'
          ? {}
          : { sort: filters.sort, direction: filters.direction }
      }
      resetHref={action}
      primary={[
        <TextField name="q" type="search" label={t('training.search')} value={filters.q} />,
        <SelectField
          name="year"
          label={t('training.report.year')}
          value={filters.year ? String(filters.year) : ''}
          options={[
            { value: '', label: t('training.anyYear') },
            ...years.map((y) => ({ value: String(y), label: String(y) })),
          ]}
        />,
        <SelectField
          name="agency"
          label={t('training.field.organiser')}
          value={filters.agency ?? ''}
          options={[
            { value: '', label: t('training.anyAgency') },
            ...agencies.map((a) => ({ value: a, label: a })),
          ]}
        />,
      ]}
      more={[
        <SelectField
          name="kind"
          label={t('training.field.kind')}
          value={filters.kind ?? ''}
          options={[
            { value: '', label: t('training.anyKind') },
            ...trainingKinds.map((k) => ({ value: k, label: kindLabel(t, k) })),
          ]}
        />,
        <SelectField
          name="topic"
          label={t('training.field.topics')}
          value={filters.topic ?? ''}
          options={[
            { value: '', label: t('training.anyTopic') },
            ...trainingTopics.map((k) => ({ value: k, label: topicLabel(t, k) })),
          ]}
        />,
        <SelectField
          name="audience"
          label={t('training.field.audience')}
          value={filters.audience ?? ''}
          options={[
            { value: '', label: t('training.anyAudience') },
            ...trainingAudiences.map((k) => ({ value: k, label: audienceLabel(t, k) })),
          ]}
        />,
        <SelectField
          name="language"
          label={t('training.field.languages')}
          value={filters.language ?? ''}
          options={[
            { value: '', label: t('training.anyLanguage') },
            ...trainingLanguages.map((code) => ({
              value: code,
              label: `${languageName(code)} (${code})`,
            })),
          ]}
        />,
      ]}
    />
  );
}

/** The address of the list with other filters, sort or page. */
export function listHref(
  path: string,
  filters: PageFilters,
  extra: Record<string, string | number | undefined> = {},
): string {
  return urlWith(path, {
    ...filterParams(filters),
    ...(filters.sort === 'start' && filters.direction === 'asc'
      ? {}
      : { sort: filters.sort, direction: filters.direction }),
    ...extra,
  });
}
