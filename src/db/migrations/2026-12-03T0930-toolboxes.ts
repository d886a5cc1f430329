import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Toolboxes: what each agency offers in a field (migration, foreign terrorist fighters), as a
 * matrix of offers and themes.
 *
 * A toolbox has its themes in order (the matrix's columns). An offer belongs to one agency and
 * one toolbox and covers one or more of its themes. Offers are versioned (If-Match) and every
 * accepted change stores a revision with a JSON snapshot of the offer, so its history can be
 * read back. Whether observers read an offer is a flag on it, which every read filters by.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('toolboxes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('title', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('toolbox_themes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('toolbox_id', 'varchar(36)', (c) =>
      c.notNull().references('toolboxes.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addUniqueConstraint('toolbox_themes_in_order', ['toolbox_id', 'position'])
    .addUniqueConstraint('toolbox_themes_named_once', ['toolbox_id', 'title'])
    .execute();

  await db.schema
    .createTable('toolbox_offers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('toolbox_id', 'varchar(36)', (c) =>
      c.notNull().references('toolboxes.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('access_conditions', 'text', (c) => c.notNull())
    .addColumn('contact_point', 'varchar(300)', (c) => c.notNull())
    .addColumn('legal_basis', 'varchar(500)', (c) => c.notNull())
    .addColumn('released_to_observers', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('toolbox_offers_by_toolbox')
    .on('toolbox_offers')
    .columns(['toolbox_id', 'organisation_id'])
    .execute();

  await db.schema
    .createTable('toolbox_offer_themes')
    .addColumn('offer_id', 'varchar(36)', (c) =>
      c.notNull().references('toolbox_offers.id').onDelete('cascade'),
    )
    .addColumn('theme_id', 'varchar(36)', (c) =>
      c.notNull().references('toolbox_themes.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('toolbox_offer_themes_pk', ['offer_id', 'theme_id'])
    .execute();
  await db.schema
    .createIndex('toolbox_offer_themes_by_theme')
    .on('toolbox_offer_themes')
    .column('theme_id')
    .execute();

  await db.schema
    .createTable('toolbox_offer_revisions')
    .addColumn('offer_id', 'varchar(36)', (c) =>
      c.notNull().references('toolbox_offers.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('summary', 'varchar(16)', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('toolbox_offer_revisions_pk', ['offer_id', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('toolbox_offer_revisions').execute();
  await db.schema.dropTable('toolbox_offer_themes').execute();
  await db.schema.dropTable('toolbox_offers').execute();
  await db.schema.dropTable('toolbox_themes').execute();
  await db.schema.dropTable('toolboxes').execute();
}
