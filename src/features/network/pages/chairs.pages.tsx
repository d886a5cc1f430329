import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FormBody } from '../../../app/forms/body.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { NotFoundError } from '../../../app/errors.js';
import { h } from '../../../app/html/jsx.js';
import { Notification } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendPage } from '../../../app/html/send-page.js';
import { networkPolicy } from '../network.policy.js';
import type { Network } from '../network.service.js';
import { chairForm, chairValuesOf, chairYearOf } from '../forms/chair.form.js';
import { ChairFormView, ChairTable } from '../views/chairs.views.js';
import { ChairsQuery } from '../views/registry.views.js';

type ChairState = FormState<typeof chairForm.fields>;

/** Who chaired the network each year; administrators record and change the chairs. */
export async function chairPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const network: Network = app.services.network;

  async function sendChairs(
    reply: FastifyReply,
    ctx: PageContext,
    state: ChairState,
    options: { status?: number; saved?: number | undefined } = {},
  ): Promise<FastifyReply> {
    const { t } = ctx;
    const [chairs, agencies, formerNames] = await Promise.all([
      network.chairYears(),
      network.list('agency', { sort: 'acronym', direction: 'asc' }),
      network.formerNames('agency'),
    ]);
    const mayEdit = networkPolicy.edit.allows(ctx.actor);
    // A form with a version changes a recorded year; one without records a new year.
    const editing = state.version !== undefined ? chairYearOf(state.values) : null;
    return sendPage(
      reply,
      ctx,
      t('chairs.title'),
      [
        <p class="ecl-u-type-paragraph">{t('chairs.intro')}</p>,
        <ChairTable ctx={ctx} chairs={chairs} formerNames={formerNames} mayEdit={mayEdit} />,
        mayEdit ? (
          <ChairFormView
            ctx={ctx}
            state={state}
            editing={editing !== null && !Number.isNaN(editing) ? editing : null}
            agencies={agencies}
          />
        ) : null,
      ],
      {
        status: options.status ?? 200,
        notices:
          options.saved !== undefined ? (
            <Notification variant="success">{t('common.saved')}</Notification>
          ) : null,
      },
    );
  }

  app.get(
    '/chairs',
    { schema: { querystring: ChairsQuery }, config: { access: networkPolicy.read, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { edit, saved } = request.query;
      // Only administrators get the form, so only they can open a year in it.
      const chair =
        edit !== undefined && networkPolicy.edit.allows(ctx.actor)
          ? await network.chairOf(edit)
          : null;
      const state = chair
        ? chairForm.opened(chairValuesOf(chair), chair.version)
        : { values: chairForm.initial(), errors: [] };
      return sendChairs(reply, ctx, state, { saved });
    },
  );

  app.post(
    '/chairs',
    { schema: { body: FormBody }, config: { access: networkPolicy.edit, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      let year = Number.NaN;
      return submitForm(reply, {
        form: chairForm,
        body: request.body,
        t: ctx.t,
        write: async (values, version) => {
          year = chairYearOf(values);
          const existing = Number.isNaN(year) ? null : await network.chairOf(year);
          return network.setChair(
            request.auditContext(),
            year,
            { organisationId: values.organisationId, note: values.note },
            // A year already recorded can only be changed from the version the user saw; a form
            // for a new year that someone else recorded meanwhile carries none, and gets a 409.
            existing ? version : undefined,
          );
        },
        show: (state, status) => sendChairs(reply, ctx, state, { status }),
        current: async () => {
          const stored = await network.chairOf(year);
          if (!stored) throw new NotFoundError('No such year.');
          return { values: chairValuesOf(stored), version: stored.version };
        },
        done: (chair) => `/chairs?saved=${String(chair.year)}`,
      });
    },
  );
}
