import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * The challenge a signed-in user's browser is asked to sign when adding a passkey: kept here,
 * bound to the session that asked for it, never in anything the browser sends back. (At sign-in
 * the challenge lives on the half-signed-in state instead.)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('passkey_challenges')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) =>
      c.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('session_id', 'varchar(64)', (c) =>
      c.notNull().references('sessions.id').onDelete('cascade'),
    )
    .addColumn('challenge', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('passkey_challenges_session')
    .on('passkey_challenges')
    .column('session_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('passkey_challenges').execute();
}
