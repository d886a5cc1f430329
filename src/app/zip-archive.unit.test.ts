import assert from 'node:assert/strict';
import { describe, test } from '../../test/support/node-test.js';
import { zipArchive } from '../../test/support/fixture-files.js';
import { docxBomb, xlsxBomb } from '../../test/support/hostile-files.js';
import { ArchiveError, checkZipUnpacks, storedZip, unpackZip, ZipWriter } from './zip-archive.js';
import { readFirstSheet, writeSheet } from './xlsx.js';
import { AppError } from './errors.js';

const MIB = 1024 * 1024;
const limits = { maxTotalBytes: 100 * MIB, maxEntryBytes: 50 * MIB };

function reason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ArchiveError) return error.reason;
    throw error;
  }
  return 'unpacked';
}

/** The most this process's resident memory grows while `run` runs, sampled every 10 ms. */
async function peakGrowth(run: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage().rss) - before;
}

describe('ZIP archives unpacked by counting what inflates', () => {
  test('a workbook that declares 1 KB and inflates to 2 GB is refused once the limit has inflated', async () => {
    const bomb = xlsxBomb(2048);
    assert.ok(bomb.length < 3 * MIB, `the bomb is ${String(bomb.length)} bytes`);
    const started = Date.now();
    const growth = await peakGrowth(async () => {
      await assert.rejects(
        readFirstSheet(bomb, limits),
        (error: unknown) =>
          error instanceof AppError &&
          error.status === 413 &&
          /more than 100 MB in all, or more than 50 MB in one part/.test(error.message),
      );
    });
    // Inflating stops at the 50 MB part limit: the memory it costs, not the 2 GB declared away.
    assert.ok(
      growth < 150 * MIB,
      `resident memory grew by ${String(Math.round(growth / MIB))} MiB`,
    );
    assert.ok(Date.now() - started < 5_000, `took ${String(Date.now() - started)} ms`);
  });

  test('every part counts towards the whole, and a part past its own limit stops the unpacking', () => {
    const tenMib = Buffer.alloc(10 * MIB, 0x20);
    const archive = zipArchive({ a: tenMib, b: tenMib, c: tenMib });
    assert.equal(
      reason(() => {
        checkZipUnpacks(archive, limits);
      }),
      'unpacked',
    );
    assert.equal(
      reason(() => {
        checkZipUnpacks(archive, { maxTotalBytes: 25 * MIB, maxEntryBytes: 25 * MIB });
      }),
      'too_large',
    );
    assert.equal(
      reason(() => {
        checkZipUnpacks(archive, { maxTotalBytes: 100 * MIB, maxEntryBytes: 9 * MIB });
      }),
      'too_large',
    );
    assert.equal(
      reason(() => {
        checkZipUnpacks(docxBomb(200), limits);
      }),
      'too_large',
    );
  });

  test('what is not a plain, whole ZIP archive is refused as such', () => {
    const honest = zipArchive({ 'a.xml': '<a/>' });
    const damaged = Buffer.from(honest);
    damaged.write('b', 30 + 'a.xml'.length + 1, 'latin1');
    const unknownMethod = Buffer.from(honest);
    unknownMethod.writeUInt16LE(9, honest.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    const cases: [string, Buffer][] = [
      ['not an archive', Buffer.from('not an archive at all')],
      ['no central directory', honest.subarray(0, honest.length - 30)],
      ['a checksum that does not match', damaged],
      ['an unknown compression method', unknownMethod],
    ];
    assert.equal(
      reason(() => {
        checkZipUnpacks(honest, limits);
      }),
      'unpacked',
    );
    for (const [what, bytes] of cases)
      assert.equal(
        reason(() => {
          checkZipUnpacks(bytes, limits);
        }),
        'not_an_archive',
        what,
      );
  });

  test('the parts asked for come back as they were, and repacked they read the same', async () => {
    const workbook = await writeSheet({
      name: 'Sheet',
      columns: [{ header: 'Title', width: 20, kind: 'text' }],
      rows: [['Joint action days']],
    });
    const parts = unpackZip(workbook, limits, (name) => name.endsWith('.xml'));
    assert.ok(parts.has('xl/workbook.xml'));
    assert.ok([...parts.keys()].every((name) => name.endsWith('.xml')));
    const repacked = unpackZip(storedZip(parts), limits, () => true);
    assert.deepEqual([...repacked.entries()], [...parts.entries()]);
    assert.deepEqual(await readFirstSheet(workbook, limits), [['Title'], ['Joint action days']]);
  });

  test('an entry deflated piece by piece unpacks to the pieces joined, next to a stored one', async () => {
    const pieces = Array.from(
      { length: 2_000 },
      (_, index) => `<row r="${String(index)}">é€😀</row>`,
    );
    const writer = new ZipWriter();
    await writer.addDeflated('sheet.xml', pieces);
    writer.addStored('raw.bin', Buffer.from([0, 1, 2, 255]));
    const archive = writer.finish();
    const whole = Buffer.from(pieces.join(''), 'utf8');
    assert.ok(archive.length < whole.length / 10, 'the repeated rows are compressed');
    // unpackZip checks each entry's CRC-32 and size against what it inflates.
    const parts = unpackZip(archive, limits, () => true);
    assert.deepEqual([...parts.keys()], ['sheet.xml', 'raw.bin']);
    assert.deepEqual(parts.get('sheet.xml'), whole);
    assert.deepEqual(parts.get('raw.bin'), Buffer.from([0, 1, 2, 255]));
  });
});
