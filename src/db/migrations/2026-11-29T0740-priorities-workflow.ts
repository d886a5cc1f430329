import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * The workflow of setting a year's priorities: the consultation of the member agencies on a
 * version, their answers section by section, and the revisions of the text made while the
 * consultation runs. The meeting that agreed a version stays the free text `agreed_at`, so that a
 * link to a recorded meeting can be added beside it later.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('priority_frameworks')
    .addColumn('consultation_deadline', 'varchar(10)')
    .execute();
  await db.schema
    .alterTable('priority_frameworks')
    .addColumn('consultation_opened_at', 'varchar(32)')
    .execute();

  await db.schema
    .createTable('priority_answers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('framework_id', 'varchar(36)', (c) =>
      c.notNull().references('priority_frameworks.id').onDelete('cascade'),
    )
    .addColumn('section_id', 'varchar(36)', (c) =>
      c.notNull().references('priority_sections.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('author_user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('line_key', 'varchar(36)')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('row_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('priority_answers_framework')
    .on('priority_answers')
    .columns(['framework_id', 'organisation_id'])
    .execute();

  await db.schema
    .createTable('priority_revisions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('framework_id', 'varchar(36)', (c) =>
      c.notNull().references('priority_frameworks.id').onDelete('cascade'),
    )
    .addColumn('revised_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor_user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('section_number', 'varchar(8)')
    .addColumn('line_key', 'varchar(36)')
    .addColumn('row_version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('priority_revisions_framework')
    .on('priority_revisions')
    .column('framework_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('priority_revisions').execute();
  await db.schema.dropTable('priority_answers').execute();
  await db.schema.alterTable('priority_frameworks').dropColumn('consultation_opened_at').execute();
  await db.schema.alterTable('priority_frameworks').dropColumn('consultation_deadline').execute();
}
