import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from './support/node-test.js';
import { freshDatabase, testDb } from './support/platform.js';

/** Waits until the server logs that it listens, and returns its address. */
function listeningAddress(lines: string[], child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server did not start:\n${lines.join('\n')}`));
    }, 60_000);
    const check = () => {
      for (const line of lines) {
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
          return;
        }
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)}:\n${lines.join('\n')}`));
    });
  });
}

describe('jhanet serve as a process', () => {
  let dataDir: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  let databaseUrl = '';

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'jhanet-serve-'));
    if (testDb === 'postgres') {
      // The server process opens its own pool on this database; ours only owns its lifetime.
      const fresh = await freshDatabase();
      databaseUrl = fresh.url ?? '';
      dropDatabase = fresh.drop;
    }
  });
  after(async () => {
    await dropDatabase?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('serves JSON logs with request ids, seeds the demo, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '-e', "import('./src/cli/main.ts').then((m) => m.main(['serve']))"],
      {
        env: {
          ...process.env,
          NODE_ENV: 'development',
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          DATABASE_URL: databaseUrl,
          JHANET_DEMO: 'true',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines: string[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      lines.push(...parts);
    });
    child.stderr.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const address = await listeningAddress(lines, child);

    assert.ok(
      lines.some((l) => l.includes('secretariat@emcdda.example.eu')),
      'demo credentials printed',
    );
    const ready = await fetch(`${address}/readyz`);
    assert.equal(ready.status, 200);
    const requestId = ready.headers.get('x-request-id');
    assert.ok(requestId);

    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, 'a clean exit after SIGTERM');

    const logged = lines
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { reqId?: string; msg?: string });
    assert.ok(
      logged.some((entry) => entry.reqId === requestId),
      'the request is logged as JSON with its id',
    );
    assert.ok(logged.some((entry) => entry.msg?.includes('shutting down')));
  });
});
