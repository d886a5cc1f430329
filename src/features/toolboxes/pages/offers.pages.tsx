import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, type Actor } from '../../../app/access.js';
import type { PickerOption } from '../../../app/forms/bind.js';
import { FormBody } from '../../../app/forms/body.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendPage } from '../../../app/html/send-page.js';
import type { OfferView } from '../toolboxes.model.js';
import { WithdrawOfferView } from '../views/withdraw-offer.views.js';
import { isIllustrative } from '../../../demo-sources.js';
import { offerForm, offerInputOf, offerValuesOf, withdrawOfferForm } from '../forms/offer.form.js';
import { mayOfferFor, toolboxesPolicy } from '../toolboxes.policy.js';
import { OfferParams, ToolboxParams } from '../toolboxes.schema.js';
import type { ToolboxDetail } from '../toolboxes.model.js';
import { OfferDetail, OfferFormView } from '../views/offer.views.js';
import { LinkingActivities } from '../../scorecard/views/linked-offers.js';
import { offerHref, toolboxHref } from '../views/toolbox.views.js';

type OfferState = FormState<typeof offerForm.fields>;
type WithdrawState = FormState<typeof withdrawOfferForm.fields>;

const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 20 })) });

/** An offer's page with its history, and the forms that add and change offers. */
export async function offerPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { toolboxes, database } = app.services;

  /** The agencies the actor may record offers for: their own, or any for the secretariat. */
  const agencyChoices = async (actor: Actor): Promise<PickerOption[]> =>
    (await toolboxes.agencies())
      .filter((agency) => mayOfferFor(actor, agency.id))
      .map((agency) => ({ value: agency.id, label: `${agency.acronym} (${agency.name})` }));
  const themeChoices = (toolbox: ToolboxDetail): PickerOption[] =>
    toolbox.themes.map((theme) => ({ value: theme.id, label: theme.title }));

  const sendForm = async (
    reply: FastifyReply,
    ctx: PageContext,
    toolbox: ToolboxDetail,
    state: OfferState,
    target: { action: string; cancel: string; title: string; editing: boolean },
    status = 200,
  ) =>
    sendPage(
      reply,
      ctx,
      target.title,
      <OfferFormView
        ctx={ctx}
        action={target.action}
        state={state}
        agencies={await agencyChoices(requireActor(ctx.actor))}
        themes={themeChoices(toolbox)}
        cancel={target.cancel}
        editing={target.editing}
      />,
      { status },
    );

  app.get(
    '/toolboxes/:id/offers/new',
    { schema: { params: ToolboxParams }, config: { access: toolboxesPolicy.offer, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const toolbox = await toolboxes.get(request.params.id);
      const state: OfferState = {
        values: offerForm.initial({
          agency: actor.role === 'admin' ? '' : actor.organisationId,
          kind: 'service',
        }),
        errors: [],
      };
      return sendForm(reply, ctx, toolbox, state, newTarget(ctx, toolbox));
    },
  );

  app.post(
    '/toolboxes/:id/offers',
    {
      schema: { params: ToolboxParams, body: FormBody },
      config: { access: toolboxesPolicy.offer, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const toolbox = await toolboxes.get(request.params.id);
      return submitForm(reply, {
        form: offerForm,
        body: request.body,
        t: ctx.t,
        write: (values) =>
          toolboxes.createOffer(
            requireActor(request.actor),
            request.auditContext(),
            toolbox.id,
            offerInputOf(values),
          ),
        show: (state, status) =>
          sendForm(reply, ctx, toolbox, state, newTarget(ctx, toolbox), status),
        done: (created) => `${offerHref(created.id)}?saved=1`,
      });
    },
  );

  app.get(
    '/toolbox-offers/:id',
    {
      schema: { params: OfferParams, querystring: SavedQuery },
      config: { access: toolboxesPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const offer = await toolboxes.getOffer(actor, request.params.id);
      return sendPage(
        reply,
        ctx,
        offer.title,
        <OfferDetail
          ctx={ctx}
          offer={offer}
          history={await toolboxes.revisions(actor, offer.id)}
          mayChange={toolboxes.mayChange(actor, offer)}
          illustrative={await isIllustrative(database.db, 'toolbox_offer', offer.id)}
          saved={request.query.saved !== undefined}
          linked={
            <LinkingActivities
              ctx={ctx}
              activities={await app.services.scorecard.activitiesOfOffer(actor, offer.id)}
            />
          }
        />,
      );
    },
  );

  app.get(
    '/toolbox-offers/:id/edit',
    { schema: { params: OfferParams }, config: { access: toolboxesPolicy.offer, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const offer = await toolboxes.changeable(
        database.db,
        requireActor(request.actor),
        request.params.id,
      );
      const toolbox = await toolboxes.get(offer.toolboxId);
      return sendForm(
        reply,
        ctx,
        toolbox,
        offerForm.opened(offerValuesOf(offer), offer.version),
        editTarget(ctx, offer.id),
      );
    },
  );

  app.post(
    '/toolbox-offers/:id/edit',
    {
      schema: { params: OfferParams, body: FormBody },
      config: { access: toolboxesPolicy.offer, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const offer = await toolboxes.changeable(database.db, actor, request.params.id);
      const toolbox = await toolboxes.get(offer.toolboxId);
      return submitForm(reply, {
        form: offerForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          toolboxes.updateOffer(
            actor,
            request.auditContext(),
            offer.id,
            offerInputOf(values),
            version,
          ),
        show: (state, status) =>
          sendForm(reply, ctx, toolbox, state, editTarget(ctx, offer.id), status),
        current: async () => {
          const stored = await toolboxes.changeable(database.db, actor, offer.id);
          return { values: offerValuesOf(stored), version: stored.version };
        },
        done: (updated) => `${offerHref(updated.id)}?saved=1`,
      });
    },
  );

  const sendWithdraw = async (
    reply: FastifyReply,
    ctx: PageContext,
    offer: OfferView,
    state: WithdrawState,
    status = 200,
  ) =>
    sendPage(
      reply,
      ctx,
      ctx.t('toolboxes.offer.withdrawTitle', { title: offer.title }),
      <WithdrawOfferView
        ctx={ctx}
        offer={offer}
        toolbox={await toolboxes.get(offer.toolboxId)}
        state={state}
        stale={status === 409}
      />,
      { status },
    );

  // Another agency's offer answers a contact point 404 here, through `changeable`.
  app.get(
    '/toolbox-offers/:id/withdraw',
    { schema: { params: OfferParams }, config: { access: toolboxesPolicy.offer, page: true } },
    async (request, reply) => {
      const offer = await toolboxes.changeable(
        database.db,
        requireActor(request.actor),
        request.params.id,
      );
      return sendWithdraw(
        reply,
        request.pageContext(),
        offer,
        withdrawOfferForm.opened({}, offer.version),
      );
    },
  );

  app.post(
    '/toolbox-offers/:id/withdraw',
    {
      schema: { params: OfferParams, body: FormBody },
      config: { access: toolboxesPolicy.offer, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const offer = await toolboxes.changeable(database.db, actor, request.params.id);
      return submitForm(reply, {
        form: withdrawOfferForm,
        body: request.body,
        t: ctx.t,
        write: (_values, version) =>
          toolboxes.deleteOffer(actor, request.auditContext(), offer.id, version),
        show: async (state, status) => {
          // A stale confirmation shows the offer as it is now, to be confirmed again.
          const stored = await toolboxes.changeable(database.db, actor, offer.id);
          return sendWithdraw(reply, ctx, stored, state, status);
        },
        current: async () => ({
          values: {},
          version: (await toolboxes.changeable(database.db, actor, offer.id)).version,
        }),
        done: `${toolboxHref(offer.toolboxId)}?saved=withdrawn`,
      });
    },
  );
}

function newTarget(ctx: PageContext, toolbox: ToolboxDetail) {
  return {
    action: `${toolboxHref(toolbox.id)}/offers`,
    cancel: toolboxHref(toolbox.id),
    title: ctx.t('toolboxes.offer.new', { toolbox: toolbox.title }),
    editing: false,
  };
}

function editTarget(ctx: PageContext, offerId: string) {
  return {
    action: `${offerHref(offerId)}/edit`,
    cancel: offerHref(offerId),
    title: ctx.t('toolboxes.offer.edit'),
    editing: true,
  };
}
