import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses, pageOf } from '../../app/http.js';
import { textResponse } from '../../app/openapi/declare.js';
import { auditPolicy } from './audit.policy.js';
import { auditCsvHeader, auditCsvRow, filterFromQuery, presentEntry } from './audit.present.js';
import {
  AuditEntrySchema,
  AuditExportQuery,
  AuditListQuery,
  VerifySchema,
} from './audit.schema.js';

const tags = ['audit'];

export async function auditRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { audit } = app.services;

  app.get(
    '/api/audit',
    {
      schema: {
        summary: 'Browse the audit log, newest first',
        tags,
        querystring: AuditListQuery,
        response: { 200: pageOf(AuditEntrySchema), ...errorResponses(400, 401, 404) },
      },
      config: { access: auditPolicy.read },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const result = await audit.list(filterFromQuery(filter), page, pageSize);
      return { ...result, items: result.items.map(presentEntry) };
    },
  );

  app.get(
    '/api/audit/export.csv',
    {
      schema: {
        summary: 'Export the filtered audit log as CSV',
        tags,
        querystring: AuditExportQuery,
        response: {
          200: textResponse('The entries as CSV (RFC 4180, UTF-8)', 'text/csv'),
          ...errorResponses(400, 401, 404),
        },
      },
      config: { access: auditPolicy.read },
    },
    async (request, reply) => {
      const filter = filterFromQuery(request.query);
      const chunks = [auditCsvHeader()];
      for await (const entry of audit.entries(filter))
        chunks.push(auditCsvRow(presentEntry(entry)));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="jhanet-audit.csv"')
        .send(chunks.join(''));
    },
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        summary: 'Verify the hash chain of the whole log, and hold it to its anchors',
        tags,
        response: { 200: VerifySchema, ...errorResponses(401, 404) },
      },
      config: { access: auditPolicy.read },
    },
    async () => {
      const result = await audit.verify();
      return result.ok
        ? {
            ok: true,
            entries: result.entries,
            headHash: result.headHash,
            anchoredSeq: result.anchor?.seq ?? null,
            anchoredAt: result.anchor?.at ?? null,
          }
        : { ok: false, brokenAt: result.broken.seq, reason: result.broken.reason };
    },
  );
}
