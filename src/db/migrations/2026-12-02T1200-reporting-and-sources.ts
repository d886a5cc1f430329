import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Reports the network owes: one row per year, recipient (COSI, the LIBE committee) and moment of
 * the year (`beginning` or `end`), with the day it is due when one is set and where the
 * obligation comes from (a section of that year's priorities).
 *
 * A year's priorities may have a paragraph after their outlook, where the 2017 paper has its
 * "Please note" (the introduction comes before the outlook).
 *
 * Where a record's facts come from: a section of the paper it traces back to, or `illustrative`
 * for what the demonstration adds that no paper states. One row per record, by type and id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('priority_frameworks').addColumn('outlook_note', 'text').execute();

  await db.schema
    .createTable('report_obligations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('recipient_organisation_id', 'varchar(36)', (c) =>
      c.notNull().references('organisations.id'),
    )
    .addColumn('period', 'varchar(16)', (c) => c.notNull())
    .addColumn('due_on', 'varchar(10)')
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('report_obligations_once', ['year', 'recipient_organisation_id', 'period'])
    .execute();

  await db.schema
    .createTable('record_sources')
    .addColumn('record_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('record_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_sources_pk', ['record_type', 'record_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('record_sources').execute();
  await db.schema.dropTable('report_obligations').execute();
  await db.schema.alterTable('priority_frameworks').dropColumn('outlook_note').execute();
}
