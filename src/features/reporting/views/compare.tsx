import { Button, RadioGroup, SelectField } from '../../../app/html/components.js';
import { h, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate, formatDateTime } from '../../../app/i18n/format.js';
import { Words } from '../../priorities/priorities.compare.pages.js';
import type { ReportDetail } from '../reports.model.js';
import type {
  ReportComparison,
  ReportVersionSummary,
  SectionComparison,
} from '../reports.versions.js';
import { reportHref } from '../reports.views.js';

export const compareViews = ['side', 'inline'] as const;
export type CompareView = (typeof compareViews)[number];

export const compareHref = (id: string) => `${reportHref(id)}/compare`;

/** "Version 3: Chair's foreword saved, 3 December 2026 09:10, Ana Lopes". */
export function versionLabel(ctx: PageContext, version: ReportVersionSummary): string {
  const reason =
    version.reason === 'as_of'
      ? ctx.t('reports.compare.reason.as_of', { date: formatDate(ctx.locale, version.asOf) })
      : ctx.t(`reports.compare.reason.${version.reason}`);
  return ctx.t('reports.compare.version', {
    number: version.number,
    reason,
    date: formatDateTime(ctx.locale, version.createdAt),
    who: version.createdBy,
  });
}

/** One side of a changed text: the earlier keeps what was deleted, the later what was inserted. */
function Side({
  ctx,
  section,
  keep,
}: {
  ctx: PageContext;
  section: SectionComparison;
  keep: 'delete' | 'insert';
}): Html {
  return <Words ctx={ctx} words={section.words.filter((w) => w.op === 'equal' || w.op === keep)} />;
}

function SectionChange({
  ctx,
  comparison,
  section,
  view,
  index,
}: {
  ctx: PageContext;
  comparison: ReportComparison;
  section: SectionComparison;
  view: CompareView;
  index: number;
}): Html {
  const { t } = ctx;
  const id = `compare-section-${String(index + 1)}`;
  return (
    <section class="ecl-u-mb-xl jh-compare-section" aria-labelledby={id}>
      <h3 class="ecl-u-type-heading-3" id={id}>
        {section.title}{' '}
        <span class={`ecl-label jh-compare-status jh-compare-status--${section.status}`}>
          {t(`reports.compare.status.${section.status}`)}
        </span>
      </h3>
      <p class="ecl-u-type-s ecl-u-type-color-grey-75">{t(`reports.origin.${section.origin}`)}</p>
      {section.status === 'unchanged' ? (
        <p class="ecl-u-type-paragraph">{t('reports.compare.same')}</p>
      ) : view === 'inline' ? (
        <div class="jh-compare-text">
          <Words ctx={ctx} words={section.words} />
        </div>
      ) : (
        <div class="jh-compare-sides">
          <div>
            <h4 class="ecl-u-type-heading-5">
              {t('reports.compare.column', { number: comparison.from.number })}
            </h4>
            <div class="jh-compare-text">
              <Side ctx={ctx} section={section} keep="delete" />
            </div>
          </div>
          <div>
            <h4 class="ecl-u-type-heading-5">
              {t('reports.compare.column', { number: comparison.to.number })}
            </h4>
            <div class="jh-compare-text">
              <Side ctx={ctx} section={section} keep="insert" />
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

/** Two versions of a report, chosen in the form above, compared section by section. */
export function ComparePage({
  ctx,
  report,
  versions,
  from,
  to,
  view,
  comparison,
}: {
  ctx: PageContext;
  report: ReportDetail;
  versions: readonly ReportVersionSummary[];
  from: number | undefined;
  to: number | undefined;
  view: CompareView;
  comparison: ReportComparison | null;
}): Html {
  const { t } = ctx;
  const options = versions.map((v) => ({ value: String(v.number), label: versionLabel(ctx, v) }));
  return (
    <Layout
      ctx={ctx}
      title={t('reports.compare.title', { title: report.title })}
      breadcrumbs={[
        {
          href: `/reports?year=${String(report.year)}`,
          label: t('reports.title', { year: report.year }),
        },
        { href: reportHref(report.id), label: report.title },
      ]}
    >
      <p class="ecl-u-type-paragraph">{t('reports.compare.intro')}</p>
      {versions.length < 2 ? (
        <p class="ecl-u-type-paragraph jh-empty">{t('reports.compare.single')}</p>
      ) : (
        <form method="get" action={compareHref(report.id)} class="ecl-u-mb-xl">
          <div class="jh-filters">
            <SelectField
              name="from"
              label={t('reports.compare.from')}
              value={String(from ?? versions[1]?.number ?? '')}
              options={options}
            />
            <SelectField
              name="to"
              label={t('reports.compare.to')}
              value={String(to ?? versions[0]?.number ?? '')}
              options={options}
            />
          </div>
          <RadioGroup
            name="view"
            label={t('reports.compare.view')}
            value={view}
            options={compareViews.map((value) => ({
              value,
              label: t(`reports.compare.view.${value}`),
            }))}
          />
          <div class="jh-actions">
            <Button>{t('reports.compare.submit')}</Button>
          </div>
        </form>
      )}
      {comparison ? (
        <div>
          <h2 class="ecl-u-type-heading-2">
            {t('reports.compare.heading', {
              from: comparison.from.number,
              to: comparison.to.number,
            })}
          </h2>
          <ul class="ecl-unordered-list ecl-u-mb-m">
            <li class="ecl-unordered-list__item">{versionLabel(ctx, comparison.from)}</li>
            <li class="ecl-unordered-list__item">{versionLabel(ctx, comparison.to)}</li>
          </ul>
          <p class="ecl-u-type-paragraph" role="status">
            {t('reports.compare.counts', { ...comparison.counts })}
          </p>
          {comparison.sections.map((section, index) => (
            <SectionChange
              ctx={ctx}
              comparison={comparison}
              section={section}
              view={view}
              index={index}
            />
          ))}
        </div>
      ) : null}
    </Layout>
  );
}
