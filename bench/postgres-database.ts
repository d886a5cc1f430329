// A PostgreSQL database of the bench's own, created fresh on the server BENCH_DATABASE_URL names
// and dropped at the end, so that a run never touches data it did not make.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const BENCH_SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

/** Runs one statement on the bench's server (outside any database of its own); its row count. */
export async function onServer(statement: string): Promise<number> {
  const client = new pg.Client({ connectionString: BENCH_SERVER_URL });
  await client.connect();
  try {
    return (await client.query(statement)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/** A new, empty database: its URL, and how to drop it (closing what is still connected). */
export async function freshBenchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `jhanet_bench_${randomBytes(6).toString('hex')}`;
  await onServer(`create database ${name}`);
  return {
    url: databaseUrl(name),
    drop: async () => {
      await onServer(`drop database if exists ${name} with (force)`);
    },
  };
}

/** The URL of the database `name` on the bench's server. */
export function databaseUrl(name: string): string {
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Vacuums and analyses a database the bench has just filled, as autovacuum would within a minute
 * on a server that runs it (PostgreSQL's default; a test machine's may not): the figures are
 * those of a database in its steady state, with statistics and pages marked visible.
 */
export async function settle(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('vacuum (analyze)');
  } finally {
    await client.end();
  }
}
