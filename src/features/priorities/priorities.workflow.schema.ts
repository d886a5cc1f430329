import { Type } from 'typebox';
import { priorityAnswerKinds, priorityRevisionKinds, priorityStatuses } from '../../db/schema.js';
import { oneOf } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';
import { lineStatuses } from './priorities.compare.js';
import { FrameworkSummarySchema } from './priorities.schema.js';

const year = Type.Integer({ minimum: 2006, maximum: 2100 });
const version = Type.Integer({ minimum: 1, maximum: 10_000 });
const versionRef = Type.String({
  pattern: '^\\d{4}/\\d{1,5}$',
  description: 'A version of the priorities as year/version, such as 2017/1',
});
const sectionNumber = Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$', description: 'Such as 1.1' });
const lineKey = Type.String({
  pattern: '^[0-9a-f-]{36}$',
  description: 'The key of a line, the same in every version',
});
const uuid = Type.String({ pattern: '^[0-9a-f-]{36}$' });
// The service gives the precise limits with a field error; these caps only bound a request.
const text = (maxLength: number) => Type.String({ maxLength });

export const SectionParams = Type.Object({ year, version, section: sectionNumber });
export const LineParams = Type.Object({ year, version, key: lineKey });
export const AnswerParams = Type.Object({ year, version, id: uuid });

export const NewDraftBody = Type.Object(
  { year, from: versionRef },
  { additionalProperties: false },
);

export const FrameworkChangesBody = Type.Object(
  {
    title: Type.Optional(text(1000)),
    introduction: Type.Optional(Type.Array(text(20_000), { maxItems: 200 })),
    principles: Type.Optional(
      Type.Array(
        Type.Object(
          {
            key: Type.Optional(Type.String({ maxLength: 60 })),
            title: text(1000),
            text: text(20_000),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: 50,
          description: 'The whole list, in order: a principle left out is removed',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const SectionChangesBody = Type.Object(
  { title: Type.Optional(text(1000)), objective: Type.Optional(text(20_000)) },
  { additionalProperties: false },
);

export const NewLineBody = Type.Object(
  {
    text: text(20_000),
    position: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: at the end' })),
  },
  { additionalProperties: false },
);

export const LineChangesBody = Type.Object(
  {
    text: Type.Optional(text(20_000)),
    section: Type.Optional(sectionNumber),
    position: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const ConsultationBody = Type.Object(
  {
    deadline: Type.String({
      description: 'The last day to answer (Brussels time), YYYY-MM-DD, not in the past',
      maxLength: 10,
    }),
  },
  { additionalProperties: false },
);

export const AgreementBody = Type.Object(
  {
    agreedOn: Type.String({ maxLength: 10, description: 'YYYY-MM-DD, not in the future' }),
    agreedAt: Type.String({
      maxLength: 1000,
      description: 'The meeting that agreed them, such as "1st JHA network meeting"',
    }),
  },
  { additionalProperties: false },
);

export const AnswerBody = Type.Object(
  {
    section: sectionNumber,
    kind: oneOf(priorityAnswerKinds),
    lineKey: Type.Optional(Type.Union([lineKey, Type.Null()], { description: 'For a change' })),
    text: text(20_000),
  },
  { additionalProperties: false },
);

export const AnswerChangesBody = Type.Object(
  {
    section: Type.Optional(sectionNumber),
    kind: Type.Optional(oneOf(priorityAnswerKinds)),
    lineKey: Type.Optional(Type.Union([lineKey, Type.Null()])),
    text: Type.Optional(text(20_000)),
  },
  { additionalProperties: false },
);

export const AnswerSchema = Type.Object({
  id: Type.String(),
  section: Type.String(),
  agency: Type.String(),
  kind: oneOf(priorityAnswerKinds),
  lineKey: Type.Union([Type.String(), Type.Null()]),
  lineNumber: Type.Union([Type.Integer(), Type.Null()]),
  text: Type.String(),
  authorName: Type.Union([Type.String(), Type.Null()]),
  mine: Type.Boolean(),
  rowVersion: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ConsultationSchema = Type.Object({
  year: Type.Integer(),
  version: Type.Integer(),
  status: oneOf(priorityStatuses),
  title: Type.String(),
  deadline: Type.String({ format: 'date' }),
  open: Type.Boolean(),
  sections: Type.Array(
    Type.Object({
      number: Type.String(),
      title: Type.String(),
      lines: Type.Array(
        Type.Object({ key: Type.String(), number: Type.Integer(), text: Type.String() }),
      ),
    }),
  ),
  answers: Type.Array(AnswerSchema),
  revisions: Type.Array(
    Type.Object({
      revisedAt: Type.String(),
      kind: oneOf(priorityRevisionKinds),
      section: Type.Union([Type.String(), Type.Null()]),
      lineKey: Type.Union([Type.String(), Type.Null()]),
      byName: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  agencies: Type.Union([
    Type.Array(
      Type.Object({
        acronym: Type.String(),
        name: Type.String(),
        answers: Type.Integer(),
        bySection: Type.Record(Type.String(), Type.Integer()),
      }),
    ),
    Type.Null(),
  ]),
});

export const CompareQuery = Type.Object(
  { from: versionRef, to: versionRef },
  { additionalProperties: false },
);

const place = Type.Union([
  Type.Object({ section: Type.String(), number: Type.Integer(), text: Type.String() }),
  Type.Null(),
]);

export const ComparisonSchema = Type.Object({
  from: FrameworkSummarySchema,
  to: FrameworkSummarySchema,
  counts: Type.Record(Type.String(), Type.Integer()),
  sections: Type.Array(
    Type.Object({
      number: Type.String(),
      title: Type.String(),
      previousTitle: Type.Union([Type.String(), Type.Null()]),
      objectiveChanged: Type.Boolean(),
      lines: Type.Array(
        Type.Object({
          key: Type.String(),
          status: oneOf(lineStatuses),
          moved: Type.Boolean(),
          from: place,
          to: place,
          words: Type.Union([
            Type.Array(
              Type.Object({
                op: oneOf(['equal', 'insert', 'delete'] as const),
                text: Type.String(),
              }),
            ),
            Type.Null(),
          ]),
        }),
      ),
    }),
  ),
});

nameSchemas({
  NewDraftBody,
  FrameworkChangesBody,
  SectionChangesBody,
  NewLineBody,
  LineChangesBody,
  ConsultationBody,
  AgreementBody,
  AnswerBody,
  AnswerChangesBody,
  ConsultationAnswer: AnswerSchema,
  Consultation: ConsultationSchema,
  Comparison: ComparisonSchema,
});
