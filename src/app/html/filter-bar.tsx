import type { FieldError } from '../errors.js';
import { Button, CsrfField, FormErrors } from './components.js';
import { h, type Child, type Html } from './jsx.js';
import type { PageContext } from './page-context.js';

const ECL_ICONS = '/assets/ecl/images/icons/sprites/icons.svg';

/** An active filter: a parameter of the list's address and the words it reads as. */
export interface ActiveFilter {
  name: string;
  value: string;
  label: string;
}

/** A named view of the list: built in or the user's own, which the user may delete. */
export interface ViewLink {
  id: string;
  name: string;
  href: string;
  current: boolean;
  builtIn: boolean;
}

export interface FilterBarProps {
  ctx: PageContext;
  /** The list's path; the form sends its filters there. */
  action: string;
  /** Names the form for assistive technology: "Filter the scorecard". */
  label: string;
  errors: readonly FieldError[];
  /** The first filters, in one or two rows; the first one (the words) is twice as wide. */
  primary: Child;
  /** The other filters, behind "More filters". */
  more: Child;
  /** How many of the other filters are set: the summary says so, and they open when invalid. */
  moreActive: number;
  /** The list's address parameters as they are: chips and saved views read them. */
  params: URLSearchParams;
  active: readonly ActiveFilter[];
  /** Parameters the form carries that are not filters, such as the sort order. */
  hidden?: Record<string, string>;
  /** The words of the button that applies the filters, "Filter" unless given. */
  submitLabel?: string;
  /** Where "Clear all filters" goes. */
  resetHref: string;
  /** The list's views and the list's name for saving one; absent, no views are offered. */
  views?: { list: string; items: readonly ViewLink[] };
}

/** The address of the list without one filter's value, back on its first page. */
function without(action: string, params: URLSearchParams, filter: ActiveFilter): string {
  const kept = new URLSearchParams();
  for (const [name, value] of params)
    if (name !== 'page' && !(name === filter.name && value === filter.value))
      kept.append(name, value);
  const query = kept.toString();
  return query === '' ? action : `${action}?${query}`;
}

/** The list's filters as a query string to save: the page number is not part of a view. */
function savedQuery(params: URLSearchParams): string {
  const kept = new URLSearchParams([...params].filter(([name]) => name !== 'page'));
  return kept.toString();
}

function Chips({
  ctx,
  action,
  params,
  active,
  resetHref,
}: Pick<FilterBarProps, 'ctx' | 'action' | 'params' | 'active' | 'resetHref'>): Html | null {
  const { t } = ctx;
  if (active.length === 0) return null;
  return (
    <div class="jh-filter-bar__chips">
      <span class="ecl-u-type-s ecl-u-type-bold" id={`${action.slice(1)}-active-filters`}>
        {t('filters.active')}
      </span>
      <ul class="ecl-tag-set" aria-labelledby={`${action.slice(1)}-active-filters`}>
        {active.map((filter) => (
          <li class="ecl-tag-set__item">
            <a
              class="ecl-tag ecl-tag--removable"
              href={without(action, params, filter)}
              aria-label={t('filters.remove', { filter: filter.label })}
            >
              {filter.label}
              <span class="ecl-tag__icon">
                <svg
                  class="ecl-icon ecl-icon--xs ecl-tag__icon-close"
                  focusable="false"
                  aria-hidden="true"
                >
                  <use xlink:href={`${ECL_ICONS}#close-outline`}></use>
                </svg>
              </span>
            </a>
          </li>
        ))}
        <li class="ecl-tag-set__item">
          <a class="ecl-link ecl-link--standalone" href={resetHref}>
            {t('filters.clearAll')}
          </a>
        </li>
      </ul>
    </div>
  );
}

function Views({
  ctx,
  params,
  views,
}: {
  ctx: PageContext;
  params: URLSearchParams;
  views: NonNullable<FilterBarProps['views']>;
}): Html {
  const { t } = ctx;
  const own = views.items.filter((v) => !v.builtIn);
  return (
    <div class="jh-filter-bar__views">
      <nav aria-label={t('views.label')}>
        <span class="ecl-u-type-s ecl-u-type-bold">{t('views.label')}</span>
        <ul class="jh-filter-bar__view-list">
          {views.items.map((view) => (
            <li>
              <a
                class="ecl-link ecl-link--standalone"
                href={view.href}
                aria-current={view.current ? 'true' : undefined}
              >
                {view.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <details class="jh-filter-bar__save">
        <summary class="ecl-link ecl-link--standalone">{t('views.save.open')}</summary>
        <form method="post" action="/views" class="jh-filter-bar__save-form">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="list" value={views.list} />
          <input type="hidden" name="query" value={savedQuery(params)} />
          <div class="ecl-form-group">
            <label class="ecl-form-label" for={`view-name-${views.list}`}>
              {t('views.save.name')}
            </label>
            <input
              type="text"
              id={`view-name-${views.list}`}
              name="name"
              class="ecl-text-input ecl-text-input--m"
              maxlength={80}
              required
            />
          </div>
          <Button variant="secondary">{t('views.save.submit')}</Button>
        </form>
        {own.length > 0 ? (
          <ul class="jh-filter-bar__view-list jh-filter-bar__own-views">
            {own.map((view) => (
              <li>
                <form method="post" action={`/views/${view.id}/delete`} class="jh-inline-form">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="ecl-button ecl-button--ghost">
                    {t('views.delete', { name: view.name })}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        ) : null}
      </details>
    </div>
  );
}

/**
 * A list's filters that leave room for the list: the first few in one or two rows, the rest
 * behind "More filters" (a `<details>`, which opens without a script), each active filter as a
 * chip that a link removes, and the list's named views.
 */
export function FilterBar(props: FilterBarProps): Html {
  const { ctx } = props;
  const { t } = ctx;
  const invalidBeyond = props.errors.length > 0;
  return (
    <div class="jh-filter-bar ecl-u-mb-l">
      {props.views ? <Views ctx={ctx} params={props.params} views={props.views} /> : null}
      <form method="get" action={props.action} class="jh-filter-bar__form" aria-label={props.label}>
        <FormErrors ctx={ctx} errors={props.errors} />
        <div class="jh-filter-bar__row jh-filter-bar__row--primary">
          {props.primary}
          <div class="jh-filter-bar__submit">
            <Button>{props.submitLabel ?? t('common.filter')}</Button>
          </div>
        </div>
        <details class="jh-filter-bar__more" open={invalidBeyond}>
          <summary class="ecl-link ecl-link--standalone">
            {props.moreActive > 0
              ? t('filters.moreActive', { count: props.moreActive })
              : t('filters.more')}
          </summary>
          <div class="jh-filter-bar__row">{props.more}</div>
        </details>
        {Object.entries(props.hidden ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
      </form>
      <Chips
        ctx={ctx}
        action={props.action}
        params={props.params}
        active={props.active}
        resetHref={props.resetHref}
      />
    </div>
  );
}
