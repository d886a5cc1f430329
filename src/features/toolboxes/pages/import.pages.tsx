import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { AppError } from '../../../app/errors.js';
import {
  acceptFormUploads,
  formBodyLimit,
  isUploadedFile,
  refuseLargeBodies,
  uploadTooLarge,
  type UploadForm,
} from '../../../app/form-upload.js';
import { Button, CsrfField, FileField, Notification, Table } from '../../../app/html/components.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendPage } from '../../../app/html/send-page.js';
import { XLSX_CONTENT_TYPE } from '../../../app/xlsx.js';
import type { ToolboxDetail } from '../toolboxes.model.js';
import { toolboxesPolicy } from '../toolboxes.policy.js';
import { ToolboxParams } from '../toolboxes.schema.js';
import type { RowError } from '../toolboxes.sheet.js';
import {
  IMPORT_MAX_BYTES,
  ImportRejectedError,
  type ImportSummary,
} from '../toolboxes.transfer.js';
import { toolboxHref } from '../views/toolbox.views.js';

const SummaryQuery = Type.Object({
  created: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  updated: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  unchanged: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});

type Outcome =
  | { kind: 'none' }
  | { kind: 'imported'; summary: ImportSummary }
  | { kind: 'refused'; message: string }
  | { kind: 'rejected'; errors: RowError[] };

/** The import of offers into a toolbox from a workbook, all rows or none. */
export async function toolboxImportPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { toolboxes, toolboxTransfer } = app.services;
  acceptFormUploads(app, { maxFileBytes: IMPORT_MAX_BYTES });

  const send = (
    reply: FastifyReply,
    ctx: PageContext,
    toolbox: ToolboxDetail,
    outcome: Outcome,
    status = 200,
  ) => {
    const { t } = ctx;
    const base = toolboxHref(toolbox.id);
    return sendPage(
      reply,
      ctx,
      t('toolboxes.import.title', { toolbox: toolbox.title }),
      <div>
        {outcome.kind === 'imported' ? (
          <Notification variant="success" title={t('toolboxes.import.done')}>
            {t('toolboxes.import.summary', { ...outcome.summary })}
          </Notification>
        ) : null}
        {outcome.kind === 'refused' ? (
          <Notification variant="error" title={t('scorecardImport.refused')}>
            {outcome.message}
          </Notification>
        ) : null}
        {outcome.kind === 'rejected' ? (
          <div>
            <Notification variant="error" title={t('scorecardImport.refused')}>
              {t('scorecardImport.rowProblems', { count: outcome.errors.length })}
            </Notification>
            <Table
              ctx={ctx}
              caption={t('scorecardImport.problemsCaption')}
              rows={outcome.errors}
              columns={[
                { header: t('scorecardImport.row'), cell: (e) => String(e.row) },
                { header: t('scorecardImport.column'), cell: (e) => e.column },
                { header: t('scorecardImport.problem'), cell: (e) => e.message },
              ]}
            />
          </div>
        ) : null}
        <p class="ecl-u-type-paragraph">{t('toolboxes.import.intro')}</p>
        <ul class="ecl-unordered-list ecl-u-mb-l">
          <li class="ecl-unordered-list__item">{t('toolboxes.import.ruleNew')}</li>
          <li class="ecl-unordered-list__item">{t('toolboxes.import.ruleUpdate')}</li>
          <li class="ecl-unordered-list__item">{t('toolboxes.import.ruleAll')}</li>
          {ctx.actor?.role === 'admin' ? null : (
            <li class="ecl-unordered-list__item">
              {t('toolboxes.import.ruleOwnAgency', {
                agency: ctx.actor?.organisationAcronym ?? '',
              })}
            </li>
          )}
        </ul>
        <p class="ecl-u-type-paragraph">
          <a class="ecl-link ecl-link--standalone" href={`${base}/export.xlsx`}>
            {t('toolboxes.export')}
          </a>
        </p>
        <form
          method="post"
          action={`${base}/import`}
          enctype="multipart/form-data"
          class="ecl-u-mt-l"
        >
          <CsrfField ctx={ctx} />
          <FileField
            ctx={ctx}
            name="file"
            label={t('scorecardImport.file')}
            hint={t('scorecardImport.fileHint', { megabytes: IMPORT_MAX_BYTES / 1024 / 1024 })}
            accept={`.xlsx,${XLSX_CONTENT_TYPE}`}
            required
          />
          <Button>{t('scorecardImport.submit')}</Button>
        </form>
      </div>,
      { status },
    );
  };

  app.get(
    '/toolboxes/:id/import',
    {
      schema: { params: ToolboxParams, querystring: SummaryQuery },
      config: { access: toolboxesPolicy.offer, page: true },
    },
    async (request, reply) => {
      const toolbox = await toolboxes.get(request.params.id);
      const { created, updated, unchanged } = request.query;
      const outcome: Outcome =
        created === undefined && updated === undefined && unchanged === undefined
          ? { kind: 'none' }
          : {
              kind: 'imported',
              summary: { created: created ?? 0, updated: updated ?? 0, unchanged: unchanged ?? 0 },
            };
      return send(reply, request.pageContext(), toolbox, outcome);
    },
  );

  app.post(
    '/toolboxes/:id/import',
    {
      preParsing: refuseLargeBodies(formBodyLimit(IMPORT_MAX_BYTES), IMPORT_MAX_BYTES),
      schema: { params: ToolboxParams },
      config: { access: toolboxesPolicy.offer, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const toolbox = await toolboxes.get(request.params.id);
      const refuse = (status: number, message: string) =>
        send(reply, ctx, toolbox, { kind: 'refused', message }, status);
      const form = request.body as UploadForm | undefined;
      const file = form?.file;
      if (!isUploadedFile(file) || file.content.length === 0)
        return refuse(400, ctx.t('scorecardImport.chooseFile'));
      if (file.tooLarge) return refuse(413, uploadTooLarge(IMPORT_MAX_BYTES).message);
      let summary: ImportSummary;
      try {
        summary = await toolboxTransfer.importXlsx(
          requireActor(request.actor),
          request.auditContext(),
          toolbox.id,
          file.content,
        );
      } catch (error) {
        if (error instanceof ImportRejectedError)
          return send(reply, ctx, toolbox, { kind: 'rejected', errors: error.rowErrors }, 400);
        if (error instanceof AppError && error.status < 500)
          return refuse(error.status, error.message);
        throw error;
      }
      const query = new URLSearchParams({
        created: String(summary.created),
        updated: String(summary.updated),
        unchanged: String(summary.unchanged),
      });
      return reply.redirect(`${toolboxHref(toolbox.id)}/import?${query.toString()}`, 303);
    },
  );
}
