/**
 * A PostgreSQL primary and a streaming standby on this machine, made with PostgreSQL's own
 * programs (initdb, pg_ctl, pg_basebackup) in a temporary directory, for the failover drill.
 * As root, the programs run as the unprivileged user `postgres`, which owns the directory.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './platform-process.js';

/** The user the platform connects as: the cluster's superuser, trusted on loopback. */
const DATABASE_USER = 'jhanet';
const DATABASE_NAME = 'jhanet';
const STANDBY_NAME = 'standby1';

/** Where PostgreSQL's server programs are: a Debian-style install, the newest version. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  for (const version of readdirSync(root).sort((a, b) => Number(b) - Number(a))) {
    const dir = path.join(root, version, 'bin');
    if (existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_basebackup')))
      return dir;
  }
  return null;
}

/** The uid and gid of `postgres` when running as root (PostgreSQL refuses to run as root). */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

export interface ClusterOptions {
  /** Synchronous: a commit returns once the standby has it. Asynchronous otherwise. */
  synchronous: boolean;
}

export class PostgresCluster {
  primaryPort = 0;
  standbyPort = 0;
  private constructor(
    readonly dir: string,
    private readonly bin: string,
    private readonly user: { uid: number; gid: number } | null,
  ) {}

  static async create(options: ClusterOptions): Promise<PostgresCluster> {
    const bin = postgresBinDir();
    if (bin === null)
      throw new Error('PostgreSQL server programs not found in /usr/lib/postgresql');
    const user = serverUser();
    const dir = await mkdtemp(path.join(tmpdir(), 'jhanet-failover-pg-'));
    if (user) await chown(dir, user.uid, user.gid);
    const cluster = new PostgresCluster(dir, bin, user);
    try {
      await cluster.init(options);
    } catch (error) {
      await cluster.dispose();
      throw error;
    }
    return cluster;
  }

  /** `postgres://jhanet@127.0.0.1:P,127.0.0.1:S/jhanet`: the primary first, then the standby. */
  get hostListUrl(): string {
    return `postgres://${DATABASE_USER}@127.0.0.1:${String(this.primaryPort)},127.0.0.1:${String(this.standbyPort)}/${DATABASE_NAME}`;
  }

  urlOf(port: number): string {
    return `postgres://${DATABASE_USER}@127.0.0.1:${String(port)}/${DATABASE_NAME}`;
  }

  private get primaryDir(): string {
    return path.join(this.dir, 'primary');
  }

  private get standbyDir(): string {
    return path.join(this.dir, 'standby');
  }

  private run(program: string, args: string[]): Promise<string> {
    const child = spawn(path.join(this.bin, program), args, {
      cwd: this.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(this.user ? { uid: this.user.uid, gid: this.user.gid } : {}),
      env: { ...process.env, LC_ALL: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      // 'exit', not 'close': the server pg_ctl starts keeps a copy of its output pipes open.
      child.on('exit', (code) => {
        child.stdout.destroy();
        child.stderr.destroy();
        if (code === 0) resolve(output);
        else reject(new Error(`${program} ${args.join(' ')} failed (${String(code)}): ${output}`));
      });
    });
  }

  private async init(options: ClusterOptions): Promise<void> {
    this.primaryPort = await freePort();
    this.standbyPort = await freePort();
    await this.run('initdb', [
      '-D',
      this.primaryDir,
      '-U',
      DATABASE_USER,
      '--auth=trust',
      '--no-sync',
    ]);
    const settings = [
      `port = ${String(this.primaryPort)}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${this.dir}'`,
      'wal_level = replica',
      'max_wal_senders = 4',
      'synchronous_commit = on',
    ];
    await appendFile(path.join(this.primaryDir, 'postgresql.conf'), `\n${settings.join('\n')}\n`);
    await this.start(this.primaryDir);
    const admin = new pg.Client({
      connectionString: this.urlOf(this.primaryPort).replace(/\/jhanet$/, '/postgres'),
    });
    await admin.connect();
    try {
      await admin.query(`create database ${DATABASE_NAME}`);
    } finally {
      await admin.end();
    }
    await this.run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.primaryPort),
      '-U',
      DATABASE_USER,
      '-D',
      this.standbyDir,
      '-X',
      'stream',
      // An immediate checkpoint: the default spreads it over minutes.
      '--checkpoint=fast',
      '-R',
    ]);
    // The standby's own port and name; once promoted it has no standby of its own to wait for.
    await appendFile(
      path.join(this.standbyDir, 'postgresql.auto.conf'),
      [
        `port = ${String(this.standbyPort)}`,
        `primary_conninfo = 'host=127.0.0.1 port=${String(this.primaryPort)} user=${DATABASE_USER} application_name=${STANDBY_NAME}'`,
        "synchronous_standby_names = ''",
        '',
      ].join('\n'),
    );
    await this.start(this.standbyDir);
    // Synchronous only once the standby is there: until then every commit would wait for it.
    if (options.synchronous) {
      const admin = new pg.Client({ connectionString: this.urlOf(this.primaryPort) });
      await admin.connect();
      try {
        await admin.query(`alter system set synchronous_standby_names = '${STANDBY_NAME}'`);
        await admin.query('select pg_reload_conf()');
      } finally {
        await admin.end();
      }
    }
    await this.awaitStreaming(options.synchronous ? 'sync' : 'async');
  }

  private async start(dataDir: string): Promise<void> {
    await this.run('pg_ctl', ['-D', dataDir, '-l', `${dataDir}.log`, '-w', '-t', '120', 'start']);
  }

  /** Waits until the standby streams from the primary, in the state asked for. */
  private async awaitStreaming(state: 'sync' | 'async'): Promise<void> {
    const client = new pg.Client({ connectionString: this.urlOf(this.primaryPort) });
    await client.connect();
    try {
      for (let attempt = 0; attempt < 600; attempt += 1) {
        const result = await client.query<{ sync_state: string }>(
          'select sync_state from pg_stat_replication where application_name = $1',
          [STANDBY_NAME],
        );
        if (result.rows[0]?.sync_state === state) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`the standby did not stream (${state}) within a minute`);
    } finally {
      await client.end();
    }
  }

  /** The primary's postmaster dies at once (SIGKILL), as in a crash of its machine. */
  async killPrimary(): Promise<void> {
    const pidFile = await readFile(path.join(this.primaryDir, 'postmaster.pid'), 'utf8');
    const pid = Number(pidFile.split('\n')[0]);
    process.kill(pid, 'SIGKILL');
  }

  /** `pg_ctl promote`: the standby becomes the primary, and accepts writes. */
  async promoteStandby(): Promise<void> {
    await this.run('pg_ctl', ['-D', this.standbyDir, '-w', '-t', '120', 'promote']);
  }

  /** Stops whatever runs, and removes the directory. */
  async dispose(): Promise<void> {
    for (const dataDir of [this.standbyDir, this.primaryDir]) {
      if (!existsSync(path.join(dataDir, 'postmaster.pid'))) continue;
      await this.run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(
        () => undefined,
      );
    }
    // Backends of a killed postmaster end on their own once they notice; none holds the files.
    await rm(this.dir, { recursive: true, force: true });
  }
}
