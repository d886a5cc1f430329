import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, type Actor } from '../../../app/access.js';
import { h } from '../../../app/html/jsx.js';
import { Button } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { ConflictError } from '../../../app/errors.js';
import { FormBody } from '../../../app/forms/body.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { closedMessage, type AnswerView } from '../priorities.consultation.js';
import type { VersionRef } from '../priorities.drafting.js';
import { sendPage, versionPath } from '../priorities.page-kit.js';
import { prioritiesPolicy } from '../priorities.policy.js';
import { answerForm, answerInput, answerValues } from '../forms/answer.form.js';
import { confirmForm } from '../forms/drafting.form.js';
import { AnswerFields, answerChoices } from '../views/consultation.views.js';
import { StaleNotice, sendConfirm } from '../views/drafting.views.js';
import { consultationContext } from './consultation.context.js';

const AnswerPageParams = Type.Object({
  year: Type.Integer({ minimum: 2006, maximum: 2100 }),
  version: Type.Integer({ minimum: 1, maximum: 10_000 }),
  id: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
});

/** An agency's own answer while the consultation is open: changed, or withdrawn. */
export async function answerPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { priorityConsultation } = app.services;
  const { refOf, refusal, refusedOr } = consultationContext();
  const config = { access: prioritiesPolicy.answer, page: true };

  async function sendAnswerEdit(
    reply: FastifyReply,
    ctx: PageContext,
    actor: Actor,
    ref: VersionRef,
    answer: AnswerView,
    state: FormState<typeof answerForm.fields>,
    status = 200,
  ): Promise<FastifyReply> {
    const { t } = ctx;
    const consultation = await priorityConsultation.get(actor, ref);
    const back = `${versionPath(ref)}/consultation`;
    const form = bindForm(answerForm, ctx, state, {
      choices: answerChoices(ctx, consultation),
    });
    return sendPage(
      reply,
      ctx,
      t('priorities.answer.editTitle', { section: answer.section }),
      <form.Form action={`${back}/answers/${answer.id}/edit`}>
        <AnswerFields form={form} />
        <div class="jh-actions">
          <Button>{t('common.save')}</Button>
          <a class="ecl-link ecl-link--standalone" href={back}>
            {t('common.cancel')}
          </a>
        </div>
      </form.Form>,
      { status, notices: status === 409 ? <StaleNotice ctx={ctx} state={state} /> : null },
    );
  }

  /** An answer of one's own agency that may still change; else a page saying why not. */
  async function changeable(actor: Actor, ref: VersionRef, id: string): Promise<AnswerView> {
    const answer = await priorityConsultation.ownAnswer(actor, ref, id);
    const consultation = await priorityConsultation.get(actor, ref);
    if (!consultation.open) {
      throw new ConflictError(closedMessage(consultation), 'consultation_closed');
    }
    return answer;
  }

  /** Runs a page of an answer, turning a closed consultation into a page saying so. */
  async function refusing(
    reply: FastifyReply,
    ctx: PageContext,
    ref: VersionRef,
    run: () => Promise<FastifyReply>,
  ): Promise<FastifyReply> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ConflictError) return refusal(reply, ctx, ref, error);
      throw error;
    }
  }

  const answerPath = '/priorities/:year/versions/:version/consultation/answers/:id';

  app.get(
    `${answerPath}/edit`,
    { schema: { params: AnswerPageParams }, config },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      return refusing(reply, ctx, ref, async () => {
        const answer = await changeable(actor, ref, request.params.id);
        const state = answerForm.opened(answerValues(answer), answer.rowVersion);
        return sendAnswerEdit(reply, ctx, actor, ref, answer, state);
      });
    },
  );

  app.post(
    `${answerPath}/edit`,
    { schema: { params: AnswerPageParams, body: FormBody }, config },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const { id } = request.params;
      const answer = await priorityConsultation.ownAnswer(actor, ref, id);
      return submitForm(reply, {
        form: answerForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          priorityConsultation.updateAnswer(
            request.auditContext(),
            actor,
            ref,
            id,
            version,
            answerInput(values),
          ),
        show: (state, status) =>
          refusedOr(reply, ctx, ref, state, status, async () =>
            sendAnswerEdit(
              reply,
              ctx,
              actor,
              ref,
              status === 409 ? await priorityConsultation.ownAnswer(actor, ref, id) : answer,
              state,
              status,
            ),
          ),
        current: async () => {
          const stored = await priorityConsultation.ownAnswer(actor, ref, id);
          return { values: answerValues(stored), version: stored.rowVersion };
        },
        done: `${versionPath(ref)}/consultation?saved=1#answer-${id}`,
      });
    },
  );

  function sendWithdraw(
    reply: FastifyReply,
    ctx: PageContext,
    ref: VersionRef,
    answer: AnswerView,
    state: FormState<typeof confirmForm.fields> = confirmForm.opened({}, answer.rowVersion),
    status = 200,
  ): FastifyReply {
    const { t } = ctx;
    const back = `${versionPath(ref)}/consultation`;
    return sendConfirm(
      reply,
      ctx,
      {
        title: t('priorities.answer.withdrawTitle'),
        text: t('priorities.answer.withdrawQuestion', { section: answer.section }),
        shown: answer.text,
      },
      { action: `${back}/answers/${answer.id}/withdraw`, cancel: back },
      state,
      status,
    );
  }

  app.get(
    `${answerPath}/withdraw`,
    { schema: { params: AnswerPageParams }, config },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      return refusing(reply, ctx, ref, async () =>
        sendWithdraw(
          reply,
          ctx,
          ref,
          await changeable(requireActor(request.actor), ref, request.params.id),
        ),
      );
    },
  );

  app.post(
    `${answerPath}/withdraw`,
    { schema: { params: AnswerPageParams, body: FormBody }, config },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const { id } = request.params;
      const stored = () => priorityConsultation.ownAnswer(actor, ref, id);
      return submitForm(reply, {
        form: confirmForm,
        body: request.body,
        t: ctx.t,
        write: (_values, version) =>
          priorityConsultation.withdrawAnswer(request.auditContext(), actor, ref, id, version),
        show: (state, status) =>
          refusedOr(reply, ctx, ref, state, status, async () =>
            sendWithdraw(reply, ctx, ref, await stored(), state, status),
          ),
        current: async () => ({ values: {}, version: (await stored()).rowVersion }),
        done: `${versionPath(ref)}/consultation?withdrawn=1`,
      });
    },
  );
}
