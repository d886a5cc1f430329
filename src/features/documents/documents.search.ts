import { sql, type AliasedRawBuilder } from 'kysely';
import type { DialectName, Executor } from '../../db/database.js';
import { tokenText, type BlindIndexKey, type TokenCounts } from './blind-index.js';

/**
 * Full-text search over documents, behind one interface: SQLite's FTS5 and PostgreSQL's
 * tsvector, both holding keyed hashes of words (`blind-index.ts`), never words. Both match every
 * term of the query as a word prefix, fold accents, and rank title and registration number above
 * description above extracted text.
 *
 * Each row also holds keyed tokens of its document's audiences (`documentAudiences`), so that
 * one lookup in the index intersects the words with what the reader's organisation may be
 * released: a word found in every document, searched by a reader who may read a tenth of them,
 * gives that tenth. PostgreSQL then never reads the other matches' vectors back from TOAST.
 */

export interface SearchableText {
  title: string;
  registrationNumber: string;
  description: string;
  body: string;
}

export interface IndexedDocument extends SearchableText {
  id: string;
  /** Whom it is released to (`documentAudiences`): a change of release re-indexes it. */
  audiences: readonly string[];
}

export interface DocumentSearchIndex {
  /** The id of the key the index's tokens are made with: rows made with another are stale. */
  readonly keyId: string;
  /** Indexes (or re-indexes) documents, in the caller's transaction. */
  put(executor: Executor, documents: readonly IndexedDocument[]): Promise<void>;
  /**
   * A derived table `hits(document_id)` of the documents matching every term and, when
   * `audiences` are given, released to one of them: the cheapest way to the documents of many
   * matches.
   */
  matchingRows(
    terms: readonly string[],
    audiences?: readonly string[],
  ): AliasedRawBuilder<{ document_id: string }, 'hits'>;
  /** As `matchingRows`, with each match's rank: `hits(document_id, rank)`. */
  matches(
    terms: readonly string[],
    audiences?: readonly string[],
  ): AliasedRawBuilder<{ document_id: string; rank: number }, 'hits'>;
  /**
   * The rank of each of the documents given that matches every term (higher is better): the
   * same rank as `matches`, computed for these documents only.
   */
  rank(
    executor: Executor,
    terms: readonly string[],
    documentIds: readonly string[],
  ): Promise<Map<string, number>>;
  /** Up to `limit` documents that have no row in the index or one made with another key. */
  stale(executor: Executor, limit: number): Promise<string[]>;
  /** Up to `limit` documents that have no row in the index (after an upgrade rebuilt it). */
  unindexed(executor: Executor, limit: number): Promise<string[]>;
}

/** bm25's weight of each column of SQLite's index, in order: the audience never ranks. */
const BM25_WEIGHTS = sql.raw('10.0, 10.0, 4.0, 1.0, 0.0');

/** Only so much text goes into the index: enough for search, well inside PostgreSQL's limits. */
const INDEXED_BODY_CHARS = 200_000;
/**
 * Distinct tokens per document at most, all fields together: a tsvector holds at most 1 MB, and
 * a token costs it about 21 bytes.
 */
const MAX_TOKENS = 32_768;

/** The tokens of each field, in order of weight, sharing one budget of distinct tokens. */
function fieldTokens(key: BlindIndexKey, document: IndexedDocument) {
  let budget = MAX_TOKENS;
  const take = (text: string): TokenCounts => {
    const counts = key.tokenCounts(text, budget);
    budget -= counts.size;
    return counts;
  };
  return {
    title: take(document.title),
    reference: take(document.registrationNumber),
    description: take(document.description),
    body: take(document.body.slice(0, INDEXED_BODY_CHARS)),
  };
}

/** Each audience once, as the index counts tokens. */
function audienceCounts(key: BlindIndexKey, audiences: readonly string[]): TokenCounts {
  return new Map(audiences.map((audience) => [key.audienceToken(audience), 1]));
}

function sqliteIndex(key: BlindIndexKey): DocumentSearchIndex {
  /**
   * Every term's token, quoted, and one of the audiences' when given: "k3v0…" AND "9zq…" AND
   * ("a1…" OR "b2…"). Tokens are letters and digits only.
   */
  const ftsQuery = (terms: readonly string[], audiences?: readonly string[]) =>
    [
      ...terms.map((term) => `"${key.queryToken(term)}"`),
      ...(audiences
        ? [`(${audiences.map((audience) => `"${key.audienceToken(audience)}"`).join(' OR ')})`]
        : []),
    ].join(' AND ');
  return {
    keyId: key.keyId,
    async put(executor, documents) {
      for (const document of documents) {
        // FTS5 keeps no content here, only the index; a row's number ties it to its document.
        const row = await sql<{ row_id: number }>`insert into document_search_rows
          (document_id, key_id) values (${document.id}, ${key.keyId})
          on conflict (document_id) do update set key_id = excluded.key_id
          returning row_id`.execute(executor);
        const tokens = fieldTokens(key, document);
        await sql`insert or replace into document_search
          (rowid, title, reference, description, body, audience)
          values (${row.rows[0]?.row_id}, ${tokenText(tokens.title)}, ${tokenText(tokens.reference)},
            ${tokenText(tokens.description)}, ${tokenText(tokens.body)},
            ${tokenText(audienceCounts(key, document.audiences))})`.execute(executor);
      }
    },
    matchingRows(terms, audiences) {
      // The index's row numbers are read once into a list, and each is then looked up: the
      // documents are reached from the matches, one lookup each, never scanned.
      return sql<{ document_id: string }>`(select r.document_id from document_search_rows r
        where r.row_id in (select rowid from document_search
          where document_search match ${ftsQuery(terms, audiences)}))`.as('hits');
    },
    matches(terms, audiences) {
      // bm25 is lower for better matches; the weights follow the columns (the audience's none).
      return sql<{ document_id: string; rank: number }>`(select r.document_id,
        -bm25(document_search, ${BM25_WEIGHTS}) as rank
        from document_search s join document_search_rows r on r.row_id = s.rowid
        where document_search match ${ftsQuery(terms, audiences)})`.as('hits');
    },
    async rank(executor, terms, documentIds) {
      if (documentIds.length === 0) return new Map();
      // bm25 needs the match; the row numbers narrow it to the documents given before ranking,
      // which is what bounds the cost when the term is found in nearly every document. The "+"
      // keeps them a filter: as a constraint on the index, each would read the term's whole
      // list of rows again.
      const result = await sql<{ document_id: string; rank: number }>`select r.document_id,
        -bm25(document_search, ${BM25_WEIGHTS}) as rank
        from document_search s join document_search_rows r on r.row_id = s.rowid
        where document_search match ${ftsQuery(terms)}
        and +s.rowid in (select row_id from document_search_rows
          where document_id in (select value from json_each(${JSON.stringify(documentIds)})))`.execute(
        executor,
      );
      return new Map(result.rows.map((row) => [row.document_id, row.rank]));
    },
    async stale(executor, limit) {
      const result = await sql<{ id: string }>`select d.id from documents d
        left join document_search_rows r on r.document_id = d.id
        where r.key_id is null or r.key_id <> ${key.keyId}
        limit ${limit}`.execute(executor);
      return result.rows.map((r) => r.id);
    },
    async unindexed(executor, limit) {
      const result = await sql<{ id: string }>`select d.id from documents d
        where not exists (select 1 from document_search_rows r where r.document_id = d.id)
        limit ${limit}`.execute(executor);
      return result.rows.map((r) => r.id);
    },
  };
}

/**
 * Positions kept per token: `ts_rank` weighs the n-th occurrence by 1/n², so later ones hardly
 * count, and a position carries its field's weight.
 */
const MAX_POSITIONS = 16;

/**
 * A tsvector in its text form: each token with as many positions as it occurs (at most
 * `MAX_POSITIONS`), the heavier fields' first, each position carrying its field's weight. The
 * positions count occurrences; they say nothing of where in the text a word stood.
 */
function vectorText(fields: readonly [TokenCounts, 'A' | 'B' | 'D'][]): string {
  const weights = new Map<string, string[]>();
  for (const [counts, weight] of fields)
    for (const [token, count] of counts) {
      const list = weights.get(token) ?? [];
      for (let i = 0; i < count && list.length < MAX_POSITIONS; i++) list.push(weight);
      weights.set(token, list);
    }
  return [...weights]
    .map(([token, list]) => `${token}:${list.map((w, i) => `${String(i + 1)}${w}`).join(',')}`)
    .join(' ');
}

function postgresIndex(key: BlindIndexKey): DocumentSearchIndex {
  const tokens = (terms: readonly string[]) => terms.map((term) => `'${key.queryToken(term)}'`);
  // A document matches every term, and one of the audiences when given; it ranks by each term's
  // weighted occurrences, as ts_rank does for an "or" query: proximity means nothing once the
  // order of words is not kept.
  const every = (terms: readonly string[], audiences?: readonly string[]) =>
    sql`${[
      ...tokens(terms),
      ...(audiences
        ? [`(${audiences.map((audience) => `'${key.audienceToken(audience)}'`).join(' | ')})`]
        : []),
    ].join(' & ')}::tsquery`;
  const any = (terms: readonly string[]) => sql`${tokens(terms).join(' | ')}::tsquery`;
  return {
    keyId: key.keyId,
    async put(executor, documents) {
      if (documents.length === 0) return;
      const rows = documents.map((document) => {
        const fields = fieldTokens(key, document);
        const vector = vectorText([
          [fields.title, 'A'],
          [fields.reference, 'A'],
          [fields.description, 'B'],
          [fields.body, 'D'],
          [audienceCounts(key, document.audiences), 'D'],
        ]);
        return sql`(${document.id}, ${key.keyId}, ${vector}::tsvector)`;
      });
      await sql`insert into document_search (document_id, key_id, vector)
        values ${sql.join(rows)}
        on conflict (document_id) do update
        set key_id = excluded.key_id, vector = excluded.vector`.execute(executor);
    },
    matchingRows(terms, audiences) {
      // With the audiences, the index's bitmap holds only the reader's share of the matches,
      // and the rows are read for their ids alone: no vector is read back from TOAST.
      return sql<{ document_id: string }>`(select document_id from document_search
        where vector @@ ${every(terms, audiences)})`.as('hits');
    },
    matches(terms, audiences) {
      return sql<{ document_id: string; rank: number }>`(select document_id,
        ts_rank(vector, ${any(terms)}) as rank
        from document_search where vector @@ ${every(terms, audiences)})`.as('hits');
    },
    async rank(executor, terms, documentIds) {
      if (documentIds.length === 0) return new Map();
      // The documents given match already: looked up by id, only their own rows are read.
      const result = await sql<{ document_id: string; rank: number }>`select document_id,
        ts_rank(vector, ${any(terms)}) as rank
        from document_search
        where document_id = any(${[...documentIds]}::varchar[])`.execute(executor);
      return new Map(result.rows.map((row) => [row.document_id, row.rank]));
    },
    async stale(executor, limit) {
      const result = await sql<{ id: string }>`select d.id from documents d
        left join document_search s on s.document_id = d.id
        where s.key_id is null or s.key_id <> ${key.keyId}
        limit ${limit}`.execute(executor);
      return result.rows.map((r) => r.id);
    },
    async unindexed(executor, limit) {
      const result = await sql<{ id: string }>`select d.id from documents d
        where not exists (select 1 from document_search s where s.document_id = d.id)
        limit ${limit}`.execute(executor);
      return result.rows.map((r) => r.id);
    },
  };
}

export function documentSearchIndex(dialect: DialectName, key: BlindIndexKey): DocumentSearchIndex {
  return dialect === 'postgres' ? postgresIndex(key) : sqliteIndex(key);
}
