import type { FastifyInstance } from 'fastify';
import { Moment } from '../../app/html/moment.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { h, type Child, type Html } from '../../app/html/jsx.js';
import { sendHtml } from '../../app/html/send-html.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import {
  Button,
  FormErrors,
  Notification,
  Pagination,
  SelectField,
  Table,
  TextField,
  urlWith,
  type Column,
  DateField,
} from '../../app/html/components.js';
import type { FieldError } from '../../app/errors.js';
import { formatDateTime, formatNumber } from '../../app/i18n/format.js';
import { auditActions, type AuditTargetType } from './audit.events.js';
import { auditPolicy } from './audit.policy.js';
import { filterFromQuery, presentEntry, type AuditEntryView } from './audit.present.js';
import { isCalendarDate } from '../../app/dates.js';

const PAGE_SIZE = 50;

// A record, not a list, so that adding a target type to AuditTargetType fails to compile here
// until the filter offers it too.
const targetTypeSet: Record<AuditTargetType, true> = {
  session: true,
  route: true,
  token: true,
  user: true,
  organisation: true,
  chair_year: true,
  network: true,
  priorities: true,
  priority_answer: true,
  activity: true,
  scorecard: true,
  training: true,
  training_matrix: true,
  meeting: true,
  action_point: true,
  calendar_feed: true,
  document: true,
  euci_agreement: true,
  saved_view: true,
  notification: true,
  backup: true,
  report: true,
  report_section: true,
  report_contribution: true,
  report_signoff: true,
  toolbox: true,
  toolbox_offer: true,
  product: true,
  products: true,
  factor: true,
};
const targetTypes = Object.keys(targetTypeSet);

/**
 * The page's filters arrive from a GET form, which sends every field, empty or not. They are
 * checked here rather than by the API's schema so that a bad value re-renders the form with
 * the field marked, instead of an error page.
 */
const AuditPageQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 64 })),
    actor: Type.Optional(Type.String({ maxLength: 254 })),
    targetType: Type.Optional(Type.String({ maxLength: 40 })),
    targetId: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(Type.String({ maxLength: 10 })),
    until: Type.Optional(Type.String({ maxLength: 10 })),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  },
  { additionalProperties: false },
);
type AuditPageQuery = Static<typeof AuditPageQuery>;

interface Filters {
  action: string;
  actor: string;
  targetType: string;
  targetId: string;
  from: string;
  until: string;
}

function checkFilters(ctx: PageContext, filters: Filters): FieldError[] {
  const { t } = ctx;
  const errors: FieldError[] = [];
  if (filters.action && !(auditActions as readonly string[]).includes(filters.action)) {
    errors.push({ field: 'action', message: t('audit.invalidAction') });
  }
  if (filters.targetType && !targetTypes.includes(filters.targetType)) {
    errors.push({ field: 'targetType', message: t('audit.invalidTargetType') });
  }
  for (const field of ['from', 'until'] as const) {
    if (filters[field] && !isCalendarDate(filters[field])) {
      errors.push({
        field,
        message: t('audit.invalidDate', {
          field: t(field === 'from' ? 'audit.from' : 'audit.until'),
        }),
      });
    }
  }
  if (errors.length === 0 && filters.from && filters.until && filters.until < filters.from) {
    errors.push({ field: 'until', message: t('audit.untilBeforeFrom') });
  }
  return errors;
}

/** A value of a change as a person reads it: text as is, nothing as "None", the rest as JSON. */
function showValue(ctx: PageContext, value: unknown): string {
  if (value === null || value === undefined || value === '') return ctx.t('common.none');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isBeforeAfter(value: unknown): value is { before?: unknown; after?: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key === 'before' || key === 'after');
}

/** "field: before → after" for a changed field, "field: value" for a fact or a new value. */
function changeLine(ctx: PageContext, field: string, value: unknown): string {
  if (!isBeforeAfter(value)) return `${field}: ${showValue(ctx, value)}`;
  if (!('before' in value)) return `${field}: ${showValue(ctx, value.after)}`;
  return `${field}: ${showValue(ctx, value.before)} → ${showValue(ctx, value.after)}`;
}

function Changes({ ctx, entry }: { ctx: PageContext; entry: AuditEntryView }): Html | null {
  const lines = Object.entries(entry.changes).map(([field, value]) =>
    changeLine(ctx, field, value),
  );
  if (lines.length === 0) return null;
  return (
    <ul class="ecl-unordered-list ecl-u-ma-none">
      {lines.map((line) => (
        <li class="ecl-unordered-list__item">{line}</li>
      ))}
    </ul>
  );
}

function columns(ctx: PageContext): Column<AuditEntryView>[] {
  const { t } = ctx;
  return [
    { header: t('audit.seq'), cell: (e) => e.seq },
    {
      header: t('audit.at'),
      cell: (e) => <Moment locale={ctx.locale} at={e.at} />,
    },
    {
      header: t('audit.actor'),
      cell: (e) =>
        e.actorEmail
          ? `${e.actorEmail}${e.actorOrganisation ? ` (${e.actorOrganisation})` : ''}`
          : t('audit.system'),
    },
    { header: t('audit.action'), cell: (e) => <code>{e.action}</code> },
    {
      header: t('audit.target'),
      cell: (e) => (e.targetId ? `${e.targetType} ${e.targetId}` : e.targetType),
    },
    { header: t('audit.changes'), cell: (e) => <Changes ctx={ctx} entry={e} /> },
    { header: t('audit.request'), cell: (e) => (e.requestId ? <code>{e.requestId}</code> : null) },
  ];
}

function FilterForm({
  ctx,
  filters,
  errors,
}: {
  ctx: PageContext;
  filters: Filters;
  errors: FieldError[];
}): Html {
  const { t } = ctx;
  return (
    <form method="get" action="/audit" class="ecl-u-mb-l">
      <div class="jh-filters">
        <SelectField
          name="action"
          label={t('audit.action')}
          value={filters.action}
          errors={errors}
          options={[
            { value: '', label: t('audit.anyAction') },
            ...auditActions.map((action) => ({ value: action, label: action })),
          ]}
        />
        <TextField
          name="actor"
          type="email"
          label={t('audit.actorEmail')}
          value={filters.actor}
          errors={errors}
          maxlength={254}
        />
        <SelectField
          name="targetType"
          label={t('audit.targetType')}
          value={filters.targetType}
          errors={errors}
          options={[
            { value: '', label: t('audit.anyTargetType') },
            ...targetTypes.map((type) => ({ value: type, label: type })),
          ]}
        />
        <TextField
          name="targetId"
          label={t('audit.targetId')}
          value={filters.targetId}
          errors={errors}
          maxlength={64}
        />
        <DateField
          ctx={ctx}
          name="from"
          label={t('audit.from')}
          value={filters.from}
          errors={errors}
        />
        <DateField
          ctx={ctx}
          name="until"
          label={t('audit.until')}
          value={filters.until}
          errors={errors}
        />
      </div>
      <div class="jh-actions">
        <Button>{t('common.filter')}</Button>
        <a class="ecl-link ecl-link--standalone" href="/audit">
          {t('common.reset')}
        </a>
      </div>
    </form>
  );
}

function filtersOf(query: AuditPageQuery): Filters {
  return {
    action: query.action?.trim() ?? '',
    actor: query.actor?.trim() ?? '',
    targetType: query.targetType?.trim() ?? '',
    targetId: query.targetId?.trim() ?? '',
    from: query.from?.trim() ?? '',
    until: query.until?.trim() ?? '',
  };
}

/** The empty filters dropped, as the API's query expects them. */
function definedFilters(filters: Filters): Partial<Filters> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));
}

function page(ctx: PageContext, children: Child, notices?: Child): Html {
  return (
    <Layout ctx={ctx} title={ctx.t('audit.title')} notices={notices}>
      {children}
    </Layout>
  );
}

export async function auditPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { audit } = app.services;

  app.get(
    '/audit',
    {
      schema: { querystring: AuditPageQuery },
      config: { access: auditPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const filters = filtersOf(request.query);
      const errors = checkFilters(ctx, filters);
      const intro = <p class="ecl-u-type-paragraph">{t('audit.intro')}</p>;
      const verifyLink = (
        <p>
          <a class="ecl-link ecl-link--standalone" href="/audit/verify">
            {t('audit.verify')}
          </a>
        </p>
      );
      if (errors.length > 0) {
        return sendHtml(
          reply,
          page(ctx, [
            intro,
            <FormErrors ctx={ctx} errors={errors} />,
            <FilterForm ctx={ctx} filters={filters} errors={errors} />,
          ]),
          400,
        );
      }
      const applied = definedFilters(filters);
      const result = await audit.list(filterFromQuery(applied), request.query.page, PAGE_SIZE);
      const entries = result.items.map(presentEntry);
      return sendHtml(
        reply,
        page(ctx, [
          intro,
          verifyLink,
          <FilterForm ctx={ctx} filters={filters} errors={[]} />,
          <div class="jh-actions">
            <p class="ecl-u-type-paragraph ecl-u-ma-none">
              {t('common.resultCount', { count: formatNumber(ctx.locale, result.total) })}
            </p>
            <a
              class="ecl-link ecl-link--standalone"
              href={urlWith('/api/audit/export.csv', applied)}
              download="jhanet-audit.csv"
            >
              {t('common.exportCsv')}
            </a>
          </div>,
          <Table ctx={ctx} caption={t('audit.caption')} columns={columns(ctx)} rows={entries} />,
          <Pagination
            ctx={ctx}
            page={result.page}
            pageSize={PAGE_SIZE}
            total={result.total}
            href={(n) => urlWith('/audit', { ...applied, page: n })}
          />,
        ]),
      );
    },
  );

  app.get(
    '/audit/verify',
    { config: { access: auditPolicy.read, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const result = await audit.verify();
      const body = (
        <div>
          {result.ok ? (
            <Notification variant="success">
              {t('audit.chainOk', { count: formatNumber(ctx.locale, result.entries) })}
              {result.anchor
                ? ` ${t('audit.anchored', {
                    seq: formatNumber(ctx.locale, result.anchor.seq),
                    at: formatDateTime(ctx.locale, result.anchor.at),
                  })}`
                : ''}
            </Notification>
          ) : (
            <Notification variant="error">
              {result.broken.seq === null
                ? t('audit.anchorsBroken', { reason: result.broken.reason })
                : t('audit.chainBroken', { seq: result.broken.seq, reason: result.broken.reason })}
            </Notification>
          )}
          <p class="ecl-u-type-paragraph">{t('audit.verifyIntro')}</p>
          <p>
            <a class="ecl-link ecl-link--standalone" href="/audit">
              {t('audit.backToLog')}
            </a>
          </p>
        </div>
      );
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('audit.verifyTitle')}>
          {body}
        </Layout>,
      );
    },
  );
}
