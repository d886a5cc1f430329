import { sql, type AliasedRawBuilder, type RawBuilder } from 'kysely';
import type { DialectName, Executor } from '../../db/database.js';

/**
 * Full-text search over documents, behind one interface: SQLite's FTS5 and PostgreSQL's
 * tsvector. Both match every term of the query as a word prefix, fold accents, and rank title
 * and registration number above description above extracted text.
 */

export interface SearchableText {
  title: string;
  registrationNumber: string;
  description: string;
  body: string;
}

export interface IndexedDocument extends SearchableText {
  id: string;
}

export interface DocumentSearchIndex {
  /** Indexes (or re-indexes) documents, in the caller's transaction. */
  put(executor: Executor, documents: readonly IndexedDocument[]): Promise<void>;
  /** A subquery of the ids of the documents matching every term, for counts and facets. */
  matchingIds(terms: readonly string[]): RawBuilder<string>;
  /** A derived table `hits(document_id, rank)` of the documents matching every term. */
  matches(
    terms: readonly string[],
  ): AliasedRawBuilder<{ document_id: string; rank: number }, 'hits'>;
  /** For a page of results: a passage of each document around the terms, marked as below. */
  snippets(
    executor: Executor,
    documentIds: readonly string[],
    terms: readonly string[],
  ): Promise<Map<string, string>>;
}

/** Private-use characters that open and close a matched passage in a snippet. */
export const SNIPPET_START = '\uE000';
export const SNIPPET_END = '\uE001';

/** Only so much text goes into the index: enough for search, well inside PostgreSQL's limits. */
const INDEXED_BODY_CHARS = 200_000;
const MAX_TERMS = 8;
const MAX_TERM_CHARS = 40;

export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * The words of a user's query, lower-cased and without accents. Only letters and digits survive,
 * so no query syntax of either database can be injected.
 */
export function searchTerms(query: string): string[] {
  const words = foldAccents(query.toLowerCase()).match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((w) => w.slice(0, MAX_TERM_CHARS)))].slice(0, MAX_TERMS);
}

/** Every term as a quoted prefix: "balkan"* AND "route"*. */
function ftsQuery(terms: readonly string[]): string {
  return terms.map((t) => `"${t}"*`).join(' AND ');
}

const sqliteIndex: DocumentSearchIndex = {
  async put(executor, documents) {
    if (documents.length === 0) return;
    await sql`delete from document_search
      where document_id in (${sql.join(documents.map((d) => d.id))})`.execute(executor);
    const rows = documents.map(
      (d) =>
        sql`(${d.id}, ${d.title}, ${d.registrationNumber}, ${d.description}, ${d.body.slice(0, INDEXED_BODY_CHARS)})`,
    );
    await sql`insert into document_search (document_id, title, reference, description, body)
      values ${sql.join(rows)}`.execute(executor);
  },
  matchingIds(terms) {
    return sql<string>`(select document_id from document_search where document_search match ${ftsQuery(terms)})`;
  },
  matches(terms) {
    const query = ftsQuery(terms);
    // bm25 is lower for better matches; the weights follow the columns, document_id first.
    return sql<{ document_id: string; rank: number }>`(select document_id,
      -bm25(document_search, 0.0, 10.0, 10.0, 4.0, 1.0) as rank
      from document_search where document_search match ${query})`.as('hits');
  },
  async snippets(executor, documentIds, terms) {
    if (documentIds.length === 0) return new Map();
    const query = ftsQuery(terms);
    const result = await sql<{ document_id: string; snippet: string }>`select document_id,
      snippet(document_search, -1, ${SNIPPET_START}, ${SNIPPET_END}, '…', 24) as snippet
      from document_search where document_search match ${query}
      and document_id in (${sql.join(documentIds)})`.execute(executor);
    return new Map(result.rows.map((r) => [r.document_id, r.snippet]));
  },
};

function tsQuery(terms: readonly string[]) {
  return sql`to_tsquery('simple', ${terms.map((t) => `${t}:*`).join(' & ')})`;
}

const postgresIndex: DocumentSearchIndex = {
  async put(executor, documents) {
    if (documents.length === 0) return;
    const rows = documents.map(
      (d) => sql`(${d.id}, setweight(to_tsvector('simple', ${foldAccents(d.title)}), 'A')
        || setweight(to_tsvector('simple', ${foldAccents(d.registrationNumber)}), 'A')
        || setweight(to_tsvector('simple', ${foldAccents(d.description)}), 'B')
        || setweight(to_tsvector('simple', ${foldAccents(d.body.slice(0, INDEXED_BODY_CHARS))}), 'D'))`,
    );
    await sql`insert into document_search (document_id, vector) values ${sql.join(rows)}
      on conflict (document_id) do update set vector = excluded.vector`.execute(executor);
  },
  matchingIds(terms) {
    return sql<string>`(select document_id from document_search where vector @@ ${tsQuery(terms)})`;
  },
  matches(terms) {
    const query = tsQuery(terms);
    return sql<{ document_id: string; rank: number }>`(select document_id,
      ts_rank(vector, ${query}) as rank
      from document_search where vector @@ ${query})`.as('hits');
  },
  async snippets(executor, documentIds, terms) {
    if (documentIds.length === 0) return new Map();
    const options = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
    const result = await sql<{ document_id: string; snippet: string }>`select d.id as document_id,
      ts_headline('simple', d.description || ' ' || coalesce(left(t.body, 100000), ''),
        ${tsQuery(terms)}, ${options}) as snippet
      from documents d left join document_texts t on t.document_id = d.id
      where d.id in (${sql.join(documentIds)})`.execute(executor);
    return new Map(result.rows.map((r) => [r.document_id, r.snippet]));
  },
};

export function documentSearchIndex(dialect: DialectName): DocumentSearchIndex {
  return dialect === 'postgres' ? postgresIndex : sqliteIndex;
}
