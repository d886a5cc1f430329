import { Type } from 'typebox';
import { priorityGroupKeys, priorityStatuses, reportPeriods } from '../../db/schema.js';
import { oneOf } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';

const Reference = Type.Object({ label: Type.String(), title: Type.String(), url: Type.String() });

export const FrameworkSummarySchema = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  version: Type.Integer(),
  status: oneOf(priorityStatuses),
  title: Type.String(),
  chairAcronym: Type.Union([Type.String(), Type.Null()]),
  chairAcronymNow: Type.Union([Type.String(), Type.Null()], {
    description: "Today's acronym of the chair, when it was named otherwise in that year",
  }),
  agreedOn: Type.Union([Type.String(), Type.Null()]),
  agreedAt: Type.Union([Type.String(), Type.Null()], {
    description: 'The meeting that agreed this version, such as "1st JHA network meeting"',
  }),
  consultationDeadline: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
    description: 'The last day of the consultation (Brussels time), once one was opened',
  }),
  basedOn: Type.Union([Type.String(), Type.Null()], {
    description: 'The version this one was started from, as "year/version"',
  }),
  rowVersion: Type.Integer({
    description: 'Numbers the edits of this version; also its ETag, sent back in If-Match',
  }),
});

export const FrameworkSchema = Type.Intersect([
  FrameworkSummarySchema,
  Type.Object({
    introduction: Type.Array(Type.String()),
    outlookNote: Type.Union([Type.String(), Type.Null()], {
      description: 'The paragraph that follows the outlook, where the paper has one',
    }),
    principles: Type.Array(
      Type.Object({ key: Type.String(), title: Type.String(), text: Type.String() }),
    ),
    groups: Type.Array(
      Type.Object({
        key: oneOf(priorityGroupKeys),
        title: Type.String(),
        outlook: Type.Array(Type.String()),
      }),
    ),
    sections: Type.Array(
      Type.Object({
        number: Type.String(),
        group: oneOf(priorityGroupKeys),
        title: Type.String(),
        objective: Type.String(),
        objectiveReferences: Type.Array(Reference),
        context: Type.Array(
          Type.Union([
            Type.String(),
            Type.Object(
              { text: Type.String(), items: Type.Array(Type.String()) },
              { description: 'A paragraph that introduces a list, as the paper sets it out' },
            ),
          ]),
        ),
        lines: Type.Array(
          Type.Object({
            key: Type.String({ description: 'The same for this line in every version' }),
            number: Type.Integer(),
            text: Type.String(),
            references: Type.Array(Reference),
          }),
        ),
      }),
    ),
  }),
]);

export const PrioritiesListQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })) },
  { additionalProperties: false },
);

export const YearParams = Type.Object({ year: Type.Integer({ minimum: 2006, maximum: 2100 }) });

export const VersionParams = Type.Object({
  year: Type.Integer({ minimum: 2006, maximum: 2100 }),
  version: Type.Integer({ minimum: 1, maximum: 10_000 }),
});

nameSchemas({
  PriorityReference: Reference,
  FrameworkSummary: FrameworkSummarySchema,
  Framework: FrameworkSchema,
});

export const ReportObligationSchema = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  recipientAcronym: Type.String(),
  recipientName: Type.String({ description: 'The recipient as named in the registry' }),
  period: oneOf(reportPeriods, { description: 'When in the year the report is due' }),
  dueOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  illustrative: Type.Boolean({
    description: 'Whether the demonstration added the record rather than a paper stating it',
  }),
  source: Type.String({ description: "The section of the year's priorities that asks for it" }),
});
