import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../../test/support/node-test.js';
import { testPlatform, type TestPlatform } from '../../../../test/support/platform.js';
import { SoftwareAuthenticator } from '../../../../test/support/software-authenticator.js';
import { en } from '../../../app/i18n/messages.en.js';

const RP_ID = 'jhanet.example.eu';
const ORIGIN = 'https://jhanet.example.eu';

function cookieOf(response: { cookies: { name: string; value: string }[] }, name: string) {
  return response.cookies.find((c) => c.name === name)?.value;
}

/** A message as the page writes it: the JSX runtime escapes quotes. */
const asHtml = (text: string) => text.replaceAll('"', '&quot;');

describe('passkey pages', () => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform({ requireSecondFactor: 'privileged', publicUrl: ORIGIN });
  });
  after(() => p.close());

  const factorsOf = (userId: string) =>
    p.services.database.db
      .selectFrom('user_factors')
      .select(['id', 'kind', 'label'])
      .where('user_id', '=', userId)
      .execute();

  test('a member adds a passkey on the account page; without an answer the page says a passkey needs JavaScript', async () => {
    const member = await p.session('member');
    const account = await p.request({ url: '/account', as: member });
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /data-passkey="create"/);
    assert.match(account.body, /action="\/account\/factors\/passkey"/);
    assert.ok(account.body.includes(asHtml(en['factor.passkey.needsScript'])));

    const withoutScript = await p.request({
      url: '/account/factors/passkey',
      as: member,
      form: { passkeyName: 'Phone', credential: '', _csrf: member.csrfToken },
    });
    assert.equal(withoutScript.statusCode, 400);
    assert.ok(withoutScript.body.includes(asHtml(en['factor.passkey.needsScript'])));
    const garbled = await p.request({
      url: '/account/factors/passkey',
      as: member,
      form: { passkeyName: 'Phone', credential: '{"id":', _csrf: member.csrfToken },
    });
    assert.equal(garbled.statusCode, 400);
    assert.ok(garbled.body.includes(en['factor.passkey.failed']));
    assert.deepEqual(await factorsOf(member.user.id), []);

    const options = await p.request({
      method: 'POST',
      url: '/api/me/factors/passkeys/options',
      as: member,
    });
    const { challenge } = options.json<{ challenge: string }>();
    const authenticator = new SoftwareAuthenticator(RP_ID, ORIGIN);
    const added = await p.request({
      url: '/account/factors/passkey',
      as: member,
      form: {
        passkeyName: 'Phone',
        credential: JSON.stringify(authenticator.create(challenge)),
        _csrf: member.csrfToken,
      },
    });
    // The first factor: the recovery codes, shown in this answer only.
    assert.equal(added.statusCode, 200, added.body.slice(0, 500));
    assert.equal((added.body.match(/<code class="jh-secret">/g) ?? []).length, 10);
    const factors = await factorsOf(member.user.id);
    assert.deepEqual(
      factors.map((f) => [f.kind, f.label]),
      [['passkey', 'Phone']],
    );
    const entry = await p.services.database.db
      .selectFrom('audit_log')
      .select(['target_type', 'target_id'])
      .where('action', '=', 'factor.passkey_added')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(entry, { target_type: 'user', target_id: member.user.id });
    const listed = await p.request({ url: '/account', as: member });
    assert.match(listed.body, /<td[^>]*>Phone<\/td>/);
  });

  test('after the password, a user with a passkey signs in with it on the page', async () => {
    const user = await p.user('member');
    const session = await p.login(user);
    const authenticator = new SoftwareAuthenticator(RP_ID, ORIGIN);
    const options = await p.request({
      method: 'POST',
      url: '/api/me/factors/passkeys/options',
      as: session,
    });
    const registered = await p.request({
      method: 'POST',
      url: '/api/me/factors/passkeys',
      as: session,
      body: {
        name: 'Laptop',
        response: authenticator.create(options.json<{ challenge: string }>().challenge),
      },
    });
    assert.equal(registered.statusCode, 201, registered.body);

    const login = await p.request({ url: '/login' });
    const csrf = cookieOf(login, 'jhanet_csrf') ?? '';
    const signIn = await p.request({
      url: '/login',
      headers: { cookie: `jhanet_csrf=${csrf}` },
      form: { email: user.email, password: user.password, _csrf: csrf, next: '/account' },
    });
    assert.equal(signIn.headers.location, '/login/factor?next=%2Faccount');
    const pending = cookieOf(signIn, 'jhanet_pending') ?? '';
    const cookie = `jhanet_csrf=${csrf}; jhanet_pending=${pending}`;
    const page = await p.request({ url: '/login/factor?next=%2Faccount', headers: { cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-passkey="get"/);
    assert.match(page.body, /action="\/login\/factor\/passkey\?next=%2Faccount"/);
    // The code form is still there, for a recovery code.
    assert.match(page.body, /name="code"/);

    const refused = await p.request({
      url: '/login/factor/passkey?next=%2Faccount',
      headers: { cookie },
      form: { credential: '', _csrf: csrf },
    });
    assert.equal(refused.statusCode, 400);
    const asked = await p.app.inject({
      method: 'POST',
      url: '/api/session/factor/passkey/options',
      cookies: { jhanet_pending: pending },
      payload: {},
    });
    const assertion = authenticator.get(asked.json<{ challenge: string }>().challenge);
    const done = await p.request({
      url: '/login/factor/passkey?next=%2Faccount',
      headers: { cookie },
      form: { credential: JSON.stringify(assertion), _csrf: csrf },
    });
    assert.equal(done.statusCode, 303, done.body.slice(0, 500));
    assert.equal(done.headers.location, '/account');
    assert.ok(cookieOf(done, 'jhanet_session'));
  });
});
