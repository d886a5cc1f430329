import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { DescriptionList, Table, urlWith } from '../../../app/html/components.js';
import { formatDate, formatDateTime, formatNumber } from '../../../app/i18n/format.js';
import type { ActivityView } from '../scorecard.model.js';
import type { ProgressView, RevisionView } from '../scorecard.service.js';
import { activityHref, AssessmentLabel, kindLabel, statusLabel } from './labels.js';
import { nameOnDateLabel, type DatedOrganisation } from '../../network/names-on-date.js';

export function ProgressList({
  ctx,
  updates,
}: {
  ctx: PageContext;
  updates: ProgressView[];
}): Html {
  const { t } = ctx;
  if (updates.length === 0)
    return <p class="ecl-u-type-paragraph">{t('scorecard.progress.empty')}</p>;
  return (
    <ol class="jh-timeline-list">
      {updates.map((update) => (
        <li class="ecl-u-mb-m">
          <p class="ecl-u-type-paragraph ecl-u-type-bold">
            {t('scorecard.progress.heading', {
              date: formatDate(ctx.locale, update.postedOn),
              organisation: update.organisation,
            })}
          </p>
          <p class="ecl-u-type-paragraph">{update.text}</p>
          <ul>
            {update.changes.status ? (
              <li>
                {t('scorecard.progress.status', {
                  before: statusLabel(ctx, update.changes.status.before),
                  after: statusLabel(ctx, update.changes.status.after),
                })}
              </li>
            ) : null}
            {update.changes.assessment ? (
              <li>
                {t('scorecard.progress.assessment', {
                  after: t(`scorecard.assessment.${update.changes.assessment.after}`),
                })}
              </li>
            ) : null}
            {update.changes.assessmentReason ? (
              <li>
                {t('scorecard.progress.reason', { reason: update.changes.assessmentReason.after })}
              </li>
            ) : null}
            {Object.entries(update.changes.indicators ?? {}).map(([name, change]) => (
              <li>
                {t('scorecard.progress.indicator', {
                  name,
                  before: change.before === null ? '–' : formatNumber(ctx.locale, change.before),
                  after: formatNumber(ctx.locale, change.after),
                })}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

export function RevisionTable({
  ctx,
  revisions,
  activity,
}: {
  ctx: PageContext;
  revisions: RevisionView[];
  activity: ActivityView;
}): Html {
  const { t } = ctx;
  return (
    <Table
      ctx={ctx}
      caption={t('scorecard.revisions.caption')}
      rows={revisions}
      columns={[
        { header: t('scorecard.revisions.version'), cell: (r) => String(r.version) },
        {
          header: t('scorecard.revisions.effectiveOn'),
          cell: (r) => (
            <a class="ecl-link" href={activityHref(activity, r.effectiveOn)}>
              {formatDate(ctx.locale, r.effectiveOn)}
            </a>
          ),
        },
        {
          header: t('scorecard.revisions.summary'),
          cell: (r) => t(`scorecard.revision.${r.summary as 'created'}`),
        },
        {
          header: t('scorecard.revisions.recordedBy'),
          cell: (r) => r.recordedBy ?? t('scorecard.revisions.system'),
        },
        {
          header: t('scorecard.revisions.recordedAt'),
          cell: (r) => formatDateTime(ctx.locale, r.recordedAt),
        },
      ]}
    />
  );
}

export function ActivityDetails({
  ctx,
  activity,
}: {
  ctx: PageContext;
  activity: ActivityView;
}): Html {
  const { t } = ctx;
  const names = (list: DatedOrganisation[]) =>
    list.map((o) => nameOnDateLabel(t, o)).join(', ') || t('common.none');
  return (
    <div>
      {activity.description ? <p class="ecl-u-type-paragraph-l">{activity.description}</p> : null}
      <DescriptionList
        items={[
          [t('scorecard.field.year'), String(activity.year)],
          [
            t('scorecard.field.lines'),
            <ul class="jh-plain-list">
              {activity.lines.map((l) => (
                <li>
                  <a
                    class="ecl-link"
                    href={urlWith('/scorecard', { year: activity.year, line: l.code })}
                  >
                    {l.code}
                  </a>{' '}
                  {l.text}
                </li>
              ))}
            </ul>,
          ],
          [
            t('scorecard.field.lead'),
            `${nameOnDateLabel(t, activity.lead)}: ${activity.lead.name}`,
          ],
          [t('scorecard.field.participants'), names(activity.participants)],
          [t('scorecard.field.partners'), names(activity.partners)],
          [t('scorecard.field.kind'), kindLabel(ctx, activity.kind)],
          [t('scorecard.field.tags'), activity.tags.join(', ') || t('common.none')],
          [
            t('scorecard.field.planned'),
            t('scorecard.field.plannedRange', {
              start: formatDate(ctx.locale, activity.plannedStart),
              end: formatDate(ctx.locale, activity.plannedEnd),
            }),
          ],
          [t('scorecard.field.status'), statusLabel(ctx, activity.status)],
          [
            t('scorecard.field.assessment'),
            <span>
              <AssessmentLabel ctx={ctx} assessment={activity.assessment} />
              {activity.assessmentReason ? ` ${activity.assessmentReason}` : ''}
            </span>,
          ],
          [
            t('scorecard.field.releasedToObservers'),
            activity.releasedToObservers ? t('common.yes') : t('common.no'),
          ],
          [t('scorecard.field.version'), String(activity.version)],
        ]}
      />
      <h2 class="ecl-u-type-heading-2">{t('scorecard.field.indicators')}</h2>
      <Table
        ctx={ctx}
        caption={t('scorecard.field.indicators')}
        rows={activity.indicators}
        columns={[
          { header: t('scorecard.indicator.nameHeader'), cell: (i) => i.name },
          { header: t('scorecard.indicator.unit'), cell: (i) => i.unit },
          {
            header: t('scorecard.indicator.value'),
            cell: (i) => (i.value === null ? '–' : formatNumber(ctx.locale, i.value)),
          },
          {
            header: t('scorecard.indicator.target'),
            cell: (i) => (i.target === null ? '–' : formatNumber(ctx.locale, i.target)),
          },
        ]}
      />
      <h2 class="ecl-u-type-heading-2">{t('scorecard.field.deliverables')}</h2>
      <Table
        ctx={ctx}
        caption={t('scorecard.field.deliverables')}
        rows={activity.deliverables}
        columns={[
          {
            header: t('scorecard.deliverable.titleHeader'),
            cell: (d) =>
              d.url ? (
                <a class="ecl-link" href={d.url} rel="noreferrer">
                  {d.title}
                </a>
              ) : (
                d.title
              ),
          },
          {
            header: t('scorecard.deliverable.date'),
            cell: (d) => (d.date ? formatDate(ctx.locale, d.date) : '–'),
          },
        ]}
      />
    </div>
  );
}
