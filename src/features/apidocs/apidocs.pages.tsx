import type { FastifyInstance } from 'fastify';

export async function apiDocsPages(_app: FastifyInstance): Promise<void> {}
