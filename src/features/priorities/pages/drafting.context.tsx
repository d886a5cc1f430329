import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Actor } from '../../../app/access.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { ConflictError } from '../../../app/errors.js';
import type {
  Body,
  Fields,
  FormDefinition,
  FormState,
  Values,
} from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { frozenMessage, type VersionRef } from '../priorities.drafting.js';
import { sendRefusal, versionPath } from '../priorities.page-kit.js';
import { prioritiesPolicy } from '../priorities.policy.js';
import type { FrameworkView } from '../priorities.service.js';

/** A form posted on a version still open to change, as a drafting page declares it. */
interface VersionSubmission<F extends Fields, R> {
  /** The write, on the version the form was opened on. */
  write: (values: Values<F>, version: number) => Promise<R>;
  /** The page again, on `shown`: after a stale save, the version as stored now. */
  show: (state: FormState<F>, status: number, shown: FrameworkView) => FastifyReply;
  /**
   * What the version holds now in the form's terms, for the merge of a stale save. Without it
   * the form adds something new (a line, a move, a removal): nothing stored to merge with.
   */
  stored?: (framework: FrameworkView) => Values<F>;
  done: string | ((result: R) => string);
}

/** What every drafting page shares: the services, the access rule, and the refusals. */
export function draftingContext(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { priorities, priorityDrafting } = app.services;
  const access = { access: prioritiesPolicy.draft, page: true };

  /** A version the secretariat may still change; an agreed one is refused with a clear page. */
  async function editable(actor: Actor, ref: VersionRef): Promise<FrameworkView> {
    const framework = await priorities.get(actor, ref.year, ref.version);
    if (framework.status === 'agreed') {
      throw new ConflictError(
        frozenMessage({ ...framework, agreed_on: framework.agreedOn }),
        'priorities_agreed',
      );
    }
    return framework;
  }

  /** Runs a page handler, turning a refused change of state into its own page. */
  function refusing(
    reply: FastifyReply,
    ctx: PageContext,
    ref: VersionRef,
    run: () => Promise<FastifyReply>,
  ): Promise<FastifyReply> {
    return run().catch((error: unknown) => {
      if (error instanceof ConflictError) {
        return sendRefusal(reply, ctx, error, {
          href: versionPath(ref),
          label: ctx.t('priorities.edit.backToVersion'),
        });
      }
      throw error;
    });
  }

  /**
   * A form post on a version: refused with its page once agreed, else run by the form kit, with
   * every error at once and a stale save merged with what is stored now.
   */
  function submitOnVersion<F extends Fields, R>(
    reply: FastifyReply,
    ctx: PageContext,
    form: FormDefinition<F>,
    request: { actor: Actor; body: Body; ref: VersionRef },
    declare: (framework: FrameworkView) => VersionSubmission<F, R>,
  ): Promise<FastifyReply> {
    const { actor, ref } = request;
    return refusing(reply, ctx, ref, async () => {
      const framework = await editable(actor, ref);
      const submission = declare(framework);
      return submitForm(reply, {
        form,
        body: request.body,
        t: ctx.t,
        write: submission.write,
        show: async (state, status) =>
          submission.show(state, status, status === 409 ? await editable(actor, ref) : framework),
        current: async () => {
          const stored = await editable(actor, ref);
          return {
            values: submission.stored ? submission.stored(stored) : form.initial(),
            version: stored.rowVersion,
          };
        },
        done: submission.done,
      });
    });
  }

  return { app, priorities, priorityDrafting, access, editable, refusing, submitOnVersion };
}
