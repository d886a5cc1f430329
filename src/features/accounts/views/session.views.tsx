import { h, type Html } from '../../../app/html/jsx.js';
import { CsrfField, Table, type Column } from '../../../app/html/components.js';
import { formatDateTime } from '../../../app/i18n/format.js';
import type { PageContext } from '../../../app/html/page-context.js';
import type { SessionView } from '../account-sessions.js';

const BROWSERS: [RegExp, string][] = [
  [/Edg\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[^ ]* .*Safari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/**
 * "Firefox 140 on Windows": enough for a person to recognise their own device. A user agent that
 * names no known browser (a script, a command-line client) is shown as it came, cut short.
 */
export function describeUserAgent(userAgent: string): string {
  const browser = BROWSERS.map(([pattern, name]) => {
    const version = pattern.exec(userAgent)?.[1];
    return version === undefined ? null : `${name} ${version}`;
  }).find((found) => found !== null);
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser) return system ? `${browser} on ${system}` : browser;
  return userAgent.trim() === '' ? '' : userAgent.slice(0, 60);
}

/** The user's live sessions, each with a way to sign it out; the current one is marked. */
export function SessionTable({
  ctx,
  sessions,
}: {
  ctx: PageContext;
  sessions: SessionView[];
}): Html {
  const { t } = ctx;
  const columns: Column<SessionView>[] = [
    {
      header: t('account.sessionDevice'),
      cell: (session) => (
        <span>
          {describeUserAgent(session.userAgent) || t('account.sessionUnknownDevice')}
          {session.current ? (
            <span class="ecl-label ecl-label--low ecl-u-ml-xs">{t('account.sessionCurrent')}</span>
          ) : null}
        </span>
      ),
    },
    { header: t('account.sessionIp'), cell: (session) => session.ip },
    {
      header: t('account.sessionStarted'),
      cell: (session) => (
        <time datetime={session.startedAt}>{formatDateTime(ctx.locale, session.startedAt)}</time>
      ),
    },
    {
      header: t('account.sessionLastSeen'),
      cell: (session) => (
        <time datetime={session.lastSeenAt}>{formatDateTime(ctx.locale, session.lastSeenAt)}</time>
      ),
    },
    {
      header: t('common.actions'),
      cell: (session) =>
        session.current ? null : (
          <form method="post" action={`/account/sessions/${session.id}/end`} class="jh-inline-form">
            <CsrfField ctx={ctx} />
            <button
              type="submit"
              class="ecl-button ecl-button--secondary"
              aria-label={t('account.sessionEndNamed', {
                device: describeUserAgent(session.userAgent) || session.ip,
              })}
            >
              {t('account.sessionEnd')}
            </button>
          </form>
        ),
    },
  ];
  return <Table ctx={ctx} caption={t('account.sessionsTitle')} columns={columns} rows={sessions} />;
}

/** Signing out of the other sessions, or of every one including this. */
export function EndSessionsForms({ ctx, others }: { ctx: PageContext; others: number }): Html {
  const { t } = ctx;
  return (
    <div class="jh-actions">
      {others > 0 ? (
        <form method="post" action="/account/sessions/end-others" class="jh-inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="ecl-button ecl-button--secondary">
            {t('account.sessionEndOthers', { count: others })}
          </button>
        </form>
      ) : null}
      <form method="post" action="/account/sessions/end-all" class="jh-inline-form">
        <CsrfField ctx={ctx} />
        <button type="submit" class="ecl-button ecl-button--secondary">
          {t('account.sessionEndAll')}
        </button>
      </form>
    </div>
  );
}
