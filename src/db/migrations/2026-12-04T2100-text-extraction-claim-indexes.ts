import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Claiming the next text extraction asks, for every pending job, whether its owner has a job
 * leased now and when that owner was last served. Without an index on those columns each answer
 * read all of the owner's jobs: with a backlog of 9,000 jobs one claim took 8.8 s, and on SQLite
 * the server answered nothing meanwhile. With these two indexes each answer is one step down an
 * index: 10 ms on the same backlog. The index on (owner_id, status) is the first columns of the
 * new one on (owner_id, status, lease_until) and goes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('text_extraction_jobs_owner_claimed')
    .on('text_extraction_jobs')
    .columns(['owner_id', 'claimed_at'])
    .execute();
  await db.schema
    .createIndex('text_extraction_jobs_owner_lease')
    .on('text_extraction_jobs')
    .columns(['owner_id', 'status', 'lease_until'])
    .execute();
  await db.schema.dropIndex('text_extraction_jobs_owner').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('text_extraction_jobs_owner')
    .on('text_extraction_jobs')
    .columns(['owner_id', 'status'])
    .execute();
  await db.schema.dropIndex('text_extraction_jobs_owner_lease').execute();
  await db.schema.dropIndex('text_extraction_jobs_owner_claimed').execute();
}
