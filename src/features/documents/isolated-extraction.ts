import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { ExtractedText } from './text-extraction.js';

export interface ExtractionLimits {
  /** A file whose text takes longer than this has none. */
  timeoutMs: number;
  /** The heap the extraction may use, in MiB: a file that needs more has no text. */
  heapMb: number;
}

export const defaultExtractionLimits: ExtractionLimits = { timeoutMs: 60_000, heapMb: 512 };

const failed: ExtractedText = { text: '', truncated: false, failed: true };

const fromSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(
  fromSource ? './text-extraction.worker.ts' : './text-extraction.worker.js',
  import.meta.url,
);

/**
 * Built, the worker is the .js beside this file. Run from source (tests, development), a worker
 * does not inherit the TypeScript loader, so it registers tsx before loading the .ts.
 */
function startWorker(options: WorkerOptions): Worker {
  if (!fromSource) return new Worker(workerUrl, options);
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * Extracts text in a worker thread, one file at a time, within a time and a memory limit, so
 * that no upload can stall or exhaust the server. A worker that runs out of time or memory is
 * replaced by a new one for the next file. Never throws: a file that fails has no text.
 */
export class TextExtractor {
  private worker: Worker | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly limits: ExtractionLimits = defaultExtractionLimits) {}

  extract(bytes: Uint8Array, contentType: string, maxChars = 1_000_000): Promise<ExtractedText> {
    const result = this.queue.then(() => this.run({ bytes, contentType, maxChars }));
    this.queue = result;
    return result;
  }

  /** Stops the worker, if one runs. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private run(job: { bytes: Uint8Array; contentType: string; maxChars: number }) {
    const worker = (this.worker ??= startWorker({
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb },
    }));
    // An idle worker must not keep the process alive.
    worker.unref();
    return new Promise<ExtractedText>((resolve) => {
      const finish = (result: ExtractedText, broken: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onFailure);
        worker.off('exit', onFailure);
        if (broken) {
          if (this.worker === worker) this.worker = null;
          void worker.terminate();
        }
        resolve(result);
      };
      const onMessage = (result: ExtractedText) => {
        finish(result, false);
      };
      const onFailure = () => {
        finish(failed, true);
      };
      const timer = setTimeout(onFailure, this.limits.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onFailure);
      worker.on('exit', onFailure);
      worker.postMessage(job);
    });
  }
}
