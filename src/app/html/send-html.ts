import type { FastifyReply } from 'fastify';
import { renderDocument, type Html } from './jsx.js';

/** Sends a rendered page as a complete HTML document. */
export function sendHtml(reply: FastifyReply, page: Html, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(renderDocument(page));
}
