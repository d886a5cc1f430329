import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { throughFourEyes } from './support/euci.js';
import { after, before, describe, test } from './support/node-test.js';
import { testDb, testPlatform, type Session, type TestPlatform } from './support/platform.js';
import type { AuditAction } from '../src/features/audit/audit.events.js';

/**
 * Every write that names the version it changes, run 20 times at once on one version: exactly one
 * wins, the others are refused, nothing answers 500, the version rises by one and the audit log
 * holds one entry. The operations come from the OpenAPI document, so a new one without a fixture
 * here fails this test instead of going untested.
 */

const WIDTH = 20;

/** Where a record keeps its version: read straight from the database, not through the code. */
interface StoredVersion {
  table: string;
  key: string;
  id: string | number;
  column?: string;
}

interface Target {
  /** The operation's path with this target's ids (and query, for an upload). */
  url: string;
  as: Session;
  /** A valid change; absent for operations without a body. */
  body?: object;
  /** A raw upload instead of JSON. */
  upload?: { contentType: string; payload: Buffer };
  record: StoredVersion;
  audit: { action: AuditAction; targetType: string; targetId: string };
  /** The stored values sent back as they are: a change of nothing (PATCH and PUT). */
  same?: object;
}

interface Fixture {
  /** How this run differs from the operation's other fixtures, if it has several. */
  name?: string;
  /** A fresh record to change, so that fixtures do not depend on one another. */
  setUp(): Promise<Target>;
  /** What the losers may answer besides 412, where that is the contract. */
  refusals?: number[];
  /** The write removes the record. */
  removes?: boolean;
  /** The record does not exist yet: the burst creates it, naming no version. */
  creates?: boolean;
}

interface Operation {
  method: string;
  path: string;
  success: number;
  /** The body schema requires a field, so an empty body is refused. */
  bodyRequired: boolean;
  ifMatch: boolean;
}

interface BodySchema {
  $ref?: string;
  required?: string[];
  minProperties?: number;
}

interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema: BodySchema }> };
  responses: Record<string, unknown>;
}

const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;

function operationsOf(document: {
  paths: Record<string, Partial<Record<string, OpenApiOperation>>>;
  components?: { schemas?: Record<string, BodySchema> };
}): Operation[] {
  // Named schemas are referenced: `#/components/schemas/<name>`.
  const resolved = (schema: BodySchema): BodySchema =>
    schema.$ref
      ? (document.components?.schemas?.[schema.$ref.split('/').pop() ?? ''] ?? {})
      : schema;
  return Object.entries(document.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const success = Object.keys(operation.responses).find((status) => /^2\d\d$/.test(status));
      const schemas = Object.values(operation.requestBody?.content ?? {}).map((c) =>
        resolved(c.schema),
      );
      return [
        {
          method: method.toUpperCase(),
          path,
          success: Number(success),
          bodyRequired: schemas.some(
            (s) => (s.required?.length ?? 0) > 0 || (s.minProperties ?? 0) > 0,
          ),
          ifMatch: (operation.parameters ?? []).some(
            (p) => p.in === 'header' && p.name.toLowerCase() === 'if-match',
          ),
        },
      ];
    }),
  );
}

const today = () => new Date().toISOString().slice(0, 10);
const daysFromNow = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe(`every If-Match write, ${String(WIDTH)} at once on one version (${testDb})`, () => {
  let platform: TestPlatform;
  let admin: Session;
  let europol: Session;
  let operations: Operation[];
  let counter = 0;
  /** A value no other fixture uses: years, acronyms, titles. */
  const unique = () => (counter += 1);

  const idOf = async (acronym: string) => (await platform.services.network.get(acronym)).id;

  /** The response of a write that sets a fixture up, which must have succeeded. */
  function done(response: LightMyRequestResponse): LightMyRequestResponse {
    assert.ok(response.statusCode === 200 || response.statusCode === 201, response.body);
    return response;
  }

  const post = (as: Session, url: string, body: object, headers: Record<string, string> = {}) =>
    platform.request({ method: 'POST', url, as, body, headers });

  async function storedVersion(record: StoredVersion): Promise<number | null> {
    const column = record.column ?? 'version';
    const result = await sql<{ version: number }>`
      select ${sql.ref(column)} as version from ${sql.table(record.table)}
      where ${sql.ref(record.key)} = ${record.id}`.execute(platform.services.database.db);
    return result.rows[0]?.version ?? null;
  }

  async function auditEntries(targetId: string) {
    return platform.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_type as targetType', 'target_id as targetId'])
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute();
  }

  function send(
    target: Target,
    method: string,
    body: object | undefined,
    version: number | null,
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    if (version !== null) headers['if-match'] = `"${String(version)}"`;
    if (target.upload) {
      return platform.app.inject({
        method: method as 'POST',
        url: target.url,
        headers: {
          ...headers,
          cookie: `jhanet_session=${target.as.cookie}`,
          'x-csrf-token': target.as.csrfToken,
          'content-type': target.upload.contentType,
        },
        payload: target.upload.payload,
      });
    }
    return platform.request({
      method: method as 'POST',
      url: target.url,
      as: target.as,
      ...(body !== undefined ? { body } : {}),
      headers,
    });
  }

  // ---- targets ---------------------------------------------------------------------------------

  async function newUser(disabled = false) {
    const user = await platform.user('member', 'Frontex');
    const { name } = await platform.services.database.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    if (disabled) {
      const version = await storedVersion({ table: 'users', key: 'id', id: user.id });
      const disabledResponse = await platform.request({
        method: 'POST',
        url: `/api/users/${user.id}/disable`,
        as: admin,
        headers: { 'if-match': `"${String(version)}"` },
      });
      assert.equal(disabledResponse.statusCode, 200, disabledResponse.body);
    }
    return { ...user, name };
  }

  const userRecord = (id: string): StoredVersion => ({ table: 'users', key: 'id', id });

  async function newOrganisation(kind: 'agency' | 'body') {
    const n = unique();
    return done(
      await post(admin, '/api/organisations', {
        kind,
        acronym: `ORG${String(n)}`,
        name: `Organisation ${String(n)}`,
        category: kind === 'agency' ? 'jha-agency' : 'eu-agency',
      }),
    ).json<{ id: string; acronym: string; name: string }>();
  }

  function organisationFixture(kind: 'agency' | 'body'): Fixture {
    return {
      async setUp() {
        const organisation = await newOrganisation(kind);
        return {
          url: `/api/${kind === 'agency' ? 'agencies' : 'bodies'}/${organisation.id}`,
          as: admin,
          // A rename that keeps the old name in the history: the write that deadlocked.
          body: {
            acronym: `${organisation.acronym}R`,
            name: `${organisation.name} renamed`,
            renamedOn: '2026-01-01',
          },
          same: { acronym: organisation.acronym, name: organisation.name },
          record: { table: 'organisations', key: 'id', id: organisation.id },
          audit: {
            action: 'organisation.update',
            targetType: 'organisation',
            targetId: organisation.id,
          },
        };
      },
    };
  }

  /** A year of the chair not recorded yet. */
  const chairYear = () => 2020 + unique();

  async function newDraft() {
    const year = 2040 + unique();
    done(await post(admin, '/api/priorities/drafts', { year, from: '2017/1' }));
    const framework = await platform.services.database.db
      .selectFrom('priority_frameworks')
      .select(['id', 'row_version'])
      .where('year', '=', year)
      .executeTakeFirstOrThrow();
    return {
      id: framework.id,
      base: `/api/priorities/${String(year)}/versions/1`,
      record: {
        table: 'priority_frameworks',
        key: 'id',
        id: framework.id,
        column: 'row_version',
      },
    };
  }

  const prioritiesAudit = (id: string, action: AuditAction = 'priorities.edit') => ({
    action,
    targetType: 'priorities',
    targetId: id,
  });

  async function lineOf(draft: { base: string }) {
    const framework = (await platform.request({ url: draft.base, as: admin })).json<{
      sections: { number: string; lines: { key: string; text: string }[] }[];
    }>();
    const line = framework.sections[0]?.lines[0];
    assert.ok(line);
    return line;
  }

  async function newAnswer() {
    const draft = await newDraft();
    done(
      await post(
        admin,
        `${draft.base}/consultation`,
        { deadline: daysFromNow(14) },
        { 'if-match': `"${String(await storedVersion(draft.record))}"` },
      ),
    );
    const answer = done(
      await post(europol, `${draft.base}/consultation/answers`, {
        section: '1.1',
        kind: 'comment',
        text: 'A comment.',
      }),
    ).json<{ id: string }>();
    return {
      id: answer.id,
      url: `${draft.base}/consultation/answers/${answer.id}`,
      record: { table: 'priority_answers', key: 'id', id: answer.id, column: 'row_version' },
    };
  }

  async function newActivity() {
    const activity = done(
      await post(europol, '/api/activities', {
        year: 2017,
        title: `Activity ${String(unique())}`,
        description: 'As planned.',
        lines: ['1.2.1'],
        lead: 'Europol',
        kind: 'joint-product',
        plannedStart: '2017-01-01',
        plannedEnd: '2017-12-31',
      }),
    ).json<{ id: string; description: string }>();
    return {
      id: activity.id,
      url: `/api/activities/${activity.id}`,
      record: { table: 'scorecard_activities', key: 'id', id: activity.id },
      audit: (action: AuditAction) => ({ action, targetType: 'activity', targetId: activity.id }),
    };
  }

  async function newTraining() {
    const training = done(
      await post(europol, '/api/trainings?confirm=true', {
        title: `Training ${String(unique())}`,
        organiser: 'Europol',
        kind: 'webinar',
        topics: ['cybercrime'],
        audience: 'analysts',
        startOn: '2030-03-04',
        endOn: '2030-03-04',
        place: 'Online',
        languages: ['en'],
      }),
    ).json<{ id: string }>();
    return {
      url: `/api/trainings/${training.id}`,
      record: { table: 'trainings', key: 'id', id: training.id },
      audit: (action: AuditAction) => ({ action, targetType: 'training', targetId: training.id }),
    };
  }

  async function newProduct() {
    const product = done(
      await post(europol, '/api/products', {
        title: `Product ${String(unique())}`,
        summary: 'As published.',
        kind: 'statistics',
        year: 2017,
        periodicity: 'one-off',
        audience: 'network',
        agencies: ['Europol'],
        languages: ['ENG'],
      }),
    ).json<{ id: string }>();
    return {
      url: `/api/products/${product.id}`,
      record: { table: 'products', key: 'id', id: product.id },
      audit: (action: AuditAction) => ({ action, targetType: 'product', targetId: product.id }),
    };
  }

  async function newMeeting() {
    const meeting = done(
      await post(admin, '/api/meetings', {
        kind: 'expert',
        title: `Meeting ${String(unique())}`,
        hostOrganisationId: await idOf('EUDA'),
        venue: 'EMCDDA premises',
        city: 'Lisbon',
        timeZone: 'Europe/Lisbon',
        start: '2027-03-10T09:00',
        end: '2027-03-10T17:00',
        invitedOrganisationIds: [await idOf('Europol')],
      }),
    ).json<{ id: string; title: string }>();
    return {
      id: meeting.id,
      title: meeting.title,
      url: `/api/meetings/${meeting.id}`,
      record: { table: 'meetings', key: 'id', id: meeting.id },
      audit: (action: AuditAction) => ({ action, targetType: 'meeting', targetId: meeting.id }),
    };
  }

  async function newDocument(
    marking: object = { classification: 'none', releasability: 'network' },
  ) {
    const { document } = done(
      await post(europol, '/api/documents', {
        title: `Document ${String(unique())}`,
        documentType: 'analysis',
        language: 'en',
        marking,
      }),
    ).json<{ document: { id: string; title: string } }>();
    return {
      id: document.id,
      title: document.title,
      url: `/api/documents/${document.id}`,
      record: { table: 'documents', key: 'id', id: document.id },
      audit: (action: AuditAction) => ({ action, targetType: 'document', targetId: document.id }),
    };
  }

  /** A draft report answering an obligation of a year of its own (one report per obligation). */
  async function newReport() {
    const year = 2050 + unique();
    const obligationId = randomUUID();
    await platform.services.database.db
      .insertInto('report_obligations')
      .values({
        id: obligationId,
        year,
        kind: 'progress',
        recipient_organisation_id: await idOf('COSI'),
        period: 'end',
        due_on: null,
        source: '2.4',
      })
      .execute();
    const report = done(
      await post(admin, '/api/reports', { obligationId, asOf: `${String(year)}-06-30` }),
    ).json<{
      id: string;
      title: string;
      version: number;
      sections: { id: string; kind: string }[];
    }>();
    const foreword = report.sections.find((section) => section.kind === 'foreword');
    assert.ok(foreword);
    return {
      ...report,
      url: `/api/reports/${report.id}`,
      foreword: foreword.id,
      record: { table: 'reports', key: 'id', id: report.id },
      audit: (action: AuditAction) => ({ action, targetType: 'report', targetId: report.id }),
    };
  }

  /** A draft report with Europol asked for its foreword, at the status the steps named reach. */
  async function contribution(steps: readonly ('write' | 'submit')[]) {
    const report = await newReport();
    const [asked] = done(
      await post(admin, `${report.url}/contributions`, {
        sectionId: report.foreword,
        organisationIds: [await idOf('Europol')],
        dueOn: '2099-12-31',
        note: '',
      }),
    ).json<{ id: string }[]>();
    assert.ok(asked);
    const url = `${report.url}/contributions/${asked.id}`;
    let version = 1;
    for (const step of steps) {
      done(
        await platform.request({
          method: step === 'write' ? 'PUT' : 'POST',
          url: `${url}/${step === 'write' ? 'text' : 'submit'}`,
          as: europol,
          ...(step === 'write' ? { body: { text: 'Europol took part.' } } : {}),
          headers: { 'if-match': `"${String(version)}"` },
        }),
      );
      version += 1;
    }
    return {
      report,
      url,
      record: { table: 'report_contributions', key: 'id', id: asked.id },
      audit: (action: AuditAction) => ({
        action,
        targetType: 'report_contribution',
        targetId: asked.id,
      }),
    };
  }

  /** A report finalised with the sign-off asked of every agency by the last day of 2099. */
  async function signoffAsked() {
    const report = await newReport();
    done(
      await platform.request({
        method: 'PUT',
        url: `${report.url}/signoff`,
        as: admin,
        body: { rule: 'explicit', dueOn: '2099-12-31' },
        headers: { 'if-match': `"${String(report.version)}"` },
      }),
    );
    done(
      await platform.request({
        method: 'POST',
        url: `${report.url}/finalise`,
        as: admin,
        headers: { 'if-match': `"${String(report.version + 1)}"` },
      }),
    );
    return report;
  }

  const restricted = { classification: 'restreint', releasability: 'network' };
  const schedule = () => ({ on: daysFromNow(30), classification: 'none', reason: 'Closed' });

  /** How to set up a target and a valid change, for every write that names a version. */
  /** A toolbox of its own with one theme, and an offer of Europol on it. */
  async function newToolboxOffer() {
    const toolbox = done(
      await post(admin, '/api/toolboxes', {
        title: `Toolbox ${String(unique())}`,
        themes: [{ title: 'Returns' }],
      }),
    ).json<{ id: string; title: string; version: number }>();
    const offer = done(
      await post(europol, `/api/toolboxes/${toolbox.id}/offers`, {
        agency: 'Europol',
        kind: 'service',
        title: 'Analysis of return cases',
        contactPoint: 'Operations directorate',
        themes: ['Returns'],
      }),
    ).json<{ id: string }>();
    return {
      toolbox,
      offerUrl: `/api/toolbox-offers/${offer.id}`,
      offerRecord: { table: 'toolbox_offers', key: 'id', id: offer.id },
      offerAudit: (action: AuditAction) => ({
        action,
        targetType: 'toolbox_offer',
        targetId: offer.id,
      }),
      toolboxRecord: { table: 'toolboxes', key: 'id', id: toolbox.id },
      toolboxAudit: (action: AuditAction) => ({
        action,
        targetType: 'toolbox',
        targetId: toolbox.id,
      }),
    };
  }

  const fixtures: Record<string, Fixture[]> = {
    'PATCH /api/me': [
      {
        async setUp() {
          const user = await newUser();
          return {
            url: '/api/me',
            as: await platform.login(user),
            body: { name: 'A new name' },
            same: { name: user.name },
            record: userRecord(user.id),
            audit: { action: 'user.update', targetType: 'user', targetId: user.id },
          };
        },
      },
    ],
    'PATCH /api/users/{id}': [
      {
        async setUp() {
          const user = await newUser();
          return {
            url: `/api/users/${user.id}`,
            as: admin,
            body: { role: 'contact' },
            same: { role: 'member', organisationId: await idOf('Frontex') },
            record: userRecord(user.id),
            audit: { action: 'user.update', targetType: 'user', targetId: user.id },
          };
        },
      },
    ],
    'POST /api/users/{id}/disable': [
      {
        async setUp() {
          const user = await newUser();
          return {
            url: `/api/users/${user.id}/disable`,
            as: admin,
            record: userRecord(user.id),
            audit: { action: 'user.disable', targetType: 'user', targetId: user.id },
          };
        },
      },
    ],
    'POST /api/users/{id}/enable': [
      {
        async setUp() {
          const user = await newUser(true);
          return {
            url: `/api/users/${user.id}/enable`,
            as: admin,
            record: userRecord(user.id),
            audit: { action: 'user.enable', targetType: 'user', targetId: user.id },
          };
        },
      },
    ],
    'PATCH /api/agencies/{id}': [organisationFixture('agency')],
    'PATCH /api/bodies/{id}': [organisationFixture('body')],
    'PUT /api/chairs/{year}': [
      {
        name: 'a recorded year',
        async setUp() {
          const year = chairYear();
          await platform.request({
            method: 'PUT',
            url: `/api/chairs/${String(year)}`,
            as: admin,
            body: { organisationId: await idOf('Europol'), note: 'First' },
          });
          return {
            url: `/api/chairs/${String(year)}`,
            as: admin,
            body: { organisationId: await idOf('Frontex'), note: 'Second' },
            same: { organisationId: await idOf('Europol'), note: 'First' },
            record: { table: 'chair_years', key: 'year', id: year },
            audit: { action: 'chair_year.set', targetType: 'chair_year', targetId: String(year) },
          };
        },
      },
      {
        name: 'a year not recorded yet',
        // Those that find the year recorded when they arrive must name its version (428).
        refusals: [428],
        creates: true,
        async setUp() {
          const year = chairYear();
          return {
            url: `/api/chairs/${String(year)}`,
            as: admin,
            body: { organisationId: await idOf('Europol'), note: 'Created' },
            record: { table: 'chair_years', key: 'year', id: year },
            audit: { action: 'chair_year.set', targetType: 'chair_year', targetId: String(year) },
          };
        },
      },
    ],
    'PATCH /api/priorities/{year}/versions/{version}': [
      {
        async setUp() {
          const draft = await newDraft();
          const title = (await platform.request({ url: draft.base, as: admin })).json<{
            title: string;
          }>().title;
          return {
            url: draft.base,
            as: admin,
            body: { title: 'A new title' },
            same: { title },
            record: draft.record,
            audit: prioritiesAudit(draft.id),
          };
        },
      },
    ],
    'DELETE /api/priorities/{year}/versions/{version}': [
      {
        removes: true,
        async setUp() {
          const draft = await newDraft();
          return {
            url: draft.base,
            as: admin,
            record: draft.record,
            audit: prioritiesAudit(draft.id, 'priorities.delete'),
          };
        },
      },
    ],
    'PATCH /api/priorities/{year}/versions/{version}/sections/{section}': [
      {
        async setUp() {
          const draft = await newDraft();
          const section = (await platform.request({ url: draft.base, as: admin })).json<{
            sections: { number: string; title: string; objective: string }[];
          }>().sections[0];
          assert.ok(section);
          return {
            url: `${draft.base}/sections/${section.number}`,
            as: admin,
            body: { title: 'A new section title' },
            same: { title: section.title, objective: section.objective },
            record: draft.record,
            audit: prioritiesAudit(draft.id),
          };
        },
      },
    ],
    'POST /api/priorities/{year}/versions/{version}/sections/{section}/lines': [
      {
        async setUp() {
          const draft = await newDraft();
          return {
            url: `${draft.base}/sections/1.1/lines`,
            as: admin,
            body: { text: 'A new line of action.' },
            record: draft.record,
            audit: prioritiesAudit(draft.id),
          };
        },
      },
    ],
    'PATCH /api/priorities/{year}/versions/{version}/lines/{key}': [
      {
        async setUp() {
          const draft = await newDraft();
          const line = await lineOf(draft);
          return {
            url: `${draft.base}/lines/${line.key}`,
            as: admin,
            body: { text: `${line.text} (changed)` },
            same: { text: line.text, section: '1.1', position: 1 },
            record: draft.record,
            audit: prioritiesAudit(draft.id),
          };
        },
      },
    ],
    'DELETE /api/priorities/{year}/versions/{version}/lines/{key}': [
      {
        async setUp() {
          const draft = await newDraft();
          const line = await lineOf(draft);
          return {
            url: `${draft.base}/lines/${line.key}`,
            as: admin,
            record: draft.record,
            audit: prioritiesAudit(draft.id),
          };
        },
      },
    ],
    'POST /api/priorities/{year}/versions/{version}/consultation': [
      {
        async setUp() {
          const draft = await newDraft();
          return {
            url: `${draft.base}/consultation`,
            as: admin,
            body: { deadline: daysFromNow(14) },
            record: draft.record,
            audit: prioritiesAudit(draft.id, 'priorities.consultation_open'),
          };
        },
      },
    ],
    'POST /api/priorities/{year}/versions/{version}/agreement': [
      {
        // Those that arrive once it is agreed are told it is frozen.
        refusals: [409],
        async setUp() {
          const draft = await newDraft();
          return {
            url: `${draft.base}/agreement`,
            as: admin,
            body: { agreedOn: today(), agreedAt: 'A meeting of the network' },
            record: draft.record,
            audit: prioritiesAudit(draft.id, 'priorities.agree'),
          };
        },
      },
    ],
    'PATCH /api/priorities/{year}/versions/{version}/consultation/answers/{id}': [
      {
        async setUp() {
          const answer = await newAnswer();
          return {
            url: answer.url,
            as: europol,
            body: { text: 'A changed comment.' },
            same: { text: 'A comment.', kind: 'comment', section: '1.1' },
            record: answer.record,
            audit: {
              action: 'priority_answer.update',
              targetType: 'priority_answer',
              targetId: answer.id,
            },
          };
        },
      },
    ],
    'DELETE /api/priorities/{year}/versions/{version}/consultation/answers/{id}': [
      {
        removes: true,
        async setUp() {
          const answer = await newAnswer();
          return {
            url: answer.url,
            as: europol,
            record: answer.record,
            audit: {
              action: 'priority_answer.withdraw',
              targetType: 'priority_answer',
              targetId: answer.id,
            },
          };
        },
      },
    ],
    'PATCH /api/activities/{id}': [
      {
        async setUp() {
          const activity = await newActivity();
          return {
            url: activity.url,
            as: europol,
            body: { description: 'Changed.' },
            same: { description: 'As planned.', lead: 'Europol' },
            record: activity.record,
            audit: activity.audit('activity.update'),
          };
        },
      },
    ],
    'PATCH /api/products/{id}': [
      {
        async setUp() {
          const product = await newProduct();
          return {
            url: product.url,
            as: europol,
            body: { summary: 'Changed.' },
            same: { summary: 'As published.', agencies: ['Europol'] },
            record: product.record,
            audit: product.audit('product.update'),
          };
        },
      },
    ],
    'DELETE /api/products/{id}': [
      {
        removes: true,
        async setUp() {
          const product = await newProduct();
          return {
            url: product.url,
            as: europol,
            record: product.record,
            audit: product.audit('product.delete'),
          };
        },
      },
    ],
    'DELETE /api/activities/{id}': [
      {
        removes: true,
        async setUp() {
          const activity = await newActivity();
          return {
            url: activity.url,
            as: admin,
            record: activity.record,
            audit: activity.audit('activity.delete'),
          };
        },
      },
    ],
    'POST /api/activities/{id}/updates': [
      {
        async setUp() {
          const activity = await newActivity();
          return {
            url: `${activity.url}/updates`,
            as: europol,
            body: { postedOn: today(), text: 'Work started.', status: 'ongoing' },
            record: activity.record,
            audit: activity.audit('activity.progress'),
          };
        },
      },
    ],
    'PUT /api/activities/{id}/offers': [
      {
        async setUp() {
          const activity = await newActivity();
          const { offerRecord } = await newToolboxOffer();
          return {
            url: `${activity.url}/offers`,
            as: europol,
            body: { offers: [offerRecord.id] },
            same: { offers: [] },
            record: activity.record,
            audit: activity.audit('activity.offers'),
          };
        },
      },
    ],
    'PATCH /api/meetings/{id}': [
      {
        async setUp() {
          const meeting = await newMeeting();
          return {
            url: meeting.url,
            as: admin,
            body: { title: 'A new title' },
            same: { title: meeting.title, city: 'Lisbon', start: '2027-03-10T09:00' },
            record: meeting.record,
            audit: meeting.audit('meeting.update'),
          };
        },
      },
    ],
    'POST /api/meetings/{id}/cancel': [
      {
        // Those that arrive once it is cancelled are told so.
        refusals: [409],
        async setUp() {
          const meeting = await newMeeting();
          return {
            url: `${meeting.url}/cancel`,
            as: admin,
            record: meeting.record,
            audit: meeting.audit('meeting.cancel'),
          };
        },
      },
    ],
    'PUT /api/meetings/{id}/outcomes': [
      {
        async setUp() {
          const meeting = await newMeeting();
          return {
            url: `${meeting.url}/outcomes`,
            as: admin,
            body: { minutes: 'What was said.' },
            same: { minutes: '', report: '', reportInFinalReport: false },
            record: meeting.record,
            audit: meeting.audit('meeting.outcomes_update'),
          };
        },
      },
    ],
    'PATCH /api/meetings/{id}/action-points/{childId}': [
      {
        async setUp() {
          const meeting = await newMeeting();
          const point = done(
            await post(admin, `${meeting.url}/action-points`, {
              text: 'Follow up.',
              ownerOrganisationId: await idOf('Europol'),
              dueOn: daysFromNow(30),
            }),
          ).json<{ id: string }>();
          return {
            url: `${meeting.url}/action-points/${point.id}`,
            as: admin,
            body: { status: 'done' },
            same: { status: 'open', activityId: null },
            record: { table: 'meeting_action_points', key: 'id', id: point.id },
            audit: {
              action: 'meeting.action_point_update',
              targetType: 'action_point',
              targetId: point.id,
            },
          };
        },
      },
    ],
    'PATCH /api/documents/{id}': [
      {
        async setUp() {
          const document = await newDocument();
          return {
            url: document.url,
            as: europol,
            body: { title: 'A new title' },
            same: { title: document.title, language: 'en', links: {} },
            record: document.record,
            audit: document.audit('document.update'),
          };
        },
      },
    ],
    'POST /api/documents/{id}/versions': [
      {
        async setUp() {
          const document = await newDocument();
          return {
            url: `${document.url}/versions?filename=notes.txt`,
            as: europol,
            upload: { contentType: 'application/octet-stream', payload: Buffer.from('Notes.\n') },
            record: document.record,
            audit: document.audit('document.version_add'),
          };
        },
      },
    ],
    'PUT /api/documents/{id}/marking': [
      {
        async setUp() {
          const document = await newDocument();
          return {
            url: `${document.url}/marking`,
            as: europol,
            body: {
              marking: { classification: 'none', releasability: 'network', limite: true },
              reason: 'Distribution limited',
            },
            record: document.record,
            audit: document.audit('document.mark'),
          };
        },
      },
    ],
    'PUT /api/documents/{id}/schedule': [
      {
        async setUp() {
          const document = await newDocument(restricted);
          return {
            url: `${document.url}/schedule`,
            as: europol,
            body: schedule(),
            record: document.record,
            audit: document.audit('document.schedule'),
          };
        },
      },
    ],
    'DELETE /api/documents/{id}/schedule': [
      {
        async setUp() {
          const document = await newDocument(restricted);
          const version = await storedVersion(document.record);
          const scheduled = await platform.request({
            method: 'PUT',
            url: `${document.url}/schedule`,
            as: europol,
            body: schedule(),
            headers: { 'if-match': `"${String(version)}"` },
          });
          assert.equal(scheduled.statusCode, 200, scheduled.body);
          return {
            url: `${document.url}/schedule`,
            as: europol,
            record: document.record,
            audit: document.audit('document.schedule_cancel'),
          };
        },
      },
    ],
    'PATCH /api/trainings/{id}': [
      {
        async setUp() {
          const training = await newTraining();
          return {
            url: training.url,
            as: europol,
            body: { place: 'The Hague, NL' },
            same: { place: 'Online', organiser: 'Europol' },
            record: training.record,
            audit: training.audit('training.update'),
          };
        },
      },
    ],
    'DELETE /api/trainings/{id}': [
      {
        removes: true,
        async setUp() {
          const training = await newTraining();
          return {
            url: training.url,
            as: europol,
            record: training.record,
            audit: training.audit('training.delete'),
          };
        },
      },
    ],
    'PATCH /api/reports/{id}': [
      {
        async setUp() {
          const report = await newReport();
          return {
            url: report.url,
            as: admin,
            body: { title: 'Report to COSI, as retitled' },
            same: { title: report.title },
            record: report.record,
            audit: report.audit('report.update'),
          };
        },
      },
    ],
    'PUT /api/reports/{id}/sections/{sectionId}': [
      {
        async setUp() {
          const report = await newReport();
          return {
            url: `${report.url}/sections/${report.foreword}`,
            as: admin,
            body: { text: 'The chair opens the report.' },
            same: { text: '' },
            record: { table: 'report_sections', key: 'id', id: report.foreword },
            audit: {
              action: 'report.section_edit',
              targetType: 'report_section',
              targetId: report.foreword,
            },
          };
        },
      },
    ],
    'POST /api/reports/{id}/finalise': [
      {
        async setUp() {
          const report = await newReport();
          return {
            url: `${report.url}/finalise`,
            as: admin,
            record: report.record,
            audit: report.audit('report.finalise'),
          };
        },
      },
    ],
    'PUT /api/reports/{id}/contributions/{contributionId}/text': [
      {
        async setUp() {
          const asked = await contribution([]);
          return {
            url: `${asked.url}/text`,
            as: europol,
            body: { text: 'Europol took part in every joint action day.' },
            same: { text: '' },
            record: asked.record,
            audit: asked.audit('report.contribution_write'),
          };
        },
      },
    ],
    'POST /api/reports/{id}/contributions/{contributionId}/submit': [
      {
        async setUp() {
          const asked = await contribution(['write']);
          return {
            url: `${asked.url}/submit`,
            as: europol,
            record: asked.record,
            audit: asked.audit('report.contribution_submit'),
          };
        },
      },
    ],
    'POST /api/reports/{id}/contributions/{contributionId}/accept': [
      {
        async setUp() {
          const asked = await contribution(['write', 'submit']);
          return {
            url: `${asked.url}/accept`,
            as: admin,
            record: asked.record,
            audit: asked.audit('report.contribution_accept'),
          };
        },
      },
    ],
    'PUT /api/reports/{id}/signoff': [
      {
        async setUp() {
          const report = await newReport();
          done(
            await platform.request({
              method: 'PUT',
              url: `${report.url}/signoff`,
              as: admin,
              body: { rule: 'explicit', dueOn: '2099-12-31' },
              headers: { 'if-match': `"${String(report.version)}"` },
            }),
          );
          return {
            url: `${report.url}/signoff`,
            as: admin,
            body: { rule: 'silence', dueOn: '2099-11-30' },
            same: { rule: 'explicit', dueOn: '2099-12-31' },
            record: report.record,
            audit: report.audit('report.signoff_procedure'),
          };
        },
      },
    ],
    'PUT /api/reports/{id}/signoff/{organisationId}': [
      {
        async setUp() {
          const report = await signoffAsked();
          const organisationId = await idOf('Europol');
          const answer = await platform.services.database.db
            .selectFrom('report_signoffs')
            .select('id')
            .where('report_id', '=', report.id)
            .where('organisation_id', '=', organisationId)
            .executeTakeFirstOrThrow();
          return {
            url: `${report.url}/signoff/${organisationId}`,
            as: europol,
            body: { answer: 'approved', comment: '' },
            record: { table: 'report_signoffs', key: 'id', id: answer.id },
            audit: {
              action: 'report.signoff_answer',
              targetType: 'report_signoff',
              targetId: answer.id,
            },
          };
        },
      },
    ],
    'POST /api/reports/{id}/reopen': [
      {
        async setUp() {
          const report = await signoffAsked();
          return {
            url: `${report.url}/reopen`,
            as: admin,
            record: report.record,
            audit: report.audit('report.reopen'),
          };
        },
      },
    ],
    'POST /api/reports/{id}/submit': [
      {
        async setUp() {
          const report = await newReport();
          done(
            await platform.request({
              method: 'POST',
              url: `${report.url}/finalise`,
              as: admin,
              headers: { 'if-match': `"${String(report.version)}"` },
            }),
          );
          done(
            await platform.request({
              method: 'PUT',
              url: `${report.url}/signoff`,
              as: admin,
              body: { rule: 'silence', dueOn: '2000-01-01' },
              headers: { 'if-match': `"${String(report.version + 1)}"` },
            }),
          );
          return {
            url: `${report.url}/submit`,
            as: admin,
            body: { submittedOn: today() },
            record: report.record,
            audit: report.audit('report.submit'),
          };
        },
      },
    ],
    'PATCH /api/toolboxes/{id}': [
      {
        async setUp() {
          const made = await newToolboxOffer();
          return {
            url: `/api/toolboxes/${made.toolbox.id}`,
            as: admin,
            body: { description: 'What the agencies offer on returns.' },
            same: { title: made.toolbox.title },
            record: made.toolboxRecord,
            audit: made.toolboxAudit('toolbox.update'),
          };
        },
      },
    ],
    'POST /api/toolboxes/{id}/themes': [
      {
        async setUp() {
          const made = await newToolboxOffer();
          return {
            url: `/api/toolboxes/${made.toolbox.id}/themes`,
            as: admin,
            body: { title: 'Document fraud' },
            record: made.toolboxRecord,
            audit: made.toolboxAudit('toolbox.theme_add'),
          };
        },
      },
    ],
    'PATCH /api/toolbox-offers/{id}': [
      {
        async setUp() {
          const made = await newToolboxOffer();
          return {
            url: made.offerUrl,
            as: europol,
            body: { description: 'Changed.' },
            same: { title: 'Analysis of return cases', agency: 'Europol' },
            record: made.offerRecord,
            audit: made.offerAudit('toolbox_offer.update'),
          };
        },
      },
    ],
    'DELETE /api/toolbox-offers/{id}': [
      {
        removes: true,
        async setUp() {
          const made = await newToolboxOffer();
          return {
            url: made.offerUrl,
            as: europol,
            record: made.offerRecord,
            audit: made.offerAudit('toolbox_offer.delete'),
          };
        },
      },
    ],
  };

  const keyOf = (operation: { method: string; path: string }) =>
    `${operation.method} ${operation.path}`;

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europol = await platform.session('contact', 'Europol');
    // Restricted documents need a signatory agency and a briefed author.
    const signed = await platform.request({
      method: 'PUT',
      url: `/api/euci-agreement/${await idOf('Europol')}`,
      as: admin,
      body: { signedOn: '2017-06-01' },
    });
    const confirmer = await platform.session('admin', 'Eurojust');
    const confirm = (url: string) => platform.request({ method: 'POST', url, as: confirmer });
    await throughFourEyes(signed, confirm);
    const briefed = await platform.request({
      method: 'PUT',
      url: `/api/users/${europol.user.id}/clearance`,
      as: admin,
      body: { clearance: 'none', briefedOn: '2017-05-01' },
    });
    await throughFourEyes(briefed, confirm);
    const document = await platform.request({ url: '/api/openapi.json' });
    operations = operationsOf(document.json());
  });
  after(() => platform.close());

  test('every operation that takes If-Match has a fixture, and every fixture an operation', () => {
    const named = operations.filter((o) => o.ifMatch).map(keyOf);
    assert.ok(named.length > 20, 'the document lists the If-Match writes');
    assert.deepEqual(
      named.filter((key) => !fixtures[key]),
      [],
      'write a fixture for each new If-Match operation',
    );
    const known = new Set(operations.map(keyOf));
    assert.deepEqual(
      Object.keys(fixtures).filter((key) => !known.has(key)),
      [],
    );
  });

  for (const [key, list] of Object.entries(fixtures)) {
    for (const fixture of list) {
      const name = fixture.name ? `${key} (${fixture.name})` : key;

      test(`${name}: one of ${String(WIDTH)} wins, the others are refused`, async () => {
        const operation = operations.find((o) => keyOf(o) === key);
        assert.ok(operation, `${key} is in the OpenAPI document`);
        const target = await fixture.setUp();
        const version = await storedVersion(target.record);
        assert.equal(
          version === null,
          fixture.creates === true,
          'the target exists unless created',
        );
        const entriesBefore = await auditEntries(target.audit.targetId);

        const responses = await Promise.all(
          Array.from({ length: WIDTH }, () => send(target, operation.method, target.body, version)),
        );

        const statuses = responses.map((r) => r.statusCode);
        const refusals = new Set([412, ...(fixture.refusals ?? [])]);
        const won = responses.filter((r) => r.statusCode === operation.success);
        assert.equal(won.length, 1, `exactly one wins: ${statuses.join(' ')}`);
        const others = responses.filter((r) => r.statusCode !== operation.success);
        const unexpected = others.filter(
          (r) => !refusals.has(r.statusCode) && !(fixture.removes && r.statusCode === 404),
        );
        assert.deepEqual(
          unexpected.map((r) => `${String(r.statusCode)} ${r.body.slice(0, 160)}`),
          [],
          'the others are refused as stale',
        );

        const after = await storedVersion(target.record);
        if (fixture.removes) assert.equal(after, null, 'the record is gone');
        else {
          assert.equal(after, (version ?? 0) + 1, 'the version rose by exactly one');
          const etag = won[0]?.headers.etag;
          if (etag !== undefined) assert.equal(etag, `"${String(after)}"`);
        }
        const entries = (await auditEntries(target.audit.targetId)).slice(entriesBefore.length);
        assert.deepEqual(entries, [target.audit], 'exactly one audit entry, of the winner');
      });

      if ((key.startsWith('PATCH ') || key.startsWith('PUT ')) && !fixture.creates) {
        test(`${name}: a change of nothing writes nothing`, async () => {
          const found = operations.find((o) => keyOf(o) === key);
          assert.ok(found);
          const target = await fixture.setUp();
          const version = await storedVersion(target.record);
          const entriesBefore = await auditEntries(target.audit.targetId);
          const bodies: object[] = [{}, ...(target.same ? [target.same] : [])];
          for (const body of bodies) {
            const response = await send(target, found.method, body, version);
            const expected: number =
              Object.keys(body).length === 0 && found.bodyRequired ? 400 : 200;
            assert.equal(
              response.statusCode,
              expected,
              `${JSON.stringify(body)}: ${response.body}`,
            );
            if (expected === 200) assert.equal(response.headers.etag, `"${String(version)}"`);
            assert.equal(await storedVersion(target.record), version, JSON.stringify(body));
          }
          assert.deepEqual(
            (await auditEntries(target.audit.targetId)).slice(entriesBefore.length),
            [],
            'no audit entry',
          );
        });
      }
    }
  }
});
