import {
  sql,
  type AliasedSelectQueryBuilder,
  type Expression,
  type ExpressionBuilder,
  type SqlBool,
} from 'kysely';
import type { Actor } from '../../app/access.js';
import type { Executor } from '../../db/database.js';
import type {
  DocumentLinkType,
  DocumentTable,
  Releasability,
  Schema,
  Tlp,
} from '../../db/schema.js';
import { RESTREINT_UE, type Marking } from './markings.js';
import {
  readerAudiences,
  releasedToReader,
  type DocumentReader,
  type ReleasedDocuments,
} from './documents.policy.js';
import type { DocumentSearchIndex } from './documents.search.js';

/** The reader an actor is, with their clearance and their organisation's EUCI signature. */
export async function readerFor(
  db: Executor,
  actor: Pick<Actor, 'userId' | 'email' | 'organisationId' | 'role'>,
): Promise<DocumentReader> {
  const row = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .leftJoin('euci_signatories', 'euci_signatories.organisation_id', 'users.organisation_id')
    .select([
      'users.clearance_level as clearanceLevel',
      'users.euci_briefed_on as briefedOn',
      'organisations.kind as organisationKind',
      'euci_signatories.signed_on as signedOn',
    ])
    .where('users.id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const cleared = row.signedOn !== null && row.briefedOn !== null;
  return {
    userId: actor.userId,
    email: actor.email,
    organisationId: actor.organisationId,
    organisationKind: row.organisationKind,
    role: actor.role,
    maxLevel: cleared ? Math.max(RESTREINT_UE, row.clearanceLevel ?? 0) : 0,
  };
}

/** What narrows a list of documents besides visibility. */
export interface DocumentFilters {
  originatorIds?: readonly string[] | undefined;
  types?: readonly string[] | undefined;
  languages?: readonly string[] | undefined;
  years?: readonly number[] | undefined;
  levels?: readonly number[] | undefined;
  tlps?: readonly (Tlp | 'none')[] | undefined;
  /**
   * Documents linked to this record, such as a meeting, when `visible` lets the link through: a
   * record the reader may not see narrows the list as one that does not exist.
   */
  linkedTo?:
    | {
        type: DocumentLinkType;
        id: string;
        visible: (eb: ExpressionBuilder<Schema, 'document_links'>) => Expression<SqlBool>;
      }
    | undefined;
}

export type DocumentPredicate = (eb: ExpressionBuilder<Schema, 'documents'>) => Expression<SqlBool>;

/**
 * Where `matchingDocuments` starts, besides the predicate that decides: supersets of what the
 * reader may read, each narrowing what the database reads on the way.
 */
export interface MatchingOptions {
  /** With the search rank (else 0). */
  ranked?: boolean;
  /**
   * With search terms: only the matches released to one of these audiences
   * (`readerAudiences`), narrowed in the search index itself.
   */
  audiences?: readonly string[] | undefined;
  /**
   * Without search terms: start from these documents (`releasedToReader`) rather than from
   * every document, when the reader may read fewer than all (see `startingPoint`).
   */
  within?: ReleasedDocuments | undefined;
}

/**
 * The documents matching the filters and search terms that the predicate lets through, with the
 * search rank when `ranked` (else 0). Every list, count, facet and export starts here, so none can
 * show more than a single read would.
 */
export function matchingDocuments(
  db: Executor,
  index: DocumentSearchIndex,
  visible: DocumentPredicate,
  filters: DocumentFilters,
  terms: readonly string[],
  { ranked = false, audiences, within }: MatchingOptions = {},
) {
  const documents = db.selectFrom('documents');
  const base =
    terms.length === 0
      ? (within ? documents.where('documents.id', 'in', within) : documents).select(
          sql<number>`0`.as('rank'),
        )
      : ranked
        ? documents
            .innerJoin(index.matches(terms, audiences), (join) =>
              join.onRef('hits.document_id', '=', 'documents.id'),
            )
            .select(sql<number>`hits.rank`.as('rank'))
        : documents
            .innerJoin(index.matchingRows(terms, audiences), (join) =>
              join.onRef('hits.document_id', '=', 'documents.id'),
            )
            .select(sql<number>`0`.as('rank'));
  let query = base.where(visible);
  if (filters.originatorIds?.length)
    query = query.where('documents.originator_organisation_id', 'in', [...filters.originatorIds]);
  if (filters.types?.length)
    query = query.where('documents.document_type', 'in', [...filters.types]);
  if (filters.languages?.length)
    query = query.where('documents.language', 'in', [...filters.languages]);
  if (filters.years?.length) query = query.where(yearOf, 'in', filters.years.map(String));
  if (filters.levels?.length)
    query = query.where('documents.classification_level', 'in', [...filters.levels]);
  if (filters.tlps?.length) {
    const labels = filters.tlps.filter((t): t is Tlp => t !== 'none');
    const unlabelled = filters.tlps.includes('none');
    query = query.where((eb) =>
      eb.or([
        ...(labels.length > 0 ? [eb('documents.tlp', 'in', labels)] : []),
        ...(unlabelled ? [eb('documents.tlp', 'is', null)] : []),
      ]),
    );
  }
  const linked = filters.linkedTo;
  if (linked)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('document_links')
          .select('document_links.document_id')
          .whereRef('document_links.document_id', '=', 'documents.id')
          .where('document_links.target_type', '=', linked.type)
          .where('document_links.target_id', '=', linked.id)
          .where(linked.visible),
      ),
    );
  return query;
}

/**
 * Where a search narrows, and where a list without search terms starts: with terms, the
 * matches released to the reader's audiences, in the index; without, the documents released to
 * the reader when there are fewer of them than documents. A member of one agency may read a
 * tenth of a large register; from every document, a list would check all of them. The count of
 * documents stops once the choice is clear.
 */
export async function startingPoint(
  db: Executor,
  reader: DocumentReader,
  terms: readonly string[],
): Promise<Pick<MatchingOptions, 'audiences' | 'within'>> {
  if (terms.length > 0) return { audiences: readerAudiences(reader) };
  const released = releasedToReader(db, reader);
  const count = async (rows: AliasedSelectQueryBuilder<{ id: string }, 'counted'>) => {
    const { n } = await db
      .selectFrom(rows)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  };
  const releasedCount = await count(released.as('counted'));
  const documents = await count(
    db
      .selectFrom('documents')
      .select('id')
      .limit(releasedCount + 1)
      .as('counted'),
  );
  return documents > releasedCount ? { within: released } : {};
}

export const yearOf = sql<string>`substr(documents.registered_on, 1, 4)`;

/** What a document says besides its text, sealed at rest and opened to be shown. */
export interface TitleAndDescription {
  title: string;
  description: string;
}

/** A stored document with its title and description opened (`DocumentTexts.withDetails`). */
export type DocumentRow = DocumentTable & TitleAndDescription;

export interface MarkingRow {
  id: string;
  originator_organisation_id: string;
  classification_level: number;
  limite: number;
  sensitive: number;
  tlp: Tlp | null;
  releasability: Releasability;
}

/** A document's markings as the history stores them, before and after a change. */
export interface MarkingSnapshot extends MarkingRow {
  releasedTo: string[];
}

/** The organisations each document is released to by name, for the documents given. */
export async function releasesOf(
  db: Executor,
  documentIds: readonly string[],
): Promise<Map<string, string[]>> {
  const released = new Map<string, string[]>();
  for (const part of chunked(documentIds)) {
    const rows = await db
      .selectFrom('document_releases')
      .select(['document_id', 'organisation_id'])
      .where('document_id', 'in', part)
      .execute();
    for (const row of rows) {
      const list = released.get(row.document_id) ?? [];
      list.push(row.organisation_id);
      released.set(row.document_id, list);
    }
  }
  return released;
}

/** The marking of a stored document, with who it is released to resolved. */
export function markingOf(row: MarkingRow, namedReleases: readonly string[]): Marking {
  const audience: Marking['audience'] =
    row.releasability === 'network'
      ? { kind: 'network' }
      : {
          kind: 'organisations',
          ids: new Set([
            row.originator_organisation_id,
            ...(row.releasability === 'named' ? namedReleases : []),
          ]),
        };
  return {
    level: row.classification_level,
    limite: row.limite === 1,
    sensitive: row.sensitive === 1,
    tlp: row.tlp,
    audience,
  };
}

const CHUNK = 500;

export function chunked<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
  return result;
}

/** Acronyms of every organisation, to name them in markings and lists. */
export async function organisationAcronyms(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom('organisations').select(['id', 'acronym']).execute();
  return new Map(rows.map((r) => [r.id, r.acronym]));
}
