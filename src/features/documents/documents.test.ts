import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { docxWithText, executable, pdfWithText } from '../../../test/support/fixture-files.js';
import { extractQueuedTexts } from '../../../test/support/text-extraction.js';
import { throughFourEyes } from '../../../test/support/euci.js';
import { queriesOf } from '../../../test/support/query-count.js';
import type { DocumentDetail, DocumentSearchResult } from './documents.model.js';

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

describe('documents', () => {
  let platform: TestPlatform;
  let europolContact: Session;
  let europolMember: Session;
  let frontexContact: Session;
  let eigeContact: Session;
  let observer: Session;
  let admin: Session;
  let confirmer: Session;

  const api: TestPlatform['api'] = (...request) => platform.api(...request);

  const idOf = async (acronym: string) => (await platform.services.network.get(acronym)).id;

  async function register(session: Session, body: Record<string, unknown>) {
    const response = await api(session, '/api/documents', 'POST', {
      title: 'Joint threat assessment',
      documentType: 'analysis',
      language: 'en',
      marking: { classification: 'none', releasability: 'network' },
      ...body,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ document: DocumentDetail; fileRefused: string | null }>();
  }

  async function upload(session: Session, id: string, filename: string, content: Buffer) {
    return platform.app.inject({
      method: 'POST',
      url: `/api/documents/${id}/versions?filename=${encodeURIComponent(filename)}`,
      headers: {
        cookie: `jhanet_session=${session.cookie}`,
        'x-csrf-token': session.csrfToken,
        'content-type': 'application/octet-stream',
      },
      payload: content,
    });
  }

  async function clear(session: Session, clearance: string, briefedOn: string | null) {
    const response = await api(admin, `/api/users/${session.user.id}/clearance`, 'PUT', {
      clearance,
      briefedOn,
    });
    await throughFourEyes(response, (url) => api(confirmer, url, 'POST'));
  }

  async function sign(acronym: string) {
    const response = await api(admin, `/api/euci-agreement/${await idOf(acronym)}`, 'PUT', {
      signedOn: '2017-06-01',
    });
    await throughFourEyes(response, (url) => api(confirmer, url, 'POST'));
  }

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    confirmer = await platform.session('admin', 'Eurojust');
    europolContact = await platform.session('contact', 'Europol');
    europolMember = await platform.session('member', 'Europol');
    frontexContact = await platform.session('contact', 'Frontex');
    eigeContact = await platform.session('contact', 'EIGE');
    observer = await platform.session('observer', 'DG HOME');
  });
  after(() => platform.close());

  test('a PDF uploaded as a version is found by its text, downloaded as sent, and logged', async () => {
    const { document } = await register(europolContact, {
      title: 'Migrant smuggling networks',
      description: 'Situation report for the network',
    });
    assert.match(document.registrationNumber, /^EUROPOL-\d{4}-00001$/);
    const pdf = pdfWithText(['Facilitated illegal immigration along the Balkan route']);
    const uploaded = await upload(europolContact, document.id, 'report.pdf', pdf);
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    const detail = uploaded.json<DocumentDetail>();
    assert.equal(detail.currentFile?.contentType, 'application/pdf');
    assert.equal(detail.files.length, 1);
    // The upload answers before the text is read; search finds the words once it is.
    assert.equal(detail.currentFile.textPending, true);
    const early = await api(frontexContact, '/api/documents?q=balkan%20rout');
    assert.equal(early.json<DocumentSearchResult>().total, 0);
    await extractQueuedTexts(platform.services);
    const extracted = (
      await api(frontexContact, `/api/documents/${document.id}`)
    ).json<DocumentDetail>();
    assert.equal(extracted.currentFile?.textPending, false);
    assert.equal(extracted.currentFile.textFailed, false);
    assert.equal(
      extracted.currentFile.textChars,
      'Facilitated illegal immigration along the Balkan route'.length,
    );

    const search = await api(frontexContact, '/api/documents?q=balkan%20rout');
    const result = search.json<DocumentSearchResult>();
    assert.deepEqual(
      result.items.map((d) => d.id),
      [document.id],
    );
    assert.match(result.items[0]?.snippet ?? '', /\uE000Balkan\uE001/);
    assert.equal(result.facets.originator[0]?.label, 'Europol');

    const download = await api(frontexContact, `/api/documents/${document.id}/file`);
    assert.equal(download.statusCode, 200);
    assert.deepEqual(download.rawPayload, pdf);
    assert.match(String(download.headers['content-disposition']), /^attachment;/);

    const log = await api(europolContact, `/api/documents/${document.id}/downloads`);
    assert.equal(log.statusCode, 200);
    assert.equal(log.json<{ total: number }>().total, 1);
    assert.equal(
      (await api(frontexContact, `/api/documents/${document.id}/downloads`)).statusCode,
      404,
    );

    const stored = await platform.services.database.db
      .selectFrom('document_file_contents')
      .select('ciphertext')
      .executeTakeFirstOrThrow();
    assert.equal(stored.ciphertext.includes(Buffer.from('Balkan')), false);
  });

  test('a second version of a Word file replaces the text searched', async () => {
    const { document } = await register(europolContact, { title: 'Toolbox on firearms' });
    await upload(
      europolContact,
      document.id,
      'v1.docx',
      await docxWithText(['Ammunition trafficking']),
    );
    const second = await upload(
      europolContact,
      document.id,
      'v2.docx',
      await docxWithText(['Converted alarm pistols']),
    );
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.json<DocumentDetail>().files.length, 2);
    // Both texts are read after the second upload: the first is kept for its version only.
    await extractQueuedTexts(platform.services);
    const old = await api(europolContact, '/api/documents?q=ammunition');
    assert.equal(old.json<DocumentSearchResult>().total, 0);
    const current = await api(europolContact, '/api/documents?q=pistols');
    assert.equal(current.json<DocumentSearchResult>().total, 1);
    const first = await api(europolContact, `/api/documents/${document.id}/versions/1/file`);
    assert.equal(first.statusCode, 200);
  });

  test('a file whose bytes are not an accepted type is refused and nothing is stored', async () => {
    const { document } = await register(europolContact, { title: 'Tool' });
    const response = await upload(europolContact, document.id, 'tool.pdf', executable());
    assert.equal(response.statusCode, 400);
    assert.equal(response.json<Problem>().errors?.[0]?.field, 'file');
    const files = await platform.services.database.db
      .selectFrom('document_files')
      .select('id')
      .where('document_id', '=', document.id)
      .execute();
    assert.equal(files.length, 0);
  });

  test('named release, originator only, AMBER+STRICT and RED limit who reads', async () => {
    const named = (
      await register(europolContact, {
        title: 'For Frontex',
        marking: {
          classification: 'none',
          releasability: 'named',
          releasedTo: [await idOf('Frontex')],
        },
      })
    ).document;
    const strict = (
      await register(europolContact, {
        title: 'Strict',
        marking: { classification: 'none', releasability: 'network', tlp: 'amber_strict' },
      })
    ).document;
    const red = (
      await register(europolContact, {
        title: 'Red',
        marking: {
          classification: 'none',
          releasability: 'network',
          tlp: 'red',
          recipients: [frontexContact.user.id],
        },
      })
    ).document;
    const reads = async (s: Session, id: string) =>
      (await api(s, `/api/documents/${id}`)).statusCode;
    assert.equal(await reads(frontexContact, named.id), 200);
    assert.equal(await reads(eigeContact, named.id), 404);
    assert.equal(await reads(europolMember, strict.id), 200);
    assert.equal(await reads(frontexContact, strict.id), 404);
    assert.equal(await reads(frontexContact, red.id), 200);
    assert.equal(await reads(europolMember, red.id), 404);
    assert.equal(await reads(observer, named.id), 404);
    const list = await api(eigeContact, '/api/documents?pageSize=200');
    const ids = list.json<DocumentSearchResult>().items.map((d) => d.id);
    assert.equal(ids.includes(named.id), false);
    assert.equal(ids.includes(strict.id), false);
    assert.equal(ids.includes(red.id), false);
  });

  test('EUCI needs the agreement, a briefing and a clearance; above the ceiling only a reference is kept', async () => {
    const refused = await api(europolContact, '/api/documents', 'POST', {
      title: 'Restricted assessment',
      documentType: 'analysis',
      language: 'en',
      marking: { classification: 'restreint', releasability: 'network' },
    });
    assert.equal(refused.statusCode, 400);
    await sign('Europol');
    await clear(europolContact, 'none', '2017-05-01');
    const nonSignatory = await api(europolContact, '/api/documents', 'POST', {
      title: 'Restricted assessment',
      documentType: 'analysis',
      language: 'en',
      marking: {
        classification: 'restreint',
        releasability: 'named',
        releasedTo: [await idOf('EIGE')],
      },
    });
    assert.equal(nonSignatory.statusCode, 400);
    assert.match(nonSignatory.body, /EIGE has not signed/);

    const { document, fileRefused } = await register(europolContact, {
      title: 'Restricted assessment',
      marking: { classification: 'restreint', releasability: 'network' },
    });
    assert.equal(document.isReference, true);
    assert.equal(fileRefused, null);
    const upload1 = await upload(europolContact, document.id, 'a.txt', Buffer.from('secret words'));
    assert.equal(upload1.statusCode, 422);
    assert.equal(upload1.json<Problem>().code, 'above_ceiling');
    const contents = await platform.services.database.db
      .selectFrom('document_file_contents')
      .innerJoin('document_files', 'document_files.id', 'document_file_contents.file_id')
      .select('document_files.id')
      .where('document_files.document_id', '=', document.id)
      .execute();
    assert.equal(contents.length, 0);
    assert.equal((await api(europolMember, `/api/documents/${document.id}`)).statusCode, 404);
    await sign('Frontex');
    assert.equal((await api(frontexContact, `/api/documents/${document.id}`)).statusCode, 404);
    await clear(frontexContact, 'none', '2017-05-02');
    assert.equal((await api(frontexContact, `/api/documents/${document.id}`)).statusCode, 200);
  });

  test('only the originator downgrades, with a reason, and a scheduled declassification applies on its day', async () => {
    const { document } = await register(europolContact, {
      title: 'Limite note',
      marking: { classification: 'none', releasability: 'network', limite: true, tlp: 'amber' },
    });
    const marking = { classification: 'none', releasability: 'network', tlp: 'green' };
    const byOther = await api(
      frontexContact,
      `/api/documents/${document.id}/marking`,
      'PUT',
      { marking, reason: 'no longer sensitive' },
      { 'if-match': `"${String(document.version)}"` },
    );
    assert.equal(byOther.statusCode, 404);
    const noReason = await api(
      europolContact,
      `/api/documents/${document.id}/marking`,
      'PUT',
      { marking, reason: ' ' },
      { 'if-match': `"${String(document.version)}"` },
    );
    assert.equal(noReason.statusCode, 400);
    const changed = await api(
      europolContact,
      `/api/documents/${document.id}/marking`,
      'PUT',
      { marking, reason: 'Published in the annual report' },
      { 'if-match': `"${String(document.version)}"` },
    );
    assert.equal(changed.statusCode, 200, changed.body);
    const detail = changed.json<DocumentDetail>();
    assert.equal(detail.marking.limite, false);
    assert.equal(detail.markingHistory[0]?.kind, 'downgrade');
    const entries = await platform.services.database.db
      .selectFrom('audit_log')
      .select('changes')
      .where('action', '=', 'document.downgrade')
      .where('target_id', '=', document.id)
      .execute();
    assert.equal(entries.length, 1);
    // Administrators read the log, not necessarily the document: the reason is fingerprinted.
    assert.doesNotMatch(entries[0]?.changes ?? '', /Published in the annual report/);
    assert.match(entries[0]?.changes ?? '', /"reason":"hmac:/);
  });

  test('a marking change rebuilds the search index only when whom the document reaches changes', async () => {
    const { document } = await register(europolContact, {
      title: 'Wombatine trafficking routes',
      marking: { classification: 'none', releasability: 'network' },
    });
    const found = async (s: Session) =>
      (await api(s, '/api/documents?q=wombatine'))
        .json<DocumentSearchResult>()
        .items.map((d) => d.id);
    const change = async (version: number, marking: Record<string, unknown>) => {
      const { result, queries } = await queriesOf(() =>
        api(
          europolContact,
          `/api/documents/${document.id}/marking`,
          'PUT',
          { marking, reason: 'Reviewed by the originator' },
          { 'if-match': `"${String(version)}"` },
        ),
      );
      assert.equal(result.statusCode, 200, result.body);
      const indexWrites = queries.filter((q) =>
        /insert (or replace )?into document_search\b/i.test(q),
      );
      return { detail: result.json<DocumentDetail>(), indexWrites: indexWrites.length };
    };
    const marked = async (kind: string) =>
      platform.services.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', `document.${kind}`)
        .where('target_id', '=', document.id)
        .execute();

    // Limite and TLP:AMBER: the same organisations are reached, the index is left as it is.
    const caveats = await change(document.version, {
      classification: 'none',
      releasability: 'network',
      limite: true,
      tlp: 'amber',
    });
    assert.equal(caveats.indexWrites, 0);
    assert.equal(caveats.detail.marking.limite, true);
    assert.equal((await marked('mark')).length, 1);
    assert.deepEqual(await found(eigeContact), [document.id]);

    // Released to Frontex alone: the index is rebuilt, and EIGE no longer finds it.
    const named = await change(caveats.detail.version, {
      classification: 'none',
      releasability: 'named',
      releasedTo: [await idOf('Frontex')],
      limite: true,
      tlp: 'amber',
    });
    assert.equal(named.indexWrites, 1);
    assert.equal((await marked('mark')).length, 2);
    assert.deepEqual(await found(eigeContact), []);
    assert.deepEqual(await found(frontexContact), [document.id]);
  });

  test('the export carries the most restrictive marking of its rows at head and foot', async () => {
    await register(frontexContact, {
      title: 'Sensitive export row',
      marking: { classification: 'none', releasability: 'network', sensitive: true, tlp: 'amber' },
    });
    const response = await api(frontexContact, '/api/documents/export.csv');
    assert.equal(response.statusCode, 200);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.match(lines[0] ?? '', /SENSITIVE NON-CLASSIFIED · TLP:/);
    assert.equal(lines[0], lines[lines.length - 1]);
    const widths = lines.map((line) => line.replace(/"[^"]*"/g, '').split(',').length);
    assert.deepEqual(new Set(widths), new Set([10]), 'title rows as wide as the table');
    const semicolons = await api(frontexContact, '/api/documents/export.csv?separator=semicolon');
    assert.equal(semicolons.statusCode, 200);
    assert.ok(
      semicolons.body.includes(
        'Registration number;Registered on;Title;Type;Language;Originator;Marking;Reference record;File;Version\r\n',
      ),
    );
  });
});
