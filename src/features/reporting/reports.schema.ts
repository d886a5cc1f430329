import { Type } from 'typebox';
import { oneOf } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';
import { reportAudiences, reportKinds, reportPeriods, reportStatuses } from '../../db/schema.js';
import { calendarStatuses, dataSectionKinds, writtenSectionKinds } from './reports.model.js';
import { MAX_SECTION_TEXT } from './reports.service.js';

const Day = Type.String({ format: 'date' });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const YearQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })) },
  { additionalProperties: false },
);

export const CalendarEntrySchema = Type.Object({
  obligationId: Type.String(),
  year: Type.Integer(),
  kind: oneOf(reportKinds),
  period: oneOf(reportPeriods),
  recipientAcronym: Type.Union([Type.String(), Type.Null()], {
    description: 'Null for the final and annual reports, which go to no single organisation.',
  }),
  recipientName: NullableString,
  dueOn: Type.Union([Day, Type.Null()]),
  chair: Type.Union([Type.String(), Type.Null()], {
    description: "The year's chair, named as on the due day.",
  }),
  status: oneOf(calendarStatuses, {
    description:
      'Overdue: past its due day and not submitted. Counts only reports the caller may read.',
  }),
  reportId: Type.Union([Type.String(), Type.Null()]),
  source: Type.String({ description: 'The section of the priorities that asks for it.' }),
});

export const CalendarSchema = Type.Object({
  year: Type.Integer(),
  today: Day,
  entries: Type.Array(CalendarEntrySchema),
});

const ChartSchema = Type.Object({
  kind: oneOf(['bar', 'stacked-bar', 'donut'] as const),
  title: Type.String(),
  alt: Type.String(),
  categories: Type.Array(Type.String()),
  series: Type.Array(Type.Object({ name: Type.String(), values: Type.Array(Type.Number()) })),
});

const BlockSchema = Type.Union([
  Type.Object({ kind: Type.Literal('paragraph'), text: Type.String() }),
  Type.Object({ kind: Type.Literal('list'), items: Type.Array(Type.String()) }),
  Type.Object({
    kind: Type.Literal('table'),
    table: Type.Object({
      caption: Type.String(),
      header: Type.Array(Type.String()),
      rows: Type.Array(Type.Array(Type.String())),
    }),
  }),
  Type.Object({ kind: Type.Literal('chart'), chart: ChartSchema }),
]);

const sectionFields = {
  number: Type.String(),
  title: Type.String(),
  origin: oneOf(['data', 'written'] as const),
  blocks: Type.Array(BlockSchema),
};

/** Reports nest two levels: sections and their subsections. */
const SubsectionSchema = Type.Object({
  ...sectionFields,
  subsections: Type.Array(Type.Object({}), { maxItems: 0 }),
});

export const ReportDocumentSchema = Type.Object({
  title: Type.String(),
  recipient: Type.String(),
  chair: Type.String(),
  asOf: Day,
  issuedOn: Day,
  edition: oneOf(['draft', 'final', 'public'] as const),
  marking: Type.Union([Type.Object({ label: Type.String(), public: Type.Boolean() }), Type.Null()]),
  omissionNote: NullableString,
  sections: Type.Array(
    Type.Object({ ...sectionFields, subsections: Type.Array(SubsectionSchema) }),
  ),
});

export const ReportSectionSchema = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  origin: oneOf(['data', 'written'] as const),
  kind: oneOf([...dataSectionKinds, ...writtenSectionKinds]),
  title: Type.String(),
  body: Type.String(),
  version: Type.Integer(),
});

const summaryFields = {
  id: Type.String(),
  obligationId: Type.String(),
  year: Type.Integer(),
  kind: oneOf(reportKinds),
  title: Type.String(),
  asOf: Day,
  status: oneOf(reportStatuses),
  audience: oneOf(reportAudiences, {
    description:
      'Who reads the finalised report besides the secretariat; observers read its public edition.',
  }),
  version: Type.Integer(),
};

export const ReportSummarySchema = Type.Object(summaryFields);

export const ReportSchema = Type.Object({
  ...summaryFields,
  sections: Type.Array(ReportSectionSchema, {
    description: 'The sections as the secretariat edits them; empty for other readers.',
  }),
  hash: Type.Union([Type.String(), Type.Null()], {
    description: 'SHA-256 of the frozen edition the caller receives, once finalised.',
  }),
  finalisedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  submittedOn: Type.Union([Day, Type.Null()]),
  document: ReportDocumentSchema,
  actions: Type.Object({
    edit: Type.Boolean(),
    finalise: Type.Boolean(),
    submit: Type.Boolean(),
    release: Type.Boolean(),
  }),
});

export const ReportIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const ReportSectionParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  sectionId: Type.String({ minLength: 1, maxLength: 64 }),
});

export const NewReportBody = Type.Object(
  {
    obligationId: Type.String({ minLength: 1, maxLength: 64 }),
    asOf: Type.String({
      minLength: 1,
      maxLength: 10,
      description: 'The day the data sections are read on (YYYY-MM-DD).',
    }),
  },
  { additionalProperties: false },
);

export const ReportChangesBody = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 300 })),
    asOf: Type.Optional(Type.String({ maxLength: 10 })),
    audience: Type.Optional(oneOf(reportAudiences)),
  },
  { additionalProperties: false },
);

export const SectionTextBody = Type.Object(
  { text: Type.String({ maxLength: MAX_SECTION_TEXT }) },
  { additionalProperties: false },
);

export const SubmissionBody = Type.Object(
  { submittedOn: Type.String({ minLength: 1, maxLength: 10 }) },
  { additionalProperties: false },
);

nameSchemas({
  ReportCalendarEntry: CalendarEntrySchema,
  ReportCalendar: CalendarSchema,
  ReportDocument: ReportDocumentSchema,
  ReportSection: ReportSectionSchema,
  ReportSummary: ReportSummarySchema,
  Report: ReportSchema,
  NewReport: NewReportBody,
  ReportChanges: ReportChangesBody,
  ReportSectionText: SectionTextBody,
  ReportSubmission: SubmissionBody,
});
