import { isIllustrative } from '../../demo-sources.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, type Actor } from '../../app/access.js';
import { todayUtc } from '../../app/dates.js';
import {
  AppError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import {
  acceptFormUploads,
  formBodyLimit,
  isUploadedFile,
  refuseLargeBodies,
  uploadTooLarge,
  type UploadForm,
} from '../../app/form-upload.js';
import { Button, CsrfField, versionOf } from '../../app/html/components.js';
import type { FormState } from '../../app/forms/define-form.js';
import { submitForm } from '../../app/forms/submit.js';
import {
  documentChangesOf,
  documentForm,
  documentValuesOf,
  filledFromFile,
} from './forms/document.form.js';
import { h, type Child } from '../../app/html/jsx.js';
import type { PageContext } from '../../app/html/page-context.js';
import { sendHtml } from '../../app/html/send-html.js';
import { sendPage } from '../../app/html/send-page.js';
import { formatDate } from '../../app/i18n/format.js';
import { documentsPolicy, mayRegister } from './documents.policy.js';
import type { DocumentDetail, FileUpload } from './documents.model.js';
import {
  ConflictNotice,
  EditForm,
  formErrors,
  markingInputOf,
  markingValuesOf,
  MarkingForm,
  one,
  recipientAddresses,
  RegisterForm,
  ScheduleForm,
  textFields,
  documentInputOf,
  type Choice,
  type FormChoices,
  type FormValues,
} from './documents.forms.js';
import { DocumentPage, documentHref, type DetailState } from './documents.detail.js';
import { ListPage, ListPageQuery, listQueryOf, shownFilters } from './documents.list.js';
import { SavedViews, viewLinks } from '../search/saved-views.service.js';
import { euciPages } from './euci.pages.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const DetailQuery = Type.Object({
  notice: Type.Optional(Type.String({ maxLength: 40 })),
  downloadsPage: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
});
// Form bodies are text; the service holds the real limits. These caps only stop a tampered
// request from carrying megabytes.
const UrlEncodedForm = Type.Record(
  Type.String({ maxLength: 60 }),
  Type.Union([
    Type.String({ maxLength: 100_000 }),
    Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 500 }),
  ]),
);
const DOWNLOADS_PAGE_SIZE = 50;
/** Room for the registration form's fields: every ticked organisation and link is one. */
const FIELD_LIMITS = { fields: 400, fieldSize: 100_000 };

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

/** The file of a multipart form, when one was chosen. */
function chosenFile(form: UploadForm | undefined) {
  const file = form?.file;
  return isUploadedFile(file) && file.filename !== '' ? file : null;
}

/**
 * A form write the service refused, shown again: its invalid fields (400), or, when someone else
 * changed the document meanwhile, a notice to reload the form (409). Anything else is thrown on.
 */
function refusedForm(
  error: unknown,
  ctx: PageContext,
  formHref: string,
  resend: (
    errors: readonly FieldError[],
    options: { status: number; notices?: Child },
  ) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  if (error instanceof ValidationError)
    return resend(formErrors(error.fieldErrors), { status: 400 });
  if (error instanceof StaleVersionError)
    return resend([], { status: 409, notices: <ConflictNotice ctx={ctx} href={formHref} /> });
  throw error;
}

export async function documentsPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { documents, network, meetings, scorecard, users } = app.services;
  const savedViews = new SavedViews(app.services.database, app.services.audit);
  const maxFileBytes = documents.settings.maxFileBytes;
  acceptFormUploads(app, { maxFileBytes, fieldLimits: FIELD_LIMITS });
  await app.register(euciPages);
  const page = { access: documentsPolicy.read, page: true };
  const uploads = refuseLargeBodies(formBodyLimit(maxFileBytes), maxFileBytes);

  async function choicesFor(actor: Actor, document?: DocumentDetail): Promise<FormChoices> {
    const year = await scorecard.defaultYear();
    const lineYear = document ? Number(document.registeredOn.slice(0, 4)) : year;
    const [agencies, bodies, meetingPage, activityPage, vocabulary] = await Promise.all([
      network.list('agency', { sort: 'acronym', direction: 'asc' }),
      network.list('body', { sort: 'acronym', direction: 'asc' }),
      meetings.list(actor, { sort: 'start', direction: 'desc', page: 1, pageSize: 200 }),
      scorecard.list(actor, { year, sort: 'title', direction: 'asc', page: 1, pageSize: 500 }),
      scorecard.vocabulary(lineYear),
    ]);
    const lines = [...vocabulary.lines.values()].map((line) => ({
      value: line.code,
      label: `${line.code} ${line.text}`,
      group: `${line.section} ${line.sectionTitle ?? ''}`.trim(),
    }));
    // A line the document names stays selectable even when no longer in the year's agreed list.
    const namedLines = (document ? documentValuesOf(document).priorityLines : [])
      .filter((code) => !lines.some((line) => line.value === code))
      .map((code) => ({ value: code, label: code }));
    // What the document is linked to stays selectable, even outside the lists offered.
    const withLinked = (choices: Choice[], type: 'meeting' | 'activity') => [
      ...choices,
      ...(document?.links ?? [])
        .filter((l) => l.type === type && !choices.some((c) => c.value === l.id))
        .map((l) => ({ value: l.id, label: l.label })),
    ];
    return {
      organisations: [...agencies, ...bodies].map((o) => ({ value: o.id, label: o.acronym })),
      meetings: withLinked(
        meetingPage.items.map((m) => ({
          value: m.id,
          label: `${m.title} (${m.localStart.slice(0, 10)})`,
        })),
        'meeting',
      ),
      activities: withLinked(
        activityPage.items.map((a) => ({ value: a.id, label: `${String(a.year)}: ${a.title}` })),
        'activity',
      ),
      priorityLines: [...lines, ...namedLines],
    };
  }

  /** The TLP:RED recipients typed as e-mail addresses, as user ids; unknown ones are errors. */
  async function recipientsOf(
    values: FormValues,
  ): Promise<{ ids: string[]; errors: FieldError[] }> {
    const ids: string[] = [];
    const errors: FieldError[] = [];
    for (const email of recipientAddresses(values)) {
      const id = await users.idByEmail(email);
      if (id) ids.push(id);
      else
        errors.push({
          field: 'recipients',
          message: `No account has the address ${email}.`,
        });
    }
    return { ids, errors };
  }

  async function recipientEmails(document: DocumentDetail): Promise<string> {
    const found = await Promise.all(
      document.marking.recipients.map(async (r) => (await users.getById(r.id)).email),
    );
    return found.join('\n');
  }

  async function sendDetail(
    reply: FastifyReply,
    ctx: PageContext,
    id: string,
    state: DetailState = {},
    options: { status?: number; downloadsPage?: number } = {},
  ): Promise<FastifyReply> {
    const actor = requireActor(ctx.actor);
    const document = await documents.get(actor, id);
    const downloads = document.permissions.seeDownloads
      ? await documents.downloads(actor, id, options.downloadsPage ?? 1, DOWNLOADS_PAGE_SIZE)
      : null;
    const illustrative = await isIllustrative(app.services.database.db, 'document', id);
    return sendHtml(
      reply,
      <DocumentPage
        ctx={ctx}
        document={document}
        downloads={downloads}
        maxFileBytes={maxFileBytes}
        state={state}
        illustrative={illustrative}
      />,
      options.status,
    );
  }

  async function editable(
    actor: Actor,
    id: string,
    permission: 'edit' | 'mark',
  ): Promise<DocumentDetail> {
    const document = await documents.get(actor, id);
    if (!document.permissions[permission]) throw new NotFoundError('No such document.');
    return document;
  }

  // ---- the list and registration ---------------------------------------------------------------

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

  // ---- one document ------------------------------------------------------------------------

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

  // ---- markings ------------------------------------------------------------------------------

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

  app.get(
    '/documents/:id/marking',
    { schema: { params: IdParams }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const document = await editable(requireActor(ctx.actor), request.params.id, 'mark');
      return sendMarking(
        reply,
        ctx,
        document,
        { ...markingValuesOf(document), recipients: await recipientEmails(document) },
        [],
      );
    },
  );

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

  app.get(
    '/documents/:id/schedule',
    { schema: { params: IdParams }, config: page },
    async (request, reply) => {
      const ctx = request.pageContext();
      const document = await editable(requireActor(ctx.actor), request.params.id, 'mark');
      return sendSchedule(
        reply,
        ctx,
        document,
        { version: String(document.version), classification: 'none' },
        [],
      );
    },
  );

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
