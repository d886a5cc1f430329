import { h, type Html } from '../../../app/html/jsx.js';
import { Button, Table } from '../../../app/html/components.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { MeetingDetail } from '../meetings.service.js';
import { spokenDay, spokenTime } from '../meeting-time.js';
import { agendaForm, stateOf, type ShownForm } from '../forms/meeting-page.forms.js';
import { meetingHref, PostButton } from './parts.js';

export function AgendaTable({ ctx, meeting }: { ctx: PageContext; meeting: MeetingDetail }): Html {
  const { t } = ctx;
  const manage = meeting.permissions.manage;
  return (
    <Table
      ctx={ctx}
      caption={t('meetings.agendaCaption')}
      rows={meeting.agenda}
      columns={[
        {
          header: t('meetings.agenda.time'),
          cell: (i) => (
            <time datetime={i.start}>
              {`${spokenDay(ctx.locale, i.localStart, false)}, ${spokenTime(ctx.locale, i.localStart)}–${spokenTime(ctx.locale, i.localEnd)}`}
            </time>
          ),
        },
        {
          header: t('meetings.agenda.item'),
          cell: (i) => (
            <span>
              <strong>{i.title}</strong>
              {i.notes ? <span class="jh-block">{i.notes}</span> : null}
            </span>
          ),
        },
        { header: t('meetings.agenda.presenter'), cell: (i) => i.presenter },
        {
          header: t('meetings.agenda.priorityLines'),
          cell: (i) =>
            i.priorityLines.length === 0 ? (
              ''
            ) : (
              <ul class="jh-plain-list">
                {i.priorityLines.map((l) => (
                  <li>
                    <span title={l.text}>{l.label}</span>
                  </li>
                ))}
              </ul>
            ),
        },
        ...(manage
          ? [
              {
                header: t('common.actions'),
                cell: (i: MeetingDetail['agenda'][number]) => (
                  <a class="ecl-link" href={`${meetingHref(meeting.id)}/agenda/${i.id}/remove`}>
                    {t('meetings.remove')}
                    <span class="ecl-u-sr-only">{` ${i.title}`}</span>
                  </a>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

/** The agenda, and for those who manage the meeting its publication and the form to add items. */
export function AgendaSection({
  ctx,
  meeting,
  shown,
  lines,
}: {
  ctx: PageContext;
  meeting: MeetingDetail;
  shown: ShownForm | null;
  lines: { key: string; label: string }[];
}): Html {
  const { t, locale } = ctx;
  const base = meetingHref(meeting.id);
  const manage = meeting.permissions.manage;
  const scheduled = meeting.status === 'scheduled';
  const f = bindForm(
    agendaForm,
    ctx,
    stateOf(shown, agendaForm, () => ({
      values: agendaForm.initial({ date: meeting.localStart.slice(0, 10) }),
      errors: [],
    })),
    { choices: { priorityLineKeys: lines.map((l) => ({ value: l.key, label: l.label })) } },
  );
  return (
    <section class="ecl-u-mb-xl" aria-labelledby="agenda-heading">
      <h2 class="ecl-u-type-heading-2" id="agenda-heading">
        {t('meetings.agenda')}
      </h2>
      {meeting.agendaPublishedAt ? (
        <p class="ecl-u-type-paragraph">
          {t('meetings.agendaPublished', { date: formatDate(locale, meeting.agendaPublishedAt) })}
        </p>
      ) : (
        <p class="ecl-u-type-paragraph">
          {manage ? t('meetings.agendaDraft') : t('meetings.agendaNotPublished')}
        </p>
      )}
      {manage || meeting.agendaPublishedAt ? <AgendaTable ctx={ctx} meeting={meeting} /> : null}
      {manage && !meeting.agendaPublishedAt && meeting.agenda.length > 0 ? (
        <PostButton
          ctx={ctx}
          action={`${base}/agenda/publish`}
          label={t('meetings.publishAgenda')}
          variant="primary"
        />
      ) : null}
      {manage && scheduled ? (
        <section aria-labelledby="agenda-add-heading" class="ecl-u-mt-l">
          <h3 class="ecl-u-type-heading-3" id="agenda-add-heading">
            {t('meetings.agenda.add')}
          </h3>
          <f.Form action={`${base}/agenda`}>
            <div class="jh-row-fields">
              <f.Date name="date" />
              <f.Text name="startTime" />
              <f.Text name="endTime" />
            </div>
            <f.Text name="title" />
            <f.Text name="presenter" />
            <f.TextArea name="notes" rows={2} />
            {lines.length > 0 ? <f.Picker name="priorityLineKeys" /> : null}
            <Button variant="secondary">{t('meetings.agenda.add')}</Button>
          </f.Form>
        </section>
      ) : null}
    </section>
  );
}
