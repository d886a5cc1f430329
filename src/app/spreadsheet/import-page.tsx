import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import type { AccessRule } from '../access.js';
import { AppError } from '../errors.js';
import {
  acceptFormUploads,
  formBodyLimit,
  isUploadedFile,
  refuseLargeBodies,
  uploadTooLarge,
  type UploadForm,
} from '../form-upload.js';
import { Button, CsrfField, FileField, Notification, Table } from '../html/components.js';
import { Fragment, h, type Child, type Html } from '../html/jsx.js';
import type { PageContext } from '../html/page-context.js';
import type { MessageKey } from '../i18n/i18n.js';
import { XLSX_CONTENT_TYPE } from '../xlsx.js';
import {
  IMPORT_MAX_BYTES,
  ImportRejectedError,
  type ImportSummary,
  type RowError,
} from './register.js';

/**
 * The import page of a register: the upload form, and after an upload either the summary or
 * every problem with its row and column. A register gives its texts, its introduction and how
 * to import; the routes here read the upload and answer the same way for each.
 */

export type ImportOutcome =
  | { kind: 'none' }
  | { kind: 'imported'; summary: ImportSummary }
  | { kind: 'refused'; message: string }
  | { kind: 'rejected'; errors: readonly RowError[] };

/** The page's texts; a register whose notices have no title leaves the titles null. */
export interface ImportTexts {
  doneTitle: MessageKey | null;
  /** With {created}, {updated} and {unchanged}. */
  summary: MessageKey;
  refusedTitle: MessageKey | null;
  /** With {count}. */
  rowProblems: MessageKey;
  problemsCaption: MessageKey;
  row: MessageKey;
  column: MessageKey;
  problem: MessageKey;
  download: MessageKey;
  file: MessageKey;
  /** With {megabytes}. */
  fileHint: MessageKey;
  submit: MessageKey;
  chooseFile: MessageKey;
}

/** The scorecard's texts, which the other registers share in part. */
export const scorecardImportTexts: ImportTexts = {
  doneTitle: 'scorecardImport.done',
  summary: 'scorecardImport.summary',
  refusedTitle: 'scorecardImport.refused',
  rowProblems: 'scorecardImport.rowProblems',
  problemsCaption: 'scorecardImport.problemsCaption',
  row: 'scorecardImport.row',
  column: 'scorecardImport.column',
  problem: 'scorecardImport.problem',
  download: 'scorecardImport.startFrom',
  file: 'scorecardImport.file',
  fileHint: 'scorecardImport.fileHint',
  submit: 'scorecardImport.submit',
  chooseFile: 'scorecardImport.chooseFile',
};

function Outcome({
  ctx,
  outcome,
  texts,
}: {
  ctx: PageContext;
  outcome: ImportOutcome;
  texts: ImportTexts;
}): Html | null {
  const { t } = ctx;
  const title = (key: MessageKey | null) => (key === null ? undefined : t(key));
  switch (outcome.kind) {
    case 'none':
      return null;
    case 'imported':
      return (
        <Notification variant="success" title={title(texts.doneTitle)}>
          {t(texts.summary, { ...outcome.summary })}
        </Notification>
      );
    case 'refused':
      return (
        <Notification variant="error" title={title(texts.refusedTitle)}>
          {outcome.message}
        </Notification>
      );
    case 'rejected':
      return (
        <div>
          <Notification variant="error" title={title(texts.refusedTitle)}>
            {t(texts.rowProblems, { count: outcome.errors.length })}
          </Notification>
          <Table
            ctx={ctx}
            caption={t(texts.problemsCaption)}
            rows={outcome.errors}
            columns={[
              { header: t(texts.row), cell: (e) => String(e.row) },
              { header: t(texts.column), cell: (e) => e.column },
              { header: t(texts.problem), cell: (e) => e.message },
            ]}
          />
        </div>
      );
  }
}

/** The rules of an import as a list; the last names the reader's agency, unless an administrator. */
export function ImportRules({
  ctx,
  rules,
  ownAgency,
}: {
  ctx: PageContext;
  rules: readonly MessageKey[];
  ownAgency: MessageKey;
}): Html {
  return (
    <ul class="ecl-unordered-list ecl-u-mb-l">
      {rules.map((rule) => (
        <li class="ecl-unordered-list__item">{ctx.t(rule)}</li>
      ))}
      {ctx.actor?.role === 'admin' ? null : (
        <li class="ecl-unordered-list__item">
          {ctx.t(ownAgency, { agency: ctx.actor?.organisationAcronym ?? '' })}
        </li>
      )}
    </ul>
  );
}

/**
 * The page's content: the outcome, the register's introduction, the link to the export to start
 * from and the upload form.
 */
export function ImportContent({
  ctx,
  outcome,
  texts,
  action,
  exportHref,
  children,
}: {
  ctx: PageContext;
  outcome: ImportOutcome;
  texts: ImportTexts;
  action: string;
  exportHref: string;
  children?: Child;
}): Html {
  const { t } = ctx;
  return (
    <>
      <Outcome ctx={ctx} outcome={outcome} texts={texts} />
      {children}
      <p class="ecl-u-type-paragraph">
        <a class="ecl-link ecl-link--standalone" href={exportHref}>
          {t(texts.download)}
        </a>
      </p>
      <form method="post" action={action} enctype="multipart/form-data" class="ecl-u-mt-l">
        <CsrfField ctx={ctx} />
        <FileField
          ctx={ctx}
          name="file"
          label={t(texts.file)}
          hint={t(texts.fileHint, { megabytes: IMPORT_MAX_BYTES / 1024 / 1024 })}
          accept={`.xlsx,${XLSX_CONTENT_TYPE}`}
          required
        />
        <Button>{t(texts.submit)}</Button>
      </form>
    </>
  );
}

function summaryQuery(maximum: number) {
  const count = () => Type.Optional(Type.Integer({ minimum: 0, maximum }));
  return Type.Object({ created: count(), updated: count(), unchanged: count() });
}

type SummaryQuery = Static<ReturnType<typeof summaryQuery>>;

export interface ImportPageOptions<Params extends TSchema> {
  /** The page's address, such as "/scorecard/import"; the form posts to it too. */
  path: string;
  params?: Params;
  access: AccessRule;
  /** The largest count the summary's query takes. */
  summaryMaximum?: number;
  chooseFile: MessageKey;
  /** The page's own address once the request's parameters are filled in. */
  href: (params: Static<Params>) => string;
  show: (
    request: FastifyRequest,
    reply: FastifyReply,
    params: Static<Params>,
    outcome: ImportOutcome,
    status?: number,
  ) => Promise<FastifyReply>;
  importFile: (
    request: FastifyRequest,
    params: Static<Params>,
    bytes: Buffer,
  ) => Promise<ImportSummary>;
}

/**
 * The import page's two routes: GET shows the form (and the summary the upload redirected to);
 * POST reads the upload, imports it and redirects to the summary, or shows why it did not.
 */
export function importPageRoutes<Params extends TSchema>(
  app: FastifyInstance,
  options: ImportPageOptions<Params>,
): void {
  acceptFormUploads(app, { maxFileBytes: IMPORT_MAX_BYTES });
  const query = summaryQuery(options.summaryMaximum ?? 100_000);
  const paramsOf = (request: FastifyRequest) => request.params as Static<Params>;

  app.get<{ Querystring: SummaryQuery }>(
    options.path,
    {
      schema: { ...(options.params ? { params: options.params } : {}), querystring: query },
      config: { access: options.access, page: true },
    },
    async (request, reply) => {
      const { created, updated, unchanged } = request.query;
      const outcome: ImportOutcome =
        created === undefined && updated === undefined && unchanged === undefined
          ? { kind: 'none' }
          : {
              kind: 'imported',
              summary: { created: created ?? 0, updated: updated ?? 0, unchanged: unchanged ?? 0 },
            };
      return options.show(request, reply, paramsOf(request), outcome);
    },
  );

  app.post(
    options.path,
    {
      preParsing: refuseLargeBodies(formBodyLimit(IMPORT_MAX_BYTES), IMPORT_MAX_BYTES),
      ...(options.params ? { schema: { params: options.params } } : {}),
      config: { access: options.access, page: true },
    },
    async (request, reply) => {
      const params = paramsOf(request);
      const show = (outcome: ImportOutcome, status: number) =>
        options.show(request, reply, params, outcome, status);
      const refuse = (status: number, message: string) =>
        show({ kind: 'refused', message }, status);
      const file = (request.body as UploadForm | undefined)?.file;
      if (!isUploadedFile(file) || file.content.length === 0)
        return refuse(400, request.pageContext().t(options.chooseFile));
      if (file.tooLarge) return refuse(413, uploadTooLarge(IMPORT_MAX_BYTES).message);
      let summary: ImportSummary;
      try {
        summary = await options.importFile(request, params, file.content);
      } catch (error) {
        if (error instanceof ImportRejectedError)
          return show({ kind: 'rejected', errors: error.rowErrors }, 400);
        if (error instanceof AppError && error.status < 500)
          return refuse(error.status, error.message);
        throw error;
      }
      const counts = new URLSearchParams({
        created: String(summary.created),
        updated: String(summary.updated),
        unchanged: String(summary.unchanged),
      });
      return reply.redirect(`${options.href(params)}?${counts.toString()}`, 303);
    },
  );
}
