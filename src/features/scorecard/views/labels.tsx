import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { urlWith } from '../../../app/html/components.js';
import type { ActivityKind, ActivityStatus, Assessment } from '../../../db/schema.js';

export function statusLabel(ctx: PageContext, status: ActivityStatus): string {
  return ctx.t(`scorecard.status.${status}`);
}

export function kindLabel(ctx: PageContext, kind: ActivityKind): string {
  return ctx.t(`scorecard.kind.${kind}`);
}

/** An assessment as a coloured label that also says its colour in words. */
export function AssessmentLabel({
  ctx,
  assessment,
}: {
  ctx: PageContext;
  assessment: Assessment | null;
}): Html {
  if (assessment === null) return <span>{ctx.t('scorecard.assessment.none')}</span>;
  return (
    <span class={`jh-rag jh-rag--${assessment}`}>
      {ctx.t(`scorecard.assessment.${assessment}`)}
    </span>
  );
}

export function activityHref(activity: { id: string }, asOf?: string): string {
  return urlWith(`/scorecard/activities/${activity.id}`, { asOf });
}
