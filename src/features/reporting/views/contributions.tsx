import { bindForm, type PickerOption } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { Button, Notification } from '../../../app/html/components.js';
import { Fragment, h, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { DescriptionList, Table } from '../../../app/html/table.js';
import { formatDate, formatDateTime } from '../../../app/i18n/format.js';
import {
  contributionRequestForm,
  contributionStepForm,
  contributionTextForm,
  signoffAnswerForm,
  signoffProcedureForm,
} from '../forms/contributions.form.js';
import type { ContributionView } from '../reports.contributions.service.js';
import type { ReportDetail } from '../reports.model.js';
import type { SignoffAgencyView, SignoffView } from '../reports.signoff.service.js';
import { ReportBody, reportHref } from '../reports.views.js';

export const contributionsHref = (reportId: string) => `${reportHref(reportId)}/contributions`;
export const contributionHref = (reportId: string, id: string) =>
  `${contributionsHref(reportId)}/${encodeURIComponent(id)}`;
export const signoffHref = (reportId: string, organisationId: string) =>
  `${reportHref(reportId)}/signoff/${encodeURIComponent(organisationId)}`;

/** The state badge of a request or an answer: a word, never colour alone. */
function State({ ctx, state }: { ctx: PageContext; state: string }): Html {
  const late = state === 'late' || state === 'objected';
  return (
    <span class={`ecl-label ${late ? 'ecl-label--high' : 'ecl-label--low'}`}>
      {ctx.t(`reports.state.${state}` as 'reports.state.late')}
    </span>
  );
}

/** Who approved, who objected (and why), who is silent: the secretariat's view of a sign-off. */
export function SignoffTable({ ctx, signoff }: { ctx: PageContext; signoff: SignoffView }): Html {
  const { t } = ctx;
  return (
    <section aria-labelledby="signoff-status" class="ecl-u-mb-l">
      <h2 class="ecl-u-type-heading-2" id="signoff-status">
        {t('reports.signoff.title')}
      </h2>
      <p class="ecl-u-type-paragraph">
        {signoff.dueOn === null
          ? t('reports.signoff.notAsked')
          : t(`reports.signoff.procedure.${signoff.rule}`, {
              date: formatDate(ctx.locale, signoff.dueOn),
            })}
      </p>
      {signoff.blockers.length > 0 ? (
        <Notification variant="warning">
          <ul class="ecl-unordered-list">
            {signoff.blockers.map((b) => (
              <li class="ecl-unordered-list__item">{b}</li>
            ))}
          </ul>
        </Notification>
      ) : signoff.complete ? (
        <Notification variant="success">{t('reports.signoff.complete')}</Notification>
      ) : null}
      {signoff.agencies.length > 0 ? (
        <Table<SignoffAgencyView>
          ctx={ctx}
          caption={t('reports.signoff.title')}
          rows={signoff.agencies}
          columns={[
            { header: t('reports.signoff.agency'), cell: (a) => a.agency },
            {
              header: t('reports.signoff.state'),
              cell: (a) => <State ctx={ctx} state={a.state} />,
            },
            {
              header: t('reports.signoff.comment'),
              cell: (a) =>
                a.onEarlierText ? <em>{t('reports.signoff.onEarlierText')}</em> : a.comment,
            },
            {
              header: t('reports.signoff.answeredAt'),
              cell: (a) => (a.answeredAt === null ? '' : formatDateTime(ctx.locale, a.answeredAt)),
            },
          ]}
        />
      ) : null}
    </section>
  );
}

/** The forms of the secretariat's page, each in the state a refused post left it. */
export interface ContributionsForms {
  request?: FormState<typeof contributionRequestForm.fields>;
  procedure?: FormState<typeof signoffProcedureForm.fields>;
  step?: { id: string; state: FormState<typeof contributionStepForm.fields> };
}

/** The secretariat's page: requests and their status, asking, the sign-off and its procedure. */
export function ContributionsPage({
  ctx,
  report,
  contributions,
  signoff,
  agencies,
  forms = {},
  done,
}: {
  ctx: PageContext;
  report: ReportDetail;
  contributions: readonly ContributionView[];
  signoff: SignoffView;
  agencies: readonly PickerOption[];
  forms?: ContributionsForms;
  done?: string | undefined;
}): Html {
  const { t } = ctx;
  const request = bindForm(
    contributionRequestForm,
    ctx,
    forms.request ?? { values: contributionRequestForm.initial(), errors: [] },
    {
      choices: {
        sectionId: report.sections.map((s) => ({ value: s.id, label: s.title })),
        organisationIds: agencies,
      },
    },
  );
  const procedure = bindForm(
    signoffProcedureForm,
    ctx,
    forms.procedure ??
      signoffProcedureForm.opened(
        { rule: signoff.rule, deadline: signoff.dueOn ?? '' },
        report.version,
      ),
  );
  const step = (id: string, version: number) =>
    bindForm(
      contributionStepForm,
      ctx,
      forms.step?.id === id ? forms.step.state : contributionStepForm.opened({}, version),
    );
  const reopen = step('reopen', report.version);
  return (
    <Layout
      ctx={ctx}
      title={t('reports.contributions.pageTitle', { title: report.title })}
      breadcrumbs={[
        {
          href: `/reports?year=${String(report.year)}`,
          label: t('reports.title', { year: report.year }),
        },
        { href: reportHref(report.id), label: report.title },
      ]}
      notices={
        done ? <Notification variant="success">{t('reports.saved')}</Notification> : undefined
      }
    >
      <section aria-labelledby="contributions" class="ecl-u-mb-l">
        <h2 class="ecl-u-type-heading-2" id="contributions">
          {t('reports.contributions.title')}
        </h2>
        <Table<ContributionView>
          ctx={ctx}
          caption={t('reports.contributions.title')}
          rows={contributions}
          columns={[
            { header: t('reports.contributions.section'), cell: (c) => c.sectionTitle },
            { header: t('reports.signoff.agency'), cell: (c) => c.agency },
            {
              header: t('reports.contributions.dueOn'),
              cell: (c) => formatDate(ctx.locale, c.dueOn),
            },
            {
              header: t('reports.signoff.state'),
              cell: (c) => <State ctx={ctx} state={c.state} />,
            },
            {
              header: t('reports.contributions.text'),
              cell: (c) =>
                c.status === 'submitted' || c.status === 'accepted' ? (
                  <>
                    <p class="ecl-u-type-paragraph jh-contribution-text">{c.text}</p>
                    {c.status === 'submitted' && report.status === 'draft'
                      ? (() => {
                          const accept = step(c.id, c.version);
                          return (
                            <accept.Form action={`${contributionHref(report.id, c.id)}/accept`}>
                              <Button variant="secondary">
                                {t('reports.contributions.accept')}
                                <span class="ecl-u-sr-only">{`: ${c.agency}, ${c.sectionTitle}`}</span>
                              </Button>
                            </accept.Form>
                          );
                        })()
                      : null}
                  </>
                ) : (
                  ''
                ),
            },
          ]}
        />
        {report.status === 'draft' ? (
          <request.Form action={contributionsHref(report.id)}>
            <h3 class="ecl-u-type-heading-3">{t('reports.contributions.ask')}</h3>
            <request.Select name="sectionId" placeholder="reports.contributions.chooseSection" />
            <request.Picker name="organisationIds" />
            <request.Date name="dueOn" />
            <request.TextArea name="note" rows={4} />
            <Button>{t('reports.contributions.askButton')}</Button>
          </request.Form>
        ) : null}
      </section>
      <SignoffTable ctx={ctx} signoff={signoff} />
      {report.status !== 'submitted' ? (
        <section aria-labelledby="signoff-procedure" class="ecl-u-mb-l">
          <h2 class="ecl-u-type-heading-2" id="signoff-procedure">
            {t('reports.signoff.procedureTitle')}
          </h2>
          <procedure.Form action={`${reportHref(report.id)}/signoff`}>
            <procedure.Radios name="rule" />
            <procedure.Date name="deadline" />
            <Button variant="secondary">{t('reports.signoff.procedureButton')}</Button>
          </procedure.Form>
        </section>
      ) : null}
      {report.status === 'final' ? (
        <section aria-labelledby="reopen" class="ecl-u-mb-l">
          <h2 class="ecl-u-type-heading-2" id="reopen">
            {t('reports.reopen.title')}
          </h2>
          <p class="ecl-u-type-paragraph">{t('reports.reopen.hint')}</p>
          <reopen.Form action={`${reportHref(report.id)}/reopen`}>
            <Button variant="secondary">{t('reports.reopen.button')}</Button>
          </reopen.Form>
        </section>
      ) : null}
    </Layout>
  );
}

/** The contact point's page for one request: what is asked, the text, and submitting it. */
export function ContributionPage({
  ctx,
  contribution,
  text,
  submit,
}: {
  ctx: PageContext;
  contribution: ContributionView;
  text?: FormState<typeof contributionTextForm.fields> | undefined;
  submit?: FormState<typeof contributionStepForm.fields> | undefined;
}): Html {
  const { t } = ctx;
  const open = contribution.status === 'asked' || contribution.status === 'drafted';
  const write = bindForm(
    contributionTextForm,
    ctx,
    text ?? contributionTextForm.opened({ text: contribution.text }, contribution.version),
  );
  const send = bindForm(
    contributionStepForm,
    ctx,
    submit ?? contributionStepForm.opened({}, contribution.version),
  );
  const href = contributionHref(contribution.reportId, contribution.id);
  return (
    <Layout
      ctx={ctx}
      title={t('reports.contributions.yours', { section: contribution.sectionTitle })}
    >
      <DescriptionList
        items={[
          [t('reports.contributions.report'), contribution.reportTitle],
          [t('reports.contributions.section'), contribution.sectionTitle],
          [t('reports.signoff.agency'), contribution.agency],
          [t('reports.contributions.dueOn'), formatDate(ctx.locale, contribution.dueOn)],
          [t('reports.signoff.state'), <State ctx={ctx} state={contribution.state} />],
          ...(contribution.note === ''
            ? []
            : ([[t('reports.contributions.note'), contribution.note]] as [string, string][])),
        ]}
      />
      {open ? (
        <div class="ecl-u-mt-l">
          <write.Form action={`${href}/text`}>
            <write.TextArea name="text" rows={12} />
            <Button variant="secondary">{t('reports.contributions.saveDraft')}</Button>
          </write.Form>
          <section aria-labelledby="submit-contribution" class="ecl-u-mt-l">
            <h2 class="ecl-u-type-heading-2" id="submit-contribution">
              {t('reports.contributions.submitTitle')}
            </h2>
            <p class="ecl-u-type-paragraph">{t('reports.contributions.submitHint')}</p>
            <send.Form action={`${href}/submit`}>
              <Button>{t('reports.contributions.submit')}</Button>
            </send.Form>
          </section>
        </div>
      ) : (
        <>
          <h2 class="ecl-u-type-heading-2">{t('reports.contributions.text')}</h2>
          <p class="ecl-u-type-paragraph jh-contribution-text">{contribution.text}</p>
        </>
      )}
    </Layout>
  );
}

/** An agency's answer on the finalised text: the text itself, and approving or objecting. */
export function SignoffAnswerPage({
  ctx,
  signoff,
  agency,
  state,
}: {
  ctx: PageContext;
  signoff: SignoffView;
  agency: SignoffAgencyView;
  state?: FormState<typeof signoffAnswerForm.fields> | undefined;
}): Html {
  const { t } = ctx;
  const f = bindForm(
    signoffAnswerForm,
    ctx,
    state ??
      signoffAnswerForm.opened(
        { answer: agency.onEarlierText ? '' : (agency.answer ?? ''), comment: agency.comment },
        agency.version,
      ),
  );
  return (
    <Layout ctx={ctx} title={t('reports.signoff.answerTitle', { title: signoff.reportTitle })}>
      <DescriptionList
        items={[
          [t('reports.signoff.agency'), agency.agency],
          [t('reports.signoff.state'), <State ctx={ctx} state={agency.state} />],
          [
            t('reports.signoff.dueOn'),
            signoff.dueOn === null ? '' : formatDate(ctx.locale, signoff.dueOn),
          ],
          [t('reports.detail.hash'), <code class="jh-hash">{signoff.hash ?? ''}</code>],
        ]}
      />
      {signoff.reportStatus === 'final' ? (
        <div class="ecl-u-mt-l">
          <f.Form action={signoffHref(signoff.reportId, agency.organisationId)}>
            <f.Radios name="answer" />
            <f.TextArea name="comment" rows={5} />
            <Button>{t('reports.signoff.answerButton')}</Button>
          </f.Form>
        </div>
      ) : null}
      {signoff.document ? (
        <>
          <h2 class="ecl-u-type-heading-2">{t('reports.signoff.text')}</h2>
          <ReportBody ctx={ctx} document={signoff.document} />
        </>
      ) : null}
    </Layout>
  );
}
