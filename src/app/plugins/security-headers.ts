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

export async function securityHeaders(app: FastifyInstance, production: boolean): Promise<void> {
  app.addHook('onSend', async (request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (production) reply.header('strict-transport-security', 'max-age=31536000');
    // What a signed-in user sees is theirs alone: no shared or browser cache may keep it.
    if (request.actor) reply.header('cache-control', 'no-store');
  });
}
