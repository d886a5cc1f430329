import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SelectField } from '../../../app/html/components.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { FilterForm, FilterQuery, readFilters, yearOf } from '../scorecard.filters.js';
import { scorecardPolicy } from '../scorecard.policy.js';
import { timelineGroupings } from '../scorecard.views.js';
import { scorecardViewsOf } from '../scorecard.views.service.js';

export type ViewsApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Every view reads the same filters and is open to whoever may read the scorecard. */
export const viewRoute = {
  schema: { querystring: FilterQuery },
  config: { access: scorecardPolicy.read, page: true },
};

/** What the view pages share: the figures' service and the reading of a request's filters. */
export function viewsKit(app: ViewsApp) {
  const { scorecard } = app.services;
  /** The request's year (the latest when none or an unknown one is asked for) and filters. */
  async function prepare(
    request: { query: FilterQuery; pageContext: () => PageContext },
    action: string,
  ) {
    const ctx = request.pageContext();
    const years = await scorecard.years();
    const year = yearOf(request.query, years);
    const { filters, errors, choose } = readFilters(ctx, request.query, year);
    const grouping = choose('by', timelineGroupings) ?? 'section';
    const vocabulary = await scorecard.vocabulary(year);
    const form = (withGrouping: boolean) => (
      <FilterForm
        ctx={ctx}
        action={action}
        filters={filters}
        years={years.length > 0 ? years : [year]}
        vocabulary={vocabulary}
        errors={errors}
        extra={
          withGrouping ? (
            <SelectField
              name="by"
              label={ctx.t('scorecardViews.timeline.by')}
              value={grouping}
              errors={errors}
              options={timelineGroupings.map((g) => ({
                value: g,
                label: ctx.t(`scorecardViews.timeline.by.${g}`),
              }))}
            />
          ) : null
        }
      />
    );
    return { ctx, t: ctx.t, year, filters, grouping, form };
  }

  return { views: scorecardViewsOf(app.services), prepare };
}

export type ViewsKit = ReturnType<typeof viewsKit>;
