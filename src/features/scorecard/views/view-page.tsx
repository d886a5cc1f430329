import { Notification } from '../../../app/html/components.js';
import { h, type Child, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { todayUtc } from '../../../app/dates.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { ScorecardFilters } from '../scorecard.model.js';
import { ScorecardTabs } from '../scorecard.tabs.js';

/** What every view page starts with: its tabs, its introduction, the filters, the as-of note. */
export function ViewPage({
  ctx,
  title,
  tab,
  intro,
  form,
  filters,
  lead,
  printable = false,
  children,
}: {
  ctx: PageContext;
  title: string;
  tab: string;
  intro: string;
  form: Html;
  filters: ScorecardFilters;
  /** What comes before the filters, the first thing a reader sees. */
  lead?: Child;
  /** Made to be printed: each printed page repeats the title, the day and the marking. */
  printable?: boolean;
  children?: Child;
}): Html {
  const content = [
    <p class="ecl-u-type-paragraph jh-no-print">{intro}</p>,
    lead,
    form,
    filters.asOf ? (
      <Notification variant="info">
        {ctx.t('scorecard.asOfNotice', { date: formatDate(ctx.locale, filters.asOf) })}
      </Notification>
    ) : null,
    children,
  ];
  return (
    <Layout ctx={ctx} title={title}>
      <ScorecardTabs ctx={ctx} current={tab} filters={filters} />
      {printable ? (
        <PrintFrame ctx={ctx} title={title}>
          {content}
        </PrintFrame>
      ) : (
        content
      )}
    </Layout>
  );
}

/** A count that opens the matching activities in the table; nothing to open for a zero. */
export function CountLink({
  count,
  href,
  label,
}: {
  count: number;
  href: string;
  label: string;
}): Html {
  if (count === 0) return <span>0</span>;
  return (
    <a class="ecl-link" href={href} aria-label={label}>
      {String(count)}
    </a>
  );
}

/**
 * On paper, every page repeats the dashboard's title, the day it was printed and its marking:
 * the browser repeats a table's header group on each printed page, and the frame is one in print.
 */
function PrintFrame({
  ctx,
  title,
  children,
}: {
  ctx: PageContext;
  title: string;
  children?: Child;
}): Html {
  const { t } = ctx;
  return (
    <table class="jh-print-frame" role="presentation">
      <thead class="jh-print-frame__head" aria-hidden="true">
        <tr>
          <td>
            <div class="jh-print-frame__line">
              <span>{title}</span>
              <span>{t('print.printedOn', { date: formatDate(ctx.locale, todayUtc()) })}</span>
              <span>{t('print.noMarking')}</span>
            </div>
          </td>
        </tr>
      </thead>
      <tbody class="jh-print-frame__body">
        <tr>
          <td>{children}</td>
        </tr>
      </tbody>
    </table>
  );
}
