/**
 * The one way a versioned record is changed. A write names the version it is based on and claims
 * it in one conditional statement (`update ... set version = version + 1 where id = ? and
 * version = ?`, the affected rows checked): of any number of writers on one version exactly one
 * gets the row, on SQLite and on PostgreSQL alike, and the others are refused as stale. The claim
 * is the transaction's first statement, so the row lock is always the first lock a write takes
 * (then the rows it touches, then the audit chain's): no two writes wait on each other in
 * opposite orders, which PostgreSQL would end with "deadlock detected".
 */
import { sql, type Insertable } from 'kysely';
import { NotFoundError, StaleVersionError } from '../app/errors.js';
import type { Db, Trx } from './database.js';
import type { Schema } from './schema.js';

/** Every table of versioned records, with the column that names a record and the one that counts its versions. */
const versionedTables = {
  organisations: { key: 'id', version: 'version' },
  chair_years: { key: 'year', version: 'version' },
  users: { key: 'id', version: 'version' },
  scorecard_activities: { key: 'id', version: 'version' },
  meetings: { key: 'id', version: 'version' },
  meeting_action_points: { key: 'id', version: 'version' },
  priority_frameworks: { key: 'id', version: 'row_version' },
  priority_answers: { key: 'id', version: 'row_version' },
  documents: { key: 'id', version: 'version' },
  reports: { key: 'id', version: 'version' },
  products: { key: 'id', version: 'version' },
  report_sections: { key: 'id', version: 'version' },
  report_contributions: { key: 'id', version: 'version' },
  report_signoffs: { key: 'id', version: 'version' },
  toolboxes: { key: 'id', version: 'version' },
  toolbox_offers: { key: 'id', version: 'version' },
  trainings: { key: 'id', version: 'version' },
} as const satisfies {
  [T in keyof Schema]?: {
    key: keyof Schema[T] & string;
    version: keyof Schema[T] & string;
  };
};

export type VersionedTable = keyof typeof versionedTables;

/** The value that names a record of the table: its id, or the year of a chair. */
export type RecordKey<T extends VersionedTable> = Schema[T][(typeof versionedTables)[T]['key'] &
  keyof Schema[T]];

/**
 * Claims the record at `expected` and answers its new version. Refuses a missing record as not
 * found and a changed one as stale, with the version it has now. Every other write of the change
 * comes after this one, in the same transaction.
 */
export async function claimVersion<T extends VersionedTable>(
  trx: Trx,
  table: T,
  key: RecordKey<T>,
  expected: number,
): Promise<number> {
  const claimed = await raiseVersion(trx, table, key, expected);
  if (claimed !== null) return claimed;
  throw new StaleVersionError(await currentVersion(trx, table, key));
}

/**
 * Raises the version of a record changed without naming one (adding a file, an invitation): the
 * row is still claimed first, and a writer holding the old version is then refused as stale.
 */
export async function bumpVersion<T extends VersionedTable>(
  trx: Trx,
  table: T,
  key: RecordKey<T>,
): Promise<number> {
  const raised = await raiseVersion(trx, table, key, null);
  if (raised === null) throw new NotFoundError();
  return raised;
}

/**
 * Creates a record that a write expects not to exist yet (the chair of a new year): when another
 * write created it first, this one is refused as stale with that record's version, never with
 * the primary key's violation.
 */
export async function insertVersioned<T extends VersionedTable>(
  trx: Trx,
  table: T,
  row: Insertable<Schema[T]>,
): Promise<void> {
  const { key } = versionedTables[table];
  const entries: [string, unknown][] = Object.entries(row);
  const inserted = await sql<{ key: unknown }>`
    insert into ${sql.table(table)} (${sql.join(entries.map(([column]) => sql.ref(column)))})
    values (${sql.join(entries.map(([, value]) => value))})
    on conflict (${sql.ref(key)}) do nothing
    returning ${sql.ref(key)} as key`.execute(trx);
  if (inserted.rows.length === 1) return;
  const existing = (row as Record<string, unknown>)[key] as RecordKey<T>;
  throw new StaleVersionError(await currentVersion(trx, table, existing));
}

/** What a change answers when it finds nothing to change: its transaction is rolled back. */
export const unchanged: unique symbol = Symbol('unchanged');

/** Thrown only to roll back a change of nothing, and caught where it is thrown. */
class NothingChanged extends Error {}

/**
 * Runs a change of one versioned record in a transaction that first claims it at `expected`. A
 * change that finds nothing differs from what is stored answers `unchanged`: the claim is rolled
 * back with everything else, so a change of nothing raises no version and writes no audit entry.
 */
export async function changeVersioned<T extends VersionedTable, R>(
  db: Db,
  table: T,
  key: RecordKey<T>,
  expected: number,
  change: (trx: Trx, version: number) => Promise<R | typeof unchanged>,
): Promise<R | typeof unchanged> {
  return unlessUnchanged(db, async (trx) => {
    const version = await claimVersion(trx, table, key, expected);
    return change(trx, version);
  });
}

/**
 * A transaction whose work may find nothing to change: answering `unchanged` rolls it back.
 * For a change whose claim is made by a helper of its own feature.
 */
export async function unlessUnchanged<R>(
  db: Db,
  work: (trx: Trx) => Promise<R | typeof unchanged>,
): Promise<R | typeof unchanged> {
  try {
    return await db.transaction().execute(async (trx) => {
      const result = await work(trx);
      if (result === unchanged) throw new NothingChanged();
      return result;
    });
  } catch (error) {
    if (error instanceof NothingChanged) return unchanged;
    throw error;
  }
}

/** One conditional UPDATE that raises the version; null when no row matched. */
async function raiseVersion<T extends VersionedTable>(
  trx: Trx,
  table: T,
  key: RecordKey<T>,
  expected: number | null,
): Promise<number | null> {
  const { key: keyColumn, version } = versionedTables[table];
  const raised = await sql<{ version: number }>`
    update ${sql.table(table)}
    set ${sql.ref(version)} = ${sql.ref(version)} + 1, updated_at = ${new Date().toISOString()}
    where ${sql.ref(keyColumn)} = ${key}
    ${expected === null ? sql`` : sql`and ${sql.ref(version)} = ${expected}`}
    returning ${sql.ref(version)} as version`.execute(trx);
  return raised.rows[0]?.version ?? null;
}

/** The version a record has now; not found when it is gone. */
async function currentVersion<T extends VersionedTable>(
  trx: Trx,
  table: T,
  key: RecordKey<T>,
): Promise<number> {
  const { key: keyColumn, version } = versionedTables[table];
  const current = await sql<{ version: number }>`
    select ${sql.ref(version)} as version from ${sql.table(table)}
    where ${sql.ref(keyColumn)} = ${key}`.execute(trx);
  const row = current.rows[0];
  if (!row) throw new NotFoundError();
  return row.version;
}
