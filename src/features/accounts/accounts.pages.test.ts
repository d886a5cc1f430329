import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import type { LightMyRequestResponse } from 'fastify';
import {
  testPlatform,
  type Session,
  type TestPlatform,
  type TestUser,
} from '../../../test/support/platform.js';
import { systemContext } from '../audit/audit.events.js';
import { LOCKOUT_THRESHOLD } from './login.js';

function cookieOf(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((c) => c.name === name)?.value;
}

/** The rows of the first table body on a page. */
function tableRows(html: string): string[] {
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return body.split('<tr class="ecl-table__row">').slice(1);
}

/** A hidden field of the form posting to an address, as the browser would send it back. */
function hiddenField(html: string, action: string, name: string): string {
  const form = html.split(`action="${action}"`)[1] ?? '';
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1];
  assert.ok(value !== undefined, `the form posting to ${action} has ${name}`);
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

function hiddenVersion(html: string, action: string): string {
  const form = html.split(`action="${action}"`)[1] ?? '';
  const version = /name="version" value="(\d+)"/.exec(form)?.[1];
  assert.ok(version, `the form posting to ${action} carries a version`);
  return version;
}

describe('account pages', () => {
  let platform: TestPlatform;
  let admin: Session;
  let member: Session;
  let contact: Session;

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    member = await platform.session('member', 'Europol');
    contact = await platform.session('contact', 'Frontex');
  });
  after(() => platform.close());

  /** Posts a page form as a signed-in user, with the session's CSRF token as a browser would. */
  function post(as: Session, url: string, form: Record<string, string> = {}) {
    return platform.request({ url, as, form: { ...form, _csrf: as.csrfToken } });
  }

  /** Opens the sign-in form and posts it, carrying the pre-session CSRF cookie. */
  async function signInWithForm(
    email: string,
    password: string,
    next?: string,
  ): Promise<LightMyRequestResponse> {
    const page = await platform.request({ url: '/login' });
    const csrf = cookieOf(page, 'jhanet_csrf');
    assert.ok(csrf);
    return platform.request({
      url: '/login',
      headers: { cookie: `jhanet_csrf=${csrf}` },
      form: { email, password, _csrf: csrf, ...(next !== undefined ? { next } : {}) },
    });
  }

  async function sessionCount(user: TestUser): Promise<number> {
    const row = await platform.services.database.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    return row.n;
  }

  async function userCount(): Promise<number> {
    const row = await platform.services.database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  describe('sign-in and sign-out', () => {
    test('the sign-in form renders and sets the pre-session CSRF cookie', async () => {
      const response = await platform.request({ url: '/login?next=%2Fusers' });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      const csrf = cookieOf(response, 'jhanet_csrf');
      assert.ok(csrf && csrf.length >= 40);
      assert.ok(response.body.includes(`name="_csrf" value="${csrf}"`));
      assert.ok(response.body.includes('<label class="ecl-form-label" for="field-email">'));
      assert.ok(response.body.includes('<label class="ecl-form-label" for="field-password">'));
      assert.ok(response.body.includes('name="next" value="/users"'));

      const signedOut = await platform.request({ url: '/login?signedOut=1' });
      assert.ok(signedOut.body.includes('You have been signed out.'));
      const expired = await platform.request({ url: '/login?expired=1' });
      assert.ok(expired.body.includes('Your session has ended.'));
    });

    test('signs in with the form and goes on to the page asked for', async () => {
      const user = await platform.user('member', 'Eurojust');
      const response = await signInWithForm(user.email, user.password, '/account?x=1');
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/account?x=1');
      const cookie = cookieOf(response, 'jhanet_session');
      assert.ok(cookie);
      const account = await platform.request({
        url: '/account',
        headers: { cookie: `jhanet_session=${cookie}` },
      });
      assert.equal(account.statusCode, 200);
      assert.ok(account.body.includes(user.email));
    });

    test('without a valid CSRF token the sign-in is refused and no session is made', async () => {
      const user = await platform.user('member', 'Eurojust');
      const page = await platform.request({ url: '/login' });
      const csrf = cookieOf(page, 'jhanet_csrf') ?? '';
      const attempts: { cookie?: string; form: Record<string, string> }[] = [
        { cookie: csrf, form: { email: user.email, password: user.password } },
        {
          cookie: csrf,
          form: { email: user.email, password: user.password, _csrf: 'x'.repeat(43) },
        },
        { form: { email: user.email, password: user.password, _csrf: csrf } },
      ];
      for (const attempt of attempts) {
        const response = await platform.request({
          url: '/login',
          form: attempt.form,
          headers: attempt.cookie ? { cookie: `jhanet_csrf=${attempt.cookie}` } : {},
        });
        assert.equal(response.statusCode, 403);
        assert.equal(cookieOf(response, 'jhanet_session'), undefined);
        assert.ok(response.body.includes('The form had expired. Please try again.'));
        assert.ok(response.body.includes(`value="${user.email}"`));
      }
      assert.equal(await sessionCount(user), 0);
    });

    /** Values of `next` that a browser would take to another site, or that are no path at all. */
    const nastyNext = [
      '//evil.example',
      '//evil.example/x',
      '///evil.example',
      '/\\evil.example',
      '/\\/evil.example',
      '\\\\evil.example',
      '/.//evil.example/x',
      '/..//evil.example/x',
      '/a/../..//evil.example/x',
      '/./\\evil.example',
      '/%2e//evil.example',
      '%2F%2Fevil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '\t//evil.example',
      ' //evil.example',
      'https:evil.example',
      'https://evil.example/',
      'http:/evil.example',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,x',
      'evil.example',
      '',
    ];

    test('never sends the browser to another site after sign-in', async () => {
      const user = await platform.user('observer', 'Eurojust');
      const origin = new URL(platform.config.publicUrl).origin;
      for (const next of nastyNext) {
        const form = await platform.request({ url: `/login?next=${encodeURIComponent(next)}` });
        const offered = /name="next" value="([^"]*)"/.exec(form.body)?.[1];
        assert.equal(offered, '/', `the form offers ${JSON.stringify(next)}`);
        const response = await signInWithForm(user.email, user.password, next);
        assert.equal(response.statusCode, 303, JSON.stringify(next));
        const location = String(response.headers.location);
        assert.equal(
          location,
          '/',
          `sign-in with next=${JSON.stringify(next)} went to ${location}`,
        );
        assert.equal(new URL(location, origin).origin, origin);
      }
    });

    test('after sign-in only the parsed path and query of this site are kept', async () => {
      const user = await platform.user('observer', 'Eurojust');
      for (const [next, expected] of [
        ['/agencies?q=a b#top', '/agencies?q=a%20b'],
        ['/a/./b/../c?x=1', '/a/c?x=1'],
        ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
        ['/\tdocuments', '/documents'],
      ] as const) {
        const response = await signInWithForm(user.email, user.password, next);
        assert.equal(response.headers.location, expected, JSON.stringify(next));
      }
    });

    test('a wrong password re-renders the form with 401; repeated failures pause sign-in', async () => {
      const user = await platform.user('member', 'CEPOL');
      const response = await signInWithForm(user.email, 'not-the-password');
      assert.equal(response.statusCode, 401);
      assert.ok(response.body.includes('The e-mail address or password is not correct.'));
      assert.ok(response.body.includes(`value="${user.email}"`));
      assert.equal(cookieOf(response, 'jhanet_session'), undefined);

      const empty = await signInWithForm('', '');
      assert.equal(empty.statusCode, 400);
      assert.ok(empty.body.includes('Enter your e-mail address.'));

      for (let i = 0; i < 4; i += 1) {
        assert.equal((await signInWithForm(user.email, 'still-wrong')).statusCode, 401);
      }
      const locked = await signInWithForm(user.email, user.password);
      assert.equal(locked.statusCode, 429);
      assert.ok(locked.body.includes('Sign-in for this account is paused until'));
      assert.ok(Number(locked.headers['retry-after']) > 0);
      assert.equal(await sessionCount(user), 0);
    });

    test('a signed-in user visiting the sign-in page goes to the home page', async () => {
      const response = await platform.request({ url: '/login', as: member });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/');
    });

    test('an anonymous visitor to a page is sent to sign in, and back afterwards', async () => {
      const response = await platform.request({ url: '/account' });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/login?next=%2Faccount');
    });

    test('signing out ends the session and is audited', async () => {
      const user = await platform.user('member', 'FRA');
      const session = await platform.login(user);
      const refused = await platform.request({ url: '/logout', as: session, form: {} });
      assert.equal(refused.statusCode, 403);
      assert.equal(await sessionCount(user), 1);

      const response = await post(session, '/logout');
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/login?signedOut=1');
      assert.equal(cookieOf(response, 'jhanet_session'), '');
      assert.equal(await sessionCount(user), 0);
      const logout = await platform.services.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('actor_user_id', '=', user.id)
        .where('action', '=', 'session.logout')
        .execute();
      assert.equal(logout.length, 1);

      const after = await platform.request({ url: '/account', as: session });
      assert.equal(after.statusCode, 303);
      assert.equal(after.headers.location, '/login?expired=1&next=%2Faccount');
    });
  });

  describe('my account', () => {
    test('shows my details and no one else', async () => {
      const response = await platform.request({ url: '/account', as: member });
      assert.equal(response.statusCode, 200);
      assert.ok(response.body.includes(member.user.email));
      assert.ok(response.body.includes('Europol'));
      assert.ok(response.body.includes('Agency member'));
      assert.ok(response.body.includes('You have no tokens.'));
      assert.ok(!response.body.includes(admin.user.email));
      assert.ok(!response.body.includes(contact.user.email));
    });

    test('creates a token shown once that works on the API, then revokes it', async () => {
      const session = await platform.session('contact', 'EUAA');
      const created = await post(session, '/account/tokens', {
        name: 'nightly report',
        expiresInDays: '30',
      });
      assert.equal(created.statusCode, 200);
      const token = /<code class="jh-secret">(jht_[^<]+)<\/code>/.exec(created.body)?.[1];
      assert.ok(token, 'the new token is shown');

      const me = await platform.request({
        url: '/api/me',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json<{ email: string }>().email, session.user.email);

      const account = await platform.request({ url: '/account', as: session });
      assert.ok(!account.body.includes(token), 'the token is never shown again');
      const rows = tableRows(account.body);
      assert.equal(rows.length, 1);
      assert.ok(rows[0]?.includes('nightly report'));
      const tokenId = /action="\/account\/tokens\/([^/"]+)\/revoke"/.exec(account.body)?.[1];
      assert.ok(tokenId);

      const othersRevoke = await post(member, `/account/tokens/${tokenId}/revoke`);
      assert.equal(othersRevoke.statusCode, 404);

      const revoked = await post(session, `/account/tokens/${tokenId}/revoke`);
      assert.equal(revoked.statusCode, 303);
      assert.equal(revoked.headers.location, '/account?done=revoked');
      const refused = await platform.request({
        url: '/api/me',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(refused.statusCode, 401);
      const afterRevoke = await platform.request({ url: '/account?done=revoked', as: session });
      assert.ok(afterRevoke.body.includes('The token has been revoked.'));
      assert.ok(!afterRevoke.body.includes('/revoke"'), 'a revoked token has no revoke button');
    });

    test('bad token input re-renders the form with 400 and stores nothing', async () => {
      const session = await platform.session('member', 'EIGE');
      for (const form of [
        { name: '', expiresInDays: '30' },
        { name: 'ok', expiresInDays: 'soon' },
        { name: 'ok', expiresInDays: '9999' },
      ]) {
        const response = await post(session, '/account/tokens', form);
        assert.equal(response.statusCode, 400, JSON.stringify(form));
        assert.ok(response.body.includes('Please correct the following errors:'));
      }
      const stored = await platform.services.database.db
        .selectFrom('api_tokens')
        .select('id')
        .where('user_id', '=', session.user.id)
        .execute();
      assert.equal(stored.length, 0);
    });

    test('changes my language, refusing a stale version', async () => {
      const session = await platform.session('observer', 'eu-LISA');
      const page = await platform.request({ url: '/account', as: session });
      const version = hiddenVersion(page.body, '/account/language');

      const saved = await post(session, '/account/language', { locale: 'en', version });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, '/account?done=saved');
      const me = await platform.request({ url: '/api/me', as: session });
      assert.equal(me.json<{ locale: string | null }>().locale, 'en');

      const stale = await post(session, '/account/language', { locale: '', version });
      assert.equal(stale.statusCode, 409);
      assert.ok(stale.body.includes('Someone else saved changes while you were editing'));
      assert.ok(stale.body.includes('<h2 class="jh-merge__label">Language</h2>'));
      assert.equal(hiddenVersion(stale.body, '/account/language'), String(Number(version) + 1));

      const bad = await post(session, '/account/language', {
        locale: 'xx',
        version: String(Number(version) + 1),
      });
      assert.equal(bad.statusCode, 400);
      const unchanged = await platform.request({ url: '/api/me', as: session });
      assert.equal(unchanged.json<{ locale: string | null }>().locale, 'en');
    });
  });

  describe('users administration', () => {
    test('lists, filters, sorts and paginates accounts', async () => {
      const frontex = await platform.services.network.get('Frontex');
      const before = await platform.services.database.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organisation_id', '=', frontex.id)
        .executeTakeFirstOrThrow();
      for (let i = 0; i < 27; i += 1) {
        await platform.services.users.create(systemContext, {
          email: `listed${String(i).padStart(2, '0')}@frontex.example.eu`,
          name: `Listed ${String(i).padStart(2, '0')}`,
          organisationId: frontex.id,
          role: 'observer',
          password: 'a-long-enough-password',
        });
      }

      const all = await platform.request({ url: '/users', as: admin });
      assert.equal(all.statusCode, 200);
      assert.equal(tableRows(all.body).length, 25);
      assert.ok(all.body.includes('href="/users/new"'));
      assert.ok(all.body.includes('<caption class="ecl-u-sr-only">User accounts</caption>'));

      const filtered = await platform.request({
        url: `/users?q=listed&role=observer&organisationId=${frontex.id}&sort=email&direction=desc`,
        as: admin,
      });
      assert.equal(filtered.statusCode, 200);
      assert.ok(filtered.body.includes('Results: 27'));
      const firstPage = tableRows(filtered.body);
      assert.equal(firstPage.length, 25);
      assert.ok(firstPage[0]?.includes('listed26@frontex.example.eu'));
      assert.ok(firstPage[24]?.includes('listed02@frontex.example.eu'));
      assert.ok(filtered.body.includes('aria-sort="descending"'));
      assert.ok(filtered.body.includes('Page 1 of 2'));
      const nextLink = /href="(\/users\?[^"]*page=2[^"]*)"/.exec(filtered.body)?.[1];
      assert.ok(nextLink);
      const secondPage = await platform.request({
        url: nextLink.replace(/&amp;/g, '&'),
        as: admin,
      });
      const rest = tableRows(secondPage.body);
      assert.equal(rest.length, 2);
      assert.ok(rest[1]?.includes('listed00@frontex.example.eu'));

      const byOrganisation = await platform.request({
        url: `/users?organisationId=${frontex.id}`,
        as: admin,
      });
      assert.ok(byOrganisation.body.includes(`Results: ${before.n + 27}`));

      const badRole = await platform.request({ url: '/users?role=emperor', as: admin });
      assert.equal(badRole.statusCode, 400);
      assert.ok(badRole.body.includes('Choose a role from the list.'));
    });

    test('creates an account; bad input answers 400 and stores nothing', async () => {
      const form = await platform.request({ url: '/users/new', as: admin });
      assert.equal(form.statusCode, 200);
      assert.ok(form.body.includes('action="/users"'));
      // The agency is picked from a list that works without scripts: one radio per choice,
      // member agencies grouped first, a search box added by the script.
      const eurojustChoice = await platform.services.network.get('Eurojust');
      assert.ok(
        form.body.includes(
          `name="organisationId" class="ecl-radio__input" type="radio" value="${eurojustChoice.id}"`,
        ),
      );
      assert.ok(form.body.includes('Member agencies'));
      assert.ok(form.body.includes('data-picker'));

      const count = await userCount();
      const bad = await post(admin, '/users', {
        email: 'not-an-address',
        name: '',
        organisationId: '',
        role: 'member',
        password: 'short',
      });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.body.includes('Enter a valid e-mail address.'));
      assert.ok(bad.body.includes('Choose an agency or body of the network.'));
      assert.ok(bad.body.includes('href="#field-name"'));
      assert.ok(bad.body.includes('value="not-an-address"'));
      assert.ok(!bad.body.includes('value="short"'), 'a password is never written back');
      for (const field of ['email', 'name', 'organisationId', 'password'])
        assert.ok(bad.body.includes(`href="#field-${field}"`), field);
      assert.equal(await userCount(), count);

      const eurojust = await platform.services.network.get('Eurojust');
      const generated = await post(admin, '/users', {
        email: 'new.colleague@eurojust.example.eu',
        name: 'New Colleague',
        organisationId: eurojust.id,
        role: 'contact',
        password: '',
      });
      assert.equal(generated.statusCode, 200);
      const password = /<code class="jh-secret">([^<]+)<\/code>/.exec(generated.body)?.[1];
      assert.ok(password, 'the generated password is shown once');
      const signIn = await platform.request({
        method: 'POST',
        url: '/api/session',
        body: { email: 'new.colleague@eurojust.example.eu', password },
      });
      assert.equal(signIn.statusCode, 200);

      const chosen = await post(admin, '/users', {
        email: 'chosen@eurojust.example.eu',
        name: 'Chosen Password',
        organisationId: eurojust.id,
        role: 'member',
        password: 'a-chosen-long-password',
      });
      assert.equal(chosen.statusCode, 303);
      assert.match(String(chosen.headers.location), /^\/users\/[\w-]+\?done=created$/);
      const shown = await platform.request({ url: String(chosen.headers.location), as: admin });
      assert.ok(shown.body.includes('The account has been created.'));
      assert.ok(!shown.body.includes('a-chosen-long-password'));
      const createdId = /^\/users\/([\w-]+)\?/.exec(String(chosen.headers.location))?.[1];
      const audited = await platform.services.audit.list(
        { action: 'user.create', targetId: createdId },
        1,
        5,
      );
      assert.equal(audited.total, 1);
      assert.equal(audited.items[0]?.actor_email, admin.user.email);

      const duplicate = await post(admin, '/users', {
        email: 'CHOSEN@eurojust.example.eu',
        name: 'Again',
        organisationId: eurojust.id,
        role: 'member',
      });
      assert.equal(duplicate.statusCode, 400);
      assert.ok(duplicate.body.includes('An account with this e-mail address exists already.'));
    });

    test('a stale edit keeps the other change; a field both changed is chosen by its label', async () => {
      const target = await platform.user('member', 'EUAA');
      const page = await platform.request({ url: `/users/${target.id}`, as: admin });
      assert.equal(page.statusCode, 200);
      const action = `/users/${target.id}`;
      const version = hiddenVersion(page.body, action);
      const opened = hiddenField(page.body, action, '_base');
      const euaa = await platform.services.network.get('EUAA');
      const otherAdmin = await platform.session('admin', 'FRA');
      const { name } = JSON.parse(opened) as { name: string };
      const edit = (as: Session, changes: Record<string, string>) =>
        post(as, action, {
          email: target.email,
          name,
          organisationId: euaa.id,
          role: 'member',
          version,
          _base: opened,
          ...changes,
        });

      const first = await edit(otherAdmin, { name: 'First Name' });
      assert.equal(first.statusCode, 303);
      assert.equal(first.headers.location, `/users/${target.id}?done=saved`);

      // This administrator changed only the role: the new name stays, shown by its label.
      const stale = await edit(admin, { role: 'contact' });
      assert.equal(stale.statusCode, 409);
      assert.ok(stale.body.includes('Someone else saved changes while you were editing'));
      assert.ok(stale.body.includes('<h2 class="jh-merge__label">Name</h2>'));
      assert.ok(stale.body.includes('You did not change this field'));
      assert.ok(stale.body.includes('value="First Name"'), 'the other change is kept');
      assert.ok(stale.body.includes('<option value="contact" selected>'), 'mine is kept');
      assert.ok(!stale.body.includes('name="_conflicts"'), 'nothing to choose');
      const current = hiddenVersion(stale.body, action);
      assert.equal(current, String(Number(version) + 1));
      const merged = await post(admin, action, {
        email: target.email,
        name: 'First Name',
        organisationId: euaa.id,
        role: 'contact',
        version: current,
        _base: hiddenField(stale.body, action, '_base'),
      });
      assert.equal(merged.statusCode, 303);
      const both = await platform.services.users.getById(target.id);
      assert.equal(both.name, 'First Name');
      assert.equal(both.role, 'contact');

      // Both changed the name: nothing is saved until this administrator chooses.
      const clash = await edit(admin, { name: 'Second Name', role: 'contact' });
      assert.equal(clash.statusCode, 409);
      assert.ok(clash.body.includes('<input type="hidden" name="_conflicts" value="name">'));
      assert.ok(clash.body.includes('Which “Name” to keep'));
      assert.equal((await platform.services.users.getById(target.id)).name, 'First Name');
      const settled = {
        email: target.email,
        name: 'Second Name',
        organisationId: euaa.id,
        role: 'contact',
        version: hiddenVersion(clash.body, action),
        _base: hiddenField(clash.body, action, '_base'),
        _conflicts: 'name',
      };
      const unchosen = await post(admin, action, settled);
      assert.equal(unchosen.statusCode, 400);
      assert.ok(unchosen.body.includes('Choose which “Name” to keep'));
      const kept = await post(admin, action, { ...settled, '_keep-name': 'theirs' });
      assert.equal(kept.statusCode, 303);
      const stored = await platform.services.users.getById(target.id);
      assert.equal(stored.name, 'First Name');
      const [entry] = (
        await platform.services.audit.list({ action: 'user.update', targetId: target.id }, 1, 5)
      ).items;
      assert.equal(entry?.actor_email, admin.user.email);

      const invalid = await post(admin, `/users/${target.id}`, {
        email: 'broken',
        name: 'Third',
        organisationId: euaa.id,
        role: 'member',
        version: String(stored.version),
      });
      assert.equal(invalid.statusCode, 400);
      assert.ok(invalid.body.includes('Enter a valid e-mail address.'));
      assert.equal((await platform.services.users.getById(target.id)).name, 'First Name');
    });

    test('disabling an account ends its sessions at once; enabling lets it sign in again', async () => {
      const target = await platform.session('member', 'CEPOL');
      assert.equal((await platform.request({ url: '/account', as: target })).statusCode, 200);

      const confirm = await platform.request({
        url: `/users/${target.user.id}/disable`,
        as: admin,
      });
      assert.equal(confirm.statusCode, 200);
      assert.ok(confirm.body.includes('Disabling this account ends all its sessions'));
      const version = hiddenVersion(confirm.body, `/users/${target.user.id}/disable`);

      const disabled = await post(admin, `/users/${target.user.id}/disable`, { version });
      assert.equal(disabled.statusCode, 303);
      assert.equal(disabled.headers.location, `/users/${target.user.id}?done=disabled`);
      const signedOut = await platform.request({ url: '/account', as: target });
      assert.equal(signedOut.statusCode, 303);
      assert.equal(await sessionCount(target.user), 0);
      const refused = await signInWithForm(target.user.email, target.user.password);
      assert.equal(refused.statusCode, 401);

      const page = await platform.request({
        url: `/users/${target.user.id}?done=disabled`,
        as: admin,
      });
      assert.ok(page.body.includes('The account has been disabled'));
      const stale = await post(admin, `/users/${target.user.id}/enable`, { version });
      assert.equal(stale.statusCode, 409);
      const current = hiddenVersion(page.body, `/users/${target.user.id}/enable`);
      const enabled = await post(admin, `/users/${target.user.id}/enable`, { version: current });
      assert.equal(enabled.statusCode, 303);
      const again = await signInWithForm(target.user.email, target.user.password);
      assert.equal(again.statusCode, 303);
    });

    test('a paused account shows when its sign-in resumes, and an administrator allows it again', async () => {
      const user = await platform.user('member', 'EIGE');
      for (let i = 0; i < LOCKOUT_THRESHOLD; i += 1) {
        assert.equal((await signInWithForm(user.email, 'not-it')).statusCode, 401);
      }
      assert.equal((await signInWithForm(user.email, user.password)).statusCode, 429);
      const shown = await platform.request({ url: `/users/${user.id}`, as: admin });
      assert.ok(shown.body.includes('Locked until'));
      assert.ok(shown.body.includes(`action="/users/${user.id}/unlock"`));

      const unlocked = await post(admin, `/users/${user.id}/unlock`);
      assert.equal(unlocked.statusCode, 303);
      assert.equal(unlocked.headers.location, `/users/${user.id}?done=unlocked`);
      const entries = await platform.services.audit.list({ action: 'user.unlock' }, 1, 1);
      assert.equal(entries.items[0]?.target_id, user.id);
      assert.equal(entries.items[0].actor_user_id, admin.user.id);
      const after = await platform.request({ url: `/users/${user.id}?done=unlocked`, as: admin });
      assert.ok(after.body.includes('Sign-in to this account is allowed again.'));
      assert.equal(after.body.includes(`action="/users/${user.id}/unlock"`), false);
      assert.equal((await signInWithForm(user.email, user.password)).statusCode, 303);

      const again = await post(admin, `/users/${user.id}/unlock`);
      assert.equal(again.headers.location, `/users/${user.id}`);
      assert.equal(
        (await platform.services.audit.list({ action: 'user.unlock', targetId: user.id }, 1, 1))
          .total,
        1,
      );
      assert.equal((await post(member, `/users/${user.id}/unlock`)).statusCode, 404);
    });

    test('an administrator cannot disable their own account', async () => {
      const confirm = await platform.request({ url: `/users/${admin.user.id}/disable`, as: admin });
      assert.equal(confirm.statusCode, 200);
      assert.ok(confirm.body.includes('You cannot disable your own account.'));
      assert.ok(!confirm.body.includes(`action="/users/${admin.user.id}/disable"`));
      const self = await platform.services.users.getById(admin.user.id);
      const refused = await post(admin, `/users/${admin.user.id}/disable`, {
        version: String(self.version),
      });
      assert.equal(refused.statusCode, 409);
      assert.equal((await platform.request({ url: '/account', as: admin })).statusCode, 200);
    });

    test('sets a new password, generated when none is given, ending the sessions', async () => {
      const target = await platform.session('observer', 'EIGE');
      const short = await post(admin, `/users/${target.user.id}/password`, { password: 'short' });
      assert.equal(short.statusCode, 400);
      assert.ok(short.body.includes('Choose a password of'));
      assert.equal(await sessionCount(target.user), 1);

      const reset = await post(admin, `/users/${target.user.id}/password`, { password: '' });
      assert.equal(reset.statusCode, 200);
      const password = /<code class="jh-secret">([^<]+)<\/code>/.exec(reset.body)?.[1];
      assert.ok(password);
      assert.equal(await sessionCount(target.user), 0);
      const signIn = await signInWithForm(target.user.email, password);
      assert.equal(signIn.statusCode, 303);
    });

    test('members and contact points get 404 on every users page, and see no one else', async () => {
      const eurojust = await platform.services.network.get('Eurojust');
      for (const session of [member, contact]) {
        const targets = [admin.user.id, session.user.id, 'no-such-user'];
        const gets = ['/users', '/users/new', '/users?q=admin'];
        for (const id of targets) gets.push(`/users/${id}`, `/users/${id}/disable`);
        for (const url of gets) {
          const response = await platform.request({ url, as: session });
          assert.equal(response.statusCode, 404, url);
          assert.ok(!response.body.includes(admin.user.email), url);
        }
        const email = `intruder.${session.user.role}@eurojust.example.eu`;
        const posts: [string, Record<string, string>][] = [
          ['/users', { email, name: 'x', organisationId: eurojust.id, role: 'admin' }],
        ];
        for (const id of targets) {
          posts.push(
            [
              `/users/${id}`,
              { email, name: 'x', organisationId: eurojust.id, role: 'admin', version: '1' },
            ],
            [`/users/${id}/disable`, { version: '1' }],
            [`/users/${id}/enable`, { version: '1' }],
            [`/users/${id}/password`, { password: 'a-long-enough-password' }],
          );
        }
        for (const [url, form] of posts) {
          const response = await post(session, url, form);
          assert.equal(response.statusCode, 404, url);
        }
        assert.equal(await platform.services.users.idByEmail(email), null);
        const self = await platform.services.users.getById(session.user.id);
        assert.equal(self.role, session.user.role);
        assert.equal(await sessionCount(session.user), 1);
        const adminNow = await platform.services.users.getById(admin.user.id);
        assert.equal(adminNow.disabled, false);
      }
    });

    test('shows names exactly as typed, escaped', async () => {
      const eige = await platform.services.network.get('EIGE');
      const created = await platform.services.users.create(systemContext, {
        email: 'escaped@eige.example.eu',
        name: '<script>x</script>',
        organisationId: eige.id,
        role: 'member',
        password: 'a-long-enough-password',
      });
      for (const url of ['/users?q=escaped', `/users/${created.user.id}`]) {
        const response = await platform.request({ url, as: admin });
        assert.equal(response.statusCode, 200, url);
        assert.ok(response.body.includes('&lt;script&gt;x&lt;/script&gt;'), url);
        assert.ok(!response.body.includes('<script>x</script>'), url);
      }
    });
  });
});
