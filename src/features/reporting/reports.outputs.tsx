import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../app/access.js';
import { h, type Html } from '../../app/html/jsx.js';
import type { PageContext } from '../../app/html/page-context.js';
import { fileResponse } from '../../app/openapi/declare.js';
import { sendDownload } from '../documents/documents.routes.js';
import type { ReportDocument } from './report-document.js';
import { reportToDocx, reportToPdf } from './outputs/on-demand.js';
import { reportsPolicy } from './reports.policy.js';
import { ReportIdParams } from './reports.schema.js';
import { reportHref } from './reports.views.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF_TYPE = 'application/pdf';

const formats = {
  docx: { contentType: DOCX_TYPE, render: reportToDocx, label: 'reports.detail.downloadDocx' },
  pdf: { contentType: PDF_TYPE, render: reportToPdf, label: 'reports.detail.downloadPdf' },
} as const;

type Format = keyof typeof formats;

/** Where a report's file in a format is downloaded, in the edition its reader may read. */
export const reportFileHref = (id: string, format: Format) =>
  `/api/reports/${encodeURIComponent(id)}/document.${format}`;

/**
 * The file's name: the title in plain letters, with the edition when it is not the final one, so
 * that a draft or a public version saved next to the final report is never taken for it.
 */
export function reportFileName(document: ReportDocument, format: Format): string {
  const stem = document.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  const edition = document.edition === 'final' ? '' : `-${document.edition}`;
  return `${stem === '' ? 'report' : stem}${edition}.${format}`;
}

/** The links to the report's files, as the report page offers them beside the printable view. */
export function ReportDownloads({ ctx, id }: { ctx: PageContext; id: string }): Html {
  return (
    <ul class="ecl-unordered-list ecl-unordered-list--no-bullet ecl-u-mb-l">
      <li class="ecl-unordered-list__item">
        <a class="ecl-link ecl-link--standalone" href={`${reportHref(id)}/print`}>
          {ctx.t('reports.detail.print')}
        </a>
      </li>
      {(Object.keys(formats) as Format[]).map((format) => (
        <li class="ecl-unordered-list__item">
          <a class="ecl-link ecl-link--standalone" href={reportFileHref(id, format)} download="">
            {ctx.t(formats[format].label)}
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * A report as Word and PDF files. They render what GET /api/reports/{id} answers the caller: a
 * finalised report from its frozen snapshot (the public edition for readers of that edition), a
 * draft assembled now and marked as draft. Like the other exports, a download changes nothing
 * and is not audited; a reader who may not read the report gets 404 as for the report itself.
 */
export async function reportOutputsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { reports } = app.services;

  for (const format of Object.keys(formats) as Format[]) {
    const { contentType, render } = formats[format];
    app.get(
      `/api/reports/:id/document.${format}`,
      {
        schema: {
          summary: `Download a report as ${format === 'docx' ? 'a Word document' : 'a PDF file'}`,
          description:
            'In the edition the caller may read: a finalised report as frozen, its public edition for observers, a draft as assembled now and marked as draft.',
          tags: ['reports'],
          params: ReportIdParams,
          response: { 200: fileResponse(`The report (.${format})`, [contentType]) },
        },
        config: { access: reportsPolicy.read },
      },
      async (request, reply) => {
        const report = await reports.get(requireActor(request.actor), request.params.id);
        return sendDownload(reply, {
          filename: reportFileName(report.document, format),
          contentType,
          content: await render(report.document),
        });
      },
    );
  }
}
