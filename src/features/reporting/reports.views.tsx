import { h, type Child, type Html } from '../../app/html/jsx.js';
import type { PageContext } from '../../app/html/page-context.js';
import { formatDate } from '../../app/i18n/format.js';
import type { MessageKey } from '../../app/i18n/i18n.js';
import type { ReportBlock, ReportDocument, ReportSection } from './report-document.js';
import type { CalendarEntry, CalendarStatus } from './reports.model.js';

export const reportHref = (id: string) => `/reports/${encodeURIComponent(id)}`;

/** What a report owed is called, in the reader's language. */
export function obligationLabel(
  t: PageContext['t'],
  entry: Pick<CalendarEntry, 'kind' | 'period' | 'year'>,
): string {
  if (entry.kind === 'progress')
    return t(`reports.kind.progress.${entry.period}`, { year: entry.year });
  return t(`reports.kind.${entry.kind}`, { year: entry.year });
}

export function recipientLabel(
  t: PageContext['t'],
  entry: Pick<CalendarEntry, 'kind' | 'recipientAcronym'>,
): string {
  if (entry.recipientAcronym !== null) return entry.recipientAcronym;
  return t(entry.kind === 'final' ? 'reports.recipient.final' : 'reports.recipient.annual');
}

const statusLabelVariant: Record<CalendarStatus, string> = {
  not_started: '',
  drafting: ' ecl-label--low',
  in_sign_off: ' ecl-label--medium',
  submitted: ' ecl-label--low',
  overdue: ' ecl-label--high',
};

export function StatusLabel({ ctx, status }: { ctx: PageContext; status: CalendarStatus }): Html {
  return (
    <span class={`ecl-label${statusLabelVariant[status]}`}>
      {ctx.t(`reports.status.${status}` as MessageKey)}
    </span>
  );
}

function Block({ ctx, block }: { ctx: PageContext; block: ReportBlock }): Html {
  switch (block.kind) {
    case 'paragraph':
      return <p class="ecl-u-type-paragraph">{block.text}</p>;
    case 'list':
      return (
        <ul class="ecl-unordered-list">
          {block.items.map((item) => (
            <li class="ecl-unordered-list__item">{item}</li>
          ))}
        </ul>
      );
    case 'table':
      return (
        <DataTable
          caption={block.table.caption}
          header={block.table.header}
          rows={block.table.rows}
        />
      );
    case 'chart':
      // The outputs draw the chart; on screen and on paper its figures are the table itself,
      // which carries everything the picture would.
      return (
        <figure class="jh-figure ecl-u-mb-l">
          <figcaption class="ecl-u-type-bold ecl-u-mb-xs">{block.chart.title}</figcaption>
          <p class="ecl-u-type-s ecl-u-type-color-grey-75">{block.chart.alt}</p>
          <DataTable
            caption={`${block.chart.title}: ${ctx.t('reports.print.dataTable')}`}
            header={['', ...block.chart.series.map((s) => s.name)]}
            rows={block.chart.categories.map((category, index) => [
              category,
              ...block.chart.series.map((s) => String(s.values[index] ?? 0)),
            ])}
          />
        </figure>
      );
  }
}

export function DataTable({
  caption,
  header,
  rows,
}: {
  caption: string;
  header: readonly string[];
  rows: readonly (readonly string[])[];
}): Html {
  return (
    <div class="jh-table-wrapper ecl-u-mb-l" tabindex="0" role="region" aria-label={caption}>
      <table class="ecl-table ecl-table--zebra">
        <caption class="ecl-u-type-s ecl-u-mb-xs jh-report-caption">{caption}</caption>
        <thead class="ecl-table__head">
          <tr class="ecl-table__row">
            {header.map((cell) => (
              <th scope="col" class="ecl-table__header">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="ecl-table__body">
          {rows.map((row) => (
            <tr class="ecl-table__row">
              {row.map((cell, column) => (
                // On a phone the table stacks, each value beside its column's header.
                <td class="ecl-table__cell" data-ecl-table-header={header[column]}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Section({
  ctx,
  section,
  level,
}: {
  ctx: PageContext;
  section: ReportSection;
  level: 2 | 3;
}): Html {
  const heading = `${section.number} ${section.title}`;
  return (
    <section class="jh-report-section">
      {level === 2 ? (
        <h2 class="ecl-u-type-heading-2">{heading}</h2>
      ) : (
        <h3 class="ecl-u-type-heading-3">{heading}</h3>
      )}
      {section.blocks.map((block) => (
        <Block ctx={ctx} block={block} />
      ))}
      {section.subsections.map((sub) => (
        <Section ctx={ctx} section={sub} level={3} />
      ))}
    </section>
  );
}

/** The marking as printed: the label, or that there is none. */
export function markingText(ctx: PageContext, document: ReportDocument): string {
  return document.marking?.label ?? ctx.t('reports.print.noMarking');
}

/** A report's text as a reader reads it, from its document alone (never from the database). */
export function ReportBody({
  ctx,
  document,
  children,
}: {
  ctx: PageContext;
  document: ReportDocument;
  children?: Child;
}): Html {
  const { t } = ctx;
  return (
    <article class="jh-report">
      <p class="ecl-u-type-paragraph ecl-u-type-bold">
        {t('reports.print.recipient', { recipient: document.recipient })}
      </p>
      <p class="ecl-u-type-paragraph">
        {t('reports.print.asOf', { date: formatDate(ctx.locale, document.asOf) })}
        {' · '}
        {t(`reports.print.edition.${document.edition}`)}
        {document.chair === '' ? null : ` · ${t('reports.print.chair', { chair: document.chair })}`}
      </p>
      {document.omissionNote === null ? null : (
        <p class="ecl-u-type-paragraph jh-report-omission">{document.omissionNote}</p>
      )}
      {children}
      {document.sections.map((section) => (
        <Section ctx={ctx} section={section} level={2} />
      ))}
    </article>
  );
}
