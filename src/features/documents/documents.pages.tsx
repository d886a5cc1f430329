import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { acceptFormUploads } from '../../app/form-upload.js';
import { euciPages } from './euci.pages.js';
import { documentPages } from './pages/document.pages.js';
import { documentPageKit, FIELD_LIMITS } from './pages/kit.js';
import { listPages } from './pages/list.pages.js';
import { markingPages } from './pages/marking.pages.js';

/** The document pages, one module per part of a document: see pages/. */
export async function documentsPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const kit = documentPageKit(app);
  acceptFormUploads(app, { maxFileBytes: kit.maxFileBytes, fieldLimits: FIELD_LIMITS });
  await app.register(euciPages);
  await listPages(app, kit);
  await documentPages(app, kit);
  await markingPages(app, kit);
}
