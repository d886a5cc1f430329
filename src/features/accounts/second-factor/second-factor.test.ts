import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../../test/support/node-test.js';
import {
  testPlatform,
  type TestPlatform,
  type TestUser,
} from '../../../../test/support/platform.js';
import { base32Decode, hotp, totp } from './totp.js';

/** The cookie a response set, by name. */
function cookieOf(response: { cookies: { name: string; value: string }[] }, name: string) {
  return response.cookies.find((c) => c.name === name)?.value;
}

const step = () => Math.floor(Date.now() / 30_000);

describe('second factor at sign-in', () => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform({ requireSecondFactor: 'privileged' });
  });
  after(() => p.close());

  async function auditOf(action: string) {
    return p.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_type', 'target_id', 'actor_user_id', 'changes'])
      .where('action', '=', action)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
  }

  async function password(user: TestUser) {
    const response = await p.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: user.email, password: user.password },
    });
    return { response, pending: cookieOf(response, 'jhanet_pending') ?? '' };
  }

  function second(url: string, pending: string, body?: object) {
    return p.app.inject({
      method: 'POST',
      url,
      cookies: { jhanet_pending: pending },
      ...(body ? { payload: body } : {}),
    });
  }

  /** An administrator who set up an app at sign-in: the secret and recovery codes. */
  async function enrolledAdmin() {
    const admin = await p.user('admin');
    const { response, pending } = await password(admin);
    assert.equal(response.statusCode, 202);
    assert.equal(response.json<{ secondFactor: string }>().secondFactor, 'enrol');
    assert.equal(cookieOf(response, 'jhanet_session'), undefined);
    const offer = await second('/api/session/enrol', pending, {});
    assert.equal(offer.statusCode, 200);
    const { secret, uri } = offer.json<{ secret: string; uri: string }>();
    assert.match(uri, /^otpauth:\/\/totp\//);
    const key = base32Decode(secret);
    assert.ok(key);
    const confirmed = await second('/api/session/enrol/confirm', pending, {
      code: totp(key, Date.now()),
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    const { recoveryCodes } = confirmed.json<{ recoveryCodes: string[] }>();
    assert.equal(recoveryCodes.length, 10);
    return { admin, key, recoveryCodes, cookie: cookieOf(confirmed, 'jhanet_session') ?? '' };
  }

  test('an administrator without a factor must set one up after the password, and can reach nothing else', async () => {
    const admin = await p.user('admin');
    const { pending } = await password(admin);
    const elsewhere = await p.app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { jhanet_pending: pending, jhanet_session: pending },
    });
    assert.equal(elsewhere.statusCode, 401);
    const page = await p.app.inject({
      method: 'GET',
      url: '/account',
      cookies: { jhanet_pending: pending },
    });
    assert.equal(page.statusCode, 303);
    assert.match(String(page.headers.location), /^\/login/);
    const { admin: enrolled, cookie } = await enrolledAdmin();
    const entries = await auditOf('factor.enrol');
    assert.equal(entries.actor_user_id, enrolled.id);
    assert.equal(entries.target_type, 'factor');
    const me = await p.app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { jhanet_session: cookie },
    });
    assert.equal(me.statusCode, 200);
  });

  test('a user with a factor signs in with a code once; a wrong or replayed code is refused', async () => {
    const { admin, key } = await enrolledAdmin();
    // The enrolment used this step's code: a code of the next step (skew allowed) signs in.
    const first = await password(admin);
    assert.equal(first.response.json<{ secondFactor: string }>().secondFactor, 'verify');
    const wrong = await second('/api/session/factor', first.pending, {
      code: '000000' === hotp(key, step() + 1) ? '111111' : '000000',
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json<{ code: string }>().code, 'second_factor_failed');
    const failed = await auditOf('session.login_failed');
    assert.match(failed.changes, /bad_second_factor/);
    const code = hotp(key, step() + 1);
    const ok = await second('/api/session/factor', first.pending, { code });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok(cookieOf(ok, 'jhanet_session'));
    const login = await auditOf('session.login');
    assert.equal(login.actor_user_id, admin.id);
    assert.match(login.changes, /totp/);
    // The half-signed-in state is spent.
    const again = await second('/api/session/factor', first.pending, { code });
    assert.equal(again.statusCode, 401);
    assert.equal(again.json<{ code: string }>().code, 'second_step_expired');
    // The same code after a new password: refused as replayed.
    const replay = await password(admin);
    const replayed = await second('/api/session/factor', replay.pending, { code });
    assert.equal(replayed.statusCode, 401);
    assert.equal(replayed.json<{ code: string }>().code, 'second_factor_failed');
  });

  test('a recovery code signs in once, and its use is audited', async () => {
    const { admin, recoveryCodes } = await enrolledAdmin();
    const code = recoveryCodes[0] ?? '';
    const first = await password(admin);
    const ok = await second('/api/session/factor', first.pending, { code: code.toLowerCase() });
    assert.equal(ok.statusCode, 200, ok.body);
    const used = await auditOf('factor.recovery_used');
    assert.equal(used.target_id, admin.id);
    assert.match(used.changes, /"recoveryCodesLeft":9/);
    const again = await password(admin);
    const refused = await second('/api/session/factor', again.pending, { code });
    assert.equal(refused.statusCode, 401);
  });

  test('wrong codes count towards the lock of the account', async () => {
    const { admin } = await enrolledAdmin();
    const { pending } = await password(admin);
    let last = 0;
    for (let i = 0; i < 6; i += 1) {
      last = (await second('/api/session/factor', pending, { code: 'AAAA-AAAA-AAAA-AAAA' }))
        .statusCode;
    }
    assert.equal(last, 429);
  });

  test('bad input to the second step never answers 500', async () => {
    const { admin } = await enrolledAdmin();
    const { pending } = await password(admin);
    for (const code of ['', 'x'.repeat(10_000), 'a\u0000b', '１２３４５６']) {
      const response = await second('/api/session/factor', pending, { code });
      assert.ok(
        [400, 401].includes(response.statusCode),
        `${response.statusCode} for ${code.slice(0, 10)}`,
      );
    }
    const noCookie = await second('/api/session/factor', 'x'.repeat(10_000), { code: '123456' });
    assert.equal(noCookie.statusCode, 401);
  });

  test('a member lists, adds and removes a factor; removing ends the other sessions', async () => {
    const member = await p.user('member');
    const one = await p.login(member);
    const two = await p.login(member);
    const empty = await p.request({ url: '/api/me/factors', as: one });
    assert.deepEqual(empty.json(), { factors: [], recoveryCodesLeft: 0, required: false });
    const offer = await p.request({ method: 'POST', url: '/api/me/factors/totp', as: one });
    assert.equal(offer.statusCode, 201);
    const { id, secret } = offer.json<{ id: string; secret: string }>();
    const key = base32Decode(secret) ?? Buffer.alloc(0);
    const bad = await p.request({
      method: 'POST',
      url: `/api/me/factors/totp/${id}/confirm`,
      as: one,
      body: { code: 'abc' },
    });
    assert.equal(bad.statusCode, 400);
    const confirmed = await p.request({
      method: 'POST',
      url: `/api/me/factors/totp/${id}/confirm`,
      as: one,
      body: { code: totp(key, Date.now()) },
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes.length, 10);
    const listed = (await p.request({ url: '/api/me/factors', as: one })).json<{
      factors: { id: string }[];
      recoveryCodesLeft: number;
    }>();
    assert.deepEqual(
      listed.factors.map((f) => f.id),
      [id],
    );
    assert.equal(listed.recoveryCodesLeft, 10);

    const regenerated = await p.request({ method: 'POST', url: '/api/me/recovery-codes', as: one });
    assert.equal(regenerated.statusCode, 200);
    assert.equal((await auditOf('factor.recovery_regenerate')).target_id, member.id);

    const other = await p.request({
      method: 'DELETE',
      url: `/api/me/factors/${id}`,
      as: await p.session('member'),
    });
    assert.equal(other.statusCode, 404);
    const revoked = await p.request({ method: 'DELETE', url: `/api/me/factors/${id}`, as: one });
    assert.equal(revoked.statusCode, 204);
    const entry = await auditOf('factor.revoke');
    assert.equal(entry.target_id, id);
    assert.match(entry.changes, /"endedSessions":1/);
    assert.equal((await p.request({ url: '/api/me', as: two })).statusCode, 401);
    assert.equal((await p.request({ url: '/api/me', as: one })).statusCode, 200);
    // Without a factor, the member signs in with the password alone again.
    assert.ok(await p.login(member));
  });

  test("an administrator resets another user's factors, audited, ending their sessions", async () => {
    const { admin, cookie } = await enrolledAdmin();
    const other = await enrolledAdmin();
    const reset = await p.app.inject({
      method: 'POST',
      url: `/api/users/${other.admin.id}/factors/reset`,
      cookies: { jhanet_session: cookie },
      headers: { 'x-csrf-token': await csrfOf(cookie) },
    });
    assert.equal(reset.statusCode, 200, reset.body);
    assert.deepEqual(reset.json(), { removedFactors: 1 });
    const entry = await auditOf('factor.reset');
    assert.equal(entry.target_id, other.admin.id);
    assert.equal(entry.actor_user_id, admin.id);
    const gone = await p.app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { jhanet_session: other.cookie },
    });
    assert.equal(gone.statusCode, 401);
    // Required to have one, the user is sent to set one up again.
    const again = await password(other.admin);
    assert.equal(again.response.json<{ secondFactor: string }>().secondFactor, 'enrol');
    const member = await p.session('member');
    const refused = await p.request({
      method: 'POST',
      url: `/api/users/${other.admin.id}/factors/reset`,
      as: member,
    });
    assert.equal(refused.statusCode, 404);
  });

  async function csrfOf(cookie: string): Promise<string> {
    const session = await p.app.inject({
      method: 'GET',
      url: '/api/session',
      cookies: { jhanet_session: cookie },
    });
    return session.json<{ csrfToken: string }>().csrfToken;
  }

  test('a user with an EUCI clearance is asked to set up a factor; everyone under "all"', async () => {
    const member = await p.user('member');
    await p.services.database.db
      .updateTable('users')
      .set({ clearance_level: 2 })
      .where('id', '=', member.id)
      .execute();
    const { response } = await password(member);
    assert.equal(response.statusCode, 202);
    const all = await testPlatform({ requireSecondFactor: 'all' });
    try {
      const observer = await all.user('observer');
      const answer = await all.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: observer.email, password: observer.password },
      });
      assert.equal(answer.statusCode, 202);
    } finally {
      await all.close();
    }
  });
});
