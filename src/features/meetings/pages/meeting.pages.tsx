import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { h, type Child } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import {
  Button,
  CsrfField,
  DescriptionList,
  FormErrors,
  Notification,
  urlWith,
} from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import {
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../../app/errors.js';
import { mayCreateFor, meetingsPolicy } from '../meetings.policy.js';
import { meetingFileCalendar } from '../meetings.calendar.js';
import { sendCalendar } from '../meetings.routes.js';
import { DEFAULT_START_TIME, type MeetingDetail } from '../meetings.service.js';
import {
  MeetingForm,
  MeetingFormView,
  mergeErrors,
  meetingInput,
  submitted,
  toFormErrors,
  valuesOf,
  type MeetingValues,
} from '../views/meeting-form.js';
import { asList, meetingHref, placeText, When } from '../views/parts.js';
import {
  ChildForm,
  ChildParams,
  IdParams,
  meetingPageKit,
  page,
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
  const { organisations, sendDetail, childAction, removalRoutes } = meetingPageKit(app);

  async function sendForm(
    reply: FastifyReply,
    ctx: PageContext,
    options: {
      values: MeetingValues;
      errors: FieldError[];
      meeting?: MeetingDetail;
      status?: number;
      notices?: Child;
    },
  ): Promise<FastifyReply> {
    const actor = requireActor(ctx.actor);
    const orgs = await organisations();
    const hosts = orgs.filter((o) => o.kind === 'agency' && mayCreateFor(actor, o.id));
    const { meeting } = options;
    return sendHtml(
      reply,
      <Layout
        ctx={ctx}
        title={
          meeting ? ctx.t('meetings.editTitle', { title: meeting.title }) : ctx.t('meetings.new')
        }
        notices={options.notices}
      >
        <FormErrors ctx={ctx} errors={options.errors} />
        <MeetingFormView
          ctx={ctx}
          action={meeting ? `${meetingHref(meeting.id)}/edit` : '/meetings'}
          values={options.values}
          errors={options.errors}
          hosts={hosts}
          organisations={orgs.filter((o) => !meeting && o.id !== options.values.hostOrganisationId)}
          editing={meeting !== undefined}
        />
        <p>
          <a
            class="ecl-link ecl-link--standalone"
            href={meeting ? meetingHref(meeting.id) : '/meetings'}
          >
            {ctx.t('common.cancel')}
          </a>
        </p>
      </Layout>,
      options.status,
    );
  }

  app.get('/meetings/new', { config: page(meetingsPolicy.create) }, async (request, reply) => {
    const ctx = request.pageContext();
    const actor = requireActor(ctx.actor);
    return sendForm(reply, ctx, {
      values: {
        kind: 'network',
        title: '',
        description: '',
        hostOrganisationId: actor.role === 'contact' ? actor.organisationId : '',
        venue: '',
        city: '',
        timeZone: 'Europe/Lisbon',
        startDate: '',
        startTime: DEFAULT_START_TIME,
        endDate: '',
        endTime: '',
        capacity: '',
        // Nothing is ticked in advance: a click on a name invites, never un-invites.
        invited: [],
        version: '',
      },
      errors: [],
    });
  });

  app.post(
    '/meetings',
    { schema: { body: MeetingForm }, config: page(meetingsPolicy.create) },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      const values = submitted(request.body);
      const { input, errors } = meetingInput(ctx, values);
      if (errors.length > 0)
        return sendForm(reply, ctx, {
          values,
          errors: mergeErrors(errors, await meetings.check(actor, input)),
          status: 400,
        });
      try {
        const created = await meetings.create(actor, request.auditContext(), input);
        return await reply.redirect(`${meetingHref(created.id)}?saved=created`, 303);
      } catch (error) {
        if (error instanceof ValidationError)
          return sendForm(reply, ctx, {
            values,
            errors: toFormErrors(error.fieldErrors),
            status: 400,
          });
        throw error;
      }
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
      return sendForm(reply, ctx, { values: valuesOf(meeting), errors: [], meeting });
    },
  );

  app.post(
    '/meetings/:id/edit',
    { schema: { params: IdParams, body: MeetingForm }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      const meeting = await meetings.get(actor, request.params.id);
      if (!meeting.permissions.manage) throw new NotFoundError('No such meeting.');
      const values = { ...submitted(request.body), invited: meeting.invitations.map((o) => o.id) };
      const { input, errors } = meetingInput(ctx, values);
      if (errors.length > 0)
        return sendForm(reply, ctx, {
          values,
          errors: mergeErrors(errors, await meetings.check(actor, input)),
          meeting,
          status: 400,
        });
      try {
        await meetings.update(
          actor,
          request.auditContext(),
          meeting.id,
          input,
          versionOf(values.version),
        );
      } catch (error) {
        if (error instanceof ValidationError)
          return sendForm(reply, ctx, {
            values,
            errors: toFormErrors(error.fieldErrors),
            meeting,
            status: 400,
          });
        if (error instanceof StaleVersionError) {
          const current = await meetings.get(actor, meeting.id);
          return sendForm(reply, ctx, {
            values: { ...values, version: String(current.version) },
            errors: [],
            meeting: current,
            status: 409,
            notices: (
              <Notification variant="warning" title={ctx.t('error.conflict.title')}>
                <p>{ctx.t('error.conflict.body')}</p>
                <DescriptionList
                  items={[
                    [ctx.t('meetings.field.title'), current.title],
                    [ctx.t('meetings.when'), <When ctx={ctx} meeting={current} />],
                    [ctx.t('meetings.where'), placeText(current)],
                  ]}
                />
              </Notification>
            ),
          });
        }
        throw error;
      }
      return reply.redirect(`${meetingHref(meeting.id)}?saved=meeting`, 303);
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
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) =>
      childAction(reply, request.pageContext(), request.params.id, 'cancel', request.body, () =>
        meetings.cancel(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          versionOf(request.body.version),
        ),
      ),
  );

  app.post(
    '/meetings/:id/response',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) => {
      const response = request.body.response;
      return childAction(
        reply,
        request.pageContext(),
        request.params.id,
        'response',
        request.body,
        () =>
          meetings.respond(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
            response === 'accepted' || response === 'declined' || response === 'tentative'
              ? response
              : 'needs-action',
          ),
      );
    },
  );

  app.post(
    '/meetings/:id/invitations',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) =>
      childAction(reply, request.pageContext(), request.params.id, 'invite', request.body, () =>
        meetings.invite(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          asList(request.body.organisationIds),
        ),
      ),
  );

  app.post(
    '/meetings/:id/invitations/send',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
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
    { schema: { params: ChildParams, body: ChildForm }, config: page() },
    async (request, reply) =>
      childAction(reply, request.pageContext(), request.params.id, 'invite', request.body, () =>
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
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) => {
      const body = request.body;
      const speaker = body.kind === 'speaker';
      return childAction(
        reply,
        request.pageContext(),
        request.params.id,
        speaker ? 'speaker' : 'attendee',
        body,
        () =>
          meetings.addParticipant(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
            {
              kind: speaker ? 'speaker' : 'attendee',
              userId: body.userId,
              name: body.name,
              email: body.email,
              affiliation: body.affiliation,
              topic: body.topic,
            },
          ),
      );
    },
  );

  removalRoutes('participants');
}
