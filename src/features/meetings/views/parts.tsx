import { Fragment, h, type Html } from '../../../app/html/jsx.js';
import { Button, CsrfField, LinkButton } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { ViewSwitcher } from '../../../app/html/view-switcher.js';
import type { MeetingKind } from '../../../db/schema.js';
import { spokenSpan } from '../meeting-time.js';
import type { MeetingSummary } from '../meetings.service.js';

export function meetingHref(id: string): string {
  return `/meetings/${id}`;
}

export function kindLabel(ctx: PageContext, kind: MeetingKind): string {
  return ctx.t(`meetings.kind.${kind}`);
}

/** Over: the meeting has ended, whatever its status says. */
export function isHeld(meeting: Pick<MeetingSummary, 'end' | 'status'>, now = new Date()): boolean {
  return meeting.status === 'scheduled' && Date.parse(meeting.end) < now.getTime();
}

/** "Thursday 9 February 2017, 13:00 to Friday 10 February, 13:00 (Lisbon time)" */
export function whenText(ctx: PageContext, meeting: MeetingSummary): string {
  const { start, end, place } = spokenSpan(ctx.locale, meeting);
  return ctx.t('meetings.span', { start, end, place });
}

export function When({ ctx, meeting }: { ctx: PageContext; meeting: MeetingSummary }): Html {
  return <span class="jh-when">{whenText(ctx, meeting)}</span>;
}

/** "EMCDDA premises, Lisbon" */
export function placeText(meeting: Pick<MeetingSummary, 'venue' | 'city'>): string {
  return `${meeting.venue}, ${meeting.city}`;
}

/** Scheduled, held (over) or cancelled. */
export function StatusTag({ ctx, meeting }: { ctx: PageContext; meeting: MeetingSummary }): Html {
  const state = isHeld(meeting) ? 'held' : meeting.status;
  return <span class={`jh-tag jh-tag--${state}`}>{ctx.t(`meetings.status.${state}`)}</span>;
}

/**
 * The meetings as a list or as a month, each keeping the year in view, then what a person does
 * with them: subscribe to the calendar, plan a new meeting.
 */
export function MeetingViews({
  ctx,
  canCreate,
  current,
  year,
  kind,
  month,
}: {
  ctx: PageContext;
  canCreate: boolean;
  current: '/meetings' | '/meetings/calendar';
  /** The year in view: the list's filter, or the year of the month shown. */
  year?: number;
  /** The list's kind of meeting: the month shows every kind. */
  kind?: MeetingKind;
  /** The month the calendar shows, or opens on from the list. */
  month?: string;
}): Html {
  const { t } = ctx;
  return (
    <>
      <ViewSwitcher
        label={t('meetings.views')}
        current={current}
        views={[
          { path: '/meetings', label: t('meetings.listView'), query: { year, kind } },
          { path: '/meetings/calendar', label: t('meetings.monthView'), query: { month } },
        ]}
      />
      <div class="jh-actions">
        <a class="ecl-link ecl-link--standalone" href="/meetings/subscribe">
          {t('meetings.subscribe')}
        </a>
        {canCreate ? <LinkButton href="/meetings/new">{t('meetings.new')}</LinkButton> : null}
      </div>
    </>
  );
}

export function ConfirmForm({
  ctx,
  action,
  message,
  submit,
  back,
}: {
  ctx: PageContext;
  action: string;
  message: string;
  submit: string;
  back: string;
}): Html {
  return (
    <form method="post" action={action}>
      <CsrfField ctx={ctx} />
      <p class="ecl-u-type-paragraph">{message}</p>
      <div class="jh-actions">
        <Button>{submit}</Button>
        <a class="ecl-link ecl-link--standalone" href={back}>
          {ctx.t('common.cancel')}
        </a>
      </div>
    </form>
  );
}

export function PostButton({
  ctx,
  action,
  label,
  variant = 'secondary',
  hidden = {},
}: {
  ctx: PageContext;
  action: string;
  label: string;
  variant?: 'primary' | 'secondary' | 'ghost';
  hidden?: Record<string, string>;
}): Html {
  return (
    <form method="post" action={action} class="jh-inline-form">
      <CsrfField ctx={ctx} />
      {Object.entries(hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <Button variant={variant}>{label}</Button>
    </form>
  );
}
