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

interface ListedSession {
  id: string;
  startedAt: string;
  lastSeenAt: string;
  ip: string;
  userAgent: string;
  current: boolean;
}

const FIREFOX_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';

describe('where a user is signed in, and signing out of it', () => {
  let platform: TestPlatform;

  before(async () => {
    platform = await testPlatform();
  });
  after(async () => {
    await (platform as TestPlatform | undefined)?.close();
  });

  /** Signs in as the user from a browser that presents itself as `userAgent`. */
  async function signInWith(user: TestUser, userAgent: string): Promise<Session> {
    const response = await platform.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'user-agent': userAgent },
      payload: { email: user.email, password: user.password },
    });
    assert.equal(response.statusCode, 200, response.body);
    const cookie = response.cookies.find((c) => c.name === 'jhanet_session');
    assert.ok(cookie);
    return {
      user,
      cookie: cookie.value,
      csrfToken: response.json<{ csrfToken: string }>().csrfToken,
    };
  }

  const listOf = async (session: Session) => {
    const response = await platform.request({ url: '/api/me/sessions', as: session });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<ListedSession[]>();
  };

  const stillSignedIn = async (session: Session) =>
    (await platform.request({ url: '/api/me', as: session })).statusCode === 200;

  const auditOf = async (action: AuditAction, targetId: string) =>
    (await platform.services.audit.list({ action, targetId }, 1, 10)).items;

  test('lists only my own live sessions, the one I am using marked', async () => {
    const user = await platform.user('member');
    const other = await platform.session('member', 'Frontex');
    const onPhone = await signInWith(user, SAFARI_ON_IPHONE);
    const onDesk = await signInWith(user, FIREFOX_ON_WINDOWS);

    const listed = await listOf(onDesk);
    assert.equal(listed.length, 2);
    assert.deepEqual(
      listed.map((s) => [s.userAgent, s.current]).sort(),
      [
        [FIREFOX_ON_WINDOWS, true],
        [SAFARI_ON_IPHONE, false],
      ].sort(),
    );
    for (const session of listed) assert.match(session.id, /^[0-9a-f]{16}$/);
    const theirs = await listOf(other);
    assert.equal(theirs.length, 1);
    assert.ok(!listed.some((s) => s.id === theirs[0]?.id), 'no one else’s session is listed');
    assert.ok(await stillSignedIn(onPhone));
  });

  test('I sign out one other session: it ends, mine goes on, the audit log names it', async () => {
    const user = await platform.user('contact');
    const lost = await signInWith(user, SAFARI_ON_IPHONE);
    const mine = await signInWith(user, FIREFOX_ON_WINDOWS);
    const target = (await listOf(mine)).find((s) => !s.current);
    assert.ok(target);

    const response = await platform.request({
      method: 'DELETE',
      url: `/api/me/sessions/${target.id}`,
      as: mine,
    });
    assert.equal(response.statusCode, 204, response.body);
    assert.equal(await stillSignedIn(lost), false);
    assert.equal(await stillSignedIn(mine), true);
    const entries = await auditOf('session.revoke', target.id);
    const [entry] = entries;
    assert.equal(entries.length, 1);
    assert.ok(entry);
    assert.equal(entry.actor_email, user.email);
    assert.equal(entry.target_type, 'session');

    const again = await platform.request({
      method: 'DELETE',
      url: `/api/me/sessions/${target.id}`,
      as: mine,
    });
    assert.equal(again.statusCode, 404, 'an ended session is gone');
  });

  test('another user’s session answers 404 and stays signed in; a malformed id 400', async () => {
    const me = await platform.session('admin');
    const them = await platform.session('member', 'Eurojust');
    const [theirs] = await listOf(them);
    assert.ok(theirs);
    const before = (await auditOf('session.revoke', theirs.id)).length;

    const refused = await platform.request({
      method: 'DELETE',
      url: `/api/me/sessions/${theirs.id}`,
      as: me,
    });
    assert.equal(refused.statusCode, 404);
    assert.equal(await stillSignedIn(them), true);
    assert.equal((await auditOf('session.revoke', theirs.id)).length, before);

    for (const bad of ['XYZ', '0123456789abcdef0', '%00']) {
      const response = await platform.request({
        method: 'DELETE',
        url: `/api/me/sessions/${bad}`,
        as: me,
      });
      assert.equal(response.statusCode, 400, `${bad}: ${response.body}`);
    }
  });

  test('signing out every other session keeps this one', async () => {
    const user = await platform.user('member', 'FRA');
    const first = await signInWith(user, SAFARI_ON_IPHONE);
    const second = await signInWith(user, 'curl/8.5.0');
    const mine = await signInWith(user, FIREFOX_ON_WINDOWS);

    const response = await platform.request({
      method: 'DELETE',
      url: '/api/me/sessions?keepCurrent=true',
      as: mine,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { ended: 2 });
    assert.equal(await stillSignedIn(first), false);
    assert.equal(await stillSignedIn(second), false);
    assert.equal(await stillSignedIn(mine), true);
    const [entry] = await auditOf('session.end_all', user.id);
    assert.ok(entry);
    assert.deepEqual(JSON.parse(entry.changes), { ended: 2, keptCurrent: true });
  });

  test('signing out everywhere ends this session too and clears its cookie', async () => {
    const user = await platform.user('observer', 'CEPOL');
    const other = await signInWith(user, SAFARI_ON_IPHONE);
    const mine = await signInWith(user, FIREFOX_ON_WINDOWS);

    const response: LightMyRequestResponse = await platform.request({
      method: 'DELETE',
      url: '/api/me/sessions',
      as: mine,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { ended: 2 });
    const cleared = response.cookies.find((c) => c.name === 'jhanet_session');
    assert.equal(cleared?.value, '', 'the cookie is cleared');
    assert.equal(await stillSignedIn(mine), false);
    assert.equal(await stillSignedIn(other), false);
    const [entry] = await auditOf('session.end_all', user.id);
    assert.deepEqual(JSON.parse(entry?.changes ?? '{}'), { ended: 2, keptCurrent: false });
  });

  test('the account page lists the browsers and signs out of the others', async () => {
    const user = await platform.user('contact', 'EUAA');
    const phone = await signInWith(user, SAFARI_ON_IPHONE);
    const mine = await signInWith(user, FIREFOX_ON_WINDOWS);

    const page = await platform.request({ url: '/account', as: mine });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Firefox 140 on Windows/);
    assert.match(page.body, /Safari 18 on iOS/);
    assert.match(page.body, /This browser/);
    assert.match(page.body, /Sign out of every other browser \(1\)/);

    const posted = await platform.request({
      url: '/account/sessions/end-others',
      as: mine,
      form: { _csrf: mine.csrfToken },
    });
    assert.equal(posted.statusCode, 303);
    assert.equal(posted.headers.location, '/account?done=signed-out&ended=1');
    assert.equal(await stillSignedIn(phone), false);
    const after = await platform.request({ url: '/account?done=signed-out&ended=1', as: mine });
    assert.match(after.body, /Every other session is signed out: 1\./);
    assert.doesNotMatch(after.body, /Safari 18 on iOS/);
  });

  test('a form that names another user’s session is refused as not found', async () => {
    const me = await platform.session('member', 'eu-LISA');
    const them = await platform.session('member', 'EIGE');
    const [theirs] = await listOf(them);
    assert.ok(theirs);
    const posted = await platform.request({
      url: `/account/sessions/${theirs.id}/end`,
      as: me,
      form: { _csrf: me.csrfToken },
    });
    assert.equal(posted.statusCode, 404);
    assert.equal(await stillSignedIn(them), true);
  });
});
