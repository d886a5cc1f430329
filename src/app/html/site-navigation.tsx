import { h, type Html } from './jsx.js';
import type { PageContext } from './page-context.js';
import { supportedLocales } from '../i18n/i18n.js';

/** ECL's icon sprite, served from the installed package like its styles. */
export const ECL_ICON_SPRITE = '/assets/ecl/images/icons/sprites/icons.svg';

export function EclIcon({
  name,
  size,
  extraClass,
  transform,
}: {
  name: string;
  size: '2xs' | 'xs' | 's' | 'm';
  extraClass?: string;
  transform?: 'rotate-90' | 'rotate-180' | 'rotate-270';
}): Html {
  const classes = ['ecl-icon', `ecl-icon--${size}`, transform ? `ecl-icon--${transform}` : '']
    .concat(extraClass ?? '')
    .filter((c) => c !== '');
  return (
    <svg class={classes.join(' ')} focusable="false" aria-hidden="true">
      <use xlink:href={`${ECL_ICON_SPRITE}#${name}`}></use>
    </svg>
  );
}

export interface MenuLink {
  href: string;
  label: string;
  current: boolean;
  /** Sub-items: on a wide screen a panel under the item, on a phone a list behind its caret. */
  children?: readonly MenuLink[];
}

/**
 * An item with sub-items as ECL 4's menu template renders one: its own link, the caret that
 * opens the sub-items, and their panel. Without scripts the panel stays hidden and the item's
 * own page lists them.
 */
function MenuItemWithChildren({
  ctx,
  link,
  id,
  items,
}: {
  ctx: PageContext;
  link: MenuLink;
  id: string;
  items: readonly MenuLink[];
}): Html {
  return (
    <li
      class={`ecl-menu__item ecl-menu__item--has-children${link.current ? ' ecl-menu__item--current' : ''}`}
      data-ecl-menu-item
      data-ecl-has-children
      aria-haspopup="true"
      aria-expanded="false"
      id={id}
    >
      <a
        href={link.href}
        class={`ecl-link ecl-link--standalone ecl-menu__link${link.current ? ' ecl-menu__link--current' : ''}`}
        data-ecl-menu-link
        id={`${id}-link`}
      >
        {link.label}
      </a>
      <button
        class="ecl-button ecl-button--ghost ecl-menu__button-caret"
        type="button"
        data-ecl-menu-caret
        aria-label={ctx.t('nav.subItems', { label: link.label })}
        aria-describedby={`${id}-link`}
        aria-expanded="false"
      >
        <span class="ecl-button__container">
          <EclIcon
            name="corner-arrow"
            size="xs"
            transform="rotate-180"
            extraClass="ecl-button__icon"
          />
        </span>
      </button>
      <div class="ecl-menu__mega" data-ecl-menu-mega>
        <ul class="ecl-menu__sublist">
          {items.map((child) => (
            <li
              class={`ecl-menu__subitem${child.current ? ' ecl-menu__subitem--current' : ''}`}
              data-ecl-menu-subitem
            >
              <a
                href={child.href}
                class={`ecl-link ecl-link--standalone ecl-menu__sublink${child.current ? ' ecl-menu__sublink--current' : ''}`}
                aria-current={child.current ? 'page' : undefined}
              >
                {child.label}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </li>
  );
}

/**
 * ECL 4's menu as its template renders it: a row of links on a wide screen, behind a button on a
 * narrow one (ECL's script moves between the two). Without the script it stays a list of links.
 */
export function Menu({ ctx, links }: { ctx: PageContext; links: readonly MenuLink[] }): Html {
  const { t } = ctx;
  return (
    <nav
      class="ecl-menu"
      data-ecl-menu
      data-ecl-menu-max-lines="2"
      data-ecl-auto-init="Menu"
      data-ecl-menu-label-open={t('nav.menu')}
      data-ecl-menu-label-close={t('nav.close')}
      aria-expanded="false"
      aria-label={t('nav.main')}
    >
      <div class="ecl-menu__overlay"></div>
      <div class="ecl-container ecl-menu__container">
        <button
          class="ecl-button ecl-button--tertiary ecl-menu__open"
          type="button"
          data-ecl-menu-open
          aria-expanded="false"
        >
          <span class="ecl-button__container">
            <EclIcon name="hamburger" size="s" extraClass="ecl-button__icon" />
            <EclIcon name="close" size="s" extraClass="ecl-button__icon" />
            <span class="ecl-button__label" data-ecl-label="true">
              {t('nav.menu')}
            </span>
          </span>
        </button>
        <section class="ecl-menu__inner" data-ecl-menu-inner aria-label={t('nav.menu')}>
          <header class="ecl-menu__inner-header">
            <button
              class="ecl-button ecl-button--ghost ecl-menu__close"
              type="button"
              data-ecl-menu-close
            >
              <span class="ecl-button__container">
                <span class="ecl-button__label" data-ecl-label="true">
                  {t('nav.close')}
                </span>
                <EclIcon name="close-filled" size="s" extraClass="ecl-button__icon" />
              </span>
            </button>
            <div class="ecl-menu__title">{t('nav.menu')}</div>
            <button
              class="ecl-button ecl-button--ghost ecl-menu__back"
              type="button"
              data-ecl-menu-back
            >
              <span class="ecl-button__container">
                <EclIcon
                  name="corner-arrow"
                  size="xs"
                  transform="rotate-270"
                  extraClass="ecl-button__icon"
                />
                <span class="ecl-button__label" data-ecl-label="true">
                  {t('nav.back')}
                </span>
              </span>
            </button>
          </header>
          <button
            class="ecl-button ecl-button--ghost ecl-menu__item ecl-menu__items-previous"
            type="button"
            data-ecl-menu-items-previous
            tabindex="-1"
          >
            <span class="ecl-button__container">
              <EclIcon
                name="corner-arrow"
                size="s"
                transform="rotate-270"
                extraClass="ecl-button__icon"
              />
              <span class="ecl-u-sr-only">{t('nav.previousItems')}</span>
            </span>
          </button>
          <button
            class="ecl-button ecl-button--ghost ecl-menu__item ecl-menu__items-next"
            type="button"
            data-ecl-menu-items-next
            tabindex="-1"
          >
            <span class="ecl-button__container">
              <EclIcon
                name="corner-arrow"
                size="s"
                transform="rotate-90"
                extraClass="ecl-button__icon"
              />
              <span class="ecl-u-sr-only">{t('nav.nextItems')}</span>
            </span>
          </button>
          <ul class="ecl-menu__list" data-ecl-menu-list>
            {links.map((link, index) =>
              link.children ? (
                <MenuItemWithChildren
                  ctx={ctx}
                  link={link}
                  id={`ecl-menu-item-${String(index)}`}
                  items={link.children}
                />
              ) : (
                <li
                  class={`ecl-menu__item${link.current ? ' ecl-menu__item--current' : ''}`}
                  data-ecl-menu-item
                  id={`ecl-menu-item-${String(index)}`}
                >
                  <a
                    href={link.href}
                    class={`ecl-link ecl-link--standalone ecl-menu__link${link.current ? ' ecl-menu__link--current' : ''}`}
                    data-ecl-menu-link
                    id={`ecl-menu-item-${String(index)}-link`}
                    aria-current={link.current ? 'page' : undefined}
                  >
                    {link.label}
                  </a>
                </li>
              ),
            )}
          </ul>
        </section>
      </div>
    </nav>
  );
}

/** Each language's name in itself, by code: making an Intl.DisplayNames costs more than a page's query. */
const languageNames = new Map<string, string>();

function languageName(code: string): string {
  let name = languageNames.get(code);
  if (name === undefined) {
    name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
    languageNames.set(code, name);
  }
  return name;
}

/**
 * ECL's language selector in the site header: the current language, and the list of languages
 * the catalogue has. A signed-in user keeps a language on the account page, where the others lead.
 */
export function LanguageSelector({ ctx }: { ctx: PageContext }): Html {
  const { t, locale } = ctx;
  const current = languageName(locale);
  return (
    <div class="ecl-site-header__language">
      <a
        class="ecl-link ecl-link--standalone ecl-site-header__language-selector"
        href="#language-list-overlay"
        data-ecl-language-selector
        role="button"
        aria-controls="language-list-overlay"
        aria-expanded="false"
      >
        <span class="ecl-site-header__language-icon">
          <EclIcon name="global" size="s" extraClass="ecl-site-header__icon" />
        </span>
        {locale.toUpperCase()}
        <span class="ecl-u-sr-only">{` ${t('language.change', { language: current })}`}</span>
      </a>
      <div
        class="ecl-site-header__language-container"
        id="language-list-overlay"
        hidden
        data-ecl-language-list-overlay
        aria-labelledby="jh-language-title"
        role="dialog"
      >
        <div class="ecl-site-header__language-header">
          <div class="ecl-site-header__language-title" id="jh-language-title">
            {t('language.select')}
          </div>
          <button
            class="ecl-button ecl-button--tertiary ecl-site-header__language-close"
            type="button"
            data-ecl-language-list-close
          >
            <span class="ecl-button__container">
              <span class="ecl-u-sr-only">{t('nav.close')}</span>
              <EclIcon name="close" size="m" extraClass="ecl-button__icon" />
            </span>
          </button>
        </div>
        <div class="ecl-site-header__language-content" data-ecl-language-list-content>
          <div class="ecl-site-header__language-category" data-ecl-language-list-eu>
            <ul class="ecl-site-header__language-list">
              {supportedLocales.map((code) => {
                const active = code === locale;
                return (
                  <li class="ecl-site-header__language-item">
                    <a
                      href={active ? ctx.path : ctx.actor ? '/account#field-locale' : ctx.path}
                      class={`ecl-link ecl-link--standalone ecl-link--no-visited ecl-site-header__language-link${active ? ' ecl-site-header__language-link--active' : ''}`}
                      hreflang={code}
                      aria-current={active ? 'true' : undefined}
                    >
                      <span class="ecl-site-header__language-link-code">{code}</span>
                      <span class="ecl-site-header__language-link-label" lang={code}>
                        {languageName(code)}
                      </span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </div>
        </div>
      </div>
    </div>
  );
}

export interface Crumb {
  href: string;
  label: string;
}

/** ECL's breadcrumb: the way from home to this page, the page itself last and not a link. */
export function Breadcrumb({
  ctx,
  trail,
  current,
}: {
  ctx: PageContext;
  trail: readonly Crumb[];
  current: string;
}): Html {
  return (
    <nav class="ecl-breadcrumb ecl-u-mb-m" aria-label={ctx.t('nav.breadcrumb')}>
      <ol class="ecl-breadcrumb__container">
        {trail.map((crumb) => (
          <li class="ecl-breadcrumb__segment" data-ecl-breadcrumb-item="static">
            <a
              href={crumb.href}
              class="ecl-link ecl-link--standalone ecl-link--no-visited ecl-breadcrumb__link"
            >
              {crumb.label}
            </a>
            <EclIcon
              name="corner-arrow"
              size="2xs"
              transform="rotate-90"
              extraClass="ecl-breadcrumb__icon"
            />
          </li>
        ))}
        <li
          class="ecl-breadcrumb__segment ecl-breadcrumb__current-page"
          data-ecl-breadcrumb-item="static"
          aria-current="page"
        >
          {current}
        </li>
      </ol>
    </nav>
  );
}
