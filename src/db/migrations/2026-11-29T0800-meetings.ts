import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Meetings of the network: who is invited, who comes, the agenda, the outcomes; the calendar
 * feeds users subscribe to; and the queue of e-mail that carries invitations and reminders.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('host_organisation_id', 'varchar(36)', (c) =>
      c.notNull().references('organisations.id'),
    )
    .addColumn('venue', 'varchar(300)', (c) => c.notNull())
    .addColumn('city', 'varchar(100)', (c) => c.notNull())
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('capacity', 'integer')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('agenda_published_at', 'varchar(32)')
    .addColumn('invitations_sent_at', 'varchar(32)')
    .addColumn('minutes', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('report_in_final_report', 'integer', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meetings_starts_at').on('meetings').column('starts_at').execute();

  await db.schema
    .createTable('meeting_invitations')
    .addColumn('meeting_id', 'varchar(36)', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_invitations_pk', ['meeting_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('meeting_invitations_organisation')
    .on('meeting_invitations')
    .column('organisation_id')
    .execute();

  await db.schema
    .createTable('meeting_participants')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('meeting_id', 'varchar(36)', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('email', 'varchar(254)')
    .addColumn('affiliation', 'varchar(200)', (c) => c.notNull())
    .addColumn('topic', 'varchar(300)', (c) => c.notNull())
    .addColumn('response', 'varchar(16)', (c) => c.notNull())
    .addColumn('responded_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('meeting_participants_user', ['meeting_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('meeting_agenda_items')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('meeting_id', 'varchar(36)', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('presenter', 'varchar(200)', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_agenda_items_meeting')
    .on('meeting_agenda_items')
    .column('meeting_id')
    .execute();

  await db.schema
    .createTable('meeting_agenda_priority_lines')
    .addColumn('agenda_item_id', 'varchar(36)', (c) =>
      c.notNull().references('meeting_agenda_items.id').onDelete('cascade'),
    )
    .addColumn('line_key', 'varchar(36)', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_agenda_priority_lines_pk', ['agenda_item_id', 'line_key'])
    .execute();

  await db.schema
    .createTable('meeting_decisions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('meeting_id', 'varchar(36)', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('meeting_action_points')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('meeting_id', 'varchar(36)', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('owner_organisation_id', 'varchar(36)', (c) =>
      c.notNull().references('organisations.id'),
    )
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('activity_id', 'varchar(36)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_action_points_owner')
    .on('meeting_action_points')
    .columns(['owner_organisation_id', 'status', 'due_on'])
    .execute();

  await db.schema
    .createTable('calendar_feeds')
    .addColumn('user_id', 'varchar(36)', (c) =>
      c.primaryKey().references('users.id').onDelete('cascade'),
    )
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(32)')
    .execute();

  await db.schema
    .createTable('mail_queue')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('recipient', 'varchar(254)', (c) => c.notNull())
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('calendar', 'text')
    .addColumn('calendar_method', 'varchar(16)')
    .addColumn('dedupe_key', 'varchar(200)', (c) => c.unique())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('lease_until', 'varchar(32)')
    .addColumn('leased_by', 'varchar(100)')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('mail_queue_due')
    .on('mail_queue')
    .columns(['status', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'mail_queue',
    'calendar_feeds',
    'meeting_action_points',
    'meeting_decisions',
    'meeting_agenda_priority_lines',
    'meeting_agenda_items',
    'meeting_participants',
    'meeting_invitations',
    'meetings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
