import { illustrativeAmong } from '../../demo-sources.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../app/access.js';
import type { Actor } from '../../app/access.js';
import { NotFoundError, ValidationError } from '../../app/errors.js';
import { FormBody } from '../../app/forms/body.js';
import { submitForm } from '../../app/forms/submit.js';
import { h } from '../../app/html/jsx.js';
import type { PageContext } from '../../app/html/page-context.js';
import { sendHtml } from '../../app/html/send-html.js';
import { todayUtc } from '../../app/dates.js';
import type { MessageKey } from '../../app/i18n/i18n.js';
import { documentsPolicy } from './documents.policy.js';
import type { ClearanceName, EuciCaller, Signatory } from './euci.service.js';
import { clearanceForm, decisionForms, signatureForm, withdrawalForm } from './forms/euci.form.js';
import {
  ClearancePage,
  DecisionPage,
  EuciPage,
  SignaturePage,
  WithdrawPage,
} from './views/euci.views.js';

const OrganisationParams = Type.Object({ organisationId: Type.String({ format: 'uuid' }) });
const UserParams = Type.Object({ userId: Type.String({ format: 'uuid' }) });
const RequestParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 40 })) });

/** What each `saved` notice says, after a change on the page. */
const savedMessages = {
  agreement: 'euci.saved',
  clearance: 'common.saved',
  requested: 'euci.saved.requested',
  confirmed: 'euci.saved.confirmed',
  rejected: 'euci.saved.rejected',
} as const;

type Saved = keyof typeof savedMessages;

function isSaved(value: string | undefined): value is Saved {
  return value !== undefined && Object.hasOwn(savedMessages, value);
}

const savedHref = (saved: Saved) => `/euci?saved=${saved}`;

function administrator(actor: Actor | null): EuciCaller {
  return { kind: 'administrator', actor: requireActor(actor) };
}

/** A box left unticked: the one error of a form that asks only for the tick. */
function requireTick(ticked: boolean, ctx: PageContext, message: MessageKey): void {
  if (!ticked) throw new ValidationError([{ field: 'confirm', message: ctx.t(message) }]);
}

/** The EUCI agreement: who signed it, for everyone; signatures and clearances, for administrators. */
export async function euciPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { euci } = app.services;
  const read = { access: documentsPolicy.read, page: true };
  const administer = { access: documentsPolicy.administer, page: true };

  async function signatory(organisationId: string, signed: boolean): Promise<Signatory> {
    const found = (await euci.signatories()).find(
      (s) => s.organisationId === organisationId && (!signed || s.signedOn !== null),
    );
    if (!found)
      throw new NotFoundError(signed ? 'This organisation has not signed.' : 'No such signatory.');
    return found;
  }

  async function clearanceOf(userId: string) {
    const found = (await euci.clearances()).find((c) => c.userId === userId);
    if (!found) throw new NotFoundError('No such user.');
    return found;
  }

  app.get(
    '/euci',
    { schema: { querystring: SavedQuery }, config: read },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { saved } = request.query;
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
          saved={isSaved(saved) ? ctx.t(savedMessages[saved]) : null}
        />,
      );
    },
  );

  // ---- signatures ----------------------------------------------------------------------------

  const sendSignature = (
    reply: FastifyReply,
    ctx: PageContext,
    found: Signatory,
    state = signatureForm.opened({ signedOn: todayUtc() }),
    status = 200,
  ) => sendHtml(reply, <SignaturePage ctx={ctx} signatory={found} state={state} />, status);

  app.get(
    '/euci/:organisationId/sign',
    { schema: { params: OrganisationParams }, config: administer },
    async (request, reply) =>
      sendSignature(
        reply,
        request.pageContext(),
        await signatory(request.params.organisationId, false),
      ),
  );

  app.post(
    '/euci/:organisationId/sign',
    { schema: { params: OrganisationParams, body: FormBody }, config: administer },
    async (request, reply) => {
      const ctx = request.pageContext();
      const found = await signatory(request.params.organisationId, false);
      return submitForm(reply, {
        form: signatureForm,
        body: request.body,
        t: ctx.t,
        write: (values) =>
          euci.requestSignature(
            administrator(request.actor),
            request.auditContext(),
            found.organisationId,
            values.signedOn.trim(),
          ),
        show: (state, status) => sendSignature(reply, ctx, found, state, status),
        done: savedHref('requested'),
      });
    },
  );

  const sendWithdrawal = (
    reply: FastifyReply,
    ctx: PageContext,
    found: Signatory,
    state = withdrawalForm.opened(withdrawalForm.initial()),
    status = 200,
  ) => sendHtml(reply, <WithdrawPage ctx={ctx} signatory={found} state={state} />, status);

  app.get(
    '/euci/:organisationId/withdraw',
    { schema: { params: OrganisationParams }, config: administer },
    async (request, reply) =>
      sendWithdrawal(
        reply,
        request.pageContext(),
        await signatory(request.params.organisationId, true),
      ),
  );

  app.post(
    '/euci/:organisationId/withdraw',
    { schema: { params: OrganisationParams, body: FormBody }, config: administer },
    async (request, reply) => {
      const ctx = request.pageContext();
      const found = await signatory(request.params.organisationId, true);
      return submitForm(reply, {
        form: withdrawalForm,
        body: request.body,
        t: ctx.t,
        write: async (values) => {
          requireTick(values.confirm, ctx, 'euci.withdraw.confirmRequired');
          await euci.withdraw(request.auditContext(), found.organisationId);
        },
        show: (state, status) => sendWithdrawal(reply, ctx, found, state, status),
        done: savedHref('agreement'),
      });
    },
  );

  // ---- clearances ----------------------------------------------------------------------------

  app.get(
    '/euci/clearances/:userId',
    { schema: { params: UserParams }, config: administer },
    async (request, reply) => {
      const user = await clearanceOf(request.params.userId);
      const state = clearanceForm.opened({
        clearance: user.clearance,
        briefedOn: user.briefedOn ?? '',
      });
      return sendHtml(
        reply,
        <ClearancePage ctx={request.pageContext()} user={user} state={state} />,
      );
    },
  );

  app.post(
    '/euci/clearances/:userId',
    { schema: { params: UserParams, body: FormBody }, config: administer },
    async (request, reply) => {
      const ctx = request.pageContext();
      const user = await clearanceOf(request.params.userId);
      return submitForm(reply, {
        form: clearanceForm,
        body: request.body,
        t: ctx.t,
        write: (values) => {
          const briefedOn = values.briefedOn.trim();
          return euci.setClearance(
            administrator(request.actor),
            request.auditContext(),
            user.userId,
            {
              // The form refused any name that is not one of the clearances.
              clearance: values.clearance as ClearanceName,
              briefedOn: briefedOn === '' ? null : briefedOn,
            },
          );
        },
        show: (state, status) =>
          sendHtml(reply, <ClearancePage ctx={ctx} user={user} state={state} />, status),
        done: (result) => savedHref(result.applied ? 'clearance' : 'requested'),
      });
    },
  );

  // ---- the second administrator's decision ---------------------------------------------------

  for (const decision of ['confirm', 'reject'] as const) {
    const form = decisionForms[decision];

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
            state={form.opened(form.initial())}
          />,
        );
      },
    );

    app.post(
      `/euci/requests/:id/${decision}`,
      { schema: { params: RequestParams, body: FormBody }, config: administer },
      async (request, reply) => {
        const ctx = request.pageContext();
        const { id } = request.params;
        const caller = administrator(request.actor);
        return submitForm(reply, {
          form,
          body: request.body,
          t: ctx.t,
          write: async (values) => {
            requireTick(values.confirm, ctx, 'euci.decide.checkRequired');
            if (decision === 'confirm') await euci.confirm(caller, request.auditContext(), id);
            else await euci.reject(caller, request.auditContext(), id);
          },
          show: async (state, status) =>
            sendHtml(
              reply,
              <DecisionPage
                ctx={ctx}
                request={await euci.request(id)}
                decision={decision}
                state={state}
              />,
              status,
            ),
          done: savedHref(decision === 'confirm' ? 'confirmed' : 'rejected'),
        });
      },
    );
  }
}
