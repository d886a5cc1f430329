import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireActor, type Actor } from '../../../app/access.js';
import { h, type Html } from '../../../app/html/jsx.js';
import { Button } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { FormBody } from '../../../app/forms/body.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { networkToday } from '../priorities.dates.js';
import type { VersionRef } from '../priorities.drafting.js';
import { sendPage, versionPath } from '../priorities.page-kit.js';
import { VersionParams } from '../priorities.schema.js';
import type { FrameworkView } from '../priorities.service.js';
import { agreementForm, confirmForm, consultationOpenForm } from '../forms/drafting.form.js';
import { StaleNotice, refOf, versionTitle, sendConfirm } from '../views/drafting.views.js';
import { draftingContext } from './drafting.context.js';

/** Deleting a draft and moving it through consultation to agreement. */
export async function stepPages(fastify: FastifyInstance): Promise<void> {
  const { app, priorities, priorityDrafting, access, editable, refusing } =
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

  function sendStepForm(
    reply: FastifyReply,
    ctx: PageContext,
    title: string,
    intro: string,
    form: Html,
    state: Pick<FormState<typeof agreementForm.fields>, 'errors' | 'conflicts'>,
    status: number,
  ): FastifyReply {
    return sendPage(reply, ctx, title, [<p class="ecl-u-type-paragraph">{intro}</p>, form], {
      status,
      notices: status === 409 ? <StaleNotice ctx={ctx} state={state} /> : null,
    });
  }

  const actions = (ctx: PageContext, path: string, submit: string) => (
    <div class="jh-actions">
      <Button>{submit}</Button>
      <a class="ecl-link ecl-link--standalone" href={path}>
        {ctx.t('common.cancel')}
      </a>
    </div>
  );

  function sendConsultationOpen(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    state: FormState<typeof consultationOpenForm.fields>,
    status = 200,
  ): FastifyReply {
    const { t } = ctx;
    const path = versionPath(framework);
    const form = bindForm(consultationOpenForm, ctx, state);
    return sendStepForm(
      reply,
      ctx,
      t('priorities.consult.openTitle', { name: versionTitle(ctx, framework) }),
      t('priorities.consult.openIntro'),
      <form.Form action={`${path}/consultation/open`}>
        <form.Date name="deadline" />
        {actions(ctx, path, t('priorities.consult.openSubmit'))}
      </form.Form>,
      state,
      status,
    );
  }

  function sendAgreement(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    state: FormState<typeof agreementForm.fields>,
    status = 200,
  ): FastifyReply {
    const { t } = ctx;
    const path = versionPath(framework);
    const form = bindForm(agreementForm, ctx, state);
    return sendStepForm(
      reply,
      ctx,
      t('priorities.agree.title', { name: versionTitle(ctx, framework) }),
      t('priorities.agree.intro'),
      <form.Form action={`${path}/agreement`}>
        <form.Date name="agreedOn" />
        <form.Text name="agreedAt" />
        {actions(ctx, path, t('priorities.agree.submit'))}
      </form.Form>,
      state,
      status,
    );
  }

  const agreementOpened = () => ({ agreedOn: networkToday(), agreedAt: '' });

  const deadlineOf = (framework: FrameworkView) => ({
    deadline: framework.consultationDeadline ?? '',
  });

  /** Runs a step's post on a version still open to change; a 409 shows what is stored now. */
  function onStep(actor: Actor, ref: VersionRef) {
    return {
      framework: () => editable(actor, ref),
      shown: async (status: number, framework: FrameworkView) =>
        status === 409 ? editable(actor, ref) : framework,
    };
  }

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
      const step = onStep(requireActor(request.actor), ref);
      return refusing(reply, ctx, ref, async () => {
        const framework = await step.framework();
        return submitForm(reply, {
          form: consultationOpenForm,
          body: request.body,
          t: ctx.t,
          write: (values, version) =>
            priorityDrafting.openConsultation(request.auditContext(), ref, version, {
              deadline: values.deadline.trim(),
            }),
          show: async (state, status) =>
            sendConsultationOpen(reply, ctx, await step.shown(status, framework), state, status),
          current: async () => {
            const stored = await step.framework();
            return { values: deadlineOf(stored), version: stored.rowVersion };
          },
          done: `${versionPath(ref)}?saved=1`,
        });
      });
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
      const step = onStep(requireActor(request.actor), ref);
      return refusing(reply, ctx, ref, async () => {
        const framework = await step.framework();
        return submitForm(reply, {
          form: agreementForm,
          body: request.body,
          t: ctx.t,
          write: (values, version) =>
            priorityDrafting.recordAgreement(request.auditContext(), ref, version, {
              agreedOn: values.agreedOn.trim(),
              agreedAt: values.agreedAt,
            }),
          show: async (state, status) =>
            sendAgreement(reply, ctx, await step.shown(status, framework), state, status),
          // Agreement is not stored until recorded: what is stored is what the form opened with.
          current: async () => ({
            values: agreementOpened(),
            version: (await step.framework()).rowVersion,
          }),
          done: `${versionPath(ref)}?saved=1`,
        });
      });
    },
  );
}
