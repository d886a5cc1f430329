import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import * as foundation from './migrations/2026-11-29T0430-foundation.js';
import * as priorities from './migrations/2026-11-29T0620-priorities.js';
import * as scorecard from './migrations/2026-11-29T0730-scorecard.js';
import * as prioritiesWorkflow from './migrations/2026-11-29T0740-priorities-workflow.js';
import * as meetings from './migrations/2026-11-29T0800-meetings.js';
import * as documents from './migrations/2026-11-29T1000-documents.js';
import * as registrationNumbers from './migrations/2026-12-02T1120-registration-numbers.js';
import * as documentTextsSealed from './migrations/2026-12-02T1130-document-texts-sealed.js';
import * as textExtractionJobs from './migrations/2026-12-02T1140-text-extraction-jobs.js';
import * as accountability from './migrations/2026-12-02T1150-accountability.js';
import * as reportingAndSources from './migrations/2026-12-02T1200-reporting-and-sources.js';
import * as notifications from './migrations/2026-12-02T1210-notifications.js';
import * as savedViews from './migrations/2026-12-02T1220-saved-views.js';
import * as passwordResets from './migrations/2026-12-02T1230-password-resets.js';
import * as reports from './migrations/2026-12-02T1400-reports.js';
import * as mailReplyTo from './migrations/2026-12-02T1820-mail-reply-to.js';
import * as reportContributions from './migrations/2026-12-03T0910-report-contributions.js';
import * as reportVersions from './migrations/2026-12-03T0900-report-versions.js';
import * as toolboxes from './migrations/2026-12-03T0930-toolboxes.js';
import * as training from './migrations/2026-12-03T0940-training.js';
import * as products from './migrations/2026-12-03T0920-products.js';
import * as scorecardOrderIndexes from './migrations/2026-12-03T1400-scorecard-order-indexes.js';
import * as sso from './migrations/2026-12-03T1400-sso.js';
import * as activityOffers from './migrations/2026-12-03T1000-activity-offers.js';
import * as secondFactors from './migrations/2026-12-03T1000-second-factors.js';
import * as passkeyChallenges from './migrations/2026-12-03T1800-passkey-challenges.js';
import * as scorecardRevisionsInEffect from './migrations/2026-12-04T2000-scorecard-revisions-in-effect.js';
import * as textExtractionClaimIndexes from './migrations/2026-12-04T2100-text-extraction-claim-indexes.js';
import * as documentsReleasedToNetwork from './migrations/2026-12-04T2300-documents-released-to-network.js';
import * as documentSearchAudiences from './migrations/2026-12-05T2300-document-search-audiences.js';

/** Every migration, in order. Adding one means importing it here. */
const migrations: Record<string, Migration> = {
  '2026-11-29T0430-foundation': foundation,
  '2026-11-29T0620-priorities': priorities,
  '2026-11-29T0730-scorecard': scorecard,
  '2026-11-29T0740-priorities-workflow': prioritiesWorkflow,
  '2026-11-29T0800-meetings': meetings,
  '2026-11-29T1000-documents': documents,
  '2026-12-02T1120-registration-numbers': registrationNumbers,
  '2026-12-02T1130-document-texts-sealed': documentTextsSealed,
  '2026-12-02T1140-text-extraction-jobs': textExtractionJobs,
  '2026-12-02T1150-accountability': accountability,
  '2026-12-02T1200-reporting-and-sources': reportingAndSources,
  '2026-12-02T1210-notifications': notifications,
  '2026-12-02T1220-saved-views': savedViews,
  '2026-12-02T1230-password-resets': passwordResets,
  '2026-12-02T1400-reports': reports,
  '2026-12-02T1820-mail-reply-to': mailReplyTo,
  '2026-12-03T0910-report-contributions': reportContributions,
  '2026-12-03T0900-report-versions': reportVersions,
  '2026-12-03T0930-toolboxes': toolboxes,
  '2026-12-03T0940-training': training,
  '2026-12-03T0920-products': products,
  '2026-12-03T1400-scorecard-order-indexes': scorecardOrderIndexes,
  '2026-12-03T1400-sso': sso,
  '2026-12-03T1000-activity-offers': activityOffers,
  '2026-12-03T1000-second-factors': secondFactors,
  '2026-12-03T1800-passkey-challenges': passkeyChallenges,
  '2026-12-04T2000-scorecard-revisions-in-effect': scorecardRevisionsInEffect,
  '2026-12-04T2100-text-extraction-claim-indexes': textExtractionClaimIndexes,
  '2026-12-04T2300-documents-released-to-network': documentsReleasedToNetwork,
  '2026-12-05T2300-document-search-audiences': documentSearchAudiences,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

function migrator(db: Db): Migrator {
  return new Migrator({ db, provider, migrationTableName: 'schema_migrations' });
}

export class MigrationError extends Error {}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(
      `migration ${failed} failed: ${result.error instanceof Error ? result.error.message : JSON.stringify(result.error)}`,
      {
        cause: result.error,
      },
    );
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/**
 * Applies the pending migrations up to and including `name`: how a test puts data in the shape
 * a migration finds it before running that migration.
 */
export async function migrateTo(db: Db, name: string): Promise<string[]> {
  const result = await migrator(db).migrateTo(name);
  if (result.error)
    throw new MigrationError(`migrating to ${name} failed`, { cause: result.error });
  return (result.results ?? []).map((r) => r.migrationName);
}

/** Names of the migrations this build knows but the database has not run. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const known = await migrator(db).getMigrations();
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** The names of every migration this build knows, in order. */
export function knownMigrationNames(): string[] {
  return Object.keys(migrations);
}
