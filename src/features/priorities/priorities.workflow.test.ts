import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { Comparison } from './priorities.compare.js';
import type { AnswerView, ConsultationView } from './priorities.consultation.js';
import { networkToday } from './priorities.dates.js';
import type { FrameworkView } from './priorities.service.js';

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

function dayOffset(days: number): string {
  const [y, m, d] = networkToday().split('-').map(Number);
  return new Date(Date.UTC(y ?? 2026, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

describe('setting the priorities of a year: drafting, consultation, agreement, comparison', () => {
  let platform: TestPlatform;
  let admin: Session;
  let frontex: Session;
  let europol: Session;
  let member: Session;
  let observer: Session;
  const base = '/api/priorities/2018/versions/1';

  async function framework(url = base, as: Session = admin) {
    const response = await platform.request({ url, as });
    assert.equal(response.statusCode, 200, response.body);
    return { body: response.json<FrameworkView>(), etag: String(response.headers.etag) };
  }

  /** A change of the 2018 draft based on the version just read. */
  async function change(
    method: 'PATCH' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    as: Session = admin,
  ) {
    const { etag } = await framework();
    return platform.request({
      method,
      url: `${base}${path}`,
      as,
      body,
      headers: { 'if-match': etag },
    });
  }

  const auditCount = async (
    action: Parameters<TestPlatform['services']['audit']['list']>[0]['action'],
  ) => (await platform.services.audit.list({ action }, 1, 1)).total;

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    frontex = await platform.session('contact', 'Frontex');
    europol = await platform.session('contact', 'Europol');
    member = await platform.session('member', 'Europol');
    observer = await platform.session('observer', 'DG HOME');
  });
  after(() => platform.close());

  test('only the secretariat starts a draft; others are answered 404', async () => {
    for (const session of [frontex, member, observer]) {
      const refused = await platform.request({
        method: 'POST',
        url: '/api/priorities/drafts',
        as: session,
        body: { year: 2018, from: '2017/1' },
      });
      assert.equal(refused.statusCode, 404, session.user.role);
    }
    const list = await platform.request({ url: '/api/priorities?year=2018', as: admin });
    assert.deepEqual(list.json(), []);
  });

  test('a draft starts from a copy of a version and keeps its line keys', async () => {
    const bad = await platform.request({
      method: 'POST',
      url: '/api/priorities/drafts',
      as: admin,
      body: { year: 2018, from: '2016/1' },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<Problem>().errors?.[0]?.field, 'from');

    const created = await platform.request({
      method: 'POST',
      url: '/api/priorities/drafts',
      as: admin,
      body: { year: 2018, from: '2017/1' },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers.location, base);
    const draft = created.json<FrameworkView>();
    assert.equal(draft.version, 1);
    assert.equal(draft.status, 'draft');
    assert.equal(draft.basedOn, '2017/1');
    assert.match(draft.title, /2018$/);
    const source = (await framework('/api/priorities/2017/versions/1', member)).body;
    assert.deepEqual(
      draft.sections.flatMap((s) => s.lines.map((l) => [l.key, l.text])),
      source.sections.flatMap((s) => s.lines.map((l) => [l.key, l.text])),
    );
    assert.deepEqual(draft.principles, source.principles);
    assert.equal(await auditCount('priorities.draft'), 1);

    const again = await platform.request({
      method: 'POST',
      url: '/api/priorities/drafts',
      as: admin,
      body: { year: 2018, from: '2017/1' },
    });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json<Problem>().code, 'priorities_open_version');
  });

  test('a draft is hidden from everyone but the secretariat', async () => {
    for (const session of [frontex, member, observer]) {
      assert.equal((await platform.request({ url: base, as: session })).statusCode, 404);
      const list = await platform.request({ url: '/api/priorities?year=2018', as: session });
      assert.deepEqual(list.json(), []);
      const compare = await platform.request({
        url: '/api/priorities/compare?from=2017/1&to=2018/1',
        as: session,
      });
      assert.equal(compare.statusCode, 404);
    }
  });

  test('editing a draft needs the current version: 428 without, 412 when stale', async () => {
    const without = await platform.request({
      method: 'PATCH',
      url: base,
      as: admin,
      body: { title: 'No version' },
    });
    assert.equal(without.statusCode, 428);
    const stale = await platform.request({
      method: 'PATCH',
      url: base,
      as: admin,
      body: { title: 'Stale' },
      headers: { 'if-match': '"99"' },
    });
    assert.equal(stale.statusCode, 412);
    const saved = await change('PATCH', '', {
      title: 'Priorities of the network in 2018',
      introduction: ['First paragraph.', 'Second paragraph.'],
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const body = saved.json<FrameworkView>();
    assert.equal(body.title, 'Priorities of the network in 2018');
    assert.deepEqual(body.introduction, ['First paragraph.', 'Second paragraph.']);
    assert.equal(saved.headers.etag, `"${body.rowVersion}"`);
    assert.equal(body.rowVersion, 2);
  });

  test('bad input is refused by field and nothing is stored', async () => {
    const before = await framework();
    const refused = await change('PATCH', '', {
      title: '   ',
      introduction: [''],
      principles: [{ title: 'Only a title', text: '' }],
    });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(
      refused
        .json<Problem>()
        .errors?.map((e) => e.field)
        .sort(),
      ['introduction', 'principles.0.text', 'title'],
    );
    const emptyLine = await change('POST', '/sections/1.1/lines', { text: '' });
    assert.equal(emptyLine.statusCode, 400);
    const noSection = await change('PATCH', '/sections/9.9', { title: 'Nowhere' });
    assert.equal(noSection.statusCode, 404);
    const afterwards = await framework();
    assert.deepEqual(afterwards.body, before.body);
  });

  test('sections, lines and principles are edited, reordered, moved and removed', async () => {
    const section = await change('PATCH', '/sections/1.2', {
      title: 'Internal security and terrorism',
      objective: 'A new objective.',
    });
    assert.equal(section.statusCode, 200, section.body);

    const added = await change('POST', '/sections/1.2/lines', {
      text: 'A new line on cybercrime.',
      position: 2,
    });
    assert.equal(added.statusCode, 201, added.body);
    const newKey = String(added.headers.location).split('/').at(-1) ?? '';
    const security = added.json<FrameworkView>().sections.find((s) => s.number === '1.2');
    assert.equal(security?.title, 'Internal security and terrorism');
    assert.equal(security.lines[1]?.key, newKey);
    assert.deepEqual(
      security.lines.map((l) => l.number),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );

    const { body } = await framework();
    const migration = body.sections.find((s) => s.number === '1.1');
    const [first, second, third] = migration?.lines ?? [];
    assert.ok(first && second && third);
    const reworded = await change('PATCH', `/lines/${first.key}`, {
      text: first.text.replace('timely and proactive', 'fast and proactive'),
    });
    assert.equal(reworded.statusCode, 200, reworded.body);
    const moved = await change('PATCH', `/lines/${second.key}`, { section: '2.1', position: 1 });
    assert.equal(moved.statusCode, 200, moved.body);
    const afterMove = moved.json<FrameworkView>();
    assert.equal(afterMove.sections.find((s) => s.number === '2.1')?.lines[0]?.key, second.key);
    assert.equal(afterMove.sections.find((s) => s.number === '1.1')?.lines[1]?.key, third.key);
    const reordered = await change('PATCH', `/lines/${third.key}`, { position: 1 });
    assert.equal(reordered.json<FrameworkView>().sections[0]?.lines[0]?.key, third.key);

    const last = afterMove.sections.find((s) => s.number === '2.4')?.lines.at(-1);
    assert.ok(last);
    const removed = await change('DELETE', `/lines/${last.key}`);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(
      removed.json<FrameworkView>().sections.find((s) => s.number === '2.4')?.lines.length,
      4,
    );

    const principles = await change('PATCH', '', {
      principles: [
        { key: 'fundamental-rights', title: 'Fundamental rights', text: 'Respected throughout.' },
        { title: 'Multilingualism', text: 'Products in the languages of their readers.' },
      ],
    });
    assert.deepEqual(
      principles.json<FrameworkView>().principles.map((p) => p.key),
      ['fundamental-rights', 'multilingualism'],
    );
    assert.ok((await auditCount('priorities.edit')) >= 7);
    assert.equal(await auditCount('priorities.revise'), 0);
  });

  test('nobody but the secretariat changes a draft', async () => {
    const { body, etag } = await framework();
    const key = body.sections[0]?.lines[0]?.key ?? '';
    for (const session of [frontex, member, observer]) {
      for (const [method, url, payload] of [
        ['PATCH', base, { title: 'Taken over' }],
        ['DELETE', base, undefined],
        ['PATCH', `${base}/sections/1.1`, { title: 'Taken over' }],
        ['POST', `${base}/sections/1.1/lines`, { text: 'Taken over' }],
        ['PATCH', `${base}/lines/${key}`, { text: 'Taken over' }],
        ['DELETE', `${base}/lines/${key}`, undefined],
        ['POST', `${base}/consultation`, { deadline: dayOffset(10) }],
        ['POST', `${base}/agreement`, { agreedOn: dayOffset(0), agreedAt: 'A meeting' }],
      ] as const) {
        const response = await platform.request({
          method,
          url,
          as: session,
          body: payload,
          headers: { 'if-match': etag },
        });
        assert.equal(response.statusCode, 404, `${session.user.role} ${method} ${url}`);
      }
    }
    assert.equal((await framework()).etag, etag);
  });

  test('comparing the draft with the agreed version, line by line', async () => {
    const response = await platform.request({
      url: '/api/priorities/compare?from=2017/1&to=2018/1',
      as: admin,
    });
    assert.equal(response.statusCode, 200, response.body);
    const comparison = response.json<Comparison>();
    assert.equal(comparison.from.version, 1);
    assert.equal(comparison.to.year, 2018);
    assert.equal(comparison.counts.added, 1);
    assert.equal(comparison.counts.removed, 1);
    assert.equal(comparison.counts.changed, 1);
    assert.ok(comparison.counts.moved >= 2, 'moved and renumbered lines');
    const lines = comparison.sections.flatMap((s) => s.lines);
    const changed = lines.find((l) => l.status === 'changed');
    assert.deepEqual(
      changed?.words?.filter((w) => w.op !== 'equal'),
      [
        { op: 'delete', text: 'timely' },
        { op: 'insert', text: 'fast' },
      ],
    );
    const movedToOtherSection = lines.find(
      (l) => l.from?.section === '1.1' && l.to?.section === '2.1',
    );
    assert.equal(movedToOtherSection?.status, 'moved');
    const security = comparison.sections.find((s) => s.number === '1.2');
    assert.equal(security?.previousTitle, 'Internal security');
    assert.equal(security.objectiveChanged, true);
    const removed = lines.find((l) => l.status === 'removed');
    assert.equal(removed?.from?.section, '2.4');
    assert.equal(
      comparison.sections.find((s) => s.number === '2.4')?.lines.at(-1)?.status,
      'removed',
    );

    const bad = await platform.request({
      url: '/api/priorities/compare?from=2017&to=2018/1',
      as: admin,
    });
    assert.equal(bad.statusCode, 400);
    const missing = await platform.request({
      url: '/api/priorities/compare?from=2017/1&to=2019/1',
      as: admin,
    });
    assert.equal(missing.statusCode, 404);
  });

  test('a consultation opens with a deadline that is not in the past', async () => {
    const past = await change('POST', '/consultation', { deadline: dayOffset(-1) });
    assert.equal(past.statusCode, 400);
    assert.equal(past.json<Problem>().errors?.[0]?.field, 'deadline');
    const notADate = await change('POST', '/consultation', { deadline: '2030-02-30' });
    assert.equal(notADate.statusCode, 400);
    const opened = await change('POST', '/consultation', { deadline: dayOffset(14) });
    assert.equal(opened.statusCode, 200, opened.body);
    assert.equal(opened.json<FrameworkView>().status, 'consultation');
    assert.equal(opened.json<FrameworkView>().consultationDeadline, dayOffset(14));
    assert.equal(await auditCount('priorities.consultation_open'), 1);
    const deleted = await change('DELETE', '');
    assert.equal(deleted.statusCode, 409);
    assert.equal(deleted.json<Problem>().code, 'priorities_not_draft');
  });

  test('contact points read the version; members and observers still do not', async () => {
    assert.equal((await platform.request({ url: base, as: frontex })).statusCode, 200);
    assert.equal((await platform.request({ url: base, as: member })).statusCode, 404);
    assert.equal((await platform.request({ url: base, as: observer })).statusCode, 404);
    for (const session of [member, observer]) {
      const consultation = await platform.request({ url: `${base}/consultation`, as: session });
      assert.equal(consultation.statusCode, 404);
    }
  });

  let frontexAnswer: AnswerView;

  test('contact points answer per section; bad answers are refused by field', async () => {
    const { body } = await framework();
    const line = body.sections.find((s) => s.number === '1.1')?.lines[0];
    const otherLine = body.sections.find((s) => s.number === '2.1')?.lines[0];
    assert.ok(line && otherLine);
    const answer = (as: Session, payload: unknown) =>
      platform.request({ method: 'POST', url: `${base}/consultation/answers`, as, body: payload });

    const wrongLine = await answer(frontex, {
      section: '1.1',
      kind: 'change',
      lineKey: otherLine.key,
      text: 'Proposed wording.',
    });
    assert.equal(wrongLine.statusCode, 400);
    assert.equal(wrongLine.json<Problem>().errors?.[0]?.field, 'lineKey');
    const empty = await answer(frontex, { section: '1.1', kind: 'comment', text: ' ' });
    assert.equal(empty.statusCode, 400);
    const badKind = await answer(frontex, { section: '1.1', kind: 'vote', text: 'Yes' });
    assert.equal(badKind.statusCode, 400);

    const change1 = await answer(frontex, {
      section: '1.1',
      kind: 'change',
      lineKey: line.key,
      text: 'Add the hotspots explicitly.',
    });
    assert.equal(change1.statusCode, 201, change1.body);
    frontexAnswer = change1.json<AnswerView>();
    assert.equal(frontexAnswer.agency, 'Frontex');
    assert.equal(frontexAnswer.lineNumber, 1);
    assert.equal(change1.headers.etag, '"1"');
    const europolAnswer = await answer(europol, {
      section: '1.2',
      kind: 'new_line',
      text: 'A line on the EU Innovation Hub.',
    });
    assert.equal(europolAnswer.statusCode, 201);

    for (const session of [admin, member, observer]) {
      const refused = await answer(session, { section: '1.1', kind: 'comment', text: 'Mine' });
      assert.equal(refused.statusCode, 404, session.user.role);
    }
    assert.equal(await auditCount('priority_answer.create'), 2);
  });

  test("while open, a contact point sees only its own agency's answers; the secretariat all", async () => {
    const forFrontex = await platform.request({ url: `${base}/consultation`, as: frontex });
    assert.equal(forFrontex.statusCode, 200);
    const seen = forFrontex.json<ConsultationView>();
    assert.equal(seen.open, true);
    assert.deepEqual(
      seen.answers.map((a) => a.agency),
      ['Frontex'],
    );
    assert.equal(seen.agencies, null);
    const forAdmin = (
      await platform.request({ url: `${base}/consultation`, as: admin })
    ).json<ConsultationView>();
    assert.deepEqual(forAdmin.answers.map((a) => a.agency).sort(), ['Europol', 'Frontex']);
    assert.equal(forAdmin.agencies?.length, 9);
    assert.equal(forAdmin.agencies.find((a) => a.acronym === 'Frontex')?.bySection['1.1'], 1);
    assert.equal(forAdmin.agencies.filter((a) => a.answers === 0).length, 7);
  });

  test("a contact point changes and withdraws only its own agency's answers", async () => {
    const url = `${base}/consultation/answers/${frontexAnswer.id}`;
    const byOther = await platform.request({
      method: 'PATCH',
      url,
      as: europol,
      body: { text: 'Hijacked' },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(byOther.statusCode, 404);
    const stale = await platform.request({
      method: 'PATCH',
      url,
      as: frontex,
      body: { text: 'Late' },
      headers: { 'if-match': '"7"' },
    });
    assert.equal(stale.statusCode, 412);
    const changed = await platform.request({
      method: 'PATCH',
      url,
      as: frontex,
      body: { kind: 'comment', text: 'A comment instead.' },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json<AnswerView>().kind, 'comment');
    assert.equal(changed.json<AnswerView>().lineKey, null);
    assert.equal(changed.headers.etag, '"2"');

    const extra = await platform.request({
      method: 'POST',
      url: `${base}/consultation/answers`,
      as: frontex,
      body: { section: '2.2', kind: 'comment', text: 'To be withdrawn.' },
    });
    const extraId = extra.json<AnswerView>().id;
    const withdrawn = await platform.request({
      method: 'DELETE',
      url: `${base}/consultation/answers/${extraId}`,
      as: frontex,
      headers: { 'if-match': '"1"' },
    });
    assert.equal(withdrawn.statusCode, 204);
    assert.equal(await auditCount('priority_answer.withdraw'), 1);
    assert.equal(await auditCount('priority_answer.update'), 1);
  });

  test('a revision during the consultation is recorded and shown', async () => {
    const { body } = await framework();
    const line = body.sections.find((s) => s.number === '1.1')?.lines[0];
    assert.ok(line);
    const revised = await change('PATCH', `/lines/${line.key}`, {
      text: `${line.text} (revised)`,
    });
    assert.equal(revised.statusCode, 200, revised.body);
    assert.equal(await auditCount('priorities.revise'), 1);
    const consultation = (
      await platform.request({ url: `${base}/consultation`, as: frontex })
    ).json<ConsultationView>();
    assert.deepEqual(
      consultation.revisions.map((r) => [r.kind, r.section, r.lineKey]),
      [['line_changed', '1.1', line.key]],
    );
  });

  test('after the deadline answers are refused with a clear message, and all are shown', async () => {
    await platform.services.database.db
      .updateTable('priority_frameworks')
      .set({ consultation_deadline: dayOffset(-1) })
      .where('year', '=', 2018)
      .execute();
    const late = await platform.request({
      method: 'POST',
      url: `${base}/consultation/answers`,
      as: europol,
      body: { section: '1.1', kind: 'comment', text: 'Too late.' },
    });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json<Problem>().code, 'consultation_closed');
    assert.match(late.json<Problem>().detail, /closed at the end of/);
    const edit = await platform.request({
      method: 'PATCH',
      url: `${base}/consultation/answers/${frontexAnswer.id}`,
      as: frontex,
      body: { text: 'Too late.' },
      headers: { 'if-match': '"2"' },
    });
    assert.equal(edit.statusCode, 409);
    const seen = (
      await platform.request({ url: `${base}/consultation`, as: frontex })
    ).json<ConsultationView>();
    assert.equal(seen.open, false);
    assert.deepEqual(seen.answers.map((a) => a.agency).sort(), ['Europol', 'Frontex']);
    assert.equal(seen.answers.find((a) => a.agency === 'Europol')?.mine, false);
  });

  test('recording agreement freezes the version; a change needs a new version', async () => {
    const future = await change('POST', '/agreement', {
      agreedOn: dayOffset(3),
      agreedAt: '1st JHA network meeting',
    });
    assert.equal(future.statusCode, 400);
    assert.equal(future.json<Problem>().errors?.[0]?.field, 'agreedOn');
    const agreed = await change('POST', '/agreement', {
      agreedOn: dayOffset(0),
      agreedAt: '1st JHA network meeting',
    });
    assert.equal(agreed.statusCode, 200, agreed.body);
    assert.equal(agreed.json<FrameworkView>().status, 'agreed');
    assert.equal(agreed.json<FrameworkView>().agreedAt, '1st JHA network meeting');
    assert.equal(await auditCount('priorities.agree'), 1);

    const frozen = await change('PATCH', '', { title: 'Too late' });
    assert.equal(frozen.statusCode, 409);
    assert.equal(frozen.json<Problem>().code, 'priorities_agreed');
    assert.match(frozen.json<Problem>().detail, /start a new version/);
    const frozenLine = await change('POST', '/sections/1.1/lines', { text: 'Too late' });
    assert.equal(frozenLine.statusCode, 409);
    const again = await change('POST', '/agreement', {
      agreedOn: dayOffset(0),
      agreedAt: 'Another meeting',
    });
    assert.equal(again.statusCode, 409);
    const deleted = await change('DELETE', '');
    assert.equal(deleted.statusCode, 409);

    const visible = await platform.request({ url: '/api/priorities/2018', as: observer });
    assert.equal(visible.statusCode, 200);
    assert.equal(
      (await platform.request({ url: `${base}/consultation`, as: observer })).statusCode,
      404,
    );

    const next = await platform.request({
      method: 'POST',
      url: '/api/priorities/drafts',
      as: admin,
      body: { year: 2018, from: '2018/1' },
    });
    assert.equal(next.statusCode, 201, next.body);
    assert.equal(next.json<FrameworkView>().version, 2);
    assert.equal(next.json<FrameworkView>().basedOn, '2018/1');
    const latestAgreed = await platform.request({ url: '/api/priorities/2018', as: admin });
    assert.equal(latestAgreed.json<FrameworkView>().version, 1);
  });

  test('a draft is deleted, and only with its current version', async () => {
    const url = '/api/priorities/2018/versions/2';
    const { etag } = await framework(url);
    const stale = await platform.request({
      method: 'DELETE',
      url,
      as: admin,
      headers: { 'if-match': '"42"' },
    });
    assert.equal(stale.statusCode, 412);
    const deleted = await platform.request({
      method: 'DELETE',
      url,
      as: admin,
      headers: { 'if-match': etag },
    });
    assert.equal(deleted.statusCode, 204);
    assert.equal((await platform.request({ url, as: admin })).statusCode, 404);
    assert.equal(await auditCount('priorities.delete'), 1);
  });

  test('the audit chain holds', async () => {
    assert.equal((await platform.services.audit.verify()).ok, true);
  });
});
