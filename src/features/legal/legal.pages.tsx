import type { FastifyInstance } from 'fastify';

export async function legalPages(_app: FastifyInstance): Promise<void> {}
