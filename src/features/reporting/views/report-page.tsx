import { todayUtc } from '../../../app/dates.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { Button, DescriptionList, Notification } from '../../../app/html/components.js';
import { Fragment, h, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate, formatDateTime } from '../../../app/i18n/format.js';
import type { MessageKey } from '../../../app/i18n/i18n.js';
import { finaliseForm, reportSettingsForm, submissionForm } from '../forms/report.form.js';
import type { DoneNotice } from '../pages/kit.js';
import type { ReportDetail } from '../reports.model.js';
import { ReportDownloads } from '../reports.outputs.js';
import { ReportBody, markingText, reportHref } from '../reports.views.js';
import type { SignoffView } from '../reports.signoff.service.js';
import { SignoffTable, contributionsHref } from './contributions.js';
import { compareHref } from './compare.js';

const doneMessages: Record<DoneNotice, MessageKey> = {
  created: 'reports.created',
  saved: 'reports.saved',
  finalised: 'reports.finalised',
  submitted: 'reports.submitted',
};

/** The report page's forms, each in the state a failed post left it. */
export interface ReportForms {
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
      <ol class="ecl-ordered-list jh-report-sections">
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

/** A report: its state, downloads, the secretariat's forms and the preview of its text. */
export function ReportPage({
  ctx,
  report,
  done,
  forms = {},
  signoff,
}: {
  ctx: PageContext;
  report: ReportDetail;
  done?: DoneNotice | undefined;
  forms?: ReportForms;
  /** The member agencies' sign-off, for the secretariat. */
  signoff?: SignoffView | undefined;
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
      {manage ? (
        <p class="ecl-u-type-paragraph">
          <a class="ecl-link ecl-link--standalone" href={compareHref(report.id)}>
            {t('reports.compare.link')}
          </a>
        </p>
      ) : null}
      {manage ? <SectionsList ctx={ctx} report={report} /> : null}
      {manage ? (
        <p class="ecl-u-type-paragraph">
          <a class="ecl-link" href={contributionsHref(report.id)}>
            {t('reports.contributions.link')}
          </a>
        </p>
      ) : null}
      {signoff ? <SignoffTable ctx={ctx} signoff={signoff} /> : null}
      {manage ? <ManageForms ctx={ctx} report={report} forms={forms} /> : null}
      <h2 class="ecl-u-type-heading-2">{t('reports.detail.preview')}</h2>
      <ReportBody ctx={ctx} document={report.document} />
    </Layout>
  );
}
