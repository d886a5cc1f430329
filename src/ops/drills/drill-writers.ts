import type { Database } from '../../db/database.js';
import { DrillUser } from './http-client.js';

/** A contact point of a drill and the activity of their agency they post progress on. */
export interface Writer {
  user: DrillUser;
  activityId: string;
  /** The activity's ETag as the writer last saw it. */
  etag: string;
}

/**
 * The activity each writer posts progress on: one its agency leads, a different one each. Read
 * from the drill's database directly, before the load starts, whichever database it is.
 */
export async function writersIn(
  database: Database,
  accounts: { email: string; password: string }[],
  address: string,
): Promise<Writer[]> {
  const writers: Writer[] = [];
  for (const account of accounts) {
    const activity = await database.db
      .selectFrom('scorecard_activities')
      .innerJoin('users', 'users.organisation_id', 'scorecard_activities.lead_organisation_id')
      .select(['scorecard_activities.id', 'scorecard_activities.version'])
      .where('users.email', '=', account.email)
      .orderBy('scorecard_activities.year', 'desc')
      .orderBy('scorecard_activities.id')
      .executeTakeFirst();
    if (!activity) continue;
    const user = new DrillUser(account.email, account.password, address);
    writers.push({ user, activityId: activity.id, etag: `"${String(activity.version)}"` });
  }
  return writers;
}
