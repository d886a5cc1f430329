// The thread text extraction runs in: a long PDF or a Word file that unpacks to a great size
// then costs this thread's time and memory, not the server's.
import { parentPort } from 'node:worker_threads';
import { extractText } from './text-extraction.js';

interface Job {
  bytes: Uint8Array;
  contentType: string;
  maxChars: number;
}

parentPort?.on('message', (job: Job) => {
  void extractText(job.bytes, job.contentType, job.maxChars).then((result) => {
    parentPort?.postMessage(result);
  });
});
