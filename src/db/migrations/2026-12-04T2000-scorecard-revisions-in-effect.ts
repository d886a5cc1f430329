import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * The count of the scorecard as it stood on a day. The revisions in effect on a day are those
 * effective by then and superseded after it, or never: counted in those two parts, each is one
 * range of this index (year, superseded_on, effective_on), read without the rows. The page of
 * that day keeps walking the index in page order of 2026-12-03T1400.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('scorecard_revisions_in_effect')
    .on('scorecard_revisions')
    .columns(['year', 'superseded_on', 'effective_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('scorecard_revisions_in_effect').execute();
}
