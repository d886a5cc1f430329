import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Sign-in pauses that an administrator can end: a failed attempt is `cleared` when a sign-in
 * succeeds, an administrator unlocks the account or its password is reset, and no longer counts
 * towards a pause of its address; attempts are read by address and time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('login_attempts')
    .addColumn('cleared', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('login_attempts_email_at')
    .on('login_attempts')
    .columns(['email', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('login_attempts_email_at').execute();
  await db.schema.alterTable('login_attempts').dropColumn('cleared').execute();
}
