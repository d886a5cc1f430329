import { Type, type Static } from 'typebox';
import { isCalendarDate } from '../../app/dates.js';
import type { FieldError } from '../../app/errors.js';
import {
  DateField,
  SelectField,
  TextField,
  urlWith,
  type SelectOption,
} from '../../app/html/components.js';
import { FilterBar, type ActiveFilter, type ViewLink } from '../../app/html/filter-bar.js';
import { h, type Child, type Html } from '../../app/html/jsx.js';
import { formatDate } from '../../app/i18n/format.js';
import type { MessageKey } from '../../app/i18n/i18n.js';
import type { PageContext } from '../../app/html/page-context.js';
import { activityKinds, activityStatuses, assessments } from '../../db/schema.js';
import { agencyRoles, type ScorecardFilters, type Vocabulary } from './scorecard.model.js';

/**
 * The filters of every scorecard page arrive from a GET form: every field, empty or not, as
 * text. They are read here rather than by the API's schema so that a bad value is reported on
 * the form and left out, instead of an error page.
 */
export const FilterQuery = Type.Object(
  {
    year: Type.Optional(Type.String({ maxLength: 4 })),
    section: Type.Optional(Type.String({ maxLength: 10 })),
    line: Type.Optional(Type.String({ maxLength: 20 })),
    agency: Type.Optional(Type.String({ maxLength: 100 })),
    agencyRole: Type.Optional(Type.String({ maxLength: 20 })),
    status: Type.Optional(Type.String({ maxLength: 20 })),
    assessment: Type.Optional(Type.String({ maxLength: 20 })),
    kind: Type.Optional(Type.String({ maxLength: 40 })),
    tag: Type.Optional(Type.String({ maxLength: 40 })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    asOf: Type.Optional(Type.String({ maxLength: 10 })),
    by: Type.Optional(Type.String({ maxLength: 10 })),
    sort: Type.Optional(Type.String({ maxLength: 20 })),
    direction: Type.Optional(Type.String({ maxLength: 4 })),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  },
  { additionalProperties: false },
);
export type FilterQuery = Static<typeof FilterQuery>;

type ChoiceField = 'agencyRole' | 'status' | 'assessment' | 'kind' | 'by' | 'sort' | 'direction';

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** The year asked for if there is such a year, or else the latest. */
export function yearOf(raw: FilterQuery, years: number[]): number {
  const asked = Number(raw.year);
  return years.includes(asked) ? asked : (years[0] ?? new Date().getUTCFullYear());
}

/**
 * Reads the filters; a value that is not valid is reported and left out. `choose` reads a
 * page's own choices (sort, grouping) by the same rule, into the same errors.
 */
export function readFilters(
  ctx: PageContext,
  raw: FilterQuery,
  year: number,
): {
  filters: ScorecardFilters;
  errors: FieldError[];
  choose: <T extends string>(name: ChoiceField, values: readonly T[]) => T | undefined;
} {
  const errors: FieldError[] = [];
  const choose = <T extends string>(name: ChoiceField, values: readonly T[]) => {
    const value = raw[name]?.trim() ?? '';
    if (value === '') return undefined;
    if (isOneOf(values, value)) return value;
    errors.push({ field: name, message: ctx.t('scorecard.filter.invalid') });
    return undefined;
  };
  const text = (value: string | undefined) => value?.trim() || undefined;
  const asOf = raw.asOf?.trim() ?? '';
  if (asOf !== '' && !isCalendarDate(asOf))
    errors.push({ field: 'asOf', message: ctx.t('scorecard.filter.invalidDate') });
  const filters: ScorecardFilters = {
    year,
    section: text(raw.section),
    line: text(raw.line),
    agency: text(raw.agency),
    agencyRole: choose('agencyRole', agencyRoles),
    status: choose('status', activityStatuses),
    assessment: choose('assessment', assessments),
    kind: choose('kind', activityKinds),
    tag: text(raw.tag),
    q: text(raw.q),
    asOf: asOf !== '' && isCalendarDate(asOf) ? asOf : undefined,
  };
  return { filters, errors, choose };
}

/** The filters as query parameters, for links that keep them. */
export function filterParams(
  filters: ScorecardFilters,
): Record<string, string | number | undefined> {
  return {
    year: filters.year,
    section: filters.section,
    line: filters.line,
    agency: filters.agency,
    agencyRole: filters.agency && filters.agencyRole !== 'any' ? filters.agencyRole : undefined,
    status: filters.status,
    assessment: filters.assessment,
    kind: filters.kind,
    tag: filters.tag,
    q: filters.q,
    asOf: filters.asOf,
  };
}

/** A link to the scorecard table with the filters and the given ones on top. */
export function tableHref(
  filters: ScorecardFilters,
  overrides: Record<string, string | number | undefined> = {},
): string {
  return urlWith('/scorecard', { ...filterParams(filters), ...overrides });
}

/** The filters that are set, each as a chip: the year is always set and is no chip. */
function activeFilters(ctx: PageContext, filters: ScorecardFilters): ActiveFilter[] {
  const { t } = ctx;
  const chip = (name: string, value: string | undefined, label: (value: string) => string) =>
    value
      ? [{ name, value, label: `${t(`scorecard.field.${name}` as MessageKey)}: ${label(value)}` }]
      : [];
  const same = (value: string) => value;
  return [
    ...chip('q', filters.q, (v) => `"${v}"`),
    ...chip('agency', filters.agency, same),
    ...chip(
      'agencyRole',
      filters.agency && filters.agencyRole !== 'any' ? filters.agencyRole : undefined,
      (v) => t(`scorecard.agencyRole.${v as 'lead'}`),
    ),
    ...chip('status', filters.status, (v) => t(`scorecard.status.${v as 'planned'}`)),
    ...chip('assessment', filters.assessment, (v) => t(`scorecard.assessment.${v as 'red'}`)),
    ...chip('section', filters.section, same),
    ...chip('line', filters.line, same),
    ...chip('kind', filters.kind, (v) => t(`scorecard.kind.${v as 'meeting'}`)),
    ...chip('tag', filters.tag, same),
    ...chip('asOf', filters.asOf, (v) => formatDate(ctx.locale, v)),
  ];
}

/**
 * The filter bar of a scorecard page: the words, year, agency and its role, status and
 * assessment in view, the rest behind "More filters"; `extra` holds a page's own fields (among
 * the more), `hidden` its state, `views` the list's named views where the page offers them.
 */
export function FilterForm({
  ctx,
  action,
  filters,
  years,
  vocabulary,
  errors,
  extra,
  hidden = {},
  views,
}: {
  ctx: PageContext;
  action: string;
  filters: ScorecardFilters;
  years: number[];
  vocabulary: Vocabulary;
  errors: FieldError[];
  extra?: Child;
  hidden?: Record<string, string>;
  views?: readonly ViewLink[];
}): Html {
  const { t } = ctx;
  const any = { value: '', label: t('scorecard.filter.any') };
  const choices = (values: readonly string[], label: (value: string) => string) => [
    any,
    ...values.map((value): SelectOption => ({ value, label: label(value) })),
  ];
  const lines = [...vocabulary.lines.values()];
  const sections = [...new Set(lines.map((l) => l.section))];
  const agencies = [
    ...new Map([...vocabulary.organisations.values()].map((o) => [o.id, o])).values(),
  ]
    .filter((o) => o.kind === 'agency')
    .map((o) => o.acronym)
    .sort((a, b) => a.localeCompare(b));
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filterParams(filters), ...hidden }))
    if (value !== undefined && value !== '') params.set(name, String(value));
  const active = activeFilters(ctx, filters);
  const primaryNames = ['q', 'agency', 'agencyRole', 'status', 'assessment'];
  return (
    <FilterBar
      ctx={ctx}
      action={action}
      label={t('scorecard.filter.label')}
      errors={errors}
      params={params}
      active={active}
      moreActive={active.filter((f) => !primaryNames.includes(f.name)).length}
      hidden={hidden}
      resetHref={urlWith(action, { year: filters.year })}
      views={views ? { list: 'scorecard', items: views } : undefined}
      primary={[
        <TextField name="q" type="search" label={t('scorecard.field.q')} value={filters.q} />,
        <SelectField
          name="year"
          label={t('scorecard.field.year')}
          value={String(filters.year)}
          options={years.map((y) => ({ value: String(y), label: String(y) }))}
        />,
        <SelectField
          name="agency"
          label={t('scorecard.field.agency')}
          value={filters.agency ?? ''}
          options={choices(agencies, (a) => a)}
        />,
        <SelectField
          name="agencyRole"
          label={t('scorecard.field.agencyRole')}
          value={filters.agencyRole ?? 'any'}
          errors={errors}
          options={agencyRoles.map((r) => ({ value: r, label: t(`scorecard.agencyRole.${r}`) }))}
        />,
        <SelectField
          name="status"
          label={t('scorecard.field.status')}
          value={filters.status ?? ''}
          errors={errors}
          options={[
            any,
            ...activityStatuses.map((s) => ({ value: s, label: t(`scorecard.status.${s}`) })),
          ]}
        />,
        <SelectField
          name="assessment"
          label={t('scorecard.field.assessment')}
          value={filters.assessment ?? ''}
          errors={errors}
          options={[
            any,
            ...assessments.map((a) => ({ value: a, label: t(`scorecard.assessment.${a}`) })),
          ]}
        />,
      ]}
      more={[
        extra,
        <SelectField
          name="section"
          label={t('scorecard.field.section')}
          value={filters.section ?? ''}
          options={choices(sections, (s) => s)}
        />,
        <SelectField
          name="line"
          label={t('scorecard.field.line')}
          value={filters.line ?? ''}
          options={choices(
            lines.map((l) => l.code),
            (c) => c,
          )}
        />,
        <SelectField
          name="kind"
          label={t('scorecard.field.kind')}
          value={filters.kind ?? ''}
          errors={errors}
          options={[
            any,
            ...activityKinds.map((k) => ({ value: k, label: t(`scorecard.kind.${k}`) })),
          ]}
        />,
        <TextField name="tag" label={t('scorecard.field.tag')} value={filters.tag} />,
        <DateField
          ctx={ctx}
          name="asOf"
          label={t('scorecard.field.asOf')}
          hint={t('scorecard.field.asOfHint')}
          value={filters.asOf}
          errors={errors}
        />,
      ]}
    />
  );
}
