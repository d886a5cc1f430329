import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * The queue of text extractions: one job per uploaded file whose text is still to be read, claimed
 * by any process with a lease, kept once done for a day so that the queue knows whose turn it is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('text_extraction_jobs')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('file_id', 'varchar(36)', (c) =>
      c.notNull().unique().references('document_files.id').onDelete('cascade'),
    )
    .addColumn('document_id', 'varchar(36)', (c) =>
      c.notNull().references('documents.id').onDelete('cascade'),
    )
    .addColumn('owner_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('queued_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('claimed_at', 'varchar(32)')
    .addColumn('lease_until', 'varchar(32)')
    .addColumn('leased_by', 'varchar(100)')
    .addColumn('finished_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('text_extraction_jobs_owner')
    .on('text_extraction_jobs')
    .columns(['owner_id', 'status'])
    .execute();
  await db.schema
    .createIndex('text_extraction_jobs_due')
    .on('text_extraction_jobs')
    .columns(['status', 'queued_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('text_extraction_jobs').execute();
}
