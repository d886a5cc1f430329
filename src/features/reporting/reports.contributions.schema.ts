import { Type } from 'typebox';
import { oneOf } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';
import { reportSignoffRules, reportStatuses } from '../../db/schema.js';
import { MAX_CONTRIBUTION_NOTE, MAX_CONTRIBUTION_TEXT } from './reports.contributions.service.js';
import { ReportDocumentSchema } from './reports.schema.js';
import { MAX_SIGNOFF_COMMENT, signoffStates } from './reports.signoff.service.js';

const Day = Type.String({ format: 'date' });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const contributionStatuses = ['asked', 'drafted', 'submitted', 'accepted'] as const;

export const ContributionSchema = Type.Object({
  id: Type.String(),
  reportId: Type.String(),
  reportTitle: Type.String(),
  sectionId: Type.String(),
  sectionTitle: Type.String(),
  organisationId: Type.String(),
  agency: Type.String({ description: 'The acronym of the agency asked.' }),
  dueOn: Day,
  note: Type.String({ description: 'What the secretariat asks for.' }),
  text: Type.String(),
  status: oneOf(contributionStatuses),
  state: oneOf([...contributionStatuses, 'late'] as const, {
    description: 'The status, or late when the day has passed and nothing was submitted.',
  }),
  submittedAt: Instant,
  acceptedAt: Instant,
  version: Type.Integer(),
});

export const ContributionParams = Type.Object({ id: Id, contributionId: Id });
export const SignoffAgencyParams = Type.Object({ id: Id, organisationId: Id });

export const ContributionRequestBody = Type.Object(
  {
    sectionId: Id,
    organisationIds: Type.Array(Id, { minItems: 1, maxItems: 50 }),
    dueOn: Type.String({ minLength: 1, maxLength: 10, description: 'YYYY-MM-DD' }),
    note: Type.String({ maxLength: MAX_CONTRIBUTION_NOTE }),
  },
  { additionalProperties: false },
);

export const ContributionTextBody = Type.Object(
  { text: Type.String({ maxLength: MAX_CONTRIBUTION_TEXT }) },
  { additionalProperties: false },
);

export const SignoffAgencySchema = Type.Object({
  id: Type.String(),
  organisationId: Type.String(),
  agency: Type.String(),
  state: oneOf(signoffStates, {
    description:
      'agreed_by_silence: no answer, the deadline passed and the procedure counts silence as agreement.',
  }),
  answer: Type.Union([oneOf(['approved', 'objected'] as const), Type.Null()]),
  onEarlierText: Type.Boolean({
    description: 'The answer was given on an earlier finalised text and no longer counts.',
  }),
  comment: Type.String(),
  answeredAt: Instant,
  version: Type.Integer(),
});

export const SignoffSchema = Type.Object({
  reportId: Type.String(),
  reportTitle: Type.String(),
  reportStatus: oneOf(reportStatuses),
  version: Type.Integer({
    description: "The report's version, which the procedure changes with (If-Match).",
  }),
  rule: oneOf(reportSignoffRules, {
    description: 'silence: no answer by the deadline agrees; explicit: every agency approves.',
  }),
  dueOn: Type.Union([Day, Type.Null()]),
  hash: Type.Union([Type.String(), Type.Null()], {
    description: 'SHA-256 of the finalised text being signed off.',
  }),
  complete: Type.Boolean(),
  blockers: Type.Array(Type.String()),
  agencies: Type.Array(SignoffAgencySchema, {
    description: 'Every member agency for the secretariat; their own for a contact point.',
  }),
  document: Type.Union([ReportDocumentSchema, Type.Null()]),
});

export const SignoffProcedureBody = Type.Object(
  {
    rule: oneOf(reportSignoffRules),
    dueOn: Type.String({ minLength: 1, maxLength: 10, description: 'YYYY-MM-DD' }),
  },
  { additionalProperties: false },
);

export const SignoffAnswerBody = Type.Object(
  {
    answer: oneOf(['approved', 'objected'] as const),
    comment: Type.String({ maxLength: MAX_SIGNOFF_COMMENT }),
  },
  { additionalProperties: false },
);

export const ReportRequestsSchema = Type.Object({
  contributions: Type.Array(ContributionSchema),
  signoffs: Type.Array(
    Type.Object({
      reportId: Type.String(),
      reportTitle: Type.String(),
      organisationId: Type.String(),
      dueOn: Day,
    }),
  ),
});

nameSchemas({
  ReportContribution: ContributionSchema,
  ReportContributionRequest: ContributionRequestBody,
  ReportContributionText: ContributionTextBody,
  ReportSignoff: SignoffSchema,
  ReportSignoffAgency: SignoffAgencySchema,
  ReportSignoffProcedure: SignoffProcedureBody,
  ReportSignoffAnswer: SignoffAnswerBody,
  ReportRequestsWaiting: ReportRequestsSchema,
});
