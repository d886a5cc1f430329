import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Each row of the search index also holds keyed tokens of whom its document is released to, so
 * that a search narrows to the reader's share of the matches in the index itself. SQLite's index
 * gains a column for them. A migration has no keys to make tokens with: the index is emptied,
 * and the platform indexes every document again at its next start (`DocumentTexts.upgrade`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await emptyIndex(db, sql`title, reference, description, body, audience`);
}

/**
 * The index is emptied again in its former shape; the former version fills it again with
 * `jhanet documents rotate-keys`, which indexes every document missing from it.
 */
export async function down(db: Kysely<any>): Promise<void> {
  await emptyIndex(db, sql`title, reference, description, body`);
}

/** Empties the index; on SQLite, made again with these columns. */
async function emptyIndex(db: Kysely<any>, columns: RawBuilder<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`delete from document_search`.execute(db);
    return;
  }
  await sql`delete from document_search_rows`.execute(db);
  await sql`drop table document_search`.execute(db);
  await sql`create virtual table document_search using fts5(
    ${columns}, content = '', contentless_delete = 1, tokenize = 'ascii'
  )`.execute(db);
}
