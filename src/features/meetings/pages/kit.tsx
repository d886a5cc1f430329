import { isIllustrative } from '../../../demo-sources.js';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { h, type Child } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import { Notification } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { AppError, NotFoundError } from '../../../app/errors.js';
import { FormBody } from '../../../app/forms/body.js';
import type { Body, Fields, FormDefinition, Values } from '../../../app/forms/define-form.js';
import { submitForm, type Stored } from '../../../app/forms/submit.js';
import type { OrganisationView } from '../../network/network.service.js';
import { meetingsPolicy } from '../meetings.policy.js';
import { yearOf } from '../meetings.service.js';
import { shownForm, type ShownForm } from '../forms/meeting-page.forms.js';
import { MeetingPage } from '../views/meeting-page.js';
import { ConfirmForm, meetingHref } from '../views/parts.js';

export type PagesApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ChildParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  childId: Type.String({ minLength: 1, maxLength: 64 }),
});
/** The body of every form of the meeting page: the kit reads it. */
export const PageForm = FormBody;

/** One text field of a button's form; a repeated or missing one reads as empty. */
export function fieldOf(body: Body, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

/** A version from a hidden field; anything unreadable can never match, so it answers 409. */
export function versionOf(value: string | undefined): number {
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : -1;
}

/** The route options of a page: who may open it, and that it answers HTML. */
export const page = (access = meetingsPolicy.read) => ({ access, page: true });

/** What the meeting pages share: the page of one meeting, and the way its forms are answered. */
export function meetingPageKit(app: PagesApp) {
  const { meetings, network, priorities } = app.services;

  async function organisations(): Promise<OrganisationView[]> {
    const [agencies, bodies] = await Promise.all([
      network.list('agency', { sort: 'acronym', direction: 'asc' }),
      network.list('body', { sort: 'acronym', direction: 'asc' }),
    ]);
    return [...agencies, ...bodies];
  }

  /** The lines an agenda item may link: those of the meeting year's agreed priorities. */
  async function priorityLinesOf(year: number) {
    const lines = await priorities.agreedLineCodes(year);
    return [...lines.values()].map((l) => ({
      key: l.key,
      label: `${l.code} ${l.text.slice(0, 90)}`,
    }));
  }

  async function sendDetail(
    reply: FastifyReply,
    ctx: PageContext,
    id: string,
    options: { shown?: ShownForm; status?: number; notices?: Child } = {},
  ): Promise<FastifyReply> {
    const actor = requireActor(ctx.actor);
    const meeting = await meetings.get(actor, id);
    const manage = meeting.permissions.manage;
    const [orgs, candidates, lines] = manage
      ? await Promise.all([
          organisations(),
          meetings.attendeeCandidates(actor, id),
          priorityLinesOf(yearOf(meeting)),
        ])
      : [[], [], []];
    const illustrative = await isIllustrative(app.services.database.db, 'meeting', id);
    return sendHtml(
      reply,
      <MeetingPage
        ctx={ctx}
        meeting={meeting}
        shown={options.shown ?? null}
        notices={options.notices}
        extras={{ organisations: orgs, candidates, lines }}
        illustrative={illustrative}
      />,
      options.status,
    );
  }

  /**
   * A form of the meeting page through the form kit: on success back to the page, else the page
   * again with that form as it was sent, every error at once, or merged after a stale save.
   */
  async function childForm<F extends Fields>(
    reply: FastifyReply,
    ctx: PageContext,
    id: string,
    submission: {
      name: string;
      form: FormDefinition<F>;
      body: Body;
      write: (values: Values<F>, version: number) => Promise<unknown>;
      current?: () => Promise<Stored<F>>;
    },
  ): Promise<FastifyReply> {
    const { form } = submission;
    return submitForm(reply, {
      form,
      body: submission.body,
      t: ctx.t,
      write: submission.write,
      current: submission.current,
      show: (state, status) =>
        sendDetail(reply, ctx, id, { shown: shownForm(form, state), status }),
      done: `${meetingHref(id)}?saved=${submission.name}`,
    });
  }

  /**
   * A button of the meeting page (publish, cancel, mark done): redirect on success; a refusal,
   * such as a change made meanwhile, shows the page again with the reason.
   */
  async function buttonAction(
    reply: FastifyReply,
    ctx: PageContext,
    id: string,
    name: string,
    change: () => Promise<unknown>,
  ): Promise<FastifyReply> {
    try {
      await change();
    } catch (error) {
      if (error instanceof AppError && error.status < 500 && error.status !== 404) {
        return sendDetail(reply, ctx, id, {
          status: error.status,
          notices: (
            <Notification
              variant="warning"
              title={
                error.status === 409 || error.status === 412
                  ? ctx.t('error.conflict.title')
                  : ctx.t('meetings.refused')
              }
            >
              {error.message}
            </Notification>
          ),
        });
      }
      throw error;
    }
    return reply.redirect(`${meetingHref(id)}?saved=${name}`, 303);
  }

  /** The confirmation page and the removal of a participant or an agenda item. */
  function removalRoutes(segment: 'participants' | 'agenda'): void {
    app.get(
      `/meetings/:id/${segment}/:childId/remove`,
      { schema: { params: ChildParams }, config: page() },
      async (request, reply) => {
        const ctx = request.pageContext();
        const meeting = await meetings.get(requireActor(ctx.actor), request.params.id);
        const name =
          segment === 'participants'
            ? meeting.participants.find((p) => p.id === request.params.childId)?.name
            : meeting.agenda.find((i) => i.id === request.params.childId)?.title;
        if (!meeting.permissions.manage || name === undefined) throw new NotFoundError();
        const action = `${meetingHref(meeting.id)}/${segment}/${request.params.childId}/remove`;
        return sendHtml(
          reply,
          <Layout
            ctx={ctx}
            title={
              segment === 'participants'
                ? ctx.t('meetings.removeParticipantTitle', { name })
                : ctx.t('meetings.removeItemTitle', { title: name })
            }
          >
            <ConfirmForm
              ctx={ctx}
              action={action}
              message={ctx.t('meetings.removeConfirm')}
              submit={ctx.t('meetings.removeSubmit')}
              back={meetingHref(meeting.id)}
            />
          </Layout>,
        );
      },
    );
    app.post(
      `/meetings/:id/${segment}/:childId/remove`,
      { schema: { params: ChildParams, body: PageForm }, config: page() },
      async (request, reply) => {
        const actor = requireActor(request.actor);
        const { id, childId } = request.params;
        if (segment === 'participants')
          await meetings.removeParticipant(actor, request.auditContext(), id, childId);
        else await meetings.removeAgendaItem(actor, request.auditContext(), id, childId);
        return reply.redirect(`${meetingHref(id)}?saved=${segment}`, 303);
      },
    );
  }

  return { organisations, sendDetail, childForm, buttonAction, removalRoutes };
}
