import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Executor, Trx } from '../../db/database.js';
import type { Schema } from '../../db/schema.js';
import { containsIgnoringCase } from '../../db/text-search.js';
import { visibleDocuments, type DocumentReader } from '../documents/documents.policy.js';
import { classificationName } from '../documents/markings.js';
import { agreedLineCodes, agreedLinesByKey } from '../priorities/agreed-lines.js';
import { visibleActivities } from '../scorecard/scorecard.policy.js';
import type {
  AgencyRef,
  ProductFilters,
  ProductView,
  ResolvedProduct,
  Vocabulary,
} from './products.model.js';
import type {
  Audience,
  CountryCode,
  FileType,
  LanguageCode,
  Periodicity,
  ProductKind,
  Topic,
} from './products.vocabulary.js';

type ProductPredicate = (eb: ExpressionBuilder<Schema, 'products'>) => Expression<SqlBool>;

/** The member agencies by id, acronym and former acronym, and the agreed lines of a year. */
export async function loadVocabulary(db: Executor, year: number): Promise<Vocabulary> {
  const [agencies, formerNames, codes] = await Promise.all([
    db
      .selectFrom('organisations')
      .select(['id', 'acronym', 'name'])
      .where('kind', '=', 'agency')
      .execute(),
    db
      .selectFrom('organisation_names')
      .select(['organisation_id as organisationId', 'acronym'])
      .execute(),
    agreedLineCodes(db, year),
  ]);
  const byName = new Map<string, AgencyRef>();
  for (const agency of agencies) {
    byName.set(agency.acronym.toLowerCase(), agency);
    byName.set(agency.id, agency);
  }
  for (const former of formerNames) {
    const current = agencies.find((a) => a.id === former.organisationId);
    if (current && !byName.has(former.acronym.toLowerCase()))
      byName.set(former.acronym.toLowerCase(), current);
  }
  return {
    agencyOf: (name) => byName.get(name.trim().toLowerCase()) ?? byName.get(name.trim()),
    lineKeyOf: (code) => codes.get(code.trim())?.key,
  };
}

/** Products matching the filters, among those `visible` lets through. */
export function matchingProducts(
  db: Executor,
  visible: ProductPredicate,
  filters: ProductFilters,
  agencyIds: readonly string[] | undefined,
) {
  let query = db.selectFrom('products').where(visible);
  const words = filters.q?.trim();
  if (words)
    query = query.where((eb) =>
      eb.or([
        containsIgnoringCase('products.title', words),
        containsIgnoringCase('products.summary', words),
        containsIgnoringCase('products.series', words),
      ]),
    );
  if (filters.kind?.length) query = query.where('products.kind', 'in', filters.kind);
  if (filters.periodicity?.length)
    query = query.where('products.periodicity', 'in', filters.periodicity);
  if (filters.year?.length) query = query.where('products.year', 'in', filters.year);
  if (agencyIds !== undefined)
    query = query.where((eb) =>
      agencyIds.length === 0
        ? eb.lit(false)
        : eb.exists(
            eb
              .selectFrom('product_agencies')
              .select('product_agencies.product_id')
              .whereRef('product_agencies.product_id', '=', 'products.id')
              .where('product_agencies.organisation_id', 'in', [...agencyIds]),
          ),
    );
  const { topic, country, language } = filters;
  if (topic?.length)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('product_topics')
          .select('product_topics.product_id')
          .whereRef('product_topics.product_id', '=', 'products.id')
          .where('product_topics.topic', 'in', topic),
      ),
    );
  if (country?.length)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('product_countries')
          .select('product_countries.product_id')
          .whereRef('product_countries.product_id', '=', 'products.id')
          .where('product_countries.country', 'in', country),
      ),
    );
  if (language?.length)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('product_languages')
          .select('product_languages.product_id')
          .whereRef('product_languages.product_id', '=', 'products.id')
          .where('product_languages.language', 'in', language),
      ),
    );
  return query;
}

/** Full views of the products, in the order of `ids`, as the reader may see their links. */
export async function loadViews(
  db: Executor,
  ids: readonly string[],
  reader: DocumentReader | null,
): Promise<ProductView[]> {
  const views: ProductView[] = [];
  for (let start = 0; start < ids.length; start += 500) {
    views.push(...(await loadChunk(db, ids.slice(start, start + 500), reader)));
  }
  const order = new Map(ids.map((id, index) => [id, index]));
  return views.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

function groupBy<T extends { productId: string }>(rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.productId);
    if (list) list.push(row);
    else grouped.set(row.productId, [row]);
  }
  return grouped;
}

async function loadChunk(
  db: Executor,
  ids: string[],
  reader: DocumentReader | null,
): Promise<ProductView[]> {
  if (ids.length === 0) return [];
  const [rows, agencies, topics, countries, languages, lines, activities] = await Promise.all([
    db.selectFrom('products').selectAll().where('id', 'in', ids).execute(),
    db
      .selectFrom('product_agencies')
      .innerJoin('organisations', 'organisations.id', 'product_agencies.organisation_id')
      .select([
        'product_agencies.product_id as productId',
        'organisations.id',
        'organisations.acronym',
        'organisations.name',
      ])
      .where('product_agencies.product_id', 'in', ids)
      .orderBy('product_agencies.position')
      .execute(),
    db
      .selectFrom('product_topics')
      .select(['product_id as productId', 'topic as value'])
      .where('product_id', 'in', ids)
      .orderBy('topic')
      .execute(),
    db
      .selectFrom('product_countries')
      .select(['product_id as productId', 'country as value'])
      .where('product_id', 'in', ids)
      .orderBy('country')
      .execute(),
    db
      .selectFrom('product_languages')
      .select(['product_id as productId', 'language as value'])
      .where('product_id', 'in', ids)
      .orderBy('language')
      .execute(),
    db
      .selectFrom('product_lines')
      .select(['product_id as productId', 'line_key as key'])
      .where('product_id', 'in', ids)
      .orderBy('position')
      .execute(),
    reader === null
      ? Promise.resolve([])
      : db
          .selectFrom('product_activities')
          .innerJoin(
            'scorecard_activities',
            'scorecard_activities.id',
            'product_activities.activity_id',
          )
          .select([
            'product_activities.product_id as productId',
            'scorecard_activities.id',
            'scorecard_activities.year',
            'scorecard_activities.title',
          ])
          .where('product_activities.product_id', 'in', ids)
          .where(visibleActivities(reader))
          .orderBy('scorecard_activities.year')
          .orderBy('scorecard_activities.title')
          .execute(),
  ]);
  const documentIds = rows.flatMap((r) => (r.document_id === null ? [] : [r.document_id]));
  const documents =
    reader === null || documentIds.length === 0
      ? []
      : await db
          .selectFrom('documents')
          .select(['id', 'registration_number', 'classification_level', 'tlp'])
          .where('id', 'in', documentIds)
          .where(visibleDocuments(reader))
          .execute();
  const documentOf = new Map(documents.map((d) => [d.id, d]));
  const years = [...new Set(rows.map((r) => r.year))];
  const lineTexts = new Map<number, Awaited<ReturnType<typeof agreedLinesByKey>>>();
  for (const year of years) {
    const keys = lines.filter((l) => rows.find((r) => r.id === l.productId)?.year === year);
    lineTexts.set(
      year,
      await agreedLinesByKey(
        db,
        year,
        keys.map((k) => k.key),
      ),
    );
  }
  const agenciesOf = groupBy(agencies);
  const topicsOf = groupBy(topics);
  const countriesOf = groupBy(countries);
  const languagesOf = groupBy(languages);
  const linesOf = groupBy(lines);
  const activitiesOf = groupBy(activities);
  return rows.map((row) => {
    const document = row.document_id === null ? undefined : documentOf.get(row.document_id);
    const known = lineTexts.get(row.year);
    return {
      id: row.id,
      title: row.title,
      summary: row.summary,
      kind: row.kind as ProductKind,
      series: row.series,
      year: row.year,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      publishedOn: row.published_on,
      periodicity: row.periodicity as Periodicity,
      audience: row.audience as Audience,
      releasedToObservers: row.released_to_observers === 1,
      publicUrl: row.public_url,
      fileType: row.file_type as FileType | null,
      document: document
        ? {
            id: document.id,
            registrationNumber: document.registration_number,
            classification: classificationName(document.classification_level),
            tlp: document.tlp,
          }
        : null,
      agencies: (agenciesOf.get(row.id) ?? []).map(({ id, acronym, name }) => ({
        id,
        acronym,
        name,
      })),
      topics: (topicsOf.get(row.id) ?? []).map((t) => t.value as Topic),
      countries: (countriesOf.get(row.id) ?? []).map((c) => c.value as CountryCode),
      languages: (languagesOf.get(row.id) ?? []).map((l) => l.value as LanguageCode),
      lines: (linesOf.get(row.id) ?? []).flatMap((l) => {
        const line = known?.get(l.key);
        return line ? [{ key: line.key, code: line.code, text: line.text }] : [];
      }),
      activities: (activitiesOf.get(row.id) ?? []).map(({ id, year, title }) => ({
        id,
        year,
        title,
      })),
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
}

/** The columns of a product's own row. */
export function productColumns(product: ResolvedProduct, documentId: string | null) {
  return {
    title: product.title,
    summary: product.summary,
    kind: product.kind,
    series: product.series,
    year: product.year,
    period_start: product.periodStart,
    period_end: product.periodEnd,
    published_on: product.publishedOn,
    periodicity: product.periodicity,
    audience: product.audience,
    released_to_observers: product.releasedToObservers ? 1 : 0,
    public_url: product.publicUrl,
    file_type: product.fileType,
    document_id: documentId,
  };
}

/** Replaces a product's child rows: agencies, topics, countries, languages, lines, activities. */
export async function writeChildren(
  trx: Trx,
  id: string,
  product: ResolvedProduct,
  activityIds: readonly string[],
): Promise<void> {
  for (const table of [
    'product_agencies',
    'product_topics',
    'product_countries',
    'product_languages',
    'product_lines',
    'product_activities',
  ] as const)
    await trx.deleteFrom(table).where('product_id', '=', id).execute();
  if (product.agencyIds.length > 0)
    await trx
      .insertInto('product_agencies')
      .values(
        product.agencyIds.map((organisation_id, position) => ({
          product_id: id,
          organisation_id,
          position,
        })),
      )
      .execute();
  if (product.topics.length > 0)
    await trx
      .insertInto('product_topics')
      .values(product.topics.map((topic) => ({ product_id: id, topic })))
      .execute();
  if (product.countries.length > 0)
    await trx
      .insertInto('product_countries')
      .values(product.countries.map((country) => ({ product_id: id, country })))
      .execute();
  if (product.languages.length > 0)
    await trx
      .insertInto('product_languages')
      .values(product.languages.map((language) => ({ product_id: id, language })))
      .execute();
  if (product.lineKeys.length > 0)
    await trx
      .insertInto('product_lines')
      .values(
        product.lineKeys.map((line_key, position) => ({ product_id: id, line_key, position })),
      )
      .execute();
  if (activityIds.length > 0)
    await trx
      .insertInto('product_activities')
      .values(activityIds.map((activity_id) => ({ product_id: id, activity_id })))
      .execute();
}
