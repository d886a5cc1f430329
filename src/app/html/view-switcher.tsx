import { urlWith } from './components.js';
import { h, type Html } from './jsx.js';

/** The address parameters of a page's filters, as `urlWith` reads them. */
export type ViewQuery = Record<string, string | number | undefined>;

/** One view of a page's data: where it is, what it is called, and what only it reads. */
export interface SwitcherView {
  path: string;
  label: string;
  /** Parameters of this view alone, on top of the kept filters (a calendar's month). */
  query?: ViewQuery;
}

/**
 * The one way a page offers several views of the same data (a table, a timeline, a calendar):
 * ECL's tabs, made of links. The current view is marked aria-current="page", and every link
 * carries the filters in force, so that switching view keeps what the reader chose. ECL's tabs
 * script is not asked for (it would fold views into a "More" menu): the row wraps instead, so
 * on a phone every view stays in sight and nothing runs past the screen's edge.
 */
export function ViewSwitcher({
  label,
  views,
  current,
  keep = {},
}: {
  /** Names the set of views for assistive technology: "Views of the scorecard". */
  label: string;
  views: readonly SwitcherView[];
  /** The path of the view shown. */
  current: string;
  /** The filters in force, carried by every link. */
  keep?: ViewQuery;
}): Html {
  return (
    <nav class="ecl-tabs jh-view-switcher" aria-label={label}>
      <div class="ecl-tabs__container">
        <ul class="ecl-tabs__list">
          {views.map((view) => {
            const isCurrent = view.path === current;
            return (
              <li class="ecl-tabs__item">
                <a
                  class={isCurrent ? 'ecl-tabs__link ecl-tabs__link--active' : 'ecl-tabs__link'}
                  href={urlWith(view.path, { ...keep, ...view.query })}
                  aria-current={isCurrent ? 'page' : undefined}
                >
                  {view.label}
                </a>
              </li>
            );
          })}
        </ul>
      </div>
    </nav>
  );
}
