/**
 * File uploads from HTML forms (multipart/form-data) and as raw request bodies. The form is read
 * whole while the request body is parsed, so that its `_csrf` field is in `request.body` when the
 * CSRF check runs, as for any other form.
 */
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

export interface UploadedFile {
  filename: string;
  mimeType: string;
  content: Buffer;
  /** The file was larger than allowed; `content` holds only its start. */
  tooLarge: boolean;
}

/** A form's text fields by name (a list when the name repeats, as checkboxes do), and its files. */
export type UploadForm = Record<string, string | string[] | UploadedFile>;

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && 'content' in value && 'tooLarge' in value;
}

function megabytes(bytes: number): string {
  return `${String(Math.floor(bytes / 1024 / 1024))} MB`;
}

export function uploadTooLarge(maxBytes: number): AppError {
  return new AppError(
    'file_too_large',
    413,
    `The file is larger than ${megabytes(maxBytes)}. Split it into smaller files.`,
  );
}

/** A form's limits on its text fields; the defaults suit a file with a few short fields. */
export interface FieldLimits {
  /** How many text fields (each checked box counts). */
  fields: number;
  /** The longest text field, in bytes. */
  fieldSize: number;
}

const DEFAULT_FIELD_LIMITS: FieldLimits = { fields: 10, fieldSize: 1024 };
/** Room for the form's fields and part headers around the files. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Refuses a request whose declared length is over `maxBodyBytes` before reading it, with a
 * clear 413 that names the file limit. A body sent without a length is cut off at the limit by
 * the parsers below.
 */
export function refuseLargeBodies(maxBodyBytes: number, maxFileBytes = maxBodyBytes) {
  return async (request: FastifyRequest): Promise<void> => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) throw uploadTooLarge(maxFileBytes);
  };
}

/** The declared-length limit for a form that carries files of up to `maxFileBytes` each. */
export function formBodyLimit(maxFileBytes: number, files = 1): number {
  return maxFileBytes * files + FORM_OVERHEAD_BYTES;
}

/**
 * Parses multipart forms in the routes of `app` (an encapsulated plugin) into an `UploadForm`.
 * A file over `maxFileBytes` is marked `tooLarge`, so the page can say so beside the form.
 */
export function acceptFormUploads(
  app: FastifyInstance,
  options: { maxFileBytes: number; maxFiles?: number; fieldLimits?: FieldLimits },
): void {
  app.addContentTypeParser(
    'multipart/form-data',
    (request: FastifyRequest, payload: IncomingMessage) => {
      return new Promise<UploadForm>((resolve, reject) => {
        const form: UploadForm = {};
        let parser: BusboyInstance;
        try {
          parser = new Busboy({
            headers: { ...request.headers, 'content-type': request.headers['content-type'] ?? '' },
            limits: {
              ...(options.fieldLimits ?? DEFAULT_FIELD_LIMITS),
              fieldNameSize: 60,
              parts: (options.fieldLimits ?? DEFAULT_FIELD_LIMITS).fields + (options.maxFiles ?? 1),
              headerPairs: 20,
              files: options.maxFiles ?? 1,
              fileSize: options.maxFileBytes,
            },
          });
        } catch {
          reject(new AppError('invalid_form', 400, 'The form could not be read.'));
          return;
        }
        parser.on('field', (name, value) => {
          const earlier = form[name];
          if (earlier === undefined) form[name] = value;
          else if (Array.isArray(earlier)) earlier.push(value);
          else if (typeof earlier === 'string') form[name] = [earlier, value];
        });
        // The form is complete once the parser has finished and every file has been read.
        let pending = 1;
        const settle = () => {
          pending -= 1;
          if (pending === 0) resolve(form);
        };
        parser.on('file', (name, stream, filename, _encoding, mimeType) => {
          pending += 1;
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            form[name] = {
              filename,
              mimeType,
              content: Buffer.concat(chunks),
              tooLarge: stream.truncated,
            };
            settle();
          });
        });
        parser.on('error', () => {
          reject(new AppError('invalid_form', 400, 'The form could not be read.'));
        });
        parser.on('finish', settle);
        payload.on('error', reject);
        payload.pipe(parser);
      });
    },
  );
}

/** Takes request bodies of a content type as they are, up to `maxBytes`. */
export function acceptRawBodies(app: FastifyInstance, contentType: string, maxBytes: number): void {
  app.addContentTypeParser(
    contentType,
    { parseAs: 'buffer', bodyLimit: maxBytes },
    (_request, body, done) => {
      done(null, body);
    },
  );
}
