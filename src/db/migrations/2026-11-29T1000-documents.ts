import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * The document repository: documents and their markings, file versions encrypted at rest, who
 * documents are released to, links to the rest of the network's work, the download log, the
 * history of markings, the EUCI agreement's signatories, users' clearances, and the full-text
 * index (FTS5 on SQLite, tsvector on PostgreSQL).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const bytes = postgres ? sql`bytea` : sql`blob`;

  await db.schema.alterTable('users').addColumn('clearance_level', 'integer').execute();
  await db.schema.alterTable('users').addColumn('euci_briefed_on', 'varchar(10)').execute();

  await db.schema
    .createTable('euci_signatories')
    .addColumn('organisation_id', 'varchar(36)', (c) =>
      c.primaryKey().references('organisations.id'),
    )
    .addColumn('signed_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('registration_number', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('registered_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('document_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('originator_organisation_id', 'varchar(36)', (c) =>
      c.notNull().references('organisations.id'),
    )
    .addColumn('registered_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('classification_level', 'integer', (c) => c.notNull())
    .addColumn('limite', 'integer', (c) => c.notNull())
    .addColumn('sensitive', 'integer', (c) => c.notNull())
    .addColumn('tlp', 'varchar(16)')
    .addColumn('releasability', 'varchar(16)', (c) => c.notNull())
    .addColumn('is_reference', 'integer', (c) => c.notNull())
    .addColumn('holder_organisation_id', 'varchar(36)', (c) => c.references('organisations.id'))
    .addColumn('point_of_contact', 'varchar(300)', (c) => c.notNull())
    .addColumn('scheduled_change_on', 'varchar(10)')
    .addColumn('scheduled_level', 'integer')
    .addColumn('scheduled_reason', 'text')
    .addColumn('scheduled_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('current_file_id', 'varchar(36)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('documents_originator')
    .on('documents')
    .columns(['originator_organisation_id', 'registered_on'])
    .execute();
  await db.schema
    .createIndex('documents_registered_on')
    .on('documents')
    .column('registered_on')
    .execute();
  await db.schema
    .createIndex('documents_scheduled_change')
    .on('documents')
    .column('scheduled_change_on')
    .execute();

  await db.schema
    .createTable('document_releases')
    .addColumn('document_id', 'varchar(36)', (c) =>
      c.notNull().references('documents.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('document_releases_pk', ['document_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('document_releases_organisation')
    .on('document_releases')
    .columns(['organisation_id', 'document_id'])
    .execute();

  await db.schema
    .createTable('document_recipients')
    .addColumn('document_id', 'varchar(36)', (c) =>
      c.notNull().references('documents.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('document_recipients_pk', ['document_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('document_recipients_user')
    .on('document_recipients')
    .columns(['user_id', 'document_id'])
    .execute();

  await db.schema
    .createTable('document_links')
    .addColumn('document_id', 'varchar(36)', (c) =>
      c.notNull().references('documents.id').onDelete('cascade'),
    )
    .addColumn('target_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_links_pk', ['document_id', 'target_type', 'target_id'])
    .execute();
  await db.schema
    .createIndex('document_links_target')
    .on('document_links')
    .columns(['target_type', 'target_id'])
    .execute();

  await db.schema
    .createTable('document_files')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('document_id', 'varchar(36)', (c) =>
      c.notNull().references('documents.id').onDelete('cascade'),
    )
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('filename', 'varchar(255)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)', (c) => c.notNull())
    .addColumn('text_chars', 'integer', (c) => c.notNull())
    .addColumn('text_failed', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('uploaded_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('document_files_number', ['document_id', 'number'])
    .execute();

  await db.schema
    .createTable('document_file_contents')
    .addColumn('file_id', 'varchar(36)', (c) =>
      c.primaryKey().references('document_files.id').onDelete('cascade'),
    )
    .addColumn('key_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('iv', bytes, (c) => c.notNull())
    .addColumn('tag', bytes, (c) => c.notNull())
    .addColumn('ciphertext', bytes, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('document_file_contents_key')
    .on('document_file_contents')
    .column('key_id')
    .execute();

  await db.schema
    .createTable('document_texts')
    .addColumn('document_id', 'varchar(36)', (c) =>
      c.primaryKey().references('documents.id').onDelete('cascade'),
    )
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('document_downloads')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('document_id', 'varchar(36)', (c) =>
      c.notNull().references('documents.id').onDelete('cascade'),
    )
    .addColumn('file_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('file_number', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('user_email', 'varchar(254)', (c) => c.notNull())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('rendition', 'varchar(16)', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .execute();
  await db.schema
    .createIndex('document_downloads_document')
    .on('document_downloads')
    .columns(['document_id', 'at'])
    .execute();

  await db.schema
    .createTable('document_marking_changes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('document_id', 'varchar(36)', (c) =>
      c.notNull().references('documents.id').onDelete('cascade'),
    )
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('before', 'text', (c) => c.notNull())
    .addColumn('after', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('document_marking_changes_document')
    .on('document_marking_changes')
    .columns(['document_id', 'at'])
    .execute();

  // The full-text index has the same name and columns on both databases; only its kind differs.
  if (postgres) {
    await db.schema
      .createTable('document_search')
      .addColumn('document_id', 'varchar(36)', (c) =>
        c.primaryKey().references('documents.id').onDelete('cascade'),
      )
      .addColumn('vector', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index document_search_vector on document_search using gin (vector)`.execute(
      db,
    );
  } else {
    await sql`create virtual table document_search using fts5(
      document_id unindexed, title, reference, description, body,
      tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'document_search',
    'document_marking_changes',
    'document_downloads',
    'document_texts',
    'document_file_contents',
    'document_files',
    'document_links',
    'document_recipients',
    'document_releases',
    'documents',
    'euci_signatories',
  ])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable('users').dropColumn('euci_briefed_on').execute();
  await db.schema.alterTable('users').dropColumn('clearance_level').execute();
}
