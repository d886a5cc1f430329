import type { FastifyInstance } from 'fastify';

export async function auditPages(_app: FastifyInstance): Promise<void> {}
