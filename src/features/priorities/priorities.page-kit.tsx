import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { h, type Child } from '../../app/html/jsx.js';
import { Notification } from '../../app/html/components.js';
import type { PageContext } from '../../app/html/page-context.js';
import type { ConflictError } from '../../app/errors.js';
import type { PriorityStatus } from '../../db/schema.js';
import type { VersionRef } from './priorities.drafting.js';
import { sendPage } from '../../app/html/send-page.js';
export { sendPage };
export { versionOf } from '../../app/html/components.js';

/** Shared by the pages of the priorities workflow. */

export function versionPath(ref: VersionRef): string {
  return `/priorities/${ref.year}/versions/${ref.version}`;
}

export function statusLabel(ctx: PageContext, status: PriorityStatus): string {
  return ctx.t(`priorities.status.${status}`);
}

// Form bodies are text. The real limits are the service's; these caps only keep a tampered
// request from carrying megabytes, so a too-long value still gets a field error on the form.
export const formText = (maxLength = 20_000) => Type.Optional(Type.String({ maxLength }));

/** A change the state of the priorities does not allow, such as editing an agreed version. */
export function sendRefusal(
  reply: FastifyReply,
  ctx: PageContext,
  error: ConflictError,
  back: { href: string; label: string },
): FastifyReply {
  return sendPage(
    reply,
    ctx,
    ctx.t('priorities.refused.title'),
    [
      <Notification variant="warning">{error.message}</Notification>,
      <p>
        <a class="ecl-link ecl-link--standalone" href={back.href}>
          {back.label}
        </a>
      </p>,
    ],
    { status: 409 },
  );
}

/** The notice of a form refused because someone else changed the record: what is stored now. */
export function ConflictNotice({ ctx, children }: { ctx: PageContext; children?: Child }) {
  return (
    <Notification variant="warning" title={ctx.t('error.conflict.title')}>
      <p>{ctx.t('error.conflict.body')}</p>
      <h2 class="ecl-u-type-heading-4">{ctx.t('priorities.edit.stored')}</h2>
      {children}
    </Notification>
  );
}

/** A form that is only a button, such as "move up": no fields of its own to label. */
export function ButtonForm({
  ctx,
  action,
  label,
  fields,
}: {
  ctx: PageContext;
  action: string;
  label: string;
  fields: Record<string, string>;
}) {
  return (
    <form method="post" action={action} class="jh-inline-form">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class="ecl-button ecl-button--ghost">
        {label}
      </button>
    </form>
  );
}
