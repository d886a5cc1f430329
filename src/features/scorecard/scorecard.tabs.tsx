import { h, type Html } from '../../app/html/jsx.js';
import type { PageContext } from '../../app/html/page-context.js';
import { urlWith } from '../../app/html/components.js';
import type { MessageKey } from '../../app/i18n/i18n.js';

const tabs: { href: string; label: MessageKey; writersOnly?: boolean }[] = [
  { href: '/scorecard', label: 'scorecard.tab.table' },
  { href: '/scorecard/agencies', label: 'scorecard.tab.agencies' },
  { href: '/scorecard/coverage', label: 'scorecard.tab.coverage' },
  { href: '/scorecard/timeline', label: 'scorecard.tab.timeline' },
  { href: '/scorecard/dashboard', label: 'scorecard.tab.dashboard' },
  { href: '/scorecard/import', label: 'scorecard.tab.import', writersOnly: true },
];

/** The views of the scorecard, as a row of links; the current one is marked for screen readers. */
export function ScorecardTabs({
  ctx,
  current,
  year,
}: {
  ctx: PageContext;
  current: string;
  year: number;
}): Html {
  const writer = ctx.actor?.role === 'admin' || ctx.actor?.role === 'contact';
  return (
    <nav class="jh-tabs ecl-u-mb-l" aria-label={ctx.t('scorecard.tab.label')}>
      <ul class="jh-tabs__list">
        {tabs
          .filter((tab) => writer || !tab.writersOnly)
          .map((tab) => (
            <li class="jh-tabs__item">
              <a
                class="ecl-link ecl-link--standalone"
                href={tab.href === '/scorecard/import' ? tab.href : urlWith(tab.href, { year })}
                aria-current={tab.href === current ? 'page' : undefined}
              >
                {ctx.t(tab.label)}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}
