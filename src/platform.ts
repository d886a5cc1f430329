import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from './app/server.js';
import { createServices, type Services } from './app/services.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemo } from './demo.js';
import type { DemoCredential } from './features/network/demo.js';
import { MailWorker } from './features/mail/mail-worker.js';
import { smtpSender } from './features/mail/smtp-sender.js';
import { PeriodicJob } from './app/periodic-job.js';
import { systemContext } from './features/audit/audit.events.js';
import {
  TextExtractionWorker,
  type ExtractionLog,
} from './features/documents/text-extraction-worker.js';
import { todayUtc } from './app/dates.js';

export interface Platform {
  readonly services: Services;
  readonly app: FastifyInstance;
  /** Credentials of the demo accounts when this start seeded them; shown once. */
  readonly demoCredentials: DemoCredential[] | null;
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date, seeds the demo if asked, builds the server. */
export async function startPlatform(
  config: Config,
  options: ServerOptions & { database?: Database } = {},
): Promise<Platform> {
  const database = options.database ?? openDatabase(config);
  try {
    await migrateToLatest(database.db);
    const services = createServices(config, database);
    // What an upgrade left to do to the documents' texts and index, before anything is served.
    await services.documentTexts.upgrade(database);
    await services.sessions.purgeExpired();
    await services.login.purgeOldAttempts();
    await services.passwords.purgeOldResets();
    const demoCredentials = config.demo ? await seedDemo(services) : null;
    const app = await buildServer(services, options);
    services.parsers.onStop((stop) => {
      app.log.warn(stop, 'a parser process was stopped at its cap');
    });
    app.addHook('onClose', async () => {
      services.parsers.close();
    });
    return {
      services,
      app,
      demoCredentials,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * The process's mail worker, when an SMTP server is configured: it queues action point reminders
 * and the daily digests of notifications, and delivers the queue. Null without a server; mail then waits in the queue.
 */
export function startMailWorker(platform: Platform): { stop(): Promise<void> } | null {
  const { config, mail, meetings, notifications } = platform.services;
  if (!config.mail.smtp) return null;
  const sender = smtpSender(config.mail.smtp, config.mail.from);
  const worker = new MailWorker(
    mail,
    sender.send,
    [() => meetings.enqueueActionPointReminders(), () => notifications.enqueueDailyDigests()],
    config.mail.pollSeconds,
    platform.app.log,
  );
  worker.start();
  return {
    stop: async () => {
      await worker.stop();
      sender.close();
    },
  };
}

/** How often a process looks whether today's anchor of the audit log is written. */
const AUDIT_ANCHOR_CHECK_SECONDS = 3600;

/**
 * Anchors the head of the audit log once a day (UTC), outside the database: at start and every
 * hour the process looks whether the head has moved since the latest anchor and that anchor is
 * of an earlier day. Several processes sharing the data directory take turns through its lock.
 */
export function startAuditAnchoring(platform: Pick<Platform, 'services' | 'app'>): {
  stop(): Promise<void>;
} {
  const { audit } = platform.services;
  const job = new PeriodicJob(
    'audit anchor',
    async () => {
      const latest = audit.latestAnchor();
      if (latest && todayUtc(new Date(latest.at)) === todayUtc()) return;
      const head = await audit.head();
      if (latest && latest.seq === head.seq && latest.hash === head.hash) return;
      const result = await audit.anchor();
      if (!result.anchored)
        platform.app.log.error({ reason: result.reason }, 'audit log not anchored');
      else if (result.fresh)
        platform.app.log.info(
          { seq: result.anchor.seq, hash: result.anchor.hash },
          'audit log head anchored',
        );
    },
    AUDIT_ANCHOR_CHECK_SECONDS,
    platform.app.log,
  );
  job.start();
  return job;
}

/** How often a process looks for scheduled downgrades and declassifications that are due. */
const MARKING_SCHEDULE_SECONDS = 60;

/** Applies scheduled marking changes on their day, in every process (the work is claimed). */
export function startMarkingSchedule(platform: Platform): { stop(): Promise<void> } {
  const job = new PeriodicJob(
    'scheduled markings',
    () => platform.services.documents.applyScheduledChanges(systemContext),
    MARKING_SCHEDULE_SECONDS,
    platform.app.log,
  );
  job.start();
  return job;
}

/**
 * A worker that extracts the text of uploaded files in this process's parser processes. `serve`
 * starts one (startTextExtraction); the command line and tests run one until the queue is idle.
 */
export function textExtractionWorker(services: Services, log: ExtractionLog): TextExtractionWorker {
  const worker = new TextExtractionWorker(
    services.textExtractionQueue,
    services.documents,
    services.parsers,
    services.config.parsing.pollSeconds,
    log,
  );
  return worker;
}

/** Extracts the text of uploaded files in every process: the queue is shared through the database. */
export function startTextExtraction(platform: Platform): { stop(): Promise<void> } {
  const worker = textExtractionWorker(platform.services, platform.app.log);
  platform.services.textExtractionQueue.onWake(() => {
    worker.nudge();
  });
  worker.start();
  return worker;
}
