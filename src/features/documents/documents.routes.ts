import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static, type TSchema } from 'typebox';
import { requireActor } from '../../app/access.js';
import { AppError } from '../../app/errors.js';
import { acceptRawBodies, refuseLargeBodies } from '../../app/form-upload.js';
import {
  IfMatchHeader,
  errorResponses,
  expectedVersion,
  PageQuery,
  setVersionTag,
} from '../../app/http.js';
import { fileResponse, textResponse, versionTagSent } from '../../app/openapi/declare.js';
import { documentsPolicy } from './documents.policy.js';
import {
  ClearanceBody,
  ClearanceSchema,
  DocumentChangesBody,
  DocumentDetailSchema,
  DocumentExportQuery,
  DocumentListQuerySchema,
  DocumentParams,
  DownloadsSchema,
  EuciRequestParams,
  EuciRequestSchema,
  MarkingChangeBody,
  NewDocumentBody,
  OrganisationParams,
  RegisteredSchema,
  ScheduleBody,
  SearchResultSchema,
  SignBody,
  SignatorySchema,
  UploadQuery,
  UserParams,
  VersionParams,
} from './documents.schema.js';
import type { DocumentDetail } from './documents.model.js';
import type { Download } from './documents.service.js';
import { documentsCsv } from './documents.export.js';
import { csvSeparators } from '../../app/csv.js';
import type { EuciCaller } from './euci.service.js';
import { storedMediaTypes } from './file-content.js';

const tags = ['documents'];

/** An administrator asking for, or deciding on, a change of access to EUCI. */
function administrator(request: FastifyRequest): EuciCaller {
  return { kind: 'administrator', actor: requireActor(request.actor) };
}

/**
 * A Content-Disposition that always downloads (never renders in the browser) and keeps a name
 * in any script: an ASCII fallback and the UTF-8 name (RFC 6266, RFC 5987).
 */
export function attachment(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function sendDownload(reply: FastifyReply, download: Download): FastifyReply {
  return reply
    .type(download.contentType)
    .header('content-disposition', attachment(download.filename))
    .header('cache-control', 'private, no-store')
    .send(download.content);
}

export async function documentsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { documents, euci } = app.services;
  const maxFileBytes = documents.settings.maxFileBytes;
  acceptRawBodies(app, 'application/octet-stream', maxFileBytes);
  const withTag = (reply: FastifyReply, document: DocumentDetail) => {
    setVersionTag(reply, document.version);
    return document;
  };
  const versioned = {
    200: DocumentDetailSchema,
    ...errorResponses(400, 401, 404, 412, 422, 428),
  };
  const byId = { params: DocumentParams, tags };
  const storedFile = fileResponse(
    'The file as uploaded, with the media type read from its bytes',
    storedMediaTypes,
  );

  app.get(
    '/api/documents',
    {
      schema: {
        summary: 'Search and list the documents you may read',
        description:
          'Ranked full-text search over metadata and extracted text when q is given, with facets. Only documents released to your organisation, within your clearance and TLP, are counted, listed or faceted.',
        tags,
        querystring: DocumentListQuerySchema,
        response: { 200: SearchResultSchema, ...errorResponses(400, 401) },
      },
      config: { access: documentsPolicy.read },
    },
    async (request) => documents.list(requireActor(request.actor), request.query),
  );

  app.post(
    '/api/documents',
    {
      schema: {
        summary: 'Register a document',
        description:
          "The originator is your agency. A classification above the deployment's accreditation ceiling makes a reference record (holder and point of contact, no content). EUCI needs the originator and every organisation it is released to to have signed the EUCI agreement. Upload files with POST /api/documents/{id}/versions.",
        tags,
        body: NewDocumentBody,
        response: { 201: RegisteredSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: documentsPolicy.register },
    },
    async (request, reply) => {
      const result = await documents.register(
        requireActor(request.actor),
        request.auditContext(),
        request.body,
      );
      setVersionTag(reply, result.document.version);
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/api/documents/export.csv',
    {
      schema: {
        summary: 'Export the register of the documents you may read, as CSV',
        description:
          'With the filters of GET /api/documents. UTF-8 with a byte order mark, for Excel. The first and last lines are title rows that carry the most restrictive marking of the documents in the file.',
        tags,
        querystring: DocumentExportQuery,
        response: {
          200: textResponse('The register as CSV (RFC 4180, UTF-8)', 'text/csv'),
          ...errorResponses(400, 401),
        },
      },
      config: { access: documentsPolicy.read },
    },
    async (request, reply) => {
      const rows = await documents.exportRows(requireActor(request.actor), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment('jhanet-documents.csv'))
        .header('cache-control', 'private, no-store')
        .send(documentsCsv(rows.items, rows.marking.line, csvSeparators[request.query.separator]));
    },
  );

  app.get(
    '/api/documents/:id',
    {
      schema: {
        summary: 'One document: metadata, markings, versions, links and history',
        ...byId,
        response: { 200: DocumentDetailSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: documentsPolicy.read },
    },
    async (request, reply) =>
      withTag(reply, await documents.get(requireActor(request.actor), request.params.id)),
  );

  app.patch(
    '/api/documents/:id',
    {
      schema: {
        summary: "Change a document's metadata and links",
        description:
          'Users of the originator agency who may edit it. Markings change with PUT /marking.',
        ...byId,
        headers: IfMatchHeader,
        body: DocumentChangesBody,
        response: versioned,
      },
      config: { access: documentsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await documents.update(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.body,
          expectedVersion(request),
        ),
      ),
  );

  app.post(
    '/api/documents/:id/versions',
    {
      schema: {
        summary: 'Upload a new version of the file',
        description: `Send the file as the request body (Content-Type: application/octet-stream), at most ${String(Math.floor(maxFileBytes / 1024 / 1024))} MB. Its type is read from its bytes; text is extracted from PDF, Word and text files for search, in the background after the upload answers (the version's textPending is true until then). Refused (422) for a document above the accreditation ceiling. If-Match is optional here.`,
        ...byId,
        querystring: UploadQuery,
        headers: IfMatchHeader,
        body: {
          content: {
            // No type: the parsed body is a Buffer, which a JSON "string" would refuse.
            'application/octet-stream': {
              schema: Type.Unsafe<Buffer>({ description: 'The file, as bytes' }),
            },
          },
        },
        response: {
          201: DocumentDetailSchema,
          ...errorResponses(400, 401, 404, 412, 413, 415, 422),
        },
      },
      config: { access: documentsPolicy.read },
      onRequest: refuseLargeBodies(maxFileBytes),
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body))
        throw new AppError(
          'unsupported_media_type',
          415,
          'Send the file as the request body with Content-Type: application/octet-stream.',
        );
      const detail = await documents.addVersion(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        { filename: request.query.filename, content: request.body, note: request.query.note },
        request.headers['if-match'] ? expectedVersion(request) : undefined,
      );
      setVersionTag(reply, detail.version);
      return reply.status(201).send(detail);
    },
  );

  app.get(
    '/api/documents/:id/file',
    {
      schema: {
        summary: 'Download the current version of the file',
        description: 'Logged: the originator sees who downloaded which version when.',
        ...byId,
        response: { 200: storedFile, ...errorResponses(400, 401, 404) },
      },
      config: { access: documentsPolicy.read },
    },
    async (request, reply) =>
      sendDownload(
        reply,
        await documents.download(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
        ),
      ),
  );

  app.get(
    '/api/documents/:id/versions/:number/file',
    {
      schema: {
        summary: 'Download a version of the file',
        tags,
        params: VersionParams,
        response: { 200: storedFile, ...errorResponses(400, 401, 404) },
      },
      config: { access: documentsPolicy.read },
    },
    async (request, reply) =>
      sendDownload(
        reply,
        await documents.download(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.params.number,
        ),
      ),
  );

  app.get(
    '/api/documents/:id/text.txt',
    {
      schema: {
        operationId: 'getDocumentText',
        summary: 'The text of the current version, marked at head and foot',
        ...byId,
        response: {
          200: textResponse(
            'The text, with the markings as its first and last lines',
            'text/plain',
          ),
          ...errorResponses(400, 401, 404),
        },
      },
      config: { access: documentsPolicy.read },
    },
    async (request, reply) =>
      sendDownload(
        reply,
        await documents.textRendition(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
        ),
      ),
  );

  app.put(
    '/api/documents/:id/marking',
    {
      schema: {
        summary: 'Change the markings: mark, downgrade or declassify',
        description:
          "The originator agency's decision alone, with a reason; audited. Lowering anything is a downgrade; to no classification, a declassification.",
        ...byId,
        headers: IfMatchHeader,
        body: MarkingChangeBody,
        response: versioned,
      },
      config: { access: documentsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await documents.changeMarking(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.body.marking,
          request.body.reason,
          expectedVersion(request),
        ),
      ),
  );

  app.put(
    '/api/documents/:id/schedule',
    {
      schema: {
        summary: 'Schedule a downgrade or declassification',
        description: "Applied on the day given, by the platform itself; the originator's decision.",
        ...byId,
        headers: IfMatchHeader,
        body: ScheduleBody,
        response: versioned,
      },
      config: { access: documentsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await documents.schedule(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.body,
          expectedVersion(request),
        ),
      ),
  );

  app.delete(
    '/api/documents/:id/schedule',
    {
      schema: {
        summary: 'Cancel a scheduled downgrade or declassification',
        ...byId,
        headers: IfMatchHeader,
        response: versioned,
      },
      config: { access: documentsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await documents.schedule(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          null,
          expectedVersion(request),
        ),
      ),
  );

  app.get(
    '/api/documents/:id/downloads',
    {
      schema: {
        summary: 'Who downloaded the document',
        description: "For the originator agency's administrators and contact points.",
        ...byId,
        querystring: Type.Object(PageQuery),
        response: { 200: DownloadsSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: documentsPolicy.read },
    },
    async (request) =>
      documents.downloads(
        requireActor(request.actor),
        request.params.id,
        request.query.page,
        request.query.pageSize,
      ),
  );

  app.get(
    '/api/euci-agreement',
    {
      schema: {
        summary: 'Who signed the agreement on the exchange of EU classified information',
        tags,
        response: { 200: Type.Array(SignatorySchema), ...errorResponses(401) },
      },
      config: { access: documentsPolicy.read },
    },
    async () => euci.signatories(),
  );

  app.put(
    '/api/euci-agreement/:organisationId',
    {
      schema: {
        operationId: 'signEuciAgreement',
        summary: "Ask for an organisation's signature of the EUCI agreement to be recorded",
        description:
          'Four eyes: the signature takes effect only when an administrator of another organisation confirms the request (POST /api/euci-requests/{id}/confirm). Answers 202 with the request; 409 when the same signature is recorded already or a request for the organisation is pending.',
        tags,
        params: OrganisationParams,
        body: SignBody,
        response: { 202: EuciRequestSchema, ...errorResponses(400, 401, 404, 409) },
      },
      config: { access: documentsPolicy.administer },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await euci.requestSignature(
            administrator(request),
            request.auditContext(),
            request.params.organisationId,
            request.body.signedOn,
          ),
        ),
  );

  app.delete(
    '/api/euci-agreement/:organisationId',
    {
      schema: {
        operationId: 'withdrawFromEuciAgreement',
        summary: 'Record that an organisation left the EUCI agreement',
        description: 'Its users lose access to EU classified information at once.',
        tags,
        params: OrganisationParams,
        response: { 200: Type.Array(SignatorySchema), ...errorResponses(400, 401, 404) },
      },
      config: { access: documentsPolicy.administer },
    },
    async (request) => euci.withdraw(request.auditContext(), request.params.organisationId),
  );

  /** A list only administrators read: the clearances, the requests waiting for a decision. */
  function administeredList<S extends TSchema>(
    url: string,
    summary: string,
    item: S,
    load: () => Promise<Static<S>[]>,
  ): void {
    app.get(
      url,
      {
        schema: {
          summary,
          tags,
          response: { 200: Type.Array(item), ...errorResponses(401, 404) },
        },
        config: { access: documentsPolicy.administer },
      },
      load,
    );
  }

  administeredList(
    '/api/clearances',
    "Users' security clearances and EUCI briefings",
    ClearanceSchema,
    () => euci.clearances(),
  );

  app.put(
    '/api/users/:userId/clearance',
    {
      schema: {
        summary: "Change a user's security clearance and EUCI briefing",
        description:
          'RESTREINT UE needs the briefing only; higher levels a clearance at least as high, and the briefing. A change that widens access (a higher level, a briefing recorded or re-dated) is a request an administrator of another organisation confirms: 202 with the request. A change that narrows access takes effect at once: 200 with the clearance.',
        tags,
        params: UserParams,
        body: ClearanceBody,
        response: {
          200: versionTagSent(ClearanceSchema, 'never'),
          202: EuciRequestSchema,
          ...errorResponses(400, 401, 404, 409),
        },
      },
      config: { access: documentsPolicy.administer },
    },
    async (request, reply) => {
      const change = await euci.setClearance(
        administrator(request),
        request.auditContext(),
        request.params.userId,
        request.body,
      );
      return change.applied
        ? reply.status(200).send(change.clearance)
        : reply.status(202).send(change.request);
    },
  );

  administeredList(
    '/api/euci-requests',
    'Signatures and clearances waiting for a second administrator',
    EuciRequestSchema,
    () => euci.pending(),
  );

  app.post(
    '/api/euci-requests/:id/confirm',
    {
      schema: {
        summary: 'Confirm a signature or clearance request, which then takes effect',
        description:
          'Four eyes: only an administrator of another organisation than the requester, who does not gain by it (their own clearance, their own organisation signing), confirms; else 403 four_eyes. 409 when the request was decided already.',
        tags,
        params: EuciRequestParams,
        response: { 200: EuciRequestSchema, ...errorResponses(401, 403, 404, 409) },
      },
      config: { access: documentsPolicy.administer },
    },
    async (request) =>
      euci.confirm(administrator(request), request.auditContext(), request.params.id),
  );

  app.post(
    '/api/euci-requests/:id/reject',
    {
      schema: {
        summary: 'Reject a signature or clearance request: nothing changes',
        description: 'Any administrator, the requester included. 409 when it was decided already.',
        tags,
        params: EuciRequestParams,
        response: { 200: EuciRequestSchema, ...errorResponses(401, 403, 404, 409) },
      },
      config: { access: documentsPolicy.administer },
    },
    async (request) =>
      euci.reject(administrator(request), request.auditContext(), request.params.id),
  );
}
