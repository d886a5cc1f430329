import { sql } from 'kysely';
import type { Database } from '../db/database.js';

/** The migrator's own bookkeeping, present in every database the platform has opened. */
const BOOKKEEPING = new Set(['schema_migrations', 'kysely_migration_lock']);

/** A table of the database and how many rows it holds. */
export interface TableCount {
  table: string;
  rows: number;
}

/**
 * The platform's tables, from the database's catalog: SQLite's ordinary tables (not the
 * search index's virtual and shadow tables, which mirror them), PostgreSQL's base tables of the
 * public schema.
 */
export async function platformTables(database: Database): Promise<string[]> {
  const query =
    database.dialect.name === 'sqlite'
      ? sql<{
          name: string;
        }>`select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%' order by name`
      : sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`;
  const { rows } = await query.execute(database.db);
  return rows.map((row) => row.name);
}

/** The tables that hold rows, with their counts: what a restore over this database replaces. */
export async function tablesWithRows(database: Database): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const table of await platformTables(database)) {
    if (BOOKKEEPING.has(table)) continue;
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from ${sql.id(table)}`.execute(database.db);
    const n = rows[0]?.n ?? 0;
    if (n > 0) counts.push({ table, rows: n });
  }
  return counts;
}
