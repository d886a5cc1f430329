import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CsvSeparatorParameter, csvSeparators } from '../../app/csv.js';
import { Type, type Static } from 'typebox';
import { requireActor } from '../../app/access.js';
import { isCalendarDate } from '../../app/dates.js';
import { ValidationError } from '../../app/errors.js';
import { h, type Html } from '../../app/html/jsx.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import { sendHtml } from '../../app/html/send-html.js';
import {
  ImportContent,
  importPageRoutes,
  ImportRules,
  scorecardImportTexts,
  type ImportOutcome,
} from '../../app/spreadsheet/import-page.js';
import { sendExport } from '../../app/spreadsheet/import-route.js';
import { XLSX_CONTENT_TYPE } from '../../app/xlsx.js';
import { activityKinds, activityStatuses, assessments } from '../../db/schema.js';
import { agencyRoles, scorecardSortKeys, type ScorecardQuery } from './scorecard.model.js';
import { scorecardPolicy } from './scorecard.policy.js';
import { exportFileName } from './scorecard.transfer.routes.js';

const filterText = () => Type.Optional(Type.String({ maxLength: 200 }));

/** The scorecard page's query as a form sends it: every filter text, empty when not chosen. */
const PageExportQuery = Type.Object({
  year: filterText(),
  section: filterText(),
  line: filterText(),
  agency: filterText(),
  agencyRole: filterText(),
  status: filterText(),
  assessment: filterText(),
  kind: filterText(),
  tag: filterText(),
  q: filterText(),
  sort: filterText(),
  direction: filterText(),
  asOf: filterText(),
});
type PageExportQuery = Static<typeof PageExportQuery>;

const PageCsvQuery = Type.Object({
  ...PageExportQuery.properties,
  separator: CsvSeparatorParameter,
});

/** A page shows the detail of an error: it names the filter at fault. */
function invalidFilter(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }], message);
}

function choice<T extends string>(
  values: readonly T[],
  name: string,
  text: string | undefined,
): T | undefined {
  if (!text) return undefined;
  if ((values as readonly string[]).includes(text)) return text as T;
  throw invalidFilter(name, `"${text}" is not a ${name} to filter by.`);
}

/** Reads the page's filters; an empty one is no filter, an unknown value is refused. */
function exportQueryOf(
  query: PageExportQuery,
  defaultYear: number,
): Omit<ScorecardQuery, 'page' | 'pageSize'> {
  const year = query.year ? Number(query.year) : defaultYear;
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw invalidFilter('year', 'Choose a year from 2000 to 2100.');
  if (query.asOf && !isCalendarDate(query.asOf))
    throw invalidFilter('asOf', 'Write the day as YYYY-MM-DD.');
  return {
    year,
    section: query.section || undefined,
    line: query.line || undefined,
    agency: query.agency || undefined,
    agencyRole: choice(agencyRoles, 'agencyRole', query.agencyRole),
    status: choice(activityStatuses, 'status', query.status),
    assessment: choice(assessments, 'assessment', query.assessment),
    kind: choice(activityKinds, 'kind', query.kind),
    tag: query.tag || undefined,
    q: query.q || undefined,
    sort: choice(scorecardSortKeys, 'sort', query.sort) ?? 'title',
    direction: choice(['asc', 'desc'] as const, 'direction', query.direction) ?? 'asc',
    asOf: query.asOf || undefined,
  };
}

function ImportPage({ ctx, outcome }: { ctx: PageContext; outcome: ImportOutcome }): Html {
  return (
    <Layout ctx={ctx} title={ctx.t('scorecardImport.title')}>
      <ImportContent
        ctx={ctx}
        outcome={outcome}
        texts={scorecardImportTexts}
        action="/scorecard/import"
        exportHref="/scorecard/export.xlsx"
      >
        <p class="ecl-u-type-paragraph">{ctx.t('scorecardImport.intro')}</p>
        <ImportRules
          ctx={ctx}
          rules={[
            'scorecardImport.ruleNew',
            'scorecardImport.ruleUpdate',
            'scorecardImport.ruleAll',
            'scorecardImport.ruleFirstSheet',
          ]}
          ownAgency="scorecardImport.ruleOwnAgency"
        />
      </ImportContent>
    </Layout>
  );
}

/** The import page, and the exports as the scorecard page links to them. */
export async function scorecardTransferPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { scorecard, scorecardTransfer } = app.services;

  app.get(
    '/scorecard/export.xlsx',
    {
      schema: { querystring: PageExportQuery },
      config: { access: scorecardPolicy.read, page: true },
    },
    async (request, reply) => {
      const query = exportQueryOf(request.query, await scorecard.defaultYear());
      return sendExport(reply, {
        name: exportFileName(query.year, query.asOf, 'xlsx'),
        contentType: XLSX_CONTENT_TYPE,
        body: await scorecardTransfer.exportXlsx(requireActor(request.actor), query),
      });
    },
  );

  app.get(
    '/scorecard/export.csv',
    {
      schema: { querystring: PageCsvQuery },
      config: { access: scorecardPolicy.read, page: true },
    },
    async (request, reply) => {
      const { separator, ...filters } = request.query;
      const query = exportQueryOf(filters, await scorecard.defaultYear());
      return sendExport(reply, {
        name: exportFileName(query.year, query.asOf, 'csv'),
        contentType: 'text/csv; charset=utf-8',
        body: await scorecardTransfer.exportCsv(
          requireActor(request.actor),
          query,
          csvSeparators[separator],
        ),
      });
    },
  );

  importPageRoutes(app, {
    path: '/scorecard/import',
    access: scorecardPolicy.write,
    chooseFile: 'scorecardImport.chooseFile',
    href: () => '/scorecard/import',
    show: async (request, reply, _params, outcome, status) =>
      sendHtml(reply, <ImportPage ctx={request.pageContext()} outcome={outcome} />, status),
    importFile: (request, _params, bytes) =>
      scorecardTransfer.importXlsx(requireActor(request.actor), request.auditContext(), bytes),
  });
}
