'../../../demo-sources.js';
import type { FastifyReply } from 'fastify';
import { requireActor } from '../../../app/access.js';
import { todayUtc } from '../../../app/dates.js';
import { AppError, NotFoundError, ValidationError, type FieldError } from '../../../app/errors.js';
import { uploadTooLarge, type UploadForm } from '../../../app/form-upload.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { documentForm, filledFromFile } from '../forms/document.form.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { sendPage } from '../../../app/html/send-page.js';
import { documentsPolicy, mayRegister } from '../documents.policy.js';
import type { FileUpload } from '../documents.model.js';
import {
  formErrors,
  RegisterForm,
  textFields,
  documentInputOf,
  type FormValues,
} from '../documents.forms.js';
import { documentHref } from '../documents.detail.js';
import { ListPage, ListPageQuery, listQueryOf, shownFilters } from '../documents.list.js';
import { SavedViews, viewLinks } from '../../search/saved-views.service.js';
import { chosenFile, page, type DocumentPageKit, type PagesApp } from './kit.js';

/** The document register and the registration of a document. */
export async function listPages(app: PagesApp, kit: DocumentPageKit): Promise<void> {
  const { documents } = app.services;
  const { choicesFor, recipientsOf, maxFileBytes, uploads } = kit;

  const savedViews = new SavedViews(app.services.database, app.services.audit);

  app.get(
    '/documents',
    { schema: { querystring: ListPageQuery }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      const [result, reader, views] = await Promise.all([
        documents.list(actor, listQueryOf(request.query)),
        documents.reader(actor),
        savedViews.list(actor, 'documents', ctx.t),
      ]);
      return sendHtml(
        reply,
        <ListPage
          ctx={ctx}
          query={request.query}
          result={result}
          mayRegister={mayRegister(reader)}
          views={viewLinks('documents', views, shownFilters(request.query))}
        />,
      );
    },
  );

  async function sendRegisterForm(
    reply: FastifyReply,
    ctx: PageContext,
    state: FormState<typeof documentForm.fields>,
    markingValues: FormValues,
    status = 200,
  ): Promise<FastifyReply> {
    const choices = await choicesFor(requireActor(ctx.actor));
    return sendPage(
      reply,
      ctx,
      ctx.t('documents.new.title'),
      <RegisterForm
        ctx={ctx}
        state={state}
        markingValues={markingValues}
        choices={choices}
        maxFileBytes={maxFileBytes}
      />,
      { status },
    );
  }

  app.get(
    '/documents/new',
    { config: { access: documentsPolicy.register, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      if (!mayRegister(await documents.reader(requireActor(ctx.actor))))
        throw new NotFoundError('No such page.');
      const values = documentForm.initial({ documentType: 'report', registeredOn: todayUtc() });
      return sendRegisterForm(reply, ctx, { values, errors: [] }, { classification: 'none' });
    },
  );

  app.post(
    '/documents',
    { preParsing: uploads, config: { access: documentsPolicy.register, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      const form = request.body as UploadForm | undefined;
      const sentValues = textFields(form);
      const file = chosenFile(form);
      const sent = documentForm.read(sentValues, ctx.t);
      // What is left empty is taken from the file, and shown so if the form comes back.
      const filled = filledFromFile(sent.values, file?.filename ?? null);
      const values = { ...sentValues, ...filled };
      const show = (errors: readonly FieldError[], status: number) =>
        sendRegisterForm(
          reply,
          ctx,
          { values: { ...sent.values, ...filled }, errors },
          sentValues,
          status,
        );
      if (file?.tooLarge)
        return show([{ field: 'file', message: uploadTooLarge(maxFileBytes).message }], 413);
      const recipients = await recipientsOf(values);
      const early = [...sent.errors, ...recipients.errors];
      if (early.length > 0) return show(early, 400);
      const upload: FileUpload | undefined = file
        ? { filename: file.filename, content: file.content }
        : undefined;
      try {
        const { document, fileRefused } = await documents.register(
          actor,
          request.auditContext(),
          documentInputOf(values, recipients.ids),
          upload,
        );
        const notice = fileRefused ? 'file-refused' : 'registered';
        return await reply.redirect(`${documentHref(document.id)}?notice=${notice}`, 303);
      } catch (error) {
        if (error instanceof ValidationError)
          return show(
            formErrors(error.fieldErrors).map((e) => ({
              ...e,
              field: documentForm.inputOf(e.field),
            })),
            400,
          );
        if (error instanceof AppError && error.status < 500)
          return show([{ field: 'file', message: error.message }], error.status);
        throw error;
      }
    },
  );
}
