import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Password resets by e-mail: one row per request, for an address with an account or without one
 * (so both cost the same), holding the link's secret only as its hash. Outgoing mail that carries
 * such a link is marked so that its body is erased once the mail server has taken it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('requested_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('password_resets_email')
    .on('password_resets')
    .columns(['email', 'requested_at'])
    .execute();
  await db.schema
    .createIndex('password_resets_ip')
    .on('password_resets')
    .columns(['ip', 'requested_at'])
    .execute();
  await db.schema
    .alterTable('mail_queue')
    .addColumn('erase_after_sending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_queue').dropColumn('erase_after_sending').execute();
  await db.schema.dropTable('password_resets').execute();
}
