import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp.js';
import type { AuditAction } from '../audit/audit.events.js';
import type { MailSender } from '../mail/mail-queue.js';
import { smtpSender } from '../mail/smtp-sender.js';

const FROM = 'JHA network <network@example.eu>';
const PUBLIC_URL = 'https://jhanet.example.eu';
const ANSWER =
  'If an account has this address, a link to choose a new password is on its way to it.';

function cookieOf(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((c) => c.name === name)?.value;
}

describe('own password and reset by e-mail', () => {
  let platform: TestPlatform;
  let smtp: SmtpSink;
  let sender: { send: MailSender; close(): void };

  before(async () => {
    platform = await testPlatform({
      publicUrl: PUBLIC_URL,
      mail: { smtp: null, from: FROM, pollSeconds: 30, organiser: FROM },
    });
    smtp = await startSmtpSink();
    sender = smtpSender(
      { host: '127.0.0.1', port: smtp.port, tls: 'none', user: smtp.user, password: smtp.password },
      FROM,
    );
  });
  after(async () => {
    sender.close();
    await smtp.stop();
    await platform.close();
  });

  const db = () => platform.services.database.db;

  async function auditOf(action: AuditAction, targetId?: string) {
    return (await platform.services.audit.list({ action, targetId }, 1, 200)).items;
  }

  function signIn(email: string, password: string) {
    return platform.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email, password },
    });
  }

  /** Delivers the queue through the SMTP server and returns what arrived, by recipient. */
  async function deliver(expected: number) {
    smtp.received.length = 0;
    const report = await platform.services.mail.deliver('test', sender.send);
    assert.equal(report.sent, expected);
    return smtp.waitFor(expected);
  }

  function linkIn(text: string): string {
    const match = /https:\/\/jhanet\.example\.eu\/login\/reset\/([A-Za-z0-9_-]+)/.exec(text);
    assert.ok(match?.[1], `a reset link in: ${text}`);
    return match[1];
  }

  function askForReset(email: string) {
    return platform.request({ method: 'POST', url: '/api/password-resets', body: { email } });
  }

  async function passwordHashOf(userId: string): Promise<string> {
    const row = await db()
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    return row.password_hash;
  }

  test('changing one’s password ends the other sessions, keeps this one and the tokens, and is audited', async () => {
    const user = await platform.user('contact', 'Europol');
    const here = await platform.login(user);
    const elsewhere = await platform.login(user);
    const token = await platform.request({
      method: 'POST',
      url: '/api/me/tokens',
      as: here,
      body: { name: 'reporting' },
    });
    assert.equal(token.statusCode, 201);
    const secret = token.json<{ token: string }>().token;

    const changed = await platform.request({
      method: 'POST',
      url: '/api/me/password',
      as: here,
      body: { currentPassword: user.password, newPassword: 'a new and longer passphrase' },
    });
    assert.equal(changed.statusCode, 204);

    assert.equal((await platform.request({ url: '/api/me', as: here })).statusCode, 200);
    assert.equal((await platform.request({ url: '/api/me', as: elsewhere })).statusCode, 401);
    const withToken = await platform.app.inject({
      url: '/api/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(withToken.statusCode, 200);
    assert.equal((await signIn(user.email, user.password)).statusCode, 401);
    assert.equal((await signIn(user.email, 'a new and longer passphrase')).statusCode, 200);

    const [entry] = await auditOf('user.password_change', user.id);
    assert.ok(entry);
    assert.equal(entry.target_type, 'user');
    assert.equal(entry.actor_user_id, user.id);
    assert.deepEqual(JSON.parse(entry.changes), { endedSessions: 1, voidedResetLinks: 0 });

    const [notice] = await deliver(1);
    assert.ok(notice);
    assert.deepEqual(notice.to, [user.email]);
    assert.equal(notice.parsed.subject, 'Your password was changed');
  });

  test('a wrong current password or a short new one changes nothing; wrong guesses are audited and count', async () => {
    const user = await platform.user('member', 'Frontex');
    const session = await platform.login(user);
    const hashBefore = await passwordHashOf(user.id);

    const short = await platform.request({
      method: 'POST',
      url: '/api/me/password',
      as: session,
      body: { currentPassword: user.password, newPassword: 'short' },
    });
    assert.equal(short.statusCode, 400);
    assert.deepEqual(
      short.json<{ errors: { field: string }[] }>().errors.map((e) => e.field),
      ['newPassword'],
    );

    const wrong = await platform.request({
      method: 'POST',
      url: '/api/me/password',
      as: session,
      body: { currentPassword: 'not my password at all', newPassword: 'a perfectly fine new one' },
    });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(
      wrong.json<{ errors: { field: string }[] }>().errors.map((e) => e.field),
      ['currentPassword'],
    );
    assert.equal(await passwordHashOf(user.id), hashBefore);
    assert.equal((await auditOf('user.password_change', user.id)).length, 0);
    const [failed] = await auditOf('user.password_change_failed', user.id);
    assert.equal(failed?.target_type, 'user');
    const attempts = await db()
      .selectFrom('login_attempts')
      .select('succeeded')
      .where('email', '=', user.email)
      .where('succeeded', '=', 0)
      .execute();
    assert.equal(attempts.length, 1);
    const pending = await db()
      .selectFrom('mail_queue')
      .select('id')
      .where('status', '=', 'pending')
      .execute();
    assert.equal(pending.length, 0);
  });

  test('an API token, a signed-out caller and a session without its CSRF token cannot change a password', async () => {
    const user = await platform.user('observer', 'DG HOME');
    const session = await platform.login(user);
    const created = await platform.request({
      method: 'POST',
      url: '/api/me/tokens',
      as: session,
      body: { name: 'script' },
    });
    const secret = created.json<{ token: string }>().token;
    const body = { currentPassword: user.password, newPassword: 'a token should not do this' };
    const withToken = await platform.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: { authorization: `Bearer ${secret}` },
      payload: body,
    });
    assert.equal(withToken.statusCode, 404);
    const anonymous = await platform.app.inject({
      method: 'POST',
      url: '/api/me/password',
      payload: body,
    });
    assert.equal(anonymous.statusCode, 401);
    const noCsrf = await platform.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: { cookie: `jhanet_session=${session.cookie}` },
      payload: body,
    });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal((await signIn(user.email, user.password)).statusCode, 200);
    const denied = await auditOf('access.denied');
    assert.ok(denied.some((e) => e.actor_user_id === user.id));
  });

  test('asking for a link answers alike for every address; the link is mailed, stored hashed, and its mail body erased once sent', async () => {
    const user = await platform.user('contact', 'EUAA');
    const unknown = `nobody.${Date.now()}@example.eu`;
    const known = await askForReset(user.email.toUpperCase());
    const none = await askForReset(unknown);
    assert.equal(known.statusCode, 202);
    assert.equal(none.statusCode, 202);
    assert.equal(known.body, none.body);
    assert.deepEqual(known.json(), { message: ANSWER });

    const rows = await db()
      .selectFrom('password_resets')
      .selectAll()
      .where('email', 'in', [user.email, unknown])
      .execute();
    assert.equal(rows.length, 2);
    assert.equal(rows.find((r) => r.email === user.email)?.user_id, user.id);
    assert.equal(rows.find((r) => r.email === unknown)?.user_id, null);

    const received = await deliver(2);
    const toUser = received.find((m) => m.to.includes(user.email));
    const toUnknown = received.find((m) => m.to.includes(unknown));
    assert.ok(toUser && toUnknown);
    const token = linkIn(toUser.parsed.text ?? '');
    assert.equal(toUnknown.parsed.text?.includes('/login/reset/'), false);
    assert.ok(toUnknown.parsed.text.includes('There is no active account with this address'));

    const everything = JSON.stringify(
      await Promise.all([
        db().selectFrom('password_resets').selectAll().execute(),
        db().selectFrom('mail_queue').selectAll().execute(),
        db().selectFrom('audit_log').selectAll().execute(),
      ]),
    );
    assert.equal(everything.includes(token), false, 'the link’s secret is stored nowhere');

    const outcomes = (await auditOf('user.password_reset_request'))
      .map((e) => JSON.parse(e.changes) as { email: string; outcome: string })
      .filter((c) => c.email === user.email || c.email === unknown)
      .map((c) => c.outcome)
      .sort();
    assert.deepEqual(outcomes, ['link_sent', 'no_active_account']);
  });

  test('a link resets once: sessions and tokens end, a lockout is cleared, the use is audited, a second use is refused', async () => {
    const user = await platform.user('contact', 'Eurojust');
    const session = await platform.login(user);
    for (let i = 0; i < 5; i += 1) await signIn(user.email, 'wrong password entirely');
    assert.equal((await signIn(user.email, user.password)).statusCode, 429);

    await askForReset(user.email);
    const [mail] = await deliver(1);
    const token = linkIn(mail?.parsed.text ?? '');

    const check = await platform.request({ url: `/api/password-resets/${token}` });
    assert.equal(check.statusCode, 200);
    const used = await platform.request({
      method: 'POST',
      url: `/api/password-resets/${token}`,
      body: { password: 'chosen after forgetting' },
    });
    assert.equal(used.statusCode, 204);

    assert.equal((await platform.request({ url: '/api/me', as: session })).statusCode, 401);
    assert.equal((await signIn(user.email, 'chosen after forgetting')).statusCode, 200);
    const [entry] = await auditOf('user.password_reset_by_link', user.id);
    assert.ok(entry);
    assert.equal(entry.target_type, 'user');
    const changes = JSON.parse(entry.changes) as Record<string, unknown>;
    assert.equal(changes.endedSessions, 1);
    assert.equal(changes.clearedFailures, 5);

    const again = await platform.request({
      method: 'POST',
      url: `/api/password-resets/${token}`,
      body: { password: 'someone else tries again' },
    });
    assert.equal(again.statusCode, 404);
    assert.equal(again.json<{ code: string }>().code, 'reset_link_invalid');
    assert.equal(
      (await platform.request({ url: `/api/password-resets/${token}` })).statusCode,
      404,
    );
    assert.equal((await signIn(user.email, 'someone else tries again')).statusCode, 401);
    assert.ok((await auditOf('user.password_reset_refused')).length >= 1);
    const [notice] = await deliver(1);
    assert.equal(notice?.parsed.subject, 'Your password was changed');
  });

  test('an expired link, an unknown one and a bad new password change nothing', async () => {
    const user = await platform.user('member', 'CEPOL');
    const hashBefore = await passwordHashOf(user.id);
    await askForReset(user.email);
    const [mail] = await deliver(1);
    const token = linkIn(mail?.parsed.text ?? '');

    const bad = await platform.request({
      method: 'POST',
      url: `/api/password-resets/${token}`,
      body: { password: 'short' },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(await passwordHashOf(user.id), hashBefore);
    assert.equal(
      (await platform.request({ url: `/api/password-resets/${token}` })).statusCode,
      200,
    );

    const unknown = await platform.request({
      method: 'POST',
      url: '/api/password-resets/not-a-link-we-sent',
      body: { password: 'a long enough password' },
    });
    assert.equal(unknown.statusCode, 404);

    await db()
      .updateTable('password_resets')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', user.id)
      .execute();
    const expired = await platform.request({
      method: 'POST',
      url: `/api/password-resets/${token}`,
      body: { password: 'a long enough password' },
    });
    assert.equal(expired.statusCode, 404);
    assert.equal(await passwordHashOf(user.id), hashBefore);
    assert.equal((await auditOf('user.password_reset_by_link', user.id)).length, 0);

    const requestsBefore = (await db().selectFrom('password_resets').select('id').execute()).length;
    for (const email of ['not an address', '']) {
      assert.equal((await askForReset(email)).statusCode, 400, email);
    }
    const requestsAfter = (await db().selectFrom('password_resets').select('id').execute()).length;
    assert.equal(requestsAfter, requestsBefore);
  });

  test('past three requests an hour for an address no more mail goes out, with the same answer', async () => {
    const user = await platform.user('member', 'FRA');
    for (let i = 0; i < 4; i += 1) {
      const answer = await askForReset(user.email);
      assert.equal(answer.statusCode, 202);
      assert.deepEqual(answer.json(), { message: ANSWER });
    }
    await deliver(3);
    const outcomes = (await auditOf('user.password_reset_request', user.id)).map(
      (e) => (JSON.parse(e.changes) as { outcome: string }).outcome,
    );
    assert.deepEqual(outcomes.sort(), ['link_sent', 'link_sent', 'link_sent', 'throttled']);
  });

  describe('pages', () => {
    async function anonymousForm(url: string, form: Record<string, string>) {
      const page = await platform.request({ url: '/login/forgot' });
      const csrf = cookieOf(page, 'jhanet_csrf') ?? '';
      return platform.request({
        url,
        headers: { cookie: `jhanet_csrf=${csrf}` },
        form: { ...form, _csrf: csrf },
      });
    }

    function post(as: Session, url: string, form: Record<string, string>) {
      return platform.request({ url, as, form: { ...form, _csrf: as.csrfToken } });
    }

    test('the forgotten-password page sends a link that opens a form, which sets the password once', async () => {
      const user = await platform.user('contact', 'Frontex');
      const signIn = await platform.request({ url: '/login' });
      assert.ok(signIn.body.includes('href="/login/forgot"'));
      const invalid = await anonymousForm('/login/forgot', { email: 'no at sign' });
      assert.equal(invalid.statusCode, 400);
      assert.ok(invalid.body.includes('Enter an e-mail address such as'));
      assert.equal(
        (await db().selectFrom('mail_queue').select('id').where('status', '=', 'pending').execute())
          .length,
        0,
      );

      const sent = await anonymousForm('/login/forgot', { email: user.email });
      assert.equal(sent.statusCode, 200);
      assert.ok(sent.body.includes('Check your e-mail'));
      const [mail] = await deliver(1);
      const token = linkIn(mail?.parsed.text ?? '');

      const form = await platform.request({ url: `/login/reset/${token}` });
      assert.equal(form.statusCode, 200);
      assert.equal(form.headers['cache-control'], 'no-store');
      assert.equal(form.headers['referrer-policy'], 'same-origin', 'the link stays on this host');
      const mismatch = await anonymousForm(`/login/reset/${token}`, {
        password: 'first version of it',
        confirmPassword: 'second version of it',
      });
      assert.equal(mismatch.statusCode, 400);
      assert.ok(mismatch.body.includes('The two new passwords are not the same.'));
      const done = await anonymousForm(`/login/reset/${token}`, {
        password: 'the one I will remember',
        confirmPassword: 'the one I will remember',
      });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/login?reset=1');
      const used = await platform.request({ url: `/login/reset/${token}` });
      assert.equal(used.statusCode, 404);
      assert.ok(used.body.includes('This link does not work'));
      assert.equal((await platform.request({ url: '/login?reset=1' })).statusCode, 200);
      const [entry] = await auditOf('user.password_reset_by_link', user.id);
      assert.ok(entry);
      await deliver(1);
    });

    test('the change page shows every error at once and changes the password', async () => {
      const user = await platform.user('member', 'eu-LISA');
      const session = await platform.login(user);
      const account = await platform.request({ url: '/account', as: session });
      assert.ok(account.body.includes('href="/account/password"'));
      assert.equal(
        (await platform.request({ url: '/account/password', as: session })).statusCode,
        200,
      );
      const errors = await post(session, '/account/password', {
        currentPassword: '',
        newPassword: 'short',
        confirmPassword: 'other',
      });
      assert.equal(errors.statusCode, 400);
      for (const field of ['currentPassword', 'newPassword', 'confirmPassword'])
        assert.ok(errors.body.includes(`href="#field-${field}"`), field);
      const done = await post(session, '/account/password', {
        currentPassword: user.password,
        newPassword: 'changed from the page',
        confirmPassword: 'changed from the page',
      });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/account/password?done=1');
      assert.equal((await signIn(user.email, 'changed from the page')).statusCode, 200);
      assert.equal((await auditOf('user.password_change', user.id)).length, 1);
      await deliver(1);
    });

    test('a signed-out visitor is sent to sign in from the change page', async () => {
      const page = await platform.request({ url: '/account/password' });
      assert.equal(page.statusCode, 303);
    });
  });
});
