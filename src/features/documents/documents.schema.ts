import { CsvSeparatorParameter } from '../../app/csv.js';
import { Type } from 'typebox';
import { oneOf, PageQuery, SortDirection } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';
import { documentLinkTypes, euciCeilingNames, releasabilities, tlps } from '../../db/schema.js';
import {
  documentLanguages,
  documentSortKeys,
  documentTypes,
  MAX_COUNTED_MATCHES,
} from './documents.model.js';
import { clearanceNames } from './euci.service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Id = Type.String({ format: 'uuid' });
const OrganisationRef = Type.Object({
  id: Type.String(),
  acronym: Type.String(),
  acronymOnDate: Type.Optional(
    Type.String({
      description:
        "Of the originator: its acronym on the registration day, when it differs from today's (`acronym`)",
    }),
  ),
});

export const MarkingBody = Type.Object(
  {
    classification: oneOf(euciCeilingNames, {
      description:
        'none, or the EU classification: restreint (RESTREINT UE/EU RESTRICTED), confidentiel, secret, tres_secret',
    }),
    limite: Type.Optional(Type.Boolean({ description: 'The distribution marking LIMITE' })),
    sensitive: Type.Optional(Type.Boolean({ description: 'Sensitive non-classified' })),
    tlp: Type.Optional(Nullable(oneOf(tlps, { description: 'TLP 2.0 label' }))),
    releasability: oneOf(releasabilities, {
      description:
        'network: every member agency; named: the organisations in releasedTo; originator: the originator agency only',
    }),
    releasedTo: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
    recipients: Type.Optional(
      Type.Array(Id, {
        maxItems: 100,
        uniqueItems: true,
        description: 'For TLP:RED: the users who may read it',
      }),
    ),
  },
  { additionalProperties: false },
);

const LinksBody = Type.Object(
  {
    meetings: Type.Optional(Type.Array(Id, { maxItems: 50 })),
    agendaItems: Type.Optional(Type.Array(Id, { maxItems: 50 })),
    activities: Type.Optional(Type.Array(Id, { maxItems: 50 })),
    priorityLines: Type.Optional(
      Type.Array(Type.String({ maxLength: 20 }), {
        maxItems: 50,
        description: 'Codes such as 1.1.3 in the priorities of the registration year',
      }),
    ),
  },
  { additionalProperties: false },
);

const details = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  documentType: oneOf(documentTypes),
  language: oneOf(documentLanguages, { description: 'ISO 639-1 code of an official EU language' }),
  registeredOn: Type.Optional(Type.String({ format: 'date' })),
  links: Type.Optional(LinksBody),
  holderOrganisationId: Type.Optional(Nullable(Id)),
  pointOfContact: Type.Optional(Type.String({ maxLength: 300 })),
  originatorReference: Type.Optional(
    Type.String({
      maxLength: 64,
      description:
        "The originator's own reference, such as its file number: letters, digits, spaces and . / ( ) -; not unique",
    }),
  ),
};

export const NewDocumentBody = Type.Object(
  {
    ...details,
    registrationNumber: Type.Optional(
      Type.String({
        maxLength: 64,
        description:
          'Deprecated: taken as originatorReference. The registration number is always allocated, ORIGINATOR-YEAR-NNNNN.',
      }),
    ),
    marking: MarkingBody,
  },
  { additionalProperties: false },
);

export const DocumentChangesBody = Type.Partial(Type.Object(details), {
  additionalProperties: false,
});

export const MarkingChangeBody = Type.Object(
  {
    marking: MarkingBody,
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

export const ScheduleBody = Type.Object(
  {
    on: Type.String({ format: 'date', description: 'The day the change applies' }),
    classification: oneOf(euciCeilingNames),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

const MarkingSchema = Type.Object({
  classification: oneOf(euciCeilingNames),
  classificationLabel: Type.String(),
  limite: Type.Boolean(),
  sensitive: Type.Boolean(),
  tlp: Nullable(oneOf(tlps)),
  releasability: oneOf(releasabilities),
  releasedTo: Type.Array(OrganisationRef),
  recipients: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  line: Type.String({ description: 'The marking as banners and file headers show it' }),
});

const FileSchema = Type.Object({
  number: Type.Integer(),
  filename: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  note: Type.String(),
  uploadedAt: Type.String(),
  uploadedBy: Nullable(Type.String()),
  textChars: Type.Integer(),
  textFailed: Type.Boolean(),
  textPending: Type.Boolean({
    description:
      'The text is still being extracted (in the background, after the upload answered): until then textChars and textFailed tell nothing, and search does not find the file by its words',
  }),
});

const summary = {
  id: Type.String(),
  registrationNumber: Type.String({
    description: 'ORIGINATOR-YEAR-NNNNN, allocated by the platform; unique',
  }),
  originatorReference: Type.String({ description: "The originator's own reference, or empty" }),
  registeredOn: Type.String(),
  title: Type.String(),
  documentType: Type.String(),
  language: Type.String(),
  originator: OrganisationRef,
  marking: MarkingSchema,
  isReference: Type.Boolean({
    description: 'Classified above this deployment: a record of where the content is, no content',
  }),
  currentFile: Nullable(FileSchema),
  version: Type.Integer(),
  updatedAt: Type.String(),
  snippet: Nullable(
    Type.String({ description: 'Search results: matches are between U+E000 and U+E001' }),
  ),
};

export const DocumentSummarySchema = Type.Object(summary);

export const DocumentDetailSchema = Type.Object({
  ...summary,
  description: Type.String(),
  registeredBy: Nullable(Type.String()),
  holder: Nullable(OrganisationRef),
  pointOfContact: Type.String(),
  links: Type.Array(
    Type.Object({ type: oneOf(documentLinkTypes), id: Type.String(), label: Type.String() }),
  ),
  files: Type.Array(FileSchema),
  scheduledChange: Nullable(
    Type.Object({
      on: Type.String(),
      classification: oneOf(euciCeilingNames),
      classificationLabel: Type.String(),
      reason: Type.String(),
    }),
  ),
  markingHistory: Type.Array(
    Type.Object({
      kind: Type.String(),
      before: Type.String(),
      after: Type.String(),
      reason: Type.String(),
      by: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
  permissions: Type.Object({
    edit: Type.Boolean(),
    mark: Type.Boolean(),
    download: Type.Boolean(),
    seeDownloads: Type.Boolean(),
  }),
});

export const RegisteredSchema = Type.Object({
  document: DocumentDetailSchema,
  fileRefused: Nullable(
    Type.String({ description: 'Why the file was not stored (above the ceiling)' }),
  ),
});

const FacetSchema = Type.Array(
  Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }),
);

export const SearchResultSchema = Type.Object({
  items: Type.Array(DocumentSummarySchema),
  total: Type.Integer({
    description: `Every document matching that the caller may read, counted up to ${MAX_COUNTED_MATCHES.toLocaleString('en')}`,
  }),
  totalIsLowerBound: Type.Boolean({
    description: `True when more than ${MAX_COUNTED_MATCHES.toLocaleString('en')} documents match: \`total\` is then ${MAX_COUNTED_MATCHES.toLocaleString('en')} and means "more than", the facets count the first ${MAX_COUNTED_MATCHES.toLocaleString('en')} matches only, and a search's pages rank those matches (the most recently indexed)`,
  }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  facets: Type.Object({
    originator: FacetSchema,
    type: FacetSchema,
    language: FacetSchema,
    year: FacetSchema,
    classification: FacetSchema,
    tlp: FacetSchema,
  }),
  marking: Type.Object({
    line: Type.String({ description: 'The most restrictive marking of the documents listed' }),
    classification: oneOf(euciCeilingNames),
  }),
});

export const DocumentFiltersQuery = {
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Words in the metadata or the text' }),
  ),
  originator: Type.Optional(Type.Array(Id, { maxItems: 20 })),
  type: Type.Optional(Type.Array(oneOf(documentTypes), { maxItems: 20 })),
  language: Type.Optional(Type.Array(oneOf(documentLanguages), { maxItems: 30 })),
  year: Type.Optional(Type.Array(Type.Integer({ minimum: 1990, maximum: 2100 }), { maxItems: 20 })),
  classification: Type.Optional(Type.Array(oneOf(euciCeilingNames), { maxItems: 5 })),
  tlp: Type.Optional(Type.Array(oneOf([...tlps, 'none'] as const), { maxItems: 6 })),
  linkedType: Type.Optional(oneOf(documentLinkTypes)),
  linkedId: Type.Optional(Type.String({ maxLength: 64 })),
};

export const DocumentListQuerySchema = Type.Object({
  ...DocumentFiltersQuery,
  sort: Type.Optional(oneOf(documentSortKeys)),
  direction: Type.Optional(SortDirection),
  ...PageQuery,
});

export const DocumentExportQuery = Type.Object({
  ...DocumentFiltersQuery,
  separator: CsvSeparatorParameter,
});

export const DocumentParams = Type.Object({ id: Id });
export const VersionParams = Type.Object({ id: Id, number: Type.Integer({ minimum: 1 }) });
export const UploadQuery = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 255 }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

export const DownloadsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      at: Type.String(),
      userEmail: Type.String(),
      organisation: Type.String(),
      fileNumber: Type.Integer(),
      rendition: Type.String(),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const SignatorySchema = Type.Object({
  organisationId: Type.String(),
  acronym: Type.String(),
  acronymOnDate: Type.Optional(
    Type.String({
      description: "The acronym on the day it signed, when it differs from today's (`acronym`)",
    }),
  ),
  name: Type.String(),
  kind: oneOf(['agency', 'body'] as const),
  signedOn: Nullable(Type.String()),
});

export const SignBody = Type.Object(
  { signedOn: Type.String({ format: 'date' }) },
  { additionalProperties: false },
);

export const OrganisationParams = Type.Object({ organisationId: Id });
export const UserParams = Type.Object({ userId: Id });

export const ClearanceBody = Type.Object(
  {
    clearance: oneOf(clearanceNames, {
      description: 'Personal security clearance; RESTREINT UE needs a briefing only',
    }),
    briefedOn: Nullable(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);

export const EuciRequestParams = Type.Object({ id: Id });

export const EuciRequestSchema = Type.Object(
  {
    id: Type.String(),
    kind: oneOf(['signature', 'clearance'] as const),
    status: oneOf(['pending', 'confirmed', 'rejected'] as const),
    organisationId: Nullable(Type.String({ description: 'The organisation that signs' })),
    userId: Nullable(Type.String({ description: 'The user cleared or briefed' })),
    subject: Type.String(),
    signedOn: Nullable(Type.String()),
    clearance: Nullable(oneOf(clearanceNames)),
    clearanceLabel: Nullable(Type.String()),
    briefedOn: Nullable(Type.String()),
    requestedById: Nullable(Type.String({ description: 'Null: the platform (demo data)' })),
    requestedBy: Nullable(Type.String()),
    requestedByOrganisationId: Nullable(Type.String()),
    requestedByOrganisation: Nullable(Type.String()),
    requestedAt: Type.String(),
    decidedBy: Nullable(Type.String()),
    decidedAt: Nullable(Type.String()),
  },
  {
    description:
      'A signature of the EUCI agreement, or a clearance or briefing that widens access, waiting for an administrator of another organisation to confirm it (four eyes), or what became of it.',
  },
);

export const ClearanceSchema = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  email: Type.String(),
  organisation: Type.String(),
  clearance: oneOf(clearanceNames),
  clearanceLabel: Type.String(),
  briefedOn: Nullable(Type.String()),
  version: Type.Integer(),
});

nameSchemas({
  MarkingBody,
  NewDocumentBody,
  DocumentChangesBody,
  MarkingChangeBody,
  ScheduleBody,
  Marking: MarkingSchema,
  DocumentFile: FileSchema,
  DocumentSummary: DocumentSummarySchema,
  DocumentDetail: DocumentDetailSchema,
  RegisteredDocument: RegisteredSchema,
  DocumentSearchResult: SearchResultSchema,
  DocumentDownloads: DownloadsSchema,
  EuciSignatory: SignatorySchema,
  EuciSignatureBody: SignBody,
  ClearanceBody,
  Clearance: ClearanceSchema,
});
