import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Sign-in pauses that an administrator can end: a failed attempt is `cleared` when a sign-in
 * succeeds, an administrator unlocks the account or its password is reset, and no longer counts
 * towards a pause of its address; attempts are read by address and time.
 *
 * Four eyes on access to EU classified information: a signature of the EUCI agreement, or a
 * clearance or briefing that widens access, is a request in `euci_requests` until an
 * administrator of another organisation confirms it. At most one request per organisation or
 * user is pending (a partial unique index, so two at once cannot both be made).
 *
 * Refused requests are audited within a budget per account, counted by actor and time.
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

  await db.schema
    .createTable('euci_requests')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.references('organisations.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('signed_on', 'varchar(10)')
    .addColumn('clearance_level', 'integer')
    .addColumn('briefed_on', 'varchar(10)')
    .addColumn('requested_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('requested_by_organisation', 'varchar(36)', (c) => c.references('organisations.id'))
    .addColumn('requested_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('decided_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('euci_requests_pending_organisation')
    .on('euci_requests')
    .column('organisation_id')
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('euci_requests_pending_user')
    .on('euci_requests')
    .column('user_id')
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  await db.schema
    .createIndex('audit_log_actor_at')
    .on('audit_log')
    .columns(['actor_user_id', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_actor_at').execute();
  await db.schema.dropTable('euci_requests').execute();
  await db.schema.dropIndex('login_attempts_email_at').execute();
  await db.schema.alterTable('login_attempts').dropColumn('cleared').execute();
}
