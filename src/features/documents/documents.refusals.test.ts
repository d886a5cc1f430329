import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { REFUSAL_BUDGET } from '../audit/audit.service.js';
import type { DocumentDetail } from './documents.model.js';

/** A problem without what differs between any two requests: to compare two answers. */
function shapeOf(response: LightMyRequestResponse): unknown {
  if (!String(response.headers['content-type']).includes('json')) {
    return { status: response.statusCode, body: response.body.replace(/[0-9a-f-]{36}/g, '') };
  }
  const problem = response.json<Record<string, unknown>>();
  delete problem.requestId;
  delete problem.instance;
  return { status: response.statusCode, ...problem };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

describe('refused reads of documents', () => {
  let platform: TestPlatform;
  let owner: Session;
  let prober: Session;
  let hidden: DocumentDetail;
  let shared: DocumentDetail;

  const refusals = async (actorId: string, targetId?: string) =>
    (
      await platform.services.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'access.not_found')
        .where('actor_user_id', '=', actorId)
        .$if(targetId !== undefined, (q) => q.where('target_id', '=', targetId ?? ''))
        .orderBy('seq')
        .execute()
    ).map((e) => ({ ...e, changes: JSON.parse(e.changes) as Record<string, unknown> }));

  async function register(session: Session, title: string, releasability: string) {
    const response = await platform.request({
      method: 'POST',
      url: '/api/documents',
      as: session,
      body: {
        title,
        documentType: 'analysis',
        language: 'en',
        marking: { classification: 'none', releasability },
      },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ document: DocumentDetail }>().document;
  }

  before(async () => {
    platform = await testPlatform();
    owner = await platform.session('contact', 'Europol');
    prober = await platform.session('contact', 'Frontex');
    hidden = await register(owner, 'Kept in the originator agency', 'originator');
    shared = await register(owner, 'Shared with the network', 'network');
  });
  after(() => platform.close());

  test('a hidden document and a missing one get one answer and one entry each, with the id asked for', async () => {
    const missing = randomUUID();
    for (const url of ['/api/documents/{id}', '/api/documents/{id}/downloads', '/documents/{id}']) {
      const [toHidden, toMissing] = [
        await platform.request({ url: url.replace('{id}', hidden.id), as: prober }),
        await platform.request({ url: url.replace('{id}', missing), as: prober }),
      ];
      assert.equal(toHidden.statusCode, 404, url);
      assert.deepEqual(shapeOf(toHidden), shapeOf(toMissing), url);
    }
    const onHidden = await refusals(prober.user.id, hidden.id);
    const onMissing = await refusals(prober.user.id, missing);
    assert.equal(onHidden.length, 3);
    assert.equal(onMissing.length, 3);
    for (const [a, b] of onHidden.map((entry, i) => [entry, onMissing[i]] as const)) {
      assert.ok(b);
      assert.equal(a.target_type, 'document');
      assert.equal(b.target_type, 'document');
      assert.equal(a.actor_email, prober.user.email);
      assert.deepEqual(a.changes, b.changes);
    }
    assert.deepEqual(
      onHidden.map((e) => e.changes.route),
      ['GET /api/documents/:id', 'GET /api/documents/:id/downloads', 'GET /documents/:id'],
    );
    // A write to a document the caller cannot read is refused, and recorded, the same way.
    const write = await platform.request({
      method: 'PATCH',
      url: `/api/documents/${hidden.id}`,
      as: prober,
      headers: { 'if-match': `"${String(hidden.version)}"` },
      body: { title: 'Mine now' },
    });
    assert.equal(write.statusCode, 404);
    assert.equal((await refusals(prober.user.id, hidden.id)).length, 4);
    // What the caller may read is not a refusal.
    assert.equal(
      (await platform.request({ url: `/api/documents/${shared.id}`, as: prober })).statusCode,
      200,
    );
    assert.equal((await refusals(prober.user.id, shared.id)).length, 0);
    assert.equal((await platform.services.audit.verify()).ok, true);
  });

  test('a hidden document and a missing one take the same time to refuse', async () => {
    const timings: Record<'hidden' | 'missing', number[]> = { hidden: [], missing: [] };
    for (let round = 0; round < 15; round += 1) {
      for (const kind of ['hidden', 'missing'] as const) {
        const id = kind === 'hidden' ? hidden.id : randomUUID();
        const started = process.hrtime.bigint();
        const response = await platform.request({ url: `/api/documents/${id}`, as: prober });
        timings[kind].push(Number(process.hrtime.bigint() - started) / 1e6);
        assert.equal(response.statusCode, 404);
      }
    }
    const [a, b] = [median(timings.hidden), median(timings.missing)];
    // The same statements run for both; the bound only absorbs a busy machine's noise.
    assert.ok(Math.abs(a - b) <= Math.max(a, b) * 0.5 + 5, `hidden ${a} ms, missing ${b} ms`);
  });

  test(`past ${REFUSAL_BUDGET} refusals in the window an account gets 429, and nothing more is written`, async () => {
    const flooder = await platform.session('member', 'EIGE');
    for (let i = 0; i < REFUSAL_BUDGET; i += 1) {
      const response = await platform.request({
        url: `/api/documents/${i % 2 === 0 ? hidden.id : randomUUID()}`,
        as: flooder,
      });
      assert.equal(response.statusCode, 404);
    }
    const written = (await refusals(flooder.user.id)).length;
    assert.equal(written, REFUSAL_BUDGET);
    const answers = [
      await platform.request({ url: `/api/documents/${hidden.id}`, as: flooder }),
      await platform.request({ url: `/api/documents/${randomUUID()}`, as: flooder }),
      await platform.request({ url: '/api/audit', as: flooder }),
    ];
    for (const response of answers) {
      assert.equal(response.statusCode, 429, response.body);
      assert.ok(Number(response.headers['retry-after']) > 0);
    }
    assert.deepEqual(
      shapeOf(answers[0] as LightMyRequestResponse),
      shapeOf(answers[1] as LightMyRequestResponse),
    );
    assert.equal((await refusals(flooder.user.id)).length, written);
    const denied = await platform.services.audit.list(
      { action: 'access.denied', actor: flooder.user.email },
      1,
      1,
    );
    assert.equal(denied.total, 0);
    // What the account may read it still reads, and nobody else is slowed down.
    assert.equal(
      (await platform.request({ url: `/api/documents/${shared.id}`, as: flooder })).statusCode,
      200,
    );
    assert.equal(
      (await platform.request({ url: `/api/documents/${hidden.id}`, as: prober })).statusCode,
      404,
    );
  });
});
