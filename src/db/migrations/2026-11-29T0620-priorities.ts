import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * The priorities of a network year. Each version of a year's priorities is a framework of its
 * own (draft, consultation, agreed); a line keeps its `line_key` across versions so that two
 * versions can be compared line by line.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('priority_frameworks')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('chair_organisation_id', 'varchar(36)', (c) => c.references('organisations.id'))
    .addColumn('introduction', 'text', (c) => c.notNull())
    .addColumn('agreed_on', 'varchar(10)')
    .addColumn('agreed_at', 'varchar(300)')
    .addColumn('based_on_id', 'varchar(36)', (c) => c.references('priority_frameworks.id'))
    .addColumn('row_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('priority_frameworks_year_version', ['year', 'version'])
    .execute();

  await db.schema
    .createTable('priority_groups')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('framework_id', 'varchar(36)', (c) =>
      c.notNull().references('priority_frameworks.id').onDelete('cascade'),
    )
    .addColumn('key', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('outlook', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('priority_sections')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('framework_id', 'varchar(36)', (c) =>
      c.notNull().references('priority_frameworks.id').onDelete('cascade'),
    )
    .addColumn('group_key', 'varchar(16)', (c) => c.notNull())
    .addColumn('number', 'varchar(8)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('objective', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('priority_sections_framework')
    .on('priority_sections')
    .column('framework_id')
    .execute();

  await db.schema
    .createTable('priority_lines')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('section_id', 'varchar(36)', (c) =>
      c.notNull().references('priority_sections.id').onDelete('cascade'),
    )
    .addColumn('line_key', 'varchar(36)', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('priority_lines_section')
    .on('priority_lines')
    .column('section_id')
    .execute();

  await db.schema
    .createTable('priority_references')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('section_id', 'varchar(36)', (c) =>
      c.notNull().references('priority_sections.id').onDelete('cascade'),
    )
    .addColumn('line_id', 'varchar(36)', (c) =>
      c.references('priority_lines.id').onDelete('cascade'),
    )
    .addColumn('label', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('url', 'varchar(1000)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('priority_principles')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('framework_id', 'varchar(36)', (c) =>
      c.notNull().references('priority_frameworks.id').onDelete('cascade'),
    )
    .addColumn('key', 'varchar(40)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'priority_principles',
    'priority_references',
    'priority_lines',
    'priority_sections',
    'priority_groups',
    'priority_frameworks',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
