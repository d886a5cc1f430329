import path from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { auditAnchorFile, createServices, type Services } from '../app/services.js';
import { roles, type Role } from '../db/schema.js';
import { systemContext } from '../features/audit/audit.events.js';
import { seedDemo } from '../demo.js';
import type { DemoCredential } from '../features/network/demo.js';
import {
  startAuditAnchoring,
  startMailWorker,
  startMarkingSchedule,
  startPlatform,
  startTextExtraction,
  textExtractionWorker,
} from '../platform.js';
import { MailWorker } from '../features/mail/mail-worker.js';
import { smtpSender } from '../features/mail/smtp-sender.js';
import { ValidationError } from '../app/errors.js';
import { takeBackup } from '../ops/backup.js';
import { restoreBackup, RestoreFailedChecks } from '../ops/restore.js';
import { BackupRefused } from '../ops/manifest.js';
import { startScheduledBackups } from '../ops/scheduled-backups.js';

const USAGE = `Usage: jhanet <command>

Commands:
  serve                              start the platform (migrates first)
  migrate                            apply pending database migrations, then seal document
                                     texts that earlier versions stored in clear
  seed                               seed the demo network into an empty database
  user add --email E --name N --agency ACRONYM --role admin|contact|member|observer
                                     create an account (password from JHANET_PASSWORD or a prompt)
  user reset-password --email E      set a new password (JHANET_PASSWORD, a prompt, or generated)
  token create --email E [--name N] [--expires DAYS]
                                     print a new personal API token
  audit verify [--head]              check the audit log's hash chain against its anchors;
                                     exit 1 if broken. --head: print only the verified head
                                     (sequence number and hash), for operators to keep
  audit anchor                       anchor the verified head now, in DATA_DIR/audit-anchors.jsonl
                                     (jhanet serve does it once a day)
  mail status                        count queued, sent and failed e-mail
  mail send                          queue due reminders and deliver due e-mail once
  mail retry-failed                  queue failed e-mail again (after fixing the mail server)
  documents keys                     count stored files and texts by the key that seals them
  documents rotate-keys              re-encrypt every file and text under the current key (the
                                     first of JHANET_FILE_KEYS) and rebuild the search index
                                     with it; then the old keys can be dropped
  documents apply-schedule           apply the downgrades and declassifications due today
  documents texts                    count files whose text is queued, being extracted or done
  documents extract-texts            extract the queued texts now, then exit
  backup [--out DIR]                 write a backup of the running platform into a new folder in
                                     DIR (default JHANET_BACKUP_DIR): the database, the audit
                                     anchors and a manifest with their checksums
  restore --from DIR [--force]       restore the backup in folder DIR into this platform's empty
                                     database after checking its checksums and file keys, then
                                     verify it; --force replaces a database that holds data

Configuration comes from the environment: see docs/configuration.md.`;

class UsageError extends Error {}

function printCredentials(credentials: DemoCredential[]): void {
  console.log('\nThe demo network has been seeded. Its accounts, shown only this once:\n');
  for (const c of credentials)
    console.log(`  ${c.role.padEnd(9)} ${c.email.padEnd(34)} ${c.password}`);
  console.log('');
}

async function withServices<T>(
  config: Config,
  run: (services: Services) => Promise<T>,
): Promise<T> {
  const database: Database = openDatabase(config);
  try {
    await migrateToLatest(database.db);
    const services = createServices(config, database);
    await services.documentTexts.upgrade(database);
    return await run(services);
  } finally {
    await database.close();
  }
}

async function readPassword(prompt: string, allowEmpty: boolean): Promise<string | undefined> {
  const fromEnv = process.env.JHANET_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    if (allowEmpty) return undefined;
    throw new UsageError('Set JHANET_PASSWORD, or run in a terminal to be asked for the password.');
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(prompt);
    return answer === '' && allowEmpty ? undefined : answer;
  } finally {
    rl.close();
  }
}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

async function serve(config: Config): Promise<void> {
  const platform = await startPlatform(config);
  if (platform.demoCredentials) printCredentials(platform.demoCredentials);
  const mailWorker = startMailWorker(platform);
  const markingSchedule = startMarkingSchedule(platform);
  const textExtraction = startTextExtraction(platform);
  const auditAnchoring = startAuditAnchoring(platform);
  const scheduledBackups = startScheduledBackups(platform);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    platform.app.log.info({ signal }, 'shutting down: finishing requests in flight');
    Promise.all([
      mailWorker?.stop(),
      markingSchedule.stop(),
      textExtraction.stop(),
      auditAnchoring.stop(),
      scheduledBackups?.stop(),
    ])
      .then(() => platform.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          platform.app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.once('SIGINT', () => {
    shutdown('SIGINT');
  });
  await platform.app.listen({ port: config.port, host: config.host });
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      agency: { type: 'string' },
      role: { type: 'string' },
      expires: { type: 'string' },
      head: { type: 'boolean' },
      out: { type: 'string' },
      from: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      await serve(config);
      return 0;
    case 'migrate': {
      const database = openDatabase(config);
      try {
        const applied = await migrateToLatest(database.db);
        console.log(
          applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.',
        );
        const { sealed, indexed } = await createServices(config, database).documentTexts.upgrade(
          database,
        );
        if (sealed > 0) console.log(`Sealed the texts of ${sealed} documents stored in clear.`);
        if (indexed > 0) console.log(`Indexed ${indexed} documents for search again.`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'seed':
      return withServices(config, async (services) => {
        const credentials = await seedDemo(services);
        if (!credentials) {
          console.log('The registry is not empty: nothing seeded.');
          return 0;
        }
        printCredentials(credentials);
        return 0;
      });
    case 'user add':
      return withServices(config, async (services) => {
        const role = required(values, 'role');
        if (!roles.includes(role as Role))
          throw new UsageError(`--role must be one of ${roles.join(', ')}`);
        const agency = await services.network.get(required(values, 'agency')).catch(() => {
          throw new UsageError(
            `--agency: no agency or body has the acronym "${values.agency ?? ''}"`,
          );
        });
        const password = await readPassword('Password (empty to generate one): ', true);
        const { user, generatedPassword } = await services.users.create(systemContext, {
          email: required(values, 'email'),
          name: required(values, 'name'),
          organisationId: agency.id,
          role: role as Role,
          password,
        });
        console.log(user.id);
        if (generatedPassword)
          console.error(`Generated password (shown once): ${generatedPassword}`);
        return 0;
      });
    case 'user reset-password':
      return withServices(config, async (services) => {
        const id = await services.users.idByEmail(required(values, 'email'));
        if (!id) throw new UsageError(`no account has the e-mail address ${values.email ?? ''}`);
        const password = await readPassword('New password (empty to generate one): ', true);
        const { generatedPassword } = await services.users.resetPassword(
          systemContext,
          id,
          password,
        );
        console.log(
          generatedPassword
            ? `Generated password (shown once): ${generatedPassword}`
            : 'Password set.',
        );
        return 0;
      });
    case 'token create':
      return withServices(config, async (services) => {
        const id = await services.users.idByEmail(required(values, 'email'));
        if (!id) throw new UsageError(`no account has the e-mail address ${values.email ?? ''}`);
        const days = values.expires === undefined ? undefined : Number(values.expires);
        const { token } = await services.tokens.createForOperator(systemContext, id, {
          name: values.name ?? 'command line',
          expiresInDays: days,
        });
        console.log(token);
        return 0;
      });
    case 'audit verify':
      return withServices(config, async (services) => {
        const result = await services.audit.verify();
        if (!result.ok) {
          console.error(
            result.broken.seq === null
              ? `The audit log's anchors are broken: ${result.broken.reason}.`
              : `The audit log is broken at entry ${result.broken.seq}: ${result.broken.reason}.`,
          );
          return 1;
        }
        if (values.head) {
          console.log(`${result.entries} ${result.headHash}`);
          return 0;
        }
        console.log(`The audit log is intact: ${result.entries} entries, head ${result.headHash}.`);
        console.log(
          result.anchor
            ? `It agrees with its anchors, the latest of entry ${result.anchor.seq} on ${result.anchor.at}.`
            : 'No head has been anchored yet: run "jhanet audit anchor".',
        );
        return 0;
      });
    case 'audit anchor':
      return withServices(config, async (services) => {
        const result = await services.audit.anchor();
        if (!result.anchored) {
          console.error(`Nothing was anchored: ${result.reason}.`);
          return 1;
        }
        const { seq, hash, at } = result.anchor;
        console.log(
          result.fresh
            ? `Anchored entry ${seq}, head ${hash}, in ${auditAnchorFile(config)}.`
            : `The head has not moved since it was anchored on ${at}: entry ${seq}, head ${hash}.`,
        );
        return 0;
      });
    case 'mail status':
      return withServices(config, async (services) => {
        const counts = await services.mail.counts();
        console.log(`pending ${counts.pending}, sent ${counts.sent}, failed ${counts.failed}`);
        return 0;
      });
    case 'mail retry-failed':
      return withServices(config, async (services) => {
        console.log(`Queued again: ${await services.mail.retryFailed()}`);
        return 0;
      });
    case 'mail send':
      return withServices(config, async (services) => {
        if (!config.mail.smtp) throw new UsageError('set JHANET_SMTP_HOST to send mail');
        const sender = smtpSender(config.mail.smtp, config.mail.from);
        const log = { info: () => undefined, error: () => undefined };
        const worker = new MailWorker(
          services.mail,
          sender.send,
          [
            () => services.meetings.enqueueActionPointReminders(),
            () => services.notifications.enqueueDailyDigests(),
          ],
          config.mail.pollSeconds,
          log,
        );
        try {
          const report = await worker.runOnce();
          console.log(`sent ${report.sent}, to retry ${report.retried}, failed ${report.failed}`);
          return report.failed > 0 ? 1 : 0;
        } finally {
          sender.close();
        }
      });
    case 'documents keys':
      return withServices(config, async (services) => {
        const db = services.database.db;
        const files = await services.documentFiles.countByKey(db);
        const texts = await services.documentTexts.countByKey(db);
        console.log(`current key: ${services.documentFiles.currentKeyId}`);
        for (const key of new Set([...Object.keys(files), ...Object.keys(texts)]))
          console.log(`${key}: ${files[key] ?? 0} files, ${texts[key] ?? 0} texts`);
        return 0;
      });
    case 'documents rotate-keys':
      return withServices(config, async (services) => {
        const rotated = await services.documentFiles.rotate(services.database);
        const texts = await services.documentTexts.rotate(services.database);
        await services.audit.recordAlone(systemContext, {
          action: 'documents.keys_rotate',
          targetType: 'document',
          targetId: null,
          changes: { rotated, ...texts, key: services.documentFiles.currentKeyId },
        });
        console.log(
          `Re-encrypted ${rotated} files and ${texts.resealed} texts under key ${services.documentFiles.currentKeyId}; rebuilt the search index of ${texts.reindexed} documents.`,
        );
        return 0;
      });
    case 'documents apply-schedule':
      return withServices(config, async (services) => {
        const applied = await services.documents.applyScheduledChanges(systemContext);
        console.log(`Applied ${applied} scheduled marking changes.`);
        return 0;
      });
    case 'documents texts':
      return withServices(config, async (services) => {
        const counts = await services.textExtractionQueue.counts();
        console.log(
          `queued ${String(counts.queued)}, being extracted ${String(counts.running)}, done in the last day ${String(counts.done)}`,
        );
        return 0;
      });
    case 'documents extract-texts':
      return withServices(config, async (services) => {
        const log = {
          warn: (details: object, message: string) => {
            console.error(`${message}: ${JSON.stringify(details)}`);
          },
          error: (details: object, message: string) => {
            console.error(`${message}: ${JSON.stringify(details)}`);
          },
        };
        try {
          await textExtractionWorker(services, log).runUntilIdle();
        } finally {
          services.parsers.close();
        }
        const counts = await services.textExtractionQueue.counts();
        console.log(`Done. Queued ${String(counts.queued)}.`);
        return 0;
      });
    case 'backup':
      return withServices(config, async (services) => {
        const out = values.out ?? config.backup.dir;
        if (!out) throw new UsageError('give --out DIR, or set JHANET_BACKUP_DIR');
        const { folder, manifest } = await takeBackup(services, path.resolve(out));
        console.log(`Backup written to ${folder}`);
        console.log(
          `  ${manifest.dialect}, schema ${manifest.schemaVersion}, audit log entry ${String(manifest.auditHead.seq)} head ${manifest.auditHead.hash}`,
        );
        console.log(
          `  needs file keys: ${manifest.fileKeys.map((key) => key.id).join(', ')} (keep them apart from the backup)`,
        );
        return 0;
      });
    case 'restore': {
      const from = required(values, 'from');
      const { manifest, replaced, setAside } = await restoreBackup(config, path.resolve(from), {
        force: values.force === true,
      });
      if (replaced.length > 0) {
        console.log('Replaced the data this platform held:');
        for (const { table, rows } of replaced) console.log(`  ${table}: ${String(rows)} rows`);
      }
      if (setAside) console.log(`The replaced database was moved to ${setAside}.`);
      console.log(
        `Restored the backup of ${manifest.createdAt} (schema ${manifest.schemaVersion}): integrity checked, audit log verified to entry ${String(manifest.auditHead.seq)}, head ${manifest.auditHead.hash}.`,
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

export async function main(argv: string[]): Promise<void> {
  try {
    const code = await run(argv);
    if (code !== 0 || argv[0] !== 'serve') process.exitCode = code;
  } catch (error) {
    if (error instanceof BackupRefused) {
      console.error(`jhanet: nothing was restored: ${error.message}.`);
      process.exitCode = 1;
    } else if (error instanceof RestoreFailedChecks) {
      console.error(`jhanet: ${error.message}.`);
      process.exitCode = 1;
    } else if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`jhanet: ${error.message}`);
      if (error instanceof UsageError) console.error('Run "jhanet help" for usage.');
      process.exitCode = 2;
    } else if (error instanceof ValidationError) {
      console.error(
        `jhanet: ${error.fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      );
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  }
}
