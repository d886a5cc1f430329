import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../app/access.js';
import { todayUtc } from '../../app/dates.js';
import { FormBody } from '../../app/forms/body.js';
import { bindForm } from '../../app/forms/bind.js';
import type { FormState } from '../../app/forms/define-form.js';
import { submitForm } from '../../app/forms/submit.js';
import { Button, DescriptionList, Notification } from '../../app/html/components.js';
import { Fragment, h, type Html } from '../../app/html/jsx.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import { sendHtml } from '../../app/html/send-html.js';
import { formatDate, formatDateTime } from '../../app/i18n/format.js';
import { oneOf } from '../../app/http.js';
import { NotFoundError } from '../../app/errors.js';
import { reportAudiences } from '../../db/schema.js';
import {
  finaliseForm,
  newReportForm,
  reportSettingsForm,
  sectionTextForm,
  submissionForm,
} from './forms/report.form.js';
import type { CalendarEntry, ReportDetail, ReportSectionView } from './reports.model.js';
import { mayManage, reportsPolicy } from './reports.policy.js';
import { yearOrCurrent } from './reports.routes.js';
import { ReportDownloads } from './reports.outputs.js';
import { printPages } from './reports.print.js';
import {
  ReportBody,
  StatusLabel,
  markingText,
  obligationLabel,
  recipientLabel,
  reportHref,
} from './reports.views.js';

const YearQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })) },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const SectionParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  sectionId: Type.String({ minLength: 1, maxLength: 64 }),
});
const ObligationParams = Type.Object({
  obligationId: Type.String({ minLength: 1, maxLength: 64 }),
});
const DoneQuery = Type.Object(
  { done: Type.Optional(oneOf(['created', 'saved', 'finalised', 'submitted'] as const)) },
  { additionalProperties: false },
);

function CalendarPage({
  ctx,
  year,
  entries,
}: {
  ctx: PageContext;
  year: number;
  entries: CalendarEntry[];
}): Html {
  const { t } = ctx;
  const manage = ctx.actor !== null && mayManage(ctx.actor);
  return (
    <Layout ctx={ctx} title={t('reports.title', { year })}>
      <p class="ecl-u-type-paragraph">{t('reports.intro')}</p>
      <form method="get" action="/reports" class="jh-inline-form ecl-u-mb-l">
        <label class="ecl-form-label" for="report-year">
          {t('reports.year')}
        </label>{' '}
        <input
          id="report-year"
          class="ecl-text-input ecl-text-input--s"
          type="number"
          name="year"
          min="2006"
          max="2100"
          value={String(year)}
        />{' '}
        <Button variant="secondary">{t('reports.show')}</Button>
      </form>
      {entries.length === 0 ? (
        <p class="ecl-u-type-paragraph jh-empty">{t('reports.calendar.none', { year })}</p>
      ) : (
        <div
          class="jh-table-wrapper"
          tabindex="0"
          role="region"
          aria-label={t('reports.calendar.caption', { year })}
        >
          <table class="ecl-table ecl-table--zebra jh-table-cards">
            <caption class="ecl-u-sr-only">{t('reports.calendar.caption', { year })}</caption>
            <thead class="ecl-table__head">
              <tr class="ecl-table__row">
                {[
                  t('reports.calendar.report'),
                  t('reports.calendar.recipient'),
                  t('reports.calendar.due'),
                  t('reports.calendar.chair'),
                  t('reports.calendar.status'),
                ].map((header) => (
                  <th scope="col" class="ecl-table__header">
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="ecl-table__body">
              {entries.map((entry) => (
                <tr class="ecl-table__row">
                  <td class="ecl-table__cell" data-ecl-table-header={t('reports.calendar.report')}>
                    {entry.reportId !== null ? (
                      <a class="ecl-link" href={reportHref(entry.reportId)}>
                        {obligationLabel(t, entry)}
                      </a>
                    ) : (
                      obligationLabel(t, entry)
                    )}
                    {entry.reportId === null && manage ? (
                      <p class="ecl-u-mt-xs ecl-u-mb-none">
                        <a
                          class="ecl-link ecl-link--standalone"
                          href={`/reports/obligations/${encodeURIComponent(entry.obligationId)}/new`}
                        >
                          {t('reports.calendar.create')}
                          <span class="ecl-u-sr-only">{`: ${obligationLabel(t, entry)} (${recipientLabel(t, entry)})`}</span>
                        </a>
                      </p>
                    ) : null}
                  </td>
                  <td
                    class="ecl-table__cell"
                    data-ecl-table-header={t('reports.calendar.recipient')}
                  >
                    {recipientLabel(t, entry)}
                  </td>
                  <td class="ecl-table__cell" data-ecl-table-header={t('reports.calendar.due')}>
                    {entry.dueOn === null
                      ? t('reports.calendar.noDue')
                      : formatDate(ctx.locale, entry.dueOn)}
                  </td>
                  <td class="ecl-table__cell" data-ecl-table-header={t('reports.calendar.chair')}>
                    {entry.chair ?? ''}
                  </td>
                  <td class="ecl-table__cell" data-ecl-table-header={t('reports.calendar.status')}>
                    <StatusLabel ctx={ctx} status={entry.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

function NewReportPage({
  ctx,
  entry,
  state,
}: {
  ctx: PageContext;
  entry: CalendarEntry;
  state: FormState<typeof newReportForm.fields>;
}): Html {
  const f = bindForm(newReportForm, ctx, state);
  const title = `${obligationLabel(ctx.t, entry)} (${recipientLabel(ctx.t, entry)})`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        {
          href: `/reports?year=${String(entry.year)}`,
          label: ctx.t('reports.title', { year: entry.year }),
        },
      ]}
    >
      <f.Form action={`/reports/obligations/${encodeURIComponent(entry.obligationId)}/new`}>
        <f.Date name="asOf" />
        <Button>{ctx.t('reports.calendar.create')}</Button>
      </f.Form>
    </Layout>
  );
}

const doneMessages = {
  created: 'reports.created',
  saved: 'reports.saved',
  finalised: 'reports.finalised',
  submitted: 'reports.submitted',
} as const;

interface ReportForms {
  settings?: FormState<typeof reportSettingsForm.fields>;
  submission?: FormState<typeof submissionForm.fields>;
  finalise?: FormState<typeof finaliseForm.fields>;
}

function SectionsList({ ctx, report }: { ctx: PageContext; report: ReportDetail }): Html {
  const { t } = ctx;
  return (
    <section aria-labelledby="sections" class="ecl-u-mb-l">
      <h2 class="ecl-u-type-heading-2" id="sections">
        {t('reports.detail.sections')}
      </h2>
      <ol class="ecl-ordered-list">
        {report.sections.map((section) => (
          <li class="ecl-ordered-list__item">
            {section.title}{' '}
            <span class="ecl-u-type-s ecl-u-type-color-grey-75">
              ({t(`reports.origin.${section.origin}`)})
            </span>
            {section.origin === 'written' && report.actions.edit ? (
              <>
                {' '}
                <a
                  class="ecl-link"
                  href={`${reportHref(report.id)}/sections/${encodeURIComponent(section.id)}`}
                >
                  {t('reports.detail.edit')}
                  <span class="ecl-u-sr-only">{`: ${section.title}`}</span>
                </a>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ManageForms({
  ctx,
  report,
  forms,
}: {
  ctx: PageContext;
  report: ReportDetail;
  forms: ReportForms;
}): Html {
  const { t } = ctx;
  const settings = bindForm(
    reportSettingsForm,
    ctx,
    forms.settings ??
      reportSettingsForm.opened({ asOf: report.asOf, audience: report.audience }, report.version),
  );
  const finalise = bindForm(
    finaliseForm,
    ctx,
    forms.finalise ?? finaliseForm.opened({}, report.version),
  );
  const submission = bindForm(
    submissionForm,
    ctx,
    forms.submission ?? submissionForm.opened({ submittedOn: todayUtc() }, report.version),
  );
  return (
    <div class="jh-report-manage">
      <section aria-labelledby="settings" class="ecl-u-mb-l">
        <h2 class="ecl-u-type-heading-2" id="settings">
          {t('reports.settings.title')}
        </h2>
        <settings.Form action={`${reportHref(report.id)}/settings`}>
          {report.status === 'draft' ? (
            <settings.Date name="asOf" />
          ) : (
            <input type="hidden" name="asOf" value={report.asOf} />
          )}
          <settings.Select name="audience" />
          <Button variant="secondary">{t('reports.settings.save')}</Button>
        </settings.Form>
      </section>
      {report.actions.finalise ? (
        <section aria-labelledby="finalise" class="ecl-u-mb-l">
          <h2 class="ecl-u-type-heading-2" id="finalise">
            {t('reports.finalise.title')}
          </h2>
          <p class="ecl-u-type-paragraph">{t('reports.finalise.hint')}</p>
          <finalise.Form action={`${reportHref(report.id)}/finalise`}>
            <Button>{t('reports.finalise.button')}</Button>
          </finalise.Form>
        </section>
      ) : null}
      {report.actions.submit ? (
        <section aria-labelledby="submit" class="ecl-u-mb-l">
          <h2 class="ecl-u-type-heading-2" id="submit">
            {t('reports.submit.title')}
          </h2>
          <submission.Form action={`${reportHref(report.id)}/submit`}>
            <submission.Date name="submittedOn" />
            <Button>{t('reports.submit.button')}</Button>
          </submission.Form>
        </section>
      ) : null}
    </div>
  );
}

function ReportPage({
  ctx,
  report,
  done,
  forms = {},
}: {
  ctx: PageContext;
  report: ReportDetail;
  done?: keyof typeof doneMessages | undefined;
  forms?: ReportForms;
}): Html {
  const { t } = ctx;
  const manage = report.actions.release;
  return (
    <Layout
      ctx={ctx}
      title={report.title}
      breadcrumbs={[
        {
          href: `/reports?year=${String(report.year)}`,
          label: t('reports.title', { year: report.year }),
        },
      ]}
      notices={
        <>
          <div
            class="jh-marking jh-marking--marked"
            role="note"
            aria-label={t('reports.detail.marking')}
          >
            {markingText(ctx, report.document)}
          </div>
          {done ? <Notification variant="success">{t(doneMessages[done])}</Notification> : null}
        </>
      }
    >
      <DescriptionList
        items={[
          [t('reports.detail.status'), t(`reports.state.${report.status}`)],
          [t('reports.calendar.asOf'), formatDate(ctx.locale, report.asOf)],
          [t('reports.detail.audience'), t(`reports.audience.${report.audience}`)],
          ...(report.hash !== null
            ? ([[t('reports.detail.hash'), <code class="jh-hash">{report.hash}</code>]] as [
                string,
                Html,
              ][])
            : []),
        ]}
      />
      <p class="ecl-u-type-paragraph">
        {report.status === 'draft'
          ? t('reports.detail.draftNote')
          : t('reports.detail.finalNote', {
              date: formatDateTime(ctx.locale, report.finalisedAt ?? ''),
            })}
        {report.submittedOn !== null
          ? ` ${t('reports.detail.submittedOn', { date: formatDate(ctx.locale, report.submittedOn) })}`
          : null}
      </p>
      <ReportDownloads ctx={ctx} id={report.id} />
      {manage ? <SectionsList ctx={ctx} report={report} /> : null}
      {manage ? <ManageForms ctx={ctx} report={report} forms={forms} /> : null}
      <h2 class="ecl-u-type-heading-2">{t('reports.detail.preview')}</h2>
      <ReportBody ctx={ctx} document={report.document} />
    </Layout>
  );
}

function SectionPage({
  ctx,
  report,
  section,
  state,
}: {
  ctx: PageContext;
  report: ReportDetail;
  section: ReportSectionView;
  state: FormState<typeof sectionTextForm.fields>;
}): Html {
  const f = bindForm(sectionTextForm, ctx, state);
  return (
    <Layout
      ctx={ctx}
      title={ctx.t('reports.detail.editSection', { title: section.title })}
      breadcrumbs={[
        {
          href: `/reports?year=${String(report.year)}`,
          label: ctx.t('reports.title', { year: report.year }),
        },
        { href: reportHref(report.id), label: report.title },
      ]}
    >
      <f.Form action={`${reportHref(report.id)}/sections/${encodeURIComponent(section.id)}`}>
        <f.TextArea name="text" rows={14} />
        <Button>{ctx.t('common.save')}</Button>
      </f.Form>
    </Layout>
  );
}

export async function reportsPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { reports } = app.services;

  const sendReport = (
    reply: FastifyReply,
    ctx: PageContext,
    report: ReportDetail,
    forms: ReportForms,
    status: number,
  ) => sendHtml(reply, <ReportPage ctx={ctx} report={report} forms={forms} />, status);

  const entryOf = async (ctx: PageContext, obligationId: string): Promise<CalendarEntry> => {
    const actor = requireActor(ctx.actor);
    const obligation = await app.services.database.db
      .selectFrom('report_obligations')
      .select('year')
      .where('id', '=', obligationId)
      .executeTakeFirst();
    const entry = obligation
      ? (await reports.calendar(actor, obligation.year)).find(
          (e) => e.obligationId === obligationId,
        )
      : undefined;
    if (!entry || entry.reportId !== null) throw new NotFoundError('No such report obligation.');
    return entry;
  };

  app.get(
    '/reports',
    { schema: { querystring: YearQuery }, config: { access: reportsPolicy.calendar, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const year = yearOrCurrent(request.query.year);
      const entries = await reports.calendar(requireActor(request.actor), year);
      return sendHtml(reply, <CalendarPage ctx={ctx} year={year} entries={entries} />);
    },
  );

  app.get(
    '/reports/obligations/:obligationId/new',
    { schema: { params: ObligationParams }, config: { access: reportsPolicy.manage, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const entry = await entryOf(ctx, request.params.obligationId);
      const asOf = entry.dueOn !== null && entry.dueOn < todayUtc() ? entry.dueOn : todayUtc();
      return sendHtml(
        reply,
        <NewReportPage ctx={ctx} entry={entry} state={newReportForm.opened({ asOf })} />,
      );
    },
  );

  app.post(
    '/reports/obligations/:obligationId/new',
    {
      schema: { params: ObligationParams, body: FormBody },
      config: { access: reportsPolicy.manage, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const entry = await entryOf(ctx, request.params.obligationId);
      return submitForm(reply, {
        form: newReportForm,
        body: request.body,
        t: ctx.t,
        write: (values) =>
          reports.create(requireActor(request.actor), request.auditContext(), {
            obligationId: entry.obligationId,
            asOf: values.asOf,
          }),
        show: (state, status) =>
          sendHtml(reply, <NewReportPage ctx={ctx} entry={entry} state={state} />, status),
        done: (report) => `${reportHref(report.id)}?done=created`,
      });
    },
  );

  app.get(
    '/reports/:id',
    {
      schema: { params: IdParams, querystring: DoneQuery },
      config: { access: reportsPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const report = await reports.get(requireActor(request.actor), request.params.id);
      return sendHtml(reply, <ReportPage ctx={ctx} report={report} done={request.query.done} />);
    },
  );

  app.post(
    '/reports/:id/settings',
    {
      schema: { params: IdParams, body: FormBody },
      config: { access: reportsPolicy.manage, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const report = await reports.get(actor, request.params.id);
      return submitForm(reply, {
        form: reportSettingsForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          reports.update(
            actor,
            request.auditContext(),
            report.id,
            {
              ...(report.status === 'draft' ? { asOf: values.asOf } : {}),
              audience: reportAudiences.find((audience) => audience === values.audience),
            },
            version,
          ),
        show: (state, status) => sendReport(reply, ctx, report, { settings: state }, status),
        current: async () => {
          const stored = await reports.get(actor, report.id);
          return {
            values: { asOf: stored.asOf, audience: stored.audience },
            version: stored.version,
          };
        },
        done: `${reportHref(report.id)}?done=saved`,
      });
    },
  );

  app.post(
    '/reports/:id/finalise',
    {
      schema: { params: IdParams, body: FormBody },
      config: { access: reportsPolicy.manage, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const report = await reports.get(actor, request.params.id);
      return submitForm(reply, {
        form: finaliseForm,
        body: request.body,
        t: ctx.t,
        write: (_values, version) =>
          reports.finalise(actor, request.auditContext(), report.id, version),
        show: (state, status) => sendReport(reply, ctx, report, { finalise: state }, status),
        current: async () => ({
          values: {},
          version: (await reports.get(actor, report.id)).version,
        }),
        done: `${reportHref(report.id)}?done=finalised`,
      });
    },
  );

  app.post(
    '/reports/:id/submit',
    {
      schema: { params: IdParams, body: FormBody },
      config: { access: reportsPolicy.manage, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const report = await reports.get(actor, request.params.id);
      return submitForm(reply, {
        form: submissionForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          reports.submit(
            actor,
            request.auditContext(),
            report.id,
            { submittedOn: values.submittedOn },
            version,
          ),
        show: (state, status) => sendReport(reply, ctx, report, { submission: state }, status),
        current: async () => ({
          values: { submittedOn: todayUtc() },
          version: (await reports.get(actor, report.id)).version,
        }),
        done: `${reportHref(report.id)}?done=submitted`,
      });
    },
  );

  const sectionOf = (report: ReportDetail, sectionId: string): ReportSectionView => {
    const section = report.sections.find((s) => s.id === sectionId && s.origin === 'written');
    if (!section || !report.actions.edit) throw new NotFoundError('No such section.');
    return section;
  };

  app.get(
    '/reports/:id/sections/:sectionId',
    { schema: { params: SectionParams }, config: { access: reportsPolicy.manage, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const report = await reports.get(requireActor(request.actor), request.params.id);
      const section = sectionOf(report, request.params.sectionId);
      return sendHtml(
        reply,
        <SectionPage
          ctx={ctx}
          report={report}
          section={section}
          state={sectionTextForm.opened({ text: section.body }, section.version)}
        />,
      );
    },
  );

  app.post(
    '/reports/:id/sections/:sectionId',
    {
      schema: { params: SectionParams, body: FormBody },
      config: { access: reportsPolicy.manage, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const report = await reports.get(actor, request.params.id);
      const section = sectionOf(report, request.params.sectionId);
      return submitForm(reply, {
        form: sectionTextForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          reports.editSection(
            actor,
            request.auditContext(),
            report.id,
            section.id,
            { text: values.text },
            version,
          ),
        show: (state, status) =>
          sendHtml(
            reply,
            <SectionPage ctx={ctx} report={report} section={section} state={state} />,
            status,
          ),
        current: async () => {
          const stored = sectionOf(await reports.get(actor, report.id), section.id);
          return { values: { text: stored.body }, version: stored.version };
        },
        done: `${reportHref(report.id)}?done=saved`,
      });
    },
  );

  await app.register(printPages);
}
