import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from '../../test/support/node-test.js';
import { backupFolderName, backupTakenAt } from './backup-names.js';
import { pruneBackups } from './retention.js';
import { backupDue } from './scheduled-backups.js';

describe('backup retention', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jhanet-retention-'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A backup folder as `jhanet backup` names it, with a manifest. */
  async function craft(name: string): Promise<void> {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, 'manifest.json'), '{}');
  }

  test('folder names carry the moment of the backup, to the millisecond, in UTC', () => {
    const at = new Date('2026-12-02T02:15:09.123Z');
    assert.equal(backupFolderName(at), 'jhanet-2026-12-02T021509.123Z');
    assert.deepEqual(backupTakenAt('jhanet-2026-12-02T021509.123Z'), at);
    assert.equal(backupTakenAt('jhanet-2026-12-02'), null);
    assert.equal(backupTakenAt('.jhanet-2026-12-02T021509.123Z.partial'), null);
  });

  test('keeps the latest backup of each of the N latest days and M latest weeks, deletes the rest', async () => {
    // Tuesday 2026-12-01 back to Monday 2026-11-02: two backups on some days, gaps on others.
    const backups = [
      'jhanet-2026-12-01T020000.000Z', // Tue, week of 30 Nov: kept daily
      'jhanet-2026-11-30T180000.000Z', // Mon: kept daily (latest of the day)
      'jhanet-2026-11-30T020000.000Z', // Mon: an earlier one that day, deleted
      'jhanet-2026-11-28T020000.000Z', // Sat, week of 23 Nov: kept daily and weekly
      'jhanet-2026-11-27T020000.000Z', // Fri: beyond the 3 days, and not its week's latest
      'jhanet-2026-11-21T020000.000Z', // Sat, week of 16 Nov: kept weekly
      'jhanet-2026-11-18T020000.000Z', // Wed, same week: deleted
      'jhanet-2026-11-08T020000.000Z', // Sun, week of 2 Nov: a fourth week, beyond M = 3
    ];
    for (const name of backups) await craft(name);
    // Not backups: left alone whatever their age.
    await mkdir(path.join(dir, '.jhanet-2026-11-01T020000.000Z.partial'));
    await mkdir(path.join(dir, 'jhanet-2026-11-01T020000.000Z')); // no manifest
    await writeFile(path.join(dir, 'notes.txt'), 'kept');

    const removed = await pruneBackups(dir, { keepDaily: 3, keepWeekly: 3 });

    assert.deepEqual(removed, [
      'jhanet-2026-11-08T020000.000Z',
      'jhanet-2026-11-18T020000.000Z',
      'jhanet-2026-11-27T020000.000Z',
      'jhanet-2026-11-30T020000.000Z',
    ]);
    assert.deepEqual((await readdir(dir)).sort(), [
      '.jhanet-2026-11-01T020000.000Z.partial',
      'jhanet-2026-11-01T020000.000Z',
      'jhanet-2026-11-21T020000.000Z',
      'jhanet-2026-11-28T020000.000Z',
      'jhanet-2026-11-30T180000.000Z',
      'jhanet-2026-12-01T020000.000Z',
      'notes.txt',
    ]);
    // Pruning again changes nothing.
    assert.deepEqual(await pruneBackups(dir, { keepDaily: 3, keepWeekly: 3 }), []);
  });

  test('without weekly backups only the daily ones stay', async () => {
    assert.deepEqual(await pruneBackups(dir, { keepDaily: 1, keepWeekly: 0 }), [
      'jhanet-2026-11-21T020000.000Z',
      'jhanet-2026-11-28T020000.000Z',
      'jhanet-2026-11-30T180000.000Z',
    ]);
  });

  test("the day's backup is due from its hour until one is taken", () => {
    const taken = (iso: string) => ({ name: 'backup', at: new Date(iso) });
    assert.equal(backupDue(new Date('2026-12-02T01:59:00Z'), 2, []), false);
    assert.equal(backupDue(new Date('2026-12-02T02:00:00Z'), 2, []), true);
    assert.equal(
      backupDue(new Date('2026-12-02T14:00:00Z'), 2, [taken('2026-12-01T02:00:01Z')]),
      true,
    );
    // One taken by hand before the hour does not count as the day's.
    assert.equal(
      backupDue(new Date('2026-12-02T03:00:00Z'), 2, [taken('2026-12-02T01:30:00Z')]),
      true,
    );
    assert.equal(
      backupDue(new Date('2026-12-02T23:59:00Z'), 2, [taken('2026-12-02T02:00:05Z')]),
      false,
    );
  });
});
