// The entry of a parser process: the process untrusted files are read in, under the memory and
// time caps its parent holds it to (parser-process.ts). It loads the readers once, says it is
// ready, then answers one job at a time. It is given no environment: no database address, no
// keys, nothing a hostile file could reach for.
import { Worker } from 'node:worker_threads';
import { extractText } from '../../features/documents/text-extraction.js';
import { AppError } from '../errors.js';
import { readFirstSheet } from '../xlsx.js';
import type { ParseAnswer, ParseJob, ParserReady } from './parse-job.js';

async function answer(job: ParseJob): Promise<ParseAnswer> {
  if (job.kind === 'text')
    return {
      kind: 'text',
      text: await extractText(job.bytes, job.contentType, {
        maxChars: job.maxChars,
        unpack: job.unpack,
      }),
    };
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  try {
    return { kind: 'sheet', rows: await readFirstSheet(bytes, job.unpack) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { kind: 'refused', code: error.code, status: error.status, message: error.message };
  }
}

/**
 * A parser process must not outlive the server that started it, which kills it at its caps: a
 * reader stuck in a loop never yields to hear that the channel closed, so a thread of its own
 * watches the parent and kills the process once the parent is gone.
 */
function watchParent(): void {
  const watchdog = new Worker(
    `const parent = process.ppid;
     setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL'); }, 1000);`,
    { eval: true, execArgv: [] },
  );
  watchdog.unref();
}

function send(message: ParseAnswer | ParserReady): void {
  process.send?.(message);
}

process.on('message', (job: ParseJob) => {
  answer(job).then(send, () => {
    // An error no reader reports as a refusal: the parent sees the exit and counts it a failure.
    process.exit(1);
  });
});
process.on('disconnect', () => {
  process.exit(0);
});
watchParent();
send({ kind: 'ready' });
