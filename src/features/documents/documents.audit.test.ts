import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { throughFourEyes } from '../../../test/support/euci.js';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { entryHash } from '../audit/audit.chain.js';
import type { AuditEntryView } from '../audit/audit.present.js';
import type { DocumentDetail } from './documents.model.js';

const SECRET = /nightfall/i;
const TITLE = 'Operation Nightfall: target list';
const FINGERPRINT = /^hmac:[A-Za-z0-9_-]+:[0-9a-f]{32}$/;

/**
 * Need-to-know holds for everyone, administrators included, and the audit log is read by
 * administrators: so what it records about a document is identifiers, field names and keyed
 * fingerprints, never a title, a description, a file name or a reason.
 */
describe('the audit of documents holds no content', () => {
  let platform: TestPlatform;
  let admin: Session;
  let europolContact: Session;
  let document: DocumentDetail;
  const fileContent = Buffer.from('Nightfall targets, first draft\n');

  const call = (
    as: Session,
    url: string,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' = 'GET',
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    platform.request({
      url,
      as,
      method,
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });

  const ifMatch = (version: number) => ({ 'if-match': `"${String(version)}"` });

  async function entriesOf(id: string): Promise<AuditEntryView[]> {
    const response = await call(
      admin,
      `/api/audit?targetType=document&targetId=${id}&pageSize=100`,
    );
    assert.equal(response.statusCode, 200, response.body);
    assert.doesNotMatch(response.body, SECRET);
    return response.json<{ items: AuditEntryView[] }>().items;
  }

  function entry(entries: AuditEntryView[], action: string): AuditEntryView {
    const found = entries.find((e) => e.action === action);
    assert.ok(found, `no ${action} entry`);
    assert.equal(found.targetType, 'document');
    assert.equal(found.targetId, document.id);
    return found;
  }

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europolContact = await platform.session('contact', 'Europol');

    const registered = await call(europolContact, '/api/documents', 'POST', {
      title: TITLE,
      description: 'Surveillance plan of the Nightfall network',
      documentType: 'analysis',
      language: 'en',
      marking: { classification: 'none', releasability: 'originator' },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    document = registered.json<{ document: DocumentDetail }>().document;

    const uploaded = await platform.app.inject({
      method: 'POST',
      url: `/api/documents/${document.id}/versions?filename=nightfall-targets.txt&note=Nightfall%20annex`,
      headers: {
        cookie: `jhanet_session=${europolContact.cookie}`,
        'x-csrf-token': europolContact.csrfToken,
        'content-type': 'application/octet-stream',
      },
      payload: fileContent,
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    document = uploaded.json<DocumentDetail>();

    const edited = await call(
      europolContact,
      `/api/documents/${document.id}`,
      'PATCH',
      { title: 'Operation Nightfall: revised list', description: 'Nightfall, revised' },
      ifMatch(document.version),
    );
    assert.equal(edited.statusCode, 200, edited.body);
    document = edited.json<DocumentDetail>();

    const marked = await call(
      europolContact,
      `/api/documents/${document.id}/marking`,
      'PUT',
      {
        marking: { classification: 'none', limite: true, releasability: 'originator' },
        reason: 'Nightfall shared with the Council',
      },
      ifMatch(document.version),
    );
    assert.equal(marked.statusCode, 200, marked.body);
    document = marked.json<DocumentDetail>();
  });
  after(() => platform.close());

  test('the administrator reading the log cannot read the document', async () => {
    assert.equal((await call(admin, `/api/documents/${document.id}`)).statusCode, 404);
    const own = await call(europolContact, `/api/documents/${document.id}`);
    assert.match(own.body, SECRET, 'its readers still read it');
  });

  test('each write is audited with identifiers, field names and keyed fingerprints', async () => {
    const entries = await entriesOf(document.id);
    const register = entry(entries, 'document.register');
    assert.equal(register.changes.registrationNumber, document.registrationNumber);
    assert.match(String(register.changes.title), FINGERPRINT);
    const plainHash = createHash('sha256').update(TITLE).digest('hex');
    assert.equal(JSON.stringify(entries).includes(plainHash.slice(0, 32)), false);

    const version = entry(entries, 'document.version_add');
    assert.equal(version.changes.version, 1);
    assert.match(String(version.changes.contentType), /^text\/plain/);
    assert.equal(version.changes.sizeBytes, fileContent.length);
    assert.match(String(version.changes.filename), FINGERPRINT);
    assert.match(String(version.changes.sha256), FINGERPRINT);
    const fileHash = createHash('sha256').update(fileContent).digest('hex');
    assert.equal(JSON.stringify(entries).includes(fileHash), false);

    const update = entry(entries, 'document.update');
    const title = update.changes.title as { before: string; after: string };
    assert.match(title.before, FINGERPRINT);
    assert.match(title.after, FINGERPRINT);
    assert.notEqual(title.before, title.after);
    assert.equal(title.before, register.changes.title, 'one value, one fingerprint');
    assert.match((update.changes.description as { after: string }).after, FINGERPRINT);

    const mark = entry(entries, 'document.mark');
    assert.match(String(mark.changes.reason), FINGERPRINT);
    const after = mark.changes.after as { limite: number; releasability: string };
    assert.equal(after.limite, 1);
    assert.equal(after.releasability, 'originator');
  });

  test('the export, the page and the stored log hold no content either', async () => {
    const csv = await call(admin, `/api/audit/export.csv?targetId=${document.id}`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /document\.update/);
    assert.doesNotMatch(csv.body, SECRET);
    const page = await call(admin, `/audit?targetId=${document.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /document\.register/);
    assert.doesNotMatch(page.body, SECRET);
    const stored = await platform.services.database.db
      .selectFrom('audit_log')
      .select('changes')
      .where('target_id', '=', document.id)
      .execute();
    assert.ok(stored.length >= 4);
    for (const row of stored) assert.doesNotMatch(row.changes, SECRET);
  });

  test('an entry written with content before fingerprinting is shown fingerprinted, and verifies', async () => {
    const db = platform.services.database.db;
    const last = await db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const legacy = {
      seq: last.seq + 1,
      at: new Date().toISOString(),
      actor_user_id: null,
      actor_email: 'contact@europol.example.eu',
      actor_organisation: 'Europol',
      action: 'document.update',
      target_type: 'document',
      target_id: document.id,
      request_id: null,
      ip: null,
      changes: JSON.stringify({
        title: { before: 'Nightfall, first title', after: 'Nightfall, second title' },
        links: 2,
      }),
      prev_hash: last.hash,
    };
    await db
      .insertInto('audit_log')
      .values({ ...legacy, hash: entryHash(legacy) })
      .execute();
    const shown = (await entriesOf(document.id)).find((e) => e.seq === legacy.seq);
    assert.ok(shown);
    const title = shown.changes.title as { before: string; after: string };
    assert.match(title.before, FINGERPRINT);
    assert.equal(shown.changes.links, 2);
    const csv = await call(admin, `/api/audit/export.csv?targetId=${document.id}`);
    assert.doesNotMatch(csv.body, SECRET);
    const verified = await call(admin, '/api/audit/verify');
    assert.equal(verified.json<{ ok: boolean }>().ok, true, verified.body);
  });

  test('entries about the EUCI agreement name organisations and days only', async () => {
    const europol = await platform.services.network.get('Europol');
    const signed = await call(admin, `/api/euci-agreement/${europol.id}`, 'PUT', {
      signedOn: '2017-06-01',
    });
    const confirmer = await platform.session('admin', 'Eurojust');
    await throughFourEyes(signed, (url) => call(confirmer, url, 'POST'));
    const requestId = signed.json<{ id: string }>().id;
    const response = await call(admin, `/api/audit?action=euci.confirm&targetId=${europol.id}`);
    const [confirmed] = response.json<{ items: AuditEntryView[] }>().items;
    assert.equal(confirmed?.targetType, 'euci_agreement');
    assert.deepEqual(confirmed.changes, {
      request: requestId,
      requestedBy: admin.user.email,
      signedOn: { before: null, after: '2017-06-01' },
    });
  });
});
