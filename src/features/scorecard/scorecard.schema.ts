import { Type, type Static } from 'typebox';
import { oneOf, PageQuery, SortDirection } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';
import {
  activityKinds,
  activityStatuses,
  assessments,
  toolboxOfferKinds,
} from '../../db/schema.js';
import { agencyRoles, limits, scorecardSortKeys } from './scorecard.model.js';
import { MAX_LINKED_OFFERS } from './scorecard.offers.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const OrganisationRefSchema = Type.Object({
  id: Type.String(),
  acronym: Type.String(),
  name: Type.String(),
  kind: oneOf(['agency', 'body'] as const),
  acronymOnDate: Type.Optional(
    Type.String({
      description:
        "The acronym on the activity's planned start, when it differs from today's (`acronym`)",
    }),
  ),
});

const LineRefSchema = Type.Object({
  key: Type.String({ description: 'Stable across versions of the priorities' }),
  code: Type.String({ description: 'Section and line number, such as 1.1.3' }),
  section: Type.String(),
  text: Type.String(),
});

const IndicatorSchema = Type.Object(
  {
    name: Type.String({ maxLength: limits.indicatorName }),
    unit: Type.String({ maxLength: limits.unit }),
    target: Nullable(Type.Number()),
    value: Nullable(Type.Number()),
  },
  { additionalProperties: false },
);

const DeliverableSchema = Type.Object(
  {
    title: Type.String({ maxLength: limits.deliverableTitle }),
    url: Nullable(Type.String({ maxLength: limits.url })),
    date: Nullable(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);

export const ActivitySchema = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  lines: Type.Array(LineRefSchema),
  lead: OrganisationRefSchema,
  participants: Type.Array(OrganisationRefSchema),
  partners: Type.Array(OrganisationRefSchema),
  kind: oneOf(activityKinds),
  tags: Type.Array(Type.String()),
  plannedStart: Type.String({ format: 'date' }),
  plannedEnd: Type.String({ format: 'date' }),
  status: oneOf(activityStatuses),
  assessment: Nullable(oneOf(assessments)),
  assessmentReason: Type.String(),
  releasedToObservers: Type.Boolean(),
  indicators: Type.Array(IndicatorSchema),
  deliverables: Type.Array(DeliverableSchema),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const activityFields = {
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  title: Type.String({ maxLength: 1000 }),
  description: Type.String({ maxLength: limits.description * 2 }),
  lines: Type.Array(Type.String({ maxLength: 20 }), {
    maxItems: 50,
    description: 'Codes of the lines of action, such as "1.1.3"',
  }),
  lead: Type.String({ maxLength: 100, description: 'Acronym of the lead agency' }),
  participants: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
  partners: Type.Array(Type.String({ maxLength: 100 }), {
    maxItems: 100,
    description: 'Acronyms of partner bodies',
  }),
  kind: Type.String({ maxLength: 40, description: activityKinds.join(', ') }),
  tags: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 }),
  plannedStart: Type.String({ maxLength: 20, description: 'YYYY-MM-DD' }),
  plannedEnd: Type.String({ maxLength: 20, description: 'YYYY-MM-DD' }),
  status: Type.String({ maxLength: 20, description: activityStatuses.join(', ') }),
  assessment: Nullable(Type.String({ maxLength: 20, description: assessments.join(', ') })),
  assessmentReason: Type.String({ maxLength: limits.reason * 2 }),
  releasedToObservers: Type.Boolean(),
  indicators: Type.Array(IndicatorSchema, { maxItems: 100 }),
  deliverables: Type.Array(
    Type.Object(
      {
        title: Type.String({ maxLength: limits.deliverableTitle * 2 }),
        url: Nullable(Type.String({ maxLength: limits.url * 2 })),
        date: Nullable(Type.String({ maxLength: 20 })),
      },
      { additionalProperties: false },
    ),
    { maxItems: 100 },
  ),
};

// The schema checks shapes; the rules (known agencies, real lines and dates) are the service's,
// so that every problem comes back at once with the field it concerns.
const { year, ...changeableFields } = activityFields;

export const NewActivityBody = Type.Object(
  {
    year,
    title: activityFields.title,
    description: Type.Optional(activityFields.description),
    lines: activityFields.lines,
    lead: activityFields.lead,
    participants: Type.Optional(activityFields.participants),
    partners: Type.Optional(activityFields.partners),
    kind: activityFields.kind,
    tags: Type.Optional(activityFields.tags),
    plannedStart: activityFields.plannedStart,
    plannedEnd: activityFields.plannedEnd,
    status: Type.Optional(activityFields.status),
    assessment: Type.Optional(activityFields.assessment),
    assessmentReason: Type.Optional(activityFields.assessmentReason),
    releasedToObservers: Type.Optional(activityFields.releasedToObservers),
    indicators: Type.Optional(activityFields.indicators),
    deliverables: Type.Optional(activityFields.deliverables),
  },
  { additionalProperties: false },
);
export type NewActivityBody = Static<typeof NewActivityBody>;

export const ActivityChangesBody = Type.Partial(Type.Object(changeableFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type ActivityChangesBody = Static<typeof ActivityChangesBody>;

export const ProgressBody = Type.Object(
  {
    postedOn: Type.String({ maxLength: 20, description: 'YYYY-MM-DD, not in the future' }),
    text: Type.String({ maxLength: limits.updateText * 2 }),
    status: Type.Optional(Type.String({ maxLength: 20 })),
    assessment: Type.Optional(Type.String({ maxLength: 20 })),
    assessmentReason: Type.Optional(Type.String({ maxLength: limits.reason * 2 })),
    indicators: Type.Optional(
      Type.Record(Type.String({ maxLength: limits.indicatorName }), Type.Number(), {
        description: 'New values by indicator name',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ProgressBody = Static<typeof ProgressBody>;

const ChangeSchema = <T extends Parameters<typeof Type.Union>[0][number]>(value: T) =>
  Type.Object({ before: value, after: value });

export const ProgressSchema = Type.Object({
  id: Type.String(),
  postedOn: Type.String({ format: 'date' }),
  organisation: Type.String(),
  author: Nullable(Type.String()),
  text: Type.String(),
  changes: Type.Object({
    status: Type.Optional(ChangeSchema(Type.String())),
    assessment: Type.Optional(ChangeSchema(Nullable(Type.String()))),
    assessmentReason: Type.Optional(ChangeSchema(Type.String())),
    indicators: Type.Optional(Type.Record(Type.String(), ChangeSchema(Nullable(Type.Number())))),
  }),
  activityVersion: Type.Integer(),
  createdAt: Type.String(),
});

export const RevisionSchema = Type.Object({
  version: Type.Integer(),
  effectiveOn: Type.String({ format: 'date' }),
  recordedAt: Type.String(),
  recordedBy: Nullable(Type.String()),
  summary: Type.String(),
});

export const ScorecardFiltersQuery = {
  year: Type.Optional(
    Type.Integer({
      minimum: 2000,
      maximum: 2100,
      description: 'Defaults to the latest year with priorities or activities',
    }),
  ),
  section: Type.Optional(Type.String({ maxLength: 10, description: 'Such as 1.1' })),
  line: Type.Optional(Type.String({ maxLength: 20, description: 'Such as 1.1.3' })),
  agency: Type.Optional(Type.String({ maxLength: 100, description: 'Acronym' })),
  agencyRole: Type.Optional(oneOf(agencyRoles, { default: 'any' })),
  status: Type.Optional(oneOf(activityStatuses)),
  assessment: Type.Optional(oneOf(assessments)),
  kind: Type.Optional(oneOf(activityKinds)),
  tag: Type.Optional(Type.String({ maxLength: 40 })),
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Text in the title or description' }),
  ),
  sort: oneOf(scorecardSortKeys, { default: 'title' }),
  direction: SortDirection,
  asOf: Type.Optional(
    Type.String({ format: 'date', description: 'Show the scorecard as it stood on this day' }),
  ),
};

export const ScorecardQuery = Type.Object({ ...ScorecardFiltersQuery, ...PageQuery });

export const ActivityParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const AsOfQuery = Type.Object({
  asOf: Type.Optional(
    Type.String({ format: 'date', description: 'The activity as it stood on this day' }),
  ),
});

const LinkedOfferSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  kind: oneOf(toolboxOfferKinds),
  agency: Type.Object({ id: Type.String({ format: 'uuid' }), acronym: Type.String() }),
  toolbox: Type.Object({ id: Type.String({ format: 'uuid' }), title: Type.String() }),
});

export const ActivityOffersSchema = Type.Object({
  version: Type.Integer({ description: "The activity's version: send it back in If-Match" }),
  offers: Type.Array(LinkedOfferSchema),
});

export const ActivityOffersBody = Type.Object(
  {
    offers: Type.Array(Type.String({ format: 'uuid' }), {
      maxItems: MAX_LINKED_OFFERS,
      description:
        'Ids of the offers of the toolboxes the activity uses or contributes to: all of them, replacing the links there are',
    }),
  },
  { additionalProperties: false },
);

nameSchemas({
  LinkedOffer: LinkedOfferSchema,
  ActivityOffers: ActivityOffersSchema,
  ActivityOffersBody,
  OrganisationRef: OrganisationRefSchema,
  LineRef: LineRefSchema,
  Indicator: IndicatorSchema,
  Deliverable: DeliverableSchema,
  Activity: ActivitySchema,
  NewActivityBody,
  ActivityChangesBody,
  ProgressBody,
  ProgressUpdate: ProgressSchema,
  ActivityRevision: RevisionSchema,
});
