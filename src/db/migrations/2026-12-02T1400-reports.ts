import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Reports and the obligations they answer.
 *
 * An obligation gains its kind: a progress report to a named recipient (COSI, the LIBE
 * committee), the network's final report for the Heads of JHA agencies' meeting, or the annual
 * report on joint cooperation with its infographics; the last two have no single organisation
 * as recipient, so the recipient becomes optional. SQLite cannot change a column or a unique
 * constraint in place, so the table is built anew and its rows copied, on both databases alike.
 *
 * A report answers one obligation: its sections in order, each generated from data as of the
 * report's day or written by people (a version per section, for If-Match). Finalising stores the
 * assembled document, and its public edition, as JSON with their SHA-256 hashes: what was
 * finalised is read from there ever after, never from the data again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_obligations_by_kind')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('recipient_organisation_id', 'varchar(36)', (c) => c.references('organisations.id'))
    .addColumn('period', 'varchar(16)', (c) => c.notNull())
    .addColumn('due_on', 'varchar(10)')
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('report_obligations_per_year', [
      'year',
      'kind',
      'recipient_organisation_id',
      'period',
    ])
    .execute();
  await db
    .insertInto('report_obligations_by_kind')
    .columns(['id', 'year', 'kind', 'recipient_organisation_id', 'period', 'due_on', 'source'])
    .expression(
      db
        .selectFrom('report_obligations')
        .select((eb) => [
          'id',
          'year',
          eb.val('progress').as('kind'),
          'recipient_organisation_id',
          'period',
          'due_on',
          'source',
        ]),
    )
    .execute();
  await db.schema.dropTable('report_obligations').execute();
  await db.schema.alterTable('report_obligations_by_kind').renameTo('report_obligations').execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('obligation_id', 'varchar(36)', (c) =>
      c.notNull().unique().references('report_obligations.id'),
    )
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('as_of', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('audience', 'varchar(16)', (c) => c.notNull())
    .addColumn('final_document', 'text')
    .addColumn('final_hash', 'varchar(64)')
    .addColumn('public_document', 'text')
    .addColumn('public_hash', 'varchar(64)')
    .addColumn('finalised_at', 'varchar(32)')
    .addColumn('finalised_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('submitted_on', 'varchar(10)')
    .addColumn('submitted_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('report_sections')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('report_id', 'varchar(36)', (c) =>
      c.notNull().references('reports.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('origin', 'varchar(16)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('report_sections_in_order', ['report_id', 'position'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_sections').execute();
  await db.schema.dropTable('reports').execute();
  await db.schema
    .createTable('report_obligations_by_period')
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
  await db
    .insertInto('report_obligations_by_period')
    .columns(['id', 'year', 'recipient_organisation_id', 'period', 'due_on', 'source'])
    .expression(
      db
        .selectFrom('report_obligations')
        .select(['id', 'year', 'recipient_organisation_id', 'period', 'due_on', 'source'])
        .where('kind', '=', 'progress'),
    )
    .execute();
  await db.schema.dropTable('report_obligations').execute();
  await db.schema
    .alterTable('report_obligations_by_period')
    .renameTo('report_obligations')
    .execute();
}
