import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../../test/support/node-test.js';
import {
  testPlatform,
  type Session,
  type TestPlatform,
  type TestUser,
} from '../../../../test/support/platform.js';
import { SoftwareAuthenticator } from '../../../../test/support/software-authenticator.js';

const PUBLIC_URL = 'https://jhanet.example.eu';
const RP_ID = 'jhanet.example.eu';
const ORIGIN = 'https://jhanet.example.eu';

function cookieOf(response: { cookies: { name: string; value: string }[] }, name: string) {
  return response.cookies.find((c) => c.name === name)?.value;
}

describe('passkeys as a second factor', () => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform({ requireSecondFactor: 'privileged', publicUrl: PUBLIC_URL });
  });
  after(() => p.close());

  const db = () => p.services.database.db;

  async function latestAudit(action: string) {
    return db()
      .selectFrom('audit_log')
      .select(['action', 'target_type', 'target_id', 'actor_user_id', 'changes', 'seq'])
      .where('action', '=', action)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async function count(table: 'user_factors' | 'audit_log' | 'recovery_codes', userId?: string) {
    const row = await db()
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .$if(userId !== undefined && table !== 'audit_log', (q) =>
        q.where('user_id' as never, '=', userId as never),
      )
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function creationChallenge(session: Session): Promise<string> {
    const response = await p.request({
      method: 'POST',
      url: '/api/me/factors/passkeys/options',
      as: session,
    });
    assert.equal(response.statusCode, 200, response.body);
    const options = response.json<{ challenge: string; rp: { id: string } }>();
    assert.equal(options.rp.id, RP_ID);
    return options.challenge;
  }

  function register(session: Session, body: unknown) {
    return p.request({ method: 'POST', url: '/api/me/factors/passkeys', as: session, body });
  }

  /** A member with a passkey added on the account page's API. */
  async function memberWithPasskey() {
    const member = await p.user('member');
    const session = await p.login(member);
    const authenticator = new SoftwareAuthenticator(RP_ID, ORIGIN);
    const challenge = await creationChallenge(session);
    const added = await register(session, {
      name: 'Work laptop',
      response: authenticator.create(challenge),
    });
    assert.equal(added.statusCode, 201, added.body);
    return { member, session, authenticator, added };
  }

  async function password(user: TestUser) {
    const response = await p.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: user.email, password: user.password },
    });
    assert.equal(response.statusCode, 202, response.body);
    return cookieOf(response, 'jhanet_pending') ?? '';
  }

  function second(url: string, pending: string, body: unknown) {
    return p.app.inject({
      method: 'POST',
      url,
      cookies: { jhanet_pending: pending },
      payload: body as object,
    });
  }

  async function requestChallenge(pending: string): Promise<string> {
    const response = await second('/api/session/factor/passkey/options', pending, {});
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ challenge: string }>().challenge;
  }

  test('a member adds a passkey: stored with its name, audited, listed, the first with recovery codes', async () => {
    const { member, authenticator, added, session } = await memberWithPasskey();
    const body = added.json<{
      factor: { id: string; kind: string; label: string; lastUsedAt: string | null };
      recoveryCodes: string[] | null;
    }>();
    assert.equal(body.factor.kind, 'passkey');
    assert.equal(body.factor.label, 'Work laptop');
    assert.equal(body.recoveryCodes?.length, 10);
    const stored = await db()
      .selectFrom('user_factors')
      .selectAll()
      .where('id', '=', body.factor.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.user_id, member.id);
    assert.equal(stored.credential_id, authenticator.id);
    assert.equal(stored.sign_count, 0);
    assert.equal(stored.transports, 'internal');
    assert.ok(stored.public_key && stored.public_key.length > 50);
    assert.notEqual(stored.confirmed_at, null);
    const entry = await latestAudit('factor.passkey_added');
    assert.equal(entry?.target_type, 'user');
    assert.equal(entry.target_id, member.id);
    assert.equal(entry.actor_user_id, member.id);
    assert.match(entry.changes, new RegExp(body.factor.id));

    const listed = (await p.request({ url: '/api/me/factors', as: session })).json<{
      factors: { kind: string; label: string }[];
    }>();
    assert.deepEqual(
      listed.factors.map((f) => [f.kind, f.label]),
      [['passkey', 'Work laptop']],
    );

    // The same authenticator again: the browser is told to exclude it, and the server refuses it.
    const options = await p.request({
      method: 'POST',
      url: '/api/me/factors/passkeys/options',
      as: session,
    });
    const { challenge, excludeCredentials } = options.json<{
      challenge: string;
      excludeCredentials: { id: string }[];
    }>();
    assert.deepEqual(
      excludeCredentials.map((c) => c.id),
      [authenticator.id],
    );
    const again = await register(session, {
      name: 'Again',
      response: authenticator.create(challenge),
    });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json<{ code: string }>().code, 'passkey_known');
    assert.equal(await count('user_factors', member.id), 1);
  });

  test('one passkey sent by twenty members at once is stored once, audited once', async () => {
    // A challenge is open for one session of a user at a time: twenty members, one key.
    const authenticator = new SoftwareAuthenticator(RP_ID, ORIGIN);
    const members = await Promise.all(Array.from({ length: 20 }, () => p.user('member')));
    const answers = await Promise.all(
      members.map(async (member) => {
        const session = await p.login(member);
        return { session, response: authenticator.create(await creationChallenge(session)) };
      }),
    );
    const auditBefore = await count('audit_log');
    const statuses = (
      await Promise.all(
        answers.map(({ session, response }) => register(session, { name: 'Same key', response })),
      )
    ).map((answer) => answer.statusCode);
    assert.equal(statuses.filter((status) => status === 201).length, 1, statuses.join(', '));
    assert.ok(
      statuses.every((status) => status === 201 || status === 409),
      statuses.join(', '),
    );
    const stored = await db()
      .selectFrom('user_factors')
      .select('user_id')
      .where('credential_id', '=', authenticator.id)
      .execute();
    assert.equal(stored.length, 1);
    const added = await db()
      .selectFrom('audit_log')
      .select(['target_id'])
      .where('action', '=', 'factor.passkey_added')
      .where('seq', '>', auditBefore)
      .execute();
    assert.deepEqual(
      added.map((entry) => entry.target_id),
      [stored[0]?.user_id],
    );
  });

  test('a registration answer for another challenge, origin, relying party or session is refused; nothing is stored', async () => {
    const member = await p.user('member');
    const session = await p.login(member);
    const otherSession = await p.login(member);
    const entries = await count('audit_log');
    const cases: [string, (challenge: string) => unknown][] = [
      [
        'wrong challenge',
        (c) =>
          new SoftwareAuthenticator(RP_ID, ORIGIN).create(c, {
            challenge: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
          }),
      ],
      [
        'wrong origin',
        (c) => new SoftwareAuthenticator(RP_ID, 'https://evil.example.eu').create(c),
      ],
      [
        'wrong relying party',
        (c) => new SoftwareAuthenticator('evil.example.eu', ORIGIN).create(c),
      ],
      [
        'a sign-in answer',
        (c) => new SoftwareAuthenticator(RP_ID, ORIGIN).create(c, { type: 'webauthn.get' }),
      ],
    ];
    for (const [what, answer] of cases) {
      const challenge = await creationChallenge(session);
      const refused = await register(session, { name: 'Key', response: answer(challenge) });
      assert.equal(refused.statusCode, 400, `${what}: ${refused.body}`);
      assert.equal(refused.json<{ code: string }>().code, 'passkey_refused', what);
    }
    // The challenge belongs to the session that asked for it.
    const challenge = await creationChallenge(session);
    const elsewhere = await register(otherSession, {
      name: 'Key',
      response: new SoftwareAuthenticator(RP_ID, ORIGIN).create(challenge),
    });
    assert.equal(elsewhere.statusCode, 400);
    // A challenge is good once: the right answer after a refused one finds none open.
    const authenticator = new SoftwareAuthenticator(RP_ID, ORIGIN);
    const used = await creationChallenge(session);
    const wrong = await register(session, {
      name: 'Key',
      response: authenticator.create(used, { origin: 'https://evil.example.eu' }),
    });
    assert.equal(wrong.statusCode, 400);
    const retried = await register(session, { name: 'Key', response: authenticator.create(used) });
    assert.equal(retried.statusCode, 400);
    assert.equal(await count('user_factors', member.id), 0);
    assert.equal(await count('recovery_codes', member.id), 0);
    assert.equal(await count('audit_log'), entries);
  });

  test('bad input to adding a passkey answers 400 and stores nothing', async () => {
    const member = await p.user('member');
    const session = await p.login(member);
    const entries = await count('audit_log');
    const authenticator = new SoftwareAuthenticator(RP_ID, ORIGIN);
    const challenge = await creationChallenge(session);
    const good = authenticator.create(challenge);
    const bodies: [string, unknown][] = [
      ['NUL in the name', { name: 'Work\u0000laptop', response: good }],
      ['lone surrogate in the name', { name: 'Work \ud800', response: good }],
      ['a 10,000-character name', { name: 'x'.repeat(10_000), response: good }],
      ['an empty name', { name: '   ', response: good }],
      ['a control character in the name', { name: 'Work\u0007', response: good }],
      [
        'a 10,000-character attestation',
        {
          name: 'Key',
          response: {
            ...good,
            response: { ...good.response, attestationObject: 'A'.repeat(10_000) },
          },
        },
      ],
      [
        'an attestation that is not base64url',
        {
          name: 'Key',
          response: { ...good, response: { ...good.response, attestationObject: 'not base64!' } },
        },
      ],
      ['no response', { name: 'Key' }],
      ['an extra field', { name: 'Key', response: good, admin: true }],
    ];
    for (const [what, body] of bodies) {
      const response = await p.request({
        method: 'POST',
        url: '/api/me/factors/passkeys',
        as: session,
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.statusCode, 400, `${what}: ${response.body}`);
    }
    const huge = await p.request({
      method: 'POST',
      url: '/api/me/factors/passkeys',
      as: session,
      body: `{"name":"Key","response":{"id":"${good.id}","rawId":"${good.id}","type":"public-key","clientExtensionResults":{},"response":{"clientDataJSON":"${good.response.clientDataJSON}","attestationObject":"${good.response.attestationObject}","publicKeyAlgorithm":1e400}}}`,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(huge.statusCode, 400, huge.body);
    assert.equal(await count('user_factors', member.id), 0);
    assert.equal(await count('audit_log'), entries);
  });

  test('signing in with a passkey after the password: audited, counted, good once', async () => {
    const { member, authenticator } = await memberWithPasskey();
    const pending = await password(member);
    const options = await second('/api/session/factor/passkey/options', pending, {});
    assert.equal(options.statusCode, 200, options.body);
    const asked = options.json<{
      challenge: string;
      rpId: string;
      allowCredentials: { id: string }[];
    }>();
    assert.equal(asked.rpId, RP_ID);
    assert.deepEqual(
      asked.allowCredentials.map((c) => c.id),
      [authenticator.id],
    );
    const assertion = authenticator.get(asked.challenge);
    const signedIn = await second('/api/session/factor/passkey', pending, { response: assertion });
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    const cookie = cookieOf(signedIn, 'jhanet_session');
    assert.ok(cookie);
    const login = await latestAudit('session.login');
    assert.equal(login?.actor_user_id, member.id);
    assert.match(login.changes, /"secondFactor":"passkey"/);
    const stored = await db()
      .selectFrom('user_factors')
      .select(['sign_count', 'last_used_at'])
      .where('credential_id', '=', authenticator.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.sign_count, 1);
    assert.notEqual(stored.last_used_at, null);
    const me = await p.app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { jhanet_session: cookie },
    });
    assert.equal(me.statusCode, 200);

    // The half-signed-in state is spent.
    const again = await second('/api/session/factor/passkey', pending, { response: assertion });
    assert.equal(again.statusCode, 401);
    assert.equal(again.json<{ code: string }>().code, 'second_step_expired');
    // The same answer after a new password and a new challenge: refused as replayed.
    const next = await password(member);
    await requestChallenge(next);
    const replayed = await second('/api/session/factor/passkey', next, { response: assertion });
    assert.equal(replayed.statusCode, 401);
    assert.equal(replayed.json<{ code: string }>().code, 'second_factor_failed');
    const failed = await latestAudit('session.login_failed');
    assert.match(failed?.changes ?? '', /bad_second_factor/);
    // The challenge went with the refused answer: a right answer to it finds none open.
    const late = await second('/api/session/factor/passkey', next, {
      response: authenticator.get('unused'),
    });
    assert.equal(late.statusCode, 401);
  });

  test('a sign-in answer for another challenge, origin or relying party is refused', async () => {
    const { member, authenticator } = await memberWithPasskey();
    const pending = await password(member);
    const tamperings = [
      { challenge: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      { origin: 'https://evil.example.eu' },
      { rpId: 'evil.example.eu' },
      { type: 'webauthn.create' },
    ];
    for (const tampering of tamperings) {
      const challenge = await requestChallenge(pending);
      const refused = await second('/api/session/factor/passkey', pending, {
        response: authenticator.get(challenge, tampering),
      });
      assert.equal(refused.statusCode, 401, JSON.stringify(tampering));
      assert.equal(refused.json<{ code: string }>().code, 'second_factor_failed');
    }
    // Without asking for a challenge first, nothing is accepted.
    const unasked = await password(member);
    const refused = await second('/api/session/factor/passkey', unasked, {
      response: authenticator.get('whatever'),
    });
    assert.equal(refused.statusCode, 401);
    const stored = await db()
      .selectFrom('user_factors')
      .select(['sign_count', 'last_used_at'])
      .where('credential_id', '=', authenticator.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.sign_count, 0);
    assert.equal(stored.last_used_at, null);
  });

  test('a signature counter that goes back is refused and audited', async () => {
    const { member, authenticator } = await memberWithPasskey();
    const factor = await db()
      .selectFrom('user_factors')
      .select('id')
      .where('credential_id', '=', authenticator.id)
      .executeTakeFirstOrThrow();
    authenticator.counter = 4;
    const first = await password(member);
    const ok = await second('/api/session/factor/passkey', first, {
      response: authenticator.get(await requestChallenge(first)),
    });
    assert.equal(ok.statusCode, 200, ok.body);
    // A copy of the key that has counted less far: 3 after the stored 5.
    authenticator.counter = 2;
    const cloned = await password(member);
    const refused = await second('/api/session/factor/passkey', cloned, {
      response: authenticator.get(await requestChallenge(cloned)),
    });
    assert.equal(refused.statusCode, 401);
    const entry = await latestAudit('factor.passkey_counter_regressed');
    assert.equal(entry?.target_type, 'factor');
    assert.equal(entry.target_id, factor.id);
    assert.equal(entry.actor_user_id, member.id);
    assert.match(entry.changes, /"storedCounter":5/);
    assert.match(entry.changes, /"presentedCounter":3/);
    // The same counter again is as bad as a lower one.
    authenticator.counter = 4;
    const same = await password(member);
    const equal = await second('/api/session/factor/passkey', same, {
      response: authenticator.get(await requestChallenge(same)),
    });
    assert.equal(equal.statusCode, 401);
    const stored = await db()
      .selectFrom('user_factors')
      .select('sign_count')
      .where('id', '=', factor.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.sign_count, 5);
  });

  test("another user's passkey does not sign in this user", async () => {
    const { member } = await memberWithPasskey();
    const other = await memberWithPasskey();
    const pending = await password(member);
    const challenge = await requestChallenge(pending);
    const refused = await second('/api/session/factor/passkey', pending, {
      response: other.authenticator.get(challenge),
    });
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json<{ code: string }>().code, 'second_factor_failed');
    assert.equal(cookieOf(refused, 'jhanet_session'), undefined);
  });

  test('bad input to the passkey sign-in answers 4xx and signs in no one', async () => {
    const { member, authenticator } = await memberWithPasskey();
    const pending = await password(member);
    const good = authenticator.get(await requestChallenge(pending));
    const bodies: unknown[] = [
      { response: { ...good, id: `${good.id}\u0000` } },
      { response: { ...good, response: { ...good.response, signature: 'x'.repeat(10_000) } } },
      { response: { ...good, response: { ...good.response, userHandle: '\ud800' } } },
      { response: { ...good, type: 'password' } },
      {},
    ];
    for (const body of bodies) {
      const response = await p.app.inject({
        method: 'POST',
        url: '/api/session/factor/passkey',
        cookies: { jhanet_pending: pending },
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      assert.equal(response.statusCode, 400, response.body);
    }
    const noCookie = await second('/api/session/factor/passkey', 'x'.repeat(10_000), {
      response: good,
    });
    assert.equal(noCookie.statusCode, 401);
    const stored = await db()
      .selectFrom('user_factors')
      .select('sign_count')
      .where('credential_id', '=', authenticator.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.sign_count, 0);
  });

  test('an administrator without a factor sets up a passkey after the password and is signed in', async () => {
    const admin = await p.user('admin');
    const response = await p.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: admin.email, password: admin.password },
    });
    assert.equal(response.json<{ secondFactor: string }>().secondFactor, 'enrol');
    const pending = cookieOf(response, 'jhanet_pending') ?? '';
    const options = await second('/api/session/enrol/passkey/options', pending, {});
    assert.equal(options.statusCode, 200, options.body);
    const { challenge, rp } = options.json<{ challenge: string; rp: { id: string } }>();
    assert.equal(rp.id, RP_ID);
    const authenticator = new SoftwareAuthenticator(RP_ID, ORIGIN);
    const wrong = await second('/api/session/enrol/passkey', pending, {
      name: 'Security key',
      response: authenticator.create(challenge, { origin: 'https://evil.example.eu' }),
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(await count('user_factors', admin.id), 0);
    const fresh = (await second('/api/session/enrol/passkey/options', pending, {})).json<{
      challenge: string;
    }>().challenge;
    const enrolled = await second('/api/session/enrol/passkey', pending, {
      name: 'Security key',
      response: authenticator.create(fresh),
    });
    assert.equal(enrolled.statusCode, 200, enrolled.body);
    assert.equal(enrolled.json<{ recoveryCodes: string[] }>().recoveryCodes.length, 10);
    assert.ok(cookieOf(enrolled, 'jhanet_session'));
    const added = await latestAudit('factor.passkey_added');
    assert.equal(added?.target_id, admin.id);
    assert.equal(added.actor_user_id, admin.id);
    const login = await latestAudit('session.login');
    assert.equal(login?.actor_user_id, admin.id);
    assert.match(login.changes, /"secondFactor":"passkey"/);
    // From now on the administrator proves the passkey.
    const next = await password(admin);
    const signedIn = await second('/api/session/factor/passkey', next, {
      response: authenticator.get(await requestChallenge(next)),
    });
    assert.equal(signedIn.statusCode, 200, signedIn.body);
  });

  test('a passkey is removed with the other factors, and removing it is audited', async () => {
    const { session, added } = await memberWithPasskey();
    const id = added.json<{ factor: { id: string } }>().factor.id;
    const removed = await p.request({
      method: 'DELETE',
      url: `/api/me/factors/${id}`,
      as: session,
    });
    assert.equal(removed.statusCode, 204);
    const entry = await latestAudit('factor.revoke');
    assert.equal(entry?.target_id, id);
    assert.match(entry.changes, /"kind":"passkey"/);
  });
});
