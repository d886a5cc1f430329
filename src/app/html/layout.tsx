import { h, type Child, type Html } from './jsx.js';
import type { PageContext } from './page-context.js';
import type { MessageKey } from '../i18n/i18n.js';
import { SiteSearchForm } from './search-form.js';
import { intlLocaleOf } from '../i18n/format.js';
import { Breadcrumb, LanguageSelector, Menu, type Crumb } from './site-navigation.js';

const ASSETS = '/assets/ecl';

interface NavItem {
  href: string;
  label: MessageKey;
  adminOnly?: boolean;
}

const navigation: NavItem[] = [
  { href: '/', label: 'nav.home' },
  { href: '/agencies', label: 'nav.agencies' },
  { href: '/bodies', label: 'nav.bodies' },
  { href: '/priorities', label: 'nav.priorities' },
  { href: '/scorecard', label: 'nav.scorecard' },
  { href: '/meetings', label: 'nav.meetings' },
  { href: '/documents', label: 'nav.documents' },
  { href: '/reports', label: 'nav.reports' },
  { href: '/chairs', label: 'nav.chairs' },
  { href: '/users', label: 'nav.users', adminOnly: true },
  { href: '/audit', label: 'nav.audit', adminOnly: true },
  { href: '/api/docs', label: 'nav.apiDocs' },
];

function isCurrent(path: string, href: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

/** The way to the notifications, with how many are unread when the page counted them. */
function NotificationsLink({ ctx }: { ctx: PageContext }): Html {
  const { t } = ctx;
  const unread = ctx.unreadNotifications ?? 0;
  return (
    <a
      class="ecl-link jh-notifications-link"
      href="/notifications"
      aria-current={ctx.path === '/notifications' ? 'page' : undefined}
    >
      {t('nav.notifications')}
      {unread > 0 ? (
        <span class="ecl-label ecl-label--highlight jh-notifications-link__count">
          <span aria-hidden="true">{String(unread)}</span>
          <span class="ecl-u-sr-only">{t('nav.notificationsUnread', { count: unread })}</span>
        </span>
      ) : null}
    </a>
  );
}

function Header({ ctx }: { ctx: PageContext }): Html {
  const { t, actor } = ctx;
  return (
    <header
      class={`ecl-site-header${actor ? ' ecl-site-header--has-menu' : ''}`}
      data-ecl-auto-init="SiteHeader"
    >
      <div class="ecl-site-header__header">
        <div class="ecl-site-header__container ecl-container">
          <div class="ecl-site-header__top">
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
              <LanguageSelector ctx={ctx} />
              {actor ? (
                <SiteSearchForm ctx={ctx} id="site-search" className="jh-header-search" />
              ) : null}
              {actor ? (
                <div class="jh-user">
                  <span class="ecl-u-type-s jh-user__name">
                    {t('nav.signedInAs', {
                      name: actor.name,
                      organisation: actor.organisationAcronym,
                    })}
                  </span>{' '}
                  <NotificationsLink ctx={ctx} />{' '}
                  <a class="ecl-link" href="/account">
                    {t('nav.account')}
                  </a>{' '}
                  <form method="post" action="/logout" class="jh-inline-form">
                    <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                    <button type="submit" class="ecl-button ecl-button--ghost">
                      {t('nav.signOut')}
                    </button>
                  </form>
                </div>
              ) : (
                <a class="ecl-link ecl-link--standalone" href="/login">
                  {t('nav.signIn')}
                </a>
              )}
            </div>
          </div>
        </div>
      </div>
      <div class="ecl-site-header__banner">
        <div class="ecl-container">
          <p class="ecl-site-header__site-name">{t('site.name')}</p>
        </div>
      </div>
      {actor ? (
        <Menu
          ctx={ctx}
          links={navigation
            .filter((item) => !item.adminOnly || actor.role === 'admin')
            .map((item) => ({
              href: item.href,
              label: t(item.label),
              current: isCurrent(ctx.path, item.href),
            }))}
        />
      ) : null}
    </header>
  );
}

function Footer({ ctx }: { ctx: PageContext }): Html {
  const { t } = ctx;
  return (
    <footer class="ecl-site-footer">
      <div class="ecl-container ecl-site-footer__container">
        <p class="ecl-site-footer__description">{t('footer.about')}</p>
        <ul class="jh-footer__links">
          <li>
            <a class="ecl-link ecl-link--standalone ecl-link--inverted" href="/privacy">
              {t('footer.privacy')}
            </a>
          </li>
          <li>
            <a class="ecl-link ecl-link--standalone ecl-link--inverted" href="/accessibility">
              {t('footer.accessibility')}
            </a>
          </li>
          <li>
            <a class="ecl-link ecl-link--standalone ecl-link--inverted" href="/legal-notice">
              {t('footer.legal')}
            </a>
          </li>
        </ul>
      </div>
    </footer>
  );
}

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  /** Shown above the content, for example a marking banner or a saved message. */
  notices?: Child;
  /**
   * The pages between home and this one, when the page is deeper than its menu section (for
   * example a meeting's agenda); by default the section the address belongs to.
   */
  breadcrumbs?: readonly Crumb[];
  children?: Child;
}

/** The way from home to a page: home, then the menu section its address is in, if not home. */
function defaultTrail(ctx: PageContext): Crumb[] {
  const home = { href: '/', label: ctx.t('nav.home') };
  const section = navigation.find(
    (item) => item.href !== '/' && ctx.path !== item.href && isCurrent(ctx.path, item.href),
  );
  return section ? [home, { href: section.href, label: ctx.t(section.label) }] : [home];
}

export function Layout({ ctx, title, notices, breadcrumbs, children }: LayoutProps): Html {
  const { t } = ctx;
  return (
    <html lang={ctx.locale} class="no-js" data-intl-locale={intlLocaleOf(ctx.locale)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} - ${t('site.name')}`}</title>
        <link rel="stylesheet" href={`${ASSETS}/styles/optional/ecl-reset.css`} />
        <link rel="stylesheet" href={`${ASSETS}/styles/ecl-eu.css`} />
        <link rel="stylesheet" href={`${ASSETS}/styles/optional/ecl-eu-utilities.css`} />
        <link rel="stylesheet" href={`${ASSETS}/styles/ecl-eu-print.css`} media="print" />
        <link rel="stylesheet" href="/assets/jhanet.css" />
      </head>
      <body class="ecl-typography">
        <a class="ecl-skip-link" href="#main-content">
          {t('site.skipToContent')}
        </a>
        <Header ctx={ctx} />
        <main id="main-content" class="ecl-container jh-main">
          {ctx.path === '/' ? null : (
            <Breadcrumb
              ctx={ctx}
              trail={
                breadcrumbs
                  ? [{ href: '/', label: t('nav.home') }, ...breadcrumbs]
                  : defaultTrail(ctx)
              }
              current={title}
            />
          )}
          {notices}
          <h1 class="ecl-page-header__title ecl-u-mb-l">{title}</h1>
          {children}
        </main>
        <Footer ctx={ctx} />
        <script defer src="/assets/vendor/pikaday.js"></script>
        <script defer src={`${ASSETS}/scripts/ecl-eu.js`}></script>
        <script defer src="/assets/page.js"></script>
      </body>
    </html>
  );
}
