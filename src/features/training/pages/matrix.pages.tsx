import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { Button, SelectField, Table, urlWith } from '../../../app/html/components.js';
import { h, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { formatNumber } from '../../../app/i18n/format.js';
import {
  ImportContent,
  importPageRoutes,
  ImportRules,
  type ImportOutcome,
  type ImportTexts,
} from '../../../app/spreadsheet/import-page.js';
import { sendExport } from '../../../app/spreadsheet/import-route.js';
import { XLSX_CONTENT_TYPE } from '../../../app/xlsx.js';
import { trainingPolicy } from '../training.policy.js';
import { kindLabel, topicLabel, trainingFigures, type FigureRow } from '../training.report.js';
import { organisers, period, TrainingTitle, TrainingViews } from '../views/parts.js';
import { PageFilterQuery, readFilters, serviceFilters } from './filters.js';
import type { PagesApp } from './kit.js';

const YearPageQuery = Type.Object({ year: Type.Optional(Type.String({ maxLength: 4 })) });

/** The year a page asks for, else the matrix's latest, else this year. */
async function yearOf(text: string | undefined, years: () => Promise<number[]>): Promise<number> {
  if (text && /^\d{4}$/.test(text)) return Number(text);
  return (await years())[0] ?? new Date().getUTCFullYear();
}

function YearForm({
  ctx,
  action,
  year,
  years,
}: {
  ctx: PageContext;
  action: string;
  year: number;
  years: readonly number[];
}): Html {
  const { t } = ctx;
  const choices = [...new Set([...years, year])].sort((a, b) => b - a);
  return (
    <form method="get" action={action} class="ecl-u-mb-l">
      <div class="jh-filters">
        <SelectField
          name="year"
          label={t('training.report.year')}
          value={String(year)}
          options={choices.map((y) => ({ value: String(y), label: String(y) }))}
        />
        <div class="ecl-form-group ecl-u-mb-l">
          <Button variant="secondary">{t('training.report.show')}</Button>
        </div>
      </div>
    </form>
  );
}

function FigureTable({
  ctx,
  caption,
  first,
  rows,
  name,
}: {
  ctx: PageContext;
  caption: string;
  first: string;
  rows: readonly FigureRow[];
  name: (row: FigureRow) => string;
}): Html {
  const { t } = ctx;
  const n = (value: number) => formatNumber(ctx.locale, value);
  return (
    <Table
      ctx={ctx}
      caption={caption}
      rows={rows}
      columns={[
        { header: first, cell: name },
        { header: t('training.report.trainings'), cell: (r) => n(r.trainings) },
        { header: t('training.report.participants'), cell: (r) => n(r.participants) },
        { header: t('training.report.days'), cell: (r) => n(r.days) },
      ]}
    />
  );
}

/** The secretariat's list of likely duplicates and the annual report, as pages. */
export async function trainingMatrixPages(app: PagesApp): Promise<void> {
  const { trainings } = app.services;

  app.get(
    '/training/duplicates',
    {
      schema: { querystring: YearPageQuery },
      config: { access: trainingPolicy.duplicates, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(request.actor);
      const years = await trainings.years(actor);
      const year = await yearOf(request.query.year, async () => years);
      const pairs = await trainings.duplicates(actor, year);
      // A no-break space keeps the per cent sign on its number's line in a narrow column.
      const share = (value: number) =>
        `${formatNumber(ctx.locale, Math.round(value * 100))}\u00a0%`;
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('training.duplicates.title', { year })}>
          <TrainingViews ctx={ctx} current="/training/duplicates" keep={{ year }} />
          <p class="ecl-u-type-paragraph">{t('training.duplicates.intro')}</p>
          <YearForm ctx={ctx} action="/training/duplicates" year={year} years={years} />
          {pairs.length === 0 ? (
            <p class="ecl-u-type-paragraph jh-empty">{t('training.duplicates.none', { year })}</p>
          ) : (
            <Table
              ctx={ctx}
              caption={t('training.duplicates.caption', { year })}
              rows={pairs}
              columns={[
                {
                  header: t('training.duplicates.first'),
                  cell: (p) => (
                    <span>
                      <TrainingTitle ctx={ctx} training={p.a} />
                      <span class="jh-block">{`${organisers(p.a)}, ${period(ctx, p.a)}`}</span>
                    </span>
                  ),
                },
                {
                  header: t('training.duplicates.second'),
                  cell: (p) => (
                    <span>
                      <TrainingTitle ctx={ctx} training={p.b} />
                      <span class="jh-block">{`${organisers(p.b)}, ${period(ctx, p.b)}`}</span>
                    </span>
                  ),
                },
                {
                  header: t('training.duplicates.how'),
                  cell: (p) =>
                    t('training.duplicates.alike', {
                      title: share(p.titleSimilarity),
                      topics: share(p.topicSimilarity),
                    }),
                },
              ]}
            />
          )}
        </Layout>,
      );
    },
  );

  app.get(
    '/training/report',
    { schema: { querystring: YearPageQuery }, config: { access: trainingPolicy.read, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(request.actor);
      const years = await trainings.years(actor);
      const year = await yearOf(request.query.year, async () => years);
      const report = trainingFigures(
        year,
        await trainings.all(actor, { year, sort: 'start', direction: 'asc' }),
      );
      const n = (value: number) => formatNumber(ctx.locale, value);
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('training.report.title', { year })}>
          <TrainingViews ctx={ctx} current="/training/report" keep={{ year }} />
          <p class="ecl-u-type-paragraph">{t('training.report.intro')}</p>
          <YearForm ctx={ctx} action="/training/report" year={year} years={years} />
          <p>
            <a
              class="ecl-link ecl-link--standalone"
              href={urlWith('/api/trainings/report.docx', { year })}
            >
              {t('training.report.download')}
            </a>
          </p>
          {report.totals.trainings === 0 ? (
            <p class="ecl-u-type-paragraph jh-empty">{t('training.report.empty', { year })}</p>
          ) : (
            <div>
              <h2 class="ecl-u-type-heading-2">{t('training.report.summary')}</h2>
              <p class="ecl-u-type-paragraph">
                {t('training.report.totals', {
                  year,
                  trainings: n(report.totals.trainings),
                  participants: n(report.totals.participants),
                  days: n(report.totals.days),
                })}
              </p>
              <p class="ecl-u-type-paragraph-s">{t('training.report.counting')}</p>
              <h2 class="ecl-u-type-heading-2">{t('training.report.byAgency')}</h2>
              <FigureTable
                ctx={ctx}
                caption={t('training.report.byAgencyCaption', { year })}
                first={t('training.field.organiser')}
                rows={report.byAgency}
                name={(r) => r.name}
              />
              <h2 class="ecl-u-type-heading-2">{t('training.report.byTopic')}</h2>
              <FigureTable
                ctx={ctx}
                caption={t('training.report.byTopicCaption', { year })}
                first={t('training.field.topics')}
                rows={report.byTopic}
                name={(r) => topicLabel(t, r.name)}
              />
              <h2 class="ecl-u-type-heading-2">{t('training.report.byKind')}</h2>
              <FigureTable
                ctx={ctx}
                caption={t('training.report.byKindCaption', { year })}
                first={t('training.field.kind')}
                rows={report.byKind}
                name={(r) => kindLabel(t, r.name)}
              />
            </div>
          )}
        </Layout>,
      );
    },
  );
}

const trainingImportTexts: ImportTexts = {
  doneTitle: null,
  summary: 'training.import.done',
  refusedTitle: null,
  rowProblems: 'training.import.rejected',
  problemsCaption: 'training.import.rejected',
  row: 'training.import.row',
  column: 'training.import.column',
  problem: 'training.import.problem',
  download: 'training.import.download',
  file: 'training.import.file',
  fileHint: 'training.import.fileHint',
  submit: 'training.import.submit',
  chooseFile: 'training.import.chooseFile',
};

function ImportPage({ ctx, outcome }: { ctx: PageContext; outcome: ImportOutcome }): Html {
  return (
    <Layout ctx={ctx} title={ctx.t('training.import.title')}>
      <TrainingViews ctx={ctx} current="/training/import" />
      <ImportContent
        ctx={ctx}
        outcome={outcome}
        texts={trainingImportTexts}
        action="/training/import"
        exportHref="/training/export.xlsx"
      >
        <p class="ecl-u-type-paragraph">{ctx.t('training.import.intro')}</p>
        <ImportRules
          ctx={ctx}
          rules={[
            'training.import.ruleNew',
            'training.import.ruleUpdate',
            'training.import.ruleAll',
          ]}
          ownAgency="training.import.ruleOwnAgency"
        />
      </ImportContent>
    </Layout>
  );
}

/** The matrix out as .xlsx with the list's filters, and in through an upload form. */
export async function trainingTransferPages(app: PagesApp): Promise<void> {
  const { trainings, trainingTransfer } = app.services;

  app.get(
    '/training/export.xlsx',
    {
      schema: { querystring: PageFilterQuery },
      config: { access: trainingPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const organisations = await trainings.organisations();
      const { filters } = readFilters(request.query, organisations, ctx);
      return sendExport(reply, {
        name: 'jhanet-training-matrix.xlsx',
        contentType: XLSX_CONTENT_TYPE,
        body: await trainingTransfer.exportXlsx(
          requireActor(request.actor),
          serviceFilters(filters, organisations),
        ),
      });
    },
  );

  importPageRoutes(app, {
    path: '/training/import',
    access: trainingPolicy.write,
    summaryMaximum: 1_000_000,
    chooseFile: trainingImportTexts.chooseFile,
    href: () => '/training/import',
    show: async (request, reply, _params, outcome, status) =>
      sendHtml(reply, <ImportPage ctx={request.pageContext()} outcome={outcome} />, status),
    importFile: (request, _params, bytes) =>
      trainingTransfer.importXlsx(requireActor(request.actor), request.auditContext(), bytes),
  });
}
