import { requireActor, type Actor } from '../../../app/access.js';
import { todayUtc } from '../../../app/dates.js';
import { FormBody } from '../../../app/forms/body.js';
import type { Fields, FormDefinition, FormState, Values } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { h } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import type { AuditContext } from '../../audit/audit.events.js';
import { reportAudiences } from '../../../db/schema.js';
import { finaliseForm, reportSettingsForm, submissionForm } from '../forms/report.form.js';
import type { ReportDetail } from '../reports.model.js';
import { reportsPolicy } from '../reports.policy.js';
import type { Reports } from '../reports.service.js';
import { reportHref } from '../reports.views.js';
import { ReportPage, type ReportForms } from '../views/report-page.js';
import { IdParams, type DoneNotice, type PagesApp } from './kit.js';

interface StepCaller {
  reports: Reports;
  actor: Actor;
  audit: AuditContext;
}

/** One form of the report page that changes the report as a whole. */
interface ReportStep<F extends Fields> {
  /** The last part of the address the form posts to, under the report's. */
  path: string;
  form: FormDefinition<F>;
  write: (
    caller: StepCaller,
    report: ReportDetail,
    values: Values<F>,
    version: number,
  ) => Promise<ReportDetail>;
  /** The form's values as the report stands now, for the merge view of a stale post. */
  stored: (report: ReportDetail) => Values<F>;
  /** The report page's forms, with this one in the state a refused post left it. */
  forms: (state: FormState<F>) => ReportForms;
  done: DoneNotice;
}

/**
 * The post of a report-wide form, written once for all of them: the report must be visible to
 * the secretariat member, a refusal draws the report page again with the form's errors, a stale
 * version its merge view, and a success goes back to the report with its notice.
 */
function reportStep<F extends Fields>(app: PagesApp, step: ReportStep<F>): void {
  const { reports } = app.services;
  app.post(
    `/reports/:id/${step.path}`,
    {
      schema: { params: IdParams, body: FormBody },
      config: { access: reportsPolicy.manage, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const caller = { reports, actor, audit: request.auditContext() };
      const report = await reports.get(actor, request.params.id);
      return submitForm(reply, {
        form: step.form,
        body: request.body,
        t: ctx.t,
        write: (values, version) => step.write(caller, report, values, version),
        show: (state, status) =>
          sendHtml(
            reply,
            <ReportPage ctx={ctx} report={report} forms={step.forms(state)} />,
            status,
          ),
        current: async () => {
          const stored = await reports.get(actor, report.id);
          return { values: step.stored(stored), version: stored.version };
        },
        done: `${reportHref(report.id)}?done=${step.done}`,
      });
    },
  );
}

/** What changes a report as a whole: its day and readers (its marking), finalising, submitting. */
export function reportLifecyclePages(app: PagesApp): void {
  reportStep(app, {
    path: 'settings',
    form: reportSettingsForm,
    write: ({ reports, actor, audit }, report, values, version) =>
      reports.update(
        actor,
        audit,
        report.id,
        {
          ...(report.status === 'draft' ? { asOf: values.asOf } : {}),
          audience: reportAudiences.find((audience) => audience === values.audience),
        },
        version,
      ),
    stored: (report) => ({ asOf: report.asOf, audience: report.audience }),
    forms: (settings) => ({ settings }),
    done: 'saved',
  });

  reportStep(app, {
    path: 'finalise',
    form: finaliseForm,
    write: ({ reports, actor, audit }, report, _values, version) =>
      reports.finalise(actor, audit, report.id, version),
    stored: () => ({}),
    forms: (finalise) => ({ finalise }),
    done: 'finalised',
  });

  reportStep(app, {
    path: 'submit',
    form: submissionForm,
    write: ({ reports, actor, audit }, report, values, version) =>
      reports.submit(actor, audit, report.id, { submittedOn: values.submittedOn }, version),
    stored: () => ({ submittedOn: todayUtc() }),
    forms: (submission) => ({ submission }),
    done: 'submitted',
  });
}
