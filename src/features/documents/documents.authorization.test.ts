import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { loadConfig } from '../../config.js';
import type { Releasability, Role, Tlp } from '../../db/schema.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { throughFourEyes } from '../../../test/support/euci.js';
import { generateKeySpec } from './file-crypto.js';
import type { DocumentDetail, DocumentSearchResult } from './documents.model.js';

/**
 * Every cell of who may do what with which document: role × action × marking × own or other
 * agency × signatory of the EUCI agreement or not. The expected answers come from ORACLE below,
 * the rules restated in plain words, not from the policy code.
 */

const CONFIDENTIEL_UE = 2;
const MATRIX_WORD = 'matrixword';
const classificationNames = ['none', 'restreint', 'confidentiel', 'secret', 'tres_secret'] as const;

type Action =
  'view' | 'download' | 'list' | 'search' | 'count' | 'export' | 'edit' | 'mark' | 'downgrade';

interface MarkingBody {
  classification: (typeof classificationNames)[number];
  limite?: boolean;
  sensitive?: boolean;
  tlp?: Tlp | null;
  releasability: Releasability;
  releasedTo?: string[];
  recipients?: string[];
}

interface MatrixUser {
  key: string;
  id: string;
  role: Role;
  organisationId: string;
  kind: 'agency' | 'body';
  signatory: boolean;
  session: Session;
}

interface MatrixDocument {
  key: string;
  id: string;
  registrationNumber: string;
  title: string;
  originatorId: string;
  registeredBy: string;
  /** A contact point of the originator, who restores the marking after a permitted change. */
  restorer: Session;
  level: number;
  tlp: Tlp | null;
  releasability: Releasability;
  releasedTo: ReadonlySet<string>;
  recipients: ReadonlySet<string>;
  hasFile: boolean;
  isReference: boolean;
  marking: MarkingBody;
  raised: MarkingBody;
  /** Null when nothing can be lowered: an unmarked document. */
  lowered: MarkingBody | null;
}

/**
 * ORACLE, the rules in words:
 * - A user reads a document when all three hold:
 *   released: their organisation is the originator; or it is released to the network and they
 *   are at an agency (bodies are not the network); or it is released by name to their organisation;
 *   cleared: it is not classified; or their organisation signed the EUCI agreement, they were
 *   briefed, and its level is at most their clearance, RESTREINT UE needing the briefing alone;
 *   within TLP: no label, CLEAR, GREEN or AMBER; AMBER+STRICT only in the originator agency;
 *   RED only for the named recipients (whoever registered it is one).
 * - Lists, search results, counts and exports hold exactly the documents the user reads.
 * - A download needs a read and content held here: a reference record has none.
 * - Editing needs a read and the originator agency: its administrators and contact points, or a
 *   member who registered the document.
 * - Marking and downgrading need a read and the originator agency's administrators or contact
 *   points.
 */
function oracle(user: MatrixUser, document: MatrixDocument, action: Action): boolean {
  const ofOriginator = user.organisationId === document.originatorId;
  const released =
    ofOriginator ||
    (document.releasability === 'network' && user.kind === 'agency') ||
    (document.releasability === 'named' && document.releasedTo.has(user.organisationId));
  // Every user here is briefed and holds a CONFIDENTIEL UE clearance: only the agreement differs.
  const cleared = document.level === 0 || (user.signatory && document.level <= CONFIDENTIEL_UE);
  const withinTlp =
    document.tlp === null ||
    document.tlp === 'clear' ||
    document.tlp === 'green' ||
    document.tlp === 'amber' ||
    (document.tlp === 'amber_strict' && ofOriginator) ||
    (document.tlp === 'red' && document.recipients.has(user.id));
  const reads = released && cleared && withinTlp;
  const originatorStaff = ofOriginator && (user.role === 'admin' || user.role === 'contact');
  switch (action) {
    case 'view':
    case 'list':
    case 'search':
    case 'count':
    case 'export':
      return reads;
    case 'download':
      return reads && document.hasFile && !document.isReference;
    case 'edit':
      return (
        reads &&
        (originatorStaff ||
          (ofOriginator && user.role === 'member' && document.registeredBy === user.id))
      );
    case 'mark':
    case 'downgrade':
      return reads && originatorStaff;
  }
}

interface DocumentSpec {
  key: string;
  marking: MarkingBody;
  lowered: MarkingBody | null;
  /** Registered by a member of the originator agency rather than its registrar. */
  byMember?: boolean;
}

describe('document authorization matrix', () => {
  let platform: TestPlatform;
  let admin: Session;
  /** The second administrator, of another organisation, who confirms signatures and clearances. */
  let confirmer: Session;
  let europolRegistrar: Session;
  const users: MatrixUser[] = [];
  const documents: MatrixDocument[] = [];
  const organisationIds = new Map<string, string>();

  const api: TestPlatform['api'] = (...request) => platform.api(...request);

  const idOf = (acronym: string) => {
    const id = organisationIds.get(acronym);
    if (!id) throw new Error(`unknown organisation ${acronym}`);
    return id;
  };

  const userAt = (role: Role, acronym: string) => {
    const found = users.find((u) => u.role === role && u.organisationId === idOf(acronym));
    if (!found) throw new Error(`no ${role} at ${acronym}`);
    return found;
  };

  async function clear(userId: string, clearance: string) {
    const response = await api(admin, `/api/users/${userId}/clearance`, 'PUT', {
      clearance,
      briefedOn: '2020-01-01',
    });
    await throughFourEyes(response, (url) => api(confirmer, url, 'POST'));
  }

  async function versionOf(id: string): Promise<string> {
    const row = await platform.services.database.db
      .selectFrom('documents')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return `"${String(row.version)}"`;
  }

  async function changeMarking(session: Session, id: string, marking: MarkingBody) {
    return api(
      session,
      `/api/documents/${id}/marking`,
      'PUT',
      { marking, reason: 'Authorization matrix' },
      { 'if-match': await versionOf(id) },
    );
  }

  function specs(originator: string, peer: string, classified: boolean): DocumentSpec[] {
    const network = { classification: 'none', releasability: 'network' } as const;
    const withTlp = (tlp: Tlp, lower: Tlp | null): DocumentSpec => ({
      key: `TLP:${tlp}`,
      marking: { ...network, tlp },
      lowered: { ...network, tlp: lower },
    });
    const list: DocumentSpec[] = [
      { key: 'unmarked network', marking: network, lowered: null },
      { key: 'LIMITE', marking: { ...network, limite: true }, lowered: network },
      { key: 'sensitive', marking: { ...network, sensitive: true }, lowered: network },
      withTlp('clear', null),
      withTlp('green', 'clear'),
      withTlp('amber', 'green'),
      withTlp('amber_strict', 'amber'),
      {
        key: 'TLP:red with named recipients',
        marking: {
          ...network,
          tlp: 'red',
          recipients: [userAt('member', peer).id, userAt('admin', originator).id],
        },
        lowered: { ...network, tlp: 'amber' },
      },
      {
        key: `named release to ${peer}, DG HOME, OLAF`,
        marking: {
          classification: 'none',
          releasability: 'named',
          releasedTo: [idOf(peer), idOf('DG HOME'), idOf('OLAF')],
        },
        lowered: network,
      },
      {
        key: 'originator only',
        marking: { classification: 'none', releasability: 'originator' },
        lowered: network,
      },
      {
        key: 'LIMITE registered by a member',
        marking: { ...network, limite: true },
        lowered: network,
        byMember: true,
      },
    ];
    if (classified)
      list.push(
        {
          key: 'RESTREINT UE',
          marking: { classification: 'restreint', releasability: 'network' },
          lowered: network,
        },
        {
          key: 'CONFIDENTIEL UE',
          marking: { classification: 'confidentiel', releasability: 'network' },
          lowered: { classification: 'restreint', releasability: 'network' },
        },
        {
          key: 'SECRET UE reference record',
          marking: { classification: 'secret', releasability: 'network' },
          lowered: { classification: 'confidentiel', releasability: 'network' },
        },
        {
          key: 'RESTREINT UE released to DG HOME',
          marking: {
            classification: 'restreint',
            releasability: 'named',
            releasedTo: [idOf('DG HOME')],
          },
          lowered: {
            classification: 'none',
            releasability: 'named',
            releasedTo: [idOf('DG HOME')],
          },
        },
      );
    return list;
  }

  async function registerAll(
    originator: string,
    peer: string,
    classified: boolean,
    registrar: Session,
  ) {
    for (const spec of specs(originator, peer, classified)) {
      const session = spec.byMember ? userAt('member', originator).session : registrar;
      const title = `${MATRIX_WORD} ${originator} ${spec.key}`;
      // A marking change names the recipients anew: the registrar is named, so that restoring
      // the marking restores who reads.
      const marking: MarkingBody =
        spec.marking.tlp === 'red'
          ? { ...spec.marking, recipients: [...(spec.marking.recipients ?? []), session.user.id] }
          : spec.marking;
      const response = await api(session, '/api/documents', 'POST', {
        title,
        documentType: 'report',
        language: 'en',
        marking,
      });
      assert.equal(response.statusCode, 201, `${spec.key}: ${response.body}`);
      let detail = response.json<{ document: DocumentDetail }>().document;
      if (!detail.isReference) {
        const uploaded = await platform.app.inject({
          method: 'POST',
          url: `/api/documents/${detail.id}/versions?filename=note.txt`,
          headers: {
            cookie: `jhanet_session=${session.cookie}`,
            'x-csrf-token': session.csrfToken,
            'content-type': 'application/octet-stream',
          },
          payload: Buffer.from(`Content of ${detail.registrationNumber}`),
        });
        assert.equal(uploaded.statusCode, 201, `${spec.key}: ${uploaded.body}`);
        detail = uploaded.json<DocumentDetail>();
      }
      documents.push({
        key: `${originator} ${spec.key}`,
        id: detail.id,
        registrationNumber: detail.registrationNumber,
        title,
        originatorId: idOf(originator),
        registeredBy: session.user.id,
        restorer: registrar,
        level: classificationNames.indexOf(marking.classification),
        tlp: marking.tlp ?? null,
        releasability: marking.releasability,
        releasedTo: new Set(marking.releasedTo ?? []),
        recipients: new Set(marking.recipients ?? []),
        hasFile: detail.currentFile !== null,
        isReference: detail.isReference,
        marking,
        raised: marking.limite ? { ...marking, sensitive: true } : { ...marking, limite: true },
        lowered: spec.lowered,
      });
    }
  }

  before(async () => {
    const defaults = loadConfig({ NODE_ENV: 'test' });
    platform = await testPlatform({
      documents: {
        ...defaults.documents,
        euciCeiling: CONFIDENTIEL_UE,
        fileKeys: generateKeySpec('test'),
      },
    });
    for (const acronym of ['Europol', 'Frontex', 'EIGE', 'FRA', 'DG HOME', 'OLAF'])
      organisationIds.set(acronym, (await platform.services.network.get(acronym)).id);
    admin = await platform.session('admin', 'EUDA');
    confirmer = await platform.session('admin', 'Eurojust');
    const signatories = new Set(['Europol', 'Frontex', 'DG HOME']);
    for (const acronym of signatories) {
      const signed = await api(admin, `/api/euci-agreement/${idOf(acronym)}`, 'PUT', {
        signedOn: '2019-06-01',
      });
      await throughFourEyes(signed, (url) => api(confirmer, url, 'POST'));
    }
    const places: [Role, string][] = [
      ...(['admin', 'contact', 'member'] as const).flatMap((role) =>
        ['Europol', 'Frontex', 'EIGE', 'FRA'].map((acronym): [Role, string] => [role, acronym]),
      ),
      ['observer', 'DG HOME'],
      ['observer', 'OLAF'],
    ];
    for (const [role, acronym] of places) {
      const session = await platform.session(role, acronym);
      await clear(session.user.id, 'confidentiel');
      users.push({
        key: `${role}@${acronym}`,
        id: session.user.id,
        role,
        organisationId: idOf(acronym),
        kind: role === 'observer' ? 'body' : 'agency',
        signatory: signatories.has(acronym),
        session,
      });
    }
    // Registrars stand outside the matrix: the one at Europol is cleared for SECRET UE, to
    // register the reference record.
    europolRegistrar = await platform.session('contact', 'Europol');
    await clear(europolRegistrar.user.id, 'secret');
    const eigeRegistrar = await platform.session('contact', 'EIGE');
    await clear(eigeRegistrar.user.id, 'confidentiel');
    await registerAll('Europol', 'Frontex', true, europolRegistrar);
    await registerAll('EIGE', 'FRA', false, eigeRegistrar);
  });
  after(() => platform.close());

  const cell = (action: Action, user: MatrixUser, document: MatrixDocument) =>
    `${action} · ${user.key} (${user.signatory ? 'signatory' : 'non-signatory'}, ${
      user.organisationId === document.originatorId
        ? 'own agency'
        : document.releasedTo.has(user.organisationId)
          ? 'released to by name'
          : 'other organisation'
    }) · ${document.key}`;

  let assertions = 0;
  const expectCell = (actual: boolean, action: Action, user: MatrixUser, d: MatrixDocument) => {
    assertions += 1;
    assert.equal(actual, oracle(user, d, action), cell(action, user, d));
  };

  function expectFacets(result: DocumentSearchResult, readable: MatrixDocument[], what: string) {
    const tally = (values: string[]) => {
      const counts = new Map<string, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      return counts;
    };
    const asMap = (facet: { value: string; count: number }[]) =>
      new Map(facet.map((f) => [f.value, f.count]));
    assert.deepEqual(
      asMap(result.facets.originator),
      tally(readable.map((d) => d.originatorId)),
      `${what}: originator facet`,
    );
    assert.deepEqual(
      asMap(result.facets.classification),
      tally(readable.map((d) => classificationNames[d.level] ?? '?')),
      `${what}: classification facet`,
    );
    assert.deepEqual(
      asMap(result.facets.tlp),
      tally(readable.map((d) => d.tlp ?? 'none')),
      `${what}: TLP facet`,
    );
    for (const facet of ['type', 'language', 'year'] as const)
      assert.equal(
        result.facets[facet].reduce((sum, f) => sum + f.count, 0),
        readable.length,
        `${what}: ${facet} facet`,
      );
    assertions += 6;
  }

  test('reads: view, download, list, search, count, export, and facets', async (t) => {
    assertions = 0;
    for (const user of users) {
      // Documents are independent cells: their requests run side by side.
      await Promise.all(
        documents.map(async (document) => {
          const view = await api(user.session, `/api/documents/${document.id}`);
          assert.ok([200, 404].includes(view.statusCode), cell('view', user, document));
          expectCell(view.statusCode === 200, 'view', user, document);
          if (view.statusCode === 200) {
            // What the page offers agrees with what the API allows.
            const { permissions } = view.json<DocumentDetail>();
            assert.deepEqual(
              [permissions.edit, permissions.mark, permissions.download],
              [
                oracle(user, document, 'edit'),
                oracle(user, document, 'mark'),
                oracle(user, document, 'download'),
              ],
              cell('view', user, document),
            );
          }
          const file = await api(user.session, `/api/documents/${document.id}/file`);
          assert.ok([200, 404].includes(file.statusCode), cell('download', user, document));
          expectCell(file.statusCode === 200, 'download', user, document);
        }),
      );
      const readable = documents.filter((d) => oracle(user, d, 'list'));

      const list = await api(user.session, '/api/documents?pageSize=200');
      assert.equal(list.statusCode, 200);
      const listed = list.json<DocumentSearchResult>();
      const listedIds = new Set(listed.items.map((d) => d.id));
      assert.equal(listed.total, listedIds.size, `count · ${user.key}: total is the list`);
      for (const document of documents) {
        expectCell(listedIds.has(document.id), 'list', user, document);
        expectCell(
          listedIds.has(document.id) && listed.total === readable.length,
          'count',
          user,
          document,
        );
      }
      assert.equal(listed.total, readable.length, `count · ${user.key}`);
      expectFacets(listed, readable, `list · ${user.key}`);

      const search = await api(user.session, `/api/documents?q=${MATRIX_WORD}&pageSize=200`);
      assert.equal(search.statusCode, 200);
      const found = search.json<DocumentSearchResult>();
      const foundIds = new Set(found.items.map((d) => d.id));
      for (const document of documents)
        expectCell(foundIds.has(document.id), 'search', user, document);
      assert.equal(found.total, readable.length, `search count · ${user.key}`);
      expectFacets(found, readable, `search · ${user.key}`);

      const exported = await api(user.session, '/api/documents/export.csv');
      assert.equal(exported.statusCode, 200);
      const numbers = new Set(exported.body.split('\r\n').map((line) => line.split(',')[0]));
      for (const document of documents)
        expectCell(numbers.has(document.registrationNumber), 'export', user, document);
    }
    t.diagnostic(`${String(assertions)} cells and facet checks`);
  });

  test('a reference record is read by those cleared for it, and never downloaded', async () => {
    const reference = documents.find((d) => d.isReference) ?? assert.fail('a reference record');
    const view = await api(europolRegistrar, `/api/documents/${reference.id}`);
    assert.equal(view.statusCode, 200, view.body);
    assert.equal(view.json<DocumentDetail>().permissions.download, false);
    for (const url of ['file', 'text.txt', 'versions/1/file'])
      assert.equal(
        (await api(europolRegistrar, `/api/documents/${reference.id}/${url}`)).statusCode,
        404,
        url,
      );
  });

  test('writes: edit, mark and downgrade, 200 or 404 and never 403', async (t) => {
    assertions = 0;
    const answer = (status: number, action: Action, user: MatrixUser, document: MatrixDocument) => {
      assert.ok([200, 404].includes(status), `${cell(action, user, document)}: ${String(status)}`);
      expectCell(status === 200, action, user, document);
      return status === 200;
    };
    const restore = async (document: MatrixDocument) => {
      const restored = await changeMarking(document.restorer, document.id, document.marking);
      assert.equal(restored.statusCode, 200, `restoring ${document.key}: ${restored.body}`);
    };
    // Each document's cells run in turn; documents run side by side.
    await Promise.all(
      documents.map(async (document) => {
        for (const user of users) {
          const edit = await api(
            user.session,
            `/api/documents/${document.id}`,
            'PATCH',
            { title: `${document.title} edited` },
            { 'if-match': await versionOf(document.id) },
          );
          answer(edit.statusCode, 'edit', user, document);

          const mark = await changeMarking(user.session, document.id, document.raised);
          if (answer(mark.statusCode, 'mark', user, document)) await restore(document);

          if (document.lowered) {
            const lower = await changeMarking(user.session, document.id, document.lowered);
            if (answer(lower.statusCode, 'downgrade', user, document)) await restore(document);
          }
        }
      }),
    );
    t.diagnostic(`${String(assertions)} cells`);
  });
});
