import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireActor } from '../../../app/access.js';
import { h, type Child } from '../../../app/html/jsx.js';
import { Button } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { FormBody } from '../../../app/forms/body.js';
import { bindForm, type BoundForm } from '../../../app/forms/bind.js';
import type { Fields, FormDefinition, FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { networkToday } from '../priorities.dates.js';
import { sendPage, versionPath } from '../priorities.page-kit.js';
import { VersionParams } from '../priorities.schema.js';
import type { FrameworkView } from '../priorities.service.js';
import { agreementForm, confirmForm, consultationOpenForm } from '../forms/drafting.form.js';
import { StaleNotice, refOf, versionTitle, sendConfirm } from '../views/drafting.views.js';
import { draftingContext } from './drafting.context.js';

/** Deleting a draft and moving it through consultation to agreement. */
export async function stepPages(fastify: FastifyInstance): Promise<void> {
  const { app, priorities, priorityDrafting, access, editable, refusing, submitOnVersion } =
    draftingContext(fastify);

  function sendDelete(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    state: FormState<typeof confirmForm.fields> = confirmForm.opened({}, framework.rowVersion),
    status = 200,
  ): FastifyReply {
    const path = versionPath(framework);
    return sendConfirm(
      reply,
      ctx,
      {
        title: ctx.t('priorities.delete.title'),
        text: ctx.t('priorities.delete.question', { name: versionTitle(ctx, framework) }),
        shown: framework.title,
      },
      { action: `${path}/delete`, cancel: path },
      state,
      status,
    );
  }

  app.get(
    '/priorities/:year/versions/:version/delete',
    { schema: { params: VersionParams }, config: access },
    async (request, reply) => {
      const ref = refOf(request.params);
      const framework = await priorities.get(requireActor(request.actor), ref.year, ref.version);
      return sendDelete(reply, request.pageContext(), framework);
    },
  );

  app.post(
    '/priorities/:year/versions/:version/delete',
    { schema: { params: VersionParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const stored = () => priorities.get(actor, ref.year, ref.version);
      return refusing(reply, ctx, ref, async () =>
        submitForm(reply, {
          form: confirmForm,
          body: request.body,
          t: ctx.t,
          write: (_values, version) =>
            priorityDrafting.deleteDraft(request.auditContext(), ref, version),
          show: async (state, status) => sendDelete(reply, ctx, await stored(), state, status),
          current: async () => ({ values: {}, version: (await stored()).rowVersion }),
          done: '/priorities?deleted=1',
        }),
      );
    },
  );

  // Opening the consultation, and recording agreement: a short form each.

  /** A step's short form on a version: its title and introduction, its fields, its button. */
  function sendStep<F extends Fields>(
    reply: FastifyReply,
    ctx: PageContext,
    form: FormDefinition<F>,
    state: FormState<F>,
    status: number,
    step: { title: string; intro: string; action: string; submit: string; back: string },
    fields: (bound: BoundForm<F>) => Child,
  ): FastifyReply {
    const bound = bindForm(form, ctx, state);
    return sendPage(
      reply,
      ctx,
      step.title,
      [
        <p class="ecl-u-type-paragraph">{step.intro}</p>,
        <bound.Form action={step.action}>
          {fields(bound)}
          <div class="jh-actions">
            <Button>{step.submit}</Button>
            <a class="ecl-link ecl-link--standalone" href={step.back}>
              {ctx.t('common.cancel')}
            </a>
          </div>
        </bound.Form>,
      ],
      { status, notices: status === 409 ? <StaleNotice ctx={ctx} state={state} /> : null },
    );
  }

  function sendConsultationOpen(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    state: FormState<typeof consultationOpenForm.fields>,
    status = 200,
  ): FastifyReply {
    const { t } = ctx;
    const step = {
      title: t('priorities.consult.openTitle', { name: versionTitle(ctx, framework) }),
      intro: t('priorities.consult.openIntro'),
      action: `${versionPath(framework)}/consultation/open`,
      submit: t('priorities.consult.openSubmit'),
      back: versionPath(framework),
    };
    return sendStep(reply, ctx, consultationOpenForm, state, status, step, (form) => (
      <form.Date name="deadline" />
    ));
  }

  function sendAgreement(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    state: FormState<typeof agreementForm.fields>,
    status = 200,
  ): FastifyReply {
    const { t } = ctx;
    const step = {
      title: t('priorities.agree.title', { name: versionTitle(ctx, framework) }),
      intro: t('priorities.agree.intro'),
      action: `${versionPath(framework)}/agreement`,
      submit: t('priorities.agree.submit'),
      back: versionPath(framework),
    };
    return sendStep(reply, ctx, agreementForm, state, status, step, (form) => [
      <form.Date name="agreedOn" />,
      <form.Text name="agreedAt" />,
    ]);
  }

  const agreementOpened = () => ({ agreedOn: networkToday(), agreedAt: '' });

  const deadlineOf = (framework: FrameworkView) => ({
    deadline: framework.consultationDeadline ?? '',
  });

  app.get(
    '/priorities/:year/versions/:version/consultation/open',
    { schema: { params: VersionParams }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      return refusing(reply, ctx, ref, async () => {
        const framework = await editable(requireActor(request.actor), ref);
        return sendConsultationOpen(
          reply,
          ctx,
          framework,
          consultationOpenForm.opened(deadlineOf(framework), framework.rowVersion),
        );
      });
    },
  );

  app.post(
    '/priorities/:year/versions/:version/consultation/open',
    { schema: { params: VersionParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      const posted = { actor: requireActor(request.actor), body: request.body, ref };
      return submitOnVersion(reply, ctx, consultationOpenForm, posted, () => ({
        write: (values, version) =>
          priorityDrafting.openConsultation(request.auditContext(), ref, version, {
            deadline: values.deadline.trim(),
          }),
        show: (state, status, shown) => sendConsultationOpen(reply, ctx, shown, state, status),
        stored: deadlineOf,
        done: `${versionPath(ref)}?saved=1`,
      }));
    },
  );

  app.get(
    '/priorities/:year/versions/:version/agreement',
    { schema: { params: VersionParams }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      return refusing(reply, ctx, ref, async () => {
        const framework = await editable(requireActor(request.actor), ref);
        return sendAgreement(
          reply,
          ctx,
          framework,
          agreementForm.opened(agreementOpened(), framework.rowVersion),
        );
      });
    },
  );

  app.post(
    '/priorities/:year/versions/:version/agreement',
    { schema: { params: VersionParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      const posted = { actor: requireActor(request.actor), body: request.body, ref };
      return submitOnVersion(reply, ctx, agreementForm, posted, () => ({
        write: (values, version) =>
          priorityDrafting.recordAgreement(request.auditContext(), ref, version, {
            agreedOn: values.agreedOn.trim(),
            agreedAt: values.agreedAt,
          }),
        show: (state, status, shown) => sendAgreement(reply, ctx, shown, state, status),
        // Agreement is not stored until recorded: what is stored is what the form opened with.
        stored: agreementOpened,
        done: `${versionPath(ref)}?saved=1`,
      }));
    },
  );
}
