import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../app/access.js';
import { h, type Html } from '../../app/html/jsx.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import { sendHtml } from '../../app/html/send-html.js';
import { formatDate } from '../../app/i18n/format.js';
import type { ReportDocument } from './report-document.js';
import { reportsPolicy } from './reports.policy.js';
import { ReportBody, markingText, reportHref } from './reports.views.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * The report made to print: the browser repeats a table's header and footer groups on every
 * printed page, so each page carries the title, the day of the data and the marking, at its head
 * and at its foot. On screen it is the report with its marking above and below.
 */
function PrintPage({
  ctx,
  id,
  document,
}: {
  ctx: PageContext;
  id: string;
  document: ReportDocument;
}): Html {
  const { t } = ctx;
  const marking = markingText(ctx, document);
  const line = (
    <div class="jh-print-frame__line jh-report-print__line">
      <span>{document.title}</span>
      <span>{t('reports.print.asOf', { date: formatDate(ctx.locale, document.asOf) })}</span>
      <span class="jh-report-print__marking">{marking}</span>
    </div>
  );
  return (
    <Layout
      ctx={ctx}
      title={document.title}
      breadcrumbs={[{ href: reportHref(id), label: document.title }]}
      notices={
        <div
          class="jh-marking jh-marking--marked jh-no-print"
          role="note"
          aria-label={t('reports.detail.marking')}
        >
          {marking}
        </div>
      }
    >
      <table class="jh-print-frame jh-report-print" role="presentation">
        <thead class="jh-print-frame__head" aria-hidden="true">
          <tr>
            <td>{line}</td>
          </tr>
        </thead>
        <tfoot class="jh-print-frame__foot" aria-hidden="true">
          <tr>
            <td>{line}</td>
          </tr>
        </tfoot>
        <tbody class="jh-print-frame__body">
          <tr>
            <td>
              <ReportBody ctx={ctx} document={document} />
            </td>
          </tr>
        </tbody>
      </table>
      <div
        class="jh-marking jh-marking--marked jh-no-print"
        role="note"
        aria-label={t('reports.detail.marking')}
      >
        {marking}
      </div>
    </Layout>
  );
}

export async function printPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { reports } = app.services;

  app.get(
    '/reports/:id/print',
    { schema: { params: IdParams }, config: { access: reportsPolicy.read, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const report = await reports.get(requireActor(request.actor), request.params.id);
      return sendHtml(reply, <PrintPage ctx={ctx} id={report.id} document={report.document} />);
    },
  );
}
