import { h, type Html } from '../../../app/html/jsx.js';
import {
  Button,
  CsrfField,
  FormErrors,
  Table,
  TextArea,
  TextField,
} from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { MeetingDetail } from '../meetings.service.js';
import { spokenDay, spokenTime } from '../meeting-time.js';
import { formOf, type FormState } from './form-state.js';
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
  state,
  lines,
}: {
  ctx: PageContext;
  meeting: MeetingDetail;
  state: FormState | null;
  lines: { key: string; label: string }[];
}): Html {
  const { t, locale } = ctx;
  const base = meetingHref(meeting.id);
  const manage = meeting.permissions.manage;
  const scheduled = meeting.status === 'scheduled';
  const form = formOf(state, 'agenda');
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
        <form
          method="post"
          action={`${base}/agenda`}
          aria-labelledby="agenda-add-heading"
          class="ecl-u-mt-l"
        >
          <h3 class="ecl-u-type-heading-3" id="agenda-add-heading">
            {t('meetings.agenda.add')}
          </h3>
          <FormErrors ctx={ctx} errors={form.errors} />
          <CsrfField ctx={ctx} />
          <div class="jh-filters">
            <TextField
              name="date"
              type="date"
              label={t('meetings.field.startDate')}
              value={form.value('date') || meeting.localStart.slice(0, 10)}
              errors={form.errors}
              required
            />
            <TextField
              name="startTime"
              type="time"
              label={t('meetings.field.startTime')}
              value={form.value('startTime')}
              errors={form.errors}
              required
            />
            <TextField
              name="endTime"
              type="time"
              label={t('meetings.field.endTime')}
              value={form.value('endTime')}
              errors={form.errors}
              required
            />
          </div>
          <TextField
            name="title"
            label={t('meetings.agenda.item')}
            value={form.value('title')}
            errors={form.errors}
            required
            maxlength={300}
          />
          <TextField
            name="presenter"
            label={`${t('meetings.agenda.presenter')} (${t('common.optional')})`}
            value={form.value('presenter')}
            errors={form.errors}
            maxlength={200}
          />
          <TextArea
            name="notes"
            label={`${t('meetings.agenda.notes')} (${t('common.optional')})`}
            value={form.value('notes')}
            errors={form.errors}
            rows={2}
          />
          {lines.length > 0 ? (
            <div class="ecl-form-group ecl-u-mb-l">
              <label class="ecl-form-label" for="field-priorityLineKeys">
                {`${t('meetings.agenda.chooseLines')} (${t('common.optional')})`}
              </label>
              <select
                id="field-priorityLineKeys"
                name="priorityLineKeys"
                class="ecl-select jh-multi"
                multiple
                size={8}
              >
                {lines.map((l) => (
                  <option value={l.key}>{l.label}</option>
                ))}
              </select>
            </div>
          ) : null}
          <Button variant="secondary">{t('meetings.agenda.add')}</Button>
        </form>
      ) : null}
    </section>
  );
}
