import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from './support/node-test.js';
import { openSqlite, type Database } from '../src/db/database.js';
import { secretHash, verifyPassword } from '../src/features/accounts/secrets.js';
import { freshDatabase, testDb } from './support/platform.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ROOT = path.resolve(import.meta.dirname, '..');

describe('the jhanet command line', () => {
  let dataDir: string;
  let databaseUrl = '';
  let postgres: { database: Database; drop: () => Promise<void> } | null = null;

  /** Runs the real CLI in a child process, against this test's own database. */
  function jhanet(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      ...extraEnv,
    };
    if (!('JHANET_PASSWORD' in extraEnv)) delete env.JHANET_PASSWORD;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "import('./src/cli/main.ts').then((m) => m.main(process.argv.slice(1)))",
        '--',
        ...args,
      ],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Reads or changes the CLI's database directly, as someone with access to it could. */
  async function withDatabase<T>(use: (database: Database) => Promise<T>): Promise<T> {
    if (postgres) return use(postgres.database);
    const database = openSqlite(path.join(dataDir, 'jhanet.sqlite'));
    try {
      return await use(database);
    } finally {
      await database.close();
    }
  }

  const userByEmail = (email: string) =>
    withDatabase((database) =>
      database.db
        .selectFrom('users')
        .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
        .select(['users.id', 'users.role', 'users.password_hash', 'organisations.acronym'])
        .where('users.email', '=', email)
        .executeTakeFirst(),
    );

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'jhanet-cli-'));
    if (testDb === 'postgres') {
      const fresh = await freshDatabase();
      postgres = fresh;
      databaseUrl = fresh.url ?? '';
    }
  });

  after(async () => {
    await postgres?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('migrate applies the migrations, then finds nothing to do', async () => {
    const first = await jhanet(['migrate']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Applied: \S+foundation/);
    const second = await jhanet(['migrate']);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /The database is up to date\./);
  });

  test('seed seeds the demo network once and prints its credentials', async () => {
    const seeded = await jhanet(['seed']);
    assert.equal(seeded.code, 0, seeded.stderr);
    assert.match(seeded.stdout, /The demo network has been seeded/);
    const credentials = [
      ...seeded.stdout.matchAll(/^\s+(admin|contact|member|observer)\s+(\S+@\S+)\s+(\S+)$/gm),
    ];
    assert.ok(credentials.length >= 4, seeded.stdout);
    const [, role, email, password] = credentials[0] ?? [];
    const user = await userByEmail(email ?? '');
    assert.ok(user);
    assert.equal(user.role, role);
    assert.ok(await verifyPassword(user.password_hash, password ?? ''));

    const again = await jhanet(['seed']);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /nothing seeded/);
  });

  test('user add creates an account with the password from JHANET_PASSWORD', async () => {
    const password = 'correct horse battery staple';
    const result = await jhanet(
      [
        'user',
        'add',
        '--email',
        'cli.user@europol.example.eu',
        '--name',
        'Cli User',
        '--agency',
        'Europol',
        '--role',
        'contact',
      ],
      { JHANET_PASSWORD: password },
    );
    assert.equal(result.code, 0, result.stderr);
    const user = await userByEmail('cli.user@europol.example.eu');
    assert.ok(user);
    assert.equal(result.stdout.trim(), user.id);
    assert.equal(user.role, 'contact');
    assert.equal(user.acronym, 'Europol');
    assert.ok(await verifyPassword(user.password_hash, password));
  });

  test('user add refuses a bad role, an unknown agency or a bad e-mail with exit code 2', async () => {
    const base = ['user', 'add', '--name', 'Nobody'];
    const cases: [string[], RegExp][] = [
      [
        [
          ...base,
          '--email',
          'bad.role@europol.example.eu',
          '--agency',
          'Europol',
          '--role',
          'superuser',
        ],
        /--role must be one of admin, contact, member, observer/,
      ],
      [
        [
          ...base,
          '--email',
          'bad.agency@europol.example.eu',
          '--agency',
          'NOPE',
          '--role',
          'member',
        ],
        /--agency: no agency or body has the acronym "NOPE"/,
      ],
      [[...base, '--email', 'not-an-address', '--agency', 'Europol', '--role', 'member'], /email/],
      [[...base, '--agency', 'Europol', '--role', 'member'], /--email is required/],
    ];
    // Independent refusals that write nothing: run side by side to save start-up time.
    const results = await Promise.all(
      cases.map(async ([args, message]) => ({
        args,
        message,
        result: await jhanet(args, { JHANET_PASSWORD: 'a long enough password' }),
      })),
    );
    for (const { args, message, result } of results) {
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
    }
    for (const email of [
      'bad.role@europol.example.eu',
      'bad.agency@europol.example.eu',
      'not-an-address',
    ]) {
      assert.equal(await userByEmail(email), undefined, email);
    }
  });

  test('user reset-password sets the new password', async () => {
    const password = 'another long enough password';
    const result = await jhanet(
      ['user', 'reset-password', '--email', 'cli.user@europol.example.eu'],
      { JHANET_PASSWORD: password },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Password set\./);
    const user = await userByEmail('cli.user@europol.example.eu');
    assert.ok(user);
    assert.ok(await verifyPassword(user.password_hash, password));

    const unknown = await jhanet(['user', 'reset-password', '--email', 'nobody@example.eu'], {
      JHANET_PASSWORD: password,
    });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no account has the e-mail address nobody@example.eu/);
  });

  test('token create prints a personal API token that is stored only as a hash', async () => {
    const result = await jhanet([
      'token',
      'create',
      '--email',
      'cli.user@europol.example.eu',
      '--name',
      'ci',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const token = result.stdout.trim();
    assert.match(token, /^jht_[\w-]{20,}$/);
    const stored = await withDatabase((database) =>
      database.db
        .selectFrom('api_tokens')
        .select(['name', 'token_hash'])
        .where('token_hash', '=', secretHash(token))
        .executeTakeFirst(),
    );
    assert.equal(stored?.name, 'ci');
  });

  test('audit anchor keeps the verified head in DATA_DIR, and verify --head prints it', async () => {
    const anchored = await jhanet(['audit', 'anchor']);
    assert.equal(anchored.code, 0, anchored.stderr);
    const head = await jhanet(['audit', 'verify', '--head']);
    assert.equal(head.code, 0, head.stderr);
    const [, seq = '', hash = ''] = /^(\d+) ([0-9a-f]{64})\n$/.exec(head.stdout) ?? [];
    assert.ok(seq && hash, head.stdout);
    assert.match(
      anchored.stdout,
      new RegExp(`^Anchored entry ${seq}, head ${hash}, in .*audit-anchors\\.jsonl\\.`),
    );
    const file = readFileSync(path.join(dataDir, 'audit-anchors.jsonl'), 'utf8');
    assert.equal(file.trim().split('\n').length, 1);
    assert.deepEqual(
      (({ seq: s, hash: h }) => ({ s, h }))(JSON.parse(file) as { seq: number; hash: string }),
      { s: Number(seq), h: hash },
    );
    const verified = await jhanet(['audit', 'verify']);
    assert.match(
      verified.stdout,
      new RegExp(`agrees with its anchors, the latest of entry ${seq} on`),
    );
  });

  test('audit verify fails once the last entries are deleted, and nothing broken is anchored', async () => {
    const [anchor] = readFileSync(path.join(dataDir, 'audit-anchors.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number });
    const seq = anchor?.seq ?? assert.fail('the previous test anchored the head');
    // Someone with the database deletes the last entries: only the anchor shows it.
    const last = await withDatabase((database) =>
      database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', seq - 3)
        .execute(),
    );
    await withDatabase((database) =>
      database.db
        .deleteFrom('audit_log')
        .where('seq', '>', seq - 3)
        .execute(),
    );
    try {
      const shortened = await jhanet(['audit', 'verify']);
      assert.equal(shortened.code, 1);
      assert.match(
        shortened.stderr,
        new RegExp(
          `broken at entry ${seq - 2}: the log ends at entry ${seq - 3}, but entry ${seq} was anchored on .*: entries were deleted from its end`,
        ),
      );
      const refused = await jhanet(['audit', 'anchor']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /Nothing was anchored: the audit log is broken/);
    } finally {
      await withDatabase((database) => database.db.insertInto('audit_log').values(last).execute());
    }
  });

  test('audit verify passes on the intact log, and names the entry once a row is tampered with', async () => {
    const intact = await jhanet(['audit', 'verify']);
    assert.equal(intact.code, 0, intact.stderr);
    const entries = Number(/intact: (\d+) entries/.exec(intact.stdout)?.[1]);
    assert.ok(entries > 10, intact.stdout);

    const seq = Math.floor(entries / 2);
    await withDatabase((database) =>
      database.db
        .updateTable('audit_log')
        .set({ actor_email: 'someone.else@example.eu' })
        .where('seq', '=', seq)
        .execute(),
    );
    const broken = await jhanet(['audit', 'verify']);
    assert.equal(broken.code, 1);
    assert.match(
      broken.stderr,
      new RegExp(`broken at entry ${seq}: its content does not match its hash`),
    );
  });

  test('an unknown command or bad configuration exits 2 with a message', async () => {
    const unknown = await jhanet(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const badConfig = await jhanet(['audit', 'verify'], { JHANET_SESSION_IDLE_MINUTES: 'soon' });
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.stderr, /JHANET_SESSION_IDLE_MINUTES must be a whole number/);
  });
});
