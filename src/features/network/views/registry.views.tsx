import { Type, type Static } from 'typebox';
import { h, type Child, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import {
  Button,
  DescriptionList,
  Table,
  TextField,
  type Column,
} from '../../../app/html/components.js';
import { csvFile, type CsvSeparator } from '../../../app/csv.js';
import type { MessageKey, Translate } from '../../../app/i18n/i18n.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { OrganisationKind } from '../../../db/schema.js';
import { OrganisationListQuery } from '../network.schema.js';
import {
  organisationCategories,
  type ChairYearView,
  type OrganisationCategory,
  type OrganisationDetail,
  type OrganisationView,
} from '../network.service.js';

export type FormerNames = OrganisationDetail['formerNames'];

export interface Registry {
  kind: OrganisationKind;
  base: '/agencies' | '/bodies';
  title: MessageKey;
  intro: MessageKey;
  back: MessageKey;
  csvFile: string;
}

export const registries: readonly Registry[] = [
  {
    kind: 'agency',
    base: '/agencies',
    title: 'agencies.title',
    intro: 'agencies.intro',
    back: 'organisation.backToAgencies',
    csvFile: 'jhanet-agencies.csv',
  },
  {
    kind: 'body',
    base: '/bodies',
    title: 'bodies.title',
    intro: 'bodies.intro',
    back: 'organisation.backToBodies',
    csvFile: 'jhanet-bodies.csv',
  },
];

export const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) });

export const ChairsQuery = Type.Object({
  edit: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })),
  saved: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })),
});

export function categoryLabel(t: Translate, category: string): string {
  return (organisationCategories as readonly string[]).includes(category)
    ? t(`category.${category as OrganisationCategory}`)
    : category;
}

export function headquarters(o: OrganisationView): string {
  return [o.hqCity, o.hqCountry].filter((part) => part !== null && part !== '').join(', ');
}

export function organisationHref(o: { kind: OrganisationKind; acronym: string }): string {
  return `${o.kind === 'agency' ? '/agencies' : '/bodies'}/${encodeURIComponent(o.acronym)}`;
}

/**
 * The acronym an organisation had when a chair year began, if it differs from today's. Years
 * start on 1 January, and a name in the history holds until the end of its last day.
 */
export function acronymInYear(
  formerNames: FormerNames,
  current: string,
  year: number,
): string | null {
  const day = `${year}-01-01`;
  const then = formerNames.find(
    (n) =>
      (n.validFrom === null || n.validFrom <= day) &&
      (n.validUntil === null || day <= n.validUntil),
  );
  return then && then.acronym !== current ? then.acronym : null;
}

/** "EUDA (then EMCDDA)": the chair of a year, linked, with the acronym it chaired under. */
export function ChairName({
  ctx,
  chair,
  formerNames,
}: {
  ctx: PageContext;
  chair: ChairYearView;
  formerNames: FormerNames;
}): Html {
  const then = acronymInYear(formerNames, chair.acronym, chair.year);
  return (
    <span>
      <a class="ecl-link" href={organisationHref({ kind: 'agency', acronym: chair.acronym })}>
        {chair.acronym}
      </a>
      {then ? ` (${ctx.t('organisation.thenNamed', { acronym: then })})` : null}
    </span>
  );
}

export function formerlyText(t: Translate, names: FormerNames | undefined): string | null {
  if (!names || names.length === 0) return null;
  return t('organisation.formerly', { acronyms: names.map((n) => n.acronym).join(', ') });
}

export function listColumns(
  ctx: PageContext,
  registry: Registry,
  formerNames: Map<string, FormerNames>,
): Column<OrganisationView>[] {
  const { t } = ctx;
  const columns: Column<OrganisationView>[] = [
    {
      header: t('organisation.acronym'),
      sortKey: 'acronym',
      cell: (o) => (
        <a class="ecl-link" href={organisationHref(o)}>
          {o.acronym}
        </a>
      ),
    },
    {
      header: t('organisation.name'),
      sortKey: 'name',
      cell: (o) => {
        const formerly = formerlyText(t, formerNames.get(o.id));
        return formerly ? `${o.name} (${formerly})` : o.name;
      },
    },
  ];
  if (registry.kind === 'body') {
    columns.push({ header: t('organisation.category'), cell: (o) => categoryLabel(t, o.category) });
  }
  columns.push({ header: t('organisation.headquarters'), cell: headquarters });
  if (registry.kind === 'agency') {
    columns.push({
      header: t('organisation.established'),
      sortKey: 'established',
      cell: (o) => o.establishedYear,
    });
  }
  return columns;
}

/** The registry as people read it in a spreadsheet: the column names and categories of the page. */
export function csvOf(
  t: Translate,
  registry: Registry,
  items: OrganisationView[],
  formerNames: Map<string, FormerNames>,
  separator: CsvSeparator,
): string {
  const agency = registry.kind === 'agency';
  const header = [
    t('organisation.acronym'),
    t('organisation.name'),
    t('organisation.formerNames'),
    ...(agency ? [] : [t('organisation.category')]),
    t('organisation.city'),
    t('organisation.country'),
    ...(agency ? [t('organisation.established')] : []),
    t('organisation.website'),
  ];
  const rows = items.map((o) => {
    const former = (formerNames.get(o.id) ?? []).map((n) => `${n.acronym} (${n.name})`).join('; ');
    return [
      o.acronym,
      o.name,
      former,
      ...(agency ? [] : [categoryLabel(t, o.category)]),
      o.hqCity,
      o.hqCountry,
      ...(agency ? [o.establishedYear] : []),
      o.website,
    ];
  });
  return csvFile([header, ...rows], separator);
}

export function FilterForm({
  ctx,
  registry,
  query,
}: {
  ctx: PageContext;
  registry: Registry;
  query: Static<typeof OrganisationListQuery>;
}): Html {
  const { t } = ctx;
  return (
    <form method="get" action={registry.base} class="ecl-u-mb-l" role="search">
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="direction" value={query.direction} />
      <div class="jh-filters">
        <TextField
          name="q"
          type="search"
          label={t('organisation.search')}
          value={query.q ?? ''}
          maxlength={100}
        />
      </div>
      <div class="jh-actions">
        <Button>{t('common.filter')}</Button>
        <a class="ecl-link ecl-link--standalone" href={registry.base}>
          {t('common.reset')}
        </a>
      </div>
    </form>
  );
}

export function OrganisationDetails({
  ctx,
  organisation: o,
}: {
  ctx: PageContext;
  organisation: OrganisationDetail;
}): Html {
  const { t } = ctx;
  const items: [string, Child][] = [
    [t('organisation.acronym'), o.acronym],
    [t('organisation.name'), o.name],
    [
      o.kind === 'agency' ? t('organisation.kind') : t('organisation.category'),
      o.kind === 'agency' ? t('kind.agency') : categoryLabel(t, o.category),
    ],
    [t('organisation.headquarters'), headquarters(o) || t('common.none')],
    [
      t('organisation.website'),
      o.website ? (
        <a class="ecl-link" href={o.website}>
          {o.website}
        </a>
      ) : (
        t('common.none')
      ),
    ],
  ];
  if (o.kind === 'agency') {
    items.push([t('organisation.established'), o.establishedYear ?? t('common.none')]);
  }
  items.push([t('organisation.description'), o.description || t('common.none')]);
  if (o.kind === 'agency') {
    items.push([
      t('organisation.chairedIn'),
      o.chairYears.length > 0 ? o.chairYears.join(', ') : t('organisation.neverChaired'),
    ]);
  }
  return <DescriptionList items={items} />;
}

export function NameHistory({
  ctx,
  organisation,
}: {
  ctx: PageContext;
  organisation: OrganisationDetail;
}) {
  const { t, locale } = ctx;
  const date = (value: string | null) =>
    value === null ? t('common.none') : <time datetime={value}>{formatDate(locale, value)}</time>;
  return (
    <section>
      <h2 class="ecl-u-type-heading-2">{t('organisation.nameHistory')}</h2>
      {organisation.formerNames.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('organisation.noFormerNames')}</p>
      ) : (
        <Table
          ctx={ctx}
          caption={t('organisation.nameHistory')}
          rows={organisation.formerNames}
          columns={[
            { header: t('organisation.acronym'), cell: (n) => n.acronym },
            { header: t('organisation.name'), cell: (n) => n.name },
            { header: t('organisation.validFrom'), cell: (n) => date(n.validFrom) },
            { header: t('organisation.validUntil'), cell: (n) => date(n.validUntil) },
          ]}
        />
      )}
    </section>
  );
}
