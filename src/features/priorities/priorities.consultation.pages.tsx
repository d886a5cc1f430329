import type { FastifyInstance } from 'fastify';
import { answerPages } from './pages/answers.pages.js';
import { consultationPages } from './pages/consultation.pages.js';

/** The consultation of the member agencies on a version: its page, and each agency's answers. */
export async function prioritiesConsultationPages(fastify: FastifyInstance): Promise<void> {
  await consultationPages(fastify);
  await answerPages(fastify);
}
