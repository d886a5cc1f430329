import { nameOnDateLabel } from '../../network/names-on-date.js';
import { Type } from 'typebox';
import { requireActor, type Actor } from '../../../app/access.js';
import { h, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import { Button, Pagination, SelectField, Table, urlWith } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { PageQuery, oneOf } from '../../../app/http.js';
import { meetingKinds } from '../../../db/schema.js';
import { spokenMonth } from '../meeting-time.js';
import { meetingsPolicy } from '../meetings.policy.js';
import type { MeetingSummary } from '../meetings.service.js';
import { MonthGrid, shiftMonth } from '../views/month-grid.js';
import {
  kindLabel,
  meetingHref,
  MeetingViews,
  placeText,
  StatusTag,
  When,
} from '../views/parts.js';
import { page, type PagesApp } from './kit.js';

const FIRST_YEAR = 2017;

const ListQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })),
    kind: Type.Optional(oneOf(meetingKinds)),
    ...PageQuery,
  },
  { additionalProperties: false },
);

/** A month by its address ("2017-02"), or by the year and month chosen in the jump form. */
const MonthQuery = Type.Object(
  {
    month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
    year: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })),
    monthNumber: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
  },
  { additionalProperties: false },
);

const PAGE_SIZE = 25;

/** The years a person may pick: from the network's first on the platform to two years ahead. */
function yearChoices(): number[] {
  return Array.from(
    { length: new Date().getUTCFullYear() + 2 - FIRST_YEAR + 1 },
    (_, i) => FIRST_YEAR + i,
  );
}

/**
 * The month the calendar opens on from the list: the first of the year chosen, or, for this
 * year or none, the calendar's own choice (the month of the next meeting).
 */
function openingMonth(year: number | undefined): string | undefined {
  return year === undefined || year === new Date().getUTCFullYear() ? undefined : `${year}-01`;
}

/** The title, linked, and where it takes place. */
function What({ meeting }: { meeting: MeetingSummary }): Html {
  return (
    <span>
      <a class="ecl-link" href={meetingHref(meeting.id)}>
        {meeting.title}
      </a>
      <span class="jh-block">{placeText(meeting)}</span>
    </span>
  );
}

function MonthJump({ ctx, month }: { ctx: PageContext; month: string }): Html {
  const { t } = ctx;
  return (
    <form method="get" action="/meetings/calendar" class="ecl-u-mb-l">
      <fieldset class="jh-fieldset">
        <legend class="ecl-form-label">{t('meetings.jumpTo')}</legend>
        <div class="jh-filters">
          <SelectField
            name="monthNumber"
            label={t('meetings.jumpMonth')}
            value={String(Number(month.slice(5)))}
            options={Array.from({ length: 12 }, (_, i) => ({
              value: String(i + 1),
              label: spokenMonth(ctx.locale, `2001-${String(i + 1).padStart(2, '0')}`).replace(
                / \d+$/,
                '',
              ),
            }))}
          />
          <SelectField
            name="year"
            label={t('meetings.jumpYear')}
            value={month.slice(0, 4)}
            options={yearChoices().map((y) => ({ value: String(y), label: String(y) }))}
          />
          <div class="ecl-form-group ecl-u-mb-l">
            <Button variant="secondary">{t('meetings.jumpSubmit')}</Button>
          </div>
        </div>
      </fieldset>
    </form>
  );
}

export async function meetingListPages(app: PagesApp): Promise<void> {
  const { meetings } = app.services;
  const canCreate = (actor: Actor | null) => meetingsPolicy.create.allows(actor);

  app.get(
    '/meetings',
    { schema: { querystring: ListQuery }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(ctx.actor);
      const { year, kind, page: pageNumber, pageSize } = request.query;
      const size = Math.min(pageSize, PAGE_SIZE);
      const result = await meetings.list(actor, {
        from: year ? `${year}-01-01T00:00:00.000Z` : undefined,
        until: year ? `${year + 1}-01-01T00:00:00.000Z` : undefined,
        kind,
        sort: 'upcoming',
        direction: 'asc',
        page: pageNumber,
        pageSize: size,
      });
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('meetings.title')}>
          <p class="ecl-u-type-paragraph">{t('meetings.intro')}</p>
          <MeetingViews
            ctx={ctx}
            canCreate={canCreate(actor)}
            current="/meetings"
            year={year}
            kind={kind}
            month={openingMonth(year)}
          />
          <form method="get" action="/meetings" role="search" class="ecl-u-mb-l">
            <div class="jh-filters">
              <SelectField
                name="year"
                label={t('meetings.year')}
                value={year ? String(year) : ''}
                options={[
                  { value: '', label: t('meetings.anyYear') },
                  ...yearChoices().map((y) => ({ value: String(y), label: String(y) })),
                ]}
              />
              <SelectField
                name="kind"
                label={t('meetings.kind')}
                value={kind ?? ''}
                options={[
                  { value: '', label: t('meetings.anyKind') },
                  ...meetingKinds.map((k) => ({ value: k, label: kindLabel(ctx, k) })),
                ]}
              />
            </div>
            <div class="jh-actions">
              <Button>{t('common.filter')}</Button>
              <a class="ecl-link ecl-link--standalone" href="/meetings">
                {t('common.reset')}
              </a>
            </div>
          </form>
          <p class="ecl-u-type-paragraph" role="status">
            {t('common.resultCount', { count: result.total })}
          </p>
          <Table
            ctx={ctx}
            caption={t('meetings.upcomingCaption')}
            rows={result.items}
            columns={[
              { header: t('meetings.when'), cell: (m) => <When ctx={ctx} meeting={m} /> },
              { header: t('meetings.what'), cell: (m) => <What meeting={m} /> },
              { header: t('meetings.kind'), cell: (m) => kindLabel(ctx, m.kind) },
              {
                header: t('meetings.host'),
                cell: (m) =>
                  nameOnDateLabel(t, {
                    acronym: m.hostAcronym,
                    acronymOnDate: m.hostAcronymOnDate,
                  }),
              },
              { header: t('meetings.status'), cell: (m) => <StatusTag ctx={ctx} meeting={m} /> },
            ]}
          />
          <Pagination
            ctx={ctx}
            page={result.page}
            pageSize={size}
            total={result.total}
            href={(p) => urlWith('/meetings', { year, kind, page: p })}
          />
        </Layout>,
      );
    },
  );

  /** The month of the next meeting the viewer may see, or this month when none is planned. */
  async function nextMeetingMonth(
    actor: Actor,
  ): Promise<{ month: string; next: MeetingSummary | null }> {
    const upcoming = await meetings.list(actor, {
      from: new Date().toISOString(),
      sort: 'start',
      direction: 'asc',
      page: 1,
      pageSize: 1,
    });
    const next = upcoming.items[0] ?? null;
    return {
      month: next ? next.localStart.slice(0, 7) : new Date().toISOString().slice(0, 7),
      next,
    };
  }

  app.get(
    '/meetings/calendar',
    { schema: { querystring: MonthQuery }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t, locale } = ctx;
      const actor = requireActor(ctx.actor);
      const { year, monthNumber } = request.query;
      const chosen =
        request.query.month ??
        (year !== undefined && monthNumber !== undefined
          ? `${year}-${String(monthNumber).padStart(2, '0')}`
          : undefined);
      const { month: nextMonth, next } = await nextMeetingMonth(actor);
      const month = chosen ?? nextMonth;
      // A day early and late, so a meeting in a zone ahead of or behind UTC is not missed.
      const from = new Date(Date.parse(`${month}-01T00:00:00Z`) - 86_400_000).toISOString();
      const until = new Date(
        Date.parse(`${shiftMonth(month, 1)}-01T00:00:00Z`) + 86_400_000,
      ).toISOString();
      const found = (await meetings.between(actor, from, until)).filter(
        (m) => m.localStart.slice(0, 7) <= month && month <= m.localEnd.slice(0, 7),
      );
      const monthName = spokenMonth(locale, month);
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('meetings.month', { month: monthName })}>
          <MeetingViews
            ctx={ctx}
            canCreate={canCreate(actor)}
            current="/meetings/calendar"
            year={Number(month.slice(0, 4))}
            month={month}
          />
          <nav class="jh-actions" aria-label={t('meetings.monthView')}>
            <a
              class="ecl-link ecl-link--standalone"
              href={urlWith('/meetings/calendar', { month: shiftMonth(month, -1) })}
            >
              {t('meetings.previousMonth')}
            </a>
            <a
              class="ecl-link ecl-link--standalone"
              href={urlWith('/meetings/calendar', { month: shiftMonth(month, 1) })}
            >
              {t('meetings.nextMonth')}
            </a>
            {next && nextMonth !== month ? (
              <a
                class="ecl-link ecl-link--standalone"
                href={urlWith('/meetings/calendar', { month: nextMonth })}
              >
                {t('meetings.nextMeeting')}
              </a>
            ) : null}
          </nav>
          <MonthJump ctx={ctx} month={month} />
          <MonthGrid ctx={ctx} month={month} meetings={found} />
          <h2 class="ecl-u-type-heading-2">{t('meetings.monthMeetings', { month: monthName })}</h2>
          {found.length === 0 ? (
            <p class="ecl-u-type-paragraph jh-empty">
              {t('meetings.monthNone', { month: monthName })}
            </p>
          ) : (
            <ul class="ecl-unordered-list ecl-unordered-list--divider">
              {found.map((m) => (
                <li class="ecl-unordered-list__item">
                  <What meeting={m} />
                  <span class="jh-block">
                    <When ctx={ctx} meeting={m} /> <StatusTag ctx={ctx} meeting={m} />
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p>
            <a
              class="ecl-link ecl-link--standalone"
              href={urlWith('/meetings', { year: month.slice(0, 4) })}
            >
              {t('meetings.monthList')}
            </a>
          </p>
        </Layout>,
      );
    },
  );
}
