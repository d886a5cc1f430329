import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { trainingListPages } from './pages/list.pages.js';
import { trainingMatrixPages, trainingTransferPages } from './pages/matrix.pages.js';
import { trainingRecordPages } from './pages/training.pages.js';

/**
 * The training matrix's pages, each group in a plugin of its own, so that the import's
 * multipart parsing stays with the import.
 */
export async function trainingPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(trainingListPages);
  await app.register(trainingMatrixPages);
  await app.register(trainingTransferPages);
  await app.register(trainingRecordPages);
}
