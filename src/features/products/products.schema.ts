import { Type, type Static } from 'typebox';
import { oneOf, PageQuery, SortDirection } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';
import { limits, productSortKeys } from './products.model.js';
import {
  audiences,
  countryCodes,
  fileTypeCodes,
  languageCodes,
  periodicityCodes,
  productKinds,
  topicCodes,
} from './products.vocabulary.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const ProductAgencySchema = Type.Object({
  id: Type.String(),
  acronym: Type.String(),
  name: Type.String(),
});

const ProductLineSchema = Type.Object({
  key: Type.String({ description: 'Stable across versions of the priorities' }),
  code: Type.String({ description: 'Section and line number, such as 2.1.5' }),
  text: Type.String(),
});

const ProductActivitySchema = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  title: Type.String(),
});

const ProductDocumentSchema = Type.Object({
  id: Type.String(),
  registrationNumber: Type.String(),
  classification: Type.String(),
  tlp: Nullable(Type.String()),
});

export const ProductSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  kind: oneOf(productKinds),
  series: Type.String({ description: 'Shared by the editions of a periodic product' }),
  year: Type.Integer(),
  periodStart: Nullable(Type.String({ format: 'date' })),
  periodEnd: Nullable(Type.String({ format: 'date' })),
  publishedOn: Nullable(Type.String({ format: 'date' })),
  periodicity: oneOf(periodicityCodes),
  audience: oneOf(audiences),
  releasedToObservers: Type.Boolean(),
  publicUrl: Nullable(Type.String()),
  fileType: Nullable(oneOf(fileTypeCodes)),
  document: Nullable(ProductDocumentSchema),
  agencies: Type.Array(ProductAgencySchema),
  topics: Type.Array(oneOf(topicCodes)),
  countries: Type.Array(oneOf(countryCodes)),
  languages: Type.Array(oneOf(languageCodes)),
  lines: Type.Array(ProductLineSchema),
  activities: Type.Array(ProductActivitySchema),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const list = (description: string, maxLength = 60) =>
  Type.Array(Type.String({ maxLength }), { maxItems: limits.listItems, description });

const productFields = {
  title: Type.String({ maxLength: limits.title * 2 }),
  summary: Type.String({ maxLength: limits.summary * 2 }),
  kind: Type.String({ maxLength: 40, description: `One of ${productKinds.join(', ')}` }),
  series: Type.String({ maxLength: limits.series * 2 }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  periodStart: Nullable(Type.String({ maxLength: 20, description: 'YYYY-MM-DD' })),
  periodEnd: Nullable(Type.String({ maxLength: 20, description: 'YYYY-MM-DD' })),
  publishedOn: Nullable(Type.String({ maxLength: 20, description: 'YYYY-MM-DD' })),
  periodicity: Type.String({ maxLength: 20, description: `One of ${periodicityCodes.join(', ')}` }),
  audience: Type.String({ maxLength: 20, description: `One of ${audiences.join(', ')}` }),
  releasedToObservers: Type.Boolean(),
  publicUrl: Nullable(Type.String({ maxLength: limits.url * 2 })),
  fileType: Nullable(Type.String({ maxLength: 10, description: fileTypeCodes.join(', ') })),
  document: Nullable(
    Type.String({ maxLength: 100, description: "A document's id or registration number" }),
  ),
  agencies: list('Producing agencies by acronym; your own among them'),
  topics: list(`Topics: ${topicCodes.join(', ')}`),
  countries: list('Countries covered, EU authority codes (ISO 3166-1 alpha-3)', 10),
  languages: list('Languages, EU authority codes such as ENG', 10),
  lines: list("Lines of action of the year's agreed priorities it serves, such as 2.1.5", 20),
  activities: list('Ids of the scorecard activities that deliver it', 40),
};

export const NewProductBody = Type.Object(
  {
    title: productFields.title,
    summary: productFields.summary,
    kind: productFields.kind,
    series: Type.Optional(productFields.series),
    year: productFields.year,
    periodStart: Type.Optional(productFields.periodStart),
    periodEnd: Type.Optional(productFields.periodEnd),
    publishedOn: Type.Optional(productFields.publishedOn),
    periodicity: productFields.periodicity,
    audience: productFields.audience,
    releasedToObservers: Type.Optional(productFields.releasedToObservers),
    publicUrl: Type.Optional(productFields.publicUrl),
    fileType: Type.Optional(productFields.fileType),
    document: Type.Optional(productFields.document),
    agencies: productFields.agencies,
    topics: Type.Optional(productFields.topics),
    countries: Type.Optional(productFields.countries),
    languages: productFields.languages,
    lines: Type.Optional(productFields.lines),
    activities: Type.Optional(productFields.activities),
  },
  { additionalProperties: false },
);
export type NewProductBody = Static<typeof NewProductBody>;

export const ProductChangesBody = Type.Partial(Type.Object(productFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type ProductChangesBody = Static<typeof ProductChangesBody>;

const facetList = (description: string, maxLength = 60) =>
  Type.Optional(Type.Array(Type.String({ maxLength }), { maxItems: 50, description }));

export const ProductFiltersQuery = {
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Words in the title, summary or series' }),
  ),
  kind: facetList('Kinds of product'),
  agency: facetList('Producing agencies by acronym'),
  topic: facetList('Topics'),
  country: facetList('Countries covered (EU authority codes)', 10),
  language: facetList('Languages (EU authority codes)', 10),
  year: Type.Optional(
    Type.Array(Type.Integer({ minimum: 2000, maximum: 2100 }), {
      maxItems: 50,
      description: 'Years',
    }),
  ),
  periodicity: facetList('Periodicities'),
};

export const ProductListQuery = Type.Object({
  ...ProductFiltersQuery,
  sort: oneOf(productSortKeys, { default: 'title' }),
  direction: SortDirection,
  ...PageQuery,
});

const FacetValueSchema = Type.Object({ value: Type.String(), count: Type.Integer() });
const facetValues = Type.Array(FacetValueSchema);

export const ProductFacetsSchema = Type.Object({
  kind: facetValues,
  agency: facetValues,
  topic: facetValues,
  country: facetValues,
  language: facetValues,
  year: facetValues,
  periodicity: facetValues,
});

export const UpcomingEditionSchema = Type.Object({
  series: Type.String(),
  lastEdition: Type.Object({
    id: Type.String(),
    title: Type.String(),
    periodStart: Type.String({ format: 'date' }),
    periodEnd: Type.String({ format: 'date' }),
  }),
  agencies: Type.Array(ProductAgencySchema),
  periodicity: oneOf(periodicityCodes),
  periodStart: Type.String({ format: 'date' }),
  periodEnd: Type.String({ format: 'date' }),
  expectedOn: Nullable(Type.String({ format: 'date' })),
});

export const ProductParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ActivityProductsParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

nameSchemas({
  ProductAgency: ProductAgencySchema,
  ProductLine: ProductLineSchema,
  ProductActivity: ProductActivitySchema,
  ProductDocument: ProductDocumentSchema,
  Product: ProductSchema,
  NewProductBody,
  ProductChangesBody,
  ProductFacetValue: FacetValueSchema,
  ProductFacets: ProductFacetsSchema,
  UpcomingEdition: UpcomingEditionSchema,
});
