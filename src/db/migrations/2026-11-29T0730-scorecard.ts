import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * The scorecard of joint activities. An activity links to priority lines by `line_key`, which
 * survives new versions of a year's priorities. Every accepted change of an activity stores a
 * revision (a snapshot with the date it took effect), from which the scorecard is shown as it
 * stood on any date.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scorecard_activities')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('lead_organisation_id', 'varchar(36)', (c) =>
      c.notNull().references('organisations.id'),
    )
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('assessment', 'varchar(8)')
    .addColumn('assessment_reason', 'text', (c) => c.notNull())
    .addColumn('planned_start', 'varchar(10)', (c) => c.notNull())
    .addColumn('planned_end', 'varchar(10)', (c) => c.notNull())
    .addColumn('released_to_observers', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('scorecard_activities_year')
    .on('scorecard_activities')
    .columns(['year', 'title'])
    .execute();
  await db.schema
    .createIndex('scorecard_activities_lead')
    .on('scorecard_activities')
    .columns(['lead_organisation_id', 'year'])
    .execute();

  await db.schema
    .createTable('scorecard_activity_lines')
    .addColumn('activity_id', 'varchar(36)', (c) =>
      c.notNull().references('scorecard_activities.id').onDelete('cascade'),
    )
    .addColumn('line_key', 'varchar(36)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('scorecard_activity_lines_pk', ['activity_id', 'line_key'])
    .execute();
  await db.schema
    .createIndex('scorecard_activity_lines_line')
    .on('scorecard_activity_lines')
    .column('line_key')
    .execute();

  await db.schema
    .createTable('scorecard_activity_organisations')
    .addColumn('activity_id', 'varchar(36)', (c) =>
      c.notNull().references('scorecard_activities.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addPrimaryKeyConstraint('scorecard_activity_organisations_pk', [
      'activity_id',
      'organisation_id',
    ])
    .execute();
  await db.schema
    .createIndex('scorecard_activity_organisations_organisation')
    .on('scorecard_activity_organisations')
    .columns(['organisation_id', 'role'])
    .execute();

  await db.schema
    .createTable('scorecard_activity_tags')
    .addColumn('activity_id', 'varchar(36)', (c) =>
      c.notNull().references('scorecard_activities.id').onDelete('cascade'),
    )
    .addColumn('tag', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('scorecard_activity_tags_pk', ['activity_id', 'tag'])
    .execute();

  await db.schema
    .createTable('scorecard_indicators')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('activity_id', 'varchar(36)', (c) =>
      c.notNull().references('scorecard_activities.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('unit', 'varchar(40)', (c) => c.notNull())
    .addColumn('target', 'double precision')
    .addColumn('value', 'double precision')
    .execute();
  await db.schema
    .createIndex('scorecard_indicators_activity')
    .on('scorecard_indicators')
    .column('activity_id')
    .execute();

  await db.schema
    .createTable('scorecard_deliverables')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('activity_id', 'varchar(36)', (c) =>
      c.notNull().references('scorecard_activities.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('url', 'varchar(2000)')
    .addColumn('due_on', 'varchar(10)')
    .execute();
  await db.schema
    .createIndex('scorecard_deliverables_activity')
    .on('scorecard_deliverables')
    .column('activity_id')
    .execute();

  await db.schema
    .createTable('scorecard_updates')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('activity_id', 'varchar(36)', (c) =>
      c.notNull().references('scorecard_activities.id').onDelete('cascade'),
    )
    .addColumn('posted_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('author_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('activity_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('scorecard_updates_activity')
    .on('scorecard_updates')
    .columns(['activity_id', 'posted_on'])
    .execute();

  await db.schema
    .createTable('scorecard_revisions')
    .addColumn('activity_id', 'varchar(36)', (c) =>
      c.notNull().references('scorecard_activities.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('effective_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('summary', 'varchar(40)', (c) => c.notNull())
    // The day the next revision took effect: a revision is the one in effect on the days from
    // effective_on until before superseded_on (null: still in effect).
    .addColumn('superseded_on', 'varchar(10)')
    // What the scorecard filters and sorts by, as it was at this version, so that the scorecard
    // as it stood on a day is one query like the live one. Lists are '|'-delimited ids.
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('lead_organisation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('participant_ids', 'text', (c) => c.notNull())
    .addColumn('line_keys', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('assessment', 'varchar(8)')
    .addColumn('planned_start', 'varchar(10)', (c) => c.notNull())
    .addColumn('planned_end', 'varchar(10)', (c) => c.notNull())
    .addColumn('released_to_observers', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('scorecard_revisions_pk', ['activity_id', 'version'])
    .execute();
  await db.schema
    .createIndex('scorecard_revisions_effective')
    .on('scorecard_revisions')
    .columns(['activity_id', 'effective_on', 'version'])
    .execute();
  await db.schema
    .createIndex('scorecard_revisions_year')
    .on('scorecard_revisions')
    .columns(['year', 'effective_on', 'superseded_on'])
    .execute();

  // The whole activity at each version, apart from the narrow rows the as-of view scans.
  await db.schema
    .createTable('scorecard_revision_snapshots')
    .addColumn('activity_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scorecard_revision_snapshots_pk', ['activity_id', 'version'])
    .addForeignKeyConstraint(
      'scorecard_revision_snapshots_revision',
      ['activity_id', 'version'],
      'scorecard_revisions',
      ['activity_id', 'version'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'scorecard_revision_snapshots',
    'scorecard_revisions',
    'scorecard_updates',
    'scorecard_deliverables',
    'scorecard_indicators',
    'scorecard_activity_tags',
    'scorecard_activity_organisations',
    'scorecard_activity_lines',
    'scorecard_activities',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
