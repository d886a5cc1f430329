import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * The offers of the toolboxes a joint activity of the scorecard uses or contributes to. The link
 * belongs to the activity (it is set through the activity, under its version) and goes when
 * either the activity or the offer goes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('activity_offers')
    .addColumn('activity_id', 'varchar(36)', (c) =>
      c.notNull().references('scorecard_activities.id').onDelete('cascade'),
    )
    .addColumn('offer_id', 'varchar(36)', (c) =>
      c.notNull().references('toolbox_offers.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('activity_offers_pk', ['activity_id', 'offer_id'])
    .execute();
  await db.schema
    .createIndex('activity_offers_offer')
    .on('activity_offers')
    .columns(['offer_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('activity_offers').execute();
}
