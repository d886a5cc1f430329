import { IllustrativeTag } from '../../app/html/illustrative-tag.js';
import { illustrativeAmong } from '../../demo-sources.js';
import { nameOnDateLabel } from '../network/names-on-date.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../app/access.js';
import type { Actor } from '../../app/access.js';
import { AppError, ConflictError, ValidationError, type FieldError } from '../../app/errors.js';
import {
  Button,
  Checkbox,
  CsrfField,
  DescriptionList,
  Notification,
  Table,
} from '../../app/html/components.js';
import { Fragment, h, type Html } from '../../app/html/jsx.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import { sendHtml } from '../../app/html/send-html.js';
import { formatDate, formatDateTime } from '../../app/i18n/format.js';
import { todayUtc } from '../../app/dates.js';
import { documentsPolicy } from './documents.policy.js';
import {
  clearanceNames,
  confirmationRefusal,
  type Clearance,
  type ClearanceName,
  type EuciCaller,
  type EuciRequest,
  type Signatory,
} from './euci.service.js';
import { classificationLabel, classificationLevel } from './markings.js';

const text = Type.Optional(Type.String({ maxLength: 100 }));
const EuciForm = Type.Object({ signedOn: text, confirm: text, clearance: text, briefedOn: text });
const OrganisationParams = Type.Object({ organisationId: Type.String({ format: 'uuid' }) });
const UserParams = Type.Object({ userId: Type.String({ format: 'uuid' }) });
const RequestParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 40 })) });
const DecisionForm = Type.Object({ confirm: text });

/** What each `saved` notice says, after a change on the page. */
const savedMessages = {
  agreement: 'euci.saved',
  clearance: 'common.saved',
  requested: 'euci.saved.requested',
  confirmed: 'euci.saved.confirmed',
  rejected: 'euci.saved.rejected',
} as const;

function isSaved(value: string | undefined): value is keyof typeof savedMessages {
  return value !== undefined && Object.hasOwn(savedMessages, value);
}

function administrator(actor: Actor | null): EuciCaller {
  return { kind: 'administrator', actor: requireActor(actor) };
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

/** The page that confirms or rejects a request, after a tick in a box. */
function DecisionPage({
  ctx,
  request,
  decision,
  error,
}: {
  ctx: PageContext;
  request: EuciRequest;
  decision: 'confirm' | 'reject';
  error: string | null;
}): Html {
  const { t } = ctx;
  const refusal =
    decision === 'confirm' ? confirmationRefusal(requireActor(ctx.actor), request) : null;
  return (
    <Layout
      ctx={ctx}
      title={t(decision === 'confirm' ? 'euci.confirm.title' : 'euci.reject.title')}
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
        <form method="post" action={`/euci/requests/${request.id}/${decision}`}>
          <CsrfField ctx={ctx} />
          <p class="ecl-u-type-paragraph">
            {t(decision === 'confirm' ? 'euci.confirm.text' : 'euci.reject.text')}
          </p>
          <div class={`ecl-form-group ecl-u-mb-l${error ? ' ecl-form-group--invalid' : ''}`}>
            {error ? (
              <div class="ecl-feedback-message" id="error-confirm">
                {error}
              </div>
            ) : null}
            <Checkbox
              name="confirm"
              value="yes"
              label={t(decision === 'confirm' ? 'euci.confirm.check' : 'euci.reject.check')}
              checked={false}
              required
              single
              invalid={error !== null}
              describedBy={error ? 'error-confirm' : undefined}
            />
          </div>
          <div class="jh-actions">
            <Button>
              {t(decision === 'confirm' ? 'euci.confirm.submit' : 'euci.reject.submit')}
            </Button>
            <a class="ecl-link ecl-link--standalone" href="/euci">
              {t('common.cancel')}
            </a>
          </div>
        </form>
      )}
    </Layout>
  );
}

function clearanceText(ctx: PageContext, name: ClearanceName): string {
  return name === 'none'
    ? ctx.t('euci.clearance.none')
    : classificationLabel(classificationLevel(name));
}

function SignForm({ ctx, signatory }: { ctx: PageContext; signatory: Signatory }): Html {
  const id = `signed-${signatory.organisationId}`;
  return (
    <div>
      <form method="post" action={`/euci/${signatory.organisationId}/sign`} class="jh-row-form">
        <CsrfField ctx={ctx} />
        <label class="ecl-u-sr-only" for={id}>
          {ctx.t('euci.signedOnFor', { organisation: signatory.acronym })}
        </label>
        <input
          type="date"
          id={id}
          name="signedOn"
          class="ecl-text-input ecl-text-input--s"
          value={signatory.signedOn ?? todayUtc()}
          required
        />
        <Button variant="secondary">{ctx.t('euci.sign')}</Button>
      </form>
      {signatory.signedOn ? (
        <a class="ecl-link" href={`/euci/${signatory.organisationId}/withdraw`}>
          {ctx.t('euci.withdraw')}
          <span class="ecl-u-sr-only">{` (${signatory.acronym})`}</span>
        </a>
      ) : null}
    </div>
  );
}

function ClearanceForm({ ctx, user }: { ctx: PageContext; user: Clearance }): Html {
  const select = `clearance-${user.userId}`;
  const date = `briefed-${user.userId}`;
  return (
    <form method="post" action={`/euci/clearances/${user.userId}`} class="jh-row-form">
      <CsrfField ctx={ctx} />
      <label class="ecl-u-sr-only" for={select}>
        {ctx.t('euci.clearances.clearanceFor', { name: user.name })}
      </label>
      <select id={select} name="clearance" class="ecl-select jh-inline-select">
        {clearanceNames.map((name) => (
          <option value={name} selected={name === user.clearance}>
            {clearanceText(ctx, name)}
          </option>
        ))}
      </select>
      <label class="ecl-u-sr-only" for={date}>
        {ctx.t('euci.clearances.briefedOnFor', { name: user.name })}
      </label>
      <input
        type="date"
        id={date}
        name="briefedOn"
        class="ecl-text-input ecl-text-input--s"
        value={user.briefedOn ?? ''}
      />
      <Button variant="secondary">{ctx.t('euci.clearances.save')}</Button>
    </form>
  );
}

function EuciPage({
  ctx,
  signatories,
  illustrative,
  clearances,
  requests,
  saved,
  errors,
}: {
  ctx: PageContext;
  signatories: Signatory[];
  /** The organisations whose signature the demonstration added. */
  illustrative: ReadonlySet<string>;
  clearances: Clearance[] | null;
  /** Pending requests, for administrators. */
  requests: EuciRequest[] | null;
  saved: string | null;
  errors: readonly FieldError[];
}): Html {
  const { t, locale } = ctx;
  const admin = clearances !== null;
  return (
    <Layout ctx={ctx} title={t('euci.title')}>
      {saved ? <Notification variant="success">{saved}</Notification> : null}
      {errors.length > 0 ? (
        <Notification variant="error" title={t('common.formErrors')}>
          <ul>
            {errors.map((e) => (
              <li>{e.message}</li>
            ))}
          </ul>
        </Notification>
      ) : null}
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
                  cell: (s: Signatory) => <SignForm ctx={ctx} signatory={s} />,
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
              { header: t('euci.record'), cell: (c) => <ClearanceForm ctx={ctx} user={c} /> },
            ]}
          />
        </section>
      ) : null}
    </Layout>
  );
}

function WithdrawPage({
  ctx,
  signatory,
  error,
}: {
  ctx: PageContext;
  signatory: Signatory;
  error: string | null;
}): Html {
  const { t } = ctx;
  const organisation = signatory.acronym;
  return (
    <Layout ctx={ctx} title={t('euci.withdraw.title', { organisation })}>
      <p class="ecl-u-type-paragraph">
        {t('euci.withdraw.text', {
          organisation,
          signedOn: signatory.signedOn ? formatDate(ctx.locale, signatory.signedOn) : '',
        })}
      </p>
      <form method="post" action={`/euci/${signatory.organisationId}/withdraw`}>
        <CsrfField ctx={ctx} />
        <div class={`ecl-form-group ecl-u-mb-l${error ? ' ecl-form-group--invalid' : ''}`}>
          {error ? (
            <div class="ecl-feedback-message" id="error-confirm">
              {error}
            </div>
          ) : null}
          <Checkbox
            name="confirm"
            value="yes"
            label={t('euci.withdraw.confirm', { organisation })}
            checked={false}
            required
            invalid={error !== null}
            single
            describedBy={error ? 'error-confirm' : undefined}
          />
        </div>
        <div class="jh-actions">
          <Button>{t('euci.withdraw.submit')}</Button>
          <a class="ecl-link ecl-link--standalone" href="/euci">
            {t('common.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

/** The EUCI agreement: who signed it, for everyone; signatures and clearances, for administrators. */
export async function euciPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { euci } = app.services;
  const read = { access: documentsPolicy.read, page: true };
  const administer = { access: documentsPolicy.administer, page: true };

  async function sendEuci(
    reply: FastifyReply,
    ctx: PageContext,
    options: { saved?: string | null; errors?: readonly FieldError[]; status?: number } = {},
  ): Promise<FastifyReply> {
    const admin = documentsPolicy.administer.allows(ctx.actor);
    const [signatories, clearances, requests] = await Promise.all([
      euci.signatories(),
      admin ? euci.clearances() : Promise.resolve(null),
      admin ? euci.pending() : Promise.resolve(null),
    ]);
    const illustrative = await illustrativeAmong(
      app.services.database.db,
      'euci_signature',
      signatories.filter((s) => s.signedOn !== null).map((s) => s.organisationId),
    );
    return sendHtml(
      reply,
      <EuciPage
        ctx={ctx}
        signatories={signatories}
        illustrative={illustrative}
        clearances={clearances}
        requests={requests}
        saved={options.saved ?? null}
        errors={options.errors ?? []}
      />,
      options.status,
    );
  }

  async function signatory(organisationId: string): Promise<Signatory> {
    const found = (await euci.signatories()).find(
      (s) => s.organisationId === organisationId && s.signedOn !== null,
    );
    if (!found) throw new AppError('not_found', 404, 'This organisation has not signed.');
    return found;
  }

  /**
   * Runs a change: back to the page with a message (the notice the change returns), or the page
   * with what went wrong.
   */
  async function change(
    reply: FastifyReply,
    ctx: PageContext,
    field: string,
    action: () => Promise<keyof typeof savedMessages>,
  ): Promise<FastifyReply> {
    let saved: keyof typeof savedMessages;
    try {
      saved = await action();
    } catch (error) {
      if (error instanceof ValidationError)
        return sendEuci(reply, ctx, { errors: error.fieldErrors, status: 400 });
      if (error instanceof ConflictError)
        return sendEuci(reply, ctx, { errors: [{ field, message: error.message }], status: 409 });
      throw error;
    }
    return reply.redirect(`/euci?saved=${saved}`, 303);
  }

  app.get(
    '/euci',
    { schema: { querystring: SavedQuery }, config: read },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { saved } = request.query;
      const message = isSaved(saved) ? ctx.t(savedMessages[saved]) : null;
      return sendEuci(reply, ctx, { saved: message });
    },
  );

  app.post(
    '/euci/:organisationId/sign',
    { schema: { params: OrganisationParams, body: EuciForm }, config: administer },
    async (request, reply) =>
      change(reply, request.pageContext(), 'signedOn', async () => {
        await euci.requestSignature(
          administrator(request.actor),
          request.auditContext(),
          request.params.organisationId,
          request.body.signedOn ?? '',
        );
        return 'requested';
      }),
  );

  app.get(
    '/euci/:organisationId/withdraw',
    { schema: { params: OrganisationParams }, config: administer },
    async (request, reply) =>
      sendHtml(
        reply,
        <WithdrawPage
          ctx={request.pageContext()}
          signatory={await signatory(request.params.organisationId)}
          error={null}
        />,
      ),
  );

  app.post(
    '/euci/:organisationId/withdraw',
    { schema: { params: OrganisationParams, body: EuciForm }, config: administer },
    async (request, reply) => {
      const ctx = request.pageContext();
      const found = await signatory(request.params.organisationId);
      if (request.body.confirm !== 'yes')
        return sendHtml(
          reply,
          <WithdrawPage
            ctx={ctx}
            signatory={found}
            error={ctx.t('euci.withdraw.confirmRequired')}
          />,
          400,
        );
      await euci.withdraw(request.auditContext(), found.organisationId);
      return reply.redirect('/euci?saved=agreement', 303);
    },
  );

  app.post(
    '/euci/clearances/:userId',
    { schema: { params: UserParams, body: EuciForm }, config: administer },
    async (request, reply) => {
      const briefedOn = (request.body.briefedOn ?? '').trim();
      return change(reply, request.pageContext(), 'clearance', async () => {
        const result = await euci.setClearance(
          administrator(request.actor),
          request.auditContext(),
          request.params.userId,
          {
            clearance: (request.body.clearance ?? '') as ClearanceName,
            briefedOn: briefedOn === '' ? null : briefedOn,
          },
        );
        return result.applied ? 'clearance' : 'requested';
      });
    },
  );

  for (const decision of ['confirm', 'reject'] as const) {
    app.get(
      `/euci/requests/:id/${decision}`,
      { schema: { params: RequestParams }, config: administer },
      async (request, reply) => {
        const found = await euci.request(request.params.id);
        if (found.status !== 'pending') return reply.redirect('/euci', 303);
        return sendHtml(
          reply,
          <DecisionPage
            ctx={request.pageContext()}
            request={found}
            decision={decision}
            error={null}
          />,
        );
      },
    );

    app.post(
      `/euci/requests/:id/${decision}`,
      { schema: { params: RequestParams, body: DecisionForm }, config: administer },
      async (request, reply) => {
        const ctx = request.pageContext();
        const { id } = request.params;
        const again = async (error: string, status: number) =>
          sendHtml(
            reply,
            <DecisionPage
              ctx={ctx}
              request={await euci.request(id)}
              decision={decision}
              error={error}
            />,
            status,
          );
        if (request.body.confirm !== 'yes') return again(ctx.t('euci.decide.checkRequired'), 400);
        try {
          if (decision === 'confirm')
            await euci.confirm(administrator(request.actor), request.auditContext(), id);
          else await euci.reject(administrator(request.actor), request.auditContext(), id);
        } catch (error) {
          if (error instanceof AppError && (error.status === 403 || error.status === 409))
            return again(error.message, error.status);
          throw error;
        }
        return reply.redirect(
          `/euci?saved=${decision === 'confirm' ? 'confirmed' : 'rejected'}`,
          303,
        );
      },
    );
  }
}
