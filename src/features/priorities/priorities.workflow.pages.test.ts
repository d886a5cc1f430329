import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { networkToday } from './priorities.dates.js';
import type { FrameworkView } from './priorities.service.js';

function dayOffset(days: number): string {
  const [y, m, d] = networkToday().split('-').map(Number);
  return new Date(Date.UTC(y ?? 2026, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/** The value of a hidden or text input in a page's form. */
function inputValue(html: string, name: string): string {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no input ${name}`);
  return match[1];
}

describe('pages of the priorities workflow', () => {
  let platform: TestPlatform;
  let admin: Session;
  let contact: Session;
  let member: Session;
  let observer: Session;
  const path = '/priorities/2019/versions/1';

  async function stored(): Promise<FrameworkView> {
    return (await platform.request({ url: `/api${path}`, as: admin })).json<FrameworkView>();
  }

  async function post(url: string, form: Record<string, string>, as: Session = admin) {
    return platform.request({ url, as, form: { _csrf: as.csrfToken, ...form } });
  }

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    contact = await platform.session('contact', 'Frontex');
    member = await platform.session('member', 'Europol');
    observer = await platform.session('observer', 'DG HOME');
  });
  after(() => platform.close());

  test('the secretariat starts a draft from a form; bad input comes back on it', async () => {
    const list = await platform.request({ url: '/priorities', as: admin });
    assert.match(list.body, /href="\/priorities\/new"/);
    const forMember = await platform.request({ url: '/priorities', as: member });
    assert.doesNotMatch(forMember.body, /href="\/priorities\/new"/);

    const form = await platform.request({ url: '/priorities/new', as: admin });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<option value="2017\/1" selected/);
    const bad = await post('/priorities/new', { year: 'next', from: '2017/1' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter a year of four digits/);
    assert.match(bad.body, /value="next"/);
    const created = await post('/priorities/new', { year: '2019', from: '2017/1' });
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, `${path}/edit?saved=1`);
    const twice = await post('/priorities/new', { year: '2019', from: '2017/1' });
    assert.equal(twice.statusCode, 409);
    assert.match(twice.body, /still being worked on/);
  });

  test('other roles cannot reach the drafting pages', async () => {
    for (const session of [contact, member, observer]) {
      for (const url of [
        '/priorities/new',
        `${path}/edit`,
        `${path}/sections/1.1/edit`,
        `${path}/delete`,
      ]) {
        const response = await platform.request({ url, as: session });
        assert.equal(response.statusCode, 404, `${session.user.role} ${url}`);
      }
      const posted = await post(`${path}/edit`, { version: '1', title: 'Taken over' }, session);
      assert.equal(posted.statusCode, 404);
    }
    assert.equal((await stored()).rowVersion, 1);
  });

  test('the title and principles are edited; a stale form answers 409 with what is stored', async () => {
    const page = await platform.request({ url: `${path}/edit`, as: admin });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Your changes have been saved|Edit version 1 of the 2019 priorities/);
    const version = inputValue(page.body, 'version');
    const form = {
      version,
      title: 'Priorities of the network in 2019',
      introduction: 'One.\r\n\r\nTwo.',
      principleKey0: 'fundamental-rights',
      principleTitle0: 'Fundamental rights',
      principleText0: 'Respected.',
      principleTitle1: '',
      principleText1: '',
    };
    const empty = await post(`${path}/edit`, { ...form, title: ' ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#field-title"/);
    const saved = await post(`${path}/edit`, form);
    assert.equal(saved.statusCode, 303, saved.body);
    const after = await stored();
    assert.equal(after.title, 'Priorities of the network in 2019');
    assert.deepEqual(after.introduction, ['One.', 'Two.']);
    assert.deepEqual(
      after.principles.map((p) => p.key),
      ['fundamental-rights'],
    );
    const stale = await post(`${path}/edit`, { ...form, title: 'Someone else' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else saved changes while you were editing/);
    assert.match(stale.body, /Priorities of the network in 2019/);
    assert.equal(inputValue(stale.body, 'version'), String(after.rowVersion));
    assert.equal((await stored()).title, 'Priorities of the network in 2019');
  });

  test('lines are added, reworded, moved and removed from the section page', async () => {
    const sectionUrl = `${path}/sections/1.3/edit`;
    const page = await platform.request({ url: sectionUrl, as: admin });
    assert.equal(page.statusCode, 200);
    const version = () => stored().then((f) => String(f.rowVersion));

    const empty = await post(`${path}/sections/1.3/lines`, { version: await version(), text: '' });
    assert.equal(empty.statusCode, 400);
    const added = await post(`${path}/sections/1.3/lines`, {
      version: await version(),
      text: 'Share tools against online hate.',
    });
    assert.equal(added.statusCode, 303);
    let section = (await stored()).sections.find((s) => s.number === '1.3');
    const line = section?.lines.at(-1);
    assert.equal(line?.text, 'Share tools against online hate.');
    assert.ok(line);

    const moved = await post(`${path}/lines/${line.key}/move`, {
      version: await version(),
      position: '1',
    });
    assert.equal(moved.statusCode, 303);
    section = (await stored()).sections.find((s) => s.number === '1.3');
    assert.equal(section?.lines[0]?.key, line.key);

    const editPage = await platform.request({ url: `${path}/lines/${line.key}/edit`, as: admin });
    assert.equal(editPage.statusCode, 200);
    const reworded = await post(`${path}/lines/${line.key}/edit`, {
      version: await version(),
      text: 'Share tools against online hate speech.',
      section: '2.1',
    });
    assert.equal(reworded.statusCode, 303);
    assert.match(String(reworded.headers.location), /sections\/2\.1\/edit/);
    const inOther = (await stored()).sections.find((s) => s.number === '2.1')?.lines.at(-1);
    assert.equal(inOther?.text, 'Share tools against online hate speech.');

    const stale = await post(`${path}/lines/${line.key}/edit`, {
      version: '1',
      text: 'Old',
      section: '2.1',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Share tools against online hate speech\./);

    const confirm = await platform.request({ url: `${path}/lines/${line.key}/remove`, as: admin });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Remove line \d+ of section 2\.1\?/);
    const removed = await post(`${path}/lines/${line.key}/remove`, { version: await version() });
    assert.equal(removed.statusCode, 303);
    assert.equal(
      (await stored()).sections.flatMap((s) => s.lines).some((l) => l.key === line.key),
      false,
    );
  });

  test('the comparison page marks the words changed', async () => {
    const key = (await stored()).sections[0]?.lines[0]?.key ?? '';
    await post(`${path}/lines/${key}/edit`, {
      version: String((await stored()).rowVersion),
      text: 'Increase the ability of the agencies to respond quickly.',
      section: '1.1',
    });
    const page = await platform.request({
      url: '/priorities/compare?from=2017/1&to=2019/1',
      as: admin,
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<del class="jh-diff-delete">/);
    assert.match(page.body, /<ins class="jh-diff-insert">/);
    assert.match(page.body, /Lines unchanged: \d+; changed: 1;/);
    const form = await platform.request({ url: '/priorities/compare', as: member });
    assert.equal(form.statusCode, 200);
    assert.doesNotMatch(form.body, /2019/);
    const hidden = await platform.request({
      url: '/priorities/compare?from=2017/1&to=2019/1',
      as: member,
    });
    assert.equal(hidden.statusCode, 404);
    const bad = await platform.request({
      url: '/priorities/compare?from=2017&to=2019/1',
      as: admin,
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#field-from"/);
  });

  test('the consultation opens with a deadline; contact points answer on the page', async () => {
    const form = await platform.request({ url: `${path}/consultation/open`, as: admin });
    assert.equal(form.statusCode, 200);
    const version = inputValue(form.body, 'version');
    const past = await post(`${path}/consultation/open`, { version, deadline: dayOffset(-2) });
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /cannot be in the past/);
    const opened = await post(`${path}/consultation/open`, { version, deadline: dayOffset(7) });
    assert.equal(opened.statusCode, 303);
    assert.equal((await stored()).status, 'consultation');

    const page = await platform.request({ url: `${path}/consultation`, as: contact });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Answer for Frontex/);
    const bad = await post(
      `${path}/consultation/answers`,
      { section: '1.1', kind: 'change', lineKey: '', text: 'x' },
      contact,
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#field-lineKey"/);
    const sent = await post(
      `${path}/consultation/answers`,
      { section: '1.2', kind: 'comment', lineKey: '', text: 'Frontex supports this section.' },
      contact,
    );
    assert.equal(sent.statusCode, 303);
    const after = await platform.request({ url: `${path}/consultation?saved=1`, as: contact });
    assert.match(after.body, /Frontex supports this section\./);
    const editLink = /href="([^"]+\/answers\/[0-9a-f-]{36})\/edit"/.exec(after.body)?.[1];
    assert.ok(editLink);

    const editPage = await platform.request({ url: `${editLink}/edit`, as: contact });
    assert.equal(editPage.statusCode, 200);
    const changed = await post(
      `${editLink}/edit`,
      {
        version: inputValue(editPage.body, 'version'),
        section: '1.2',
        kind: 'comment',
        lineKey: '',
        text: 'Frontex fully supports this section.',
      },
      contact,
    );
    assert.equal(changed.statusCode, 303);
    const staleEdit = await post(
      `${editLink}/edit`,
      { version: '1', section: '1.2', kind: 'comment', lineKey: '', text: 'Old' },
      contact,
    );
    assert.equal(staleEdit.statusCode, 409);
    assert.match(staleEdit.body, /Frontex fully supports this section\./);

    const adminPage = await platform.request({ url: `${path}/consultation`, as: admin });
    assert.equal(adminPage.statusCode, 200);
    assert.match(
      adminPage.body,
      /Not answered yet: CEPOL, EIGE, eu-LISA, EUAA, EUDA, Eurojust, Europol, FRA\./,
    );
    assert.match(adminPage.body, /Frontex fully supports this section\./);
    assert.doesNotMatch(adminPage.body, /Answer for/);

    for (const session of [member, observer]) {
      const refused = await platform.request({ url: `${path}/consultation`, as: session });
      assert.equal(refused.statusCode, 404);
    }

    const withdrawPage = await platform.request({ url: `${editLink}/withdraw`, as: contact });
    assert.equal(withdrawPage.statusCode, 200);
    const withdrawn = await post(
      `${editLink}/withdraw`,
      { version: inputValue(withdrawPage.body, 'version') },
      contact,
    );
    assert.equal(withdrawn.statusCode, 303);
    const empty = await platform.request({ url: `${path}/consultation?withdrawn=1`, as: contact });
    assert.doesNotMatch(empty.body, /Frontex fully supports/);
    assert.match(empty.body, /The answer has been withdrawn/);
  });

  test('after the deadline the answer form is gone and changes are refused on a page', async () => {
    await post(
      `${path}/consultation/answers`,
      { section: '1.1', kind: 'new_line', lineKey: '', text: 'A line on returns.' },
      contact,
    );
    const page = await platform.request({ url: `${path}/consultation`, as: contact });
    const editLink = /href="([^"]+\/answers\/[0-9a-f-]{36})\/edit"/.exec(page.body)?.[1];
    assert.ok(editLink);
    await platform.services.database.db
      .updateTable('priority_frameworks')
      .set({ consultation_deadline: dayOffset(-1) })
      .where('year', '=', 2019)
      .execute();
    const closed = await platform.request({ url: `${path}/consultation`, as: contact });
    assert.doesNotMatch(closed.body, /Answer for Frontex/);
    assert.match(closed.body, /The consultation closed at the end of/);
    const late = await post(
      `${path}/consultation/answers`,
      { section: '1.1', kind: 'comment', lineKey: '', text: 'Late' },
      contact,
    );
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /answers can no longer be added, changed or withdrawn/);
    const lateEdit = await platform.request({ url: `${editLink}/edit`, as: contact });
    assert.equal(lateEdit.statusCode, 409);
  });

  test('recording agreement freezes the version; its edit pages then say why not', async () => {
    const form = await platform.request({ url: `${path}/agreement`, as: admin });
    assert.equal(form.statusCode, 200);
    const version = inputValue(form.body, 'version');
    const empty = await post(`${path}/agreement`, {
      version,
      agreedOn: dayOffset(0),
      agreedAt: '',
    });
    assert.equal(empty.statusCode, 400);
    const agreed = await post(`${path}/agreement`, {
      version,
      agreedOn: dayOffset(0),
      agreedAt: '1st JHA network meeting',
    });
    assert.equal(agreed.statusCode, 303);
    const view = await platform.request({ url: path, as: observer });
    assert.equal(view.statusCode, 200);
    assert.match(view.body, /at the 1st JHA network meeting/);
    const frozen = await platform.request({ url: `${path}/edit`, as: admin });
    assert.equal(frozen.statusCode, 409);
    assert.match(frozen.body, /can no longer be changed/);
    assert.match(frozen.body, /start a new version/);
  });

  test('a draft is deleted after confirmation', async () => {
    const created = await post('/priorities/new', { year: '2019', from: '2019/1' });
    assert.equal(created.headers.location, '/priorities/2019/versions/2/edit?saved=1');
    const confirm = await platform.request({
      url: '/priorities/2019/versions/2/delete',
      as: admin,
    });
    assert.equal(confirm.statusCode, 200);
    const stale = await post('/priorities/2019/versions/2/delete', { version: '9' });
    assert.equal(stale.statusCode, 409);
    const deleted = await post('/priorities/2019/versions/2/delete', {
      version: inputValue(confirm.body, 'version'),
    });
    assert.equal(deleted.statusCode, 303);
    assert.equal(deleted.headers.location, '/priorities?deleted=1');
    assert.equal(
      (await platform.request({ url: '/priorities/2019/versions/2', as: admin })).statusCode,
      404,
    );
  });
});
