import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, test } from '../../../test/support/node-test.js';
import { docxBomb, pdfBomb, pdfThatLoops, xlsxBomb } from '../../../test/support/hostile-files.js';
import { AppError } from '../errors.js';
import { writeSheet } from '../xlsx.js';
import { Parsers, type ParserStop, type ParsingSettings } from './parsers.js';

const MIB = 1024 * 1024;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** The most the test process (the server's side) may grow while a hostile file is read. */
const PARENT_BOUND = 64 * MIB;

function parsers(settings: {
  timeoutMs: number;
  memoryMb: number;
  unpackMb?: number;
  slots?: number;
}): { parsers: Parsers; stops: ParserStop[] } {
  const unpack = (settings.unpackMb ?? 100) * MIB;
  const value: ParsingSettings = {
    slots: settings.slots ?? 2,
    caps: { timeoutMs: settings.timeoutMs, memoryBytes: settings.memoryMb * MIB },
    unpack: { maxTotalBytes: unpack, maxEntryBytes: unpack },
    maxTextChars: 1_000_000,
  };
  const made = new Parsers(value);
  const stops: ParserStop[] = [];
  made.onStop((stop) => stops.push(stop));
  return { parsers: made, stops };
}

/** Runs `work` and says how long it took and how much this process's memory grew at most. */
async function measured<T>(
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; grew: number }> {
  const started = Date.now();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    const result = await work();
    return {
      result,
      ms: Date.now() - started,
      grew: Math.max(peak, process.memoryUsage().rss) - before,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Starts the owner's parser process with a file of nothing, so that timings count the job only. */
async function warmUp(parsers: Parsers, owner: string): Promise<void> {
  const warm = await parsers.extractText(owner, Buffer.from('warm'), 'text/plain');
  assert.ok(warm.ok);
}

function processGone(pid: number | undefined): boolean {
  assert.ok(pid !== undefined);
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('untrusted files are read in parser processes under hard caps', () => {
  test('a workbook that lies about its sizes is refused, counted as it inflates, in time', async () => {
    const { parsers: reader, stops } = parsers({ timeoutMs: 10_000, memoryMb: 320 });
    try {
      await warmUp(reader, 'alice');
      const { result, ms, grew } = await measured(() =>
        reader.readFirstSheet('alice', xlsxBomb(2048)).then(
          () => null,
          (error: unknown) => error,
        ),
      );
      assert.ok(result instanceof AppError);
      assert.equal(result.status, 413);
      assert.match(result.message, /unpacks to more than 100 MB/);
      assert.ok(ms < 10_000, `answered in ${String(ms)} ms`);
      assert.ok(grew < PARENT_BOUND, `the server grew by ${String(Math.round(grew / MIB))} MiB`);
      assert.deepEqual(stops, [], 'the refusal came from the parser, which was not killed');
      const workbook = await writeSheet({
        name: 'Sheet',
        columns: [{ header: 'Title', width: 20, kind: 'text' }],
        rows: [['Joint action days']],
      });
      assert.deepEqual(await reader.readFirstSheet('alice', workbook), [
        ['Title'],
        ['Joint action days'],
      ]);
    } finally {
      reader.close();
    }
  });

  test('a Word file that inflates past the unpack limit has no text, without reading it through', async () => {
    const { parsers: reader, stops } = parsers({ timeoutMs: 10_000, memoryMb: 320 });
    try {
      await warmUp(reader, 'alice');
      const { result, ms, grew } = await measured(() =>
        reader.extractText('alice', docxBomb(2048), DOCX),
      );
      assert.deepEqual(result, { ok: true, text: { text: '', truncated: false, failed: true } });
      assert.ok(ms < 10_000, `answered in ${String(ms)} ms`);
      assert.ok(grew < PARENT_BOUND, `the server grew by ${String(Math.round(grew / MIB))} MiB`);
      assert.deepEqual(stops, []);
    } finally {
      reader.close();
    }
  });

  test('a Word file that inflates past the memory cap: its process is killed at the cap', async () => {
    // An unpack limit above the memory cap, so that the memory cap is what holds.
    const { parsers: reader, stops } = parsers({
      timeoutMs: 10_000,
      memoryMb: 320,
      unpackMb: 4096,
    });
    try {
      await warmUp(reader, 'alice');
      const { result, ms, grew } = await measured(() =>
        reader.extractText('alice', docxBomb(2048), DOCX),
      );
      assert.deepEqual(result, { ok: false, stop: 'memory' });
      assert.ok(ms < 10_000, `answered in ${String(ms)} ms`);
      assert.ok(grew < PARENT_BOUND, `the server grew by ${String(Math.round(grew / MIB))} MiB`);
      assert.equal(stops.length, 1);
      assert.equal(stops[0]?.stop, 'memory');
      assert.ok(processGone(stops[0].pid), 'the parser process was killed');
      const next = await reader.extractText('alice', Buffer.from('Next file'), 'text/plain');
      assert.deepEqual(next, {
        ok: true,
        text: { text: 'Next file', truncated: false, failed: false },
      });
    } finally {
      reader.close();
    }
  });

  test('a PDF whose font inflates to gigabytes: its process is killed at the memory cap', async () => {
    const { parsers: reader, stops } = parsers({ timeoutMs: 25_000, memoryMb: 320 });
    try {
      await warmUp(reader, 'alice');
      const { result, ms, grew } = await measured(() =>
        reader.extractText('alice', pdfBomb(2048), 'application/pdf'),
      );
      assert.deepEqual(result, { ok: false, stop: 'memory' });
      assert.ok(ms < 25_000, `answered in ${String(ms)} ms`);
      assert.ok(grew < PARENT_BOUND, `the server grew by ${String(Math.round(grew / MIB))} MiB`);
      assert.ok(processGone(stops[0]?.pid), 'the parser process was killed');
    } finally {
      reader.close();
    }
  });

  test('a PDF that keeps its reader busy for ever: its process is killed at the time cap', async () => {
    const { parsers: reader, stops } = parsers({ timeoutMs: 1_500, memoryMb: 2048 });
    try {
      await warmUp(reader, 'alice');
      const { result, ms, grew } = await measured(() =>
        reader.extractText('alice', pdfThatLoops(), 'application/pdf'),
      );
      assert.deepEqual(result, { ok: false, stop: 'time' });
      assert.ok(ms >= 1_500 && ms < 3_000, `answered in ${String(ms)} ms`);
      assert.ok(grew < PARENT_BOUND, `the server grew by ${String(Math.round(grew / MIB))} MiB`);
      assert.ok(processGone(stops[0]?.pid), 'the parser process was killed');
    } finally {
      reader.close();
    }
  });

  test("one owner's slow files do not hold up another's: owners take turns", async () => {
    // One slot for background work: turns are all that keeps Bob from waiting for all of Alice's.
    const { parsers: reader } = parsers({ timeoutMs: 1_000, memoryMb: 2048, slots: 1 });
    try {
      const finished: string[] = [];
      const run = (owner: string, name: string, bytes: Buffer, type: string) =>
        reader.extractText(owner, bytes, type).then((outcome) => {
          finished.push(name);
          return outcome;
        });
      const alice = [1, 2, 3].map((n) =>
        run('alice', `alice ${String(n)}`, pdfThatLoops(), 'application/pdf'),
      );
      const bob = run('bob', 'bob', Buffer.from('A short note'), 'text/plain');
      assert.deepEqual(await bob, {
        ok: true,
        text: { text: 'A short note', truncated: false, failed: false },
      });
      assert.deepEqual(finished, ['alice 1', 'bob']);
      reader.close();
      assert.deepEqual(
        (await Promise.all(alice)).map((outcome) => (outcome.ok ? 'read' : outcome.stop)),
        ['time', 'closed', 'closed'],
      );
    } finally {
      reader.close();
    }
  });

  test('a parser process stuck in a file does not outlive the server that started it', async () => {
    // A server (this small script) starts a parser process on a file that never finishes, says
    // the process's id, and is then killed outright, with no chance to clean up.
    const script = `
      import { ParserProcess } from ${JSON.stringify(new URL('./parser-process.ts', import.meta.url).href)};
      import { pdfThatLoops } from ${JSON.stringify(new URL('../../../test/support/hostile-files.ts', import.meta.url).href)};
      const parser = new ParserProcess({ timeoutMs: 600000, memoryBytes: 2048 * 1024 * 1024 });
      const unpack = { maxTotalBytes: 1024, maxEntryBytes: 1024 };
      await parser.run({ kind: 'text', bytes: Buffer.from('ready'), contentType: 'text/plain', maxChars: 10, unpack });
      void parser.run({ kind: 'text', bytes: pdfThatLoops(), contentType: 'application/pdf', maxChars: 10, unpack });
      console.log(parser.pid);`;
    const server = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [line] = (await once(server.stdout, 'data')) as [Buffer];
    const pid = Number(line.toString().trim());
    assert.ok(Number.isInteger(pid) && pid > 0, line.toString());
    assert.equal(processGone(pid), false, 'the parser process runs');
    server.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (!processGone(pid)) {
      assert.ok(Date.now() < deadline, 'the parser process outlived its server');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
});
