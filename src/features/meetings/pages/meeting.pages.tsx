import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { h } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import { Button, CsrfField, Notification, urlWith } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { sendPage } from '../../../app/html/send-page.js';
import { NotFoundError, ValidationError, type FieldError } from '../../../app/errors.js';
import { FormBody } from '../../../app/forms/body.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import type { OrganisationView } from '../../network/network.service.js';
import { mayCreateFor, meetingsPolicy } from '../meetings.policy.js';
import { meetingFileCalendar } from '../meetings.calendar.js';
import { sendCalendar } from '../meetings.routes.js';
import {
  DEFAULT_START_TIME,
  type MeetingDetail,
  type MeetingInput,
  type ParticipantInput,
} from '../meetings.service.js';
import {
  meetingForm,
  meetingInputOf,
  meetingValuesOf,
  newMeetingForm,
  type MeetingValues,
} from '../forms/meeting.form.js';
import { MeetingFormView, NewMeetingFormView } from '../views/meeting-form.js';
import {
  attendeeForm,
  inviteForm,
  responseForm,
  speakerForm,
} from '../forms/meeting-page.forms.js';
import { meetingHref } from '../views/parts.js';
import {
  ChildParams,
  fieldOf,
  IdParams,
  meetingPageKit,
  page,
  PageForm,
  versionOf,
  type PagesApp,
} from './kit.js';

const DetailQuery = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 20 })),
  queued: Type.Optional(Type.Integer({ minimum: 0 })),
});

/** A meeting: scheduling and changing it, its page, its calendar file, invitations and participants. */
export async function meetingPages(app: PagesApp): Promise<void> {
  const { meetings, config } = app.services;
  const { organisations, sendDetail, childForm, buttonAction, removalRoutes } = meetingPageKit(app);

  /** The agencies a user may name as host: contact points their own. */
  async function hostsFor(ctx: PageContext): Promise<OrganisationView[]> {
    const actor = requireActor(ctx.actor);
    const orgs = await organisations();
    return orgs.filter((o) => o.kind === 'agency' && mayCreateFor(actor, o.id));
  }

  async function sendNewForm(
    reply: FastifyReply,
    ctx: PageContext,
    state: FormState<typeof newMeetingForm.fields>,
    status = 200,
  ): Promise<FastifyReply> {
    const [hosts, orgs] = await Promise.all([hostsFor(ctx), organisations()]);
    return sendPage(
      reply,
      ctx,
      ctx.t('meetings.new'),
      <div>
        <NewMeetingFormView ctx={ctx} state={state} hosts={hosts} organisations={orgs} />
        <p>
          <a class="ecl-link ecl-link--standalone" href="/meetings">
            {ctx.t('common.cancel')}
          </a>
        </p>
      </div>,
      { status },
    );
  }

  async function sendEditForm(
    reply: FastifyReply,
    ctx: PageContext,
    meeting: MeetingDetail,
    state: FormState<typeof meetingForm.fields>,
    status = 200,
  ): Promise<FastifyReply> {
    return sendPage(
      reply,
      ctx,
      ctx.t('meetings.editTitle', { title: meeting.title }),
      <div>
        <MeetingFormView
          ctx={ctx}
          action={`${meetingHref(meeting.id)}/edit`}
          state={state}
          hosts={await hostsFor(ctx)}
        />
        <p>
          <a class="ecl-link ecl-link--standalone" href={meetingHref(meeting.id)}>
            {ctx.t('common.cancel')}
          </a>
        </p>
      </div>,
      { status },
    );
  }

  /** Every mistake of a meeting's form at once: those only the form sees, then the service's. */
  async function mistakes(
    ctx: PageContext,
    values: MeetingValues & { invited?: string[] },
  ): Promise<FieldError[]> {
    const { input, errors } = meetingInputOf(values, ctx.t);
    const taken = new Set(errors.map((e) => e.field));
    const service = await meetings.check(requireActor(ctx.actor), input);
    return [...errors, ...service.filter((e) => !taken.has(e.field))];
  }

  /** The service's input from the form; the form's own mistakes refuse it with all others. */
  async function checkedInput(
    ctx: PageContext,
    values: MeetingValues & { invited?: string[] },
  ): Promise<MeetingInput> {
    const { input, errors } = meetingInputOf(values, ctx.t);
    if (errors.length > 0) throw new ValidationError(await mistakes(ctx, values));
    return input;
  }

  app.get('/meetings/new', { config: page(meetingsPolicy.create) }, async (request, reply) => {
    const ctx = request.pageContext();
    const actor = requireActor(ctx.actor);
    const values = newMeetingForm.initial({
      kind: 'network',
      hostOrganisationId: actor.role === 'contact' ? actor.organisationId : '',
      timeZone: 'Europe/Lisbon',
      startTime: DEFAULT_START_TIME,
      // Nothing is ticked in advance: a click on a name invites, never un-invites.
      invited: [],
    });
    return sendNewForm(reply, ctx, { values, errors: [] });
  });

  app.post(
    '/meetings',
    { schema: { body: FormBody }, config: page(meetingsPolicy.create) },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      return submitForm(reply, {
        form: newMeetingForm,
        body: request.body,
        t: ctx.t,
        write: async (values) =>
          meetings.create(actor, request.auditContext(), await checkedInput(ctx, values)),
        check: (values) => mistakes(ctx, values),
        show: (state, status) => sendNewForm(reply, ctx, state, status),
        done: (created) => `${meetingHref(created.id)}?saved=created`,
      });
    },
  );

  app.get(
    '/meetings/:id',
    { schema: { params: IdParams, querystring: DetailQuery }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { saved, queued } = request.query;
      return sendDetail(reply, ctx, request.params.id, {
        notices:
          queued !== undefined ? (
            <Notification variant="success">
              {ctx.t('meetings.invitationsQueued', { count: queued })}
            </Notification>
          ) : saved !== undefined ? (
            <Notification variant="success">{ctx.t('common.saved')}</Notification>
          ) : null,
      });
    },
  );

  app.get(
    '/meetings/:id/calendar.ics',
    { schema: { params: IdParams }, config: page() },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const meeting = await meetings.get(actor, request.params.id);
      return sendCalendar(
        reply,
        meetingFileCalendar(meeting, config.publicUrl, config.mail.organiser),
        'meeting.ics',
      );
    },
  );

  app.get(
    '/meetings/:id/edit',
    { schema: { params: IdParams }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const meeting = await meetings.get(requireActor(ctx.actor), request.params.id);
      if (!meeting.permissions.manage) throw new NotFoundError('No such meeting.');
      return sendEditForm(
        reply,
        ctx,
        meeting,
        meetingForm.opened(meetingValuesOf(meeting), meeting.version),
      );
    },
  );

  app.post(
    '/meetings/:id/edit',
    { schema: { params: IdParams, body: FormBody }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      const meeting = await meetings.get(actor, request.params.id);
      if (!meeting.permissions.manage) throw new NotFoundError('No such meeting.');
      return submitForm(reply, {
        form: meetingForm,
        body: request.body,
        t: ctx.t,
        write: async (values, version) =>
          meetings.update(
            actor,
            request.auditContext(),
            meeting.id,
            await checkedInput(ctx, values),
            version,
          ),
        check: (values) => mistakes(ctx, values),
        show: (state, status) => sendEditForm(reply, ctx, meeting, state, status),
        current: async () => {
          const stored = await meetings.get(actor, meeting.id);
          return { values: meetingValuesOf(stored), version: stored.version };
        },
        done: `${meetingHref(meeting.id)}?saved=meeting`,
      });
    },
  );

  app.get(
    '/meetings/:id/cancel',
    { schema: { params: IdParams }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const meeting = await meetings.get(requireActor(ctx.actor), request.params.id);
      if (!meeting.permissions.manage || meeting.status === 'cancelled')
        throw new NotFoundError('No such meeting.');
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={ctx.t('meetings.cancelTitle', { title: meeting.title })}>
          <form method="post" action={`${meetingHref(meeting.id)}/cancel`}>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="version" value={String(meeting.version)} />
            <p class="ecl-u-type-paragraph">{ctx.t('meetings.cancelConfirm')}</p>
            <div class="jh-actions">
              <Button>{ctx.t('meetings.cancelSubmit')}</Button>
              <a class="ecl-link ecl-link--standalone" href={meetingHref(meeting.id)}>
                {ctx.t('meetings.backToMeeting')}
              </a>
            </div>
          </form>
        </Layout>,
      );
    },
  );

  app.post(
    '/meetings/:id/cancel',
    { schema: { params: IdParams, body: PageForm }, config: page() },
    async (request, reply) =>
      buttonAction(reply, request.pageContext(), request.params.id, 'cancel', () =>
        meetings.cancel(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          versionOf(fieldOf(request.body, 'version')),
        ),
      ),
  );

  app.post(
    '/meetings/:id/response',
    { schema: { params: IdParams, body: PageForm }, config: page() },
    async (request, reply) =>
      childForm(reply, request.pageContext(), request.params.id, {
        name: 'response',
        form: responseForm,
        body: request.body,
        write: ({ response }) =>
          meetings.respond(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
            response === 'accepted' || response === 'declined' || response === 'tentative'
              ? response
              : 'needs-action',
          ),
      }),
  );

  app.post(
    '/meetings/:id/invitations',
    { schema: { params: IdParams, body: PageForm }, config: page() },
    async (request, reply) =>
      childForm(reply, request.pageContext(), request.params.id, {
        name: 'invite',
        form: inviteForm,
        body: request.body,
        write: ({ organisationIds }) =>
          meetings.invite(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
            organisationIds,
          ),
      }),
  );

  app.post(
    '/meetings/:id/invitations/send',
    { schema: { params: IdParams, body: PageForm }, config: page() },
    async (request, reply) => {
      const { queued } = await meetings.sendInvitations(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
      );
      return reply.redirect(urlWith(meetingHref(request.params.id), { queued }), 303);
    },
  );

  app.post(
    '/meetings/:id/invitations/:childId/remove',
    { schema: { params: ChildParams, body: PageForm }, config: page() },
    async (request, reply) =>
      buttonAction(reply, request.pageContext(), request.params.id, 'invite', () =>
        meetings.uninvite(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.params.childId,
        ),
      ),
  );

  app.post(
    '/meetings/:id/participants',
    { schema: { params: IdParams, body: PageForm }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const add = (input: ParticipantInput) =>
        meetings.addParticipant(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          input,
        );
      // Two forms post here: the attendee's names a user, the speaker's a person by name.
      return fieldOf(request.body, 'kind') === 'speaker'
        ? childForm(reply, ctx, request.params.id, {
            name: 'speaker',
            form: speakerForm,
            body: request.body,
            write: (values) => add({ kind: 'speaker', ...values }),
          })
        : childForm(reply, ctx, request.params.id, {
            name: 'attendee',
            form: attendeeForm,
            body: request.body,
            write: ({ userId }) => add({ kind: 'attendee', userId }),
          });
    },
  );

  removalRoutes('participants');
}
