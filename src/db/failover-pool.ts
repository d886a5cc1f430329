/**
 * The PostgreSQL pool the platform writes through: it follows whichever host of its list accepts
 * writes. It connects to the first host that answers `select not pg_is_in_recovery()` true; when
 * that host goes away (killed, restarted, demoted to a standby), the requests of that moment fail
 * at once with DatabaseUnavailableError (503 with Retry-After), and the next requests look for the
 * host that accepts writes again, so that a promoted standby is served without a restart.
 * Nothing waits unbounded: connecting, and waiting for a free connection, have a deadline.
 */
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import pg from 'pg';
import { describeHosts, urlOfHost, type DatabaseHost, type HostList } from './host-list.js';

/** How long a client should wait before asking again, in seconds (the Retry-After header). */
export const RETRY_AFTER_SECONDS = 2;

/** The database cannot be written now: it is being switched over, or out of reach. */
export class DatabaseUnavailableError extends Error {
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
}

// node-postgres and Node's sockets report a lost server by these codes and messages.
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // SQLSTATE: the server shuts down, crashed, is starting or recovering.
  '57P01',
  '57P02',
  '57P03',
  // The host became a standby (demoted): it no longer accepts writes.
  '25006',
]);
const CONNECTION_ERROR_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Cannot use a pool after calling end)/;

/** Whether an error means the connection or the server is gone, rather than the query failing. */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  // Class 08: connection exception.
  return (
    CONNECTION_ERROR_CODES.has(code) ||
    code.startsWith('08') ||
    CONNECTION_ERROR_MESSAGES.test(error.message)
  );
}

/** The pool waited its whole deadline: the server may be slow or busy rather than gone. */
function isTimeout(error: unknown): boolean {
  return error instanceof Error && /timeout exceeded/.test(error.message);
}

export interface FailoverPoolOptions {
  hosts: HostList;
  /** Connections per process, to the host that accepts writes. */
  poolSize: number;
  /** The longest a connection may take to open, and a request may wait for a free one. */
  connectTimeoutMs: number;
  /** Told when the pool loses its host or finds one: operators see a switch happen. */
  warn: (message: string) => void;
}

interface Target {
  host: DatabaseHost;
  pool: pg.Pool;
}

/** After a search found no host that accepts writes, requests fail at once for this long. */
const SEARCH_PAUSE_MS = 200;

export class FailoverPool implements PostgresPool {
  private target: Target | null = null;
  private search: Promise<Target> | null = null;
  private lastFailedSearch = { at: Number.NEGATIVE_INFINITY, error: new Error('not searched') };
  private ended = false;

  constructor(private readonly options: FailoverPoolOptions) {}

  /** The host written to now, or null during a switch. */
  get currentHost(): DatabaseHost | null {
    return this.target?.host ?? null;
  }

  async connect(): Promise<PostgresPoolClient> {
    const target = this.target ?? (await this.writableTarget());
    let client: pg.PoolClient;
    try {
      client = await target.pool.connect();
    } catch (error) {
      if (isTimeout(error)) this.verify(target);
      else this.lose(target, error);
      throw new DatabaseUnavailableError('No connection to the database could be had in time.', {
        cause: error,
      });
    }
    return this.tracked(target, client);
  }

  async end(): Promise<void> {
    this.ended = true;
    const target = this.target;
    this.target = null;
    await this.search?.catch(() => undefined);
    await target?.pool.end();
  }

  /** Joins the search under way, or starts one; waits for it within the deadline. */
  private async writableTarget(): Promise<Target> {
    if (this.ended) throw new Error('the database pool was closed');
    if (!this.search) {
      if (performance.now() - this.lastFailedSearch.at < SEARCH_PAUSE_MS)
        throw new DatabaseUnavailableError(this.lastFailedSearch.error.message, {
          cause: this.lastFailedSearch.error,
        });
      this.startSearch();
    }
    const search = this.search;
    if (!search) throw new Error('no search was started');
    // Every host may take the whole connect deadline to fail; the wait is bounded by them all.
    const deadline = this.options.connectTimeoutMs * (this.options.hosts.hosts.length + 1);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new DatabaseUnavailableError('No database host answered in time.'));
      }, deadline);
    });
    try {
      return await Promise.race([search, timeout]);
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) throw error;
      throw new DatabaseUnavailableError('No database host accepts writes now.', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  private startSearch(): void {
    const search = this.findWritable().finally(() => {
      if (this.search === search) this.search = null;
    });
    search.catch(() => undefined);
    this.search = search;
  }

  private async findWritable(): Promise<Target> {
    const refusals: string[] = [];
    for (const host of this.options.hosts.hosts) {
      const answer = await this.probe(host);
      if (answer === true) {
        const target = { host, pool: this.poolFor(host) };
        if (this.ended) {
          await target.pool.end();
          throw new Error('the database pool was closed');
        }
        this.target = target;
        this.options.warn(`writing to the database at ${describeHosts([host])}`);
        return target;
      }
      refusals.push(`${describeHosts([host])}: ${answer === false ? 'read-only' : answer}`);
    }
    const error = new DatabaseUnavailableError(
      `No database host accepts writes now (${refusals.join('; ')}).`,
    );
    this.lastFailedSearch = { at: performance.now(), error };
    throw error;
  }

  /** True when the host accepts writes, false when it is a standby, or why it did not answer. */
  private async probe(host: DatabaseHost): Promise<boolean | string> {
    const client = new pg.Client({
      connectionString: urlOfHost(this.options.hosts, host),
      connectionTimeoutMillis: this.options.connectTimeoutMs,
    });
    // A server that goes away during the probe reports it here as well as to the query.
    client.on('error', () => undefined);
    try {
      await client.connect();
      const result = await client.query<{ writable: boolean }>(
        'select not pg_is_in_recovery() as writable',
      );
      return result.rows[0]?.writable === true;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private poolFor(host: DatabaseHost): pg.Pool {
    const pool = new pg.Pool({
      connectionString: urlOfHost(this.options.hosts, host),
      max: this.options.poolSize,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      // A server that vanished without closing its connections is noticed by the kernel.
      keepAlive: true,
    });
    // An idle connection the server ended (restart, failover, an administrator): unhandled, its
    // 'error' event would crash the process. A lost server sends the next requests elsewhere.
    pool.on('error', (error) => {
      this.options.warn(`PostgreSQL closed an idle connection: ${error.message}`);
      const target = this.target;
      if (target?.pool === pool && isConnectionLoss(error)) this.lose(target, error);
    });
    return pool;
  }

  /** Stops writing to a host that is gone, and looks at once for the one that accepts writes. */
  private lose(target: Target, error: unknown): void {
    if (this.target !== target) return;
    this.target = null;
    const reason = error instanceof Error ? error.message : String(error);
    this.options.warn(
      `lost the database at ${describeHosts([target.host])} (${reason}): looking for the host that accepts writes`,
    );
    target.pool.end().catch(() => undefined);
    if (!this.search && !this.ended) this.startSearch();
  }

  /** After a wait that ran out: a fresh probe tells a busy server from one that is gone. */
  private verify(target: Target): void {
    void this.probe(target.host).then((answer) => {
      if (answer !== true) this.lose(target, new Error(`probe: ${String(answer)}`));
    });
  }

  /**
   * The client as Kysely uses it: a query that fails because the server is gone fails with
   * DatabaseUnavailableError, and sends the next requests to the host that accepts writes.
   */
  private tracked(target: Target, client: pg.PoolClient): PostgresPoolClient {
    let broken = false;
    // A server lost between two queries of a transaction reports it on the client itself.
    const onError = (error: Error) => {
      broken = true;
      if (isConnectionLoss(error)) this.lose(target, error);
    };
    client.on('error', onError);
    const query = async <R>(text: string, parameters: readonly unknown[]) => {
      try {
        return (await client.query(text, [...parameters])) as unknown as PostgresQueryResult<R>;
      } catch (error) {
        if (!isConnectionLoss(error)) throw error;
        broken = true;
        this.lose(target, error);
        throw new DatabaseUnavailableError('The connection to the database was lost.', {
          cause: error,
        });
      }
    };
    function run<R>(
      sql: string,
      parameters: ReadonlyArray<unknown>,
    ): Promise<PostgresQueryResult<R>>;
    function run<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
    function run<R>(
      textOrCursor: string | PostgresCursor<R>,
      parameters: ReadonlyArray<unknown> = [],
    ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
      if (typeof textOrCursor === 'string') return query<R>(textOrCursor, parameters);
      // A cursor is a pg Submittable, which pg's query returns as given.
      return client.query(
        textOrCursor as unknown as pg.Submittable,
      ) as unknown as PostgresCursor<R>;
    }
    return {
      query: run,
      release: (destroy?: boolean) => {
        client.off('error', onError);
        client.release(broken || destroy === true ? true : undefined);
      },
    };
  }
}
