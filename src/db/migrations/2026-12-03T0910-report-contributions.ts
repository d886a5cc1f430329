import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Contributions to a report and its sign-off.
 *
 * The secretariat asks a member agency for a contribution to a section of a draft, by a day; the
 * agency's contact point writes it and submits it, and the secretariat accepts it into the
 * section. One request per section and agency.
 *
 * A report gains its sign-off procedure: whether an agency that does not answer by the deadline
 * agrees ("silence") or every agency must approve ("explicit"), and the deadline. Each member
 * agency answers once per report, approving or objecting with a comment; the answer names the
 * hash of the finalised text it was given on, so finalising anew leaves it behind.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('reports')
    .addColumn('signoff_rule', 'varchar(16)', (c) => c.notNull().defaultTo('explicit'))
    .execute();
  await db.schema.alterTable('reports').addColumn('signoff_due_on', 'varchar(10)').execute();

  await db.schema
    .createTable('report_contributions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('report_id', 'varchar(36)', (c) =>
      c.notNull().references('reports.id').onDelete('cascade'),
    )
    .addColumn('section_id', 'varchar(36)', (c) =>
      c.notNull().references('report_sections.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('requested_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('submitted_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('submitted_at', 'varchar(32)')
    .addColumn('accepted_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('accepted_at', 'varchar(32)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('report_contributions_once', ['section_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('report_contributions_by_organisation')
    .on('report_contributions')
    .columns(['organisation_id', 'status'])
    .execute();

  await db.schema
    .createTable('report_signoffs')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('report_id', 'varchar(36)', (c) =>
      c.notNull().references('reports.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('answer', 'varchar(16)')
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('answered_hash', 'varchar(64)')
    .addColumn('answered_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('answered_at', 'varchar(32)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('report_signoffs_once', ['report_id', 'organisation_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_signoffs').execute();
  await db.schema.dropTable('report_contributions').execute();
  await db.schema.alterTable('reports').dropColumn('signoff_due_on').execute();
  await db.schema.alterTable('reports').dropColumn('signoff_rule').execute();
}
