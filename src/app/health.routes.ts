import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { anyone } from './access.js';
import { pendingMigrations } from '../db/migrate.js';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

/** Probes for a load balancer or orchestrator. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const { database } = app.services;

  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'checkLiveness',
        summary: 'The process is alive',
        tags: ['health'],
        response: { 200: Health },
      },
      config: { access: anyone },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'checkReadiness',
        summary: 'The database is reachable and its schema current',
        tags: ['health'],
        response: { 200: Health, 503: Health },
      },
      config: { access: anyone },
    },
    async (request, reply) => {
      const checks: Record<string, string> = {};
      try {
        await sql`select 1`.execute(database.db);
        checks.database = 'ok';
        const pending = await pendingMigrations(database.db);
        checks.migrations = pending.length === 0 ? 'ok' : `pending: ${pending.join(', ')}`;
      } catch (error) {
        request.log.error({ err: error }, 'readiness check failed');
        checks.database = 'unreachable';
      }
      const ready =
        Object.values(checks).every((c) => c === 'ok') && checks.migrations !== undefined;
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
    },
  );
}
