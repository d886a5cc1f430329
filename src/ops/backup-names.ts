/**
 * Backups are folders named after the moment they were taken, in UTC, so that they sort by time
 * and retention can date them without opening them: `jhanet-2026-12-02T021500.123Z`.
 */
const NAME = /^jhanet-(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z$/;

export function backupFolderName(at: Date): string {
  const iso = at.toISOString(); // 2026-12-02T02:15:00.123Z
  return `jhanet-${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 23)}Z`;
}

/** When the backup of that folder name was taken; null for any other name. */
export function backupTakenAt(name: string): Date | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const [, day, hours, minutes, seconds, millis] = match;
  const at = new Date(
    `${day ?? ''}T${hours ?? ''}:${minutes ?? ''}:${seconds ?? ''}.${millis ?? ''}Z`,
  );
  return Number.isNaN(at.getTime()) ? null : at;
}
