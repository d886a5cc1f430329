import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FormBody } from '../../../app/forms/body.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendPage } from '../../../app/html/send-page.js';
import { NotFoundError } from '../../../app/errors.js';
import type { OrganisationKind } from '../../../db/schema.js';
import { networkPolicy } from '../network.policy.js';
import { OrganisationParams } from '../network.schema.js';
import type { Network, OrganisationDetail } from '../network.service.js';
import {
  bodyCategories,
  newBodyOf,
  organisationChangesOf,
  organisationForm,
  organisationValuesOf,
} from '../forms/organisation.form.js';
import { OrganisationFormView } from '../views/organisation-form.views.js';
import { organisationHref, registries } from '../views/registry.views.js';

type OrganisationState = FormState<typeof organisationForm.fields>;

/** Editing an agency or body, and adding a partner or stakeholder. */
export async function organisationFormPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const network: Network = app.services.network;

  async function load(kind: OrganisationKind, id: string): Promise<OrganisationDetail> {
    const organisation = await network.get(id);
    if (organisation.kind !== kind) throw new NotFoundError('No such agency or body.');
    return organisation;
  }

  for (const { base, kind } of registries) {
    const sendEditForm = (
      reply: FastifyReply,
      ctx: PageContext,
      organisation: OrganisationDetail,
      state: OrganisationState,
      status = 200,
    ) =>
      sendPage(
        reply,
        ctx,
        ctx.t('organisation.editTitle', { acronym: organisation.acronym }),
        <OrganisationFormView
          ctx={ctx}
          kind={kind}
          action={`${organisationHref(organisation)}/edit`}
          state={state}
          editing
          cancel={organisationHref(organisation)}
        />,
        { status },
      );

    app.get(
      `${base}/:id/edit`,
      {
        schema: { params: OrganisationParams },
        config: { access: networkPolicy.edit, page: true },
      },
      async (request, reply) => {
        const organisation = await load(kind, request.params.id);
        const state = organisationForm.opened(
          organisationValuesOf(organisation),
          organisation.version,
        );
        return sendEditForm(reply, request.pageContext(), organisation, state);
      },
    );

    app.post(
      `${base}/:id/edit`,
      {
        schema: { params: OrganisationParams, body: FormBody },
        config: { access: networkPolicy.edit, page: true },
      },
      async (request, reply) => {
        const ctx = request.pageContext();
        const organisation = await load(kind, request.params.id);
        return submitForm(reply, {
          form: organisationForm,
          body: request.body,
          t: ctx.t,
          write: (values, version) =>
            network.update(
              request.auditContext(),
              organisation.id,
              organisationChangesOf(kind, values),
              version,
            ),
          show: (state, status) => sendEditForm(reply, ctx, organisation, state, status),
          current: async () => {
            const stored = await load(kind, organisation.id);
            return { values: organisationValuesOf(stored), version: stored.version };
          },
          done: (updated) => `${organisationHref(updated)}?saved=1`,
        });
      },
    );
  }

  const sendNewBodyForm = (
    reply: FastifyReply,
    ctx: PageContext,
    state: OrganisationState,
    status = 200,
  ) =>
    sendPage(
      reply,
      ctx,
      ctx.t('organisation.newBody'),
      <OrganisationFormView
        ctx={ctx}
        kind="body"
        action="/bodies"
        state={state}
        editing={false}
        cancel="/bodies"
      />,
      { status },
    );

  app.get('/bodies/new', { config: { access: networkPolicy.edit, page: true } }, (request, reply) =>
    sendNewBodyForm(reply, request.pageContext(), {
      values: organisationForm.initial({ category: bodyCategories[0] }),
      errors: [],
    }),
  );

  app.post(
    '/bodies',
    { schema: { body: FormBody }, config: { access: networkPolicy.edit, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      return submitForm(reply, {
        form: organisationForm,
        body: request.body,
        t: ctx.t,
        write: (values) => network.create(request.auditContext(), newBodyOf(values)),
        show: (state, status) => sendNewBodyForm(reply, ctx, state, status),
        done: (created) => `${organisationHref(created)}?saved=1`,
      });
    },
  );
}
