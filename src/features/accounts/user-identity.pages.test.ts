import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import {
  testPlatform,
  type Session,
  type TestPlatform,
  type TestUser,
} from '../../../test/support/platform.js';
import type { AuditAction } from '../audit/audit.events.js';
import { base32Decode, hotp } from './second-factor/totp.js';

const step = () => Math.floor(Date.now() / 30_000);

function cookieOf(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((c) => c.name === name)?.value;
}

/** The text of a page without its markup, for reading sentences that carry links or tags. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ');
}

/** The site header of a page, where "Sign in", the signed-in user and the menu are. */
function headerOf(html: string): string {
  const start = html.indexOf('<header class="ecl-site-header');
  return start < 0 ? '' : html.slice(start, html.indexOf('<main', start));
}

const PROVIDER = {
  id: 'agency',
  issuer: 'http://localhost:9/oidc',
  clientId: 'jhanet',
  clientSecret: 'not-used',
  label: 'Agency Login',
  emailDomains: [],
  agency: null,
  createAccounts: false,
};

describe("an account's second factors and identities, on its administrator's page", () => {
  let p: TestPlatform;
  let admin: Session;

  before(async () => {
    p = await testPlatform({ sso: [PROVIDER] });
    admin = await p.session('admin', 'EUDA');
  });
  after(() => p.close());

  const db = () => p.services.database.db;

  function post(as: Session, url: string, form: Record<string, string> = {}) {
    return p.request({ url, as, form: { ...form, _csrf: as.csrfToken } });
  }

  const auditOf = (action: AuditAction, targetId: string) =>
    db()
      .selectFrom('audit_log')
      .select(['action', 'target_type', 'target_id', 'actor_user_id', 'changes'])
      .where('action', '=', action)
      .where('target_id', '=', targetId)
      .orderBy('seq', 'desc')
      .execute();

  const count = async (table: 'user_factors' | 'recovery_codes' | 'sessions', user: TestUser) =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('user_id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  const identitiesOf = (userId: string) =>
    db()
      .selectFrom('sso_identities')
      .select(['id', 'provider', 'subject', 'created_by'])
      .where('user_id', '=', userId)
      .execute();

  /** A member with an authenticator app set up through the API, as they would on their page. */
  async function memberWithApp(): Promise<{ session: Session; secret: string }> {
    const session = await p.session('member', 'Frontex');
    const offer = await p.request({ method: 'POST', url: '/api/me/factors/totp', as: session });
    assert.equal(offer.statusCode, 201, offer.body);
    const { id, secret } = offer.json<{ id: string; secret: string }>();
    const key = base32Decode(secret);
    assert.ok(key);
    const confirmed = await p.request({
      method: 'POST',
      url: `/api/me/factors/totp/${id}/confirm`,
      as: session,
      body: { code: hotp(key, step()) },
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    return { session, secret };
  }

  test('lists the factors by kind, name, date added and last use, and never their secret', async () => {
    const { session, secret } = await memberWithApp();
    const page = await p.request({ url: `/users/${session.user.id}`, as: admin });
    assert.equal(page.statusCode, 200);
    const section = /<section id="second-factors"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
    const text = textOf(section);
    for (const header of ['Kind', 'Name', 'Added', 'Last used'])
      assert.ok(text.includes(header), `column ${header}`);
    assert.ok(text.includes('Authenticator app'));
    assert.ok(text.includes('Unused recovery codes: 10.'));
    assert.ok(section.includes(`href="/users/${session.user.id}/factors/reset"`));
    assert.ok(!page.body.includes(secret), 'the secret is not on the page');

    const without = await p.user('member', 'Frontex');
    const plain = await p.request({ url: `/users/${without.id}`, as: admin });
    assert.ok(textOf(plain.body).includes('This account has no second factor.'));
    assert.ok(!plain.body.includes(`/users/${without.id}/factors/reset`));
  });

  test('resets the factors after a confirmation that says what happens, and audits it', async () => {
    const { session } = await memberWithApp();
    const user = session.user;
    const confirm = await p.request({ url: `/users/${user.id}/factors/reset`, as: admin });
    assert.equal(confirm.statusCode, 200);
    const text = textOf(confirm.body);
    assert.ok(text.includes('removes every second factor of this account and every recovery code'));
    assert.ok(text.includes('ends all of its sessions'));
    assert.ok(confirm.body.includes(`action="/users/${user.id}/factors/reset"`));
    assert.equal(await count('sessions', user), 1);

    const done = await post(admin, `/users/${user.id}/factors/reset`);
    assert.equal(done.statusCode, 303, done.body);
    assert.equal(done.headers.location, `/users/${user.id}?done=factors-reset`);
    assert.equal(await count('user_factors', user), 0);
    assert.equal(await count('recovery_codes', user), 0);
    assert.equal(await count('sessions', user), 0);
    const me = await p.request({ url: '/api/me', as: session });
    assert.equal(me.statusCode, 401, 'the user was signed out');
    const [entry, ...more] = await auditOf('factor.reset', user.id);
    assert.equal(more.length, 0);
    assert.equal(entry?.target_type, 'user');
    assert.equal(entry.actor_user_id, admin.user.id);
    assert.deepEqual(JSON.parse(entry.changes), { removedFactors: 1, endedSessions: 1 });

    const shown = await p.request({ url: done.headers.location, as: admin });
    assert.ok(textOf(shown.body).includes('all sessions of the account have ended'));
    assert.ok(textOf(shown.body).includes('This account has no second factor.'));
    // Nothing left to reset: the confirmation goes back to the account.
    const again = await p.request({ url: `/users/${user.id}/factors/reset`, as: admin });
    assert.equal(again.statusCode, 303);
  });

  test("an administrator's own factors are not reset from here: that would end this session", async () => {
    const self = await p.user('admin', 'EUDA');
    const selfSession = await p.login(self);
    const offer = await p.request({ method: 'POST', url: '/api/me/factors/totp', as: selfSession });
    const { id, secret } = offer.json<{ id: string; secret: string }>();
    const key = base32Decode(secret);
    assert.ok(key);
    await p.request({
      method: 'POST',
      url: `/api/me/factors/totp/${id}/confirm`,
      as: selfSession,
      body: { code: hotp(key, step()) },
    });
    const confirm = await p.request({ url: `/users/${self.id}/factors/reset`, as: selfSession });
    assert.equal(confirm.statusCode, 200);
    assert.ok(!confirm.body.includes(`action="/users/${self.id}/factors/reset"`));
    assert.ok(confirm.body.includes('href="/account#second-factors"'));
    const refused = await post(selfSession, `/users/${self.id}/factors/reset`);
    assert.equal(refused.statusCode, 409);
    assert.equal(await count('user_factors', self), 1);
    assert.equal(await count('sessions', self), 1);
    assert.equal((await auditOf('factor.reset', self.id)).length, 0);
  });

  test('binds a subject through the form, lists it with who bound it, and audits it', async () => {
    const user = await p.user('contact', 'FRA');
    const page = await p.request({ url: `/users/${user.id}`, as: admin });
    const section = /<section id="sso-identities"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
    assert.ok(textOf(section).includes('No identity is bound to this account.'));
    assert.ok(section.includes(`action="/users/${user.id}/sso-identities"`));
    assert.ok(section.includes('<option value="agency"'));
    assert.ok(textOf(section).includes('Agency Login'));

    const bound = await post(admin, `/users/${user.id}/sso-identities`, {
      provider: 'agency',
      subject: '  fra-4711  ',
    });
    assert.equal(bound.statusCode, 303, bound.body);
    assert.equal(bound.headers.location, `/users/${user.id}?done=sso-bound`);
    const stored = await identitiesOf(user.id);
    assert.deepEqual(
      stored.map((i) => [i.provider, i.subject, i.created_by]),
      [['agency', 'fra-4711', admin.user.id]],
    );
    const [entry] = await auditOf('user.sso_bind', user.id);
    assert.equal(entry?.target_type, 'user');
    assert.equal(entry.actor_user_id, admin.user.id);
    assert.equal((JSON.parse(entry.changes) as { subject: string }).subject, 'fra-4711');

    const shown = await p.request({ url: `/users/${user.id}?done=sso-bound`, as: admin });
    const listed = textOf(
      /<section id="sso-identities"[\s\S]*?<\/section>/.exec(shown.body)?.[0] ?? '',
    );
    assert.ok(listed.includes('Agency Login'));
    assert.ok(listed.includes('fra-4711'));
    const adminName = (await p.services.users.getById(admin.user.id)).name;
    assert.ok(listed.includes(adminName), 'who bound it');
    assert.ok(textOf(shown.body).includes('The identity has been bound to the account.'));

    // The API lists the same identity, with who bound it.
    const api = await p.request({ url: `/api/users/${user.id}/sso-identities`, as: admin });
    assert.deepEqual(
      api
        .json<{ subject: string; createdBy: string; createdByName: string }[]>()
        .map((i) => [i.subject, i.createdBy, i.createdByName]),
      [['fra-4711', admin.user.id, adminName]],
    );
  });

  test('shows every error of the bind form at once and stores nothing', async () => {
    const user = await p.user('contact', 'FRA');
    const auditBefore = (await auditOf('user.sso_bind', user.id)).length;
    const both = await post(admin, `/users/${user.id}/sso-identities`, {
      provider: 'nowhere',
      subject: '   ',
    });
    assert.equal(both.statusCode, 400);
    // The error summary at the head of the bind form, one round for every mistake.
    const form = both.body.split(`action="/users/${user.id}/sso-identities"`)[1] ?? '';
    const summary = textOf(/ecl-notification--error[\s\S]*?<\/ul>/.exec(form)?.[0] ?? '');
    assert.ok(summary.includes('Choose a configured provider.'), summary);
    assert.ok(summary.includes('Give the subject (sub).'), summary);
    assert.ok(both.body.includes('href="#sso-identities"'), 'the top of the page points to them');

    const bad: Record<string, string>[] = [
      { provider: 'agency', subject: 'x'.repeat(10_000) },
      { provider: 'agency', subject: 'x'.repeat(256) },
      { provider: 'agency', subject: 'nul\u0000byte' },
      { provider: '1e400', subject: 'fra-1' },
      { provider: 'agency\u0000', subject: 'fra-1' },
    ];
    for (const form of bad) {
      const response = await post(admin, `/users/${user.id}/sso-identities`, form);
      assert.ok(
        response.statusCode >= 400 && response.statusCode < 500,
        `${String(response.statusCode)} for ${JSON.stringify(form).slice(0, 60)}`,
      );
    }
    // A lone surrogate as a browser cannot send it but a client can: its bytes, not UTF-8.
    const surrogate = await p.app.inject({
      method: 'POST',
      url: `/users/${user.id}/sso-identities`,
      headers: {
        cookie: `jhanet_session=${admin.cookie}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `provider=agency&subject=lone%ED%A0%80surrogate&_csrf=${admin.csrfToken}`,
    });
    assert.ok(surrogate.statusCode >= 400 && surrogate.statusCode < 500, surrogate.body);
    const long = await post(admin, `/users/${user.id}/sso-identities`, {
      provider: 'agency',
      subject: 'x'.repeat(256),
    });
    assert.equal(long.statusCode, 400);
    assert.ok(textOf(long.body).includes('at most 255 characters'));
    assert.deepEqual(await identitiesOf(user.id), []);
    assert.equal((await auditOf('user.sso_bind', user.id)).length, auditBefore);
  });

  test('a subject bound to another account is refused without saying which account', async () => {
    const holder = await p.user('member', 'FRA');
    const other = await p.user('member', 'FRA');
    const first = await post(admin, `/users/${holder.id}/sso-identities`, {
      provider: 'agency',
      subject: 'shared-subject',
    });
    assert.equal(first.statusCode, 303);
    const holderName = (await p.services.users.getById(holder.id)).name;

    const taken = await post(admin, `/users/${other.id}/sso-identities`, {
      provider: 'agency',
      subject: 'shared-subject',
    });
    assert.equal(taken.statusCode, 400);
    const text = textOf(taken.body);
    assert.ok(text.includes('This subject of this provider is bound to an account already.'));
    assert.ok(!taken.body.includes(holder.email), 'the holder’s address is not shown');
    assert.ok(!taken.body.includes(holderName), 'the holder’s name is not shown');
    assert.ok(!taken.body.includes(holder.id), 'the holder’s id is not shown');
    // The form keeps what was typed, to correct it.
    assert.ok(taken.body.includes('value="shared-subject"'));
    assert.deepEqual(await identitiesOf(other.id), []);
    assert.equal((await auditOf('user.sso_bind', other.id)).length, 0);

    // The API gives the same answer, as a conflict.
    const api = await p.request({
      method: 'POST',
      url: `/api/users/${other.id}/sso-identities`,
      as: admin,
      body: { provider: 'agency', subject: 'shared-subject' },
    });
    assert.equal(api.statusCode, 409);
    assert.ok(!api.body.includes(holder.email) && !api.body.includes(holder.id));
  });

  test('twenty administrators binding one subject at once: one wins, the audit records that one', async () => {
    const accounts = await Promise.all(Array.from({ length: 20 }, () => p.user('member', 'FRA')));
    const answers = await Promise.all(
      accounts.map((account) =>
        post(admin, `/users/${account.id}/sso-identities`, {
          provider: 'agency',
          subject: 'raced-subject',
        }),
      ),
    );
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [
      ...Array<number>(1).fill(303),
      ...Array<number>(19).fill(400),
    ]);
    const stored = await db()
      .selectFrom('sso_identities')
      .select('user_id')
      .where('subject', '=', 'raced-subject')
      .execute();
    assert.equal(stored.length, 1);
    const winner = stored[0]?.user_id ?? '';
    const entries = await db()
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'user.sso_bind')
      .where(
        'target_id',
        'in',
        accounts.map((a) => a.id),
      )
      .execute();
    assert.deepEqual(
      entries.map((e) => e.target_id),
      [winner],
    );
  });

  test('unbinds after a confirmation, and audits it', async () => {
    const user = await p.user('contact', 'FRA');
    await post(admin, `/users/${user.id}/sso-identities`, {
      provider: 'agency',
      subject: 'to-unbind',
    });
    const [identity] = await identitiesOf(user.id);
    assert.ok(identity);
    const page = await p.request({ url: `/users/${user.id}`, as: admin });
    const path = `/users/${user.id}/sso-identities/${identity.id}/unbind`;
    assert.ok(page.body.includes(`href="${path}"`));

    const confirm = await p.request({ url: path, as: admin });
    assert.equal(confirm.statusCode, 200);
    const text = textOf(confirm.body);
    assert.ok(text.includes('to-unbind'));
    assert.ok(text.includes('Sessions already open stay open'));
    assert.ok(confirm.body.includes(`action="${path}"`));
    assert.deepEqual(
      (await identitiesOf(user.id)).map((i) => i.id),
      [identity.id],
      'opening the confirmation changes nothing',
    );

    const done = await post(admin, path);
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/users/${user.id}?done=sso-unbound`);
    assert.deepEqual(await identitiesOf(user.id), []);
    const [entry] = await auditOf('user.sso_unbind', user.id);
    assert.equal(entry?.target_type, 'user');
    assert.equal(entry.actor_user_id, admin.user.id);
    assert.equal((JSON.parse(entry.changes) as { identity: string }).identity, identity.id);

    const gone = await post(admin, path);
    assert.equal(gone.statusCode, 404);
  });

  test("an identity is unbound only through its own account's address", async () => {
    const holder = await p.user('member', 'FRA');
    const other = await p.user('member', 'FRA');
    await post(admin, `/users/${holder.id}/sso-identities`, {
      provider: 'agency',
      subject: 'kept-subject',
    });
    const [identity] = await identitiesOf(holder.id);
    assert.ok(identity);
    const path = `/users/${other.id}/sso-identities/${identity.id}/unbind`;
    assert.equal((await p.request({ url: path, as: admin })).statusCode, 404);
    assert.equal((await post(admin, path)).statusCode, 404);
    assert.equal((await identitiesOf(holder.id)).length, 1);
  });

  test('others than administrators get 404 on every page and form, and nothing changes', async () => {
    const { session: target } = await memberWithApp();
    await post(admin, `/users/${target.user.id}/sso-identities`, {
      provider: 'agency',
      subject: 'guarded',
    });
    const [identity] = await identitiesOf(target.user.id);
    assert.ok(identity);
    const id = target.user.id;
    const unbind = `/users/${id}/sso-identities/${identity.id}/unbind`;
    for (const role of ['contact', 'member', 'observer'] as const) {
      const as = await p.session(role, 'FRA');
      for (const url of [`/users/${id}`, `/users/${id}/factors/reset`, unbind])
        assert.equal((await p.request({ url, as })).statusCode, 404, `${role} GET ${url}`);
      const posts: [string, Record<string, string>][] = [
        [`/users/${id}/factors/reset`, {}],
        [`/users/${id}/sso-identities`, { provider: 'agency', subject: 'sneaky' }],
        [unbind, {}],
      ];
      for (const [url, form] of posts)
        assert.equal((await post(as, url, form)).statusCode, 404, `${role} POST ${url}`);
      // Their own account's address answers the same.
      assert.equal(
        (await post(as, `/users/${as.user.id}/factors/reset`)).statusCode,
        404,
        `${role} on their own account`,
      );
    }
    const signedOut = await p.request({ url: `/users/${id}/factors/reset` });
    assert.equal(signedOut.statusCode, 303);
    assert.match(String(signedOut.headers.location), /^\/login/);
    assert.equal(await count('user_factors', target.user), 1);
    assert.deepEqual(
      (await identitiesOf(id)).map((i) => i.subject),
      ['guarded'],
    );
    assert.equal((await auditOf('factor.reset', id)).length, 0);
    assert.equal((await auditOf('user.sso_unbind', id)).length, 0);
    // Unknown accounts answer as any missing page.
    for (const url of ['/users/nobody/factors/reset', '/users/nobody/sso-identities/x/unbind'])
      assert.equal((await p.request({ url, as: admin })).statusCode, 404, url);
    assert.equal(
      (await post(admin, '/users/nobody/sso-identities', { provider: 'agency', subject: 's' }))
        .statusCode,
      404,
    );
  });
});

describe('without single sign-on, and the header around a second factor', () => {
  let p: TestPlatform;

  before(async () => {
    // The platform's own rule: an administrator must set up a second factor at first sign-in.
    p = await testPlatform({ requireSecondFactor: 'privileged' });
  });
  after(() => p.close());

  test('the second step offers neither "Sign in" nor the menu; the recovery codes show who is signed in', async () => {
    const admin = await p.user('admin', 'EUDA');
    const login = await p.request({ url: '/login' });
    const csrf = cookieOf(login, 'jhanet_csrf') ?? '';
    const signIn = await p.request({
      url: '/login',
      headers: { cookie: `jhanet_csrf=${csrf}` },
      form: { email: admin.email, password: admin.password, _csrf: csrf, next: '/users' },
    });
    assert.equal(signIn.statusCode, 303);
    const pending = cookieOf(signIn, 'jhanet_pending') ?? '';
    const cookie = `jhanet_csrf=${csrf}; jhanet_pending=${pending}`;
    const enrolUrl = String(signIn.headers.location);
    assert.match(enrolUrl, /^\/login\/enrol/);

    const enrol = await p.request({ url: enrolUrl, headers: { cookie } });
    assert.equal(enrol.statusCode, 200);
    const pendingHeader = headerOf(enrol.body);
    assert.ok(pendingHeader !== '');
    assert.ok(!pendingHeader.includes('href="/login"'), 'no "Sign in" while signing in');
    assert.ok(!pendingHeader.includes('Sign in'));
    assert.ok(!pendingHeader.includes('href="/documents"'), 'no menu');
    assert.ok(!pendingHeader.includes('Sign out'));

    const secret = /<code class="jh-secret">([A-Z2-7]{32})<\/code>/.exec(enrol.body)?.[1] ?? '';
    const key = base32Decode(secret);
    assert.ok(key);
    const codes = await p.request({
      url: enrolUrl,
      headers: { cookie },
      form: { code: hotp(key, step()), _csrf: csrf },
    });
    assert.equal(codes.statusCode, 200);
    assert.ok(codes.body.includes('data-recovery-codes'));
    const signedInHeader = headerOf(codes.body);
    const adminName = (await p.services.users.getById(admin.id)).name;
    assert.ok(signedInHeader.includes(adminName), 'says who is signed in');
    assert.ok(signedInHeader.includes('Sign out'));
    assert.ok(!signedInHeader.includes('href="/login"'), 'no "Sign in" once signed in');
    assert.ok(signedInHeader.includes('href="/users"'), 'the administrator’s menu');

    // The header's sign-out form carries the new session's token: it signs out.
    const session = cookieOf(codes, 'jhanet_session') ?? '';
    const token =
      /action="\/logout"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(signedInHeader)?.[1] ?? '';
    const actor = await p.services.sessions.resolve(session);
    assert.ok(actor?.via.kind === 'session');
    assert.equal(token, actor.via.csrfToken);

    // Single sign-on is not configured here: the section says so and offers no form.
    const other = await p.user('member', 'Europol');
    const page = await p.request({
      url: `/users/${other.id}`,
      headers: { cookie: `jhanet_session=${session}` },
    });
    assert.equal(page.statusCode, 200);
    const section = /<section id="sso-identities"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
    assert.ok(textOf(section).includes('Single sign-on is not configured'));
    assert.ok(!section.includes('<form'));
    const posted = await p.request({
      url: `/users/${other.id}/sso-identities`,
      headers: { cookie: `jhanet_session=${session}` },
      form: { provider: 'agency', subject: 'x', _csrf: token },
    });
    assert.equal(posted.statusCode, 404);
    const stored = await p.services.database.db.selectFrom('sso_identities').select('id').execute();
    assert.deepEqual(stored, []);
  });
});
