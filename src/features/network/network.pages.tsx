import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { h, type Child, type Html } from '../../app/html/jsx.js';
import type { PageContext } from '../../app/html/page-context.js';
import {
  Button,
  CsrfField,
  DescriptionList,
  FormErrors,
  LinkButton,
  Notification,
  SelectField,
  Table,
  TextArea,
  TextField,
  urlWith,
  versionOf,
  type Column,
  DateField,
} from '../../app/html/components.js';
import { csvRow } from '../../app/csv.js';
import {
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import type { MessageKey, Translate } from '../../app/i18n/i18n.js';
import { formatDate, formatNumber } from '../../app/i18n/format.js';
import type { OrganisationKind } from '../../db/schema.js';
import { networkPolicy } from './network.policy.js';
import { OrganisationListQuery, OrganisationParams } from './network.schema.js';
import {
  organisationCategories,
  type ChairYearView,
  type Network,
  type OrganisationCategory,
  type OrganisationDetail,
  type OrganisationView,
} from './network.service.js';
import { sendPage } from '../../app/html/send-page.js';

type FormerNames = OrganisationDetail['formerNames'];

interface Registry {
  kind: OrganisationKind;
  base: '/agencies' | '/bodies';
  title: MessageKey;
  intro: MessageKey;
  back: MessageKey;
  csvFile: string;
}

const registries: readonly Registry[] = [
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

/** Categories a partner or stakeholder may have: JHA agency is for members only. */
const bodyCategories = organisationCategories.filter((c) => c !== 'jha-agency');

// Form bodies are text. The real limits are the service's; these caps only keep a tampered
// request from carrying megabytes, so a too-long value still gets a field error on the form.
const text = (maxLength = 10_000) => Type.Optional(Type.String({ maxLength }));

const OrganisationForm = Type.Object(
  {
    acronym: text(),
    name: text(),
    category: text(),
    hqCity: text(),
    hqCountry: text(),
    website: text(),
    establishedYear: text(),
    description: text(),
    renamedOn: text(),
    version: text(),
  },
  { additionalProperties: false },
);
type OrganisationFormBody = Static<typeof OrganisationForm>;

const ChairForm = Type.Object(
  { year: text(), organisationId: text(), note: text(), version: text() },
  { additionalProperties: false },
);
type ChairFormBody = Static<typeof ChairForm>;

const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) });

const ChairsQuery = Type.Object({
  edit: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })),
  saved: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })),
});

const HQ_CITY_MAX = 100;
const DESCRIPTION_MAX = 5000;

/** The values a form shows: what is stored, or what the user just sent. */
interface OrganisationValues {
  acronym: string;
  name: string;
  category: string;
  hqCity: string;
  hqCountry: string;
  website: string;
  establishedYear: string;
  description: string;
  renamedOn: string;
  version: string;
}

interface ChairValues {
  year: string;
  organisationId: string;
  note: string;
  version: string;
}

export function categoryLabel(t: Translate, category: string): string {
  return (organisationCategories as readonly string[]).includes(category)
    ? t(`category.${category as OrganisationCategory}`)
    : category;
}

function headquarters(o: OrganisationView): string {
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

function formerlyText(t: Translate, names: FormerNames | undefined): string | null {
  if (!names || names.length === 0) return null;
  return t('organisation.formerly', { acronyms: names.map((n) => n.acronym).join(', ') });
}

function listColumns(
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

function csvOf(
  registry: Registry,
  items: OrganisationView[],
  formerNames: Map<string, FormerNames>,
): string {
  const agency = registry.kind === 'agency';
  const header = agency
    ? ['acronym', 'name', 'formerNames', 'hqCity', 'hqCountry', 'establishedYear', 'website']
    : ['acronym', 'name', 'formerNames', 'category', 'hqCity', 'hqCountry', 'website'];
  const lines = [csvRow(header)];
  for (const o of items) {
    const former = (formerNames.get(o.id) ?? []).map((n) => `${n.acronym} (${n.name})`).join('; ');
    lines.push(
      csvRow(
        agency
          ? [o.acronym, o.name, former, o.hqCity, o.hqCountry, o.establishedYear, o.website]
          : [o.acronym, o.name, former, o.category, o.hqCity, o.hqCountry, o.website],
      ),
    );
  }
  return lines.join('');
}

function FilterForm({
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

function organisationValues(o: OrganisationDetail): OrganisationValues {
  return {
    acronym: o.acronym,
    name: o.name,
    category: o.category,
    hqCity: o.hqCity ?? '',
    hqCountry: o.hqCountry ?? '',
    website: o.website ?? '',
    establishedYear: o.establishedYear === null ? '' : String(o.establishedYear),
    description: o.description,
    renamedOn: '',
    version: String(o.version),
  };
}

function submittedValues(body: OrganisationFormBody): OrganisationValues {
  return {
    acronym: body.acronym ?? '',
    name: body.name ?? '',
    category: body.category ?? '',
    hqCity: body.hqCity ?? '',
    hqCountry: body.hqCountry ?? '',
    website: body.website ?? '',
    establishedYear: body.establishedYear ?? '',
    description: body.description ?? '',
    renamedOn: body.renamedOn ?? '',
    version: body.version ?? '',
  };
}

/** Empty optional fields mean "none". */
function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Checks the service does not make, so that they too show on the form, not as an error page. */
function formErrors(ctx: PageContext, kind: OrganisationKind, values: OrganisationValues) {
  const { t } = ctx;
  const errors: FieldError[] = [];
  if (kind === 'body' && !(bodyCategories as readonly string[]).includes(values.category)) {
    errors.push({ field: 'category', message: t('organisation.categoryInvalid') });
  }
  if (values.hqCity.length > HQ_CITY_MAX) {
    errors.push({ field: 'hqCity', message: t('organisation.cityTooLong', { max: HQ_CITY_MAX }) });
  }
  if (values.description.length > DESCRIPTION_MAX) {
    errors.push({
      field: 'description',
      message: t('organisation.descriptionTooLong', {
        max: formatNumber(ctx.locale, DESCRIPTION_MAX),
      }),
    });
  }
  return errors;
}

function OrganisationFormView({
  ctx,
  kind,
  action,
  values,
  errors,
  editing,
}: {
  ctx: PageContext;
  kind: OrganisationKind;
  action: string;
  values: OrganisationValues;
  errors: FieldError[];
  editing: boolean;
}): Html {
  const { t } = ctx;
  return (
    <form method="post" action={action} novalidate>
      <CsrfField ctx={ctx} />
      {editing ? <input type="hidden" name="version" value={values.version} /> : null}
      <TextField
        name="acronym"
        label={t('organisation.acronym')}
        value={values.acronym}
        errors={errors}
        required
        maxlength={40}
      />
      <TextField
        name="name"
        label={t('organisation.name')}
        value={values.name}
        errors={errors}
        required
        maxlength={200}
      />
      {editing ? (
        <DateField
          ctx={ctx}
          name="renamedOn"
          label={`${t('organisation.rename')} (${t('common.optional')})`}
          hint={t('organisation.renameHint')}
          value={values.renamedOn}
          errors={errors}
        />
      ) : null}
      {kind === 'body' ? (
        <SelectField
          name="category"
          label={t('organisation.category')}
          value={values.category}
          errors={errors}
          required
          options={bodyCategories.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
      ) : null}
      <TextField
        name="hqCity"
        label={t('organisation.city')}
        value={values.hqCity}
        errors={errors}
        maxlength={HQ_CITY_MAX}
      />
      <TextField
        name="hqCountry"
        label={t('organisation.country')}
        value={values.hqCountry}
        errors={errors}
        maxlength={2}
      />
      <TextField
        name="website"
        type="url"
        label={t('organisation.website')}
        value={values.website}
        errors={errors}
        maxlength={300}
      />
      {kind === 'agency' ? (
        <TextField
          name="establishedYear"
          type="number"
          label={t('organisation.established')}
          value={values.establishedYear}
          errors={errors}
        />
      ) : null}
      <TextArea
        name="description"
        label={t('organisation.description')}
        value={values.description}
        errors={errors}
        rows={6}
      />
      <div class="jh-actions">
        <Button>{editing ? t('common.save') : t('common.create')}</Button>
      </div>
    </form>
  );
}

function OrganisationDetails({
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

function NameHistory({
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

function chairValuesOf(chair: ChairYearView): ChairValues {
  return {
    year: String(chair.year),
    organisationId: chair.organisationId,
    note: chair.note,
    version: String(chair.version),
  };
}

function emptyChairValues(): ChairValues {
  return { year: '', organisationId: '', note: '', version: '' };
}

export async function networkPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const network: Network = app.services.network;

  async function load(registry: Registry, id: string): Promise<OrganisationDetail> {
    const organisation = await network.get(id);
    if (organisation.kind !== registry.kind) throw new NotFoundError('No such agency or body.');
    return organisation;
  }

  for (const registry of registries) {
    const { base, kind } = registry;

    app.get(
      base,
      {
        schema: { querystring: OrganisationListQuery },
        config: { access: networkPolicy.read, page: true },
      },
      async (request, reply) => {
        const ctx = request.pageContext();
        const { t } = ctx;
        const query = request.query;
        const [items, formerNames] = await Promise.all([
          network.list(kind, query),
          network.formerNames(kind),
        ]);
        const params = { q: query.q, sort: query.sort, direction: query.direction };
        return sendPage(reply, ctx, t(registry.title), [
          <p class="ecl-u-type-paragraph">{t(registry.intro)}</p>,
          kind === 'body' && networkPolicy.edit.allows(ctx.actor) ? (
            <p>
              <LinkButton href="/bodies/new">{t('organisation.newBody')}</LinkButton>
            </p>
          ) : null,
          <FilterForm ctx={ctx} registry={registry} query={query} />,
          <div class="jh-actions">
            <p class="ecl-u-type-paragraph ecl-u-ma-none" role="status">
              {t('common.resultCount', { count: formatNumber(ctx.locale, items.length) })}
            </p>
            <a
              class="ecl-link ecl-link--standalone"
              href={urlWith(`${base}.csv`, params)}
              download={registry.csvFile}
            >
              {t('common.exportCsv')}
            </a>
          </div>,
          <Table
            ctx={ctx}
            caption={t(registry.title)}
            columns={listColumns(ctx, registry, formerNames)}
            rows={items}
            sort={{
              key: query.sort,
              direction: query.direction,
              href: (sort, direction) => urlWith(base, { q: query.q, sort, direction }),
            }}
          />,
        ]);
      },
    );

    app.get(
      `${base}.csv`,
      {
        schema: { querystring: OrganisationListQuery },
        config: { access: networkPolicy.read, page: true },
      },
      async (request, reply) => {
        const [items, formerNames] = await Promise.all([
          network.list(kind, request.query),
          network.formerNames(kind),
        ]);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${registry.csvFile}"`)
          .send(csvOf(registry, items, formerNames));
      },
    );

    app.get(
      `${base}/:id`,
      {
        schema: { params: OrganisationParams, querystring: SavedQuery },
        config: { access: networkPolicy.read, page: true },
      },
      async (request, reply) => {
        const ctx = request.pageContext();
        const { t } = ctx;
        const organisation = await load(registry, request.params.id);
        return sendPage(
          reply,
          ctx,
          `${organisation.acronym}: ${organisation.name}`,
          [
            <h2 class="ecl-u-type-heading-2">{t('organisation.details')}</h2>,
            <OrganisationDetails ctx={ctx} organisation={organisation} />,
            networkPolicy.edit.allows(ctx.actor) ? (
              <p>
                <LinkButton href={`${organisationHref(organisation)}/edit`}>
                  {t('common.edit')}
                </LinkButton>
              </p>
            ) : null,
            <NameHistory ctx={ctx} organisation={organisation} />,
            <p>
              <a class="ecl-link ecl-link--standalone" href={base}>
                {t(registry.back)}
              </a>
            </p>,
          ],
          {
            notices:
              request.query.saved !== undefined ? (
                <Notification variant="success">{t('common.saved')}</Notification>
              ) : null,
          },
        );
      },
    );

    function sendEditForm(
      reply: FastifyReply,
      ctx: PageContext,
      organisation: OrganisationDetail,
      values: OrganisationValues,
      errors: FieldError[],
      options: { status?: number; current?: OrganisationDetail } = {},
    ): FastifyReply {
      const { t } = ctx;
      const { current } = options;
      return sendPage(
        reply,
        ctx,
        t('organisation.editTitle', { acronym: organisation.acronym }),
        [
          <FormErrors ctx={ctx} errors={errors} />,
          <OrganisationFormView
            ctx={ctx}
            kind={kind}
            action={`${organisationHref(organisation)}/edit`}
            values={values}
            errors={errors}
            editing
          />,
          <p>
            <a class="ecl-link ecl-link--standalone" href={organisationHref(organisation)}>
              {t('common.cancel')}
            </a>
          </p>,
        ],
        {
          ...(options.status !== undefined ? { status: options.status } : {}),
          notices: current ? (
            <Notification variant="warning" title={t('error.conflict.title')}>
              <p>{t('error.conflict.body')}</p>
              <h2 class="ecl-u-type-heading-4">{t('organisation.currentValues')}</h2>
              <OrganisationDetails ctx={ctx} organisation={current} />
            </Notification>
          ) : null,
        },
      );
    }

    app.get(
      `${base}/:id/edit`,
      {
        schema: { params: OrganisationParams },
        config: { access: networkPolicy.edit, page: true },
      },
      async (request, reply) => {
        const organisation = await load(registry, request.params.id);
        return sendEditForm(
          reply,
          request.pageContext(),
          organisation,
          organisationValues(organisation),
          [],
        );
      },
    );

    app.post(
      `${base}/:id/edit`,
      {
        schema: { params: OrganisationParams, body: OrganisationForm },
        config: { access: networkPolicy.edit, page: true },
      },
      async (request, reply) => {
        const ctx = request.pageContext();
        const organisation = await load(registry, request.params.id);
        const values = submittedValues(request.body);
        const pageErrors = formErrors(ctx, kind, values);
        if (pageErrors.length > 0) {
          return sendEditForm(reply, ctx, organisation, values, pageErrors, { status: 400 });
        }
        const year = values.establishedYear.trim();
        let updated: OrganisationDetail;
        try {
          updated = await network.update(
            request.auditContext(),
            organisation.id,
            {
              acronym: values.acronym,
              name: values.name,
              ...(kind === 'body' ? { category: values.category } : {}),
              hqCity: orNull(values.hqCity),
              hqCountry: orNull(values.hqCountry)?.toUpperCase() ?? null,
              website: orNull(values.website),
              description: values.description,
              // A year the service cannot read as a whole number is refused there, by field.
              ...(kind === 'agency' ? { establishedYear: year === '' ? null : Number(year) } : {}),
              renamedOn: orNull(values.renamedOn) ?? undefined,
            },
            versionOf(request.body.version),
          );
        } catch (error) {
          if (error instanceof ValidationError) {
            return sendEditForm(reply, ctx, organisation, values, error.fieldErrors, {
              status: 400,
            });
          }
          if (error instanceof StaleVersionError) {
            const current = await load(registry, organisation.id);
            return sendEditForm(
              reply,
              ctx,
              current,
              { ...values, version: String(current.version) },
              [],
              { status: 409, current },
            );
          }
          throw error;
        }
        return reply.redirect(`${organisationHref(updated)}?saved=1`, 303);
      },
    );
  }

  function sendNewBodyForm(
    reply: FastifyReply,
    ctx: PageContext,
    values: OrganisationValues,
    errors: FieldError[],
    status = 200,
  ): FastifyReply {
    const { t } = ctx;
    return sendPage(
      reply,
      ctx,
      t('organisation.newBody'),
      [
        <FormErrors ctx={ctx} errors={errors} />,
        <OrganisationFormView
          ctx={ctx}
          kind="body"
          action="/bodies"
          values={values}
          errors={errors}
          editing={false}
        />,
        <p>
          <a class="ecl-link ecl-link--standalone" href="/bodies">
            {t('common.cancel')}
          </a>
        </p>,
      ],
      { status },
    );
  }

  app.get(
    '/bodies/new',
    { config: { access: networkPolicy.edit, page: true } },
    async (request, reply) =>
      sendNewBodyForm(
        reply,
        request.pageContext(),
        submittedValues({ category: bodyCategories[0] }),
        [],
      ),
  );

  app.post(
    '/bodies',
    {
      schema: { body: OrganisationForm },
      config: { access: networkPolicy.edit, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const values = submittedValues(request.body);
      const pageErrors = formErrors(ctx, 'body', values);
      if (pageErrors.length > 0) return sendNewBodyForm(reply, ctx, values, pageErrors, 400);
      let created: OrganisationDetail;
      try {
        created = await network.create(request.auditContext(), {
          kind: 'body',
          acronym: values.acronym,
          name: values.name,
          category: values.category,
          hqCity: orNull(values.hqCity),
          hqCountry: orNull(values.hqCountry)?.toUpperCase() ?? null,
          website: orNull(values.website),
          description: values.description,
        });
      } catch (error) {
        if (error instanceof ValidationError) {
          return sendNewBodyForm(reply, ctx, values, error.fieldErrors, 400);
        }
        throw error;
      }
      return reply.redirect(`${organisationHref(created)}?saved=1`, 303);
    },
  );

  async function sendChairs(
    reply: FastifyReply,
    ctx: PageContext,
    form: { values: ChairValues; errors: FieldError[]; editing: number | null },
    options: { status?: number; saved?: number; current?: ChairYearView } = {},
  ): Promise<FastifyReply> {
    const { t } = ctx;
    const [chairs, agencies, formerNames] = await Promise.all([
      network.chairYears(),
      network.list('agency', { sort: 'acronym', direction: 'asc' }),
      network.formerNames('agency'),
    ]);
    const mayEdit = networkPolicy.edit.allows(ctx.actor);
    const columns: Column<ChairYearView>[] = [
      { header: t('chairs.year'), cell: (c) => c.year },
      {
        header: t('chairs.chair'),
        cell: (c) => (
          <ChairName ctx={ctx} chair={c} formerNames={formerNames.get(c.organisationId) ?? []} />
        ),
      },
      { header: t('chairs.note'), cell: (c) => c.note },
    ];
    if (mayEdit) {
      columns.push({
        header: t('common.actions'),
        cell: (c) => (
          <a class="ecl-link" href={`${urlWith('/chairs', { edit: c.year })}#chair-form`}>
            {t('chairs.editYear', { year: c.year })}
          </a>
        ),
      });
    }
    const { current } = options;
    const notices = [
      options.saved !== undefined ? (
        <Notification variant="success">{t('common.saved')}</Notification>
      ) : null,
      current ? (
        <Notification variant="warning" title={t('error.conflict.title')}>
          <p>{t('error.conflict.body')}</p>
          <DescriptionList
            items={[
              [t('chairs.year'), current.year],
              [
                t('chairs.chair'),
                <ChairName
                  ctx={ctx}
                  chair={current}
                  formerNames={formerNames.get(current.organisationId) ?? []}
                />,
              ],
              [t('chairs.note'), current.note || t('common.none')],
            ]}
          />
        </Notification>
      ) : null,
    ];
    const { values, errors, editing } = form;
    return sendPage(
      reply,
      ctx,
      t('chairs.title'),
      [
        <p class="ecl-u-type-paragraph">{t('chairs.intro')}</p>,
        chairs.length === 0 ? (
          <p class="ecl-u-type-paragraph">{t('chairs.empty')}</p>
        ) : (
          <Table ctx={ctx} caption={t('chairs.caption')} columns={columns} rows={chairs} />
        ),
        mayEdit ? (
          <section>
            <h2 class="ecl-u-type-heading-2" id="chair-form-title">
              {editing === null ? t('chairs.set') : t('chairs.editing', { year: editing })}
            </h2>
            <FormErrors ctx={ctx} errors={errors} />
            <form
              method="post"
              action="/chairs"
              id="chair-form"
              aria-labelledby="chair-form-title"
              novalidate
            >
              <CsrfField ctx={ctx} />
              {values.version !== '' ? (
                <input type="hidden" name="version" value={values.version} />
              ) : null}
              <TextField
                name="year"
                type="number"
                label={t('chairs.year')}
                value={values.year}
                errors={errors}
                required
              />
              <SelectField
                name="organisationId"
                label={t('chairs.chair')}
                value={values.organisationId}
                errors={errors}
                required
                options={[
                  { value: '', label: t('chairs.chooseAgency') },
                  ...agencies.map((a) => ({ value: a.id, label: `${a.acronym}: ${a.name}` })),
                ]}
              />
              <TextArea
                name="note"
                label={`${t('chairs.note')} (${t('common.optional')})`}
                value={values.note}
                errors={errors}
              />
              <div class="jh-actions">
                <Button>{t('common.save')}</Button>
                {editing !== null ? (
                  <a class="ecl-link ecl-link--standalone" href="/chairs">
                    {t('common.cancel')}
                  </a>
                ) : null}
              </div>
            </form>
          </section>
        ) : null,
      ],
      { ...(options.status !== undefined ? { status: options.status } : {}), notices },
    );
  }

  app.get(
    '/chairs',
    {
      schema: { querystring: ChairsQuery },
      config: { access: networkPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { edit, saved } = request.query;
      // Only administrators get the form, so only they can open a year in it.
      const chair =
        edit !== undefined && networkPolicy.edit.allows(ctx.actor)
          ? await network.chairOf(edit)
          : null;
      return sendChairs(
        reply,
        ctx,
        {
          values: chair ? chairValuesOf(chair) : emptyChairValues(),
          errors: [],
          editing: chair?.year ?? null,
        },
        saved !== undefined ? { saved } : {},
      );
    },
  );

  app.post(
    '/chairs',
    {
      schema: { body: ChairForm },
      config: { access: networkPolicy.edit, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const body: ChairFormBody = request.body;
      const values: ChairValues = {
        year: (body.year ?? '').trim(),
        organisationId: body.organisationId ?? '',
        note: body.note ?? '',
        version: body.version ?? '',
      };
      if (!/^\d{4}$/.test(values.year)) {
        const errors = [{ field: 'year', message: ctx.t('organisation.yearInvalid') }];
        return sendChairs(reply, ctx, { values, errors, editing: null }, { status: 400 });
      }
      const year = Number(values.year);
      const existing = await network.chairOf(year);
      try {
        await network.setChair(
          request.auditContext(),
          year,
          { organisationId: values.organisationId, note: values.note },
          // A year already recorded can only be changed from the version the user saw; a form
          // for a new year that someone else recorded meanwhile carries none, and gets a 409.
          existing ? versionOf(body.version) : undefined,
        );
      } catch (error) {
        if (error instanceof ValidationError) {
          return sendChairs(
            reply,
            ctx,
            { values, errors: error.fieldErrors, editing: existing ? year : null },
            { status: 400 },
          );
        }
        if (error instanceof StaleVersionError) {
          const current = await network.chairOf(year);
          if (!current) throw error;
          return sendChairs(
            reply,
            ctx,
            { values: { ...values, version: String(current.version) }, errors: [], editing: year },
            { status: 409, current },
          );
        }
        throw error;
      }
      return reply.redirect(`/chairs?saved=${year}`, 303);
    },
  );
}
