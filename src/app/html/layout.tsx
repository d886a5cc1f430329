import { h, type Child, type Html } from './jsx.js';
import type { PageContext } from './page-context.js';
import type { MessageKey } from '../i18n/i18n.js';
import { SiteHeader } from './site-header.js';
import { intlLocaleOf } from '../i18n/format.js';
import { Breadcrumb, type Crumb, type MenuLink } from './site-navigation.js';

const ASSETS = '/assets/ecl';

interface NavItem {
  href: string;
  label: MessageKey;
  adminOnly?: boolean;
  /** Sections shown under this one: ECL's menu opens them from the item, on a phone too. */
  children?: readonly NavItem[];
}

/**
 * The shared registers are one entry with sub-items, so that the row of sections fits a laptop's
 * width for the secretariat; `/registers` lists them for a browser without scripts.
 */
const registers: NavItem = {
  href: '/registers',
  label: 'nav.registers',
  children: [
    { href: '/products', label: 'nav.products' },
    { href: '/toolboxes', label: 'nav.toolboxes' },
    { href: '/training', label: 'nav.training' },
  ],
};

const navigation: NavItem[] = [
  { href: '/', label: 'nav.home' },
  { href: '/agencies', label: 'nav.agencies' },
  { href: '/bodies', label: 'nav.bodies' },
  { href: '/priorities', label: 'nav.priorities' },
  { href: '/scorecard', label: 'nav.scorecard' },
  { href: '/meetings', label: 'nav.meetings' },
  { href: '/documents', label: 'nav.documents' },
  registers,
  { href: '/reports', label: 'nav.reports' },
  { href: '/chairs', label: 'nav.chairs' },
  { href: '/users', label: 'nav.users', adminOnly: true },
  { href: '/audit', label: 'nav.audit', adminOnly: true },
  { href: '/api/docs', label: 'nav.apiDocs' },
];

function isCurrent(path: string, href: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

/** An item is current when its page or one of its sub-items' pages is shown. */
function isCurrentItem(path: string, item: NavItem): boolean {
  return (
    isCurrent(path, item.href) || (item.children ?? []).some((child) => isCurrent(path, child.href))
  );
}

function menuOf(ctx: PageContext): MenuLink[] {
  const linkOf = (item: NavItem): MenuLink => ({
    href: item.href,
    label: ctx.t(item.label),
    current: isCurrentItem(ctx.path, item),
    ...(item.children ? { children: item.children.map(linkOf) } : {}),
  });
  return navigation.filter((item) => !item.adminOnly || ctx.actor?.role === 'admin').map(linkOf);
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

/**
 * The way from home to a page: home, then the menu section its address is in, if not home, by
 * way of the entry the section is a sub-item of.
 */
function defaultTrail(ctx: PageContext): Crumb[] {
  const trail = [{ href: '/', label: ctx.t('nav.home') }];
  const above = (item: NavItem) => item.href !== '/' && ctx.path !== item.href;
  const section = navigation.find((item) => above(item) && isCurrentItem(ctx.path, item));
  if (!section) return trail;
  trail.push({ href: section.href, label: ctx.t(section.label) });
  const sub = section.children?.find((child) => above(child) && isCurrent(ctx.path, child.href));
  if (sub) trail.push({ href: sub.href, label: ctx.t(sub.label) });
  return trail;
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
        <SiteHeader ctx={ctx} menu={menuOf(ctx)} />
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
