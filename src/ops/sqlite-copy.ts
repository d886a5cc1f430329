import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { openSqlite, type Executor } from '../db/database.js';

/** Pages per step of the online backup: all of them, so the copy is one read of one moment. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies a live SQLite database with SQLite's online backup API, through a connection of its
 * own, while other connections keep writing: the copy is the database as one committed moment.
 * Copied in one step, it cannot be restarted by a concurrent write. Then `read` learns what the
 * manifest says from the copy itself, and the copy is turned into one self-contained file
 * (rollback journal instead of write-ahead log).
 */
export async function copySqlite<T>(
  source: string,
  destination: string,
  read: (copy: Executor) => Promise<T>,
): Promise<T> {
  const live = new SqliteDatabase(source, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    await live.backup(destination, { progress: () => ALL_PAGES });
  } finally {
    live.close();
  }
  const copy = openSqlite(destination);
  try {
    const facts = await read(copy.db);
    await sql`pragma journal_mode = DELETE`.execute(copy.db);
    return facts;
  } finally {
    await copy.close();
  }
}

/** SQLite's own check of a database file: the problems it finds, none when it is whole. */
export function sqliteIntegrityProblems(file: string): string[] {
  const database = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const rows = database.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((row) => row.integrity_check).filter((result) => result !== 'ok');
  } finally {
    database.close();
  }
}
