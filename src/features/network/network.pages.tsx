import type { FastifyInstance } from 'fastify';

export async function networkPages(_app: FastifyInstance): Promise<void> {}
