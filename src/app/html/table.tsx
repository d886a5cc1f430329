import { h, type Child, type Html } from './jsx.js';
import type { PageContext } from './page-context.js';

export interface Column<T> {
  header: string;
  cell: (row: T) => Child;
  /** The sort key this column sorts by, when the list supports sorting by it. */
  sortKey?: string;
}

export interface SortState {
  key: string;
  direction: 'asc' | 'desc';
  /** Builds the link that sorts by a key in a direction, keeping the other filters. */
  href: (key: string, direction: 'asc' | 'desc') => string;
}

export function Table<T>({
  ctx,
  caption,
  columns,
  rows,
  sort,
}: {
  ctx: PageContext;
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  sort?: SortState;
}): Html {
  if (rows.length === 0) {
    return <p class="ecl-u-type-paragraph jh-empty">{ctx.t('common.empty')}</p>;
  }
  return (
    // A wide table scrolls sideways in its wrapper: keyboard users must be able to focus it
    // to scroll, and screen readers announce it as a region named by the caption.
    <div class="jh-table-wrapper" tabindex="0" role="region" aria-label={caption}>
      <table class="ecl-table ecl-table--zebra jh-table-cards">
        <caption class="ecl-u-sr-only">{caption}</caption>
        <thead class="ecl-table__head">
          <tr class="ecl-table__row">
            {columns.map((column) => {
              const sortable = sort && column.sortKey;
              const active = sortable && sort.key === column.sortKey;
              const next = active && sort.direction === 'asc' ? 'desc' : 'asc';
              return (
                <th
                  scope="col"
                  class="ecl-table__header"
                  aria-sort={
                    active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined
                  }
                >
                  {sortable && column.sortKey ? (
                    <a class="ecl-link" href={sort.href(column.sortKey, next)}>
                      {column.header}
                    </a>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody class="ecl-table__body">
          {rows.map((row) => (
            <tr class="ecl-table__row">
              {columns.map((column) => (
                <td class="ecl-table__cell" data-ecl-table-header={column.header}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Pagination({
  ctx,
  page,
  pageSize,
  total,
  href,
}: {
  ctx: PageContext;
  page: number;
  pageSize: number;
  total: number;
  href: (page: number) => string;
}): Html | null {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav class="ecl-pagination ecl-u-mt-l" aria-label={ctx.t('pagination.label')}>
      <ul class="ecl-pagination__list">
        {page > 1 ? (
          <li class="ecl-pagination__item ecl-pagination__item--previous">
            <a class="ecl-link ecl-link--standalone ecl-pagination__link" href={href(page - 1)}>
              {ctx.t('pagination.previous')}
            </a>
          </li>
        ) : null}
        <li class="ecl-pagination__item ecl-pagination__item--current">
          <span class="ecl-pagination__text" aria-current="true">
            {ctx.t('pagination.page', { page, pages })}
          </span>
        </li>
        {page < pages ? (
          <li class="ecl-pagination__item ecl-pagination__item--next">
            <a class="ecl-link ecl-link--standalone ecl-pagination__link" href={href(page + 1)}>
              {ctx.t('pagination.next')}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export function DescriptionList({ items }: { items: [string, Child][] }): Html {
  return (
    <dl class="ecl-description-list ecl-description-list--horizontal">
      {items.map(([term, definition]) => (
        <div class="jh-dl-row">
          <dt class="ecl-description-list__term">{term}</dt>
          <dd class="ecl-description-list__definition">{definition}</dd>
        </div>
      ))}
    </dl>
  );
}
