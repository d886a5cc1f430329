import { requireActor } from '../../../app/access.js';
import { todayUtc } from '../../../app/dates.js';
import { NotFoundError } from '../../../app/errors.js';
import { FormBody } from '../../../app/forms/body.js';
import { submitForm } from '../../../app/forms/submit.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { newReportForm } from '../forms/report.form.js';
import type { CalendarEntry } from '../reports.model.js';
import { reportsPolicy } from '../reports.policy.js';
import { yearOrCurrent } from '../reports.routes.js';
import { reportHref } from '../reports.views.js';
import { CalendarPage, NewReportPage } from '../views/calendar.js';
import { ObligationParams, YearQuery, type PagesApp } from './kit.js';

/** The calendar of the reports owed in a year, and starting the report of one of them. */
export async function calendarPages(app: PagesApp): Promise<void> {
  const { reports } = app.services;

  /** The calendar entry of an obligation that has no report yet; anything else is not found. */
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
}
