import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import {
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import type { Database, Executor, Trx } from '../../db/database.js';
import { claimVersion } from '../../db/versioned.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import type { DocumentReader } from '../documents/documents.policy.js';
import { visibleDocuments } from '../documents/documents.policy.js';
import { readerFor } from '../documents/documents.repository.js';
import { visibleActivities } from '../scorecard/scorecard.policy.js';
import {
  nextEdition,
  resolveProduct,
  type FacetName,
  type FacetValue,
  type ProductFilters,
  type ProductInput,
  type ProductPage,
  type ProductQuery,
  type ProductView,
  type ResolvedProduct,
  type UpcomingEdition,
} from './products.model.js';
import { mayWriteFor, publicProducts, visibleProducts } from './products.policy.js';
import {
  loadViews,
  loadVocabulary,
  matchingProducts,
  productColumns,
  writeChildren,
} from './products.repository.js';

const NOT_FOUND = 'No such product.';

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** A product checked in full: what to store, or every problem with it. */
export interface CheckedProduct {
  product: ResolvedProduct | null;
  documentId: string | null;
  activityIds: string[];
  errors: FieldError[];
}

/**
 * The index of analytical products: each agency's products, read by the network through
 * `visibleProducts`, written by the agencies that produce them, the audit entry in the
 * transaction of each write.
 */
export class Products {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  reader(actor: Actor, db: Executor = this.database.db): Promise<DocumentReader> {
    return readerFor(db, actor);
  }

  /** The ids of the agencies named by acronym (today's or a former one); unknown names none. */
  private async agencyIds(db: Executor, names: readonly string[] | undefined) {
    if (!names?.length) return undefined;
    const vocabulary = await loadVocabulary(db, 2000);
    return [...new Set(names.flatMap((n) => vocabulary.agencyOf(n)?.id ?? []))];
  }

  /** The matching products the reader may see, in the order asked for. */
  private async sortedIds(
    db: Executor,
    reader: DocumentReader,
    filters: ProductFilters,
    sort: ProductQuery['sort'] = 'title',
    direction: ProductQuery['direction'] = 'asc',
  ): Promise<string[]> {
    const rows = await matchingProducts(
      db,
      visibleProducts(reader),
      filters,
      await this.agencyIds(db, filters.agency),
    )
      .select([
        'products.id',
        'products.title',
        'products.year',
        'products.published_on as publishedOn',
        'products.kind',
      ])
      .execute();
    const byTitle = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
      collator.compare(a.title, b.title) || a.id.localeCompare(b.id);
    const order = {
      title: byTitle,
      year: (a: (typeof rows)[number], b: (typeof rows)[number]) => a.year - b.year,
      published: (a: (typeof rows)[number], b: (typeof rows)[number]) =>
        (a.publishedOn ?? '').localeCompare(b.publishedOn ?? ''),
      kind: (a: (typeof rows)[number], b: (typeof rows)[number]) => a.kind.localeCompare(b.kind),
    }[sort];
    const sign = direction === 'desc' ? -1 : 1;
    return rows.sort((a, b) => sign * order(a, b) || byTitle(a, b)).map((r) => r.id);
  }

  async list(actor: Actor, query: ProductQuery): Promise<ProductPage> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const ids = await this.sortedIds(db, reader, query, query.sort, query.direction);
    const start = (query.page - 1) * query.pageSize;
    return {
      items: await loadViews(db, ids.slice(start, start + query.pageSize), reader),
      total: ids.length,
      page: query.page,
      pageSize: query.pageSize,
      facets: await this.facets(db, reader, query),
    };
  }

  /** Every matching product the reader may see, by title: for the exports. */
  async all(actor: Actor, filters: ProductFilters): Promise<ProductView[]> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    return loadViews(db, await this.sortedIds(db, reader, filters), reader);
  }

  /** How many of the matching products have each value of each facet. */
  private async facets(
    db: Executor,
    reader: DocumentReader,
    filters: ProductFilters,
  ): Promise<Record<FacetName, FacetValue[]>> {
    const matching = () =>
      this.agencyIds(db, filters.agency).then((agencyIds) =>
        matchingProducts(db, visibleProducts(reader), filters, agencyIds),
      );
    const own = await (
      await matching()
    )
      .select(['products.kind', 'products.periodicity', 'products.year'])
      .execute();
    const count = (values: readonly string[]): FacetValue[] => {
      const counts = new Map<string, number>();
      for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
      return [...counts]
        .map(([value, n]) => ({ value, count: n }))
        .sort((a, b) => b.count - a.count || collator.compare(a.value, b.value));
    };
    const ids = (await matching()).select('products.id');
    const [agencies, topics, countries, languages] = await Promise.all([
      db
        .selectFrom('product_agencies')
        .innerJoin('organisations', 'organisations.id', 'product_agencies.organisation_id')
        .select('organisations.acronym as value')
        .where('product_agencies.product_id', 'in', ids)
        .execute(),
      db
        .selectFrom('product_topics')
        .select('topic as value')
        .where('product_id', 'in', ids)
        .execute(),
      db
        .selectFrom('product_countries')
        .select('country as value')
        .where('product_id', 'in', ids)
        .execute(),
      db
        .selectFrom('product_languages')
        .select('language as value')
        .where('product_id', 'in', ids)
        .execute(),
    ]);
    return {
      kind: count(own.map((r) => r.kind)),
      agency: count(agencies.map((r) => r.value)),
      topic: count(topics.map((r) => r.value)),
      country: count(countries.map((r) => r.value)),
      language: count(languages.map((r) => r.value)),
      year: count(own.map((r) => String(r.year))).sort((a, b) => b.value.localeCompare(a.value)),
      periodicity: count(own.map((r) => r.periodicity)),
    };
  }

  /** A product the reader may see, or 404: missing and hidden are the same answer. */
  private async readable(db: Executor, reader: DocumentReader, id: string): Promise<ProductView> {
    const row = await db
      .selectFrom('products')
      .select('id')
      .where('id', '=', id)
      .where(visibleProducts(reader))
      .executeTakeFirst();
    const [view] = row ? await loadViews(db, [row.id], reader) : [];
    if (!view) throw new NotFoundError(NOT_FOUND);
    return view;
  }

  async get(actor: Actor, id: string): Promise<ProductView> {
    return this.readable(this.database.db, await this.reader(actor), id);
  }

  /** Whether the actor may change the product: one of its producing agencies' writers. */
  mayChange(reader: DocumentReader, product: ProductView): boolean {
    return mayWriteFor(
      reader,
      product.agencies.map((a) => a.id),
    );
  }

  /** A product the actor may change; one they may only read answers like a hidden one. */
  private async changeable(db: Executor, reader: DocumentReader, id: string): Promise<ProductView> {
    const current = await this.readable(db, reader, id);
    if (!this.mayChange(reader, current)) throw new NotFoundError(NOT_FOUND);
    return current;
  }

  /**
   * Checks a product's input: the vocabularies, the document (one the writer may read; for a
   * public product, one that is not classified and is TLP:CLEAR), the activities (ones the
   * writer may see) and that the writer's agency is among the producers.
   */
  async check(
    db: Executor,
    reader: DocumentReader,
    input: ProductInput,
    current: { documentId: string | null } | null = null,
  ): Promise<CheckedProduct> {
    const { product, errors } = resolveProduct(input, await loadVocabulary(db, input.year));
    let documentId: string | null = null;
    const documentName = input.document?.trim() ?? '';
    if (documentName !== '') {
      const document = await db
        .selectFrom('documents')
        .select(['id', 'classification_level as level', 'tlp'])
        .where((eb) =>
          eb.or([eb('id', '=', documentName), eb('registration_number', '=', documentName)]),
        )
        .where(visibleDocuments(reader))
        .executeTakeFirst();
      if (!document) {
        // A document linked by someone else, which this writer may not read, stays linked.
        if (current?.documentId === documentName) documentId = current.documentId;
        else errors.push({ field: 'document', message: `${documentName}: no such document.` });
      } else {
        documentId = document.id;
        if (input.audience === 'public' && (document.level !== 0 || document.tlp !== 'clear'))
          errors.push({
            field: 'document',
            message:
              'A public product points only to a document that is not classified and is TLP:CLEAR: choose another audience, or no document.',
          });
      }
    }
    const activityIds = [...new Set(input.activities.map((a) => a.trim()).filter((a) => a !== ''))];
    if (activityIds.length > 0) {
      const found = new Set<string>();
      for (let start = 0; start < activityIds.length; start += 500) {
        const rows = await db
          .selectFrom('scorecard_activities')
          .select('id')
          .where('id', 'in', activityIds.slice(start, start + 500))
          .where(visibleActivities(reader))
          .execute();
        for (const row of rows) found.add(row.id);
      }
      for (const id of activityIds)
        if (!found.has(id))
          errors.push({ field: 'activities', message: `${id}: no such activity.` });
    }
    if (product && !mayWriteFor(reader, product.agencyIds))
      errors.push({
        field: 'agencies',
        message: `You may enter products your own agency produces only: keep ${reader.organisationKind === 'agency' ? 'it' : 'an agency'} among the producers.`,
      });
    return { product: errors.length > 0 ? null : product, documentId, activityIds, errors };
  }

  async create(actor: Actor, context: AuditContext, input: ProductInput): Promise<ProductView> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const checked = await this.check(db, reader, input);
    if (!checked.product) throw new ValidationError(checked.errors);
    const product = checked.product;
    const id = randomUUID();
    await db.transaction().execute(async (trx) => {
      await this.insert(trx, id, product, checked.documentId, checked.activityIds, actor.userId);
      await this.audit.record(trx, context, {
        action: 'product.create',
        targetType: 'product',
        targetId: id,
        changes: auditFacts(product, checked.documentId),
      });
    });
    return this.readable(db, reader, id);
  }

  /** Stores a new product. Used by creation, the import and the demo, in their transaction. */
  async insert(
    trx: Trx,
    id: string,
    product: ResolvedProduct,
    documentId: string | null,
    activityIds: readonly string[],
    createdBy: string | null,
  ): Promise<void> {
    const now = new Date().toISOString();
    await trx
      .insertInto('products')
      .values({
        id,
        ...productColumns(product, documentId),
        version: 1,
        created_by: createdBy,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeChildren(trx, id, product, activityIds);
  }

  /** The stored document of a product, whoever may read it: a link the writer cannot see stays. */
  private async storedDocumentId(db: Executor, id: string): Promise<string | null> {
    const row = await db
      .selectFrom('products')
      .select('document_id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.document_id ?? null;
  }

  /**
   * Replaces the product with `input`, provided it is still at `expectedVersion`. Input equal to
   * what is stored changes nothing: no new version, no audit entry.
   */
  async update(
    actor: Actor,
    context: AuditContext,
    id: string,
    input: ProductInput,
    expectedVersion: number,
  ): Promise<ProductView> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const current = await this.changeable(db, reader, id);
    if (current.version !== expectedVersion) throw new StaleVersionError(current.version);
    const { changed, checked } = await this.planChange(db, reader, current, input);
    if (changed.length === 0) return current;
    if (!checked.product) throw new ValidationError(checked.errors);
    const product = checked.product;
    await db.transaction().execute(async (trx) => {
      await this.replace(
        trx,
        id,
        expectedVersion,
        product,
        checked.documentId,
        checked.activityIds,
      );
      await this.audit.record(trx, context, {
        action: 'product.update',
        targetType: 'product',
        targetId: id,
        changes: { fields: changed },
      });
    });
    return this.readable(db, reader, id);
  }

  /**
   * What a change of a stored product changes, and the change checked. A document linked by
   * someone else that this writer may not read does not show in their view: input that names no
   * document keeps it, so a change never drops a link its writer could not see.
   */
  async planChange(
    db: Executor,
    reader: DocumentReader,
    current: ProductView,
    input: ProductInput,
  ): Promise<{ changed: string[]; checked: CheckedProduct }> {
    const storedDocument = await this.storedDocumentId(db, current.id);
    const keptInput =
      current.document === null && storedDocument !== null && input.document === null
        ? { ...input, document: storedDocument }
        : input;
    const checked = await this.check(db, reader, keptInput, { documentId: storedDocument });
    if (!checked.product) return { changed: Object.keys(keptInput), checked };
    const changed = changedFields(
      canonical(current, storedDocument),
      canonicalOf(checked.product, checked.documentId, checked.activityIds),
    );
    return { changed, checked };
  }

  /** Writes a checked product over the stored one at `version`. Used by update and import. */
  async replace(
    trx: Trx,
    id: string,
    version: number,
    product: ResolvedProduct,
    documentId: string | null,
    activityIds: readonly string[],
  ): Promise<void> {
    await claimVersion(trx, 'products', id, version);
    await trx
      .updateTable('products')
      .set(productColumns(product, documentId))
      .where('id', '=', id)
      .execute();
    await writeChildren(trx, id, product, activityIds);
  }

  /** Removes a product entered by mistake, with its links; its producers' writers only. */
  async delete(
    actor: Actor,
    context: AuditContext,
    id: string,
    expectedVersion: number,
  ): Promise<void> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const current = await this.changeable(db, reader, id);
    await db.transaction().execute(async (trx) => {
      await claimVersion(trx, 'products', id, expectedVersion);
      for (const table of [
        'product_agencies',
        'product_topics',
        'product_countries',
        'product_languages',
        'product_lines',
        'product_activities',
      ] as const)
        await trx.deleteFrom(table).where('product_id', '=', id).execute();
      await trx.deleteFrom('products').where('id', '=', id).execute();
      await this.audit.record(trx, context, {
        action: 'product.delete',
        targetType: 'product',
        targetId: id,
        changes: { agencies: current.agencies.map((a) => a.acronym) },
      });
    });
  }

  /**
   * What is coming: for each periodic series the reader may see, the edition after its latest
   * one (the latest period covered), soonest first.
   */
  async upcoming(actor: Actor): Promise<UpcomingEdition[]> {
    const all = await this.all(actor, {});
    const latest = new Map<string, ProductView>();
    for (const product of all) {
      if (nextEdition(product) === null || product.periodEnd === null) continue;
      const series = product.series || product.id;
      const known = latest.get(series);
      if (!known || (known.periodEnd ?? '') < product.periodEnd) latest.set(series, product);
    }
    const editions: UpcomingEdition[] = [];
    for (const last of latest.values()) {
      const next = nextEdition(last);
      if (!next || last.periodStart === null || last.periodEnd === null) continue;
      editions.push({
        series: last.series || last.title,
        lastEdition: {
          id: last.id,
          title: last.title,
          periodStart: last.periodStart,
          periodEnd: last.periodEnd,
        },
        agencies: last.agencies,
        periodicity: last.periodicity,
        ...next,
      });
    }
    return editions.sort(
      (a, b) =>
        (a.expectedOn ?? a.periodEnd).localeCompare(b.expectedOn ?? b.periodEnd) ||
        collator.compare(a.series, b.series),
    );
  }

  /** The products an activity delivers, when the reader may see the activity. */
  async ofActivity(actor: Actor, activityId: string): Promise<ProductView[]> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const activity = await db
      .selectFrom('scorecard_activities')
      .select('id')
      .where('id', '=', activityId)
      .where(visibleActivities(reader))
      .executeTakeFirst();
    if (!activity) throw new NotFoundError('No such activity.');
    const rows = await db
      .selectFrom('products')
      .innerJoin('product_activities', 'product_activities.product_id', 'products.id')
      .select(['products.id', 'products.title'])
      .where('product_activities.activity_id', '=', activityId)
      .where(visibleProducts(reader))
      .execute();
    rows.sort((a, b) => collator.compare(a.title, b.title));
    return loadViews(
      db,
      rows.map((r) => r.id),
      reader,
    );
  }

  /**
   * The products of a year the reader may see, for the report of the year: those whose period
   * covered falls in or overlaps the year (the product's year when it gives no period), and
   * those an activity of the year delivers. A report is read by the whole network, so only
   * products for the network or the public are listed, and none published after `asOf`.
   */
  async ofYear(actor: Actor, year: number, asOf: string): Promise<ProductView[]> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const first = `${String(year)}-01-01`;
    const last = `${String(year)}-12-31`;
    const rows = await db
      .selectFrom('products')
      .select(['products.id', 'products.title'])
      .where(visibleProducts(reader))
      .where('products.audience', 'in', ['public', 'network'])
      .where((eb) =>
        eb.or([
          eb.and([eb('products.period_start', '<=', last), eb('products.period_end', '>=', first)]),
          eb.and([eb('products.period_start', 'is', null), eb('products.year', '=', year)]),
          eb.exists(
            eb
              .selectFrom('product_activities')
              .innerJoin(
                'scorecard_activities',
                'scorecard_activities.id',
                'product_activities.activity_id',
              )
              .select('product_activities.product_id')
              .whereRef('product_activities.product_id', '=', 'products.id')
              .where('scorecard_activities.year', '=', year),
          ),
        ]),
      )
      .where((eb) =>
        eb.or([eb('products.published_on', 'is', null), eb('products.published_on', '<=', asOf)]),
      )
      .execute();
    rows.sort((a, b) => collator.compare(a.title, b.title) || a.id.localeCompare(b.id));
    return loadViews(
      db,
      rows.map((r) => r.id),
      reader,
    );
  }

  /** The public products, for the open data catalogue: read without signing in. */
  async publicCatalogue(): Promise<ProductView[]> {
    const db = this.database.db;
    const rows = await db
      .selectFrom('products')
      .select(['id', 'title'])
      .where(publicProducts())
      .execute();
    rows.sort((a, b) => collator.compare(a.title, b.title) || a.id.localeCompare(b.id));
    return loadViews(
      db,
      rows.map((r) => r.id),
      null,
    );
  }
}

/**
 * What the audit log keeps of a new product: its producers, audience and document; its title
 * only when no document binds it to need-to-know.
 */
export function auditFacts(product: ResolvedProduct, documentId: string | null) {
  return {
    agencyIds: product.agencyIds,
    audience: product.audience,
    ...(documentId === null ? { title: product.title } : { documentId }),
  };
}

type Canonical = Record<string, unknown>;

/** A stored product in the terms of a resolved one: ids, codes and keys, lists sorted. */
function canonical(view: ProductView, documentId: string | null): Canonical {
  return {
    title: view.title,
    summary: view.summary,
    kind: view.kind,
    series: view.series,
    year: view.year,
    periodStart: view.periodStart,
    periodEnd: view.periodEnd,
    publishedOn: view.publishedOn,
    periodicity: view.periodicity,
    audience: view.audience,
    releasedToObservers: view.releasedToObservers,
    publicUrl: view.publicUrl,
    fileType: view.fileType,
    document: documentId,
    agencies: view.agencies.map((a) => a.id),
    topics: [...view.topics].sort(),
    countries: [...view.countries].sort(),
    languages: [...view.languages].sort(),
    lines: view.lines.map((l) => l.key),
    activities: view.activities.map((a) => a.id).sort(),
  };
}

function canonicalOf(
  product: ResolvedProduct,
  documentId: string | null,
  activityIds: readonly string[],
): Canonical {
  const { agencyIds, lineKeys, ...fields } = product;
  return {
    ...fields,
    document: documentId,
    agencies: agencyIds,
    topics: [...product.topics].sort(),
    countries: [...product.countries].sort(),
    languages: [...product.languages].sort(),
    lines: lineKeys,
    activities: [...activityIds].sort(),
  };
}

/** The names of the fields whose values differ. */
function changedFields(before: Canonical, after: Canonical): string[] {
  return Object.keys(after).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}
