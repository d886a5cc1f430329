import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import fc from 'fast-check';
import { loadConfig } from '../../config.js';
import type { Releasability, Tlp } from '../../db/schema.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { extractQueuedTexts } from '../../../test/support/text-extraction.js';
import { throughFourEyes } from '../../../test/support/euci.js';
import { generateKeySpec } from './file-crypto.js';
import { combineMarkings, markingLine, type Marking } from './markings.js';
import type { DocumentDetail, DocumentSearchResult } from './documents.model.js';

/**
 * Anything derived from several documents (a list, an export) carries the most restrictive
 * marking of its inputs, and every file made from one document carries its own.
 */

const CONFIDENTIEL_UE = 2;
const classificationNames = ['none', 'restreint', 'confidentiel'] as const;
const namedPool = ['Frontex', 'EIGE', 'Eurojust', 'DG HOME', 'OLAF'] as const;
const signatories = ['Europol', 'Frontex', 'Eurojust', 'DG HOME'];

interface DocumentSpec {
  originator: 'Europol' | 'Frontex';
  level: number;
  limite: boolean;
  sensitive: boolean;
  tlp: Tlp | null;
  releasability: Releasability;
  named: string[];
}

const specArb: fc.Arbitrary<DocumentSpec> = fc
  .record({
    originator: fc.constantFrom('Europol' as const, 'Frontex' as const),
    level: fc.integer({ min: 0, max: CONFIDENTIEL_UE }),
    limite: fc.boolean(),
    sensitive: fc.boolean(),
    tlp: fc.constantFrom<Tlp | null>(null, 'clear', 'green', 'amber', 'amber_strict', 'red'),
    releasability: fc.constantFrom<Releasability>('network', 'named', 'originator'),
    named: fc.subarray([...namedPool], { minLength: 1 }),
  })
  .map((spec) => {
    // Readable by a contact point of Europol: Frontex's documents reach Europol, and EUCI goes to
    // signatories only.
    const named = spec.named.filter((acronym) => spec.level === 0 || signatories.includes(acronym));
    if (spec.originator === 'Europol')
      return { ...spec, named: named.length > 0 ? named : ['Frontex'] };
    return {
      ...spec,
      tlp: spec.tlp === 'amber_strict' ? 'amber' : spec.tlp,
      releasability: spec.releasability === 'originator' ? 'network' : spec.releasability,
      named: ['Europol', ...named],
    };
  });

/** The first cell of a CSV line, unquoted. */
function firstCell(line: string): string {
  if (!line.startsWith('"')) return line.split(',')[0] ?? '';
  const end = line.lastIndexOf('"');
  return line.slice(1, end).replace(/""/g, '"');
}

let runNumber = 0;
/** A word of letters only, unique to a run, to select that run's documents. */
function runWord(): string {
  runNumber += 1;
  let n = runNumber;
  let word = '';
  do {
    word = String.fromCharCode(97 + (n % 26)) + word;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `derivedq${word}`;
}

describe('derived files and lists carry the most restrictive marking', () => {
  let platform: TestPlatform;
  let reader: Session;
  let frontex: Session;
  const acronyms = new Map<string, string>();
  const ids = new Map<string, string>();
  const idOf = (acronym: string) => ids.get(acronym) ?? assert.fail(acronym);
  const acronymOf = (id: string) => acronyms.get(id) ?? id;

  const api: TestPlatform['api'] = (...request) => platform.api(...request);

  before(async () => {
    const defaults = loadConfig({ NODE_ENV: 'test' });
    platform = await testPlatform({
      documents: {
        ...defaults.documents,
        euciCeiling: CONFIDENTIEL_UE,
        fileKeys: generateKeySpec('test'),
      },
    });
    const organisations = await platform.services.database.db
      .selectFrom('organisations')
      .select(['id', 'acronym'])
      .execute();
    for (const o of organisations) {
      acronyms.set(o.id, o.acronym);
      ids.set(o.acronym, o.id);
    }
    const admin = await platform.session('admin', 'EUDA');
    const confirmer = await platform.session('admin', 'CEPOL');
    const confirm = (url: string) => api(confirmer, url, 'POST');
    for (const acronym of signatories) {
      const signed = await api(admin, `/api/euci-agreement/${idOf(acronym)}`, 'PUT', {
        signedOn: '2019-06-01',
      });
      await throughFourEyes(signed, confirm);
    }
    reader = await platform.session('contact', 'Europol');
    frontex = await platform.session('contact', 'Frontex');
    for (const session of [reader, frontex]) {
      const cleared = await api(admin, `/api/users/${session.user.id}/clearance`, 'PUT', {
        clearance: 'confidentiel',
        briefedOn: '2020-01-01',
      });
      await throughFourEyes(cleared, confirm);
    }
  });
  after(() => platform.close());

  async function register(spec: DocumentSpec, title: string): Promise<DocumentDetail> {
    const session = spec.originator === 'Europol' ? reader : frontex;
    const releasedTo = spec.named.filter((a) => a !== spec.originator).map(idOf);
    const response = await api(session, '/api/documents', 'POST', {
      title,
      documentType: 'analysis',
      language: 'en',
      marking: {
        classification: classificationNames[spec.level],
        limite: spec.limite,
        sensitive: spec.sensitive,
        tlp: spec.tlp,
        releasability: spec.releasability,
        ...(spec.releasability === 'named' ? { releasedTo } : {}),
        ...(spec.tlp === 'red' ? { recipients: [reader.user.id] } : {}),
      },
    });
    assert.equal(response.statusCode, 201, response.body);
    const { document } = response.json<{ document: DocumentDetail }>();
    const uploaded = await platform.app.inject({
      method: 'POST',
      url: `/api/documents/${document.id}/versions?filename=body.txt`,
      headers: {
        cookie: `jhanet_session=${session.cookie}`,
        'x-csrf-token': session.csrfToken,
        'content-type': 'application/octet-stream',
      },
      payload: Buffer.from(`The text of ${title}`),
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    return uploaded.json<DocumentDetail>();
  }

  /** The marking as the rules define it, from what was asked at registration. */
  function markingOfSpec(spec: DocumentSpec): Marking {
    const originatorId = idOf(spec.originator);
    return {
      level: spec.level,
      limite: spec.limite,
      sensitive: spec.sensitive,
      tlp: spec.tlp,
      audience:
        spec.releasability === 'network'
          ? { kind: 'network' }
          : {
              kind: 'organisations',
              ids: new Set([
                originatorId,
                ...(spec.releasability === 'named' ? spec.named.map(idOf) : []),
              ]),
            },
    };
  }

  test('the list, the export and each text rendition carry their marking', async (t) => {
    let checks = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(specArb, { minLength: 1, maxLength: 5 }), async (specs) => {
        const word = runWord();
        const registered: DocumentDetail[] = [];
        for (const [index, spec] of specs.entries())
          registered.push(await register(spec, `${word} assessment ${String(index + 1)}`));
        await extractQueuedTexts(platform.services);
        const expected = markingLine(combineMarkings(specs.map(markingOfSpec)), acronymOf);

        const list = await api(reader, `/api/documents?q=${word}&pageSize=200`);
        assert.equal(list.statusCode, 200);
        const result = list.json<DocumentSearchResult>();
        assert.deepEqual(result.items.map((d) => d.id).sort(), registered.map((d) => d.id).sort());
        assert.equal(result.marking.line, expected);

        const csv = await api(reader, `/api/documents/export.csv?q=${word}`);
        assert.equal(csv.statusCode, 200);
        assert.ok(csv.body.startsWith('\uFEFF'), 'a byte order mark, for Excel to read UTF-8');
        const lines = csv.body
          .slice(1)
          .split('\r\n')
          .filter((line) => line !== '');
        assert.equal(lines.length, specs.length + 3, csv.body);
        assert.equal(firstCell(lines[0] ?? ''), `Marking: ${expected}`);
        assert.equal(firstCell(lines[lines.length - 1] ?? ''), `Marking: ${expected}`);

        for (const [index, document] of registered.entries()) {
          const spec = specs[index] ?? assert.fail('a spec per document');
          const own = `[${markingLine(markingOfSpec(spec), acronymOf)}]`;
          const text = await api(reader, `/api/documents/${document.id}/text.txt`);
          assert.equal(text.statusCode, 200, text.body);
          const textLines = text.body.split('\n').filter((line) => line !== '');
          assert.equal(textLines[0], own);
          assert.equal(textLines[textLines.length - 1], own);
          assert.ok(text.body.includes(`The text of ${word}`));
          checks += 4;
        }
        checks += 6;
      }),
      { numRuns: 15 },
    );
    t.diagnostic(`${String(checks)} checks over ${String(runNumber)} runs`);
  });
});
