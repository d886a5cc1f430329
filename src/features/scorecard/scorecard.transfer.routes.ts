import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { requireActor } from '../../app/access.js';
import { errorResponses } from '../../app/http.js';
import {
  acceptWorkbooks,
  importOperation,
  importSizeText,
  sendExport,
  workbookResponse,
} from '../../app/spreadsheet/import-route.js';
import { XLSX_CONTENT_TYPE } from '../../app/xlsx.js';
import { CsvSeparatorParameter, csvSeparators } from '../../app/csv.js';
import { scorecardPolicy } from './scorecard.policy.js';
import { ScorecardFiltersQuery } from './scorecard.schema.js';

const tags = ['scorecard'];

export const ExportQuery = Type.Object(ScorecardFiltersQuery);
export type ExportQuery = Static<typeof ExportQuery>;

const CsvExportQuery = Type.Object({ ...ScorecardFiltersQuery, separator: CsvSeparatorParameter });

const ImportSummarySchema = Type.Object({
  created: Type.Integer({ description: 'Rows without an ID, added as new activities' }),
  updated: Type.Integer({ description: 'Rows that changed their activity: a new version each' }),
  unchanged: Type.Integer({ description: 'Rows equal to their activity: left alone' }),
});

/** The file name of an export: the year, and the day when it shows the scorecard as it stood. */
export function exportFileName(year: number, asOf: string | undefined, extension: string): string {
  return `jhanet-scorecard-${String(year)}${asOf ? `-as-of-${asOf}` : ''}.${extension}`;
}

const exportDescription =
  'One row per activity, with the filters and the as-of day of GET /api/scorecard; observers get only what is released to them. The layout and the encoding of lists, indicators and deliverables are described in docs/scorecard-spreadsheet.md.';

/** The scorecard as .xlsx and .csv, and the import of an .xlsx in the same layout. */
export async function scorecardTransferRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { scorecard, scorecardTransfer } = app.services;
  acceptWorkbooks(app);

  app.get(
    '/api/scorecard/export.xlsx',
    {
      schema: {
        summary: 'Export the scorecard as an Excel workbook',
        description: `${exportDescription} Dates are date cells; the header row is frozen and filters. A second sheet, "Progress updates", holds the progress updates of the activities exported (of the same visibility); an import does not read it.`,
        tags,
        querystring: ExportQuery,
        response: {
          200: workbookResponse,
          ...errorResponses(400, 401),
        },
      },
      config: { access: scorecardPolicy.read },
    },
    async (request, reply) => {
      const year = request.query.year ?? (await scorecard.defaultYear());
      const query = { ...request.query, year };
      return sendExport(reply, {
        name: exportFileName(year, query.asOf, 'xlsx'),
        contentType: XLSX_CONTENT_TYPE,
        body: await scorecardTransfer.exportXlsx(requireActor(request.actor), query),
      });
    },
  );

  app.get(
    '/api/scorecard/export.csv',
    {
      schema: {
        summary: 'Export the scorecard as CSV',
        description: `${exportDescription} UTF-8 with a byte order mark, for Excel. Dates are written YYYY-MM-DD; text that starts like a formula is prefixed with an apostrophe.`,
        tags,
        querystring: CsvExportQuery,
        response: {
          200: {
            description: 'The CSV file (RFC 4180, UTF-8)',
            content: { 'text/csv': { schema: Type.String() } },
          },
          ...errorResponses(400, 401),
        },
      },
      config: { access: scorecardPolicy.read },
    },
    async (request, reply) => {
      const { separator, ...filters } = request.query;
      const year = filters.year ?? (await scorecard.defaultYear());
      const query = { ...filters, year };
      return sendExport(reply, {
        name: exportFileName(year, query.asOf, 'csv'),
        contentType: 'text/csv; charset=utf-8',
        body: await scorecardTransfer.exportCsv(
          requireActor(request.actor),
          query,
          csvSeparators[separator],
        ),
      });
    },
  );

  importOperation(app, {
    url: '/api/scorecard/import',
    summary: 'Import activities from an Excel workbook in the layout of the export',
    description: `Send the .xlsx file as the request body (${importSizeText}). Only the first sheet is read. Rows without an ID add activities; a row with an ID changes that activity and must keep the Version it was exported at; rows equal to their activity are left alone. The workbook is read in a parser process under the platform's caps: one that unpacks past the limit, or needs more memory or time than the caps allow, is refused with 413 (503 while the platform is stopping). Every row is checked first: if any is invalid, nothing is stored and the answer lists each problem with its row and column. Contact points import activities their own agency leads.`,
    tags,
    response: ImportSummarySchema,
    access: scorecardPolicy.write,
    importFile: (request, _params, bytes) =>
      scorecardTransfer.importXlsx(requireActor(request.actor), request.auditContext(), bytes),
  });
}
