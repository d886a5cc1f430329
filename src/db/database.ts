import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  type LogEvent,
  PostgresDialect,
  SqliteDialect,
  sql,
  type SqliteDatabase as KyselySqlite,
  type SelectQueryBuilder,
  type SqliteStatement,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { FailoverPool } from './failover-pool.js';
import { parseHostList } from './host-list.js';
import type { Schema } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Schema>;
export type Trx = Transaction<Schema>;
/** Either the database or a transaction on it: repositories accept both. */
export type Executor = Kysely<Schema> | Transaction<Schema>;

/** Where the two databases differ, behind one small interface. */
export interface DialectAdapter {
  readonly name: DialectName;
  /** Serialises appends to the audit chain across processes, until the transaction ends. */
  lockAuditChain(trx: Trx): Promise<void>;
  /**
   * Makes a select of rows to claim skip the rows another process is claiming at that moment,
   * so that concurrent workers each take different rows instead of waiting on one another.
   */
  skipLockedRows<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
  ): SelectQueryBuilder<DB, TB, O>;
}

export interface Database {
  readonly db: Db;
  readonly dialect: DialectAdapter;
  close(): Promise<void>;
}

const sqliteAdapter: DialectAdapter = {
  name: 'sqlite',
  // One writer at a time is SQLite's own rule, and Kysely runs one transaction per connection.
  lockAuditChain: async () => undefined,
  // SQLite has no row locks: one writer at a time makes a single claiming UPDATE atomic.
  skipLockedRows: (query) => query,
};

// Any constant works: it names the lock, shared by every process on the same database.
const AUDIT_CHAIN_LOCK = 0x6a68616e;

const postgresAdapter: DialectAdapter = {
  name: 'postgres',
  lockAuditChain: async (trx) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  },
  skipLockedRows: (query) => query.forUpdate().skipLocked(),
};

/** Far more than the distinct queries the code writes; only a runaway would reach it. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely's SQLite driver prepares every query anew, and on this small database preparing costs
 * about as much as running: reusing statements by their SQL text raised the throughput of
 * `npm run bench` by about 40 %. Values are parameters, so the texts come from the code and are
 * few. Kysely runs one query at a time per connection, so a cached statement is never busy when
 * it is reused.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): KyselySqlite {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(text) {
      let statement = statements.get(text);
      if (!statement) {
        statement = sqlite.prepare(text);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statements.set(text, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}

/**
 * Told of every query a database runs, with its SQL. Tests count queries per request through it,
 * so that a page doing a query per row is caught; the platform itself passes none.
 */
export type QueryObserver = (sql: string) => void;

function logTo(observer: QueryObserver | undefined) {
  return observer
    ? (event: LogEvent) => {
        if (event.level === 'query') observer(event.query.sql);
      }
    : undefined;
}

export function openSqlite(file: string, observer?: QueryObserver): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Schema>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    log: logTo(observer),
  });
  return { db, dialect: sqliteAdapter, close: () => db.destroy() };
}

// PostgreSQL returns bigint (count(*), sums) as strings by default; every count we make fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** How long opening a connection, or waiting for a free one, may take before a request gives up. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * PostgreSQL through a pool that follows the host of the list that accepts writes (see
 * failover-pool.ts); a URL of one host is a list of one.
 */
export function openPostgres(
  connectionString: string,
  poolSize = 10,
  observer?: QueryObserver,
): Database {
  const pool = new FailoverPool({
    hosts: parseHostList(connectionString),
    poolSize,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    // Warnings go to stderr, where an operator sees a failover or restart happen.
    warn: (message) => {
      process.emitWarning(message);
    },
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), log: logTo(observer) });
  return { db, dialect: postgresAdapter, close: () => db.destroy() };
}

/**
 * Whether an error is the database refusing a write that breaks a constraint (unique, primary
 * or foreign key, not null, check), as either database reports it: SQLite's extended result
 * codes, PostgreSQL's SQLSTATE class 23.
 */
export function isConstraintViolation(error: unknown): boolean {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string')
    return false;
  return error.code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(error.code);
}

/** Where the embedded database lives in a data directory. */
export function sqliteFileIn(dataDir: string): string {
  return path.join(dataDir, 'jhanet.sqlite');
}

export function openDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
}): Database {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl)
    : openSqlite(sqliteFileIn(options.dataDir));
}
