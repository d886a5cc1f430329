import { CsvSeparatorParameter } from '../../app/csv.js';
import { Type } from 'typebox';
import { organisationKinds } from '../../db/schema.js';
import { SortDirection, oneOf } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';
import { organisationCategories, organisationSortKeys } from './network.service.js';

const Kind = oneOf(organisationKinds);
const Category = oneOf(organisationCategories);
const NullableString = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

export const OrganisationSchema = Type.Object({
  id: Type.String(),
  kind: Kind,
  acronym: Type.String(),
  name: Type.String(),
  category: Type.String(),
  hqCity: Type.Union([Type.String(), Type.Null()]),
  hqCountry: Type.Union([Type.String(), Type.Null()]),
  website: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  establishedYear: Type.Union([Type.Integer(), Type.Null()]),
  version: Type.Integer(),
  updatedAt: Type.String(),
});

export const OrganisationDetailSchema = Type.Intersect([
  OrganisationSchema,
  Type.Object({
    formerNames: Type.Array(
      Type.Object({
        acronym: Type.String(),
        name: Type.String(),
        validFrom: Type.Union([Type.String(), Type.Null()]),
        validUntil: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    chairYears: Type.Array(Type.Integer()),
  }),
]);

export const OrganisationListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    sort: oneOf(organisationSortKeys, { default: 'acronym' }),
    direction: SortDirection,
  },
  { additionalProperties: false },
);

/** The registry's CSV: the list's filters, and the separator a spreadsheet's locale expects. */
export const OrganisationCsvQuery = Type.Object(
  { ...OrganisationListQuery.properties, separator: CsvSeparatorParameter },
  { additionalProperties: false },
);

export const OrganisationListSchema = Type.Object({
  items: Type.Array(OrganisationSchema),
  total: Type.Integer(),
});

export const OrganisationParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'Id or current acronym' }),
});

export const NewOrganisationBody = Type.Object(
  {
    kind: Kind,
    acronym: Type.String({ minLength: 1, maxLength: 40 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    category: Category,
    hqCity: Type.Optional(NullableString(100)),
    hqCountry: Type.Optional(NullableString(2)),
    website: Type.Optional(NullableString(300)),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    establishedYear: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  },
  { additionalProperties: false },
);

export const OrganisationChangesBody = Type.Object(
  {
    acronym: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    category: Type.Optional(Category),
    hqCity: Type.Optional(NullableString(100)),
    hqCountry: Type.Optional(NullableString(2)),
    website: Type.Optional(NullableString(300)),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    establishedYear: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    renamedOn: Type.Optional(
      Type.String({
        format: 'date',
        description: 'Records the old name in the history, ending this day',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ChairYearSchema = Type.Object({
  year: Type.Integer(),
  organisationId: Type.String(),
  acronym: Type.String(),
  name: Type.String(),
  note: Type.String(),
  version: Type.Integer(),
});

export const ChairYearParams = Type.Object({
  year: Type.Integer({ minimum: 2006, maximum: 2100 }),
});

export const ChairYearBody = Type.Object(
  {
    organisationId: Type.String({ minLength: 1, maxLength: 64 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

nameSchemas({
  Organisation: OrganisationSchema,
  OrganisationDetail: OrganisationDetailSchema,
  OrganisationList: OrganisationListSchema,
  NewOrganisationBody,
  OrganisationChangesBody,
  ChairYear: ChairYearSchema,
  ChairYearBody,
});
