import type { FastifyReply } from 'fastify';
import { h, type Child } from './jsx.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import { sendHtml } from './send-html.js';

/** Sends a page of the site: its content in the common layout, under its title. */
export function sendPage(
  reply: FastifyReply,
  ctx: PageContext,
  title: string,
  children: Child,
  options: { status?: number; notices?: Child } = {},
): FastifyReply {
  return sendHtml(
    reply,
    <Layout ctx={ctx} title={title} notices={options.notices}>
      {children}
    </Layout>,
    options.status,
  );
}
