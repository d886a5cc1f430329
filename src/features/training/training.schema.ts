import { Type, type Static } from 'typebox';
import { oneOf, PageQuery, SortDirection } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';
import {
  limits,
  trainingAudiences,
  trainingKinds,
  trainingLanguages,
  trainingSortKeys,
  trainingTopics,
} from './training.model.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const TrainingAgencySchema = Type.Object({
  id: Type.String(),
  acronym: Type.String(),
  name: Type.String(),
});

export const TrainingSchema = Type.Object({
  id: Type.String(),
  year: Type.Integer({ description: 'The year of the first day' }),
  title: Type.String(),
  organiser: TrainingAgencySchema,
  coOrganisers: Type.Array(TrainingAgencySchema),
  kind: oneOf(trainingKinds),
  topics: Type.Array(oneOf(trainingTopics)),
  audience: oneOf(trainingAudiences),
  startOn: Type.String({ format: 'date' }),
  endOn: Type.String({ format: 'date' }),
  days: Type.Integer({ description: 'Calendar days from the first to the last, both counted' }),
  place: Type.String(),
  languages: Type.Array(Type.String({ description: 'ISO 639-1 code' })),
  capacity: Nullable(Type.Integer()),
  participants: Nullable(Type.Integer()),
  offerUrl: Nullable(Type.String({ description: "The training in CEPOL's offer" })),
  releasedToObservers: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

// The schema checks shapes; the rules (known agencies, vocabularies, real dates) are the
// service's, so that every problem comes back at once with the field it concerns.
const trainingFields = {
  title: Type.String({ maxLength: limits.title * 2 }),
  organiser: Type.String({ maxLength: 100, description: 'Acronym of the organising agency' }),
  coOrganisers: Type.Array(Type.String({ maxLength: 100 }), {
    maxItems: 50,
    description: 'Acronyms of the co-organising agencies or bodies',
  }),
  kind: Type.String({ maxLength: 40, description: trainingKinds.join(', ') }),
  topics: Type.Array(Type.String({ maxLength: 60 }), {
    maxItems: 30,
    description: `Topic areas: ${trainingTopics.join(', ')}`,
  }),
  audience: Type.String({ maxLength: 60, description: trainingAudiences.join(', ') }),
  startOn: Type.String({ maxLength: 20, description: 'The first day, YYYY-MM-DD' }),
  endOn: Type.String({ maxLength: 20, description: 'The last day, YYYY-MM-DD' }),
  place: Type.String({ maxLength: limits.place * 2, description: 'A city, or "Online"' }),
  languages: Type.Array(Type.String({ maxLength: 10 }), {
    maxItems: 30,
    description: `ISO 639-1 codes of the official EU languages: ${trainingLanguages.join(', ')}`,
  }),
  capacity: Nullable(Type.Integer({ minimum: 0, maximum: limits.people })),
  participants: Nullable(Type.Integer({ minimum: 0, maximum: limits.people })),
  offerUrl: Nullable(Type.String({ maxLength: limits.url * 2 })),
  releasedToObservers: Type.Boolean(),
};

export const NewTrainingBody = Type.Object(
  {
    title: trainingFields.title,
    organiser: trainingFields.organiser,
    coOrganisers: Type.Optional(trainingFields.coOrganisers),
    kind: trainingFields.kind,
    topics: trainingFields.topics,
    audience: trainingFields.audience,
    startOn: trainingFields.startOn,
    endOn: trainingFields.endOn,
    place: trainingFields.place,
    languages: trainingFields.languages,
    capacity: Type.Optional(trainingFields.capacity),
    participants: Type.Optional(trainingFields.participants),
    offerUrl: Type.Optional(trainingFields.offerUrl),
    releasedToObservers: Type.Optional(trainingFields.releasedToObservers),
  },
  { additionalProperties: false },
);
export type NewTrainingBody = Static<typeof NewTrainingBody>;

export const TrainingChangesBody = Type.Partial(Type.Object(trainingFields), {
  additionalProperties: false,
});
export type TrainingChangesBody = Static<typeof TrainingChangesBody>;

export const ConfirmQuery = Type.Object(
  {
    confirm: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'Save even though the training resembles others in the matrix (answered with 409 and the list otherwise)',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The problem answered when a training resembles others: the candidates travel with it. */
export const DuplicatePairSchema = Type.Object({
  a: TrainingSchema,
  b: TrainingSchema,
  titleSimilarity: Type.Number(),
  topicSimilarity: Type.Number(),
});

export const TrainingRevisionSchema = Type.Object({
  version: Type.Integer(),
  recordedAt: Type.String(),
  recordedBy: Nullable(Type.String()),
  summary: Type.String({ description: 'created, edited or imported' }),
  changedFields: Type.Array(Type.String()),
});

const FigureRowSchema = Type.Object({
  name: Type.String({ description: 'The agency acronym or the topic area' }),
  trainings: Type.Integer(),
  participants: Type.Integer(),
  days: Type.Integer(),
});

export const TrainingReportSchema = Type.Object({
  year: Type.Integer(),
  totals: Type.Object({
    trainings: Type.Integer(),
    participants: Type.Integer(),
    days: Type.Integer(),
  }),
  byAgency: Type.Array(FigureRowSchema, {
    description: 'Each agency with the trainings it organised or co-organised',
  }),
  byTopic: Type.Array(FigureRowSchema),
  byKind: Type.Array(FigureRowSchema),
});

export const TrainingFiltersQuery = {
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  agency: Type.Optional(
    Type.String({ maxLength: 100, description: 'Acronym: trainings it organises or co-organises' }),
  ),
  kind: Type.Optional(oneOf(trainingKinds)),
  topic: Type.Optional(oneOf(trainingTopics)),
  audience: Type.Optional(oneOf(trainingAudiences)),
  language: Type.Optional(oneOf(trainingLanguages)),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the title' })),
};

export const TrainingListQuery = Type.Object(
  {
    ...TrainingFiltersQuery,
    sort: oneOf(trainingSortKeys, { default: 'start' }),
    direction: SortDirection,
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type TrainingListQuery = Static<typeof TrainingListQuery>;

export const TrainingExportQuery = Type.Object(TrainingFiltersQuery, {
  additionalProperties: false,
});

export const YearQuery = Type.Object(
  { year: Type.Integer({ minimum: 2000, maximum: 2100 }) },
  { additionalProperties: false },
);

export const TrainingParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

nameSchemas({
  TrainingAgency: TrainingAgencySchema,
  Training: TrainingSchema,
  NewTrainingBody,
  TrainingChangesBody,
  DuplicatePair: DuplicatePairSchema,
  TrainingRevision: TrainingRevisionSchema,
  TrainingFigures: FigureRowSchema,
  TrainingReport: TrainingReportSchema,
});
