import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Indexes in the scorecard's default order (a year's activities by lower-cased title, then id),
 * so that a page is read from the index instead of sorting the whole year per request: alone, and
 * after each filter the list narrows a year by (status, assessment, kind). The revisions get the
 * same order with their days in effect, so the scorecard as it stood on a day walks the index in
 * page order and checks each revision's range there, without reading or sorting every revision.
 * Expression indexes on lower(title): SQLite and PostgreSQL both use them for `order by
 * lower(title)`. The home page looks for the activities under way by status and planned start.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index scorecard_activities_title_order
    on scorecard_activities (year, lower(title), id)`.execute(db);
  for (const column of ['status', 'assessment', 'kind']) {
    await sql`create index ${sql.id(`scorecard_activities_${column}_order`)}
      on scorecard_activities (year, ${sql.ref(column)}, lower(title), id)`.execute(db);
  }
  await db.schema
    .createIndex('scorecard_activities_under_way')
    .on('scorecard_activities')
    .columns(['status', 'planned_start'])
    .execute();
  // The revisions' index by (year, effective_on, superseded_on) goes: with it, SQLite would read
  // a day's page through the range on effective_on and sort it; the index in page order holds
  // the same columns, and the count of a day reads them there.
  await db.schema.dropIndex('scorecard_revisions_year').execute();
  await sql`create index scorecard_revisions_title_order
    on scorecard_revisions (year, lower(title), activity_id, effective_on, superseded_on, version)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'scorecard_revisions_title_order',
    'scorecard_activities_under_way',
    'scorecard_activities_kind_order',
    'scorecard_activities_assessment_order',
    'scorecard_activities_status_order',
    'scorecard_activities_title_order',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema
    .createIndex('scorecard_revisions_year')
    .on('scorecard_revisions')
    .columns(['year', 'effective_on', 'superseded_on'])
    .execute();
}
