import { h, type Html } from '../../app/html/jsx.js';
import type { PageContext } from '../../app/html/page-context.js';
import { ViewSwitcher } from '../../app/html/view-switcher.js';
import type { MessageKey } from '../../app/i18n/i18n.js';
import { filterParams } from './scorecard.filters.js';
import type { ScorecardFilters } from './scorecard.model.js';

/** The scorecard's views of the same activities. */
const views: { path: string; label: MessageKey }[] = [
  { path: '/scorecard', label: 'scorecard.tab.table' },
  { path: '/scorecard/agencies', label: 'scorecard.tab.agencies' },
  { path: '/scorecard/coverage', label: 'scorecard.tab.coverage' },
  { path: '/scorecard/timeline', label: 'scorecard.tab.timeline' },
  { path: '/scorecard/dashboard', label: 'scorecard.tab.dashboard' },
];

/** The views of the scorecard; each keeps the filters in force. */
export function ScorecardTabs({
  ctx,
  current,
  filters,
}: {
  ctx: PageContext;
  current: string;
  filters: ScorecardFilters;
}): Html {
  return (
    <ViewSwitcher
      label={ctx.t('scorecard.tab.label')}
      current={current}
      keep={filterParams(filters)}
      views={views.map((view) => ({ path: view.path, label: ctx.t(view.label) }))}
    />
  );
}
