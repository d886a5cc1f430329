import { Fragment, h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { ContributionView } from '../reports.contributions.service.js';
import type { SignoffDue } from '../reports.signoff.service.js';
import { contributionHref, signoffHref } from './contributions.js';

/**
 * A contact point's home page: the contributions asked of their agency and not yet submitted,
 * and the finalised reports their agency has yet to sign off. Nothing when nothing waits.
 */
export function ReportRequestsWaiting({
  ctx,
  contributions,
  signoffs,
}: {
  ctx: PageContext;
  contributions: readonly ContributionView[];
  signoffs: readonly SignoffDue[];
}): Html | null {
  if (contributions.length === 0 && signoffs.length === 0) return null;
  const { t } = ctx;
  return (
    <section class="ecl-u-mb-xl jh-work" aria-labelledby="work-reports-waiting">
      <h2 class="ecl-u-type-heading-2" id="work-reports-waiting">
        {t('reports.contributions.link')}
      </h2>
      {contributions.length > 0 ? (
        <>
          <h3 class="ecl-u-type-heading-3">
            {t('reports.home.contributions')}
            <span class="jh-work__count">{` (${String(contributions.length)})`}</span>
          </h3>
          <ul class="ecl-unordered-list">
            {contributions.map((c) => (
              <li class="ecl-unordered-list__item">
                <a class="ecl-link" href={contributionHref(c.reportId, c.id)}>
                  {t('reports.home.contributionItem', {
                    section: c.sectionTitle,
                    report: c.reportTitle,
                    date: formatDate(ctx.locale, c.dueOn),
                  })}
                </a>
                {c.state === 'late' ? ` (${t('reports.state.late')})` : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {signoffs.length > 0 ? (
        <>
          <h3 class="ecl-u-type-heading-3">
            {t('reports.home.signoffs')}
            <span class="jh-work__count">{` (${String(signoffs.length)})`}</span>
          </h3>
          <ul class="ecl-unordered-list">
            {signoffs.map((s) => (
              <li class="ecl-unordered-list__item">
                <a class="ecl-link" href={signoffHref(s.reportId, s.organisationId)}>
                  {t('reports.home.signoffItem', {
                    report: s.reportTitle,
                    date: formatDate(ctx.locale, s.dueOn),
                  })}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
