import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * The versions of a report's text. Each save of a written section, each change of the day the
 * data are read on (which regenerates the data sections) and finalising keep a numbered version:
 * every section's title and text as the report read then, as JSON, so that two versions compare
 * section by section long after the data have moved on.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_versions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('report_id', 'varchar(36)', (c) =>
      c.notNull().references('reports.id').onDelete('cascade'),
    )
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('reason', 'varchar(32)', (c) => c.notNull())
    .addColumn('as_of', 'varchar(10)', (c) => c.notNull())
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('report_versions_numbered', ['report_id', 'number'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_versions').execute();
}
