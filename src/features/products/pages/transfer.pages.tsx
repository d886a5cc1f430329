import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../../app/access.js';
import { h, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import {
  ImportContent,
  importPageRoutes,
  scorecardImportTexts,
  type ImportOutcome,
  type ImportTexts,
} from '../../../app/spreadsheet/import-page.js';
import { sendExport } from '../../../app/spreadsheet/import-route.js';
import { XLSX_CONTENT_TYPE } from '../../../app/xlsx.js';
import { productsPolicy } from '../products.policy.js';

const productsImportTexts: ImportTexts = {
  ...scorecardImportTexts,
  summary: 'products.importSummary',
};

function ImportPage({ ctx, outcome }: { ctx: PageContext; outcome: ImportOutcome }): Html {
  return (
    <Layout ctx={ctx} title={ctx.t('products.importTitle')}>
      <ImportContent
        ctx={ctx}
        outcome={outcome}
        texts={productsImportTexts}
        action="/products/import"
        exportHref="/products/export.xlsx"
      >
        <p class="ecl-u-type-paragraph">{ctx.t('products.importIntro')}</p>
      </ImportContent>
    </Layout>
  );
}

/** The index's workbook for people: the export the list links to, and the import page. */
export async function productTransferPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { productsTransfer } = app.services;

  app.get(
    '/products/export.xlsx',
    { config: { access: productsPolicy.read, page: true } },
    async (request, reply) =>
      sendExport(reply, {
        name: 'jhanet-products.xlsx',
        contentType: XLSX_CONTENT_TYPE,
        body: await productsTransfer.exportXlsx(requireActor(request.actor), {}),
      }),
  );

  importPageRoutes(app, {
    path: '/products/import',
    access: productsPolicy.write,
    chooseFile: 'scorecardImport.chooseFile',
    href: () => '/products/import',
    show: async (request, reply, _params, outcome, status) =>
      sendHtml(reply, <ImportPage ctx={request.pageContext()} outcome={outcome} />, status),
    importFile: (request, _params, bytes) =>
      productsTransfer.importXlsx(requireActor(request.actor), request.auditContext(), bytes),
  });
}
