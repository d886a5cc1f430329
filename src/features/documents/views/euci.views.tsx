import { IllustrativeTag } from '../../../app/html/illustrative-tag.js';
import { nameOnDateLabel } from '../../network/names-on-date.js';
import { requireActor } from '../../../app/access.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { Button, DescriptionList, Notification, Table } from '../../../app/html/components.js';
import { Fragment, h, type Child, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate, formatDateTime } from '../../../app/i18n/format.js';
import {
  confirmationRefusal,
  type Clearance,
  type ClearanceName,
  type EuciRequest,
  type Signatory,
} from '../euci.service.js';
import { clearanceForm, decisionForms, signatureForm, withdrawalForm } from '../forms/euci.form.js';

const EUCI_HREF = '/euci';
const trail = (ctx: PageContext) => [{ href: EUCI_HREF, label: ctx.t('euci.title') }];

export function clearanceText(ctx: PageContext, name: ClearanceName): string {
  return ctx.t(`euci.clearance.${name}`);
}

/** The change a request asks for, in a sentence. */
function requestedChange(ctx: PageContext, request: EuciRequest): string {
  const date = (day: string | null) => (day ? formatDate(ctx.locale, day) : '');
  return request.kind === 'signature'
    ? ctx.t('euci.requests.signature', {
        organisation: request.subject,
        signedOn: date(request.signedOn),
      })
    : ctx.t('euci.requests.clearance', {
        user: request.subject,
        clearance: clearanceText(ctx, request.clearance ?? 'none'),
        briefedOn: date(request.briefedOn),
      });
}

function requester(ctx: PageContext, request: EuciRequest): string {
  const at = formatDateTime(ctx.locale, request.requestedAt);
  return request.requestedBy
    ? ctx.t('euci.requests.requester', {
        email: request.requestedBy,
        organisation: request.requestedByOrganisation ?? '',
        at,
      })
    : ctx.t('euci.requests.platform', { at });
}

function PendingRequests({ ctx, requests }: { ctx: PageContext; requests: EuciRequest[] }): Html {
  const { t } = ctx;
  const actor = requireActor(ctx.actor);
  return (
    <section aria-labelledby="requests-heading">
      <h2 class="ecl-u-type-heading-2" id="requests-heading">
        {t('euci.requests')}
      </h2>
      <p class="ecl-u-type-paragraph">{t('euci.requests.intro')}</p>
      {requests.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('euci.requests.none')}</p>
      ) : (
        <Table
          ctx={ctx}
          caption={t('euci.requests.caption')}
          rows={requests}
          columns={[
            { header: t('euci.requests.change'), cell: (r) => requestedChange(ctx, r) },
            { header: t('euci.requests.requestedBy'), cell: (r) => requester(ctx, r) },
            {
              header: t('euci.requests.decision'),
              cell: (r) => {
                const refusal = confirmationRefusal(actor, r);
                const change = requestedChange(ctx, r);
                return (
                  <div>
                    {refusal ? (
                      <p class="ecl-u-type-paragraph-s">{t(`euci.requests.refusal.${refusal}`)}</p>
                    ) : (
                      <a
                        class="ecl-link ecl-u-mr-m"
                        href={`/euci/requests/${r.id}/confirm`}
                        aria-label={t('euci.requests.confirmNamed', { change })}
                      >
                        {t('euci.requests.confirm')}
                      </a>
                    )}
                    <a
                      class="ecl-link"
                      href={`/euci/requests/${r.id}/reject`}
                      aria-label={t('euci.requests.rejectNamed', { change })}
                    >
                      {t('euci.requests.reject')}
                    </a>
                  </div>
                );
              },
            },
          ]}
        />
      )}
    </section>
  );
}

/** The buttons that end a form: the action, and the way back to the agreement page. */
function Actions({ ctx, children }: { ctx: PageContext; children?: Child }): Html {
  return (
    <div class="jh-actions">
      <Button>{children}</Button>
      <a class="ecl-link ecl-link--standalone" href={EUCI_HREF}>
        {ctx.t('common.cancel')}
      </a>
    </div>
  );
}

/** The page that confirms or rejects a request, after a tick in a box. */
export function DecisionPage({
  ctx,
  request,
  decision,
  state,
}: {
  ctx: PageContext;
  request: EuciRequest;
  decision: 'confirm' | 'reject';
  state: FormState<(typeof decisionForms)['confirm']['fields']>;
}): Html {
  const { t } = ctx;
  const refusal =
    decision === 'confirm' ? confirmationRefusal(requireActor(ctx.actor), request) : null;
  const f = bindForm(decisionForms[decision], ctx, state);
  return (
    <Layout
      ctx={ctx}
      title={t(decision === 'confirm' ? 'euci.confirm.title' : 'euci.reject.title')}
      breadcrumbs={trail(ctx)}
    >
      <DescriptionList
        items={[
          [t('euci.requests.change'), requestedChange(ctx, request)],
          [t('euci.requests.requestedBy'), requester(ctx, request)],
        ]}
      />
      {refusal ? (
        <Notification variant="warning">{t(`euci.requests.refusal.${refusal}`)}</Notification>
      ) : (
        <f.Form action={`/euci/requests/${request.id}/${decision}`}>
          <p class="ecl-u-type-paragraph">
            {t(decision === 'confirm' ? 'euci.confirm.text' : 'euci.reject.text')}
          </p>
          <f.Checkbox name="confirm" />
          <Actions ctx={ctx}>
            {t(decision === 'confirm' ? 'euci.confirm.submit' : 'euci.reject.submit')}
          </Actions>
        </f.Form>
      )}
    </Layout>
  );
}

/** The page that records the day an organisation signed; a second administrator confirms it. */
export function SignaturePage({
  ctx,
  signatory,
  state,
}: {
  ctx: PageContext;
  signatory: Signatory;
  state: FormState<typeof signatureForm.fields>;
}): Html {
  const { t } = ctx;
  const f = bindForm(signatureForm, ctx, state);
  return (
    <Layout
      ctx={ctx}
      title={t('euci.sign.title', { organisation: signatory.acronym })}
      breadcrumbs={trail(ctx)}
    >
      <p class="ecl-u-type-paragraph">
        {signatory.signedOn
          ? t('euci.sign.signedAlready', {
              organisation: signatory.acronym,
              signedOn: formatDate(ctx.locale, signatory.signedOn),
            })
          : t('euci.sign.text', { organisation: `${signatory.acronym} (${signatory.name})` })}
      </p>
      <f.Form action={`/euci/${signatory.organisationId}/sign`}>
        <f.Date name="signedOn" />
        <Actions ctx={ctx}>{t('euci.sign')}</Actions>
      </f.Form>
    </Layout>
  );
}

/** The page that changes a user's clearance and briefing day. */
export function ClearancePage({
  ctx,
  user,
  state,
}: {
  ctx: PageContext;
  user: Clearance;
  state: FormState<typeof clearanceForm.fields>;
}): Html {
  const { t } = ctx;
  const f = bindForm(clearanceForm, ctx, state);
  return (
    <Layout
      ctx={ctx}
      title={t('euci.clearances.clearanceFor', { name: user.name })}
      breadcrumbs={trail(ctx)}
    >
      <DescriptionList
        items={[
          [t('euci.clearances.user'), `${user.name} (${user.email})`],
          [t('euci.clearances.organisation'), user.organisation],
        ]}
      />
      <p class="ecl-u-type-paragraph">{t('euci.clearances.text')}</p>
      <f.Form action={`/euci/clearances/${user.userId}`}>
        <f.Select name="clearance" />
        <f.Date name="briefedOn" />
        <Actions ctx={ctx}>{t('euci.clearances.save')}</Actions>
      </f.Form>
    </Layout>
  );
}

export function WithdrawPage({
  ctx,
  signatory,
  state,
}: {
  ctx: PageContext;
  signatory: Signatory;
  state: FormState<typeof withdrawalForm.fields>;
}): Html {
  const { t } = ctx;
  const organisation = signatory.acronym;
  const f = bindForm(withdrawalForm, ctx, state);
  return (
    <Layout ctx={ctx} title={t('euci.withdraw.title', { organisation })} breadcrumbs={trail(ctx)}>
      <p class="ecl-u-type-paragraph">
        {t('euci.withdraw.text', {
          organisation,
          signedOn: signatory.signedOn ? formatDate(ctx.locale, signatory.signedOn) : '',
        })}
      </p>
      <f.Form action={`/euci/${signatory.organisationId}/withdraw`}>
        <f.Checkbox name="confirm" />
        <Actions ctx={ctx}>{t('euci.withdraw.submit')}</Actions>
      </f.Form>
    </Layout>
  );
}

/** A link to a form of one row, named for a screen reader by the row it belongs to. */
function RowLink({ href, label, row }: { href: string; label: string; row: string }): Html {
  return (
    <a class="ecl-link jh-row-link" href={href}>
      {label}
      <span class="ecl-u-sr-only">{` (${row})`}</span>
    </a>
  );
}

function SignatoryActions({ ctx, signatory }: { ctx: PageContext; signatory: Signatory }): Html {
  const { t } = ctx;
  return (
    <div>
      <RowLink
        href={`/euci/${signatory.organisationId}/sign`}
        label={t('euci.sign')}
        row={signatory.acronym}
      />
      {signatory.signedOn ? (
        <>
          <br />
          <RowLink
            href={`/euci/${signatory.organisationId}/withdraw`}
            label={t('euci.withdraw')}
            row={signatory.acronym}
          />
        </>
      ) : null}
    </div>
  );
}

export function EuciPage({
  ctx,
  signatories,
  illustrative,
  clearances,
  requests,
  saved,
}: {
  ctx: PageContext;
  signatories: Signatory[];
  /** The organisations whose signature the demonstration added. */
  illustrative: ReadonlySet<string>;
  clearances: Clearance[] | null;
  /** Pending requests, for administrators. */
  requests: EuciRequest[] | null;
  saved: string | null;
}): Html {
  const { t, locale } = ctx;
  const admin = clearances !== null;
  return (
    <Layout ctx={ctx} title={t('euci.title')}>
      {saved ? <Notification variant="success">{saved}</Notification> : null}
      <p class="ecl-u-type-paragraph">{t('euci.intro')}</p>
      {requests ? <PendingRequests ctx={ctx} requests={requests} /> : null}
      <Table
        ctx={ctx}
        caption={t('euci.caption')}
        rows={signatories}
        columns={[
          {
            header: t('euci.organisation'),
            cell: (s) => `${nameOnDateLabel(t, s)} (${s.name})`,
          },
          { header: t('euci.kind'), cell: (s) => t(`euci.kind.${s.kind}`) },
          {
            header: t('euci.signedOn'),
            cell: (s) =>
              s.signedOn ? (
                <>
                  {formatDate(locale, s.signedOn)}
                  {illustrative.has(s.organisationId) ? <IllustrativeTag ctx={ctx} /> : null}
                </>
              ) : (
                t('euci.notSigned')
              ),
          },
          ...(admin
            ? [
                {
                  header: t('euci.record'),
                  cell: (s: Signatory) => <SignatoryActions ctx={ctx} signatory={s} />,
                },
              ]
            : []),
        ]}
      />
      {clearances ? (
        <section aria-labelledby="clearances-heading">
          <h2 class="ecl-u-type-heading-2" id="clearances-heading">
            {t('euci.clearances')}
          </h2>
          <Table
            ctx={ctx}
            caption={t('euci.clearances.caption')}
            rows={clearances}
            columns={[
              { header: t('euci.clearances.user'), cell: (c) => `${c.name} (${c.email})` },
              { header: t('euci.clearances.organisation'), cell: (c) => c.organisation },
              {
                header: t('euci.clearances.clearance'),
                cell: (c) => clearanceText(ctx, c.clearance),
              },
              {
                header: t('euci.clearances.briefedOn'),
                cell: (c) => (c.briefedOn ? formatDate(locale, c.briefedOn) : ''),
              },
              {
                header: t('euci.record'),
                cell: (c) => (
                  <RowLink
                    href={`/euci/clearances/${c.userId}`}
                    label={t('euci.clearances.change')}
                    row={c.name}
                  />
                ),
              },
            ]}
          />
        </section>
      ) : null}
    </Layout>
  );
}
