import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, type Actor } from '../../app/access.js';
import { h, type Html } from '../../app/html/jsx.js';
import {
  Button,
  CsrfField,
  DescriptionList,
  FormErrors,
  Notification,
  SelectField,
  Table,
  TextArea,
} from '../../app/html/components.js';
import type { PageContext } from '../../app/html/page-context.js';
import {
  ConflictError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import { formatDate, formatDateTime } from '../../app/i18n/format.js';
import { priorityAnswerKinds, type PriorityAnswerKind } from '../../db/schema.js';
import {
  closedMessage,
  type AnswerView,
  type ConsultationView,
} from './priorities.consultation.js';
import type { VersionRef } from './priorities.drafting.js';
import {
  ConflictNotice,
  formText,
  sendPage,
  sendRefusal,
  statusLabel,
  versionOf,
  versionPath,
} from './priorities.page-kit.js';
import { prioritiesPolicy } from './priorities.policy.js';
import { VersionParams } from './priorities.schema.js';

const AnswerPageParams = Type.Object({
  year: Type.Integer({ minimum: 2006, maximum: 2100 }),
  version: Type.Integer({ minimum: 1, maximum: 10_000 }),
  id: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
});
const AnswerForm = Type.Object(
  {
    version: formText(12),
    section: formText(8),
    kind: formText(16),
    lineKey: formText(40),
    text: formText(),
  },
  { additionalProperties: false },
);
const VersionOnlyForm = Type.Object({ version: formText(12) }, { additionalProperties: false });
const NoticeQuery = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 10 })),
  withdrawn: Type.Optional(Type.String({ maxLength: 10 })),
});

interface AnswerValues {
  version: string;
  section: string;
  kind: string;
  lineKey: string;
  text: string;
}

function kindLabel(ctx: PageContext, kind: PriorityAnswerKind): string {
  return ctx.t(`priorities.answer.kind.${kind}`);
}

function isAnswerKind(value: string): value is PriorityAnswerKind {
  return (priorityAnswerKinds as readonly string[]).includes(value);
}

function excerpt(text: string, length = 90): string {
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}

/** The fields of an answer: the section, what kind, the line a change is about, the text. */
function AnswerFields({
  ctx,
  consultation,
  values,
  errors,
}: {
  ctx: PageContext;
  consultation: ConsultationView;
  values: AnswerValues;
  errors: FieldError[];
}): Html {
  const { t } = ctx;
  return (
    <div>
      <SelectField
        name="section"
        label={t('priorities.answer.section')}
        value={values.section}
        errors={errors}
        required
        options={consultation.sections.map((s) => ({
          value: s.number,
          label: `${s.number} ${s.title}`,
        }))}
      />
      <SelectField
        name="kind"
        label={t('priorities.answer.kind')}
        value={values.kind}
        errors={errors}
        required
        options={priorityAnswerKinds.map((k) => ({ value: k, label: kindLabel(ctx, k) }))}
      />
      <SelectField
        name="lineKey"
        label={`${t('priorities.answer.line')} (${t('common.optional')})`}
        hint={t('priorities.answer.lineHint')}
        value={values.lineKey}
        errors={errors}
        options={[
          { value: '', label: t('priorities.answer.noLine') },
          ...consultation.sections.flatMap((s) =>
            s.lines.map((l) => ({
              value: l.key,
              label: `${s.number} (${l.number}) ${excerpt(l.text)}`,
            })),
          ),
        ]}
      />
      <TextArea
        name="text"
        label={t('priorities.answer.text')}
        value={values.text}
        errors={errors}
        required
        rows={6}
      />
    </div>
  );
}

function AnswerItem({
  ctx,
  consultation,
  answer,
}: {
  ctx: PageContext;
  consultation: ConsultationView;
  answer: AnswerView;
}): Html {
  const { t } = ctx;
  const path = `${versionPath(consultation)}/consultation/answers/${answer.id}`;
  return (
    <div class="ecl-u-mb-m" id={`answer-${answer.id}`}>
      <p class="ecl-u-type-paragraph ecl-u-mb-xs">
        <strong>{kindLabel(ctx, answer.kind)}</strong>
        {answer.kind === 'change'
          ? ` (${
              answer.lineNumber === null
                ? t('priorities.answer.lineGone')
                : t('priorities.answer.aboutLine', { number: answer.lineNumber })
            })`
          : ''}
        {': '}
        {answer.text}
      </p>
      <p class="ecl-u-type-s ecl-u-mb-xs">
        {t('priorities.answer.by', {
          name: answer.authorName ?? t('audit.system'),
          date: formatDateTime(ctx.locale, answer.updatedAt),
        })}
      </p>
      {answer.mine && consultation.open ? (
        <div class="jh-actions">
          <a class="ecl-link" href={`${path}/edit`}>
            {t('priorities.answer.edit')}
          </a>
          <a class="ecl-link" href={`${path}/withdraw`}>
            {t('priorities.answer.withdraw')}
          </a>
        </div>
      ) : null}
    </div>
  );
}

/**
 * The answers section by section, each agency's beside the others': for the secretariat every
 * member agency, those without an answer marked; for a contact point the agencies it may read.
 */
function AnswersBySection({
  ctx,
  consultation,
}: {
  ctx: PageContext;
  consultation: ConsultationView;
}): Html {
  const { t } = ctx;
  const agencies =
    consultation.agencies?.map((a) => a.acronym) ??
    [...new Set(consultation.answers.map((a) => a.agency))].sort();
  return (
    <div>
      {consultation.sections.map((section) => {
        const rows = agencies.map((agency) => ({
          agency,
          answers: consultation.answers.filter(
            (a) => a.section === section.number && a.agency === agency,
          ),
        }));
        return (
          <section class="ecl-u-mb-xl" aria-labelledby={`answers-${section.number}`}>
            <h3 class="ecl-u-type-heading-3" id={`answers-${section.number}`}>
              {`${section.number} ${section.title}`}
            </h3>
            {rows.length === 0 ? (
              <p class="ecl-u-type-paragraph">{t('priorities.consult.noAnswers')}</p>
            ) : (
              <Table
                ctx={ctx}
                caption={t('priorities.consult.sectionCaption', { number: section.number })}
                rows={rows}
                columns={[
                  { header: t('priorities.consult.agency'), cell: (r) => r.agency },
                  {
                    header: t('priorities.consult.answers'),
                    cell: (r) =>
                      r.answers.length === 0 ? (
                        <em>{t('priorities.consult.noAnswer')}</em>
                      ) : (
                        r.answers.map((a) => (
                          <AnswerItem ctx={ctx} consultation={consultation} answer={a} />
                        ))
                      ),
                  },
                ]}
              />
            )}
          </section>
        );
      })}
    </div>
  );
}

function Progress({ ctx, consultation }: { ctx: PageContext; consultation: ConsultationView }) {
  const { t } = ctx;
  const agencies = consultation.agencies;
  if (!agencies) return null;
  const silent = agencies.filter((a) => a.answers === 0).map((a) => a.acronym);
  return (
    <section aria-labelledby="progress-heading" class="ecl-u-mb-xl">
      <h2 class="ecl-u-type-heading-2" id="progress-heading">
        {t('priorities.consult.progress')}
      </h2>
      <p class="ecl-u-type-paragraph">
        {silent.length === 0
          ? t('priorities.consult.allAnswered')
          : t('priorities.consult.notAnswered', { agencies: silent.join(', ') })}
      </p>
      <Table
        ctx={ctx}
        caption={t('priorities.consult.progressCaption')}
        rows={agencies}
        columns={[
          { header: t('priorities.consult.agency'), cell: (a) => a.acronym },
          ...consultation.sections.map((s) => ({
            header: s.number,
            cell: (a: (typeof agencies)[number]) => a.bySection[s.number] ?? 0,
          })),
          { header: t('priorities.consult.total'), cell: (a) => a.answers },
        ]}
      />
    </section>
  );
}

function Revisions({ ctx, consultation }: { ctx: PageContext; consultation: ConsultationView }) {
  const { t } = ctx;
  if (consultation.revisions.length === 0) return null;
  const lineNumber = (key: string | null) =>
    consultation.sections.flatMap((s) => s.lines).find((l) => l.key === key)?.number;
  return (
    <section aria-labelledby="revisions-heading" class="ecl-u-mb-xl">
      <h2 class="ecl-u-type-heading-2" id="revisions-heading">
        {t('priorities.consult.revisions')}
      </h2>
      <ul class="ecl-unordered-list">
        {consultation.revisions.map((r) => {
          const number = lineNumber(r.lineKey);
          return (
            <li class="ecl-unordered-list__item">
              {`${formatDateTime(ctx.locale, r.revisedAt)}: ${t(`priorities.revision.${r.kind}`)}`}
              {r.section ? ` ${t('priorities.consult.inSection', { number: r.section })}` : ''}
              {number !== undefined ? ` (${t('priorities.answer.aboutLine', { number })})` : ''}
              {r.byName ? `, ${r.byName}` : ''}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function emptyAnswer(consultation: ConsultationView): AnswerValues {
  return {
    version: '',
    section: consultation.sections[0]?.number ?? '',
    kind: 'comment',
    lineKey: '',
    text: '',
  };
}

export async function prioritiesConsultationPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { priorityConsultation } = app.services;

  async function sendConsultation(
    reply: FastifyReply,
    ctx: PageContext,
    actor: Actor,
    ref: VersionRef,
    form: { values?: AnswerValues; errors?: FieldError[]; status?: number; notice?: Html } = {},
  ): Promise<FastifyReply> {
    const { t } = ctx;
    const consultation = await priorityConsultation.get(actor, ref);
    const errors = form.errors ?? [];
    const answering = consultation.open && prioritiesPolicy.answer.allows(actor);
    const deadline = formatDate(ctx.locale, consultation.deadline);
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
            <FormErrors ctx={ctx} errors={errors} />
            <form method="post" action={`${versionPath(ref)}/consultation/answers`} novalidate>
              <CsrfField ctx={ctx} />
              <AnswerFields
                ctx={ctx}
                consultation={consultation}
                values={form.values ?? emptyAnswer(consultation)}
                errors={errors}
              />
              <div class="jh-actions">
                <Button>{t('priorities.answer.submit')}</Button>
              </div>
            </form>
          </section>
        ) : null,
        <Progress ctx={ctx} consultation={consultation} />,
        <Revisions ctx={ctx} consultation={consultation} />,
        <h2 class="ecl-u-type-heading-2">{t('priorities.consult.bySection')}</h2>,
        <AnswersBySection ctx={ctx} consultation={consultation} />,
      ],
      {
        ...(form.status !== undefined ? { status: form.status } : {}),
        notices: form.notice,
      },
    );
  }

  function refOf(params: { year: number; version: number }): VersionRef {
    return { year: params.year, version: params.version };
  }

  function refusal(reply: FastifyReply, ctx: PageContext, ref: VersionRef, error: ConflictError) {
    return sendRefusal(reply, ctx, error, {
      href: `${versionPath(ref)}/consultation`,
      label: ctx.t('priorities.consult.back'),
    });
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

  function answerInput(ctx: PageContext, values: AnswerValues) {
    const kind = values.kind;
    if (!isAnswerKind(kind)) {
      throw new ValidationError([
        { field: 'kind', message: ctx.t('priorities.answer.kindInvalid') },
      ]);
    }
    return {
      section: values.section,
      kind,
      lineKey: values.lineKey === '' ? null : values.lineKey,
      text: values.text,
    };
  }

  function valuesOf(body: {
    version?: string | undefined;
    section?: string | undefined;
    kind?: string | undefined;
    lineKey?: string | undefined;
    text?: string | undefined;
  }): AnswerValues {
    return {
      version: body.version ?? '',
      section: body.section ?? '',
      kind: body.kind ?? '',
      lineKey: body.lineKey ?? '',
      text: body.text ?? '',
    };
  }

  app.post(
    '/priorities/:year/versions/:version/consultation/answers',
    {
      schema: { params: VersionParams, body: AnswerForm },
      config: { access: prioritiesPolicy.answer, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const values = valuesOf(request.body);
      try {
        await priorityConsultation.createAnswer(
          request.auditContext(),
          actor,
          ref,
          answerInput(ctx, values),
        );
      } catch (error) {
        if (error instanceof ValidationError) {
          return sendConsultation(reply, ctx, actor, ref, {
            values,
            errors: error.fieldErrors,
            status: 400,
          });
        }
        if (error instanceof ConflictError) return refusal(reply, ctx, ref, error);
        throw error;
      }
      return reply.redirect(`${versionPath(ref)}/consultation?saved=1`, 303);
    },
  );

  async function sendAnswerEdit(
    reply: FastifyReply,
    ctx: PageContext,
    actor: Actor,
    ref: VersionRef,
    answer: AnswerView,
    values: AnswerValues,
    errors: FieldError[],
    options: { status?: number; conflict?: boolean } = {},
  ): Promise<FastifyReply> {
    const { t } = ctx;
    const consultation = await priorityConsultation.get(actor, ref);
    const back = `${versionPath(ref)}/consultation`;
    return sendPage(
      reply,
      ctx,
      t('priorities.answer.editTitle', { section: answer.section }),
      [
        <FormErrors ctx={ctx} errors={errors} />,
        <form method="post" action={`${back}/answers/${answer.id}/edit`} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={values.version} />
          <AnswerFields ctx={ctx} consultation={consultation} values={values} errors={errors} />
          <div class="jh-actions">
            <Button>{t('common.save')}</Button>
            <a class="ecl-link ecl-link--standalone" href={back}>
              {t('common.cancel')}
            </a>
          </div>
        </form>,
      ],
      {
        ...(options.status !== undefined ? { status: options.status } : {}),
        notices: options.conflict ? (
          <ConflictNotice ctx={ctx}>
            <DescriptionList
              items={[
                [t('priorities.answer.section'), answer.section],
                [t('priorities.answer.kind'), kindLabel(ctx, answer.kind)],
                [t('priorities.answer.text'), answer.text],
              ]}
            />
          </ConflictNotice>
        ) : null,
      },
    );
  }

  function storedValues(answer: AnswerView): AnswerValues {
    return {
      version: String(answer.rowVersion),
      section: answer.section,
      kind: answer.kind,
      lineKey: answer.lineKey ?? '',
      text: answer.text,
    };
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

  app.get(
    '/priorities/:year/versions/:version/consultation/answers/:id/edit',
    {
      schema: { params: AnswerPageParams },
      config: { access: prioritiesPolicy.answer, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      try {
        const answer = await changeable(actor, ref, request.params.id);
        return await sendAnswerEdit(reply, ctx, actor, ref, answer, storedValues(answer), []);
      } catch (error) {
        if (error instanceof ConflictError) return refusal(reply, ctx, ref, error);
        throw error;
      }
    },
  );

  app.post(
    '/priorities/:year/versions/:version/consultation/answers/:id/edit',
    {
      schema: { params: AnswerPageParams, body: AnswerForm },
      config: { access: prioritiesPolicy.answer, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const { id } = request.params;
      const values = valuesOf(request.body);
      const answer = await priorityConsultation.ownAnswer(actor, ref, id);
      try {
        await priorityConsultation.updateAnswer(
          request.auditContext(),
          actor,
          ref,
          id,
          versionOf(values.version),
          answerInput(ctx, values),
        );
      } catch (error) {
        if (error instanceof ValidationError) {
          return sendAnswerEdit(reply, ctx, actor, ref, answer, values, error.fieldErrors, {
            status: 400,
          });
        }
        if (error instanceof StaleVersionError) {
          const stored = await priorityConsultation.ownAnswer(actor, ref, id);
          return sendAnswerEdit(
            reply,
            ctx,
            actor,
            ref,
            stored,
            { ...values, version: String(stored.rowVersion) },
            [],
            { status: 409, conflict: true },
          );
        }
        if (error instanceof ConflictError) return refusal(reply, ctx, ref, error);
        throw error;
      }
      return reply.redirect(`${versionPath(ref)}/consultation?saved=1#answer-${id}`, 303);
    },
  );

  function sendWithdraw(
    reply: FastifyReply,
    ctx: PageContext,
    ref: VersionRef,
    answer: AnswerView,
    options: { status?: number; conflict?: boolean } = {},
  ): FastifyReply {
    const { t } = ctx;
    const back = `${versionPath(ref)}/consultation`;
    return sendPage(
      reply,
      ctx,
      t('priorities.answer.withdrawTitle'),
      [
        <p class="ecl-u-type-paragraph">
          {t('priorities.answer.withdrawQuestion', { section: answer.section })}
        </p>,
        <blockquote class="ecl-u-type-paragraph ecl-u-mb-l">{answer.text}</blockquote>,
        <form method="post" action={`${back}/answers/${answer.id}/withdraw`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={String(answer.rowVersion)} />
          <div class="jh-actions">
            <Button>{t('priorities.answer.withdrawTitle')}</Button>
            <a class="ecl-link ecl-link--standalone" href={back}>
              {t('common.cancel')}
            </a>
          </div>
        </form>,
      ],
      {
        ...(options.status !== undefined ? { status: options.status } : {}),
        notices: options.conflict ? (
          <ConflictNotice ctx={ctx}>
            <p class="ecl-u-type-paragraph">{answer.text}</p>
          </ConflictNotice>
        ) : null,
      },
    );
  }

  app.get(
    '/priorities/:year/versions/:version/consultation/answers/:id/withdraw',
    {
      schema: { params: AnswerPageParams },
      config: { access: prioritiesPolicy.answer, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      try {
        const answer = await changeable(requireActor(request.actor), ref, request.params.id);
        return await sendWithdraw(reply, ctx, ref, answer);
      } catch (error) {
        if (error instanceof ConflictError) return refusal(reply, ctx, ref, error);
        throw error;
      }
    },
  );

  app.post(
    '/priorities/:year/versions/:version/consultation/answers/:id/withdraw',
    {
      schema: { params: AnswerPageParams, body: VersionOnlyForm },
      config: { access: prioritiesPolicy.answer, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const { id } = request.params;
      try {
        await priorityConsultation.withdrawAnswer(
          request.auditContext(),
          actor,
          ref,
          id,
          versionOf(request.body.version),
        );
      } catch (error) {
        if (error instanceof StaleVersionError) {
          const stored = await priorityConsultation.ownAnswer(actor, ref, id);
          return sendWithdraw(reply, ctx, ref, stored, { status: 409, conflict: true });
        }
        if (error instanceof ConflictError) return refusal(reply, ctx, ref, error);
        throw error;
      }
      return reply.redirect(`${versionPath(ref)}/consultation?withdrawn=1`, 303);
    },
  );
}
