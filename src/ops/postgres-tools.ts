import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { libpqUrlWithoutPassword, parseHostList } from '../db/host-list.js';

/** PostgreSQL's client programs used for backups: from PATH, else from a Debian-style install. */
function findTool(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  const installs = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of installs) {
    const candidate = path.join('/usr/lib/postgresql', version, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    `${name} was not found on PATH or under /usr/lib/postgresql: install PostgreSQL's client programs`,
  );
}

/**
 * A connection URL without its password (with several hosts, the one that accepts writes), and the environment that passes the password instead:
 * an argument would show it to every user of the machine in the process list.
 */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const hosts = parseHostList(url);
  const password = decodeURIComponent(hosts.password);
  return {
    url: libpqUrlWithoutPassword(hosts),
    env: password === '' ? { ...process.env } : { ...process.env, PGPASSWORD: password },
  };
}

interface ToolRun {
  /** Fed to the program's standard input, then closed. */
  stdin?: NodeJS.ReadableStream | undefined;
  /** Written to the program's standard input before `stdin`. */
  prefix?: string;
}

function run(
  name: 'pg_dump' | 'pg_restore' | 'psql',
  args: string[],
  env: NodeJS.ProcessEnv,
  input: ToolRun = {},
): Promise<string> {
  const child = spawn(findTool(name), args, {
    env,
    stdio: [input.stdin || input.prefix !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  // Both are pipes, as `stdio` asks.
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (child.stdin) {
    if (input.prefix !== undefined) child.stdin.write(input.prefix);
    if (input.stdin) input.stdin.pipe(child.stdin);
    else child.stdin.end();
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${name} failed (exit ${String(code)}): ${stderr.trim()}`));
    });
  });
}

/** Dumps the database as it stood at `snapshot` (from pg_export_snapshot) in custom format. */
export async function pgDump(databaseUrl: string, snapshot: string, file: string): Promise<void> {
  const { url, env } = connection(databaseUrl);
  await run(
    'pg_dump',
    [
      '--format=custom',
      `--snapshot=${snapshot}`,
      '--no-owner',
      `--file=${file}`,
      `--dbname=${url}`,
    ],
    env,
  );
}

/**
 * Restores a custom-format dump in one transaction, after dropping `replacedTables`: either the
 * whole backup is in the database afterwards, or nothing changed. pg_restore writes the dump as
 * SQL, which psql runs with the drops before it.
 */
export async function pgRestore(
  databaseUrl: string,
  file: string,
  replacedTables: readonly string[],
): Promise<void> {
  const { url, env } = connection(databaseUrl);
  const restore = spawn(
    findTool('pg_restore'),
    ['--no-owner', '--no-privileges', '--file=-', file],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let restoreErrors = '';
  restore.stderr.on('data', (chunk: Buffer) => (restoreErrors += chunk.toString()));
  const restoreDone = new Promise<void>((resolve, reject) => {
    restore.on('error', reject);
    restore.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`pg_restore failed (exit ${String(code)}): ${restoreErrors.trim()}`));
    });
  });
  const drops = replacedTables
    .map((table) => `DROP TABLE IF EXISTS public."${table.replaceAll('"', '""')}" CASCADE;\n`)
    .join('');
  const applied = run(
    'psql',
    ['--no-psqlrc', '--quiet', '--single-transaction', '--set=ON_ERROR_STOP=1', `--dbname=${url}`],
    env,
    { prefix: drops, stdin: restore.stdout },
  );
  await Promise.all([restoreDone, applied]);
}
