import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { h } from '../../../app/html/jsx.js';
import { LinkButton, Notification, Table, urlWith } from '../../../app/html/components.js';
import { NotFoundError } from '../../../app/errors.js';
import { formatNumber } from '../../../app/i18n/format.js';
import { csvSeparators } from '../../../app/csv.js';
import { sendPage } from '../../../app/html/send-page.js';
import { networkPolicy } from '../network.policy.js';
import {
  OrganisationCsvQuery,
  OrganisationListQuery,
  OrganisationParams,
} from '../network.schema.js';
import type { Network, OrganisationDetail } from '../network.service.js';
import {
  type Registry,
  registries,
  SavedQuery,
  organisationHref,
  listColumns,
  csvOf,
  FilterForm,
  OrganisationDetails,
  NameHistory,
} from '../views/registry.views.js';

/** The registers of member agencies and of partner bodies: lists, CSV files and detail pages. */
export async function registryPages(fastify: FastifyInstance): Promise<void> {
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
  }
}
