import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { requireActor, type Actor } from '../../app/access.js';
import { isCalendarDate, todayUtc } from '../../app/dates.js';
import {
  AppError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import { h, type Child, type Html } from '../../app/html/jsx.js';
import type { PageContext } from '../../app/html/page-context.js';
import {
  Button,
  CheckboxGroup,
  CsrfField,
  DescriptionList,
  FormErrors,
  LinkButton,
  Notification,
  Pagination,
  SelectField,
  Table,
  TextArea,
  TextField,
  urlWith,
  versionOf,
  type SelectOption,
  DateField,
} from '../../app/html/components.js';
import { formatDate, formatDateTime, formatNumber } from '../../app/i18n/format.js';
import {
  activityKinds,
  activityStatuses,
  assessments,
  type ActivityKind,
  type ActivityStatus,
  type Assessment,
} from '../../db/schema.js';
import {
  scorecardSortKeys,
  changedFields,
  toInput,
  type ActivityInput,
  type ActivityView,
  type ScorecardQuery,
  type Vocabulary,
} from './scorecard.model.js';
import { scorecardPolicy } from './scorecard.policy.js';
import { ActivityParams } from './scorecard.schema.js';
import type { ProgressView, RevisionView, Scorecard } from './scorecard.service.js';
import { sendPage } from '../../app/html/send-page.js';
import {
  activityInputOf,
  FormBody,
  formFieldErrors,
  progressInputOf,
  rowsOf,
  versionField,
  type FormRows,
} from './scorecard.form.js';
import { ScorecardTabs } from './scorecard.tabs.js';
import { FilterForm, FilterQuery, filterParams, readFilters, yearOf } from './scorecard.filters.js';

const PAGE_SIZE = 50;

const SavedQuery = Type.Object(
  {
    saved: Type.Optional(Type.String({ maxLength: 10 })),
    unlinked: Type.Optional(Type.String({ maxLength: 10 })),
    asOf: Type.Optional(Type.String({ maxLength: 10 })),
  },
  { additionalProperties: false },
);

export function statusLabel(ctx: PageContext, status: ActivityStatus): string {
  return ctx.t(`scorecard.status.${status}`);
}

export function kindLabel(ctx: PageContext, kind: ActivityKind): string {
  return ctx.t(`scorecard.kind.${kind}`);
}

/** An assessment as a coloured label that also says its colour in words. */
export function AssessmentLabel({
  ctx,
  assessment,
}: {
  ctx: PageContext;
  assessment: Assessment | null;
}): Html {
  if (assessment === null) return <span>{ctx.t('scorecard.assessment.none')}</span>;
  return (
    <span class={`jh-rag jh-rag--${assessment}`}>
      {ctx.t(`scorecard.assessment.${assessment}`)}
    </span>
  );
}

function activityHref(activity: { id: string }, asOf?: string): string {
  return urlWith(`/scorecard/activities/${activity.id}`, { asOf });
}

function ScorecardTable({
  ctx,
  query,
  items,
}: {
  ctx: PageContext;
  query: ScorecardQuery;
  items: ActivityView[];
}): Html {
  const { t } = ctx;
  const params = filterParams(query);
  return (
    <Table
      ctx={ctx}
      caption={t('scorecard.caption', { year: query.year })}
      rows={items}
      sort={{
        key: query.sort,
        direction: query.direction,
        href: (sort, direction) => urlWith('/scorecard', { ...params, sort, direction }),
      }}
      columns={[
        {
          header: t('scorecard.field.title'),
          sortKey: 'title',
          cell: (a) => (
            <a class="ecl-link" href={activityHref(a, query.asOf)}>
              {a.title}
            </a>
          ),
        },
        { header: t('scorecard.field.lines'), cell: (a) => a.lines.map((l) => l.code).join(', ') },
        { header: t('scorecard.field.lead'), sortKey: 'lead', cell: (a) => a.lead.acronym },
        {
          header: t('scorecard.field.participants'),
          cell: (a) => a.participants.map((p) => p.acronym).join(', ') || t('common.none'),
        },
        {
          header: t('scorecard.field.status'),
          sortKey: 'status',
          cell: (a) => statusLabel(ctx, a.status),
        },
        {
          header: t('scorecard.field.assessment'),
          sortKey: 'assessment',
          cell: (a) => <AssessmentLabel ctx={ctx} assessment={a.assessment} />,
        },
        {
          header: t('scorecard.field.plannedStart'),
          sortKey: 'start',
          cell: (a) => formatDate(ctx.locale, a.plannedStart),
        },
        {
          header: t('scorecard.field.plannedEnd'),
          sortKey: 'end',
          cell: (a) => formatDate(ctx.locale, a.plannedEnd),
        },
        {
          header: t('scorecard.field.updated'),
          sortKey: 'updated',
          cell: (a) => formatDate(ctx.locale, a.updatedAt),
        },
      ]}
    />
  );
}

/** Every agency and body an activity form may name, sorted by acronym. */
function registryOptions(vocabulary: Vocabulary, kind: 'agency' | 'body'): SelectOption[] {
  const unique = new Map([...vocabulary.organisations.values()].map((o) => [o.id, o]));
  return [...unique.values()]
    .filter((o) => o.kind === kind)
    .sort((a, b) => a.acronym.localeCompare(b.acronym))
    .map((o) => ({ value: o.acronym, label: `${o.acronym}: ${o.name}` }));
}

function ActivityForm({
  ctx,
  action,
  values,
  rows,
  vocabulary,
  errors,
  version,
  leadLocked,
}: {
  ctx: PageContext;
  action: string;
  values: ActivityInput;
  rows: FormRows;
  vocabulary: Vocabulary;
  errors: FieldError[];
  version?: number;
  leadLocked: boolean;
}): Html {
  const { t } = ctx;
  const emptyIndicator = { name: '', unit: '', target: '', value: '' };
  const emptyDeliverable = { title: '', url: '', date: '' };
  // Two empty rows more than filled: without scripts, that is how a row is added.
  const indicatorRows = [...rows.indicators, emptyIndicator, emptyIndicator];
  const deliverableRows = [...rows.deliverables, emptyDeliverable, emptyDeliverable];
  const lines = [...vocabulary.lines.values()];
  return (
    <form method="post" action={action} class="jh-form" novalidate>
      <CsrfField ctx={ctx} />
      {version !== undefined ? (
        <input type="hidden" name="version" value={String(version)} />
      ) : null}
      <FormErrors ctx={ctx} errors={errors} />
      <TextField
        name="title"
        label={t('scorecard.field.title')}
        value={values.title}
        errors={errors}
        required
        maxlength={200}
      />
      <TextArea
        name="description"
        label={t('scorecard.field.description')}
        value={values.description}
        errors={errors}
        rows={4}
      />
      <CheckboxGroup
        name="lines"
        label={t('scorecard.field.lines')}
        hint={t('scorecard.field.linesHint')}
        values={values.lines}
        errors={errors}
        options={lines.map((l) => ({ value: l.code, label: `${l.code} ${l.text}` }))}
      />
      {leadLocked ? (
        <div class="ecl-form-group ecl-u-mb-l">
          <span class="ecl-form-label">{t('scorecard.field.lead')}</span>
          <p class="ecl-u-type-paragraph">{values.lead}</p>
          <input type="hidden" name="lead" value={values.lead} />
        </div>
      ) : (
        <SelectField
          name="lead"
          label={t('scorecard.field.lead')}
          value={values.lead}
          errors={errors}
          required
          options={[
            { value: '', label: t('scorecard.field.choose') },
            ...registryOptions(vocabulary, 'agency'),
          ]}
        />
      )}
      <CheckboxGroup
        name="participants"
        label={t('scorecard.field.participants')}
        values={values.participants}
        errors={errors}
        options={registryOptions(vocabulary, 'agency')}
      />
      <CheckboxGroup
        name="partners"
        label={t('scorecard.field.partners')}
        values={values.partners}
        errors={errors}
        options={registryOptions(vocabulary, 'body')}
      />
      <SelectField
        name="kind"
        label={t('scorecard.field.kind')}
        value={values.kind}
        errors={errors}
        required
        options={[
          { value: '', label: t('scorecard.field.choose') },
          ...activityKinds.map((k) => ({ value: k, label: kindLabel(ctx, k) })),
        ]}
      />
      <TextField
        name="tags"
        label={t('scorecard.field.tags')}
        hint={t('scorecard.field.tagsHint')}
        value={values.tags.join(', ')}
        errors={errors}
      />
      <DateField
        ctx={ctx}
        name="plannedStart"
        label={t('scorecard.field.plannedStart')}
        value={values.plannedStart}
        errors={errors}
        required
      />
      <DateField
        ctx={ctx}
        name="plannedEnd"
        label={t('scorecard.field.plannedEnd')}
        value={values.plannedEnd}
        errors={errors}
        required
      />
      <SelectField
        name="status"
        label={t('scorecard.field.status')}
        value={values.status}
        errors={errors}
        options={activityStatuses.map((s) => ({ value: s, label: statusLabel(ctx, s) }))}
      />
      <SelectField
        name="assessment"
        label={t('scorecard.field.assessment')}
        value={values.assessment ?? ''}
        errors={errors}
        options={[
          { value: '', label: t('scorecard.assessment.none') },
          ...assessments.map((a) => ({ value: a, label: t(`scorecard.assessment.${a}`) })),
        ]}
      />
      <TextArea
        name="assessmentReason"
        label={t('scorecard.field.assessmentReason')}
        value={values.assessmentReason}
        errors={errors}
        rows={2}
      />
      <SelectField
        name="releasedToObservers"
        label={t('scorecard.field.releasedToObservers')}
        value={values.releasedToObservers ? 'yes' : 'no'}
        options={[
          { value: 'yes', label: t('common.yes') },
          { value: 'no', label: t('common.no') },
        ]}
      />
      <fieldset class="ecl-u-mb-l">
        <legend class="ecl-u-type-heading-4">{t('scorecard.field.indicators')}</legend>
        <p class="ecl-help-block">{t('scorecard.field.indicatorsHint')}</p>
        {indicatorRows.map((row, index) => {
          const n = String(index);
          return (
            <div class="jh-row-fields">
              <TextField
                name={`indicatorName${n}`}
                label={t('scorecard.indicator.name', { n: index + 1 })}
                value={row.name}
                errors={errors}
              />
              <TextField
                name={`indicatorUnit${n}`}
                label={t('scorecard.indicator.unit')}
                value={row.unit}
                errors={errors}
              />
              <TextField
                name={`indicatorTarget${n}`}
                label={t('scorecard.indicator.target')}
                value={row.target}
                errors={errors}
              />
              <TextField
                name={`indicatorValue${n}`}
                label={t('scorecard.indicator.value')}
                value={row.value}
                errors={errors}
              />
            </div>
          );
        })}
      </fieldset>
      <fieldset class="ecl-u-mb-l">
        <legend class="ecl-u-type-heading-4">{t('scorecard.field.deliverables')}</legend>
        {deliverableRows.map((row, index) => {
          const n = String(index);
          return (
            <div class="jh-row-fields">
              <TextField
                name={`deliverableTitle${n}`}
                label={t('scorecard.deliverable.title', { n: index + 1 })}
                value={row.title}
                errors={errors}
              />
              <TextField
                name={`deliverableUrl${n}`}
                type="url"
                label={t('scorecard.deliverable.url')}
                value={row.url}
                errors={errors}
              />
              <DateField
                ctx={ctx}
                name={`deliverableDate${n}`}
                label={t('scorecard.deliverable.date')}
                value={row.date}
                errors={errors}
              />
            </div>
          );
        })}
      </fieldset>
      <Button>{t('common.save')}</Button>
    </form>
  );
}

/** What someone else changed meanwhile, beside what this user sent: the merge view. */
function ConflictNotice({
  ctx,
  mine,
  theirs,
}: {
  ctx: PageContext;
  mine: ActivityInput;
  theirs: ActivityView;
}): Html {
  const { t } = ctx;
  const stored = toInput(theirs);
  const differing = Object.keys(changedFields(stored, mine)) as (keyof ActivityInput)[];
  const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  return (
    <Notification variant="warning" title={t('scorecard.conflict.title')}>
      <p>{t('scorecard.conflict.text', { version: theirs.version })}</p>
      <Table
        ctx={ctx}
        caption={t('scorecard.conflict.caption')}
        rows={differing}
        columns={[
          { header: t('scorecard.conflict.field'), cell: (key) => key },
          { header: t('scorecard.conflict.theirs'), cell: (key) => show(stored[key]) },
          { header: t('scorecard.conflict.mine'), cell: (key) => show(mine[key]) },
        ]}
      />
    </Notification>
  );
}

function ProgressList({ ctx, updates }: { ctx: PageContext; updates: ProgressView[] }): Html {
  const { t } = ctx;
  if (updates.length === 0)
    return <p class="ecl-u-type-paragraph">{t('scorecard.progress.empty')}</p>;
  return (
    <ol class="jh-timeline-list">
      {updates.map((update) => (
        <li class="ecl-u-mb-m">
          <p class="ecl-u-type-paragraph ecl-u-type-bold">
            {t('scorecard.progress.heading', {
              date: formatDate(ctx.locale, update.postedOn),
              organisation: update.organisation,
            })}
          </p>
          <p class="ecl-u-type-paragraph">{update.text}</p>
          <ul>
            {update.changes.status ? (
              <li>
                {t('scorecard.progress.status', {
                  before: statusLabel(ctx, update.changes.status.before),
                  after: statusLabel(ctx, update.changes.status.after),
                })}
              </li>
            ) : null}
            {update.changes.assessment ? (
              <li>
                {t('scorecard.progress.assessment', {
                  after: t(`scorecard.assessment.${update.changes.assessment.after}`),
                })}
              </li>
            ) : null}
            {update.changes.assessmentReason ? (
              <li>
                {t('scorecard.progress.reason', { reason: update.changes.assessmentReason.after })}
              </li>
            ) : null}
            {Object.entries(update.changes.indicators ?? {}).map(([name, change]) => (
              <li>
                {t('scorecard.progress.indicator', {
                  name,
                  before: change.before === null ? '–' : formatNumber(ctx.locale, change.before),
                  after: formatNumber(ctx.locale, change.after),
                })}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function RevisionTable({
  ctx,
  revisions,
  activity,
}: {
  ctx: PageContext;
  revisions: RevisionView[];
  activity: ActivityView;
}): Html {
  const { t } = ctx;
  return (
    <Table
      ctx={ctx}
      caption={t('scorecard.revisions.caption')}
      rows={revisions}
      columns={[
        { header: t('scorecard.revisions.version'), cell: (r) => String(r.version) },
        {
          header: t('scorecard.revisions.effectiveOn'),
          cell: (r) => (
            <a class="ecl-link" href={activityHref(activity, r.effectiveOn)}>
              {formatDate(ctx.locale, r.effectiveOn)}
            </a>
          ),
        },
        {
          header: t('scorecard.revisions.summary'),
          cell: (r) => t(`scorecard.revision.${r.summary as 'created'}`),
        },
        {
          header: t('scorecard.revisions.recordedBy'),
          cell: (r) => r.recordedBy ?? t('scorecard.revisions.system'),
        },
        {
          header: t('scorecard.revisions.recordedAt'),
          cell: (r) => formatDateTime(ctx.locale, r.recordedAt),
        },
      ]}
    />
  );
}

function ActivityDetails({ ctx, activity }: { ctx: PageContext; activity: ActivityView }): Html {
  const { t } = ctx;
  const names = (list: { acronym: string }[]) =>
    list.map((o) => o.acronym).join(', ') || t('common.none');
  return (
    <div>
      {activity.description ? <p class="ecl-u-type-paragraph-l">{activity.description}</p> : null}
      <DescriptionList
        items={[
          [t('scorecard.field.year'), String(activity.year)],
          [
            t('scorecard.field.lines'),
            <ul class="jh-plain-list">
              {activity.lines.map((l) => (
                <li>
                  <a
                    class="ecl-link"
                    href={urlWith('/scorecard', { year: activity.year, line: l.code })}
                  >
                    {l.code}
                  </a>{' '}
                  {l.text}
                </li>
              ))}
            </ul>,
          ],
          [t('scorecard.field.lead'), `${activity.lead.acronym}: ${activity.lead.name}`],
          [t('scorecard.field.participants'), names(activity.participants)],
          [t('scorecard.field.partners'), names(activity.partners)],
          [t('scorecard.field.kind'), kindLabel(ctx, activity.kind)],
          [t('scorecard.field.tags'), activity.tags.join(', ') || t('common.none')],
          [
            t('scorecard.field.planned'),
            t('scorecard.field.plannedRange', {
              start: formatDate(ctx.locale, activity.plannedStart),
              end: formatDate(ctx.locale, activity.plannedEnd),
            }),
          ],
          [t('scorecard.field.status'), statusLabel(ctx, activity.status)],
          [
            t('scorecard.field.assessment'),
            <span>
              <AssessmentLabel ctx={ctx} assessment={activity.assessment} />
              {activity.assessmentReason ? ` ${activity.assessmentReason}` : ''}
            </span>,
          ],
          [
            t('scorecard.field.releasedToObservers'),
            activity.releasedToObservers ? t('common.yes') : t('common.no'),
          ],
          [t('scorecard.field.version'), String(activity.version)],
        ]}
      />
      <h2 class="ecl-u-type-heading-2">{t('scorecard.field.indicators')}</h2>
      <Table
        ctx={ctx}
        caption={t('scorecard.field.indicators')}
        rows={activity.indicators}
        columns={[
          { header: t('scorecard.indicator.nameHeader'), cell: (i) => i.name },
          { header: t('scorecard.indicator.unit'), cell: (i) => i.unit },
          {
            header: t('scorecard.indicator.value'),
            cell: (i) => (i.value === null ? '–' : formatNumber(ctx.locale, i.value)),
          },
          {
            header: t('scorecard.indicator.target'),
            cell: (i) => (i.target === null ? '–' : formatNumber(ctx.locale, i.target)),
          },
        ]}
      />
      <h2 class="ecl-u-type-heading-2">{t('scorecard.field.deliverables')}</h2>
      <Table
        ctx={ctx}
        caption={t('scorecard.field.deliverables')}
        rows={activity.deliverables}
        columns={[
          {
            header: t('scorecard.deliverable.titleHeader'),
            cell: (d) =>
              d.url ? (
                <a class="ecl-link" href={d.url} rel="noreferrer">
                  {d.title}
                </a>
              ) : (
                d.title
              ),
          },
          {
            header: t('scorecard.deliverable.date'),
            cell: (d) => (d.date ? formatDate(ctx.locale, d.date) : '–'),
          },
        ]}
      />
    </div>
  );
}

function ProgressForm({
  ctx,
  activity,
  values,
  errors,
}: {
  ctx: PageContext;
  activity: ActivityView;
  values: Record<string, string>;
  errors: FieldError[];
}): Html {
  const { t } = ctx;
  return (
    <form
      method="post"
      action={`/scorecard/activities/${activity.id}/progress`}
      class="jh-form"
      novalidate
    >
      <CsrfField ctx={ctx} />
      <input type="hidden" name="version" value={String(activity.version)} />
      <FormErrors ctx={ctx} errors={errors} />
      <DateField
        ctx={ctx}
        name="postedOn"
        label={t('scorecard.progress.postedOn')}
        value={values.postedOn}
        errors={errors}
        required
      />
      <TextArea
        name="text"
        label={t('scorecard.progress.text')}
        value={values.text}
        errors={errors}
        rows={4}
        required
      />
      <SelectField
        name="status"
        label={t('scorecard.progress.newStatus')}
        value={values.status ?? ''}
        errors={errors}
        options={[
          {
            value: '',
            label: t('scorecard.progress.unchanged', {
              current: statusLabel(ctx, activity.status),
            }),
          },
          ...activityStatuses.map((s) => ({ value: s, label: statusLabel(ctx, s) })),
        ]}
      />
      <SelectField
        name="assessment"
        label={t('scorecard.progress.newAssessment')}
        value={values.assessment ?? ''}
        errors={errors}
        options={[
          {
            value: '',
            label: t('scorecard.progress.unchanged', {
              current: activity.assessment
                ? t(`scorecard.assessment.${activity.assessment}`)
                : t('scorecard.assessment.none'),
            }),
          },
          ...assessments.map((a) => ({ value: a, label: t(`scorecard.assessment.${a}`) })),
        ]}
      />
      <TextArea
        name="assessmentReason"
        label={t('scorecard.field.assessmentReason')}
        value={values.assessmentReason}
        errors={errors}
        rows={2}
      />
      {activity.indicators.length > 0 ? (
        <fieldset class="ecl-u-mb-l" id="field-indicators">
          <legend class="ecl-u-type-heading-4">{t('scorecard.progress.indicators')}</legend>
          {activity.indicators.map((indicator, index) => (
            <TextField
              name={`indicatorValue${String(index)}`}
              label={t('scorecard.progress.indicatorValue', {
                name: indicator.name,
                current: indicator.value === null ? '–' : formatNumber(ctx.locale, indicator.value),
              })}
              value={values[`indicatorValue${String(index)}`]}
            />
          ))}
        </fieldset>
      ) : null}
      <Button>{t('scorecard.progress.post')}</Button>
    </form>
  );
}

function singleValues(body: FormBody): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      Array.isArray(value) ? (value[0] ?? '') : value,
    ]),
  );
}

export async function scorecardPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const scorecard: Scorecard = app.services.scorecard;

  const actorOf = (request: { actor: Actor | null }) => requireActor(request.actor);
  const mayCreate = (actor: Actor) => actor.role === 'admin' || actor.role === 'contact';

  app.get(
    '/scorecard',
    {
      schema: { querystring: FilterQuery },
      config: { access: scorecardPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = actorOf(request);
      const years = await scorecard.years();
      const year = yearOf(request.query, years);
      const { filters, errors, choose } = readFilters(ctx, request.query, year);
      const query: ScorecardQuery = {
        ...filters,
        sort: choose('sort', scorecardSortKeys) ?? 'title',
        direction: choose('direction', ['asc', 'desc'] as const) ?? 'asc',
        page: request.query.page,
        pageSize: PAGE_SIZE,
      };
      const [page, vocabulary] = await Promise.all([
        scorecard.list(actor, query),
        scorecard.vocabulary(year),
      ]);
      const params = filterParams(query);
      const exportParams = { ...params, sort: query.sort, direction: query.direction };
      return sendPage(
        reply,
        ctx,
        t('scorecard.title', { year }),
        <div>
          <ScorecardTabs ctx={ctx} current="/scorecard" year={year} />
          <p class="ecl-u-type-paragraph">{t('scorecard.intro')}</p>
          {mayCreate(actor) ? (
            <p>
              <LinkButton href={urlWith('/scorecard/activities/new', { year })}>
                {t('scorecard.new')}
              </LinkButton>
            </p>
          ) : null}
          <FilterForm
            ctx={ctx}
            action="/scorecard"
            filters={filters}
            years={years.length > 0 ? years : [year]}
            vocabulary={vocabulary}
            errors={errors}
            hidden={{ sort: query.sort, direction: query.direction }}
          />
          {query.asOf ? (
            <Notification variant="info">
              {t('scorecard.asOfNotice', { date: formatDate(ctx.locale, query.asOf) })}
            </Notification>
          ) : null}
          <p class="ecl-u-type-paragraph" role="status">
            {t('common.resultCount', { count: formatNumber(ctx.locale, page.total) })}{' '}
            <a class="ecl-link" href={urlWith('/scorecard/export.xlsx', exportParams)}>
              {t('scorecard.exportXlsx')}
            </a>{' '}
            <a class="ecl-link" href={urlWith('/scorecard/export.csv', exportParams)}>
              {t('common.exportCsv')}
            </a>
          </p>
          {page.total === 0 ? (
            <p class="ecl-u-type-paragraph jh-empty">{t('scorecard.empty')}</p>
          ) : (
            <ScorecardTable ctx={ctx} query={query} items={page.items} />
          )}
          <Pagination
            ctx={ctx}
            page={page.page}
            pageSize={page.pageSize}
            total={page.total}
            href={(n) =>
              urlWith('/scorecard', {
                ...params,
                sort: query.sort,
                direction: query.direction,
                page: n,
              })
            }
          />
        </div>,
      );
    },
  );

  async function sendActivityForm(
    reply: FastifyReply,
    ctx: PageContext,
    options: {
      title: string;
      action: string;
      values: ActivityInput;
      rows?: FormRows;
      notice?: Child;
      errors: FieldError[];
      version?: number;
      leadLocked: boolean;
      status?: number;
      conflict?: ActivityView;
    },
  ) {
    const vocabulary = await scorecard.vocabulary(options.values.year);
    return sendPage(
      reply,
      ctx,
      options.title,
      <div>
        {options.notice}
        {options.conflict ? (
          <ConflictNotice ctx={ctx} mine={options.values} theirs={options.conflict} />
        ) : null}
        <ActivityForm
          ctx={ctx}
          action={options.action}
          values={options.values}
          rows={options.rows ?? rowsOf(options.values)}
          vocabulary={vocabulary}
          errors={options.errors}
          {...(options.version !== undefined ? { version: options.version } : {})}
          leadLocked={options.leadLocked}
        />
      </div>,
      { status: options.status ?? 200 },
    );
  }

  const NewQuery = Type.Object({
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    // An action point of a meeting that the new activity carries out.
    meeting: Type.Optional(Type.String({ format: 'uuid' })),
    actionPoint: Type.Optional(Type.String({ format: 'uuid' })),
  });
  type NewQuery = Static<typeof NewQuery>;

  /** The meeting and action point a new activity comes from, if any; hidden ones are not found. */
  async function sourceOf(actor: Actor, query: NewQuery) {
    if (!query.meeting || !query.actionPoint) return null;
    const meeting = await app.services.meetings.get(actor, query.meeting);
    const point = meeting.actionPoints.find((p) => p.id === query.actionPoint);
    if (!point) throw new NotFoundError('No such action point.');
    return { meeting, point };
  }

  /**
   * Links the action point to the activity made from it. The activity is stored first, in its
   * own transaction; if the action point changed meanwhile the link is left to the user.
   */
  async function linkActionPoint(
    request: FastifyRequest,
    source: NonNullable<Awaited<ReturnType<typeof sourceOf>>>,
    activityId: string,
  ): Promise<boolean> {
    try {
      await app.services.meetings.updateActionPoint(
        actorOf(request),
        request.auditContext(),
        source.meeting.id,
        source.point.id,
        { activityId },
        source.point.version,
      );
      return true;
    } catch (error) {
      if (error instanceof AppError) return false;
      throw error;
    }
  }

  const newAction = (year: number, query: NewQuery) =>
    urlWith('/scorecard/activities/new', {
      year,
      meeting: query.meeting,
      actionPoint: query.actionPoint,
    });

  const fromNotice = (ctx: PageContext, source: Awaited<ReturnType<typeof sourceOf>>) =>
    source ? (
      <Notification variant="info">
        {ctx.t('scorecard.fromActionPoint', { meeting: source.meeting.title })}
      </Notification>
    ) : null;

  app.get(
    '/scorecard/activities/new',
    { schema: { querystring: NewQuery }, config: { access: scorecardPolicy.write, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = actorOf(request);
      const year = request.query.year ?? (await scorecard.defaultYear());
      const source = await sourceOf(actor, request.query);
      return sendActivityForm(reply, ctx, {
        title: ctx.t('scorecard.newTitle', { year }),
        action: newAction(year, request.query),
        notice: fromNotice(ctx, source),
        values: {
          year,
          title: source?.point.text.slice(0, 200) ?? '',
          description: '',
          lines: [],
          lead:
            source?.point.ownerAcronym ??
            (actor.role === 'contact' ? actor.organisationAcronym : ''),
          participants: [],
          partners: [],
          kind: '',
          tags: [],
          plannedStart: source?.meeting.start.slice(0, 10) ?? '',
          plannedEnd: source?.point.dueOn ?? '',
          status: 'planned',
          assessment: null,
          assessmentReason: '',
          releasedToObservers: true,
          indicators: [],
          deliverables: [],
        },
        errors: [],
        leadLocked: actor.role === 'contact',
      });
    },
  );

  app.post(
    '/scorecard/activities/new',
    {
      schema: { querystring: NewQuery, body: FormBody },
      config: { access: scorecardPolicy.write, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = actorOf(request);
      const year = request.query.year ?? (await scorecard.defaultYear());
      const source = await sourceOf(actor, request.query);
      const { input: values, rows } = activityInputOf(request.body, year);
      try {
        const created = await scorecard.create(actor, request.auditContext(), values);
        const linked = source ? await linkActionPoint(request, source, created.id) : true;
        return await reply.redirect(
          `${activityHref(created)}?saved=1${linked ? '' : '&unlinked=1'}`,
          303,
        );
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return sendActivityForm(reply, ctx, {
          title: ctx.t('scorecard.newTitle', { year }),
          action: newAction(year, request.query),
          notice: fromNotice(ctx, source),
          values,
          rows,
          errors: formFieldErrors(error.fieldErrors),
          leadLocked: actor.role === 'contact',
          status: 400,
        });
      }
    },
  );

  app.get(
    '/scorecard/activities/:id',
    {
      schema: { params: ActivityParams, querystring: SavedQuery },
      config: { access: scorecardPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = actorOf(request);
      const asOf =
        request.query.asOf && isCalendarDate(request.query.asOf) ? request.query.asOf : undefined;
      const current = await scorecard.get(actor, request.params.id);
      const shown = asOf ? await scorecard.getAsOf(actor, current.id, asOf) : current;
      const [updates, revisions] = await Promise.all([
        scorecard.progress(actor, current.id),
        scorecard.revisions(actor, current.id),
      ]);
      const mayChange = scorecard.mayChange(actor, current);
      const base = `/scorecard/activities/${current.id}`;
      return sendPage(
        reply,
        ctx,
        shown.title,
        <div>
          <p>
            <a class="ecl-link" href={urlWith('/scorecard', { year: current.year })}>
              {t('scorecard.back', { year: current.year })}
            </a>
          </p>
          {asOf ? (
            <Notification variant="info">
              {t('scorecard.asOfActivity', { date: formatDate(ctx.locale, asOf) })}{' '}
              <a class="ecl-link" href={base}>
                {t('scorecard.showCurrent')}
              </a>
            </Notification>
          ) : null}
          {mayChange && !asOf ? (
            <p class="jh-actions">
              <LinkButton href={`${base}/progress`}>{t('scorecard.progress.action')}</LinkButton>{' '}
              <a class="ecl-link ecl-u-ml-m" href={`${base}/edit`}>
                {t('common.edit')}
              </a>
              {actor.role === 'admin' ? (
                <a class="ecl-link ecl-u-ml-m" href={`${base}/delete`}>
                  {t('scorecard.delete.action')}
                </a>
              ) : null}
            </p>
          ) : null}
          <ActivityDetails ctx={ctx} activity={shown} />
          <p>
            <a
              class="ecl-link ecl-link--standalone"
              href={`/documents?linkedType=activity&linkedId=${shown.id}`}
            >
              {t('documents.linkedFrom')}
            </a>
          </p>
          <h2 class="ecl-u-type-heading-2">{t('scorecard.progress.title')}</h2>
          <ProgressList
            ctx={ctx}
            updates={asOf ? updates.filter((u) => u.postedOn <= asOf) : updates}
          />
          <h2 class="ecl-u-type-heading-2">{t('scorecard.revisions.title')}</h2>
          <RevisionTable ctx={ctx} revisions={revisions} activity={current} />
        </div>,
        {
          notices: (
            <div>
              {request.query.saved ? (
                <Notification variant="success">{t('common.saved')}</Notification>
              ) : null}
              {request.query.unlinked ? (
                <Notification variant="warning">{t('scorecard.linkFailed')}</Notification>
              ) : null}
            </div>
          ),
        },
      );
    },
  );

  app.get(
    '/scorecard/activities/:id/edit',
    { schema: { params: ActivityParams }, config: { access: scorecardPolicy.write, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = actorOf(request);
      const activity = await scorecard.get(actor, request.params.id);
      if (!scorecard.mayChange(actor, activity)) throw new NotFoundError('No such activity.');
      return sendActivityForm(reply, ctx, {
        title: ctx.t('scorecard.editTitle', { title: activity.title }),
        action: `/scorecard/activities/${activity.id}/edit`,
        values: toInput(activity),
        errors: [],
        version: activity.version,
        leadLocked: actor.role !== 'admin',
      });
    },
  );

  app.post(
    '/scorecard/activities/:id/edit',
    {
      schema: { params: ActivityParams, body: FormBody },
      config: { access: scorecardPolicy.write, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = actorOf(request);
      const activity = await scorecard.get(actor, request.params.id);
      if (!scorecard.mayChange(actor, activity)) throw new NotFoundError('No such activity.');
      const { input: values, rows } = activityInputOf(request.body, activity.year);
      const form = {
        title: ctx.t('scorecard.editTitle', { title: activity.title }),
        action: `/scorecard/activities/${activity.id}/edit`,
        values,
        rows,
        leadLocked: actor.role !== 'admin',
      };
      try {
        await scorecard.update(
          actor,
          request.auditContext(),
          activity.id,
          values,
          versionOf(versionField(request.body)),
        );
        return await reply.redirect(`${activityHref(activity)}?saved=1`, 303);
      } catch (error) {
        if (error instanceof ValidationError) {
          return sendActivityForm(reply, ctx, {
            ...form,
            errors: formFieldErrors(error.fieldErrors),
            version: versionOf(versionField(request.body)),
            status: 400,
          });
        }
        if (error instanceof StaleVersionError) {
          const current = await scorecard.get(actor, activity.id);
          return sendActivityForm(reply, ctx, {
            ...form,
            errors: [],
            version: current.version,
            status: 409,
            conflict: current,
          });
        }
        throw error;
      }
    },
  );

  app.get(
    '/scorecard/activities/:id/progress',
    { schema: { params: ActivityParams }, config: { access: scorecardPolicy.write, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = actorOf(request);
      const activity = await scorecard.get(actor, request.params.id);
      if (!scorecard.mayChange(actor, activity)) throw new NotFoundError('No such activity.');
      return sendPage(
        reply,
        ctx,
        ctx.t('scorecard.progress.formTitle', { title: activity.title }),
        <ProgressForm
          ctx={ctx}
          activity={activity}
          values={{ postedOn: todayUtc() }}
          errors={[]}
        />,
      );
    },
  );

  app.post(
    '/scorecard/activities/:id/progress',
    {
      schema: { params: ActivityParams, body: FormBody },
      config: { access: scorecardPolicy.write, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = actorOf(request);
      const activity = await scorecard.get(actor, request.params.id);
      if (!scorecard.mayChange(actor, activity)) throw new NotFoundError('No such activity.');
      const values = singleValues(request.body);
      const title = t('scorecard.progress.formTitle', { title: activity.title });
      try {
        await scorecard.postProgress(
          actor,
          request.auditContext(),
          activity.id,
          progressInputOf(request.body, activity),
          versionOf(versionField(request.body)),
        );
        return await reply.redirect(`${activityHref(activity)}?saved=1`, 303);
      } catch (error) {
        if (error instanceof ValidationError) {
          return sendPage(
            reply,
            ctx,
            title,
            <ProgressForm
              ctx={ctx}
              activity={activity}
              values={values}
              errors={error.fieldErrors}
            />,
            {
              status: 400,
            },
          );
        }
        if (error instanceof StaleVersionError) {
          // The form comes back on the current version, with the user's text kept and the
          // other change listed first in the history, so they can post again knowingly.
          const updates = await scorecard.progress(actor, activity.id);
          return sendPage(
            reply,
            ctx,
            title,
            <div>
              <Notification variant="warning" title={t('scorecard.conflict.title')}>
                <p>{t('scorecard.conflict.progress', { version: activity.version })}</p>
                <ProgressList ctx={ctx} updates={updates.slice(0, 1)} />
              </Notification>
              <ProgressForm ctx={ctx} activity={activity} values={values} errors={[]} />
            </div>,
            { status: 409 },
          );
        }
        throw error;
      }
    },
  );

  app.get(
    '/scorecard/activities/:id/delete',
    { schema: { params: ActivityParams }, config: { access: scorecardPolicy.delete, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const activity = await scorecard.get(actorOf(request), request.params.id);
      return sendPage(
        reply,
        ctx,
        t('scorecard.delete.title', { title: activity.title }),
        <form method="post" action={`/scorecard/activities/${activity.id}/delete`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={String(activity.version)} />
          <Notification variant="warning">{t('scorecard.delete.warning')}</Notification>
          <Button>{t('scorecard.delete.confirm')}</Button>{' '}
          <a class="ecl-link ecl-u-ml-m" href={activityHref(activity)}>
            {t('common.cancel')}
          </a>
        </form>,
      );
    },
  );

  app.post(
    '/scorecard/activities/:id/delete',
    {
      schema: { params: ActivityParams, body: FormBody },
      config: { access: scorecardPolicy.delete, page: true },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const activity = await scorecard.get(actor, request.params.id);
      try {
        await scorecard.delete(
          actor,
          request.auditContext(),
          activity.id,
          versionOf(versionField(request.body)),
        );
      } catch (error) {
        if (error instanceof StaleVersionError) return reply.redirect(activityHref(activity), 303);
        throw error;
      }
      return reply.redirect(urlWith('/scorecard', { year: activity.year }), 303);
    },
  );
}
