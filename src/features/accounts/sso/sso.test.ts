import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { LightMyRequestResponse } from 'fastify';
import { after, before, describe, test } from '../../../../test/support/node-test.js';
import { testPlatform, type TestPlatform } from '../../../../test/support/platform.js';
import {
  signInAtProvider,
  startTestProvider,
  type TestProvider,
} from '../../../../test/support/oidc-test-provider.js';
import type { AuditAction } from '../../audit/audit.events.js';
import { base32Decode, totp } from '../second-factor/totp.js';

const PUBLIC_URL = 'http://localhost:3000';
const CALLBACK = `${PUBLIC_URL}/login/sso/agency/callback`;
const OTHER_CALLBACK = 'http://other.example.eu/callback';
const JHANET_CLIENT = { clientId: 'jhanet', clientSecret: 'jhanet-secret', redirectUri: CALLBACK };
const OTHER_CLIENT = {
  clientId: 'other',
  clientSecret: 'other-secret',
  redirectUri: OTHER_CALLBACK,
};

describe('single sign-on through an OpenID provider', () => {
  let provider: TestProvider;
  let platform: TestPlatform;

  before(async () => {
    provider = await startTestProvider([JHANET_CLIENT, OTHER_CLIENT]);
    platform = await testPlatform({
      publicUrl: PUBLIC_URL,
      sso: [
        {
          id: 'agency',
          issuer: provider.issuer,
          clientId: JHANET_CLIENT.clientId,
          clientSecret: JHANET_CLIENT.clientSecret,
          label: 'FRA Login',
          emailDomains: ['fra.example.eu'],
          agency: 'FRA',
          createAccounts: true,
        },
      ],
    });
  });
  after(async () => {
    await (platform as TestPlatform | undefined)?.close();
    await (provider as TestProvider | undefined)?.close();
  });

  const db = () => platform.services.database.db;
  const auditOf = (action: AuditAction) =>
    db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .orderBy('seq', 'desc')
      .execute();
  const userCount = async () =>
    Number(
      (
        await db()
          .selectFrom('users')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** The browser's side: the attempt cookie and the provider's authorization address. */
  async function startAttempt(): Promise<{ attemptCookie: string; authorizationUrl: string }> {
    const response = await platform.app.inject({ url: '/login/sso/agency?next=/account' });
    assert.equal(response.statusCode, 303, response.body);
    const cookie = response.cookies.find((c) => c.name === 'jhanet_sso');
    assert.ok(cookie, 'an attempt cookie is set');
    assert.equal(cookie.httpOnly, true);
    const location = response.headers.location;
    assert.ok(typeof location === 'string' && location.startsWith(`${provider.issuer}/`));
    const asked = new URL(location).searchParams;
    assert.equal(asked.get('code_challenge_method'), 'S256');
    assert.ok(asked.get('state') && asked.get('nonce') && asked.get('code_challenge'));
    return { attemptCookie: cookie.value, authorizationUrl: location };
  }

  const callback = (answer: URL, attemptCookie: string): Promise<LightMyRequestResponse> =>
    platform.app.inject({
      url: `${answer.pathname}${answer.search}`,
      headers: { cookie: `jhanet_sso=${attemptCookie}` },
    });

  const sessionCookie = (response: LightMyRequestResponse) =>
    response.cookies.find((c) => c.name === 'jhanet_session' && c.value !== '');

  /** Signs in at the provider as `subject` and comes back: the callback's answer. */
  async function signInAs(subject: string): Promise<LightMyRequestResponse> {
    const attempt = await startAttempt();
    const answer = await signInAtProvider(attempt.authorizationUrl, subject, CALLBACK);
    return callback(answer, attempt.attemptCookie);
  }

  async function assertRefused(response: LightMyRequestResponse, reason: string) {
    assert.equal(response.statusCode, 401, response.body);
    assert.equal(sessionCookie(response), undefined, 'no session');
    assert.match(response.body, /You were not signed in/);
    const refusal = (await auditOf('session.sso_refused')).at(0);
    assert.ok(refusal);
    assert.deepEqual(
      { provider: 'agency', reason },
      (({ provider: p, reason: r }) => ({ provider: p, reason: r }))(
        JSON.parse(refusal.changes) as { provider: string; reason: string },
      ),
    );
  }

  test('the sign-in page offers the provider as a button', async () => {
    const response = await platform.app.inject({ url: '/login' });
    assert.equal(response.statusCode, 200);
    assert.match(
      response.body,
      /<a class="ecl-link[^"]*ecl-link--cta[^"]*" href="\/login\/sso\/agency">Sign in with FRA Login<\/a>/,
    );
  });

  test('a verified e-mail of an account signs it in, with a session like a password’s, audited', async () => {
    const user = await platform.user('member', 'FRA');
    provider.accounts.set('sub-happy', { email: user.email.toUpperCase(), email_verified: true });
    const response = await signInAs('sub-happy');
    assert.equal(response.statusCode, 303, response.body);
    assert.equal(response.headers.location, '/account');
    const cookie = sessionCookie(response);
    assert.ok(cookie);
    const me = await platform.app.inject({
      url: '/api/session',
      headers: { cookie: `jhanet_session=${cookie.value}` },
    });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json<{ user: { email: string; role: string } }>().user.email, user.email);
    assert.equal(
      me.json<{ user: { role: string } }>().user.role,
      'member',
      'the role stays the platform’s',
    );
    const entry = (await auditOf('session.sso_sign_in')).at(0);
    assert.ok(entry);
    assert.equal(entry.actor_user_id, user.id);
    assert.equal(entry.target_type, 'session');
    assert.deepEqual(JSON.parse(entry.changes), {
      provider: 'agency',
      issuer: provider.issuer,
      subject: 'sub-happy',
      matchedBy: 'email',
    });
  });

  test('a user with a second factor proves it after the provider, as after a password', async () => {
    const user = await platform.user('member', 'FRA');
    const signedIn = await platform.login(user);
    const offer = await platform.request({
      method: 'POST',
      url: '/api/me/factors/totp',
      as: signedIn,
    });
    assert.equal(offer.statusCode, 201, offer.body);
    const { id, secret } = offer.json<{ id: string; secret: string }>();
    const confirmed = await platform.request({
      method: 'POST',
      url: `/api/me/factors/totp/${id}/confirm`,
      as: signedIn,
      body: { code: totp(base32Decode(secret) ?? Buffer.alloc(0), Date.now()) },
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    const [recoveryCode] = confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes;
    assert.ok(recoveryCode);

    provider.accounts.set('sub-factor', { email: user.email, email_verified: true });
    const response = await signInAs('sub-factor');
    assert.equal(response.statusCode, 303, response.body);
    assert.equal(response.headers.location, '/login/factor?next=%2Faccount');
    assert.equal(sessionCookie(response), undefined, 'no session before the second factor');
    const pending = response.cookies.find((c) => c.name === 'jhanet_pending');
    assert.ok(pending, 'the half-signed-in state is set');
    const entry = (await auditOf('session.sso_second_step')).at(0);
    assert.ok(entry);
    assert.equal(entry.actor_user_id, user.id);
    assert.equal(entry.target_type, 'user');
    assert.equal(entry.target_id, user.id);
    assert.deepEqual(JSON.parse(entry.changes), {
      provider: 'agency',
      issuer: provider.issuer,
      subject: 'sub-factor',
      matchedBy: 'email',
      secondFactor: 'verify',
    });

    const second = await platform.app.inject({
      method: 'POST',
      url: '/api/session/factor',
      cookies: { jhanet_pending: pending.value },
      payload: { code: recoveryCode },
    });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json<{ user: { email: string } }>().user.email, user.email);
    assert.ok(sessionCookie(second), 'the second factor opens the session');
  });

  test('an unverified e-mail is refused, even of an existing account', async () => {
    const user = await platform.user('member', 'FRA');
    provider.accounts.set('sub-unverified', { email: user.email, email_verified: false });
    await assertRefused(await signInAs('sub-unverified'), 'email_not_verified');
  });

  test('someone neither bound nor verified is refused and nothing is created', async () => {
    provider.accounts.set('sub-stranger', {
      email: 'stranger@fra.example.eu',
      email_verified: false,
    });
    const before = await userCount();
    await assertRefused(await signInAs('sub-stranger'), 'email_not_verified');
    assert.equal(await userCount(), before);
    const identities = await db()
      .selectFrom('sso_identities')
      .select('subject')
      .where('subject', '=', 'sub-stranger')
      .execute();
    assert.deepEqual(identities, []);
  });

  test('a first sign-in with a verified address creates an observer at the agency when configured', async () => {
    provider.accounts.set('sub-new', {
      email: 'new.person@fra.example.eu',
      email_verified: true,
      name: 'New Person',
    });
    const response = await signInAs('sub-new');
    assert.equal(response.statusCode, 303, response.body);
    const created = await db()
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['users.id', 'users.role', 'organisations.acronym'])
      .where('users.email', '=', 'new.person@fra.example.eu')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { role: created.role, acronym: created.acronym },
      { role: 'observer', acronym: 'FRA' },
    );
    const entry = (await auditOf('user.create')).at(0);
    assert.equal(entry?.target_id, created.id);
    const signIn = (await auditOf('session.sso_sign_in')).at(0);
    assert.equal(signIn?.actor_user_id, created.id);
  });

  test('an address outside the provider’s domains is refused and nothing is created', async () => {
    provider.accounts.set('sub-elsewhere', {
      email: 'someone@europol.example.eu',
      email_verified: true,
    });
    const before = await userCount();
    await assertRefused(await signInAs('sub-elsewhere'), 'not_allowed');
    assert.equal(await userCount(), before);
  });

  test('a forged state is refused', async () => {
    const user = await platform.user('member', 'FRA');
    provider.accounts.set('sub-forged', { email: user.email, email_verified: true });
    const attempt = await startAttempt();
    const answer = await signInAtProvider(attempt.authorizationUrl, 'sub-forged', CALLBACK);
    answer.searchParams.set('state', oidc.randomState());
    await assertRefused(await callback(answer, attempt.attemptCookie), 'verification_failed');
  });

  test('a replayed answer or code is refused', async () => {
    const user = await platform.user('member', 'FRA');
    provider.accounts.set('sub-replay', { email: user.email, email_verified: true });
    const first = await startAttempt();
    const answer = await signInAtProvider(first.authorizationUrl, 'sub-replay', CALLBACK);
    assert.equal((await callback(answer, first.attemptCookie)).statusCode, 303);
    // The same answer again: its attempt was used.
    await assertRefused(await callback(answer, first.attemptCookie), 'attempt_unknown');
    // The used code within a new attempt of the same browser: the provider will not take it again.
    const second = await startAttempt();
    answer.searchParams.set(
      'state',
      new URL(second.authorizationUrl).searchParams.get('state') ?? '',
    );
    await assertRefused(await callback(answer, second.attemptCookie), 'verification_failed');
  });

  test('an ID token made for another client is refused', async () => {
    const user = await platform.user('member', 'FRA');
    provider.accounts.set('sub-audience', { email: user.email, email_verified: true });
    const attempt = await startAttempt();
    const nonce = new URL(attempt.authorizationUrl).searchParams.get('nonce') ?? '';
    // A genuine token of the same provider and person, with the same nonce, for client "other".
    const verifier = oidc.randomPKCECodeVerifier();
    const otherAuthorization = new URL(`${provider.issuer}/auth`);
    otherAuthorization.search = new URLSearchParams({
      client_id: OTHER_CLIENT.clientId,
      redirect_uri: OTHER_CALLBACK,
      response_type: 'code',
      scope: 'openid email',
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const otherAnswer = await signInAtProvider(
      otherAuthorization.href,
      'sub-audience',
      OTHER_CALLBACK,
    );
    const tokens = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${OTHER_CLIENT.clientId}:${OTHER_CLIENT.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: otherAnswer.searchParams.get('code') ?? '',
        redirect_uri: OTHER_CALLBACK,
        code_verifier: verifier,
      }),
    });
    assert.equal(tokens.status, 200);
    const otherIdToken = (await tokens.json()) as { id_token: string };
    const answer = await signInAtProvider(attempt.authorizationUrl, 'sub-audience', CALLBACK);
    provider.substituteIdToken = otherIdToken.id_token;
    await assertRefused(await callback(answer, attempt.attemptCookie), 'verification_failed');
    assert.equal(provider.substituteIdToken, null, 'the substitute was served');
  });

  test('an administrator binds a subject to an account, audited; unbinding ends it', async () => {
    const admin = await platform.session('admin');
    const user = await platform.user('contact', 'FRA');
    provider.accounts.set('sub-bound', {
      email: 'other.address@fra.example.eu',
      email_verified: false,
    });
    await assertRefused(await signInAs('sub-bound'), 'email_not_verified');

    const member = await platform.session('member', 'FRA');
    const forbidden = await platform.request({
      method: 'POST',
      url: `/api/users/${user.id}/sso-identities`,
      as: member,
      body: { provider: 'agency', subject: 'sub-bound' },
    });
    assert.equal(forbidden.statusCode, 404);

    const bound = await platform.request({
      method: 'POST',
      url: `/api/users/${user.id}/sso-identities`,
      as: admin,
      body: { provider: 'agency', subject: 'sub-bound' },
    });
    assert.equal(bound.statusCode, 201, bound.body);
    const identity = bound.json<{ id: string; issuer: string; subject: string }>();
    assert.deepEqual(
      { issuer: identity.issuer, subject: identity.subject },
      { issuer: provider.issuer, subject: 'sub-bound' },
    );
    const bindEntry = (await auditOf('user.sso_bind')).at(0);
    assert.equal(bindEntry?.target_type, 'user');
    assert.equal(bindEntry.target_id, user.id);
    assert.equal(bindEntry.actor_user_id, admin.user.id);

    const again = await platform.request({
      method: 'POST',
      url: `/api/users/${user.id}/sso-identities`,
      as: admin,
      body: { provider: 'agency', subject: 'sub-bound' },
    });
    assert.equal(again.statusCode, 409);

    const signedIn = await signInAs('sub-bound');
    assert.equal(signedIn.statusCode, 303, signedIn.body);
    const entry = (await auditOf('session.sso_sign_in')).at(0);
    assert.equal(entry?.actor_user_id, user.id);
    assert.equal((JSON.parse(entry.changes) as { matchedBy: string }).matchedBy, 'subject');

    const listed = await platform.request({
      url: `/api/users/${user.id}/sso-identities`,
      as: admin,
    });
    assert.deepEqual(
      listed.json<{ id: string }[]>().map((i) => i.id),
      [identity.id],
    );

    const unbound = await platform.request({
      method: 'DELETE',
      url: `/api/users/${user.id}/sso-identities/${identity.id}`,
      as: admin,
    });
    assert.equal(unbound.statusCode, 204);
    const unbindEntry = (await auditOf('user.sso_unbind')).at(0);
    assert.equal(unbindEntry?.target_id, user.id);
    await assertRefused(await signInAs('sub-bound'), 'email_not_verified');
  });

  test('bad input on the callback never answers 500 and opens no session', async () => {
    const attempt = await startAttempt();
    for (const state of ['%00', 'x'.repeat(10_000), '%ED%A0%80', '\u0000abc']) {
      const response = await platform.app.inject({
        url: `/login/sso/agency/callback?code=abc&state=${state}`,
        headers: { cookie: `jhanet_sso=${attempt.attemptCookie}` },
      });
      assert.ok(
        response.statusCode >= 400 && response.statusCode < 500,
        `${response.statusCode} for ${state.slice(0, 12)}`,
      );
      assert.equal(sessionCookie(response), undefined);
    }
    const unknown = await platform.app.inject({
      url: '/login/sso/nowhere/callback?code=a&state=b',
    });
    assert.ok(unknown.statusCode >= 400 && unknown.statusCode < 500);
  });
});
