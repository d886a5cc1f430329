import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CsvSeparatorParameter, csvSeparators } from '../../app/csv.js';
import { Type, type Static } from 'typebox';
import { requireActor } from '../../app/access.js';
import { isCalendarDate } from '../../app/dates.js';
import { AppError, ValidationError } from '../../app/errors.js';
import {
  acceptFormUploads,
  formBodyLimit,
  isUploadedFile,
  refuseLargeBodies,
  uploadTooLarge,
  type UploadForm,
} from '../../app/form-upload.js';
import { Button, CsrfField, FileField, Notification, Table } from '../../app/html/components.js';
import { h, type Html } from '../../app/html/jsx.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import { sendHtml } from '../../app/html/send-html.js';
import { XLSX_CONTENT_TYPE } from '../../app/xlsx.js';
import { activityKinds, activityStatuses, assessments } from '../../db/schema.js';
import { agencyRoles, scorecardSortKeys, type ScorecardQuery } from './scorecard.model.js';
import { scorecardPolicy } from './scorecard.policy.js';
import type { RowError } from './scorecard.sheet.js';
import { IMPORT_MAX_BYTES, ImportRejectedError, type ImportSummary } from './scorecard.transfer.js';
import { exportFileName, sendExport } from './scorecard.transfer.routes.js';

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
    <Layout ctx={ctx} title={t('scorecardImport.title')}>
      {outcome.kind === 'imported' ? (
        <Notification variant="success" title={t('scorecardImport.done')}>
          {t('scorecardImport.summary', { ...outcome.summary })}
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
      <p class="ecl-u-type-paragraph">{t('scorecardImport.intro')}</p>
      <ul class="ecl-unordered-list ecl-u-mb-l">
        <li class="ecl-unordered-list__item">{t('scorecardImport.ruleNew')}</li>
        <li class="ecl-unordered-list__item">{t('scorecardImport.ruleUpdate')}</li>
        <li class="ecl-unordered-list__item">{t('scorecardImport.ruleAll')}</li>
        <li class="ecl-unordered-list__item">{t('scorecardImport.ruleFirstSheet')}</li>
        {ctx.actor?.role === 'admin' ? null : (
          <li class="ecl-unordered-list__item">
            {t('scorecardImport.ruleOwnAgency', {
              agency: ctx.actor?.organisationAcronym ?? '',
            })}
          </li>
        )}
      </ul>
      <p class="ecl-u-type-paragraph">
        <a class="ecl-link ecl-link--standalone" href="/scorecard/export.xlsx">
          {t('scorecardImport.startFrom')}
        </a>
      </p>
      <form
        method="post"
        action="/scorecard/import"
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

/** The import page, and the exports as the scorecard page links to them. */
export async function scorecardTransferPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { scorecard, scorecardTransfer } = app.services;
  acceptFormUploads(app, { maxFileBytes: IMPORT_MAX_BYTES });

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

  app.get(
    '/scorecard/import',
    {
      schema: { querystring: SummaryQuery },
      config: { access: scorecardPolicy.write, page: true },
    },
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
    '/scorecard/import',
    {
      preParsing: refuseLargeBodies(formBodyLimit(IMPORT_MAX_BYTES), IMPORT_MAX_BYTES),
      config: { access: scorecardPolicy.write, page: true },
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
        summary = await scorecardTransfer.importXlsx(
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
      return reply.redirect(`/scorecard/import?${query.toString()}`, 303);
    },
  );
}
