import type { Services } from '../../src/app/services.js';
import { textExtractionWorker } from '../../src/platform.js';

const quiet = { warn: () => undefined, error: () => undefined };

/**
 * Extracts the text of every queued upload now, as a server's background worker does soon after
 * the upload answered, and returns when the queue is idle.
 */
export async function extractQueuedTexts(services: Services): Promise<void> {
  await textExtractionWorker(services, quiet).runUntilIdle();
}
