import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../../test/support/node-test.js';
import { testPlatform, type TestPlatform } from '../../../../test/support/platform.js';
import { base32Decode, hotp } from './totp.js';

function cookieOf(response: { cookies: { name: string; value: string }[] }, name: string) {
  return response.cookies.find((c) => c.name === name)?.value;
}

/** The secret the enrolment page shows as text: the first code element, in base32. */
function shownSecret(html: string): Buffer {
  const match = /<code class="jh-secret">([A-Z2-7]{32})<\/code>/.exec(html);
  const key = match?.[1] ? base32Decode(match[1]) : null;
  if (!key) throw new Error('no secret shown');
  return key;
}

const step = () => Math.floor(Date.now() / 30_000);

describe('second factor pages', () => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform({ requireSecondFactor: 'privileged' });
  });
  after(() => p.close());

  test('an administrator sets up an app after the password, then signs in with a code', async () => {
    const admin = await p.user('admin');
    const page = await p.request({ url: '/login' });
    const csrf = cookieOf(page, 'jhanet_csrf') ?? '';
    const cookie = (pending: string) => `jhanet_csrf=${csrf}; jhanet_pending=${pending}`;
    const signIn = async () => {
      const response = await p.request({
        url: '/login',
        headers: { cookie: `jhanet_csrf=${csrf}` },
        form: { email: admin.email, password: admin.password, _csrf: csrf, next: '/account' },
      });
      assert.equal(response.statusCode, 303);
      return {
        location: String(response.headers.location),
        pending: cookieOf(response, 'jhanet_pending') ?? '',
      };
    };

    const first = await signIn();
    assert.equal(first.location, '/login/enrol?next=%2Faccount');
    const enrol = await p.request({
      url: first.location,
      headers: { cookie: cookie(first.pending) },
    });
    assert.equal(enrol.statusCode, 200);
    assert.match(enrol.body, /otpauth:\/\/totp\//);
    const key = shownSecret(enrol.body);
    const enrolCode = hotp(key, step());
    const wrong = await p.request({
      url: first.location,
      headers: { cookie: cookie(first.pending) },
      form: { code: 'x'.repeat(10_000), _csrf: csrf },
    });
    assert.equal(wrong.statusCode, 400);
    const confirmed = await p.request({
      url: first.location,
      headers: { cookie: cookie(first.pending) },
      form: { code: enrolCode, _csrf: csrf },
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body.slice(0, 500));
    assert.equal(
      (confirmed.body.match(/<li class="ecl-unordered-list__item"><code class="jh-secret">/g) ?? [])
        .length,
      10,
    );
    const session = cookieOf(confirmed, 'jhanet_session') ?? '';
    const account = await p.request({
      url: '/account',
      headers: { cookie: `jhanet_session=${session}` },
    });
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /id="second-factors"/);

    const second = await signIn();
    assert.equal(second.location, '/login/factor?next=%2Faccount');
    const form = await p.request({
      url: second.location,
      headers: { cookie: cookie(second.pending) },
    });
    assert.equal(form.statusCode, 200);
    const replayed = await p.request({
      url: second.location,
      headers: { cookie: cookie(second.pending) },
      form: { code: enrolCode, _csrf: csrf },
    });
    // The enrolment used this step's code: it is not accepted twice.
    assert.equal(replayed.statusCode, 400);
    const done = await p.request({
      url: second.location,
      headers: { cookie: cookie(second.pending) },
      form: { code: hotp(key, step() + 1), _csrf: csrf },
    });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/account');
    assert.ok(cookieOf(done, 'jhanet_session'));
    // Without the half-signed-in cookie the second step sends back to the password.
    const lost = await p.request({ url: '/login/factor' });
    assert.equal(lost.statusCode, 303);
    assert.match(String(lost.headers.location), /^\/login\?expired=1/);
  });

  test('a member adds an app on the account page and removes it', async () => {
    const member = await p.session('member');
    const started = await p.request({
      url: '/account/factors/totp',
      as: member,
      form: { _csrf: member.csrfToken },
    });
    assert.equal(started.statusCode, 200);
    const key = shownSecret(started.body);
    const action =
      /action="(\/account\/factors\/totp\/[^"]+\/confirm)"/.exec(started.body)?.[1] ?? '';
    const confirmed = await p.request({
      url: action,
      as: member,
      form: { code: hotp(key, step()), _csrf: member.csrfToken },
    });
    assert.equal(confirmed.statusCode, 200);
    assert.match(confirmed.body, /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    const factor = await p.services.database.db
      .selectFrom('user_factors')
      .select('id')
      .where('user_id', '=', member.user.id)
      .executeTakeFirstOrThrow();
    const revoked = await p.request({
      url: `/account/factors/${factor.id}/revoke`,
      as: member,
      form: { _csrf: member.csrfToken },
    });
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, '/account?done=factor-revoked');
    const entry = await p.services.database.db
      .selectFrom('audit_log')
      .select(['target_id'])
      .where('action', '=', 'factor.revoke')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(entry.target_id, factor.id);
  });
});
