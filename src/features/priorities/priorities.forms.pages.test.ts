import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { networkToday } from './priorities.dates.js';
import type { FrameworkView } from './priorities.service.js';

/** A hidden input of a page's form, its value as the browser sends it back. */
function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  assert.ok(match, `no hidden field ${name}`);
  return (match[1] ?? '')
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/** The links of a page's error summary, in order. */
function errorLinks(html: string): string[] {
  return [...html.matchAll(/<li><a class="ecl-link" href="#field-([\w-]+)">/g)].map(
    (m) => m[1] ?? '',
  );
}

/** A merge view's row for a field: its label, then what was saved meanwhile. */
function mergeRow(label: string): RegExp {
  return new RegExp(`<h2 class="jh-merge__label">${label}</h2>`);
}

function dayOffset(days: number): string {
  const [y, m, d] = networkToday().split('-').map(Number);
  return new Date(Date.UTC(y ?? 2026, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

describe('the forms of the priorities pages: every error at once, stale saves merged', () => {
  let platform: TestPlatform;
  let admin: Session;
  let otherAdmin: Session;
  let contact: Session;
  const path = '/priorities/2019/versions/1';

  async function stored(): Promise<FrameworkView> {
    return (await platform.request({ url: `/api${path}`, as: admin })).json<FrameworkView>();
  }

  async function post(url: string, form: Record<string, string>, as: Session = admin) {
    return platform.request({ url, as, form: { _csrf: as.csrfToken, ...form } });
  }

  async function page(url: string, as: Session = admin) {
    const response = await platform.request({ url, as });
    assert.equal(response.statusCode, 200, url);
    return response.body;
  }

  /** The newest audit entry of an action. */
  async function lastAudit(action: string) {
    const entries = await platform.services.audit.list({ action }, 1, 1);
    const entry = entries.items[0];
    assert.ok(entry, `no audit entry ${action}`);
    return {
      targetType: entry.target_type,
      targetId: entry.target_id,
      changes: JSON.parse(entry.changes) as Record<string, unknown>,
    };
  }

  async function frameworkId(): Promise<string> {
    const row = await platform.services.database.db
      .selectFrom('priority_frameworks')
      .select('id')
      .where('year', '=', 2019)
      .where('version', '=', 1)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    otherAdmin = await platform.session('admin', 'EUDA');
    contact = await platform.session('contact', 'Frontex');
    const created = await post('/priorities/new', { year: '2019', from: '2017/1' });
    assert.equal(created.statusCode, 303);
  });
  after(() => platform.close());

  test('a section saved empty shows both errors at once and stores nothing', async () => {
    const before = await stored();
    const form = await page(`${path}/sections/1.2/edit`);
    const sent = await post(`${path}/sections/1.2/edit`, {
      version: hiddenValue(form, 'version'),
      _base: hiddenValue(form, '_base'),
      title: ' ',
      objective: '',
    });
    assert.equal(sent.statusCode, 400);
    assert.deepEqual(errorLinks(sent.body), ['title', 'objective']);
    const after = await stored();
    assert.equal(after.rowVersion, before.rowVersion);
    assert.deepEqual(after.sections[1], before.sections[1]);
  });

  test('a new draft with a bad year and no version to start from shows both errors', async () => {
    const sent = await post('/priorities/new', { year: 'soon', from: 'none' });
    assert.equal(sent.statusCode, 400);
    assert.deepEqual(errorLinks(sent.body), ['year', 'from']);
    assert.match(sent.body, /Enter a year of four digits, such as 2018\./);
    assert.match(sent.body, /Choose the version to start from\./);
  });

  test('a stale section save keeps the other change in the field this user left alone', async () => {
    const url = `${path}/sections/1.2/edit`;
    const mine = await page(url, admin);
    const theirs = await page(url, otherAdmin);
    const original = (await stored()).sections.find((s) => s.number === '1.2');
    assert.ok(original);

    const first = await post(
      url,
      {
        version: hiddenValue(theirs, 'version'),
        _base: hiddenValue(theirs, '_base'),
        title: original.title,
        objective: 'An objective reworded by a colleague.',
      },
      otherAdmin,
    );
    assert.equal(first.statusCode, 303);

    // This user changed only the title, on the version the colleague has since replaced.
    const second = await post(url, {
      version: hiddenValue(mine, 'version'),
      _base: hiddenValue(mine, '_base'),
      title: 'Security of the external borders',
      objective: original.objective,
    });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /Someone else saved changes while you were editing/);
    assert.match(second.body, mergeRow('Headline objective'));
    assert.doesNotMatch(second.body, mergeRow('Title of the section'));
    assert.doesNotMatch(second.body, /name="_conflicts"/);
    assert.match(second.body, /name="title" [^>]*value="Security of the external borders"/);
    assert.match(second.body, />An objective reworded by a colleague\.<\/textarea>/);
    const current = await stored();
    assert.equal(hiddenValue(second.body, 'version'), String(current.rowVersion));
    assert.equal(current.sections.find((s) => s.number === '1.2')?.title, original.title);

    const saved = await post(url, {
      version: hiddenValue(second.body, 'version'),
      _base: hiddenValue(second.body, '_base'),
      title: 'Security of the external borders',
      objective: 'An objective reworded by a colleague.',
    });
    assert.equal(saved.statusCode, 303);
    const section = (await stored()).sections.find((s) => s.number === '1.2');
    assert.ok(section);
    assert.equal(section.title, 'Security of the external borders');
    assert.equal(section.objective, 'An objective reworded by a colleague.');
    const entry = await lastAudit('priorities.edit');
    assert.equal(entry.targetType, 'priorities');
    assert.equal(entry.targetId, await frameworkId());
    assert.equal(entry.changes.part, 'section');
    assert.equal(entry.changes.section, '1.2');
  });

  test('a stale line save where both changed the text asks which to keep, per field', async () => {
    const line = (await stored()).sections.find((s) => s.number === '1.1')?.lines[0];
    assert.ok(line);
    const url = `${path}/lines/${line.key}/edit`;
    const mine = await page(url, admin);
    const theirs = await page(url, otherAdmin);
    const first = await post(
      url,
      {
        version: hiddenValue(theirs, 'version'),
        _base: hiddenValue(theirs, '_base'),
        text: 'Their wording of the line.',
        section: '1.1',
      },
      otherAdmin,
    );
    assert.equal(first.statusCode, 303);

    const second = await post(url, {
      version: hiddenValue(mine, 'version'),
      _base: hiddenValue(mine, '_base'),
      text: 'My wording of the line.',
      section: '1.1',
    });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, mergeRow('Text of the line of action'));
    assert.doesNotMatch(second.body, mergeRow('Section'));
    assert.match(second.body, /<input type="hidden" name="_conflicts" value="text">/);
    assert.match(second.body, /Their wording of the line\./);
    const merged = {
      version: hiddenValue(second.body, 'version'),
      _base: hiddenValue(second.body, '_base'),
      _conflicts: 'text',
      text: 'My wording of the line.',
      section: '1.1',
    };
    const unchosen = await post(url, merged);
    assert.equal(unchosen.statusCode, 400);
    assert.match(unchosen.body, /Choose which “Text of the line of action” to keep/);
    assert.equal(
      (await stored()).sections.flatMap((s) => s.lines).find((l) => l.key === line.key)?.text,
      'Their wording of the line.',
    );

    const saved = await post(url, { ...merged, '_keep-text': 'mine' });
    assert.equal(saved.statusCode, 303);
    assert.equal(
      (await stored()).sections.flatMap((s) => s.lines).find((l) => l.key === line.key)?.text,
      'My wording of the line.',
    );
    const entry = await lastAudit('priorities.edit');
    assert.equal(entry.targetType, 'priorities');
    assert.equal(entry.targetId, await frameworkId());
    assert.equal(entry.changes.part, 'line_changed');
    assert.equal(entry.changes.line, line.key);
  });

  test('an answer with no line for a change and no text shows every error at once', async () => {
    const opening = await page(`${path}/consultation/open`);
    const opened = await post(`${path}/consultation/open`, {
      version: hiddenValue(opening, 'version'),
      deadline: dayOffset(7),
    });
    assert.equal(opened.statusCode, 303);
    const before = await platform.services.audit.list({ action: 'priority_answer.create' }, 1, 1);
    const sent = await post(
      `${path}/consultation/answers`,
      { section: '1.1', kind: 'change', lineKey: '', text: '' },
      contact,
    );
    assert.equal(sent.statusCode, 400);
    assert.deepEqual(errorLinks(sent.body).sort(), ['lineKey', 'text']);
    const after = await platform.services.audit.list({ action: 'priority_answer.create' }, 1, 1);
    assert.equal(after.total, before.total);
  });

  test('a stale answer keeps what was saved meanwhile where this user did not change it', async () => {
    const sent = await post(
      `${path}/consultation/answers`,
      { section: '1.1', kind: 'comment', lineKey: '', text: 'Frontex agrees.' },
      contact,
    );
    assert.equal(sent.statusCode, 303);
    const list = await page(`${path}/consultation`, contact);
    const link = /href="([^"]+\/answers\/[0-9a-f-]{36})\/edit"/.exec(list)?.[1];
    assert.ok(link);
    const mine = await page(`${link}/edit`, contact);
    const theirs = await page(`${link}/edit`, contact);
    const first = await post(
      `${link}/edit`,
      {
        version: hiddenValue(theirs, 'version'),
        _base: hiddenValue(theirs, '_base'),
        section: '1.1',
        kind: 'comment',
        lineKey: '',
        text: 'Frontex agrees, with a remark.',
      },
      contact,
    );
    assert.equal(first.statusCode, 303);
    const second = await post(
      `${link}/edit`,
      {
        version: hiddenValue(mine, 'version'),
        _base: hiddenValue(mine, '_base'),
        section: '1.2',
        kind: 'comment',
        lineKey: '',
        text: 'Frontex agrees.',
      },
      contact,
    );
    assert.equal(second.statusCode, 409);
    assert.match(second.body, mergeRow('Your answer'));
    assert.doesNotMatch(second.body, /name="_conflicts"/);
    assert.match(second.body, />Frontex agrees, with a remark\.<\/textarea>/);
    assert.match(second.body, /<option value="1\.2" selected>/);
    const saved = await post(
      `${link}/edit`,
      {
        version: hiddenValue(second.body, 'version'),
        _base: hiddenValue(second.body, '_base'),
        section: '1.2',
        kind: 'comment',
        lineKey: '',
        text: 'Frontex agrees, with a remark.',
      },
      contact,
    );
    assert.equal(saved.statusCode, 303);
    const entry = await lastAudit('priority_answer.update');
    assert.equal(entry.targetType, 'priority_answer');
    assert.equal(entry.targetId, link.split('/').at(-1));
  });
});
