import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { ViewSwitcher, type ViewQuery } from '../../../app/html/view-switcher.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { TrainingView } from '../training.model.js';
import { audienceLabel, kindLabel, topicLabel } from '../training.report.js';

export const trainingHref = (training: { id: string }) => `/training/${training.id}`;

export { audienceLabel, kindLabel, topicLabel };

/** The views of the matrix as tabs; the secretariat's list of duplicates only for it. */
export function TrainingViews({
  ctx,
  current,
  keep = {},
}: {
  ctx: PageContext;
  current: string;
  keep?: ViewQuery;
}): Html {
  const { t } = ctx;
  const role = ctx.actor?.role;
  return (
    <ViewSwitcher
      label={t('training.views')}
      current={current}
      keep={keep}
      views={[
        { path: '/training', label: t('training.view.list') },
        { path: '/training/calendar', label: t('training.view.calendar') },
        { path: '/training/report', label: t('training.view.report') },
        ...(role === 'admin'
          ? [{ path: '/training/duplicates', label: t('training.view.duplicates') }]
          : []),
        ...(role === 'admin' || role === 'contact'
          ? [{ path: '/training/import', label: t('training.view.import') }]
          : []),
      ]}
    />
  );
}

/** "3 April 2017 – 7 April 2017 (5 days)", or the one day. */
export function period(
  ctx: PageContext,
  training: Pick<TrainingView, 'startOn' | 'endOn'> & { days?: number },
): string {
  const start = formatDate(ctx.locale, training.startOn);
  if (training.startOn === training.endOn) return start;
  const days = training.days ?? 0;
  return `${start} – ${formatDate(ctx.locale, training.endOn)}${days > 0 ? ` (${ctx.t('training.days', { days })})` : ''}`;
}

/** The organiser, then the co-organisers: "CEPOL with Frontex, Europol". */
export function organisers(training: TrainingView): string {
  const partners = training.coOrganisers.map((o) => o.acronym);
  return partners.length > 0
    ? `${training.organiser.acronym} + ${partners.join(', ')}`
    : training.organiser.acronym;
}

/** The title, linked, and its kind and place below it. */
export function TrainingTitle({
  ctx,
  training,
}: {
  ctx: PageContext;
  training: TrainingView;
}): Html {
  return (
    <span>
      <a class="ecl-link" href={trainingHref(training)}>
        {training.title}
      </a>
      <span class="jh-block ecl-u-type-s">
        {kindLabel(ctx.t, training.kind)}, {training.place}
      </span>
    </span>
  );
}

export function topicsText(ctx: PageContext, topics: readonly string[]): string {
  return topics.map((topic) => topicLabel(ctx.t, topic)).join(', ');
}
