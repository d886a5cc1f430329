/**
 * Clean input at the edge: for every route, before any handler runs, every text of the request
 * is checked against the characters no text may hold (`clean-text.ts`), and every number a body
 * carries is finite. The hooks are added to the root instance before any route exists, so each
 * route, in whatever plugin, inherits them; a route cannot leave them out.
 *
 * What is checked is what Fastify decoded:
 * - path parameters: percent-decoded by the router, which refuses invalid UTF-8 itself
 *   (FST_ERR_BAD_URL, answered as invalid_input);
 * - the query string: read again here strictly, because Fastify's reader keeps a sequence that
 *   is not UTF-8 (`%ED%A0%80`) as it is;
 * - JSON bodies: decoded as strict UTF-8 here, so bytes that are not UTF-8 are refused instead
 *   of becoming U+FFFD; a `\ud800` escape still parses, and is refused by the check;
 * - form bodies: read strictly by `form-encoding.ts`; multipart fields and file names as the
 *   multipart reader gives them;
 * - headers, as Latin-1 text (If-Match is read as a version by `expectedVersion`).
 */
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbiddenCharacterIn, forbiddenCharacterMessage } from '../clean-text.js';
import { ValidationError, type FieldError } from '../errors.js';
import { formFields, formPairs, MalformedFieldError } from '../form-encoding.js';

/** Enough to show what is wrong; a body with thousands of bad fields need not list them all. */
const MAX_ERRORS = 20;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function malformed(error: MalformedFieldError): FieldError {
  return { field: error.field, message: 'is not valid percent-encoded UTF-8 text' };
}

class Findings {
  readonly errors: FieldError[] = [];

  get full(): boolean {
    return this.errors.length >= MAX_ERRORS;
  }

  text(field: string, text: string, what = ''): void {
    const found = forbiddenCharacterIn(text);
    if (found) this.errors.push({ field, message: `${what}${forbiddenCharacterMessage(found)}` });
  }

  number(field: string, value: number): void {
    if (!Number.isFinite(value)) this.errors.push({ field, message: 'must be a finite number' });
  }
}

/** Every text and number in a parsed body, walked without recursion: JSON may nest deeply. */
function checkBody(body: unknown, findings: Findings): void {
  const pending: [unknown, string][] = [[body, '']];
  for (let next = pending.pop(); next && !findings.full; next = pending.pop()) {
    const [value, path] = next;
    const field = path || 'body';
    if (typeof value === 'string') findings.text(field, value);
    else if (typeof value === 'number') findings.number(field, value);
    else if (value instanceof Uint8Array || typeof value !== 'object' || value === null) continue;
    else if (Array.isArray(value))
      value.forEach((item, index) =>
        pending.push([item, `${path ? `${path}.` : ''}${String(index)}`]),
      );
    else
      for (const [key, item] of Object.entries(value)) {
        findings.text(field, key, 'a field name ');
        pending.push([item, `${path ? `${path}.` : ''}${key}`]);
      }
  }
}

function checkQuery(request: FastifyRequest, findings: Findings): void {
  const start = request.url.indexOf('?');
  if (start < 0) return;
  try {
    for (const [name, value] of formPairs(request.url.slice(start + 1))) {
      findings.text('query', name, 'a field name ');
      findings.text(name, value);
    }
  } catch (error) {
    if (!(error instanceof MalformedFieldError)) throw error;
    findings.errors.push(malformed(error));
  }
}

/** The fields of the request that hold what no text may hold; none when it is clean. */
function uncleanFields(request: FastifyRequest): FieldError[] {
  const findings = new Findings();
  const params = (request.params ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(params))
    if (typeof value === 'string') findings.text(name, value);
  checkQuery(request, findings);
  for (const [name, value] of Object.entries(request.headers))
    for (const one of [value ?? []].flat()) findings.text(name, one);
  checkBody(request.body, findings);
  return findings.errors.slice(0, MAX_ERRORS);
}

export async function cleanInput(app: FastifyInstance): Promise<void> {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(
        new ValidationError(
          [{ field: 'body', message: 'is not valid UTF-8 text' }],
          'The body is not valid UTF-8 text.',
        ),
        undefined,
      );
      return;
    }
    return parseJson(request, text, done);
  });

  await app.register(fastifyFormbody, {
    parser: (text: string) => {
      try {
        return formFields(text);
      } catch (error) {
        throw error instanceof MalformedFieldError
          ? new ValidationError([malformed(error)])
          : error;
      }
    },
  });

  app.addHook('preValidation', async (request) => {
    const errors = uncleanFields(request);
    if (errors.length > 0)
      throw new ValidationError(errors, errors.map((e) => `${e.field} ${e.message}`).join('; '));
  });
}
