import type { FastifyReply } from 'fastify';
import { ConflictError } from '../../../app/errors.js';
import type { FormState, Fields } from '../../../app/forms/define-form.js';
import type { PageContext } from '../../../app/html/page-context.js';
import type { VersionRef } from '../priorities.drafting.js';
import { sendRefusal, versionPath } from '../priorities.page-kit.js';

/** The form kit's name for an error of a whole form, such as a refusal of the service. */
const WHOLE_FORM = 'form';

/** What the consultation pages share: the version they are on, and the page of a refusal. */
export function consultationContext() {
  function refOf(params: { year: number; version: number }): VersionRef {
    return { year: params.year, version: params.version };
  }

  function refusal(reply: FastifyReply, ctx: PageContext, ref: VersionRef, error: ConflictError) {
    return sendRefusal(reply, ctx, error, {
      href: `${versionPath(ref)}/consultation`,
      label: ctx.t('priorities.consult.back'),
    });
  }

  /**
   * A form that came back refused as a whole with 409, such as an answer after the deadline, is
   * a page saying why, with the way back: the form is gone from a closed consultation. Anything
   * else comes back on the form.
   */
  function refusedOr<F extends Fields>(
    reply: FastifyReply,
    ctx: PageContext,
    ref: VersionRef,
    state: FormState<F>,
    status: number,
    form: () => Promise<FastifyReply> | FastifyReply,
  ): Promise<FastifyReply> | FastifyReply {
    const refused = state.errors.find((e) => e.field === WHOLE_FORM);
    if (status === 409 && refused)
      return refusal(reply, ctx, ref, new ConflictError(refused.message));
    return form();
  }

  return { refOf, refusal, refusedOr };
}
