/**
 * The media types a route's body may have are something the route declares, and one hook
 * enforces them for every route before its body is read: anything else answers 415.
 *
 * - A route whose body schema lists its content (`body: { content: { 'type': ... } }`) accepts
 *   those types: the raw uploads of the API.
 * - Any other API route accepts JSON.
 * - A page route (`config.page`) accepts what browsers send from forms: URL-encoded and
 *   multipart (the latter where the page's plugin reads it, see `form-upload.ts`).
 *
 * Without this, every route would take every type a parser exists for: a JSON operation would
 * accept a URL-encoded form or plain text, and see a body its schema was never written for.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../errors.js';

const JSON_BODIES: readonly string[] = ['application/json'];
const FORM_BODIES: readonly string[] = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** The media types the body of a route may have, from its schema or its kind. */
function declaredMediaTypes(route: Pick<RouteOptions, 'schema' | 'config'>): readonly string[] {
  const body: unknown = route.schema?.body;
  if (typeof body === 'object' && body !== null && 'content' in body) {
    const content: unknown = body.content;
    if (typeof content === 'object' && content !== null)
      return Object.keys(content).map((type) => type.toLowerCase());
  }
  return route.config?.page ? FORM_BODIES : JSON_BODIES;
}

/** Whether the request carries a body, as Fastify decides it before choosing a parser. */
function hasBody(request: FastifyRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const { headers } = request;
  return (
    headers['content-type'] !== undefined ||
    headers['transfer-encoding'] !== undefined ||
    (headers['content-length'] !== undefined && headers['content-length'] !== '0')
  );
}

export async function mediaTypes(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, mediaTypes: declaredMediaTypes(route) };
  });

  app.addHook('preParsing', async (request, _reply, payload) => {
    // A request no route matches answers 404 whatever its body.
    if (request.is404 || !hasBody(request)) return payload;
    const accepted = request.routeOptions.config.mediaTypes ?? JSON_BODIES;
    const type = request.mediaType?.toLowerCase();
    if (type === undefined || !accepted.includes(type))
      throw new AppError(
        'unsupported_media_type',
        415,
        `Send the body as ${accepted.join(' or ')}${type ? `, not ${type}` : ''}.`,
      );
    return payload;
  });
}
