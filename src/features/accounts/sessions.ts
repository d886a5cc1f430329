import type { Actor } from '../../app/access.js';
import type { Database, Db, Executor } from '../../db/database.js';
import { randomSecret, secretHash } from './secrets.js';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

/** Writing last_seen_at on every request would make each read a write; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

/** The session, its user and organisation, for one session id (its only parameter). */
function compileResolveQuery(db: Db) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'sessions.id as sessionId',
      'sessions.csrf_token as csrfToken',
      'sessions.last_seen_at as lastSeenAt',
      'sessions.expires_at as expiresAt',
      'users.id as userId',
      'users.email',
      'users.name',
      'users.role',
      'users.locale',
      'users.disabled_at as disabledAt',
      'organisations.id as organisationId',
      'organisations.acronym as organisationAcronym',
    ])
    .where('sessions.id', '=', '')
    .compile();
}

type ResolveQuery = ReturnType<typeof compileResolveQuery>;

/**
 * Server-side sessions in the database, so that any process can serve any user. The cookie holds
 * a random secret; the table holds only its hash.
 */
export class Sessions {
  /**
   * Every request but the public ones runs this query, so it is built once: building and
   * compiling it each time cost about as much as running it.
   */
  private readonly resolveQuery: ResolveQuery;

  constructor(
    private readonly database: Database,
    private readonly policy: SessionPolicy,
  ) {
    this.resolveQuery = compileResolveQuery(database.db);
  }

  /** Starts a new session (always a new id: no fixation) and returns the cookie value. */
  async start(
    db: Executor,
    userId: string,
    client: { ip: string; userAgent: string },
  ): Promise<{ cookieValue: string; sessionId: string; csrfToken: string; expiresAt: string }> {
    const cookieValue = randomSecret();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.policy.maxHours * 3_600_000).toISOString();
    const sessionId = secretHash(cookieValue);
    const csrfToken = randomSecret();
    await db
      .insertInto('sessions')
      .values({
        id: sessionId,
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt,
        ip: client.ip.slice(0, 64),
        user_agent: client.userAgent.slice(0, 300),
      })
      .execute();
    return { cookieValue, sessionId, csrfToken, expiresAt };
  }

  /** The actor of a live session, or null when it is unknown, expired, idle or its user disabled. */
  async resolve(cookieValue: string): Promise<Actor | null> {
    const now = new Date();
    const query: ResolveQuery = { ...this.resolveQuery, parameters: [secretHash(cookieValue)] };
    const { rows } = await this.database.db.executeQuery(query);
    const row = rows[0];
    if (!row || row.disabledAt !== null) return null;
    const idleSince = now.getTime() - Date.parse(row.lastSeenAt);
    if (row.expiresAt <= now.toISOString() || idleSince > this.policy.idleMinutes * 60_000) {
      await this.end(row.sessionId);
      return null;
    }
    if (idleSince > TOUCH_INTERVAL_MS) {
      await this.database.db
        .updateTable('sessions')
        .set({ last_seen_at: now.toISOString() })
        .where('id', '=', row.sessionId)
        .execute();
    }
    return {
      userId: row.userId,
      email: row.email,
      name: row.name,
      role: row.role,
      locale: row.locale,
      organisationId: row.organisationId,
      organisationAcronym: row.organisationAcronym,
      via: { kind: 'session', sessionId: row.sessionId, csrfToken: row.csrfToken },
    };
  }

  async end(sessionId: string, db: Executor = this.database.db): Promise<void> {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }

  /** Removes sessions past their end; run at start and from time to time. */
  async purgeExpired(): Promise<void> {
    const now = Date.now();
    await this.database.db
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<=', new Date(now).toISOString()),
          eb('last_seen_at', '<', new Date(now - this.policy.idleMinutes * 60_000).toISOString()),
        ]),
      )
      .execute();
  }
}
