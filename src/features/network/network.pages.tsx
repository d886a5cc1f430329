import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { h } from '../../app/html/jsx.js';
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
} from '../../app/html/components.js';
import {
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import { formatNumber } from '../../app/i18n/format.js';
import { networkPolicy } from './network.policy.js';
import {
  OrganisationCsvQuery,
  OrganisationListQuery,
  OrganisationParams,
} from './network.schema.js';
import { csvSeparators } from '../../app/csv.js';
import { type ChairYearView, type Network, type OrganisationDetail } from './network.service.js';
import { sendPage } from '../../app/html/send-page.js';
import {
  type Registry,
  registries,
  bodyCategories,
  OrganisationForm,
  ChairForm,
  type ChairFormBody,
  SavedQuery,
  ChairsQuery,
  type OrganisationValues,
  type ChairValues,
  organisationHref,
  ChairName,
  listColumns,
  csvOf,
  FilterForm,
  organisationValues,
  submittedValues,
  orNull,
  formErrors,
  OrganisationFormView,
  OrganisationDetails,
  NameHistory,
  chairValuesOf,
  emptyChairValues,
} from './views/network.views.js';

export { ChairName, organisationHref } from './views/network.views.js';

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
            <a
              class="ecl-link ecl-link--standalone"
              href={urlWith(`${base}.csv`, { ...params, separator: 'semicolon' })}
              download={registry.csvFile}
            >
              {t('common.exportCsvSemicolon')}
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
        schema: { querystring: OrganisationCsvQuery },
        config: { access: networkPolicy.read, page: true },
      },
      async (request, reply) => {
        const { separator, ...listQuery } = request.query;
        const [items, formerNames] = await Promise.all([
          network.list(kind, listQuery),
          network.formerNames(kind),
        ]);
        const { t } = request.pageContext();
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${registry.csvFile}"`)
          .send(csvOf(t, registry, items, formerNames, csvSeparators[separator]));
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
