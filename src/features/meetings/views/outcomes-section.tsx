import { h, type Html } from '../../../app/html/jsx.js';
import {
  Button,
  Checkbox,
  CsrfField,
  FormErrors,
  SelectField,
  Table,
  TextArea,
  TextField,
  urlWith,
} from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { OrganisationView } from '../../network/network.service.js';
import type { MeetingDetail } from '../meetings.service.js';
import { formOf, type FormState } from './form-state.js';
import { meetingHref, PostButton } from './parts.js';

/** Minutes, report, decisions and action points: what the meeting leaves behind. */
export function OutcomesSection({
  ctx,
  meeting,
  state,
  owners,
}: {
  ctx: PageContext;
  meeting: MeetingDetail;
  state: FormState | null;
  owners: OrganisationView[];
}): Html {
  const { t, locale } = ctx;
  const base = meetingHref(meeting.id);
  const manage = meeting.permissions.manage;
  const errorsFor = (form: string) => formOf(state, form).errors;
  const valueOf = (form: string, field: Parameters<ReturnType<typeof formOf>['value']>[0]) =>
    formOf(state, form).value(field);
  return (
    <section class="ecl-u-mb-xl" aria-labelledby="outcomes-heading">
      <h2 class="ecl-u-type-heading-2" id="outcomes-heading">
        {t('meetings.outcomes')}
      </h2>
      {meeting.reportInFinalReport ? (
        <p class="ecl-u-type-paragraph">{t('meetings.reportFlagged')}</p>
      ) : null}
      {manage ? (
        <form method="post" action={`${base}/outcomes`}>
          <FormErrors ctx={ctx} errors={errorsFor('outcomes')} />
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={String(meeting.version)} />
          <TextArea
            name="minutes"
            label={t('meetings.minutes')}
            value={state?.form === 'outcomes' ? valueOf('outcomes', 'minutes') : meeting.minutes}
            errors={errorsFor('outcomes')}
            rows={6}
          />
          <TextArea
            name="report"
            label={t('meetings.report')}
            value={state?.form === 'outcomes' ? valueOf('outcomes', 'report') : meeting.report}
            errors={errorsFor('outcomes')}
            rows={6}
          />
          <div class="ecl-u-mb-l">
            <Checkbox
              name="reportInFinalReport"
              value="1"
              label={t('meetings.reportInFinalReport')}
              checked={meeting.reportInFinalReport}
              single
            />
          </div>
          <Button variant="secondary">{t('meetings.saveOutcomes')}</Button>
        </form>
      ) : (
        <div>
          {meeting.minutes ? (
            <div>
              <h3 class="ecl-u-type-heading-3">{t('meetings.minutes')}</h3>
              <p class="ecl-u-type-paragraph jh-pre">{meeting.minutes}</p>
            </div>
          ) : null}
          {meeting.report ? (
            <div>
              <h3 class="ecl-u-type-heading-3">{t('meetings.report')}</h3>
              <p class="ecl-u-type-paragraph jh-pre">{meeting.report}</p>
            </div>
          ) : null}
        </div>
      )}
      <h3 class="ecl-u-type-heading-3">{t('meetings.decisions')}</h3>
      {meeting.decisions.length === 0 ? (
        <p class="ecl-u-type-paragraph jh-empty">{t('common.empty')}</p>
      ) : (
        <ol class="ecl-ordered-list">
          {meeting.decisions.map((d) => (
            <li class="ecl-ordered-list__item">{d.text}</li>
          ))}
        </ol>
      )}
      {manage ? (
        <form method="post" action={`${base}/decisions`}>
          <FormErrors ctx={ctx} errors={errorsFor('decision')} />
          <CsrfField ctx={ctx} />
          <TextArea
            name="decision"
            label={t('meetings.decision')}
            value={valueOf('decision', 'decision')}
            errors={errorsFor('decision')}
            rows={2}
          />
          <Button variant="secondary">{t('meetings.addDecision')}</Button>
        </form>
      ) : null}
      <h3 class="ecl-u-type-heading-3" id="action-points">
        {t('meetings.actionPoints')}
      </h3>
      <Table
        ctx={ctx}
        caption={t('meetings.actionPointsCaption')}
        rows={meeting.actionPoints}
        columns={[
          { header: t('meetings.actionPoint'), cell: (p) => p.text },
          { header: t('meetings.actionPoint.owner'), cell: (p) => p.ownerAcronym },
          {
            header: t('meetings.actionPoint.due'),
            cell: (p) => <time datetime={p.dueOn}>{formatDate(locale, p.dueOn)}</time>,
          },
          {
            header: t('meetings.actionPoint.status'),
            cell: (p) => t(`meetings.actionPoint.status.${p.status}`),
          },
          {
            header: t('meetings.actionPoint.activity'),
            cell: (p) =>
              p.activityId ? (
                <a class="ecl-link" href={`/scorecard/activities/${p.activityId}`}>
                  {t('meetings.actionPoint.openActivity')}
                </a>
              ) : manage ||
                (ctx.actor?.role === 'contact' &&
                  ctx.actor.organisationId === p.ownerOrganisationId) ? (
                <a
                  class="ecl-link"
                  href={urlWith('/scorecard/activities/new', {
                    year: meeting.start.slice(0, 4),
                    meeting: meeting.id,
                    actionPoint: p.id,
                  })}
                >
                  {t('meetings.actionPoint.turnIntoActivity')}
                </a>
              ) : (
                t('common.none')
              ),
          },
          {
            header: t('common.actions'),
            cell: (p) =>
              manage ||
              (ctx.actor?.role === 'contact' &&
                ctx.actor.organisationId === p.ownerOrganisationId) ? (
                <PostButton
                  ctx={ctx}
                  action={`${base}/action-points/${p.id}/status`}
                  label={
                    p.status === 'open'
                      ? t('meetings.actionPoint.markDone')
                      : t('meetings.actionPoint.reopen')
                  }
                  hidden={{
                    status: p.status === 'open' ? 'done' : 'open',
                    version: String(p.version),
                  }}
                  variant="ghost"
                />
              ) : (
                ''
              ),
          },
        ]}
      />
      {manage ? (
        <form method="post" action={`${base}/action-points`} aria-labelledby="action-point-heading">
          <h4 class="ecl-u-type-heading-4" id="action-point-heading">
            {t('meetings.addActionPoint')}
          </h4>
          <FormErrors ctx={ctx} errors={errorsFor('actionPoint')} />
          <CsrfField ctx={ctx} />
          <TextArea
            name="text"
            label={t('meetings.actionPoint')}
            value={valueOf('actionPoint', 'text')}
            errors={errorsFor('actionPoint')}
            rows={2}
          />
          <SelectField
            name="ownerOrganisationId"
            label={t('meetings.actionPoint.owner')}
            value={valueOf('actionPoint', 'ownerOrganisationId')}
            errors={errorsFor('actionPoint')}
            options={[
              { value: '', label: t('meetings.chooseOwner') },
              ...owners.map((o) => ({ value: o.id, label: `${o.acronym}: ${o.name}` })),
            ]}
          />
          <TextField
            name="dueOn"
            type="date"
            label={t('meetings.actionPoint.due')}
            value={valueOf('actionPoint', 'dueOn')}
            errors={errorsFor('actionPoint')}
          />
          <Button variant="secondary">{t('meetings.addActionPoint')}</Button>
        </form>
      ) : null}
    </section>
  );
}
