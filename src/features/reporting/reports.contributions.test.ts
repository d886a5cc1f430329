import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { ReportDocument } from './report-document.js';
import { seedDemoReportObligations } from './reporting.demo.js';

interface ReportBody {
  id: string;
  status: string;
  version: number;
  hash: string | null;
  sections: { id: string; kind: string; version: number }[];
  document: ReportDocument;
}

interface ContributionBody {
  id: string;
  sectionId: string;
  sectionTitle: string;
  agency: string;
  dueOn: string;
  note: string;
  text: string;
  status: string;
  state: string;
  version: number;
}

interface SignoffBody {
  rule: string;
  dueOn: string | null;
  hash: string | null;
  complete: boolean;
  blockers: string[];
  agencies: {
    id: string;
    organisationId: string;
    agency: string;
    state: string;
    answer: string | null;
    onEarlierText: boolean;
    comment: string;
    version: number;
  }[];
  document: ReportDocument | null;
}

const MEMBER_AGENCIES = [
  'CEPOL',
  'EIGE',
  'eu-LISA',
  'EUAA',
  'EUDA',
  'Eurojust',
  'Europol',
  'FRA',
  'Frontex',
];
const byName = (a: string, b: string) => a.localeCompare(b, 'en');

describe('reports: contributions of the member agencies and their sign-off', () => {
  let platform: TestPlatform;
  let admin: Session;
  let europol: Session;
  let eurojust: Session;
  let member: Session;
  let observer: Session;
  let reportId: string;
  let forewordId: string;
  let europolId: string;
  let eurojustId: string;
  let europolRequest: ContributionBody;
  let eurojustRequest: ContributionBody;

  const get = (url: string, as: Session | null) => platform.request({ url, as });
  const write = (
    method: 'POST' | 'PUT' | 'PATCH',
    url: string,
    as: Session,
    body?: object,
    version?: number,
  ) =>
    platform.request({
      method,
      url,
      as,
      ...(body ? { body } : {}),
      headers: version === undefined ? {} : { 'if-match': `"${String(version)}"` },
    });
  const db = () => platform.services.database.db;
  const lastAudit = async (count: number) =>
    (
      await db()
        .selectFrom('audit_log')
        .select(['action', 'target_type as targetType', 'target_id as targetId'])
        .orderBy('seq', 'desc')
        .limit(count)
        .execute()
    ).reverse();
  const auditCount = async () =>
    Number(
      (
        await db()
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const report = async () => (await get(`/api/reports/${reportId}`, admin)).json<ReportBody>();
  const signoff = async (as: Session = admin) =>
    (await get(`/api/reports/${reportId}/signoff`, as)).json<SignoffBody>();
  const idOf = async (acronym: string) =>
    (
      await db()
        .selectFrom('organisations')
        .select('id')
        .where('acronym', '=', acronym)
        .executeTakeFirstOrThrow()
    ).id;

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europol = await platform.session('contact', 'Europol');
    eurojust = await platform.session('contact', 'Eurojust');
    member = await platform.session('member', 'Europol');
    observer = await platform.session('observer', 'DG HOME');
    await seedDemoReportObligations(platform.services);
    const obligation = await db()
      .selectFrom('report_obligations')
      .innerJoin(
        'organisations',
        'organisations.id',
        'report_obligations.recipient_organisation_id',
      )
      .select('report_obligations.id')
      .where('report_obligations.year', '=', 2017)
      .where('organisations.acronym', '=', 'COSI')
      .where('report_obligations.period', '=', 'end')
      .executeTakeFirstOrThrow();
    const created = await write('POST', '/api/reports', admin, {
      obligationId: obligation.id,
      asOf: '2017-06-30',
    });
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json<ReportBody>();
    reportId = body.id;
    const foreword = body.sections.find((s) => s.kind === 'foreword');
    assert.ok(foreword);
    forewordId = foreword.id;
    europolId = await idOf('Europol');
    eurojustId = await idOf('Eurojust');
  });
  after(() => platform.close());

  test('a request with bad input is refused with 400 and stores nothing', async () => {
    const url = `/api/reports/${reportId}/contributions`;
    const good = {
      sectionId: forewordId,
      organisationIds: [europolId],
      dueOn: '2099-12-31',
      note: '',
    };
    const before = await auditCount();
    const cosi = await idOf('COSI');
    for (const [body, field] of [
      [{ ...good, organisationIds: [] }, 'organisationIds'],
      [{ ...good, organisationIds: [cosi] }, 'organisationIds'],
      [{ ...good, sectionId: 'no-such-section' }, 'sectionId'],
      [{ ...good, dueOn: '2099-02-30' }, 'dueOn'],
      [{ ...good, dueOn: '2017-01-31' }, 'dueOn'],
      [{ ...good, note: 'x'.repeat(2001) }, 'note'],
    ] as const) {
      const refused = await write('POST', url, admin, body);
      assert.equal(refused.statusCode, 400, `${field}: ${refused.body}`);
      assert.match(refused.body, new RegExp(field));
    }
    const stored = await db().selectFrom('report_contributions').select('id').execute();
    assert.deepEqual(stored, []);
    assert.equal(await auditCount(), before);
  });

  test('only the secretariat asks; the request is audited per agency', async () => {
    const url = `/api/reports/${reportId}/contributions`;
    const body = {
      sectionId: forewordId,
      organisationIds: [europolId, eurojustId],
      dueOn: '2099-12-31',
      note: 'Two paragraphs on the joint operations of the year.',
    };
    assert.equal((await write('POST', url, europol, body)).statusCode, 404);
    assert.equal((await write('POST', url, member, body)).statusCode, 404);
    const asked = await write('POST', url, admin, body);
    assert.equal(asked.statusCode, 201, asked.body);
    const requests = asked.json<ContributionBody[]>();
    assert.deepEqual(
      requests.map((r) => [r.agency, r.sectionTitle, r.dueOn, r.status, r.state]).sort(),
      [
        ['Eurojust', "Chair's foreword", '2099-12-31', 'asked', 'asked'],
        ['Europol', "Chair's foreword", '2099-12-31', 'asked', 'asked'],
      ],
    );
    const [first, second] = requests;
    assert.ok(first && second);
    [europolRequest, eurojustRequest] =
      first.agency === 'Europol' ? [first, second] : [second, first];
    assert.deepEqual(
      (await lastAudit(2)).map((e) => e.action),
      ['report.contribution_request', 'report.contribution_request'],
    );
    assert.deepEqual(
      (await lastAudit(2)).map((e) => [e.targetType, e.targetId]).sort(),
      [
        ['report_contribution', europolRequest.id],
        ['report_contribution', eurojustRequest.id],
      ].sort(),
    );
    const again = await write('POST', url, admin, { ...body, organisationIds: [europolId] });
    assert.equal(again.statusCode, 409);
  });

  test('a contact point sees only their agency’s request; anyone else sees nothing', async () => {
    const own = await get(`/api/reports/${reportId}/contributions`, eurojust);
    assert.equal(own.statusCode, 200, own.body);
    assert.deepEqual(
      own.json<ContributionBody[]>().map((r) => r.agency),
      ['Eurojust'],
    );
    const europolUrl = `/api/reports/${reportId}/contributions/${europolRequest.id}`;
    assert.equal((await get(europolUrl, eurojust)).statusCode, 404);
    const other = await write('PUT', `${europolUrl}/text`, eurojust, { text: 'Ours' }, 1);
    assert.equal(other.statusCode, 404);
    assert.equal((await write('POST', `${europolUrl}/submit`, eurojust, {}, 1)).statusCode, 404);
    for (const reader of [member, observer]) {
      assert.equal((await get(`/api/reports/${reportId}/contributions`, reader)).statusCode, 404);
      assert.equal((await get(europolUrl, reader)).statusCode, 404);
      assert.equal((await get(`/api/reports/${reportId}/signoff`, reader)).statusCode, 404);
      const waiting = await get('/api/report-requests', reader);
      assert.deepEqual(waiting.json(), { contributions: [], signoffs: [] });
    }
    const waiting = (await get('/api/report-requests', europol)).json<{
      contributions: ContributionBody[];
    }>();
    assert.deepEqual(
      waiting.contributions.map((c) => c.id),
      [europolRequest.id],
    );
    const stored = await db()
      .selectFrom('report_contributions')
      .select('text')
      .where('id', '=', europolRequest.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.text, '');
  });

  test('the contact point writes and submits; If-Match guards each change', async () => {
    const url = `/api/reports/${reportId}/contributions/${europolRequest.id}`;
    const text = 'Europol supported 14 joint action days with the other agencies.';
    assert.equal((await write('PUT', `${url}/text`, europol, { text })).statusCode, 428);
    const tooLong = await write('PUT', `${url}/text`, europol, { text: 'x'.repeat(20_001) }, 1);
    assert.equal(tooLong.statusCode, 400);
    const early = await write('POST', `${url}/submit`, europol, {}, 1);
    assert.equal(early.statusCode, 400, early.body);
    const written = await write('PUT', `${url}/text`, europol, { text }, 1);
    assert.equal(written.statusCode, 200, written.body);
    assert.equal(written.json<ContributionBody>().status, 'drafted');
    assert.equal(written.headers.etag, '"2"');
    assert.deepEqual(await lastAudit(1), [
      {
        action: 'report.contribution_write',
        targetType: 'report_contribution',
        targetId: europolRequest.id,
      },
    ]);
    const stale = await write('PUT', `${url}/text`, europol, { text: 'Lost' }, 1);
    assert.equal(stale.statusCode, 412);
    const submitted = await write('POST', `${url}/submit`, europol, {}, 2);
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal(submitted.json<ContributionBody>().status, 'submitted');
    assert.deepEqual(await lastAudit(1), [
      {
        action: 'report.contribution_submit',
        targetType: 'report_contribution',
        targetId: europolRequest.id,
      },
    ]);
    const after = await write('PUT', `${url}/text`, europol, { text: 'Changed' }, 3);
    assert.equal(after.statusCode, 409);
    const waiting = (await get('/api/report-requests', europol)).json<{ contributions: [] }>();
    assert.deepEqual(waiting.contributions, []);
  });

  test('the secretariat sees each request’s status, late ones as late', async () => {
    await db()
      .updateTable('report_contributions')
      .set({ due_on: '2017-10-31' })
      .where('id', '=', eurojustRequest.id)
      .execute();
    const listed = (await get(`/api/reports/${reportId}/contributions`, admin)).json<
      ContributionBody[]
    >();
    assert.deepEqual(listed.map((c) => [c.agency, c.status, c.state]).sort(), [
      ['Eurojust', 'asked', 'late'],
      ['Europol', 'submitted', 'submitted'],
    ]);
  });

  test('an accepted contribution appears in its section under the agency’s name', async () => {
    const url = `/api/reports/${reportId}/contributions/${europolRequest.id}/accept`;
    assert.equal((await write('POST', url, europol, {}, 3)).statusCode, 404);
    const before = await report();
    const notYet = await write(
      'POST',
      `/api/reports/${reportId}/contributions/${eurojustRequest.id}/accept`,
      admin,
      {},
      1,
    );
    assert.equal(notYet.statusCode, 409);
    const accepted = await write('POST', url, admin, {}, 3);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json<ContributionBody>().status, 'accepted');
    assert.deepEqual(await lastAudit(1), [
      {
        action: 'report.contribution_accept',
        targetType: 'report_contribution',
        targetId: europolRequest.id,
      },
    ]);
    const now = await report();
    assert.equal(now.version, before.version + 1);
    const foreword = now.document.sections.find((s) => s.title === "Chair's foreword");
    assert.ok(foreword);
    assert.deepEqual(
      foreword.subsections.map((s) => [s.number, s.title, s.blocks]),
      [
        [
          '1.1',
          'Contribution of Europol',
          [
            {
              kind: 'paragraph',
              text: 'Europol supported 14 joint action days with the other agencies.',
            },
          ],
        ],
      ],
    );
  });

  test('the sign-off procedure: bad input refused, every member agency asked', async () => {
    const url = `/api/reports/${reportId}/signoff`;
    const { version } = await report();
    for (const body of [
      { rule: 'majority', dueOn: '2099-12-31' },
      { rule: 'explicit', dueOn: '2099-13-01' },
    ]) {
      const refused = await write('PUT', url, admin, body, version);
      assert.equal(refused.statusCode, 400, refused.body);
    }
    assert.equal(
      (await write('PUT', url, europol, { rule: 'explicit', dueOn: '2099-12-31' }, version))
        .statusCode,
      404,
    );
    assert.equal(
      (await write('PUT', url, admin, { rule: 'explicit', dueOn: '2099-12-31' })).statusCode,
      428,
    );
    const set = await write('PUT', url, admin, { rule: 'explicit', dueOn: '2099-12-31' }, version);
    assert.equal(set.statusCode, 200, set.body);
    const body = set.json<SignoffBody>();
    assert.equal(body.rule, 'explicit');
    assert.equal(body.dueOn, '2099-12-31');
    assert.equal(body.complete, false);
    assert.deepEqual(
      body.agencies.map((a) => a.agency).sort(byName),
      [...MEMBER_AGENCIES].sort(byName),
    );
    assert.ok(body.agencies.every((a) => a.state === 'silent'));
    assert.deepEqual(await lastAudit(1), [
      { action: 'report.signoff_procedure', targetType: 'report', targetId: reportId },
    ]);
    // A draft has no text to approve.
    const own = body.agencies.find((a) => a.agency === 'Europol');
    assert.ok(own);
    const early = await write(
      'PUT',
      `${url}/${europolId}`,
      europol,
      { answer: 'approved', comment: '' },
      own.version,
    );
    assert.equal(early.statusCode, 409);
  });

  test('finalised: submission waits for every approval, and an objection stops it', async () => {
    const draft = await report();
    const finalised = await write(
      'POST',
      `/api/reports/${reportId}/finalise`,
      admin,
      {},
      draft.version,
    );
    assert.equal(finalised.statusCode, 200, finalised.body);
    const final = finalised.json<ReportBody>();
    const submitUrl = `/api/reports/${reportId}/submit`;
    const refused = await write(
      'POST',
      submitUrl,
      admin,
      { submittedOn: '2017-12-20' },
      final.version,
    );
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Explicit approval is required/);

    const mine = await signoff(europol);
    assert.deepEqual(
      mine.agencies.map((a) => a.agency),
      ['Europol'],
    );
    assert.equal(mine.hash, final.hash);
    assert.equal(mine.document?.title, 'Report of the JHA agencies network to COSI: end of 2017');
    const europolAnswer = mine.agencies[0];
    assert.ok(europolAnswer);
    const answerUrl = (organisationId: string) =>
      `/api/reports/${reportId}/signoff/${organisationId}`;
    // Another agency's answer, or anyone not a contact point: not there.
    assert.equal(
      (
        await write(
          'PUT',
          answerUrl(europolId),
          eurojust,
          { answer: 'approved', comment: '' },
          europolAnswer.version,
        )
      ).statusCode,
      404,
    );
    assert.equal(
      (
        await write(
          'PUT',
          answerUrl(europolId),
          member,
          { answer: 'approved', comment: '' },
          europolAnswer.version,
        )
      ).statusCode,
      404,
    );
    const approved = await write(
      'PUT',
      answerUrl(europolId),
      europol,
      { answer: 'approved', comment: '' },
      europolAnswer.version,
    );
    assert.equal(approved.statusCode, 200, approved.body);
    assert.deepEqual(await lastAudit(1), [
      { action: 'report.signoff_answer', targetType: 'report_signoff', targetId: europolAnswer.id },
    ]);
    const eurojustAnswer = (await signoff(eurojust)).agencies[0];
    assert.ok(eurojustAnswer);
    const before = await auditCount();
    const noComment = await write(
      'PUT',
      answerUrl(eurojustId),
      eurojust,
      { answer: 'objected', comment: '  ' },
      eurojustAnswer.version,
    );
    assert.equal(noComment.statusCode, 400);
    assert.match(noComment.body, /comment/);
    assert.equal(await auditCount(), before);
    const objected = await write(
      'PUT',
      answerUrl(eurojustId),
      eurojust,
      { answer: 'objected', comment: 'Section 3 counts our joint cases twice.' },
      eurojustAnswer.version,
    );
    assert.equal(objected.statusCode, 200, objected.body);
    assert.deepEqual(await lastAudit(1), [
      {
        action: 'report.signoff_answer',
        targetType: 'report_signoff',
        targetId: eurojustAnswer.id,
      },
    ]);

    const status = await signoff();
    const states = Object.fromEntries(status.agencies.map((a) => [a.agency, [a.state, a.comment]]));
    assert.deepEqual(states.Europol, ['approved', '']);
    assert.deepEqual(states.Eurojust, ['objected', 'Section 3 counts our joint cases twice.']);
    assert.deepEqual(states.Frontex, ['silent', '']);
    assert.match(status.blockers.join(' '), /An objection stands: Eurojust\./);
    const stillRefused = await write(
      'POST',
      submitUrl,
      admin,
      { submittedOn: '2017-12-20' },
      final.version,
    );
    assert.equal(stillRefused.statusCode, 409);
    assert.match(stillRefused.body, /An objection stands/);
    assert.equal((await report()).status, 'final');
  });

  test('finalising anew after a change leaves every earlier answer behind', async () => {
    const final = await report();
    const reopened = await write(
      'POST',
      `/api/reports/${reportId}/reopen`,
      admin,
      {},
      final.version,
    );
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.equal(reopened.json<ReportBody>().status, 'draft');
    assert.deepEqual(await lastAudit(1), [
      { action: 'report.reopen', targetType: 'report', targetId: reportId },
    ]);
    const draft = await report();
    const foreword = draft.sections.find((s) => s.kind === 'foreword');
    assert.ok(foreword);
    const edited = await write(
      'PUT',
      `/api/reports/${reportId}/sections/${forewordId}`,
      admin,
      { text: 'The chair thanks the agencies; joint cases are counted once.' },
      foreword.version,
    );
    assert.equal(edited.statusCode, 200, edited.body);
    const refinalised = await write(
      'POST',
      `/api/reports/${reportId}/finalise`,
      admin,
      {},
      (await report()).version,
    );
    assert.equal(refinalised.statusCode, 200, refinalised.body);
    assert.notEqual(refinalised.json<ReportBody>().hash, final.hash);
    const status = await signoff();
    const europolState = status.agencies.find((a) => a.agency === 'Europol');
    assert.deepEqual(
      [europolState?.state, europolState?.answer, europolState?.onEarlierText],
      ['silent', 'approved', true],
    );
    assert.ok(status.agencies.every((a) => a.state === 'silent'));
  });

  test('silence agrees only under that procedure and only after the deadline', async () => {
    const url = `/api/reports/${reportId}/signoff`;
    const answer = async (as: Session, organisationId: string) => {
      const own = (await signoff(as)).agencies[0];
      assert.ok(own);
      const response = await write(
        'PUT',
        `${url}/${organisationId}`,
        as,
        { answer: 'approved', comment: '' },
        own.version,
      );
      assert.equal(response.statusCode, 200, response.body);
    };
    await answer(europol, europolId);
    await answer(eurojust, eurojustId);
    const submit = async () =>
      write(
        'POST',
        `/api/reports/${reportId}/submit`,
        admin,
        { submittedOn: '2017-12-20' },
        (await report()).version,
      );

    // Explicit approval, deadline passed: the silent agencies still hold it up.
    assert.equal(
      (
        await write(
          'PUT',
          url,
          admin,
          { rule: 'explicit', dueOn: '2017-12-15' },
          (await report()).version,
        )
      ).statusCode,
      200,
    );
    const explicit = await signoff();
    assert.equal(explicit.agencies.find((a) => a.agency === 'Frontex')?.state, 'silent');
    assert.equal((await submit()).statusCode, 409);

    // Silence agrees, deadline not passed yet: still waiting.
    assert.equal(
      (
        await write(
          'PUT',
          url,
          admin,
          { rule: 'silence', dueOn: '2099-12-31' },
          (await report()).version,
        )
      ).statusCode,
      200,
    );
    const waiting = await submit();
    assert.equal(waiting.statusCode, 409);
    assert.match(waiting.body, /Silence counts as agreement only after 2099-12-31/);

    // Silence agrees and the deadline passed: the report may go.
    assert.equal(
      (
        await write(
          'PUT',
          url,
          admin,
          { rule: 'silence', dueOn: '2017-12-15' },
          (await report()).version,
        )
      ).statusCode,
      200,
    );
    const silence = await signoff();
    assert.equal(silence.complete, true);
    assert.deepEqual(
      silence.agencies
        .filter((a) => a.state === 'agreed_by_silence')
        .map((a) => a.agency)
        .sort(byName),
      MEMBER_AGENCIES.filter((a) => a !== 'Europol' && a !== 'Eurojust').sort(byName),
    );
    // Answers after the deadline are refused.
    const late = (await signoff(europol)).agencies[0];
    assert.ok(late);
    const tooLate = await write(
      'PUT',
      `${url}/${europolId}`,
      europol,
      { answer: 'objected', comment: 'Late' },
      late.version,
    );
    assert.equal(tooLate.statusCode, 409);
    const sent = await submit();
    assert.equal(sent.statusCode, 200, sent.body);
    assert.equal(sent.json<ReportBody>().status, 'submitted');
    assert.deepEqual(await lastAudit(1), [
      { action: 'report.submit', targetType: 'report', targetId: reportId },
    ]);
  });
});
