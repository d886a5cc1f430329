import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { backupTakenAt } from './backup-names.js';
import { MANIFEST_FILE } from './manifest.js';

export interface DatedBackup {
  name: string;
  at: Date;
}

export interface Retention {
  /** The latest backup of each of this many latest days (UTC) that have one. */
  keepDaily: number;
  /** The latest backup of each of this many latest weeks (Monday to Sunday, UTC) that have one. */
  keepWeekly: number;
}

function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The Monday (UTC) that starts the week of `at`. */
function weekOf(at: Date): string {
  const daysSinceMonday = (at.getUTCDay() + 6) % 7;
  return dayOf(new Date(at.getTime() - daysSinceMonday * 86_400_000));
}

/** The latest backup in each of the `count` latest periods, by `periodOf`. */
function latestPerPeriod(
  newestFirst: DatedBackup[],
  count: number,
  periodOf: (at: Date) => string,
): string[] {
  const periods = new Set<string>();
  const kept: string[] = [];
  for (const backup of newestFirst) {
    const period = periodOf(backup.at);
    if (periods.has(period)) continue;
    if (periods.size === count) break;
    periods.add(period);
    kept.push(backup.name);
  }
  return kept;
}

/** The backups retention keeps: the latest of each day kept and of each week kept. */
export function backupsToKeep(backups: DatedBackup[], retention: Retention): Set<string> {
  const newestFirst = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime());
  return new Set([
    ...latestPerPeriod(newestFirst, retention.keepDaily, dayOf),
    ...latestPerPeriod(newestFirst, retention.keepWeekly, weekOf),
  ]);
}

/**
 * The backups in `dir`: folders named as `jhanet backup` names them that hold a manifest.
 * Anything else (a backup being written, files of the operator's) is not a backup and is left.
 */
export async function listBackups(dir: string): Promise<DatedBackup[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  const backups: DatedBackup[] = [];
  for (const entry of entries) {
    const at = entry.isDirectory() ? backupTakenAt(entry.name) : null;
    if (!at) continue;
    const manifest = await stat(path.join(dir, entry.name, MANIFEST_FILE)).catch(() => null);
    if (manifest?.isFile()) backups.push({ name: entry.name, at });
  }
  return backups;
}

/** Deletes the backups in `dir` that retention does not keep; returns their names. */
export async function pruneBackups(dir: string, retention: Retention): Promise<string[]> {
  const backups = await listBackups(dir);
  const keep = backupsToKeep(backups, retention);
  const removed = backups.map((b) => b.name).filter((name) => !keep.has(name));
  for (const name of removed) await rm(path.join(dir, name), { recursive: true, force: true });
  return removed.sort();
}
