import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { throughFourEyes } from '../../../test/support/euci.js';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import {
  freshDatabase,
  testPlatform,
  type Session,
  type TestPlatform,
} from '../../../test/support/platform.js';
import { migrateTo, migrateToLatest, pendingMigrations } from '../../db/migrate.js';
import { systemContext } from '../audit/audit.events.js';
import type { AuditEntryView } from '../audit/audit.present.js';
import { allocateRegistrationNumber } from './documents.numbers.js';
import type { DocumentDetail } from './documents.model.js';

interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
}

const NO_SUCH_ORGANISATION = '0b6f4c1e-7d1a-4c55-9d1e-1f0d2a3b4c5d';

/**
 * Registration numbers are the platform's: ORIGINATOR-YEAR-NNNNN from a counter per prefix that
 * only its agency draws on. What a user gives is the originator's own reference, not unique: so
 * no answer tells whether a hidden document holds a number, and no one can take another agency's
 * numbers.
 */
describe('registration numbers', () => {
  let platform: TestPlatform;
  let admin: Session;
  let europolContact: Session;
  let frontexContact: Session;

  const idOf = async (acronym: string) => (await platform.services.network.get(acronym)).id;

  function register(as: Session, body: Record<string, unknown>) {
    return platform.request({
      method: 'POST',
      url: '/api/documents',
      as,
      body: {
        title: 'Situation report',
        documentType: 'report',
        language: 'en',
        registeredOn: '2017-05-02',
        marking: { classification: 'none', releasability: 'network' },
        ...body,
      },
    });
  }

  async function registered(as: Session, body: Record<string, unknown>): Promise<DocumentDetail> {
    const response = await register(as, body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ document: DocumentDetail }>().document;
  }

  async function registerEntry(documentId: string): Promise<AuditEntryView> {
    const response = await platform.request({
      url: `/api/audit?action=document.register&targetId=${documentId}`,
      as: admin,
    });
    const [entry] = response.json<{ items: AuditEntryView[] }>().items;
    assert.ok(entry, 'the registration is audited');
    assert.equal(entry.targetType, 'document');
    return entry;
  }

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europolContact = await platform.session('contact', 'Europol');
    frontexContact = await platform.session('contact', 'Frontex');
  });
  after(() => platform.close());

  test("a number a user gives is the originator's reference, and reveals no hidden document", async () => {
    const hidden = await registered(europolContact, {
      title: 'Informant handling',
      registrationNumber: 'EUROPOL/2017/SEC-1',
      marking: { classification: 'none', releasability: 'originator', tlp: 'red' },
    });
    const same = await register(frontexContact, { registrationNumber: 'EUROPOL/2017/SEC-1' });
    const unused = await register(frontexContact, { registrationNumber: 'EUROPOL/2017/SEC-2' });
    assert.equal(same.statusCode, 201, same.body);
    assert.equal(unused.statusCode, 201, unused.body);

    assert.match(hidden.registrationNumber, /^EUROPOL-2017-\d{5}$/);
    assert.equal(hidden.originatorReference, 'EUROPOL/2017/SEC-1');
    const entry = await registerEntry(hidden.id);
    assert.equal(entry.changes.registrationNumber, hidden.registrationNumber);
    assert.match(String(entry.changes.originatorReference), /^hmac:/);
    const bySame = same.json<{ document: DocumentDetail }>().document;
    assert.equal(bySame.originatorReference, 'EUROPOL/2017/SEC-1');
    assert.equal(
      bySame.registrationNumber.replace(/\d+$/, ''),
      unused.json<{ document: DocumentDetail }>().document.registrationNumber.replace(/\d+$/, ''),
    );

    const named = await registered(europolContact, { originatorReference: 'EDOC ALPHA 17' });
    assert.equal(named.originatorReference, 'EDOC ALPHA 17');
    const found = await platform.request({
      url: '/api/documents?q=edoc%20alpha',
      as: frontexContact,
    });
    assert.deepEqual(
      found.json<{ items: { id: string }[] }>().items.map((d) => d.id),
      [named.id],
    );
    const bad = await register(europolContact, { registrationNumber: 'no <tags>' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<Problem>().errors?.[0]?.field, 'registrationNumber');
  });

  test("no agency takes another's numbers, and every agency's next registration succeeds", async () => {
    const first = await registered(frontexContact, { registeredOn: '2017-02-01' });
    assert.match(first.registrationNumber, /^FRONTEX-2017-\d{5}$/);
    const squatters = [];
    for (const number of ['FRONTEX-2017-ZZZZZ', 'FRONTEX-2017-00002'])
      squatters.push(await registered(europolContact, { registrationNumber: number }));
    const next = await register(frontexContact, { registeredOn: '2017-02-02' });
    assert.equal(next.statusCode, 201, next.body);
    const number = next.json<{ document: DocumentDetail }>().document.registrationNumber;
    assert.equal(
      Number(number.slice('FRONTEX-2017-'.length)),
      Number(first.registrationNumber.slice('FRONTEX-2017-'.length)) + 1,
    );
    for (const squatter of squatters) {
      assert.match(squatter.registrationNumber, /^EUROPOL-2017-\d{5}$/);
      assert.match(squatter.originatorReference, /^FRONTEX-2017-/);
    }
  });

  test('twenty registrations at once take twenty consecutive numbers', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        register(europolContact, { title: `Report ${String(i)}`, registeredOn: '2016-03-01' }),
      ),
    );
    assert.deepEqual(
      responses.map((r) => r.statusCode),
      responses.map(() => 201),
      responses.find((r) => r.statusCode !== 201)?.body,
    );
    const numbers = responses
      .map((r) => r.json<{ document: DocumentDetail }>().document.registrationNumber)
      .sort();
    assert.deepEqual(
      numbers,
      Array.from({ length: 20 }, (_, i) => `EUROPOL-2016-${String(i + 1).padStart(5, '0')}`),
    );
    const audited = await platform.services.audit.list({ action: 'document.register' }, 1, 100);
    const ids = new Set(responses.map((r) => r.json<{ document: DocumentDetail }>().document.id));
    assert.equal(audited.items.filter((e) => ids.has(e.target_id ?? '')).length, 20);
  });

  test('an agency whose acronym gives the letters of another numbers under a prefix of its own', async () => {
    const twin = await platform.services.network.create(systemContext, {
      kind: 'agency',
      category: 'jha-agency',
      acronym: 'Euro-Pol',
      name: 'An agency with a confusable acronym',
    });
    const contact = await platform.session('contact', 'Euro-Pol');
    const document = await registered(contact, {});
    const shortId = twin.id.replace(/-/g, '').slice(0, 8).toUpperCase();
    assert.equal(document.registrationNumber, `EUROPOL${shortId}-2017-00001`);
    const europol = await registered(europolContact, {});
    assert.match(europol.registrationNumber, /^EUROPOL-2017-\d{5}$/);
  });

  test('a reference record names a holder from the registry, when registered and when edited', async () => {
    const signed = await platform.request({
      method: 'PUT',
      url: `/api/euci-agreement/${await idOf('Europol')}`,
      as: admin,
      body: { signedOn: '2017-06-01' },
    });
    const confirmer = await platform.session('admin', 'Eurojust');
    const confirm = (url: string) => platform.request({ method: 'POST', url, as: confirmer });
    await throughFourEyes(signed, confirm);
    const cleared = await platform.request({
      method: 'PUT',
      url: `/api/users/${europolContact.user.id}/clearance`,
      as: admin,
      body: { clearance: 'confidentiel', briefedOn: '2017-06-02' },
    });
    await throughFourEyes(cleared, confirm);
    const reference = { classification: 'restreint', releasability: 'originator' };
    const unknown = await register(europolContact, {
      marking: reference,
      holderOrganisationId: NO_SUCH_ORGANISATION,
    });
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.equal(unknown.json<Problem>().errors?.[0]?.field, 'holderOrganisationId');

    const document = await registered(europolContact, { marking: reference });
    assert.equal(document.isReference, true);
    const edit = (holderOrganisationId: string, version: number) =>
      platform.request({
        method: 'PATCH',
        url: `/api/documents/${document.id}`,
        as: europolContact,
        body: { holderOrganisationId },
        headers: { 'if-match': `"${String(version)}"` },
      });
    const refused = await edit(NO_SUCH_ORGANISATION, document.version);
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.json<Problem>().errors?.[0]?.field, 'holderOrganisationId');
    const moved = await edit(await idOf('Eurojust'), document.version);
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json<DocumentDetail>().holder?.acronym, 'Eurojust');
    const [entry] = (
      await platform.services.audit.list({ action: 'document.update', targetId: document.id }, 1, 1)
    ).items;
    assert.equal(entry?.target_type, 'document');
    assert.match(entry.changes, /holder_organisation_id/);
  });
});

describe('registration numbers stored before the platform allocated them all', () => {
  test('keep working: counters start after them, and user-given numbers become references', async () => {
    const { database, drop } = await freshDatabase();
    try {
      const db = database.db;
      const pending = await pendingMigrations(db);
      const migration = pending.find((name) => name.endsWith('-registration-numbers'));
      assert.ok(migration);
      const previous = pending[pending.indexOf(migration) - 1];
      assert.ok(previous);
      await migrateTo(db, previous);

      const now = new Date().toISOString();
      const organisation = async (acronym: string) => {
        const id = randomUUID();
        await db
          .insertInto('organisations')
          .values({
            id,
            kind: 'agency',
            acronym,
            name: acronym,
            category: 'jha-agency',
            hq_city: null,
            hq_country: null,
            website: null,
            description: '',
            established_year: null,
            version: 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
        return id;
      };
      const europol = await organisation('Europol');
      const frontex = await organisation('Frontex');
      const legacy = [
        ['EUROPOL-2017-00001', europol],
        ['EUROPOL-2017-00007', europol],
        ['EDOC-EUROPOL-2017-00417', europol],
        // Chosen by Europol with Frontex's prefix, when users could choose numbers.
        ['FRONTEX-2017-00003', europol],
      ] as const;
      const ids = new Map<string, string>();
      for (const [number, originator] of legacy) {
        const id = randomUUID();
        ids.set(number, id);
        // The documents table as that migration left it: listed column by column.
        await db
          .insertInto('documents')
          .values({
            id,
            registration_number: number,
            registered_on: '2017-03-01',
            title: 'Legacy',
            description: '',
            document_type: 'report',
            language: 'en',
            originator_organisation_id: originator,
            registered_by: null,
            classification_level: 0,
            limite: 0,
            sensitive: 0,
            tlp: null,
            releasability: 'network',
            is_reference: 0,
            holder_organisation_id: null,
            point_of_contact: '',
            scheduled_change_on: null,
            scheduled_level: null,
            scheduled_reason: null,
            scheduled_by: null,
            current_file_id: null,
            version: 1,
            created_at: now,
            updated_at: now,
          } as never)
          .execute();
      }

      await migrateToLatest(db);
      const rows = await db
        .selectFrom('documents')
        .select(['id', 'registration_number', 'originator_reference'])
        .execute();
      const referenceOf = (number: string) =>
        rows.find((r) => r.id === ids.get(number))?.originator_reference;
      assert.equal(referenceOf('EDOC-EUROPOL-2017-00417'), 'EDOC-EUROPOL-2017-00417');
      assert.equal(referenceOf('EUROPOL-2017-00007'), '');
      assert.deepEqual(
        rows.map((r) => r.registration_number).sort(),
        legacy.map(([number]) => number).sort(),
        'no stored number changes',
      );
      const counters = await db
        .selectFrom('document_number_sequences')
        .selectAll()
        .orderBy('prefix')
        .execute();
      assert.deepEqual(counters, [
        { prefix: 'EUROPOL-2017', organisation_id: europol, last_number: 7 },
        { prefix: 'FRONTEX-2017', organisation_id: frontex, last_number: 3 },
      ]);
      const next = await db
        .transaction()
        .execute(async (trx) => [
          await allocateRegistrationNumber(trx, europol, '2017-05-02'),
          await allocateRegistrationNumber(trx, frontex, '2017-05-02'),
          await allocateRegistrationNumber(trx, frontex, '2018-05-02'),
        ]);
      assert.deepEqual(next, ['EUROPOL-2017-00008', 'FRONTEX-2017-00004', 'FRONTEX-2018-00001']);
    } finally {
      await drop();
    }
  });
});
