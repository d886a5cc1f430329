'../../../demo-sources.js';
import type { FastifyReply } from 'fastify';
import { requireActor } from '../../../app/access.js';
import {
  AppError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../../app/errors.js';
import { uploadTooLarge, type UploadForm } from '../../../app/form-upload.js';
import { versionOf } from '../../../app/html/components.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { documentChangesOf, documentForm, documentValuesOf } from '../forms/document.form.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendPage } from '../../../app/html/send-page.js';
import type { DocumentDetail } from '../documents.model.js';
import { EditForm, formErrors, one, textFields } from '../documents.forms.js';
import { documentHref, type DetailState } from '../documents.detail.js';
import {
  chosenFile,
  DetailQuery,
  IdParams,
  page,
  UrlEncodedForm,
  type DocumentPageKit,
  type PagesApp,
} from './kit.js';

/** Notices a redirect names; the text always comes from here, never from the address. */
const noticeKeys = {
  registered: 'documents.notice.registered',
  saved: 'documents.saved',
  version: 'documents.notice.version',
  marking: 'documents.notice.marking',
  schedule: 'documents.notice.schedule',
  'schedule-cancelled': 'documents.notice.scheduleCancelled',
} as const;

function isNoticeKey(notice: string): notice is keyof typeof noticeKeys {
  return Object.hasOwn(noticeKeys, notice);
}

function noticeOf(
  ctx: PageContext,
  notice: string | undefined,
  document: DocumentDetail,
): DetailState['notice'] {
  if (notice === 'file-refused' && document.isReference)
    return {
      variant: 'warning',
      title: ctx.t('documents.notice.fileRefused'),
      text: ctx.t('documents.notice.fileRefusedText', {
        classification: document.marking.classificationLabel,
      }),
    };
  if (notice && isNoticeKey(notice))
    return { variant: 'success', title: ctx.t(noticeKeys[notice]) };
  return undefined;
}

/** One document: its page, a new version of its file, and the edit of its details. */
export async function documentPages(app: PagesApp, kit: DocumentPageKit): Promise<void> {
  const { documents } = app.services;
  const { choicesFor, sendDetail, editable, maxFileBytes, uploads } = kit;

  app.get(
    '/documents/:id',
    { schema: { params: IdParams, querystring: DetailQuery }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const document = await documents.get(requireActor(ctx.actor), request.params.id);
      return sendDetail(
        reply,
        ctx,
        document.id,
        { notice: noticeOf(ctx, request.query.notice, document) },
        { downloadsPage: request.query.downloadsPage },
      );
    },
  );

  app.post(
    '/documents/:id/versions',
    { schema: { params: IdParams }, preParsing: uploads, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const id = request.params.id;
      const form = request.body as UploadForm | undefined;
      const values = textFields(form);
      const note = one(values, 'note');
      const file = chosenFile(form);
      const refuse = (errors: FieldError[], status: number) =>
        sendDetail(reply, ctx, id, { versionErrors: errors, versionNote: note }, { status });
      if (!file || file.content.length === 0)
        return refuse([{ field: 'file', message: ctx.t('documents.form.chooseFile') }], 400);
      if (file.tooLarge)
        return refuse([{ field: 'file', message: uploadTooLarge(maxFileBytes).message }], 413);
      try {
        await documents.addVersion(
          requireActor(ctx.actor),
          request.auditContext(),
          id,
          { filename: file.filename, content: file.content, note },
          versionOf(one(values, 'version')),
        );
      } catch (error) {
        if (error instanceof StaleVersionError)
          return sendDetail(reply, ctx, id, { conflict: true }, { status: 409 });
        if (error instanceof ValidationError) return refuse(formErrors(error.fieldErrors), 400);
        if (error instanceof AppError && error.status < 500 && error.status !== 404)
          return refuse([{ field: 'file', message: error.message }], error.status);
        throw error;
      }
      return reply.redirect(`${documentHref(id)}?notice=version`, 303);
    },
  );

  async function sendEdit(
    reply: FastifyReply,
    ctx: PageContext,
    document: DocumentDetail,
    state: FormState<typeof documentForm.fields>,
    status = 200,
  ): Promise<FastifyReply> {
    const choices = await choicesFor(requireActor(ctx.actor), document);
    return sendPage(
      reply,
      ctx,
      ctx.t('documents.edit.title', { number: document.registrationNumber }),
      <EditForm ctx={ctx} document={document} state={state} choices={choices} />,
      { status },
    );
  }

  app.get(
    '/documents/:id/edit',
    { schema: { params: IdParams }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const document = await editable(requireActor(ctx.actor), request.params.id, 'edit');
      return sendEdit(
        reply,
        ctx,
        document,
        documentForm.opened(documentValuesOf(document), document.version),
      );
    },
  );

  app.post(
    '/documents/:id/edit',
    { schema: { params: IdParams, body: UrlEncodedForm }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      const document = await editable(actor, request.params.id, 'edit');
      return submitForm(reply, {
        form: documentForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          documents.update(
            actor,
            request.auditContext(),
            document.id,
            documentChangesOf(values, document),
            version,
          ),
        show: (state, status) => sendEdit(reply, ctx, document, state, status),
        current: async () => {
          const stored = await documents.get(actor, document.id);
          return { values: documentValuesOf(stored), version: stored.version };
        },
        done: `${documentHref(document.id)}?notice=saved`,
      });
    },
  );
}
