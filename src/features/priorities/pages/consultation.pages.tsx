import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, type Actor } from '../../../app/access.js';
import { h, type Html } from '../../../app/html/jsx.js';
import { Button, Notification } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate } from '../../../app/i18n/format.js';
import { FormBody } from '../../../app/forms/body.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import type { VersionRef } from '../priorities.drafting.js';
import { sendPage, statusLabel, versionPath } from '../priorities.page-kit.js';
import { prioritiesPolicy } from '../priorities.policy.js';
import { VersionParams } from '../priorities.schema.js';
import { answerForm, answerInput, emptyAnswer } from '../forms/answer.form.js';
import {
  AnswerFields,
  AnswersBySection,
  Progress,
  Revisions,
  answerChoices,
} from '../views/consultation.views.js';
import { consultationContext } from './consultation.context.js';

const NoticeQuery = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 10 })),
  withdrawn: Type.Optional(Type.String({ maxLength: 10 })),
});

/** The consultation of a version: who answered what, section by section, and a new answer. */
export async function consultationPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { priorityConsultation } = app.services;
  const { refOf, refusedOr } = consultationContext();

  async function sendConsultation(
    reply: FastifyReply,
    ctx: PageContext,
    actor: Actor,
    ref: VersionRef,
    page: { state?: FormState<typeof answerForm.fields>; status?: number; notice?: Html } = {},
  ): Promise<FastifyReply> {
    const { t } = ctx;
    const consultation = await priorityConsultation.get(actor, ref);
    const answering = consultation.open && prioritiesPolicy.answer.allows(actor);
    const deadline = formatDate(ctx.locale, consultation.deadline);
    const form = bindForm(
      answerForm,
      ctx,
      page.state ?? { values: emptyAnswer(consultation), errors: [] },
      { choices: answerChoices(ctx, consultation) },
    );
    return sendPage(
      reply,
      ctx,
      t('priorities.consult.title', { year: consultation.year, version: consultation.version }),
      [
        <p class="ecl-u-type-paragraph">
          {`${consultation.title}. ${t('priorities.status')}: ${statusLabel(ctx, consultation.status)}.`}
        </p>,
        <p class="ecl-u-type-paragraph">
          <a class="ecl-link ecl-link--standalone" href={versionPath(consultation)}>
            {t('priorities.consult.readText')}
          </a>
        </p>,
        <p class="ecl-u-type-paragraph">
          {consultation.open
            ? t('priorities.consult.openUntil', { date: deadline })
            : t('priorities.consult.closed', { date: deadline })}
        </p>,
        actor.role === 'contact' ? (
          <p class="ecl-u-type-paragraph">
            {consultation.open
              ? t('priorities.consult.ownOnly', { agency: actor.organisationAcronym })
              : t('priorities.consult.allVisible')}
          </p>
        ) : null,
        answering ? (
          <section aria-labelledby="answer-heading" class="ecl-u-mb-xl">
            <h2 class="ecl-u-type-heading-2" id="answer-heading">
              {t('priorities.answer.new', { agency: actor.organisationAcronym })}
            </h2>
            <form.Form action={`${versionPath(ref)}/consultation/answers`}>
              <AnswerFields form={form} />
              <div class="jh-actions">
                <Button>{t('priorities.answer.submit')}</Button>
              </div>
            </form.Form>
          </section>
        ) : null,
        <Progress ctx={ctx} consultation={consultation} />,
        <Revisions ctx={ctx} consultation={consultation} />,
        <h2 class="ecl-u-type-heading-2">{t('priorities.consult.bySection')}</h2>,
        <AnswersBySection ctx={ctx} consultation={consultation} />,
      ],
      {
        ...(page.status !== undefined ? { status: page.status } : {}),
        notices: page.notice,
      },
    );
  }

  app.get(
    '/priorities/:year/versions/:version/consultation',
    {
      schema: { params: VersionParams, querystring: NoticeQuery },
      config: { access: prioritiesPolicy.consultation, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { saved, withdrawn } = request.query;
      return sendConsultation(reply, ctx, requireActor(request.actor), refOf(request.params), {
        ...(saved !== undefined || withdrawn !== undefined
          ? {
              notice: (
                <Notification variant="success">
                  {saved !== undefined
                    ? ctx.t('common.saved')
                    : ctx.t('priorities.answer.withdrawn')}
                </Notification>
              ),
            }
          : {}),
      });
    },
  );

  app.post(
    '/priorities/:year/versions/:version/consultation/answers',
    {
      schema: { params: VersionParams, body: FormBody },
      config: { access: prioritiesPolicy.answer, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      return submitForm(reply, {
        form: answerForm,
        body: request.body,
        t: ctx.t,
        write: (values) =>
          priorityConsultation.createAnswer(
            request.auditContext(),
            actor,
            ref,
            answerInput(values),
          ),
        show: (state, status) =>
          refusedOr(reply, ctx, ref, state, status, () =>
            sendConsultation(reply, ctx, actor, ref, { state, status }),
          ),
        done: `${versionPath(ref)}/consultation?saved=1`,
      });
    },
  );
}
