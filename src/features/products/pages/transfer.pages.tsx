import type { FastifyInstance } from 'fastify';
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
import { h, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { XLSX_CONTENT_TYPE } from '../../../app/xlsx.js';
import { productsPolicy } from '../products.policy.js';
import type { RowError } from '../products.sheet.js';
import { IMPORT_MAX_BYTES, ImportRejectedError, type ImportSummary } from '../products.transfer.js';

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

function ImportPage({ ctx, outcome }: { ctx: PageContext; outcome: Outcome }): Html {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('products.importTitle')}>
      {outcome.kind === 'imported' ? (
        <Notification variant="success" title={t('scorecardImport.done')}>
          {t('products.importSummary', { ...outcome.summary })}
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
      <p class="ecl-u-type-paragraph">{t('products.importIntro')}</p>
      <p class="ecl-u-type-paragraph">
        <a class="ecl-link ecl-link--standalone" href="/products/export.xlsx">
          {t('scorecardImport.startFrom')}
        </a>
      </p>
      <form
        method="post"
        action="/products/import"
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
    </Layout>
  );
}

/** The index's workbook for people: the export the list links to, and the import page. */
export async function productTransferPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { productsTransfer } = app.services;
  acceptFormUploads(app, { maxFileBytes: IMPORT_MAX_BYTES });

  app.get(
    '/products/export.xlsx',
    { config: { access: productsPolicy.read, page: true } },
    async (request, reply) =>
      reply
        .type(XLSX_CONTENT_TYPE)
        .header('content-disposition', 'attachment; filename="jhanet-products.xlsx"')
        .send(await productsTransfer.exportXlsx(requireActor(request.actor), {})),
  );

  app.get(
    '/products/import',
    { schema: { querystring: SummaryQuery }, config: { access: productsPolicy.write, page: true } },
    async (request, reply) => {
      const { created, updated, unchanged } = request.query;
      const outcome: Outcome =
        created === undefined && updated === undefined && unchanged === undefined
          ? { kind: 'none' }
          : {
              kind: 'imported',
              summary: { created: created ?? 0, updated: updated ?? 0, unchanged: unchanged ?? 0 },
            };
      return sendHtml(reply, <ImportPage ctx={request.pageContext()} outcome={outcome} />);
    },
  );

  app.post(
    '/products/import',
    {
      preParsing: refuseLargeBodies(formBodyLimit(IMPORT_MAX_BYTES), IMPORT_MAX_BYTES),
      config: { access: productsPolicy.write, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const refuse = (status: number, message: string) =>
        sendHtml(reply, <ImportPage ctx={ctx} outcome={{ kind: 'refused', message }} />, status);
      const form = request.body as UploadForm | undefined;
      const file = form?.file;
      if (!isUploadedFile(file) || file.content.length === 0)
        return refuse(400, ctx.t('scorecardImport.chooseFile'));
      if (file.tooLarge) return refuse(413, uploadTooLarge(IMPORT_MAX_BYTES).message);
      let summary: ImportSummary;
      try {
        summary = await productsTransfer.importXlsx(
          requireActor(request.actor),
          request.auditContext(),
          file.content,
        );
      } catch (error) {
        if (error instanceof ImportRejectedError)
          return sendHtml(
            reply,
            <ImportPage ctx={ctx} outcome={{ kind: 'rejected', errors: error.rowErrors }} />,
            400,
          );
        if (error instanceof AppError && error.status < 500)
          return refuse(error.status, error.message);
        throw error;
      }
      const query = new URLSearchParams({
        created: String(summary.created),
        updated: String(summary.updated),
        unchanged: String(summary.unchanged),
      });
      return reply.redirect(`/products/import?${query.toString()}`, 303);
    },
  );
}
