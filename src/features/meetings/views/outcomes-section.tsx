import { h, type Html } from '../../../app/html/jsx.js';
import { Button, Table, urlWith } from '../../../app/html/components.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { OrganisationView } from '../../network/network.service.js';
import type { MeetingDetail } from '../meetings.service.js';
import {
  actionPointForm,
  decisionForm,
  outcomesForm,
  outcomesValuesOf,
  stateOf,
  type ShownForm,
} from '../forms/meeting-page.forms.js';
import { meetingHref, PostButton } from './parts.js';

/** Minutes, report, decisions and action points: what the meeting leaves behind. */
export function OutcomesSection({
  ctx,
  meeting,
  shown,
  owners,
}: {
  ctx: PageContext;
  meeting: MeetingDetail;
  shown: ShownForm | null;
  owners: OrganisationView[];
}): Html {
  const { t, locale } = ctx;
  const base = meetingHref(meeting.id);
  const manage = meeting.permissions.manage;
  const outcomes = bindForm(
    outcomesForm,
    ctx,
    stateOf(shown, outcomesForm, () =>
      outcomesForm.opened(outcomesValuesOf(meeting), meeting.version),
    ),
  );
  const decision = bindForm(
    decisionForm,
    ctx,
    stateOf(shown, decisionForm, () => ({ values: decisionForm.initial(), errors: [] })),
  );
  const actionPoint = bindForm(
    actionPointForm,
    ctx,
    stateOf(shown, actionPointForm, () => ({ values: actionPointForm.initial(), errors: [] })),
    {
      choices: {
        ownerOrganisationId: owners.map((o) => ({ value: o.id, label: `${o.acronym}: ${o.name}` })),
      },
    },
  );
  return (
    <section class="ecl-u-mb-xl" aria-labelledby="outcomes-heading">
      <h2 class="ecl-u-type-heading-2" id="outcomes-heading">
        {t('meetings.outcomes')}
      </h2>
      {meeting.reportInFinalReport ? (
        <p class="ecl-u-type-paragraph">{t('meetings.reportFlagged')}</p>
      ) : null}
      {manage ? (
        <outcomes.Form action={`${base}/outcomes`}>
          <outcomes.TextArea name="minutes" rows={6} />
          <outcomes.TextArea name="report" rows={6} />
          <outcomes.Checkbox name="reportInFinalReport" />
          <Button variant="secondary">{t('meetings.saveOutcomes')}</Button>
        </outcomes.Form>
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
        <decision.Form action={`${base}/decisions`}>
          <decision.TextArea name="decision" rows={2} />
          <Button variant="secondary">{t('meetings.addDecision')}</Button>
        </decision.Form>
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
        <section aria-labelledby="action-point-heading">
          <h4 class="ecl-u-type-heading-4" id="action-point-heading">
            {t('meetings.addActionPoint')}
          </h4>
          <actionPoint.Form action={`${base}/action-points`}>
            <actionPoint.TextArea name="text" rows={2} />
            <actionPoint.Select name="ownerOrganisationId" placeholder="meetings.chooseOwner" />
            <actionPoint.Date name="dueOn" />
            <Button variant="secondary">{t('meetings.addActionPoint')}</Button>
          </actionPoint.Form>
        </section>
      ) : null}
    </section>
  );
}
