import { isIllustrative } from '../../../demo-sources.js';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, type Actor } from '../../../app/access.js';
import { NotFoundError, type FieldError } from '../../../app/errors.js';
import {
  formBodyLimit,
  isUploadedFile,
  refuseLargeBodies,
  type UploadForm,
} from '../../../app/form-upload.js';
import { documentValuesOf } from '../forms/document.form.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { documentsPolicy } from '../documents.policy.js';
import type { DocumentDetail } from '../documents.model.js';
import {
  recipientAddresses,
  type Choice,
  type FormChoices,
  type FormValues,
} from '../documents.forms.js';
import { DocumentPage, type DetailState } from '../documents.detail.js';

export type PagesApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const DetailQuery = Type.Object({
  notice: Type.Optional(Type.String({ maxLength: 40 })),
  downloadsPage: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
});
// Form bodies are text; the service holds the real limits. These caps only stop a tampered
// request from carrying megabytes.
export const UrlEncodedForm = Type.Record(
  Type.String({ maxLength: 60 }),
  Type.Union([
    Type.String({ maxLength: 100_000 }),
    Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 500 }),
  ]),
);
export const DOWNLOADS_PAGE_SIZE = 50;
/** Room for the registration form's fields: every ticked organisation and link is one. */
export const FIELD_LIMITS = { fields: 400, fieldSize: 100_000 };

/** The file of a multipart form, when one was chosen. */
export function chosenFile(form: UploadForm | undefined) {
  const file = form?.file;
  return isUploadedFile(file) && file.filename !== '' ? file : null;
}

/** The route options of a document page: who may open it, and that it answers HTML. */
export const page = { access: documentsPolicy.read, page: true };

/** What the document pages share: the choices of their forms, the detail page, the rules. */
export function documentPageKit(app: PagesApp) {
  const { documents, network, meetings, scorecard, users } = app.services;
  const maxFileBytes = documents.settings.maxFileBytes;
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

  return { choicesFor, recipientsOf, recipientEmails, sendDetail, editable, maxFileBytes, uploads };
}

export type DocumentPageKit = ReturnType<typeof documentPageKit>;
