import type { FastifyInstance } from 'fastify';

/**
 * Everything a page needs is served by the platform itself, so the policy allows only this origin:
 * no inline scripts, no framing, forms post only here. data: images are ECL's CSS sprites.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of every answer, including those Fastify's router errors give before any hook. */
export function securityHeaderValues(production: boolean): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    ...(production ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

export async function securityHeaders(app: FastifyInstance, production: boolean): Promise<void> {
  const headers = securityHeaderValues(production);
  app.addHook('onSend', async (request, reply) => {
    reply.headers(headers);
    // What a signed-in user sees is theirs alone: no shared or browser cache may keep it.
    if (request.actor) reply.header('cache-control', 'no-store');
  });
}
