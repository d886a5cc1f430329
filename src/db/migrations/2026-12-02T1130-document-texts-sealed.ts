import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * What documents say leaves the database's clear columns: titles, descriptions and extracted
 * texts are sealed like files (`document_sealed_texts`), and the full-text index holds keyed
 * hashes of words instead of words. A migration has no keys, so the texts stored in clear so far
 * move to `document_clear_texts`, which the platform seals and empties at its next start; the
 * index is rebuilt from the sealed texts then. There is no way down: sealed texts cannot be put
 * back in clear without the keys, and the backup taken before the upgrade holds them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const bytes = postgres ? sql`bytea` : sql`blob`;

  await db.schema
    .createTable('document_sealed_texts')
    .addColumn('document_id', 'varchar(36)', (c) =>
      c.notNull().references('documents.id').onDelete('cascade'),
    )
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('key_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('iv', bytes, (c) => c.notNull())
    .addColumn('tag', bytes, (c) => c.notNull())
    .addColumn('ciphertext', bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('document_sealed_texts_pk', ['document_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('document_sealed_texts_key')
    .on('document_sealed_texts')
    .column('key_id')
    .execute();

  await db.schema
    .createTable('document_clear_texts')
    .addColumn('document_id', 'varchar(36)', (c) =>
      c.primaryKey().references('documents.id').onDelete('cascade'),
    )
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into document_clear_texts (document_id, title, description, body)
    select d.id, d.title, d.description, coalesce(t.body, '')
    from documents d left join document_texts t on t.document_id = d.id`.execute(db);

  await db.schema.dropTable('document_texts').execute();
  await db.schema.alterTable('documents').dropColumn('title').execute();
  await db.schema.alterTable('documents').dropColumn('description').execute();

  await db.schema.dropTable('document_search').execute();
  if (postgres) {
    await db.schema
      .createTable('document_search')
      .addColumn('document_id', 'varchar(36)', (c) =>
        c.primaryKey().references('documents.id').onDelete('cascade'),
      )
      .addColumn('key_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('vector', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index document_search_vector on document_search using gin (vector)`.execute(
      db,
    );
  } else {
    // The index keeps no copy of what it indexes (contentless); its rows are numbered by
    // document_search_rows, which names the document and the key of the row's tokens.
    await sql`create table document_search_rows (
      row_id integer primary key,
      document_id varchar(36) not null unique references documents (id) on delete cascade,
      key_id varchar(32) not null
    )`.execute(db);
    await sql`create virtual table document_search using fts5(
      title, reference, description, body,
      content = '', contentless_delete = 1, tokenize = 'ascii'
    )`.execute(db);
  }
}
