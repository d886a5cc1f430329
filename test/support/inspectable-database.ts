import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openSqlite, type Database } from '../../src/db/database.js';
import { freshDatabase, testDb } from './platform.js';

/** Bytes read of each PostgreSQL file: far more than a test database holds. */
const TEST_FILE_BYTES = 100_000_000;

/** A database of the kind under test whose every byte a test can search, and how to remove it. */
export interface InspectableDatabase {
  database: Database;
  /**
   * Whether the text occurs anywhere at rest: on SQLite in the bytes of the database file, its
   * write-ahead log and its journal; on PostgreSQL in any row of any table, every column read as
   * text (bytea columns in hexadecimal, so the text's hexadecimal is looked for as well), then in
   * the files of every table and index of the database after a checkpoint (reading them needs a
   * superuser, as the test server's is).
   */
  contains: (text: string) => Promise<boolean>;
  drop: () => Promise<void>;
}

/** SQLite runs on a file here (not in memory), so that its bytes can be read. */
export async function inspectableDatabase(): Promise<InspectableDatabase> {
  if (testDb === 'sqlite') {
    const directory = mkdtempSync(path.join(tmpdir(), 'jhanet-inspectable-'));
    const file = path.join(directory, 'jhanet.db');
    const database = openSqlite(file);
    return {
      database,
      contains: (text) => {
        const needle = Buffer.from(text, 'utf8');
        const files = [file, `${file}-wal`, `${file}-journal`].filter((f) => existsSync(f));
        return Promise.resolve(files.some((f) => readFileSync(f).includes(needle)));
      },
      drop: async () => {
        await database.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  const { database, drop } = await freshDatabase();
  return {
    database,
    contains: async (text) => {
      const tables = await sql<{ name: string }>`
        select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(database.db);
      const hex = Buffer.from(text, 'utf8').toString('hex');
      for (const { name } of tables.rows) {
        const found = await sql<{ hits: number }>`
          select count(*)::int as hits from ${sql.table(name)} as t
          where t::text like ${`%${text}%`} or t::text like ${`%${hex}%`}`.execute(database.db);
        if ((found.rows[0]?.hits ?? 0) > 0) return true;
      }
      // Dead rows and dropped columns are no longer in any row, but still in the files.
      await sql`checkpoint`.execute(database.db);
      const files = await sql<{ hits: number }>`
        select count(*)::int as hits from pg_class c
        where c.relfilenode <> 0 and c.relpersistence = 'p' and c.relkind in ('r', 't', 'i', 'm')
        and position(${Buffer.from(text, 'utf8')}::bytea
          in pg_read_binary_file(pg_relation_filepath(c.oid), 0, ${TEST_FILE_BYTES}, true)) > 0`.execute(
        database.db,
      );
      return (files.rows[0]?.hits ?? 0) > 0;
    },
    drop,
  };
}
