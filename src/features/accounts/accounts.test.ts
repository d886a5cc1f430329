import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import type { LightMyRequestResponse } from 'fastify';
import {
  testPlatform,
  type Session,
  type TestPlatform,
  type TestUser,
} from '../../../test/support/platform.js';
import type { Problem } from '../../app/plugins/problems.js';
import type { AuditEntry } from '../../db/schema.js';
import { systemContext } from '../audit/audit.events.js';
import type { AuditAction } from '../audit/audit.events.js';
import { ADDRESS_THRESHOLD, LOCKOUT_THRESHOLD } from './login.js';
import { secretHash } from './secrets.js';
import type { TokenView } from './api-tokens.js';
import type { UserView } from './users.service.js';

interface UserPage {
  items: UserView[];
  total: number;
  page: number;
  pageSize: number;
}

/** Asserts an RFC 9457 answer and returns its body. */
function problemOf(response: LightMyRequestResponse, status: number): Problem {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const problem = response.json<Problem>();
  assert.equal(problem.status, status);
  assert.equal(problem.type, `about:blank#${problem.code}`);
  return problem;
}

/** A problem without what differs between any two requests: to compare two answers. */
function shapeOf(response: LightMyRequestResponse): Partial<Problem> {
  const problem: Partial<Problem> = response.json<Problem>();
  delete problem.requestId;
  delete problem.instance;
  return problem;
}

/** The recorded facts of an audit entry. */
function changesOf(entry: AuditEntry | undefined): Record<string, unknown> {
  assert.ok(entry, 'an audit entry exists');
  return JSON.parse(entry.changes) as Record<string, unknown>;
}

function fieldsOf(problem: Problem): string[] {
  return (problem.errors ?? []).map((e) => e.field);
}

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

function helpers(platform: () => TestPlatform) {
  const db = () => platform().services.database.db;
  return {
    db,
    auditTotal: async (action: AuditAction, targetId?: string) =>
      (await platform().services.audit.list({ action, targetId }, 1, 1)).total,
    auditEntries: async (action: AuditAction) =>
      (await platform().services.audit.list({ action }, 1, 200)).items,
    signIn: (email: string, password: string) =>
      platform().app.inject({ method: 'POST', url: '/api/session', payload: { email, password } }),
    /** A request with the session cookie and nothing else: no CSRF header. */
    withCookieOnly: (
      session: Session,
      method: 'PATCH' | 'POST' | 'DELETE',
      url: string,
      body: object,
      headers: Record<string, string> = {},
    ) =>
      platform().app.inject({
        method,
        url,
        headers: { cookie: `jhanet_session=${session.cookie}`, ...headers },
        payload: body,
      }),
    bearer: (
      token: string,
      url: string,
      options: {
        method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
        body?: object;
        headers?: object;
      } = {},
    ) =>
      platform().app.inject({
        method: options.method ?? 'GET',
        url,
        headers: { authorization: `Bearer ${token}`, ...options.headers },
        ...(options.body ? { payload: options.body } : {}),
      }),
  };
}

describe('sign-in', () => {
  let platform: TestPlatform;
  const { db, auditTotal, auditEntries, signIn } = helpers(() => platform);

  before(async () => {
    platform = await testPlatform();
  });
  after(() => platform.close());

  test('sets an HttpOnly SameSite=Lax session cookie and returns the CSRF token', async () => {
    const user = await platform.user('member', 'Eurojust');
    const response = await signIn(user.email, user.password);
    assert.equal(response.statusCode, 200, response.body);
    const setCookie = String(response.headers['set-cookie']);
    assert.match(setCookie, /^jhanet_session=[\w-]{43};/);
    assert.match(setCookie, /; HttpOnly/i);
    assert.match(setCookie, /; SameSite=Lax/i);
    assert.match(setCookie, /; Path=\//);
    const body = response.json<{ user: UserView; csrfToken: string; expiresAt: string }>();
    assert.equal(body.user.email, user.email);
    assert.equal(body.user.organisationAcronym, 'Eurojust');
    assert.match(body.csrfToken, /^[\w-]{43}$/);
    assert.ok(Date.parse(body.expiresAt) > Date.now() + 11 * 3_600_000);
    assert.equal(JSON.stringify(body).includes('password'), false);
    const cookie = response.cookies.find((c) => c.name === 'jhanet_session');
    assert.ok(cookie);
    // The table holds the hash of the cookie, never the cookie.
    const stored = await db()
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.id, secretHash(cookie.value));
    assert.equal(JSON.stringify(stored).includes(cookie.value), false);
  });

  test('the e-mail address is matched without regard to case or spaces', async () => {
    const user = await platform.user('observer', 'FRA');
    const response = await signIn(`  ${user.email.toUpperCase()} `, user.password);
    assert.equal(response.statusCode, 200, response.body);
  });

  test('every sign-in starts a new session; the earlier one keeps working only as itself', async () => {
    const user = await platform.user('contact', 'CEPOL');
    const first = await platform.login(user);
    const second = await platform.login(user);
    assert.notEqual(first.cookie, second.cookie);
    assert.notEqual(first.csrfToken, second.csrfToken);
    for (const session of [first, second]) {
      const response = await platform.request({ url: '/api/session', as: session });
      assert.equal(response.statusCode, 200);
      assert.equal(response.json<{ csrfToken: string }>().csrfToken, session.csrfToken);
    }
    // The second session's CSRF token does not authorise writes with the first cookie.
    const crossed = await platform.request({
      method: 'DELETE',
      url: '/api/session',
      as: first,
      headers: { 'x-csrf-token': second.csrfToken },
    });
    assert.equal(problemOf(crossed, 403).code, 'csrf_failed');
    const logout = await platform.request({ method: 'DELETE', url: '/api/session', as: second });
    assert.equal(logout.statusCode, 204);
    assert.equal((await platform.request({ url: '/api/session', as: second })).statusCode, 401);
    assert.equal((await platform.request({ url: '/api/session', as: first })).statusCode, 200);
  });

  test('a wrong password is refused with 401 and audited as session.login_failed', async () => {
    const user = await platform.user('member', 'EIGE');
    const before = await auditTotal('session.login_failed');
    const response = await signIn(user.email, `${user.password}x`);
    const problem = problemOf(response, 401);
    assert.equal(problem.code, 'login_failed');
    assert.equal(response.cookies.length, 0);
    assert.equal(await auditTotal('session.login_failed'), before + 1);
    const [entry] = await auditEntries('session.login_failed');
    assert.deepEqual(changesOf(entry), {
      email: user.email,
      reason: 'bad_credentials',
    });
    const sessions = await db()
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    assert.equal(sessions.length, 0);
  });

  test('an unknown e-mail address gets the very same answer as a wrong password', async () => {
    const user = await platform.user('member', 'EIGE');
    const wrong = await signIn(user.email, 'not the password');
    const unknown = await signIn('nobody@nowhere.example.eu', 'not the password');
    problemOf(unknown, 401);
    assert.deepEqual(shapeOf(unknown), shapeOf(wrong));
    const [entry] = await auditEntries('session.login_failed');
    assert.equal(changesOf(entry).email, 'nobody@nowhere.example.eu');
  });

  test('an unknown body field is refused naming it', async () => {
    const user = await platform.user('member');
    const response = await platform.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: user.email, password: user.password, remember: true },
    });
    const problem = problemOf(response, 400);
    assert.equal(problem.code, 'invalid_input');
    assert.deepEqual(fieldsOf(problem), ['remember']);
    assert.match(problem.detail, /remember is not a known field/);
  });

  test('a field of the wrong type or a missing one is refused naming it', async () => {
    const wrongType = await platform.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'a@b.eu', password: 12345678 },
    });
    assert.deepEqual(fieldsOf(problemOf(wrongType, 400)), ['password']);
    const missing = await platform.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { password: 'secret' },
    });
    const problem = problemOf(missing, 400);
    assert.deepEqual(fieldsOf(problem), ['email']);
    assert.match(problem.detail, /email is required/);
  });

  test('a body over 1 MiB is refused with 413 problem details', async () => {
    const response = await platform.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'a@b.eu', password: 'x'.repeat(1024 * 1024) },
    });
    const problem = problemOf(response, 413);
    assert.equal(problem.title, 'Payload too large');
  });

  test(`after ${LOCKOUT_THRESHOLD} failures the next attempt is refused with 429, even with the right password`, async () => {
    const user = await platform.user('member', 'Frontex');
    for (let i = 0; i < LOCKOUT_THRESHOLD; i += 1) {
      problemOf(await signIn(user.email, `wrong-${i}`), 401);
    }
    const locked = await signIn(user.email, user.password);
    const problem = problemOf(locked, 429);
    assert.equal(problem.code, 'too_many_requests');
    const retryAfter = Number(locked.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, String(locked.headers['retry-after']));
    assert.equal(locked.cookies.length, 0);
    const [entry] = await auditEntries('session.login_failed');
    assert.equal(changesOf(entry).reason, 'locked');
    // Other accounts are not affected.
    const other = await platform.user('member', 'Frontex');
    assert.equal((await signIn(other.email, other.password)).statusCode, 200);
    // Once the failures are older than the window, the right password works again.
    await db()
      .updateTable('login_attempts')
      .set({ at: minutesAgo(16) })
      .where('email', '=', user.email)
      .execute();
    assert.equal((await signIn(user.email, user.password)).statusCode, 200);
  });

  test('an unknown address is locked out the same way: nothing tells which addresses exist', async () => {
    const known = await platform.user('member', 'EUAA');
    const unknownEmail = `ghost-${Date.now()}@euaa.example.eu`;
    for (let i = 0; i < LOCKOUT_THRESHOLD; i += 1) {
      const a = await signIn(known.email, `wrong-${i}`);
      const b = await signIn(unknownEmail, `wrong-${i}`);
      assert.deepEqual(shapeOf(b), shapeOf(a));
    }
    const knownLocked = await signIn(known.email, known.password);
    const unknownLocked = await signIn(unknownEmail, known.password);
    problemOf(unknownLocked, 429);
    assert.deepEqual(shapeOf(unknownLocked), shapeOf(knownLocked));
    assert.ok(Number(unknownLocked.headers['retry-after']) > 0);
  });

  test('attempts during a pause do not extend it, for a known address as for an unknown one', async () => {
    const known = await platform.user('member', 'Europol');
    const unknownEmail = `nobody-${Date.now()}@europol.example.eu`;
    for (const email of [known.email, unknownEmail]) {
      for (let i = 0; i < LOCKOUT_THRESHOLD; i += 1)
        problemOf(await signIn(email, `wrong-${i}`), 401);
      // The failures were 14 minutes ago: the pause has a minute left to run.
      await db()
        .updateTable('login_attempts')
        .set({ at: minutesAgo(14) })
        .where('email', '=', email)
        .execute();
    }
    const answers: LightMyRequestResponse[][] = [[], []];
    for (let i = 0; i < LOCKOUT_THRESHOLD + 2; i += 1) {
      answers[0]?.push(await signIn(known.email, known.password));
      answers[1]?.push(await signIn(unknownEmail, known.password));
    }
    for (const [a, b] of answers[0]?.map((r, i) => [r, answers[1]?.[i]] as const) ?? []) {
      problemOf(a, 429);
      assert.ok(b);
      assert.deepEqual(shapeOf(b), shapeOf(a));
      for (const response of [a, b]) {
        const retryAfter = Number(response.headers['retry-after']);
        assert.ok(
          retryAfter > 0 && retryAfter <= 61,
          `still ${retryAfter} s: the pause was extended`,
        );
      }
    }
    // Sixteen minutes after the failures the pause is over, whatever was tried during it.
    await db()
      .updateTable('login_attempts')
      .set({ at: minutesAgo(16) })
      .where('email', 'in', [known.email, unknownEmail])
      .where('at', '<', minutesAgo(10))
      .execute();
    assert.equal((await signIn(known.email, known.password)).statusCode, 200);
    problemOf(await signIn(unknownEmail, known.password), 401);
  });

  test('an administrator unlocks a paused account, audited; an account not paused is not unlocked', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const user = await platform.user('contact', 'Frontex');
    for (let i = 0; i < LOCKOUT_THRESHOLD; i += 1)
      problemOf(await signIn(user.email, 'wrong'), 401);
    problemOf(await signIn(user.email, user.password), 429);
    const shown = await platform.request({ url: `/api/users/${user.id}`, as: admin });
    assert.ok(shown.json<UserView>().lockedUntil, 'the account shows its pause');

    const member = await platform.session('member', 'Frontex');
    problemOf(
      await platform.request({ method: 'POST', url: `/api/users/${user.id}/unlock`, as: member }),
      404,
    );
    const before = await auditTotal('user.unlock', user.id);
    const unlocked = await platform.request({
      method: 'POST',
      url: `/api/users/${user.id}/unlock`,
      as: admin,
    });
    assert.equal(unlocked.statusCode, 200, unlocked.body);
    assert.equal(unlocked.json<UserView>().lockedUntil, null);
    assert.equal(await auditTotal('user.unlock', user.id), before + 1);
    const [entry] = await auditEntries('user.unlock');
    assert.equal(entry?.target_type, 'user');
    assert.equal(entry.target_id, user.id);
    assert.equal(entry.actor_user_id, admin.user.id);
    const changes = changesOf(entry);
    assert.equal(changes.clearedFailures, LOCKOUT_THRESHOLD);
    assert.ok((changes.lockedUntil as { before: string }).before > new Date().toISOString());
    assert.equal(
      problemOf(
        await platform.request({
          method: 'POST',
          url: `/api/users/${user.id}/unlock`,
          as: admin,
        }),
        409,
      ).code,
      'not_locked',
    );
    assert.equal(await auditTotal('user.unlock', user.id), before + 1);
    assert.equal((await signIn(user.email, user.password)).statusCode, 200);
  });

  test('a password reset ends a pause of sign-in', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const user = await platform.user('observer', 'DG HOME');
    for (let i = 0; i < LOCKOUT_THRESHOLD; i += 1)
      problemOf(await signIn(user.email, 'wrong'), 401);
    problemOf(await signIn(user.email, user.password), 429);
    const password = 'a brand new password';
    const reset = await platform.request({
      method: 'POST',
      url: `/api/users/${user.id}/password`,
      as: admin,
      body: { password },
    });
    assert.equal(reset.statusCode, 200, reset.body);
    const [entry] = await auditEntries('user.password_reset');
    assert.equal(entry?.target_id, user.id);
    assert.equal(changesOf(entry).clearedFailures, LOCKOUT_THRESHOLD);
    assert.equal((await signIn(user.email, password)).statusCode, 200);
  });

  test('a successful sign-in resets the run of failures', async () => {
    const user = await platform.user('member', 'EUDA');
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i += 1) await signIn(user.email, 'wrong');
    assert.equal((await signIn(user.email, user.password)).statusCode, 200);
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i += 1) await signIn(user.email, 'wrong');
    assert.equal((await signIn(user.email, user.password)).statusCode, 200);
  });

  test('a disabled user cannot sign in and gets the same answer as a wrong password', async () => {
    const user = await platform.user('member', 'eu-LISA');
    await db()
      .updateTable('users')
      .set({ disabled_at: new Date().toISOString() })
      .where('id', '=', user.id)
      .execute();
    const response = await signIn(user.email, user.password);
    problemOf(response, 401);
    assert.deepEqual(shapeOf(response), shapeOf(await signIn('no-one@eulisa.example.eu', 'x')));
    const entries = await auditEntries('session.login_failed');
    assert.ok(entries.some((e) => changesOf(e).reason === 'disabled'));
  });

  test(`${ADDRESS_THRESHOLD} failures from one client address pause its sign-ins, and only its own`, async () => {
    const user = await platform.user('member', 'EUAA');
    const from = (remoteAddress: string, email: string, password: string) =>
      platform.app.inject({
        method: 'POST',
        url: '/api/session',
        remoteAddress,
        payload: { email, password },
      });
    for (let i = 0; i < ADDRESS_THRESHOLD; i += 1) {
      problemOf(await from('203.0.113.7', `spray-${i}@euaa.example.eu`, 'guess'), 401);
    }
    const throttled = await from('203.0.113.7', user.email, user.password);
    problemOf(throttled, 429);
    assert.ok(Number(throttled.headers['retry-after']) > 0);
    assert.equal((await from('198.51.100.1', user.email, user.password)).statusCode, 200);
  });

  test('a successful sign-in is audited as session.login by the user', async () => {
    const user = await platform.user('observer', 'Europol');
    await platform.login(user);
    const [entry] = await auditEntries('session.login');
    assert.equal(entry?.actor_user_id, user.id);
    assert.equal(entry.actor_email, user.email);
    const row = await db()
      .selectFrom('users')
      .select('last_login_at')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.ok(row.last_login_at);
  });

  test('the audit chain verifies', async () => {
    assert.equal((await platform.services.audit.verify()).ok, true);
  });
});

describe('session lifetime', () => {
  let platform: TestPlatform;
  const { db } = helpers(() => platform);
  const sessionIdOf = (session: Session) => secretHash(session.cookie);

  before(async () => {
    platform = await testPlatform({ sessionIdleMinutes: 5 });
  });
  after(() => platform.close());

  test('testPlatform overrides the configured idle timeout', () => {
    assert.equal(platform.config.sessionIdleMinutes, 5);
    assert.equal(platform.config.sessionMaxHours, 12);
  });

  test('a session idle for less than the timeout still works and is touched', async () => {
    const session = await platform.session('member');
    await db()
      .updateTable('sessions')
      .set({ last_seen_at: minutesAgo(4) })
      .where('id', '=', sessionIdOf(session))
      .execute();
    assert.equal((await platform.request({ url: '/api/me', as: session })).statusCode, 200);
    const row = await db()
      .selectFrom('sessions')
      .select('last_seen_at')
      .where('id', '=', sessionIdOf(session))
      .executeTakeFirstOrThrow();
    assert.ok(row.last_seen_at > minutesAgo(1));
  });

  test('a session idle for longer than the timeout ends', async () => {
    const session = await platform.session('member');
    await db()
      .updateTable('sessions')
      .set({ last_seen_at: minutesAgo(6) })
      .where('id', '=', sessionIdOf(session))
      .execute();
    const response = await platform.request({ url: '/api/me', as: session });
    assert.equal(problemOf(response, 401).code, 'unauthenticated');
    assert.match(String(response.headers['set-cookie']), /^jhanet_session=;/);
    const rows = await db()
      .selectFrom('sessions')
      .select('id')
      .where('id', '=', sessionIdOf(session))
      .execute();
    assert.equal(rows.length, 0);
  });

  test('a session past its absolute end ends, however recently used', async () => {
    const session = await platform.session('admin');
    await db()
      .updateTable('sessions')
      .set({ expires_at: minutesAgo(1) })
      .where('id', '=', sessionIdOf(session))
      .execute();
    problemOf(await platform.request({ url: '/api/session', as: session }), 401);
  });

  test('the absolute end is the configured number of hours after sign-in', async () => {
    const session = await platform.session('member');
    const row = await db()
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', sessionIdOf(session))
      .executeTakeFirstOrThrow();
    assert.equal(Date.parse(row.expires_at) - Date.parse(row.created_at), 12 * 3_600_000);
  });

  test('a forged cookie is not a session', async () => {
    const response = await platform.app.inject({
      url: '/api/me',
      headers: { cookie: 'jhanet_session=forged' },
    });
    problemOf(response, 401);
  });
});

describe('my account, CSRF and API tokens', () => {
  let platform: TestPlatform;
  const { db, auditTotal, auditEntries, withCookieOnly, bearer } = helpers(() => platform);
  let member: Session;

  before(async () => {
    platform = await testPlatform();
    member = await platform.session('member', 'Europol');
  });
  after(() => platform.close());

  async function createToken(session: Session, body: object = { name: 'ci' }) {
    const response = await platform.request({
      method: 'POST',
      url: '/api/me/tokens',
      as: session,
      body,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ token: string; details: TokenView }>();
  }

  test('GET /api/session returns the account and the CSRF token', async () => {
    const response = await platform.request({ url: '/api/session', as: member });
    assert.equal(response.statusCode, 200);
    const body = response.json<{ user: UserView; csrfToken: string }>();
    assert.equal(body.user.id, member.user.id);
    assert.equal(body.csrfToken, member.csrfToken);
  });

  test('anonymous callers are told to sign in', async () => {
    for (const url of ['/api/session', '/api/me', '/api/me/tokens', '/api/users']) {
      assert.equal(problemOf(await platform.request({ url }), 401).code, 'unauthenticated', url);
    }
  });

  test('GET /api/me gives the account with its version as ETag', async () => {
    const response = await platform.request({ url: '/api/me', as: member });
    assert.equal(response.statusCode, 200);
    const me = response.json<UserView>();
    assert.equal(me.email, member.user.email);
    assert.equal(response.headers.etag, `"${me.version}"`);
  });

  test('PATCH /api/me needs If-Match: 428 without, 412 when stale, 200 when current', async () => {
    const current = await platform.request({ url: '/api/me', as: member });
    const etag = String(current.headers.etag);
    const missing = await platform.request({
      method: 'PATCH',
      url: '/api/me',
      as: member,
      body: { name: 'Renamed' },
    });
    assert.equal(problemOf(missing, 428).code, 'version_required');
    const version = current.json<UserView>().version;
    const stale = await platform.request({
      method: 'PATCH',
      url: '/api/me',
      as: member,
      headers: { 'if-match': `"${version - 1}"` },
      body: { name: 'Renamed' },
    });
    const problem = problemOf(stale, 412);
    assert.equal(problem.code, 'stale_version');
    assert.equal(problem.currentVersion, version);
    const before = await auditTotal('user.update', member.user.id);
    const ok = await platform.request({
      method: 'PATCH',
      url: '/api/me',
      as: member,
      headers: { 'if-match': etag },
      body: { name: '  Ana Ruiz ', locale: 'en' },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const updated = ok.json<UserView>();
    assert.equal(updated.name, 'Ana Ruiz');
    assert.equal(updated.locale, 'en');
    assert.equal(updated.version, version + 1);
    assert.equal(ok.headers.etag, `"${version + 1}"`);
    assert.equal(await auditTotal('user.update', member.user.id), before + 1);
    const [entry] = await auditEntries('user.update');
    assert.deepEqual(changesOf(entry).name, {
      before: current.json<UserView>().name,
      after: 'Ana Ruiz',
    });
  });

  test('PATCH /api/me refuses an unsupported language, a role change and an empty name', async () => {
    const etag = String((await platform.request({ url: '/api/me', as: member })).headers.etag);
    const before = await auditTotal('user.update');
    for (const [body, field] of [
      [{ locale: 'fr' }, 'locale'],
      [{ role: 'admin' }, 'role'],
      [{ name: '' }, 'name'],
      [{ name: 42 }, 'name'],
    ] as const) {
      const response = await platform.request({
        method: 'PATCH',
        url: '/api/me',
        as: member,
        headers: { 'if-match': etag },
        body,
      });
      assert.deepEqual(fieldsOf(problemOf(response, 400)), [field], JSON.stringify(body));
    }
    assert.equal(await auditTotal('user.update'), before);
    const me = (await platform.request({ url: '/api/me', as: member })).json<UserView>();
    assert.equal(me.role, 'member');
    assert.equal(
      String((await platform.request({ url: '/api/me', as: member })).headers.etag),
      etag,
    );
  });

  test('a cookie write without the CSRF token, or with a wrong one, is refused and changes nothing', async () => {
    const current = await platform.request({ url: '/api/me', as: member });
    const etag = String(current.headers.etag);
    const before = await auditTotal('user.update');
    const tokensBefore = await auditTotal('token.create');
    for (const csrf of [undefined, 'wrong', '', member.csrfToken.slice(0, -1)]) {
      const headers: Record<string, string> = { 'if-match': etag };
      if (csrf !== undefined) headers['x-csrf-token'] = csrf;
      const patch = await withCookieOnly(member, 'PATCH', '/api/me', { name: 'Forged' }, headers);
      assert.equal(problemOf(patch, 403).code, 'csrf_failed', String(csrf));
      const token = await withCookieOnly(
        member,
        'POST',
        '/api/me/tokens',
        { name: 'forged' },
        headers,
      );
      assert.equal(problemOf(token, 403).code, 'csrf_failed');
    }
    const logout = await withCookieOnly(member, 'DELETE', '/api/session', {});
    problemOf(logout, 403);
    assert.equal(await auditTotal('user.update'), before);
    assert.equal(await auditTotal('token.create'), tokensBefore);
    const after = (await platform.request({ url: '/api/me', as: member })).json<UserView>();
    assert.equal(after.name, current.json<UserView>().name);
    assert.equal((await platform.request({ url: '/api/session', as: member })).statusCode, 200);
  });

  test('tokens: created once with 201, stored only as a hash, listed without the secret', async () => {
    const before = await auditTotal('token.create');
    const created = await createToken(member, { name: 'Reporting script', expiresInDays: 30 });
    assert.match(created.token, /^jht_[\w-]{43}$/);
    assert.equal(created.details.name, 'Reporting script');
    assert.equal(created.details.revoked, false);
    assert.equal(created.details.lastUsedAt, null);
    const days =
      (Date.parse(created.details.expiresAt) - Date.parse(created.details.createdAt)) / 86_400_000;
    assert.equal(days, 30);
    assert.equal(await auditTotal('token.create'), before + 1);
    assert.equal(await auditTotal('token.create', created.details.id), 1);
    const rows = await db().selectFrom('api_tokens').selectAll().execute();
    assert.equal(
      JSON.stringify(rows).includes(created.token),
      false,
      'no plain token in the database',
    );
    assert.equal(
      rows.find((r) => r.id === created.details.id)?.token_hash,
      secretHash(created.token),
    );
    const audit = await db().selectFrom('audit_log').select('changes').execute();
    assert.equal(
      JSON.stringify(audit).includes(created.token),
      false,
      'no plain token in the audit log',
    );
    const list = await platform.request({ url: '/api/me/tokens', as: member });
    assert.equal(list.statusCode, 200);
    assert.equal(list.body.includes(created.token), false);
    const listed = list.json<TokenView[]>().find((t) => t.id === created.details.id);
    assert.deepEqual(listed, created.details);
  });

  test('token requests with bad input are refused naming the field', async () => {
    for (const [body, field] of [
      [{ name: '' }, 'name'],
      [{ name: 'x', expiresInDays: 0 }, 'expiresInDays'],
      [{ name: 'x', expiresInDays: 367 }, 'expiresInDays'],
      [{ name: 'x', expiresInDays: '30' }, 'expiresInDays'],
      [{ name: 'x', scope: 'all' }, 'scope'],
      [{ name: '   ' }, 'name'],
    ] as const) {
      const response = await platform.request({
        method: 'POST',
        url: '/api/me/tokens',
        as: member,
        body,
      });
      assert.deepEqual(fieldsOf(problemOf(response, 400)), [field], JSON.stringify(body));
    }
  });

  test('a token works as Authorization: Bearer, each use audited and last_used_at set', async () => {
    const { token, details } = await createToken(member);
    const before = await auditTotal('token.use', details.id);
    const me = await bearer(token, '/api/me');
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json<UserView>().id, member.user.id);
    assert.equal((await bearer(token, '/api/me/tokens')).statusCode, 200);
    assert.equal(await auditTotal('token.use', details.id), before + 2);
    const [entry] = await auditEntries('token.use');
    assert.equal(entry?.actor_user_id, member.user.id);
    const listed = (await platform.request({ url: '/api/me/tokens', as: member })).json<
      TokenView[]
    >();
    assert.ok(listed.find((t) => t.id === details.id)?.lastUsedAt);
  });

  test('a Bearer-token write needs no CSRF token', async () => {
    const { token } = await createToken(member);
    const etag = String((await bearer(token, '/api/me')).headers.etag);
    const response = await bearer(token, '/api/me', {
      method: 'PATCH',
      headers: { 'if-match': etag },
      body: { name: 'Via token' },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<UserView>().name, 'Via token');
  });

  test('only a session with its CSRF token creates credentials: a token mints neither tokens nor feed addresses', async () => {
    const owner = await platform.session('contact', 'Eurojust');
    const parent = await createToken(owner, { name: 'parent', expiresInDays: 2 });
    const tokensOf = async () =>
      db().selectFrom('api_tokens').select('id').where('user_id', '=', owner.user.id).execute();
    const deniedBefore = await auditTotal('access.denied');

    const minted = await bearer(parent.token, '/api/me/tokens', {
      method: 'POST',
      body: { name: 'child', expiresInDays: 366 },
    });
    const missing = await bearer(parent.token, '/api/no-such-thing', { method: 'POST', body: {} });
    problemOf(minted, 404);
    assert.deepEqual(shapeOf(minted), shapeOf(missing));
    const fromPage = await platform.app.inject({
      method: 'POST',
      url: '/account/tokens',
      headers: {
        authorization: `Bearer ${parent.token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'name=child&expiresInDays=366',
    });
    assert.equal(fromPage.statusCode, 404);
    const feed = await bearer(parent.token, '/api/calendar-feed', { method: 'POST' });
    problemOf(feed, 404);
    assert.equal(await auditTotal('access.denied'), deniedBefore + 3);
    const denied = (await auditEntries('access.denied')).slice(0, 3).map((e) => e.target_id);
    assert.deepEqual(denied.sort(), [
      'POST /account/tokens',
      'POST /api/calendar-feed',
      'POST /api/me/tokens',
    ]);
    assert.deepEqual(await tokensOf(), [{ id: parent.details.id }]);
    const feeds = await db()
      .selectFrom('calendar_feeds')
      .select('user_id')
      .where('user_id', '=', owner.user.id)
      .execute();
    assert.deepEqual(feeds, []);

    const withoutCsrf = await withCookieOnly(owner, 'POST', '/api/me/tokens', { name: 'child' });
    assert.equal(problemOf(withoutCsrf, 403).code, 'csrf_failed');
    assert.equal((await tokensOf()).length, 1);

    const revoked = await platform.request({
      method: 'DELETE',
      url: `/api/me/tokens/${parent.details.id}`,
      as: owner,
    });
    assert.equal(revoked.statusCode, 204);
    problemOf(await bearer(parent.token, '/api/me'), 401);
    const live = await db()
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', owner.user.id)
      .where('revoked_at', 'is', null)
      .execute();
    assert.deepEqual(live, [], 'nothing the token made outlives it');
  });

  test('a token cannot sign out: there is no session', async () => {
    const { token } = await createToken(member);
    const response = await bearer(token, '/api/session', { method: 'DELETE' });
    assert.equal(problemOf(response, 400).code, 'not_a_session');
  });

  test('an unknown, malformed, expired or revoked token is refused with 401', async () => {
    problemOf(await bearer('jht_unknown', '/api/me'), 401);
    problemOf(await bearer('not-a-token', '/api/me'), 401);
    const malformed = await platform.app.inject({
      url: '/api/me',
      headers: { authorization: 'Basic abc' },
    });
    problemOf(malformed, 401);

    const expired = await createToken(member);
    await db()
      .updateTable('api_tokens')
      .set({ expires_at: minutesAgo(1) })
      .where('id', '=', expired.details.id)
      .execute();
    problemOf(await bearer(expired.token, '/api/me'), 401);

    const revoked = await createToken(member);
    assert.equal((await bearer(revoked.token, '/api/me')).statusCode, 200);
    const before = await auditTotal('token.revoke', revoked.details.id);
    const revoke = await platform.request({
      method: 'DELETE',
      url: `/api/me/tokens/${revoked.details.id}`,
      as: member,
    });
    assert.equal(revoke.statusCode, 204);
    assert.equal(await auditTotal('token.revoke', revoked.details.id), before + 1);
    problemOf(await bearer(revoked.token, '/api/me'), 401);
    const listed = (await platform.request({ url: '/api/me/tokens', as: member })).json<
      TokenView[]
    >();
    assert.equal(listed.find((t) => t.id === revoked.details.id)?.revoked, true);
    const again = await platform.request({
      method: 'DELETE',
      url: `/api/me/tokens/${revoked.details.id}`,
      as: member,
    });
    problemOf(again, 404);
  });

  test("another user's token cannot be revoked: 404 like a missing one, and it keeps working", async () => {
    const other = await platform.session('member', 'FRA');
    const theirs = await createToken(other);
    const response = await platform.request({
      method: 'DELETE',
      url: `/api/me/tokens/${theirs.details.id}`,
      as: member,
    });
    const missing = await platform.request({
      method: 'DELETE',
      url: '/api/me/tokens/00000000-0000-0000-0000-000000000000',
      as: member,
    });
    problemOf(response, 404);
    assert.deepEqual(shapeOf(response), shapeOf(missing));
    assert.equal((await bearer(theirs.token, '/api/me')).statusCode, 200);
    const mine = (await platform.request({ url: '/api/me/tokens', as: member })).json<
      TokenView[]
    >();
    assert.equal(
      mine.some((t) => t.id === theirs.details.id),
      false,
    );
  });

  test('disabling a user revokes their tokens and feed addresses for good, in the audited change', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const owner = await platform.session('contact', 'CEPOL');
    const { token, details } = await createToken(owner);
    const spare = await createToken(owner, { name: 'spare' });
    assert.equal((await bearer(token, '/api/me')).statusCode, 200);
    const renewed = await platform.request({
      method: 'POST',
      url: '/api/calendar-feed',
      as: owner,
    });
    assert.equal(renewed.statusCode, 201, renewed.body);
    const feedUrl = new URL(renewed.json<{ networkUrl: string }>().networkUrl).pathname;
    assert.equal((await platform.request({ url: feedUrl })).statusCode, 200);
    const versionOf = async () =>
      String(
        (await platform.request({ url: `/api/users/${owner.user.id}`, as: admin })).headers.etag,
      );
    const disable = await platform.request({
      method: 'POST',
      url: `/api/users/${owner.user.id}/disable`,
      as: admin,
      headers: { 'if-match': await versionOf() },
    });
    assert.equal(disable.statusCode, 200, disable.body);
    problemOf(await bearer(token, '/api/me'), 401);
    const [entry] = await auditEntries('user.disable');
    assert.equal(entry?.target_type, 'user');
    assert.equal(entry.target_id, owner.user.id);
    assert.equal(entry.actor_user_id, admin.user.id);
    const changes = changesOf(entry);
    assert.equal(changes.revokedTokens, 2);
    assert.equal(changes.revokedCalendarFeed, true);
    const rows = await db()
      .selectFrom('api_tokens')
      .select(['id', 'revoked_at'])
      .where('user_id', '=', owner.user.id)
      .execute();
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.revoked_at !== null));

    const enable = await platform.request({
      method: 'POST',
      url: `/api/users/${owner.user.id}/enable`,
      as: admin,
      headers: { 'if-match': await versionOf() },
    });
    assert.equal(enable.statusCode, 200, enable.body);
    problemOf(await bearer(token, '/api/me'), 401);
    problemOf(await bearer(spare.token, '/api/me'), 401);
    assert.equal((await platform.request({ url: feedUrl })).statusCode, 404);
    const relisted = (
      await platform.request({ url: '/api/me/tokens', as: await platform.login(owner.user) })
    ).json<TokenView[]>();
    assert.equal(relisted.find((t) => t.id === details.id)?.revoked, true);
  });

  test('signing out ends the session, clears the cookie and is audited', async () => {
    const session = await platform.session('observer', 'EIGE');
    const before = await auditTotal('session.logout');
    const response = await platform.request({ method: 'DELETE', url: '/api/session', as: session });
    assert.equal(response.statusCode, 204);
    assert.match(String(response.headers['set-cookie']), /^jhanet_session=;/);
    assert.equal(await auditTotal('session.logout'), before + 1);
    problemOf(await platform.request({ url: '/api/me', as: session }), 401);
  });

  test('the audit chain verifies', async () => {
    assert.equal((await platform.services.audit.verify()).ok, true);
  });
});

describe('users API', () => {
  let platform: TestPlatform;
  const { db, auditTotal, auditEntries, signIn } = helpers(() => platform);
  let admin: Session;
  let member: Session;
  let europolId: string;
  let fraId: string;

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    member = await platform.session('member', 'Europol');
    europolId = (await platform.services.network.get('Europol')).id;
    fraId = (await platform.services.network.get('FRA')).id;
  });
  after(() => platform.close());

  async function create(body: Record<string, unknown>) {
    return platform.request({ method: 'POST', url: '/api/users', as: admin, body });
  }

  async function etagOf(id: string): Promise<string> {
    const response = await platform.request({ url: `/api/users/${id}`, as: admin });
    assert.equal(response.statusCode, 200, response.body);
    return String(response.headers.etag);
  }

  async function list(query: string, as: Session = admin): Promise<UserPage> {
    const response = await platform.request({ url: `/api/users?${query}`, as });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<UserPage>();
  }

  test('an administrator creates an account with a generated password, shown once', async () => {
    const before = await auditTotal('user.create');
    const response = await create({
      email: 'Marta.Kowalska@Frontex.example.eu',
      name: 'Marta Kowalska',
      organisationId: fraId,
      role: 'contact',
    });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json<{ user: UserView; generatedPassword: string }>();
    assert.equal(body.user.email, 'marta.kowalska@frontex.example.eu');
    assert.equal(body.user.organisationAcronym, 'FRA');
    assert.equal(body.user.role, 'contact');
    assert.equal(body.user.disabled, false);
    assert.equal(response.headers.etag, '"1"');
    assert.match(body.generatedPassword, /^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    const row = await db()
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', body.user.id)
      .executeTakeFirstOrThrow();
    assert.ok(row.password_hash.startsWith('$argon2id$'), row.password_hash);
    assert.equal(row.password_hash.includes(body.generatedPassword), false);
    assert.equal(await auditTotal('user.create'), before + 1);
    const [entry] = await auditEntries('user.create');
    assert.equal(entry?.target_id, body.user.id);
    assert.equal(entry.actor_user_id, admin.user.id);
    assert.equal(entry.changes.includes(body.generatedPassword), false);
    const fetched = await platform.request({ url: `/api/users/${body.user.id}`, as: admin });
    assert.equal(fetched.body.includes(body.generatedPassword), false);
    assert.equal(
      (await signIn('marta.kowalska@frontex.example.eu', body.generatedPassword)).statusCode,
      200,
    );
  });

  test('with a password given, none is generated', async () => {
    const response = await create({
      email: `given-${Date.now()}@europol.example.eu`,
      name: 'Given Password',
      organisationId: europolId,
      role: 'member',
      password: 'a long enough password',
    });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json<{ user: UserView; generatedPassword: string | null }>();
    assert.equal(body.generatedPassword, null);
    assert.equal((await signIn(body.user.email, 'a long enough password')).statusCode, 200);
  });

  test('bad input is refused naming the field, and nothing is stored', async () => {
    const before = await auditTotal('user.create');
    const usersBefore = (await list('')).total;
    const good = {
      email: 'new.person@eige.example.eu',
      name: 'New Person',
      organisationId: europolId,
      role: 'member',
    };
    for (const [body, field] of [
      [{ ...good, email: admin.user.email.toUpperCase() }, 'email'],
      [{ ...good, email: 'not-an-address' }, 'email'],
      [{ ...good, role: 'superuser' }, 'role'],
      [{ ...good, organisationId: 'no-such-organisation' }, 'organisationId'],
      [{ ...good, name: '   ' }, 'name'],
      [{ ...good, locale: 'de' }, 'locale'],
      [{ ...good, password: 'short' }, 'password'],
      [{ ...good, isAdmin: true }, 'isAdmin'],
      [{ ...good, role: 1 }, 'role'],
    ] as const) {
      const response = await create(body);
      assert.deepEqual(fieldsOf(problemOf(response, 400)), [field], JSON.stringify(body));
    }
    assert.equal(await auditTotal('user.create'), before);
    assert.equal((await list('')).total, usersBefore);
    const duplicate = await create({ ...good, email: admin.user.email });
    assert.match(problemOf(duplicate, 400).errors?.[0]?.message ?? '', /exists already/);
  });

  test('lists with filters, sorting and page totals', async () => {
    const tag = `zq${Date.now()}`;
    for (const [name, role, organisationId] of [
      ['Alda', 'member', fraId],
      ['Bruno', 'observer', fraId],
      ['Carla', 'member', europolId],
      ['Dora', 'contact', fraId],
      ['Emil', 'member', fraId],
    ] as const) {
      const response = await create({
        email: `${name.toLowerCase()}.${tag}@example.eu`,
        name: `${name} ${tag}`,
        organisationId,
        role,
      });
      assert.equal(response.statusCode, 201, response.body);
    }
    const byQuery = await list(`q=${tag.toUpperCase()}`);
    assert.equal(byQuery.total, 5);
    assert.deepEqual(
      byQuery.items.map((u) => u.name.split(' ')[0]),
      ['Alda', 'Bruno', 'Carla', 'Dora', 'Emil'],
    );
    const byEmail = await list(`q=carla.${tag}`);
    assert.deepEqual(
      byEmail.items.map((u) => u.name.split(' ')[0]),
      ['Carla'],
    );
    const members = await list(`q=${tag}&role=member`);
    assert.deepEqual(
      members.items.map((u) => u.name.split(' ')[0]),
      ['Alda', 'Carla', 'Emil'],
    );
    const atFra = await list(`q=${tag}&organisationId=${fraId}&role=member`);
    assert.deepEqual(
      atFra.items.map((u) => u.name.split(' ')[0]),
      ['Alda', 'Emil'],
    );
    const desc = await list(`q=${tag}&sort=email&direction=desc`);
    assert.deepEqual(
      desc.items.map((u) => u.name.split(' ')[0]),
      ['Emil', 'Dora', 'Carla', 'Bruno', 'Alda'],
    );
    const page2 = await list(`q=${tag}&pageSize=2&page=2`);
    assert.equal(page2.total, 5);
    assert.equal(page2.page, 2);
    assert.equal(page2.pageSize, 2);
    assert.deepEqual(
      page2.items.map((u) => u.name.split(' ')[0]),
      ['Carla', 'Dora'],
    );
    const page3 = await list(`q=${tag}&pageSize=2&page=3`);
    assert.deepEqual(
      page3.items.map((u) => u.name.split(' ')[0]),
      ['Emil'],
    );
    const everyone = await list('pageSize=200');
    assert.equal(everyone.total, everyone.items.length);
    assert.ok(everyone.items.some((u) => u.id === member.user.id));
  });

  test('sorting by last sign-in puts accounts that never signed in last, in either direction', async () => {
    const tag = `ll${Date.now()}`;
    const ids: string[] = [];
    for (const name of ['Never', 'Early', 'Late']) {
      const response = await create({
        email: `${name.toLowerCase()}.${tag}@example.eu`,
        name: `${name} ${tag}`,
        organisationId: fraId,
        role: 'member',
        password: 'password for tests',
      });
      ids.push(response.json<{ user: UserView }>().user.id);
    }
    await signIn(`early.${tag}@example.eu`, 'password for tests');
    await db()
      .updateTable('users')
      .set({ last_login_at: minutesAgo(60) })
      .where('id', '=', ids[1] ?? '')
      .execute();
    await signIn(`late.${tag}@example.eu`, 'password for tests');
    const ascending = await list(`q=${tag}&sort=lastLogin&direction=asc`);
    assert.deepEqual(
      ascending.items.map((u) => u.name.split(' ')[0]),
      ['Early', 'Late', 'Never'],
    );
    const descending = await list(`q=${tag}&sort=lastLogin&direction=desc`);
    assert.deepEqual(
      descending.items.map((u) => u.name.split(' ')[0]),
      ['Late', 'Early', 'Never'],
    );
  });

  test('bad list parameters are refused naming them', async () => {
    for (const [query, field] of [
      ['role=king', 'role'],
      ['sort=password', 'sort'],
      ['pageSize=0', 'pageSize'],
      ['page=x', 'page'],
      ['password=x', 'password'],
    ] as const) {
      const response = await platform.request({ url: `/api/users?${query}`, as: admin });
      assert.deepEqual(fieldsOf(problemOf(response, 400)), [field], query);
    }
  });

  test('PATCH needs the current version and records the change', async () => {
    const user = await platform.user('member', 'Europol');
    const missing = await platform.request({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      as: admin,
      body: { role: 'contact' },
    });
    problemOf(missing, 428);
    const stale = await platform.request({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      as: admin,
      headers: { 'if-match': '"7"' },
      body: { role: 'contact' },
    });
    assert.equal(problemOf(stale, 412).currentVersion, 1);
    const before = await auditTotal('user.update', user.id);
    const ok = await platform.request({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      as: admin,
      headers: { 'if-match': await etagOf(user.id) },
      body: { role: 'contact', organisationId: fraId },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const updated = ok.json<UserView>();
    assert.equal(updated.role, 'contact');
    assert.equal(updated.organisationAcronym, 'FRA');
    assert.equal(ok.headers.etag, '"2"');
    assert.equal(await auditTotal('user.update', user.id), before + 1);
    const [entry] = await auditEntries('user.update');
    assert.deepEqual(changesOf(entry), {
      organisation_id: { before: europolId, after: fraId },
      role: { before: 'member', after: 'contact' },
    });
  });

  test('PATCH refuses a taken e-mail address, a bad role or organisation, and stores nothing', async () => {
    const user = await platform.user('member', 'Europol');
    const etag = await etagOf(user.id);
    const before = await auditTotal('user.update');
    for (const [body, field] of [
      [{ email: admin.user.email }, 'email'],
      [{ role: 'root' }, 'role'],
      [{ organisationId: 'nowhere' }, 'organisationId'],
      [{ password: 'a new password here' }, 'password'],
    ] as const) {
      const response = await platform.request({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        as: admin,
        headers: { 'if-match': etag },
        body,
      });
      assert.deepEqual(fieldsOf(problemOf(response, 400)), [field], JSON.stringify(body));
    }
    assert.equal(await auditTotal('user.update'), before);
    assert.equal(await etagOf(user.id), etag);
  });

  test('disabling ends the sessions at once; enabling lets the user back in', async () => {
    const target = await platform.session('member', 'Eurojust');
    const etag = await etagOf(target.user.id);
    const missing = await platform.request({
      method: 'POST',
      url: `/api/users/${target.user.id}/disable`,
      as: admin,
    });
    problemOf(missing, 428);
    const before = await auditTotal('user.disable', target.user.id);
    const disable = await platform.request({
      method: 'POST',
      url: `/api/users/${target.user.id}/disable`,
      as: admin,
      headers: { 'if-match': etag },
    });
    assert.equal(disable.statusCode, 200, disable.body);
    assert.equal(disable.json<UserView>().disabled, true);
    problemOf(await platform.request({ url: '/api/me', as: target }), 401);
    const sessions = await db()
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', target.user.id)
      .execute();
    assert.equal(sessions.length, 0);
    assert.equal(await auditTotal('user.disable', target.user.id), before + 1);
    const [entry] = await auditEntries('user.disable');
    assert.equal(changesOf(entry).endedSessions, 1);
    problemOf(await signIn(target.user.email, target.user.password), 401);

    const enable = await platform.request({
      method: 'POST',
      url: `/api/users/${target.user.id}/enable`,
      as: admin,
      headers: { 'if-match': String(disable.headers.etag) },
    });
    assert.equal(enable.statusCode, 200, enable.body);
    assert.equal(enable.json<UserView>().disabled, false);
    assert.equal(await auditTotal('user.enable', target.user.id), 1);
    assert.equal((await signIn(target.user.email, target.user.password)).statusCode, 200);
  });

  test('an administrator cannot disable their own account', async () => {
    const response = await platform.request({
      method: 'POST',
      url: `/api/users/${admin.user.id}/disable`,
      as: admin,
      headers: { 'if-match': await etagOf(admin.user.id) },
    });
    assert.equal(problemOf(response, 409).code, 'cannot_disable_self');
    assert.equal(
      (await platform.request({ url: '/api/me', as: admin })).json<UserView>().disabled,
      false,
    );
  });

  test('a password reset ends the sessions, revokes the tokens and replaces the password', async () => {
    const target = await platform.session('observer', 'CEPOL');
    const before = await auditTotal('user.password_reset', target.user.id);
    const { token } = await platform.services.tokens.createForOperator(
      systemContext,
      target.user.id,
      {
        name: 'before the reset',
      },
    );
    assert.equal(
      (await platform.request({ url: '/api/me', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
      200,
    );
    const response = await platform.request({
      method: 'POST',
      url: `/api/users/${target.user.id}/password`,
      as: admin,
      body: {},
    });
    assert.equal(response.statusCode, 200, response.body);
    const { generatedPassword } = response.json<{ generatedPassword: string }>();
    assert.equal(generatedPassword.length, 20);
    problemOf(await platform.request({ url: '/api/me', as: target }), 401);
    problemOf(
      await platform.request({ url: '/api/me', headers: { authorization: `Bearer ${token}` } }),
      401,
    );
    problemOf(await signIn(target.user.email, target.user.password), 401);
    assert.equal((await signIn(target.user.email, generatedPassword)).statusCode, 200);
    assert.equal(await auditTotal('user.password_reset', target.user.id), before + 1);

    const chosen = await platform.request({
      method: 'POST',
      url: `/api/users/${target.user.id}/password`,
      as: admin,
      body: { password: 'chosen by the admin' },
    });
    assert.equal(chosen.json<{ generatedPassword: string | null }>().generatedPassword, null);
    assert.equal((await signIn(target.user.email, 'chosen by the admin')).statusCode, 200);
    const short = await platform.request({
      method: 'POST',
      url: `/api/users/${target.user.id}/password`,
      as: admin,
      body: { password: 'short' },
    });
    assert.deepEqual(fieldsOf(problemOf(short, 400)), ['password']);
    const row = await db()
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', target.user.id)
      .executeTakeFirstOrThrow();
    assert.ok(row.password_hash.startsWith('$argon2id$'));
  });

  test('a non-administrator sees only their own account, and counts leak nothing', async () => {
    for (const query of [
      '',
      'pageSize=200',
      `organisationId=${europolId}`,
      'role=member',
      'sort=email&direction=desc',
    ]) {
      const page = await list(query, member);
      assert.equal(page.total, 1, query);
      assert.deepEqual(
        page.items.map((u) => u.id),
        [member.user.id],
        query,
      );
    }
    for (const query of [
      'role=admin',
      `q=${encodeURIComponent(admin.user.email)}`,
      `organisationId=${fraId}`,
    ]) {
      const page = await list(query, member);
      assert.equal(page.total, 0, query);
      assert.deepEqual(page.items, [], query);
    }
    const own = await platform.request({ url: `/api/users/${member.user.id}`, as: member });
    assert.equal(own.statusCode, 200);
  });

  test('another account is a 404, exactly like a missing one', async () => {
    const other = await platform.request({ url: `/api/users/${admin.user.id}`, as: member });
    const missing = await platform.request({
      url: '/api/users/00000000-0000-0000-0000-000000000000',
      as: member,
    });
    problemOf(other, 404);
    problemOf(missing, 404);
    assert.deepEqual(shapeOf(other), shapeOf(missing));
    assert.equal(other.body.includes(admin.user.email), false);
  });

  test('non-administrators cannot create, change, disable or reset accounts: 404, audited', async () => {
    const contact = await platform.session('contact', 'Frontex');
    const target: TestUser = await platform.user('member', 'Europol');
    const etag = await etagOf(target.id);
    const before = await auditTotal('access.denied');
    const attempts = [
      {
        method: 'POST',
        url: '/api/users',
        body: { email: 'x@y.eu', name: 'X', organisationId: europolId, role: 'admin' },
      },
      { method: 'PATCH', url: `/api/users/${target.id}`, body: { role: 'admin' } },
      { method: 'PATCH', url: `/api/users/${contact.user.id}`, body: { role: 'admin' } },
      { method: 'POST', url: `/api/users/${target.id}/disable` },
      { method: 'POST', url: `/api/users/${target.id}/enable` },
      {
        method: 'POST',
        url: `/api/users/${target.id}/password`,
        body: { password: 'taken over by me' },
      },
    ] as const;
    for (const session of [member, contact]) {
      for (const attempt of attempts) {
        const response = await platform.request({
          ...attempt,
          as: session,
          headers: { 'if-match': etag },
        });
        problemOf(response, 404);
      }
    }
    assert.equal(await auditTotal('access.denied'), before + attempts.length * 2);
    const [entry] = await auditEntries('access.denied');
    assert.equal(entry?.actor_user_id, contact.user.id);
    assert.equal(await etagOf(target.id), etag);
    assert.equal(await etagOf(contact.user.id), '"1"');
    assert.equal((await signIn(target.email, target.password)).statusCode, 200);
    assert.equal(
      (await platform.request({ url: '/api/me', as: contact })).json<UserView>().role,
      'contact',
    );
  });

  test('anonymous callers get 401 from every users route', async () => {
    for (const [method, url] of [
      ['GET', '/api/users'],
      ['GET', `/api/users/${member.user.id}`],
      ['POST', '/api/users'],
      ['PATCH', `/api/users/${member.user.id}`],
      ['POST', `/api/users/${member.user.id}/disable`],
      ['POST', `/api/users/${member.user.id}/password`],
    ] as const) {
      problemOf(await platform.request({ method, url, body: {} }), 401);
    }
  });

  test('every change left an audit entry and the chain verifies', async () => {
    const result = await platform.services.audit.verify();
    assert.ok(result.ok);
    assert.ok(result.entries > 20, String(result.entries));
  });
});
