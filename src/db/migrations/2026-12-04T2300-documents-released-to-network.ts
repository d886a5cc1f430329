import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * A search for a common word by a reader who may read a tenth of the register starts from the
 * documents released to the reader's organisation (`releasedToReader`): its own, those released
 * to it by name, and those released to the whole network. The last had no index, so reaching
 * them read every document. The index holds those documents' ids alone: a partial index serves
 * only a query that names the same value, so the visibility predicate, which compares
 * releasability with a parameter, cannot use it. An index on releasability for every value led
 * SQLite to start a rare word's search from half the register (2.4 s instead of 15 ms).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('documents_released_to_network')
    .on('documents')
    .column('id')
    .where(sql.ref('releasability'), '=', sql.lit('network'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('documents_released_to_network').execute();
}
