// The entry of a parser process: the process untrusted files are read in, under the memory and
// time caps its parent holds it to (parser-process.ts). It loads the readers once, says it is
// ready, then answers one job at a time. It is given no environment: no database address, no
// keys, nothing a hostile file could reach for.
import { Worker } from 'node:worker_threads';
import type { ParseAnswer, ParseJob, ParserReady } from './parse-job.js';

/**
 * A parser process must not outlive the server that started it, which kills it at its caps: a
 * reader stuck in a loop never yields to hear that the channel closed, so a thread of its own
 * watches the parent and kills the process once the parent is gone. The parent names itself in
 * the arguments, and the watch starts before the readers load: a parent killed during that
 * second would otherwise go unseen, the process by then a child of another.
 */
function watchParent(parent: number): void {
  const watchdog = new Worker(
    `const { workerData: parent } = require('node:worker_threads');
     const check = () => { if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL'); };
     check();
     setInterval(check, 250);`,
    { eval: true, execArgv: [], workerData: parent },
  );
  watchdog.unref();
}

watchParent(Number(process.argv[2]));
// The channel to the parent closes when it dies: an idle process ends at once, not at the watch.
process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));

const [{ extractText }, { AppError }, { readFirstSheet }] = await Promise.all([
  import('../../features/documents/text-extraction.js'),
  import('../errors.js'),
  import('../xlsx.js'),
]);

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
send({ kind: 'ready' });
