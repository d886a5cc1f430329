import { requireActor } from '../../../app/access.js';
import { NotFoundError } from '../../../app/errors.js';
import { FormBody } from '../../../app/forms/body.js';
import { submitForm } from '../../../app/forms/submit.js';
import { h } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { sectionTextForm } from '../forms/report.form.js';
import type { ReportDetail, ReportSectionView } from '../reports.model.js';
import { reportsPolicy } from '../reports.policy.js';
import { reportHref } from '../reports.views.js';
import { ReportPage } from '../views/report-page.js';
import { SectionPage } from '../views/section-page.js';
import { DoneQuery, IdParams, SectionParams, type PagesApp } from './kit.js';

/** A written section the secretariat may edit now; anything else is not found. */
function writableSection(report: ReportDetail, sectionId: string): ReportSectionView {
  const section = report.sections.find((s) => s.id === sectionId && s.origin === 'written');
  if (!section || !report.actions.edit) throw new NotFoundError('No such section.');
  return section;
}

/** A report's page and the pages of its written sections. */
export async function reportPages(app: PagesApp): Promise<void> {
  const { reports } = app.services;

  app.get(
    '/reports/:id',
    {
      schema: { params: IdParams, querystring: DoneQuery },
      config: { access: reportsPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const report = await reports.get(actor, request.params.id);
      const signoff = report.actions.release
        ? await app.services.reportSignoffs.get(actor, report.id)
        : undefined;
      return sendHtml(
        reply,
        <ReportPage ctx={ctx} report={report} done={request.query.done} signoff={signoff} />,
      );
    },
  );

  app.get(
    '/reports/:id/sections/:sectionId',
    { schema: { params: SectionParams }, config: { access: reportsPolicy.manage, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const report = await reports.get(requireActor(request.actor), request.params.id);
      const section = writableSection(report, request.params.sectionId);
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
      const section = writableSection(report, request.params.sectionId);
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
          const stored = writableSection(await reports.get(actor, report.id), section.id);
          return { values: { text: stored.body }, version: stored.version };
        },
        done: `${reportHref(report.id)}?done=saved`,
      });
    },
  );
}
