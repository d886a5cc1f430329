'../../../demo-sources.js';
import { MarkingForm, ScheduleForm } from '../views/change-forms.js';
import type { FastifyReply } from 'fastify';
import { requireActor } from '../../../app/access.js';
import {
  AppError,
  NotFoundError,
  StaleVersionError,
  type FieldError,
} from '../../../app/errors.js';
import { Button, CsrfField, versionOf } from '../../../app/html/components.js';
import { h, type Child } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendPage } from '../../../app/html/send-page.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { DocumentDetail } from '../documents.model.js';
import { markingInputOf, markingValuesOf, one, type FormValues } from '../documents.forms.js';
import { documentHref } from '../documents.detail.js';
import {
  IdParams,
  page,
  refusedForm,
  UrlEncodedForm,
  type DocumentPageKit,
  type PagesApp,
} from './kit.js';

/** The markings of a document: changed now, scheduled, or a scheduled change cancelled. */
export async function markingPages(app: PagesApp, kit: DocumentPageKit): Promise<void> {
  const { documents } = app.services;
  const { choicesFor, recipientsOf, recipientEmails, sendDetail, editable } = kit;

  type FormSender = (
    reply: FastifyReply,
    ctx: PageContext,
    document: DocumentDetail,
    values: FormValues,
    errors: readonly FieldError[],
  ) => Promise<FastifyReply>;

  /** A marking form opened on a document its reader may mark, with the values it starts from. */
  function markingFormPage(
    path: string,
    send: FormSender,
    startsWith: (document: DocumentDetail) => Promise<FormValues> | FormValues,
  ): void {
    app.get(path, { schema: { params: IdParams }, config: page }, async (request, reply) => {
      const ctx = request.pageContext();
      const document = await editable(requireActor(ctx.actor), request.params.id, 'mark');
      return send(reply, ctx, document, await startsWith(document), []);
    });
  }

  async function sendMarking(
    reply: FastifyReply,
    ctx: PageContext,
    document: DocumentDetail,
    values: FormValues,
    errors: readonly FieldError[],
    options: { status?: number; notices?: Child } = {},
  ): Promise<FastifyReply> {
    const choices = await choicesFor(requireActor(ctx.actor), document);
    return sendPage(
      reply,
      ctx,
      ctx.t('documents.marking.title', { number: document.registrationNumber }),
      <MarkingForm
        ctx={ctx}
        document={document}
        values={values}
        errors={errors}
        choices={choices}
      />,
      options,
    );
  }

  markingFormPage('/documents/:id/marking', sendMarking, async (document) => ({
    ...markingValuesOf(document),
    recipients: await recipientEmails(document),
  }));

  app.post(
    '/documents/:id/marking',
    { schema: { params: IdParams, body: UrlEncodedForm }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      const document = await editable(actor, request.params.id, 'mark');
      const values: FormValues = request.body;
      const recipients = await recipientsOf(values);
      if (recipients.errors.length > 0)
        return sendMarking(reply, ctx, document, values, recipients.errors, { status: 400 });
      try {
        await documents.changeMarking(
          actor,
          request.auditContext(),
          document.id,
          markingInputOf(values, recipients.ids),
          one(values, 'reason'),
          versionOf(one(values, 'version')),
        );
      } catch (error) {
        if (error instanceof AppError && error.status === 422)
          return sendMarking(
            reply,
            ctx,
            document,
            values,
            [{ field: 'classification', message: error.message }],
            { status: 422 },
          );
        return refusedForm(error, ctx, `${documentHref(document.id)}/marking`, (errors, options) =>
          sendMarking(reply, ctx, document, values, errors, options),
        );
      }
      return reply.redirect(`${documentHref(document.id)}?notice=marking`, 303);
    },
  );

  async function sendSchedule(
    reply: FastifyReply,
    ctx: PageContext,
    document: DocumentDetail,
    values: FormValues,
    errors: readonly FieldError[],
    options: { status?: number; notices?: Child } = {},
  ): Promise<FastifyReply> {
    return sendPage(
      reply,
      ctx,
      ctx.t('documents.schedule.title', { number: document.registrationNumber }),
      <ScheduleForm ctx={ctx} document={document} values={values} errors={errors} />,
      options,
    );
  }

  markingFormPage('/documents/:id/schedule', sendSchedule, (document) => ({
    version: String(document.version),
    classification: 'none',
  }));

  app.post(
    '/documents/:id/schedule',
    { schema: { params: IdParams, body: UrlEncodedForm }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      const document = await editable(actor, request.params.id, 'mark');
      const values: FormValues = request.body;
      try {
        await documents.schedule(
          actor,
          request.auditContext(),
          document.id,
          {
            on: one(values, 'on').trim(),
            classification: one(
              values,
              'classification',
            ) as DocumentDetail['marking']['classification'],
            reason: one(values, 'reason'),
          },
          versionOf(one(values, 'version')),
        );
      } catch (error) {
        return refusedForm(error, ctx, `${documentHref(document.id)}/schedule`, (errors, options) =>
          sendSchedule(reply, ctx, document, values, errors, options),
        );
      }
      return reply.redirect(`${documentHref(document.id)}?notice=schedule`, 303);
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
