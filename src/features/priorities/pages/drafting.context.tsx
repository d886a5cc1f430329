import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Actor } from '../../../app/access.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { ConflictError } from '../../../app/errors.js';
import { frozenMessage, type VersionRef } from '../priorities.drafting.js';
import { sendRefusal, versionPath } from '../priorities.page-kit.js';
import { prioritiesPolicy } from '../priorities.policy.js';
import type { FrameworkView } from '../priorities.service.js';

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
  return { app, priorities, priorityDrafting, access, editable, refusing };
}
