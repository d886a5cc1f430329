import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * The training matrix: the joint trainings the agencies offer, each kept by the agency that
 * organises it, with its co-organisers, topic areas and a snapshot of every version.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('trainings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('organiser_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('audience', 'varchar(32)', (c) => c.notNull())
    .addColumn('start_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('end_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('place', 'varchar(200)', (c) => c.notNull())
    // Language codes between bars ("|en|fr|"), so that one language is a `like` away.
    .addColumn('languages', 'varchar(200)', (c) => c.notNull())
    .addColumn('capacity', 'integer')
    .addColumn('participants', 'integer')
    .addColumn('offer_url', 'varchar(2000)')
    .addColumn('released_to_observers', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('trainings_period')
    .on('trainings')
    .columns(['start_on', 'end_on'])
    .execute();
  await db.schema
    .createIndex('trainings_organiser')
    .on('trainings')
    .columns(['organiser_id', 'year'])
    .execute();

  await db.schema
    .createTable('training_organisations')
    .addColumn('training_id', 'varchar(36)', (c) =>
      c.notNull().references('trainings.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('training_organisations_pk', ['training_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('training_organisations_organisation')
    .on('training_organisations')
    .column('organisation_id')
    .execute();

  await db.schema
    .createTable('training_topics')
    .addColumn('training_id', 'varchar(36)', (c) =>
      c.notNull().references('trainings.id').onDelete('cascade'),
    )
    .addColumn('topic', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('training_topics_pk', ['training_id', 'topic'])
    .execute();
  await db.schema
    .createIndex('training_topics_topic')
    .on('training_topics')
    .column('topic')
    .execute();

  await db.schema
    .createTable('training_revisions')
    .addColumn('training_id', 'varchar(36)', (c) =>
      c.notNull().references('trainings.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('summary', 'varchar(16)', (c) => c.notNull())
    .addColumn('changed_fields', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('training_revisions_pk', ['training_id', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'training_revisions',
    'training_topics',
    'training_organisations',
    'trainings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
