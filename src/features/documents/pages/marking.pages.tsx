import type { FastifyReply } from 'fastify';
import { requireActor } from '../../../app/access.js';
import { NotFoundError, StaleVersionError, ValidationError } from '../../../app/errors.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { Button, CsrfField, versionOf } from '../../../app/html/components.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendPage } from '../../../app/html/send-page.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { ClassificationName } from '../../../db/schema.js';
import type { DocumentDetail } from '../documents.model.js';
import { one } from '../documents.forms.js';
import { documentHref } from '../documents.detail.js';
import {
  markingChangeOf,
  markingForm,
  markingFormValuesOf,
  scheduleForm,
  scheduleValuesOf,
  type MarkingValues,
  type ScheduleValues,
} from '../forms/marking.form.js';
import { MarkingForm, ScheduleForm } from '../views/change-forms.js';
import { IdParams, page, UrlEncodedForm, type DocumentPageKit, type PagesApp } from './kit.js';

/** The TLP:RED recipients found by e-mail address, and the addresses no account has. */
type Recipients = Awaited<ReturnType<DocumentPageKit['recipientsOf']>>;

/** The markings of a document: changed now, scheduled, or a scheduled change cancelled. */
export async function markingPages(app: PagesApp, kit: DocumentPageKit): Promise<void> {
  const { documents } = app.services;
  const { choicesFor, recipientsOf, recipientEmails, sendDetail, editable } = kit;

  async function sendMarking(
    reply: FastifyReply,
    ctx: PageContext,
    document: DocumentDetail,
    state: FormState<typeof markingForm.fields>,
    status = 200,
  ): Promise<FastifyReply> {
    const choices = await choicesFor(requireActor(ctx.actor), document);
    // A marking above the ceiling on a document with content is refused as a whole (422); the
    // page puts that refusal on the classification it is about.
    const errors = state.errors.map((e) =>
      status === 422 && e.field === 'form' ? { ...e, field: 'classification' } : e,
    );
    return sendPage(
      reply,
      ctx,
      ctx.t('documents.marking.title', { number: document.registrationNumber }),
      <MarkingForm ctx={ctx} document={document} state={{ ...state, errors }} choices={choices} />,
      { status },
    );
  }

  app.get(
    '/documents/:id/marking',
    { schema: { params: IdParams }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const document = await editable(requireActor(ctx.actor), request.params.id, 'mark');
      const values = markingFormValuesOf(document, await recipientEmails(document));
      return sendMarking(reply, ctx, document, markingForm.opened(values, document.version));
    },
  );

  app.post(
    '/documents/:id/marking',
    { schema: { params: IdParams, body: UrlEncodedForm }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      const document = await editable(actor, request.params.id, 'mark');
      /** Unknown addresses, and all else the service would refuse, in one round. */
      const problems = async (values: MarkingValues, recipients: Recipients) => {
        const more = await documents.markingProblems(
          actor,
          document.id,
          markingChangeOf(values, recipients.ids),
          values.reason,
        );
        const named = new Set(recipients.errors.map((e) => e.field));
        return [
          ...recipients.errors,
          ...more.filter((e) => !named.has(markingForm.inputOf(e.field))),
        ];
      };
      return submitForm(reply, {
        form: markingForm,
        body: request.body,
        t: ctx.t,
        check: async (values) =>
          problems(values, await recipientsOf({ recipients: values.recipients })),
        write: async (values, version) => {
          const recipients = await recipientsOf({ recipients: values.recipients });
          if (recipients.errors.length > 0)
            throw new ValidationError(await problems(values, recipients));
          return documents.changeMarking(
            actor,
            request.auditContext(),
            document.id,
            markingChangeOf(values, recipients.ids),
            values.reason,
            version,
          );
        },
        show: (state, status) => sendMarking(reply, ctx, document, state, status),
        current: async () => {
          const stored = await documents.get(actor, document.id);
          return {
            values: markingFormValuesOf(stored, await recipientEmails(stored)),
            version: stored.version,
          };
        },
        done: `${documentHref(document.id)}?notice=marking`,
      });
    },
  );

  async function sendSchedule(
    reply: FastifyReply,
    ctx: PageContext,
    document: DocumentDetail,
    state: FormState<typeof scheduleForm.fields>,
    status = 200,
  ): Promise<FastifyReply> {
    return sendPage(
      reply,
      ctx,
      ctx.t('documents.schedule.title', { number: document.registrationNumber }),
      <ScheduleForm ctx={ctx} document={document} state={state} />,
      { status },
    );
  }

  app.get(
    '/documents/:id/schedule',
    { schema: { params: IdParams }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const document = await editable(requireActor(ctx.actor), request.params.id, 'mark');
      // A new change starts empty; a stale save merges against the change stored when it opened.
      return sendSchedule(reply, ctx, document, {
        values: scheduleForm.initial({ classification: 'none' }),
        errors: [],
        version: document.version,
        base: scheduleValuesOf(document),
      });
    },
  );

  app.post(
    '/documents/:id/schedule',
    { schema: { params: IdParams, body: UrlEncodedForm }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      const document = await editable(actor, request.params.id, 'mark');
      const changeOf = (values: ScheduleValues) => ({
        on: values.on.trim(),
        classification: values.classification as ClassificationName,
        reason: values.reason,
      });
      return submitForm(reply, {
        form: scheduleForm,
        body: request.body,
        t: ctx.t,
        check: (values) => documents.scheduleProblems(actor, document.id, changeOf(values)),
        write: (values, version) =>
          documents.schedule(actor, request.auditContext(), document.id, changeOf(values), version),
        show: (state, status) => sendSchedule(reply, ctx, document, state, status),
        current: async () => {
          const stored = await documents.get(actor, document.id);
          return { values: scheduleValuesOf(stored), version: stored.version };
        },
        done: `${documentHref(document.id)}?notice=schedule`,
      });
    },
  );

  app.get(
    '/documents/:id/schedule/cancel',
    { schema: { params: IdParams }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const document = await editable(requireActor(ctx.actor), request.params.id, 'mark');
      const scheduled = document.scheduledChange;
      if (!scheduled) throw new NotFoundError('No change is scheduled.');
      const href = documentHref(document.id);
      return sendPage(
        reply,
        ctx,
        t('documents.scheduleCancel.title', { number: document.registrationNumber }),
        <form method="post" action={`${href}/schedule/cancel`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={String(document.version)} />
          <p class="ecl-u-type-paragraph">
            {t('documents.scheduleCancel.confirm', {
              on: formatDate(ctx.locale, scheduled.on),
              level: scheduled.classificationLabel || t('documents.form.classification.none'),
            })}
          </p>
          <div class="jh-actions">
            <Button>{t('documents.scheduleCancel.submit')}</Button>
            <a class="ecl-link ecl-link--standalone" href={href}>
              {t('documents.backToDocument')}
            </a>
          </div>
        </form>,
      );
    },
  );

  app.post(
    '/documents/:id/schedule/cancel',
    { schema: { params: IdParams, body: UrlEncodedForm }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      const id = request.params.id;
      try {
        await documents.schedule(
          actor,
          request.auditContext(),
          id,
          null,
          versionOf(one(request.body, 'version')),
        );
      } catch (error) {
        if (error instanceof StaleVersionError)
          return sendDetail(reply, ctx, id, { conflict: true }, { status: 409 });
        throw error;
      }
      return reply.redirect(`${documentHref(id)}?notice=schedule-cancelled`, 303);
    },
  );
}
