import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import {
  freshDatabase,
  testPlatform,
  type Session,
  type TestPlatform,
} from '../../../test/support/platform.js';
import { loadConfig } from '../../config.js';
import { startPlatform, type Platform } from '../../platform.js';
import type { AuditAction } from '../audit/audit.events.js';
import type { DocumentDetail } from './documents.model.js';
import type { Clearance, EuciRequest } from './euci.service.js';

describe('four eyes on access to EU classified information', () => {
  let platform: TestPlatform;
  /** The secretariat's administrator, who asks for most changes here. */
  let secretariat: Session;
  let europolAdmin: Session;
  let europolColleague: Session;
  let frontexAdmin: Session;
  let frontexContact: Session;
  let restricted: DocumentDetail;

  const api: TestPlatform['api'] = (...request) => platform.api(...request);

  const idOf = async (acronym: string) => (await platform.services.network.get(acronym)).id;

  const sign = async (as: Session, acronym: string, signedOn = '2019-06-01') =>
    api(as, `/api/euci-agreement/${await idOf(acronym)}`, 'PUT', { signedOn });

  const clear = (as: Session, userId: string, clearance: string, briefedOn: string | null) =>
    api(as, `/api/users/${userId}/clearance`, 'PUT', { clearance, briefedOn });

  const confirm = (as: Session, id: string) => api(as, `/api/euci-requests/${id}/confirm`, 'POST');
  const reject = (as: Session, id: string) => api(as, `/api/euci-requests/${id}/reject`, 'POST');

  function requestOf(response: LightMyRequestResponse): EuciRequest {
    assert.equal(response.statusCode, 202, response.body);
    const request = response.json<EuciRequest>();
    assert.equal(request.status, 'pending');
    return request;
  }

  function refusedFourEyes(response: LightMyRequestResponse): void {
    assert.equal(response.statusCode, 403, response.body);
    assert.equal(response.json<{ code: string }>().code, 'four_eyes');
  }

  async function lastEntry(action: AuditAction) {
    const [entry] = (await platform.services.audit.list({ action }, 1, 1)).items;
    assert.ok(entry, `an audit entry ${action}`);
    return { ...entry, changes: JSON.parse(entry.changes) as Record<string, unknown> };
  }

  const auditCount = async (action: AuditAction, targetId: string) =>
    (await platform.services.audit.list({ action, targetId }, 1, 1)).total;

  const clearanceOf = async (userId: string): Promise<Clearance | undefined> =>
    (await platform.services.euci.clearances()).find((c) => c.userId === userId);

  before(async () => {
    platform = await testPlatform();
    secretariat = await platform.session('admin', 'EUDA');
    europolAdmin = await platform.session('admin', 'Europol');
    europolColleague = await platform.session('admin', 'Europol');
    frontexAdmin = await platform.session('admin', 'Frontex');
    frontexContact = await platform.session('contact', 'Frontex');

    // Frontex signs and its contact point is briefed, each confirmed by another agency.
    const frontexSigns = requestOf(await sign(secretariat, 'Frontex'));
    refusedFourEyes(await confirm(frontexAdmin, frontexSigns.id));
    assert.equal((await confirm(europolAdmin, frontexSigns.id)).statusCode, 200);
    const briefing = requestOf(
      await clear(secretariat, frontexContact.user.id, 'none', '2019-07-01'),
    );
    assert.equal((await confirm(europolAdmin, briefing.id)).statusCode, 200);
    const registered = await api(frontexContact, '/api/documents', 'POST', {
      title: 'Restricted risk analysis',
      documentType: 'analysis',
      language: 'en',
      marking: { classification: 'restreint', releasability: 'network' },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    restricted = registered.json<{ document: DocumentDetail }>().document;
  });
  after(() => platform.close());

  test('an administrator alone cannot give themselves access to RESTREINT UE', async () => {
    const europol = await idOf('Europol');
    const readable = async () =>
      (await api(europolAdmin, `/api/documents/${restricted.id}`)).statusCode;
    assert.equal(await readable(), 404);

    const signature = requestOf(await sign(europolAdmin, 'Europol'));
    const briefing = requestOf(
      await clear(europolAdmin, europolAdmin.user.id, 'none', '2019-07-02'),
    );
    assert.equal(await readable(), 404, 'nothing takes effect before it is confirmed');
    assert.equal(
      (await platform.services.euci.signatories()).find((s) => s.organisationId === europol)
        ?.signedOn,
      null,
    );
    assert.equal((await clearanceOf(europolAdmin.user.id))?.briefedOn, null);
    const requested = await lastEntry('euci.request');
    assert.equal(requested.target_type, 'user');
    assert.equal(requested.target_id, europolAdmin.user.id);
    assert.equal(requested.actor_user_id, europolAdmin.user.id);
    assert.deepEqual(requested.changes.briefedOn, { before: null, after: '2019-07-02' });
    assert.equal(await auditCount('euci.request', europol), 1);

    // Not by the requester, not by a colleague of the same agency, not by the one who gains.
    refusedFourEyes(await confirm(europolAdmin, signature.id));
    refusedFourEyes(await confirm(europolAdmin, briefing.id));
    refusedFourEyes(await confirm(europolColleague, signature.id));
    refusedFourEyes(await confirm(europolColleague, briefing.id));
    const forFrontexAdmin = requestOf(
      await clear(secretariat, frontexAdmin.user.id, 'none', '2019-08-01'),
    );
    refusedFourEyes(await confirm(frontexAdmin, forFrontexAdmin.id));
    assert.equal(await readable(), 404);

    // An administrator of another agency confirms: each change takes effect on its own.
    const signed = await confirm(frontexAdmin, signature.id);
    assert.equal(signed.statusCode, 200, signed.body);
    assert.equal(signed.json<EuciRequest>().status, 'confirmed');
    const confirmedSignature = await lastEntry('euci.confirm');
    assert.equal(confirmedSignature.target_type, 'euci_agreement');
    assert.equal(confirmedSignature.target_id, europol);
    assert.equal(confirmedSignature.actor_user_id, frontexAdmin.user.id);
    assert.equal(confirmedSignature.changes.requestedBy, europolAdmin.user.email);
    assert.deepEqual(confirmedSignature.changes.signedOn, { before: null, after: '2019-06-01' });
    assert.equal(await readable(), 404, 'the briefing is still waiting');

    assert.equal((await confirm(secretariat, briefing.id)).statusCode, 200);
    const confirmedBriefing = await lastEntry('euci.confirm');
    assert.equal(confirmedBriefing.target_type, 'user');
    assert.equal(confirmedBriefing.target_id, europolAdmin.user.id);
    assert.equal(confirmedBriefing.actor_user_id, secretariat.user.id);
    assert.equal(await readable(), 200);
  });

  test('narrowing access takes effect at once and is audited', async () => {
    const europol = await idOf('Europol');
    const lowered = await clear(secretariat, europolAdmin.user.id, 'none', null);
    assert.equal(lowered.statusCode, 200, lowered.body);
    assert.equal(lowered.json<Clearance>().briefedOn, null);
    const entry = await lastEntry('user.clearance');
    assert.equal(entry.target_id, europolAdmin.user.id);
    assert.equal(entry.actor_user_id, secretariat.user.id);
    assert.deepEqual(entry.changes.briefedOn, { before: '2019-07-02', after: null });
    assert.equal((await api(europolAdmin, `/api/documents/${restricted.id}`)).statusCode, 404);

    const withdrawn = await api(europolAdmin, `/api/euci-agreement/${europol}`, 'DELETE');
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    const withdrawal = await lastEntry('euci.withdraw');
    assert.equal(withdrawal.target_id, europol);
    assert.equal(withdrawal.actor_user_id, europolAdmin.user.id);
  });

  test('a rejected request changes nothing, and a decided request stays decided', async () => {
    const eige = await idOf('EIGE');
    const request = requestOf(await sign(secretariat, 'EIGE'));
    const rejected = await reject(secretariat, request.id);
    assert.equal(rejected.statusCode, 200, rejected.body);
    assert.equal(rejected.json<EuciRequest>().status, 'rejected');
    const entry = await lastEntry('euci.reject');
    assert.equal(entry.target_type, 'euci_agreement');
    assert.equal(entry.target_id, eige);
    assert.equal(entry.actor_user_id, secretariat.user.id);
    assert.equal(entry.changes.request, request.id);
    for (const again of [
      await confirm(europolAdmin, request.id),
      await reject(europolAdmin, request.id),
    ]) {
      assert.equal(again.statusCode, 409, again.body);
      assert.equal(again.json<{ code: string }>().code, 'not_pending');
    }
    assert.equal(
      (await platform.services.euci.signatories()).find((s) => s.organisationId === eige)?.signedOn,
      null,
    );
    assert.equal(await auditCount('euci.confirm', eige), 0);
    const missing = await confirm(europolAdmin, '00000000-0000-4000-8000-000000000000');
    assert.equal(missing.statusCode, 404);
  });

  test('one request per subject at a time; of concurrent confirmations exactly one wins', async () => {
    const fra = await idOf('FRA');
    const asked = await Promise.all(
      Array.from({ length: 10 }, () => sign(secretariat, 'FRA', '2019-09-01')),
    );
    assert.deepEqual(
      asked.map((r) => r.statusCode).sort(),
      [202, 409, 409, 409, 409, 409, 409, 409, 409, 409],
    );
    assert.equal(await auditCount('euci.request', fra), 1);
    const pending = (await api(secretariat, '/api/euci-requests')).json<EuciRequest[]>();
    const request = pending.find((r) => r.organisationId === fra);
    assert.ok(request);
    const decisions = await Promise.all(
      [europolAdmin, europolColleague, frontexAdmin].flatMap((admin) =>
        Array.from({ length: 4 }, () => confirm(admin, request.id)),
      ),
    );
    assert.equal(decisions.filter((r) => r.statusCode === 200).length, 1);
    assert.ok(decisions.every((r) => r.statusCode === 200 || r.statusCode === 409));
    assert.equal(await auditCount('euci.confirm', fra), 1);
    assert.equal(
      (await platform.services.euci.signatories()).find((s) => s.organisationId === fra)?.signedOn,
      '2019-09-01',
    );
    const unchanged = await sign(secretariat, 'FRA', '2019-09-01');
    assert.equal(unchanged.statusCode, 409);
    assert.equal(unchanged.json<{ code: string }>().code, 'no_change');
  });

  test('only administrators see and decide requests', async () => {
    const request = requestOf(await sign(secretariat, 'CEPOL'));
    const listed = await api(secretariat, '/api/euci-requests');
    assert.equal(listed.statusCode, 200);
    const found = listed.json<EuciRequest[]>().find((r) => r.id === request.id);
    assert.equal(found?.subject, 'CEPOL');
    assert.equal(found.requestedBy, secretariat.user.email);
    assert.equal(found.requestedByOrganisation, 'EUDA');
    for (const response of [
      await api(frontexContact, '/api/euci-requests'),
      await confirm(frontexContact, request.id),
      await reject(frontexContact, request.id),
      await sign(frontexContact, 'Frontex'),
      await clear(frontexContact, frontexContact.user.id, 'secret', '2019-07-01'),
    ])
      assert.equal(response.statusCode, 404, response.body);
    assert.equal((await clearanceOf(frontexContact.user.id))?.clearance, 'none');
  });
});

describe('the demo data and four eyes', () => {
  let platform: Platform;
  let drop: () => Promise<void>;

  before(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    const defaults = loadConfig({ NODE_ENV: 'test', JHANET_REQUIRE_SECOND_FACTOR: 'optional' });
    platform = await startPlatform(
      { ...defaults, demo: true },
      { database: fresh.database, logger: false },
    );
  });
  after(async () => {
    await platform.app.close();
    await drop();
  });

  test('the demo has its signatories and clearances, each confirmed by the platform', async () => {
    const { euci, audit } = platform.services;
    const signed = (await euci.signatories()).filter((s) => s.signedOn !== null);
    assert.deepEqual(signed.map((s) => `${s.acronym} ${s.signedOn ?? ''}`).sort(), [
      'CEPOL 2017-12-13',
      'EUAA 2017-11-29',
      'Eurojust 2017-11-15',
      'Europol 2017-11-15',
      'Frontex 2017-11-22',
      'eu-LISA 2017-12-06',
    ]);
    const cleared = (await euci.clearances()).filter((c) => c.briefedOn !== null);
    assert.deepEqual(cleared.map((c) => `${c.email} ${c.clearance} ${c.briefedOn ?? ''}`).sort(), [
      'contact@eurojust.example.eu none 2017-10-09',
      'contact@europol.example.eu confidentiel 2017-10-02',
      'contact@frontex.example.eu confidentiel 2017-10-05',
    ]);
    assert.deepEqual(await euci.pending(), []);
    const confirmations = await audit.list({ action: 'euci.confirm' }, 1, 100);
    assert.equal(confirmations.total, 9);
    assert.ok(confirmations.items.every((e) => e.actor_user_id === null));
    assert.equal((await audit.list({ action: 'euci.request' }, 1, 1)).total, 9);
  });
});
