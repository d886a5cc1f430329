import { h, type Html } from './jsx.js';
import type { PageContext } from './page-context.js';

const ECL_ICONS = '/assets/ecl/images/icons/sprites/icons.svg';

/**
 * The site's search box, as ECL's search form template renders it: one text input and a
 * search button whose label the icon accompanies. `id` tells two boxes on one page apart;
 * `formId` names the form when a toggle opens it (the header's, on a phone).
 */
export function SiteSearchForm({
  ctx,
  id,
  value,
  className,
  formId,
}: {
  ctx: PageContext;
  id: string;
  value?: string | undefined;
  className?: string;
  formId?: string;
}): Html {
  const { t } = ctx;
  return (
    <form
      class={className ? `ecl-search-form ${className}` : 'ecl-search-form'}
      id={formId}
      role="search"
      method="get"
      action="/search"
      data-ecl-search-form={formId ? true : undefined}
    >
      <div class="ecl-form-group">
        <label class="ecl-form-label ecl-search-form__label" for={id}>
          {t('search.label')}
        </label>
        <input
          id={id}
          name="q"
          class="ecl-text-input ecl-text-input--m ecl-search-form__text-input"
          type="search"
          value={value}
          maxlength={200}
          required
        />
      </div>
      <button
        class="ecl-button ecl-button--search ecl-search-form__button"
        type="submit"
        aria-label={t('search.submit')}
      >
        <span class="ecl-button__container">
          <span class="ecl-button__label" data-ecl-label="true">
            {t('search.submit')}
          </span>
          <svg
            class="ecl-icon ecl-icon--xs ecl-button__icon ecl-button__icon--after"
            focusable="false"
            aria-hidden="true"
            data-ecl-icon=""
          >
            <use xlink:href={`${ECL_ICONS}#search`}></use>
          </svg>
        </span>
      </button>
    </form>
  );
}
