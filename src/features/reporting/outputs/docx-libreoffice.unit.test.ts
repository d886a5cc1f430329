import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from '../../../../test/support/node-test.js';
import { limiteReport } from '../../../../test/support/report-document.js';
import { reportToDocx } from './docx.js';

/**
 * Whether another word processor opens the .docx: LibreOffice converts it to PDF headless. It is
 * not part of a plain install (Debian's libreoffice-writer-nogui brings it), so the test is
 * skipped, saying so, where it is missing.
 */
const SOFFICE = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';
const run = promisify(execFile);

describe('a report as a Word document in LibreOffice', () => {
  const missing = existsSync(SOFFICE)
    ? false
    : `LibreOffice is not installed at ${SOFFICE} (apt-get install -y libreoffice-writer-nogui)`;
  if (missing) console.warn(`!!! skipped: ${missing}`);

  // A cold start of LibreOffice takes tens of seconds on a busy machine.
  test('opens and converts to a PDF', { skip: missing, timeout: 180_000 }, async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'jhanet-docx-'));
    try {
      const docx = path.join(folder, 'report.docx');
      await writeFile(docx, await reportToDocx(limiteReport()));
      await run(
        SOFFICE,
        [
          `-env:UserInstallation=file://${folder}/profile`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          folder,
          docx,
        ],
        { timeout: 120_000 },
      );
      const pdf = await readFile(path.join(folder, 'report.pdf'));
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.ok(pdf.length > 10_000, `only ${String(pdf.length)} bytes`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
