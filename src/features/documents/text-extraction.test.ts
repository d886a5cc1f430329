import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { docxWithText } from '../../../test/support/fixture-files.js';
import { docxBomb, pdfThatLoops } from '../../../test/support/hostile-files.js';
import { extractQueuedTexts } from '../../../test/support/text-extraction.js';
import { loadConfig } from '../../config.js';
import { en } from '../../app/i18n/messages.en.js';
import { startPlatform, textExtractionWorker } from '../../platform.js';
import type { ParserStop } from '../../app/parsing/parsers.js';
import type { DocumentDetail, DocumentSearchResult } from './documents.model.js';

const MIB = 1024 * 1024;
/** The most the server's own memory may grow while it has hostile files read. */
const SERVER_BOUND = 64 * MIB;
const quiet = { warn: () => undefined, error: () => undefined };

const timeoutMs = 1_500;

/** A platform whose parser processes have a short time cap and look for work every second. */
async function cappedPlatform(): Promise<TestPlatform> {
  const defaults = loadConfig({ NODE_ENV: 'test', JHANET_REQUIRE_SECOND_FACTOR: 'optional' });
  return testPlatform({
    parsing: {
      ...defaults.parsing,
      timeoutMs,
      memoryBytes: 320 * MIB,
      maxUnpackedBytes: 20 * MIB,
      maxEntryBytes: 10 * MIB,
      pollSeconds: 1,
    },
  });
}

/** Registers a document and uploads its file. */
async function documentWith(
  platform: TestPlatform,
  session: Session,
  title: string,
  filename: string,
  content: Buffer,
) {
  const registered = await platform.request({
    method: 'POST',
    url: '/api/documents',
    as: session,
    body: {
      title,
      documentType: 'analysis',
      language: 'en',
      marking: { classification: 'none', releasability: 'network' },
    },
  });
  assert.equal(registered.statusCode, 201, registered.body);
  const { id } = registered.json<{ document: DocumentDetail }>().document;
  const uploaded = await platform.app.inject({
    method: 'POST',
    url: `/api/documents/${id}/versions?filename=${encodeURIComponent(filename)}`,
    headers: {
      cookie: `jhanet_session=${session.cookie}`,
      'x-csrf-token': session.csrfToken,
      'content-type': 'application/octet-stream',
    },
    payload: content,
  });
  assert.equal(uploaded.statusCode, 201, uploaded.body);
  return {
    id,
    file: uploaded.json<DocumentDetail>().currentFile,
  };
}

describe('text extraction after the upload, under caps, in turns', () => {
  let platform: TestPlatform;
  let alice: Session;

  before(async () => {
    platform = await cappedPlatform();
    alice = await platform.session('contact', 'Europol');
  });
  after(() => platform.close());

  const detailOf = async (session: Session, id: string) =>
    (await platform.request({ url: `/api/documents/${id}`, as: session })).json<DocumentDetail>();

  test('hostile files: the upload answers at once, the text could not be extracted, the server keeps its memory', async () => {
    const bomb = await documentWith(
      platform,
      alice,
      'Inflating minutes',
      'minutes.docx',
      docxBomb(2048),
    );
    const loop = await documentWith(platform, alice, 'Endless annex', 'annex.pdf', pdfThatLoops());
    // Both answered while their text was still to be read: the upload does not wait for it.
    for (const upload of [bomb, loop]) assert.equal(upload.file?.textPending, true);
    const versionAdded = await platform.services.database.db
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'document.version_add')
      .where('target_id', 'in', [bomb.id, loop.id])
      .execute();
    assert.equal(versionAdded.length, 2);

    const stops: ParserStop[] = [];
    platform.services.parsers.onStop((stop) => stops.push(stop));
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    try {
      await extractQueuedTexts(platform.services);
    } finally {
      clearInterval(sampler);
    }
    const grew = peak - before;
    assert.ok(grew < SERVER_BOUND, `the server grew by ${String(Math.round(grew / MIB))} MiB`);
    // The Word file was refused as it inflated; the PDF that never ends had its process killed.
    assert.deepEqual(
      stops.map(({ kind, stop }) => ({ kind, stop })),
      [{ kind: 'text', stop: 'time' }],
    );
    const killed = stops[0]?.pid;
    assert.ok(killed !== undefined);
    assert.throws(() => process.kill(killed, 0), 'the parser process is gone');

    for (const { id } of [bomb, loop]) {
      const file = (await detailOf(alice, id)).currentFile;
      assert.deepEqual(
        { pending: file?.textPending, failed: file?.textFailed, chars: file?.textChars },
        { pending: false, failed: true, chars: 0 },
      );
      const page = await platform.request({ url: `/documents/${id}`, as: alice });
      assert.match(page.body, new RegExp(en['documents.versions.text.failed']));
    }
  });

  test("one person's queue of slow files does not hold up another's small file", async () => {
    // Two people who have had nothing read yet: neither has had a turn.
    const carol = await platform.session('contact', 'Europol');
    const dave = await platform.session('contact', 'Frontex');
    const slow = [];
    for (const n of [1, 2, 3])
      slow.push(
        await documentWith(
          platform,
          carol,
          `Annex ${String(n)}`,
          `annex-${String(n)}.pdf`,
          pdfThatLoops(),
        ),
      );
    const small = await documentWith(
      platform,
      dave,
      'Short note',
      'note.txt',
      Buffer.from('Kestrel operation'),
    );
    const worker = textExtractionWorker(platform.services, quiet);
    worker.start();
    try {
      const deadline = Date.now() + 30_000;
      while ((await detailOf(dave, small.id)).currentFile?.textPending) {
        assert.ok(Date.now() < deadline, "Dave's note never got its text");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const carolPending = await Promise.all(
        slow.map(async ({ id }) => (await detailOf(carol, id)).currentFile?.textPending),
      );
      // Carol's first file ran first; Dave's note went next, before her second and third.
      assert.deepEqual(carolPending, [false, true, true]);
      const found = await platform.request({ url: '/api/documents?q=kestrel', as: carol });
      assert.deepEqual(
        found.json<DocumentSearchResult>().items.map((d) => d.id),
        [small.id],
      );
    } finally {
      await worker.stop();
    }
  });
});

describe('the extraction queue survives a restart', () => {
  let platform: TestPlatform;

  before(async () => {
    platform = await cappedPlatform();
  });
  after(() => platform.close());

  test('after a restart, queued texts and those a stopped process held are extracted', async () => {
    const alice = await platform.session('contact', 'Europol');
    const bob = await platform.session('contact', 'Frontex');
    const queued = await documentWith(
      platform,
      alice,
      'Queued report',
      'q.txt',
      Buffer.from('Osprey'),
    );
    const held = await documentWith(
      platform,
      bob,
      'Held report',
      'held.docx',
      await docxWithText(['Harrier']),
    );
    // A process claimed one of them an hour ago and died with it: its lease has run out.
    const claimed = await platform.services.textExtractionQueue.claim(
      'a process that died',
      new Date(Date.now() - 60 * 60 * 1000),
    );
    assert.ok(claimed);
    await platform.app.close();

    const restarted = await startPlatform(platform.config, {
      database: platform.services.database,
      logger: false,
    });
    try {
      await textExtractionWorker(restarted.services, quiet).runUntilIdle();
      for (const [session, word, id] of [
        [alice, 'osprey', queued.id],
        [bob, 'harrier', held.id],
      ] as const) {
        const search = await restarted.app.inject({
          url: `/api/documents?q=${word}`,
          headers: { cookie: `jhanet_session=${session.cookie}` },
        });
        assert.deepEqual(
          search.json<DocumentSearchResult>().items.map((d) => d.id),
          [id],
          word,
        );
      }
      assert.deepEqual(await restarted.services.textExtractionQueue.counts(), {
        queued: 0,
        running: 0,
        done: 2,
      });
    } finally {
      await restarted.app.close();
    }
  });
});
