import { h, type Html } from './jsx.js';
import type { PageContext } from './page-context.js';
import { SiteSearchForm } from './search-form.js';
import { EclIcon, LanguageSelector, Menu, type MenuLink } from './site-navigation.js';

const ASSETS = '/assets/ecl';
const LOGIN_BOX = 'jh-login-box';
const HEADER_SEARCH = 'jh-header-search-form';

/**
 * The way to the notifications, with how many are unread when the page counted them. On a phone
 * the bell and the count stand for the word, which stays for screen readers.
 */
function NotificationsLink({ ctx }: { ctx: PageContext }): Html {
  const { t } = ctx;
  const unread = ctx.unreadNotifications ?? 0;
  return (
    <a
      class="ecl-link ecl-link--standalone jh-notifications-link"
      href="/notifications"
      aria-current={ctx.path === '/notifications' ? 'page' : undefined}
    >
      <EclIcon
        name={unread > 0 ? 'notification-active' : 'notification'}
        size="s"
        extraClass="jh-notifications-link__icon"
      />
      <span class="jh-notifications-link__label">{t('nav.notifications')}</span>
      {unread > 0 ? (
        <span class="ecl-label ecl-label--highlight jh-notifications-link__count">
          <span aria-hidden="true">{String(unread)}</span>
          <span class="ecl-u-sr-only">{t('nav.notificationsUnread', { count: unread })}</span>
        </span>
      ) : null}
    </a>
  );
}

/**
 * ECL's login box: a toggle that says who is signed in, opening on the account links and the
 * sign-out button. Without a script the toggle is a plain link to the account page.
 */
function LoginBox({ ctx }: { ctx: PageContext }): Html | null {
  const { t, actor } = ctx;
  if (!actor) return null;
  return (
    <div class="ecl-site-header__login-container">
      <a
        class="ecl-link ecl-link--standalone ecl-site-header__login-toggle"
        href="/account"
        data-ecl-login-toggle
        aria-label={t('nav.signedInAs', {
          name: actor.name,
          organisation: actor.organisationAcronym,
        })}
        aria-controls={LOGIN_BOX}
        aria-expanded="false"
      >
        <EclIcon name="logged-in" size="s" extraClass="ecl-site-header__icon" />
        <span class="ecl-link__label">{actor.name}</span>
      </a>
      <div id={LOGIN_BOX} class="ecl-site-header__login-box" data-ecl-login-box>
        <p class="ecl-site-header__login-description">
          {t('nav.signedInAs', { name: actor.name, organisation: actor.organisationAcronym })}
        </p>
        <hr class="ecl-site-header__login-separator" />
        <ul class="jh-login-links">
          <li>
            <a class="ecl-link ecl-link--standalone" href="/account">
              {t('nav.account')}
            </a>
          </li>
          <li>
            <form method="post" action="/logout" class="jh-inline-form">
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <button type="submit" class="ecl-button ecl-button--secondary">
                {t('nav.signOut')}
              </button>
            </form>
          </li>
        </ul>
      </div>
    </div>
  );
}

/** ECL's header search: always shown on a desk, behind a toggle on a phone; the toggle is a link
 * to the search page when no script runs. */
function HeaderSearch({ ctx }: { ctx: PageContext }): Html {
  const { t } = ctx;
  return (
    <div class="ecl-site-header__search-container" role="search">
      <a
        class="ecl-link ecl-link--standalone ecl-site-header__search-toggle"
        href="/search"
        data-ecl-search-toggle="true"
        aria-label={t('search.submit')}
        aria-controls={HEADER_SEARCH}
        aria-expanded="false"
      >
        <EclIcon name="search" size="s" extraClass="ecl-site-header__icon" />
        <span class="ecl-link__label">{t('search.submit')}</span>
      </a>
      <SiteSearchForm
        ctx={ctx}
        id="site-search"
        formId={HEADER_SEARCH}
        className="ecl-site-header__search"
      />
    </div>
  );
}

/** The site header: logo, language, notifications, who is signed in, search, site name, menu. */
export function SiteHeader({ ctx, menu }: { ctx: PageContext; menu: readonly MenuLink[] }): Html {
  const { t, actor } = ctx;
  return (
    <header
      class={`ecl-site-header${actor ? ' ecl-site-header--has-menu' : ''}`}
      data-ecl-auto-init="SiteHeader"
    >
      <div class="ecl-site-header__header">
        <div class="ecl-site-header__container ecl-container">
          <div class="ecl-site-header__top" data-ecl-site-header-top>
            <a class="ecl-link ecl-link--standalone ecl-site-header__logo-link" href="/">
              <img
                class="ecl-site-header__logo-image"
                src={`${ASSETS}/images/logo/standard-version/positive/logo-eu--en.svg`}
                alt={t('site.logoAlt')}
                width="230"
                height="48"
              />
            </a>
            <div class="ecl-site-header__action">
              {actor ? (
                <NotificationsLink ctx={ctx} />
              ) : ctx.signingIn ? null : (
                <a class="ecl-link ecl-link--standalone" href="/login">
                  {t('nav.signIn')}
                </a>
              )}
              <LoginBox ctx={ctx} />
              <LanguageSelector ctx={ctx} />
              {actor ? <HeaderSearch ctx={ctx} /> : null}
            </div>
          </div>
        </div>
      </div>
      <div class="ecl-site-header__banner">
        <div class="ecl-container">
          <p class="ecl-site-header__site-name">{t('site.name')}</p>
        </div>
      </div>
      {actor ? <Menu ctx={ctx} links={menu} /> : null}
    </header>
  );
}
