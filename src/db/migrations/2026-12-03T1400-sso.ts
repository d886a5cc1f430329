import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Single sign-on: the provider identities an administrator binds to accounts, and the sign-in
 * attempts under way (state, nonce and PKCE verifier, kept server-side and used once).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sso_identities')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) =>
      c.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('provider', 'varchar(32)', (c) => c.notNull())
    .addColumn('issuer', 'varchar(2000)', (c) => c.notNull())
    .addColumn('subject', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('sso_identities_subject', ['issuer', 'subject'])
    .execute();
  await db.schema
    .createIndex('sso_identities_user')
    .on('sso_identities')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('sso_attempts')
    // The hash of the secret in the browser's attempt cookie: the row answers that browser only.
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('provider', 'varchar(32)', (c) => c.notNull())
    .addColumn('state', 'varchar(64)', (c) => c.notNull())
    .addColumn('nonce', 'varchar(64)', (c) => c.notNull())
    .addColumn('code_verifier', 'varchar(128)', (c) => c.notNull())
    .addColumn('next_path', 'varchar(2048)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sso_attempts_expiry')
    .on('sso_attempts')
    .column('expires_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sso_attempts').execute();
  await db.schema.dropTable('sso_identities').execute();
}
