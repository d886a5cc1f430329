import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import type { AccessRule } from '../access.js';
import { AppError } from '../errors.js';
import { acceptRawBodies, refuseLargeBodies } from '../form-upload.js';
import { errorResponses } from '../http.js';
import { XLSX_CONTENT_TYPE } from '../xlsx.js';
import { IMPORT_MAX_BYTES, type ImportSummary } from './register.js';

/**
 * The JSON API's side of a register in a spreadsheet: the import operation that takes the
 * workbook as the request body, and the answer that sends an export as a download.
 */

/** "at most 10 MB", for an operation's description. */
export const importSizeText = `at most ${String(IMPORT_MAX_BYTES / 1024 / 1024)} MB`;

export function sendExport(
  reply: FastifyReply,
  file: { name: string; contentType: string; body: Buffer | string },
): FastifyReply {
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.name}"`)
    .send(file.body);
}

/** The 200 answer of an export operation: the workbook. */
export const workbookResponse = {
  description: 'The workbook',
  content: { [XLSX_CONTENT_TYPE]: { schema: Type.String({ format: 'binary' }) } },
};

/** Lets the routes of `app` take a workbook as the body; call once per plugin. */
export function acceptWorkbooks(app: FastifyInstance): void {
  acceptRawBodies(app, XLSX_CONTENT_TYPE, IMPORT_MAX_BYTES);
}

export interface ImportOperation<Params extends TSchema> {
  url: string;
  summary: string;
  description: string;
  tags: string[];
  params?: Params;
  /** The 200 answer: created, updated and unchanged, described for the register. */
  response: TSchema;
  access: AccessRule;
  importFile: (
    request: FastifyRequest,
    params: Static<Params>,
    bytes: Buffer,
  ) => Promise<ImportSummary>;
}

/** POST of an .xlsx as the request body, answering what the import did, or every problem. */
export function importOperation<Params extends TSchema>(
  app: FastifyInstance,
  operation: ImportOperation<Params>,
): void {
  app.post(
    operation.url,
    {
      bodyLimit: IMPORT_MAX_BYTES,
      preParsing: refuseLargeBodies(IMPORT_MAX_BYTES),
      schema: {
        summary: operation.summary,
        description: operation.description,
        tags: operation.tags,
        ...(operation.params ? { params: operation.params } : {}),
        body: {
          content: {
            [XLSX_CONTENT_TYPE]: {
              schema: Type.String({ format: 'binary', description: 'The .xlsx file' }),
            },
          },
        },
        response: {
          200: operation.response,
          ...errorResponses(400, 401, 404, 413, 415, 503),
        },
      },
      // The body is the file's bytes: the service checks that they are a workbook.
      validatorCompiler: () => () => true,
      config: { access: operation.access },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body))
        throw new AppError(
          'unsupported_media_type',
          415,
          `Send the workbook as the request body with Content-Type: ${XLSX_CONTENT_TYPE}.`,
        );
      return operation.importFile(request, request.params as Static<Params>, request.body);
    },
  );
}
