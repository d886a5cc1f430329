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
  /** The demo accounts, printed by whichever start seeded the demo. */
  const demoAccounts: { email: string; password: string }[] = [];

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

  /** Starts `jhanet serve` on a free port; returns its address and the lines it writes. */
  async function serve(): Promise<{
    address: string;
    lines: string[];
    stop: () => Promise<number | null>;
  }> {
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
          // The test signs in as the first demo account, an administrator, with its password alone.
          JHANET_REQUIRE_SECOND_FACTOR: 'optional',
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
    for (const line of lines) {
      const match = /^\s+(?:admin|contact|member|observer)\s+(\S+@\S+)\s+(\S+)$/.exec(line);
      if (match?.[1] && match[2]) demoAccounts.push({ email: match[1], password: match[2] });
    }
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    return {
      address,
      lines,
      stop: async () => {
        child.kill('SIGTERM');
        const code = await exited;
        if (buffer !== '') lines.push(buffer);
        return code;
      },
    };
  }

  test('serves JSON logs with request ids, seeds the demo, and stops cleanly on SIGTERM', async () => {
    const { address, lines, stop } = await serve();
    assert.ok(
      lines.some((l) => l.includes('secretariat@emcdda.example.eu')),
      'demo credentials printed',
    );
    const ready = await fetch(`${address}/readyz`);
    assert.equal(ready.status, 200);
    const requestId = ready.headers.get('x-request-id');
    assert.ok(requestId);

    assert.equal(await stop(), 0, 'a clean exit after SIGTERM');

    const logged = lines
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { reqId?: string; msg?: string });
    assert.ok(
      logged.some((entry) => entry.reqId === requestId),
      'the request is logged as JSON with its id',
    );
    assert.ok(logged.some((entry) => entry.msg?.includes('shutting down')));
  });

  test('writes no secret of a request URL to the log', async () => {
    const { address, lines, stop } = await serve();
    const secrets: string[] = [];
    try {
      const user = demoAccounts[0] ?? assert.fail('the demo accounts were printed');
      const signedIn = await fetch(`${address}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(user),
      });
      assert.equal(signedIn.status, 200);
      const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
      const session = { cookie, 'x-csrf-token': csrfToken };
      const feed = await fetch(`${address}/api/calendar-feed`, {
        method: 'POST',
        headers: session,
      });
      assert.equal(feed.status, 201);
      const { networkUrl } = (await feed.json()) as { networkUrl: string };
      const feedPath = new URL(networkUrl).pathname;
      const feedSecret = feedPath.split('/')[2] ?? '';
      assert.match(feedSecret, /^jhcal_/);
      const created = await fetch(`${address}/api/me/tokens`, {
        method: 'POST',
        headers: { ...session, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'logged?' }),
      });
      const { token } = (await created.json()) as { token: string };
      assert.match(token, /^jht_/);
      const unprefixed = 'a'.repeat(43);
      secrets.push(feedSecret.slice('jhcal_'.length), token.slice('jht_'.length), unprefixed);

      const requests = [
        feedPath,
        `/calendar/${unprefixed}/network.ics`,
        `/calendar/${feedSecret}/personal.ics?x=1`,
        `/api/me?token=${token}`,
        `/api/me?access_token=${unprefixed}`,
        `/login?next=${encodeURIComponent(feedPath)}`,
        `/documents?q=${token.replace('_', '%5F')}`,
      ];
      for (const path of requests) await (await fetch(`${address}${path}`)).arrayBuffer();
      assert.equal((await fetch(`${address}${feedPath}`)).status, 200, 'the feed works');
    } finally {
      assert.equal(await stop(), 0);
    }
    const log = lines.join('\n');
    assert.equal(secrets.length, 3);
    for (const secret of secrets) assert.equal(log.includes(secret), false, secret);
    const urls = lines
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { req?: { url?: string } }).req?.url)
      .filter((url): url is string => url !== undefined);
    assert.ok(urls.includes('/calendar/[redacted]/network.ics'), urls.join('\n'));
    assert.ok(urls.includes('/api/me?token=[redacted]'), urls.join('\n'));
  });
});
