import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * The index of analytical products and reports (section 2.1 of the 2017 paper): what each agency
 * produces, for whom, how often, and where it is. A product may point to a document of the
 * repository, whose markings and need-to-know then bind the product too. Its producing agencies,
 * topics, countries and languages are rows of their own, so every facet is one indexed query;
 * the scorecard's activities that deliver it and the lines of the priorities it serves are links.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('products')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('series', 'varchar(200)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('period_start', 'varchar(10)')
    .addColumn('period_end', 'varchar(10)')
    .addColumn('published_on', 'varchar(10)')
    .addColumn('periodicity', 'varchar(16)', (c) => c.notNull())
    .addColumn('audience', 'varchar(16)', (c) => c.notNull())
    .addColumn('released_to_observers', 'integer', (c) => c.notNull())
    .addColumn('public_url', 'varchar(500)')
    .addColumn('file_type', 'varchar(16)')
    .addColumn('document_id', 'varchar(36)', (c) => c.references('documents.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_year').on('products').columns(['year']).execute();
  await db.schema
    .createIndex('products_document')
    .on('products')
    .columns(['document_id'])
    .execute();

  await db.schema
    .createTable('product_agencies')
    .addColumn('product_id', 'varchar(36)', (c) =>
      c.notNull().references('products.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_agencies_pk', ['product_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('product_agencies_organisation')
    .on('product_agencies')
    .columns(['organisation_id'])
    .execute();

  for (const [table, column, type] of [
    ['product_topics', 'topic', 'varchar(40)'],
    ['product_countries', 'country', 'varchar(3)'],
    ['product_languages', 'language', 'varchar(3)'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('product_id', 'varchar(36)', (c) =>
        c.notNull().references('products.id').onDelete('cascade'),
      )
      .addColumn(column, type, (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['product_id', column])
      .execute();
    await db.schema.createIndex(`${table}_value`).on(table).columns([column]).execute();
  }

  await db.schema
    .createTable('product_lines')
    .addColumn('product_id', 'varchar(36)', (c) =>
      c.notNull().references('products.id').onDelete('cascade'),
    )
    .addColumn('line_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_lines_pk', ['product_id', 'line_key'])
    .execute();

  await db.schema
    .createTable('product_activities')
    .addColumn('product_id', 'varchar(36)', (c) =>
      c.notNull().references('products.id').onDelete('cascade'),
    )
    .addColumn('activity_id', 'varchar(36)', (c) =>
      c.notNull().references('scorecard_activities.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('product_activities_pk', ['product_id', 'activity_id'])
    .execute();
  await db.schema
    .createIndex('product_activities_activity')
    .on('product_activities')
    .columns(['activity_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'product_activities',
    'product_lines',
    'product_languages',
    'product_countries',
    'product_topics',
    'product_agencies',
    'products',
  ])
    await db.schema.dropTable(table).execute();
}
