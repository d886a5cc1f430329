import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Platform } from '../platform.js';
import { PeriodicJob } from '../app/periodic-job.js';
import { takeBackup } from './backup.js';
import { listBackups, pruneBackups, type DatedBackup } from './retention.js';

/** How often a serving process looks whether the day's backup is due. */
const CHECK_SECONDS = 600;
/** A lock older than this was left by a process that died while backing up. */
const STALE_LOCK_MS = 6 * 3600_000;

/** Whether the day's backup is due: the hour (UTC) has come and none was taken since. */
export function backupDue(now: Date, hour: number, backups: readonly DatedBackup[]): boolean {
  if (now.getUTCHours() < hour) return false;
  const since = new Date(now);
  since.setUTCHours(hour, 0, 0, 0);
  return !backups.some((backup) => backup.at >= since);
}

/** Several processes may share the backup folder: one at a time backs up through a lock file. */
function takeLock(lock: string): boolean {
  try {
    closeSync(openSync(lock, 'wx'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const held = statSync(lock, { throwIfNoEntry: false });
    if (held && Date.now() - held.mtimeMs <= STALE_LOCK_MS) return false;
    rmSync(lock, { force: true });
    return takeLock(lock);
  }
}

/**
 * With `JHANET_BACKUP_DIR` set, the serving process backs up once a day from the configured
 * hour, then deletes the backups retention does not keep. It reuses the periodic job that
 * anchors the audit log: a look every ten minutes, one run at a time.
 */
export function startScheduledBackups(
  platform: Pick<Platform, 'services' | 'app'>,
): { stop(): Promise<void> } | null {
  const { services } = platform;
  const { dir, hour, keepDaily, keepWeekly } = services.config.backup;
  if (!dir) return null;
  const job = new PeriodicJob(
    'scheduled backup',
    async () => {
      if (!backupDue(new Date(), hour, await listBackups(dir))) return;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const lock = path.join(dir, '.backup.lock');
      if (!takeLock(lock)) return;
      try {
        // Another process may have finished the day's backup while this one waited to look.
        if (!backupDue(new Date(), hour, await listBackups(dir))) return;
        const { folder, manifest } = await takeBackup(services, dir);
        const removed = await pruneBackups(dir, { keepDaily, keepWeekly });
        platform.app.log.info(
          { folder, auditHead: manifest.auditHead, removed },
          'scheduled backup written',
        );
      } finally {
        rmSync(lock, { force: true });
      }
    },
    CHECK_SECONDS,
    platform.app.log,
  );
  job.start();
  return job;
}
