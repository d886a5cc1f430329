import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { anyone, inSession, requireActor, signedIn } from '../../app/access.js';
import { NotFoundError } from '../../app/errors.js';
import {
  IfMatchHeader,
  errorResponses,
  expectedVersion,
  pageOf,
  setVersionTag,
} from '../../app/http.js';
import { textResponse } from '../../app/openapi/declare.js';
import { meetingsCalendar } from './meetings.calendar.js';
import { meetingsPolicy } from './meetings.policy.js';
import {
  ActionPointBody,
  ActionPointSchema,
  ActionPointChangesBody,
  AgendaItemBody,
  CalendarFeedSchema,
  CalendarFeedUrlsSchema,
  DecisionBody,
  InviteBody,
  MeetingChangesBody,
  MeetingChildParams,
  MeetingDetailSchema,
  MeetingListQuery,
  MeetingParams,
  MeetingSummarySchema,
  NewMeetingBody,
  OutcomesBody,
  ParticipantBody,
  ResponseBody,
} from './meetings.schema.js';
import type { MeetingDetail } from './meetings.service.js';

const tags = ['meetings'];

/** Calendar files: never cached by a proxy, since each is cut to its reader. */
export function sendCalendar(reply: FastifyReply, body: string, filename?: string): FastifyReply {
  reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, no-store');
  if (filename) reply.header('content-disposition', `attachment; filename="${filename}"`);
  return reply.send(body);
}

export const FeedParams = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 100 }),
  feed: Type.Union([Type.Literal('network.ics'), Type.Literal('personal.ics')]),
});

export function feedUrls(publicUrl: string, token: string) {
  return {
    networkUrl: `${publicUrl}/calendar/${token}/network.ics`,
    personalUrl: `${publicUrl}/calendar/${token}/personal.ics`,
  };
}

export async function meetingsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { meetings, calendarFeeds, config } = app.services;
  const withTag = (reply: FastifyReply, meeting: MeetingDetail) => {
    setVersionTag(reply, meeting.version);
    return meeting;
  };
  const detail = { 200: MeetingDetailSchema, ...errorResponses(400, 401, 404, 409) };
  const versioned = {
    200: MeetingDetailSchema,
    ...errorResponses(400, 401, 404, 409, 412, 428),
  };

  app.get(
    '/api/meetings',
    {
      schema: {
        summary: 'The meetings you may see',
        description:
          'Administrators see every meeting; others the meetings their organisation hosts or is invited to.',
        tags,
        querystring: MeetingListQuery,
        response: { 200: pageOf(MeetingSummarySchema), ...errorResponses(400, 401) },
      },
      config: { access: meetingsPolicy.read },
    },
    async (request) => meetings.list(requireActor(request.actor), request.query),
  );

  app.post(
    '/api/meetings',
    {
      schema: {
        summary: 'Schedule a meeting',
        description:
          'Times are wall-clock times at the venue, in its IANA time zone. Contact points schedule meetings hosted by their own agency.',
        tags,
        body: NewMeetingBody,
        response: { 201: MeetingDetailSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: meetingsPolicy.create },
    },
    async (request, reply) => {
      const meeting = await meetings.create(
        requireActor(request.actor),
        request.auditContext(),
        request.body,
      );
      setVersionTag(reply, meeting.version);
      return reply.status(201).send(meeting);
    },
  );

  app.get(
    '/api/meetings/:id',
    {
      schema: {
        summary: 'One meeting with its invitations, participants, agenda and outcomes',
        tags,
        params: MeetingParams,
        response: { 200: MeetingDetailSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(reply, await meetings.get(requireActor(request.actor), request.params.id)),
  );

  app.patch(
    '/api/meetings/:id',
    {
      schema: {
        summary: 'Change a meeting',
        description:
          'Raises the iCalendar SEQUENCE; once invitations were sent, everyone invited gets an update.',
        tags,
        params: MeetingParams,
        headers: IfMatchHeader,
        body: MeetingChangesBody,
        response: versioned,
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await meetings.update(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.body,
          expectedVersion(request),
        ),
      ),
  );

  app.post(
    '/api/meetings/:id/cancel',
    {
      schema: {
        summary: 'Cancel a meeting',
        description: 'Once invitations were sent, everyone invited gets a cancellation.',
        tags,
        params: MeetingParams,
        headers: IfMatchHeader,
        response: versioned,
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await meetings.cancel(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          expectedVersion(request),
        ),
      ),
  );

  app.post(
    '/api/meetings/:id/invitations',
    {
      schema: {
        summary: 'Invite agencies and bodies',
        tags,
        params: MeetingParams,
        body: InviteBody,
        response: detail,
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await meetings.invite(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.body.organisationIds,
        ),
      ),
  );

  app.delete(
    '/api/meetings/:id/invitations/:childId',
    {
      schema: {
        summary: 'Withdraw the invitation of an agency or body',
        tags,
        params: MeetingChildParams,
        response: detail,
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await meetings.uninvite(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.params.childId,
        ),
      ),
  );

  app.post(
    '/api/meetings/:id/invitations/send',
    {
      schema: {
        summary: 'E-mail the invitation, with the iCalendar request, to everyone invited',
        tags,
        params: MeetingParams,
        response: {
          202: Type.Object({ queued: Type.Integer() }),
          ...errorResponses(401, 404, 409),
        },
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await meetings.sendInvitations(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
          ),
        ),
  );

  app.post(
    '/api/meetings/:id/participants',
    {
      schema: {
        summary: 'Add a named attendee (a user of an invited organisation) or an external speaker',
        tags,
        params: MeetingParams,
        body: ParticipantBody,
        response: detail,
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await meetings.addParticipant(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.body,
        ),
      ),
  );

  app.delete(
    '/api/meetings/:id/participants/:childId',
    {
      schema: {
        summary: 'Remove a participant',
        tags,
        params: MeetingChildParams,
        response: detail,
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await meetings.removeParticipant(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.params.childId,
        ),
      ),
  );

  app.put(
    '/api/meetings/:id/response',
    {
      schema: {
        summary: 'Answer an invitation: accepted, declined or tentative',
        tags,
        params: MeetingParams,
        body: ResponseBody,
        response: detail,
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await meetings.respond(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.body.response,
        ),
      ),
  );

  app.post(
    '/api/meetings/:id/agenda',
    {
      schema: {
        operationId: 'addMeetingAgendaItem',
        summary: 'Add an agenda item',
        description: 'The item must fall within the meeting; items are kept in time order.',
        tags,
        params: MeetingParams,
        body: AgendaItemBody,
        response: detail,
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await meetings.addAgendaItem(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.body,
        ),
      ),
  );

  app.delete(
    '/api/meetings/:id/agenda/:childId',
    {
      schema: {
        operationId: 'deleteMeetingAgendaItem',
        summary: 'Remove an agenda item',
        tags,
        params: MeetingChildParams,
        response: detail,
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await meetings.removeAgendaItem(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.params.childId,
        ),
      ),
  );

  app.post(
    '/api/meetings/:id/agenda/publish',
    {
      schema: {
        summary: 'Publish the agenda to everyone who may see the meeting',
        tags,
        params: MeetingParams,
        response: detail,
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await meetings.publishAgenda(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
        ),
      ),
  );

  app.put(
    '/api/meetings/:id/outcomes',
    {
      schema: {
        summary: "Record the minutes and the meeting report, flagged for the year's final report",
        tags,
        params: MeetingParams,
        headers: IfMatchHeader,
        body: OutcomesBody,
        response: versioned,
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await meetings.updateOutcomes(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.body,
          expectedVersion(request),
        ),
      ),
  );

  app.post(
    '/api/meetings/:id/decisions',
    {
      schema: {
        summary: 'Record a decision',
        tags,
        params: MeetingParams,
        body: DecisionBody,
        response: detail,
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) =>
      withTag(
        reply,
        await meetings.addDecision(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.body.text,
        ),
      ),
  );

  app.post(
    '/api/meetings/:id/action-points',
    {
      schema: {
        summary: 'Record an action point, owned by the host or an invited organisation',
        tags,
        params: MeetingParams,
        body: ActionPointBody,
        response: { 201: ActionPointSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) => {
      const point = await meetings.addActionPoint(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.body,
      );
      setVersionTag(reply, point.version);
      return reply.status(201).send(point);
    },
  );

  app.patch(
    '/api/meetings/:id/action-points/:childId',
    {
      schema: {
        summary: 'Mark an action point done or open again, or link it to a scorecard activity',
        description:
          "The meeting's managers and the owner agency's contact points may. activityId links the action point to the scorecard activity that carries it out (one you may read); null unlinks. To turn an action point into an activity, create the activity (POST /api/activities) and link it.",
        tags,
        params: MeetingChildParams,
        headers: IfMatchHeader,
        body: ActionPointChangesBody,
        response: { 200: ActionPointSchema, ...errorResponses(400, 401, 404, 412, 428) },
      },
      config: { access: meetingsPolicy.read },
    },
    async (request, reply) => {
      const point = await meetings.updateActionPoint(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.params.childId,
        request.body,
        expectedVersion(request),
      );
      setVersionTag(reply, point.version);
      return point;
    },
  );

  app.get(
    '/api/action-points/mine',
    {
      schema: {
        operationId: 'getMyActionPoints',
        summary: 'Open action points of your organisation, earliest due first',
        tags,
        response: {
          200: Type.Array(
            Type.Intersect([ActionPointSchema, Type.Object({ meetingTitle: Type.String() })]),
          ),
          ...errorResponses(401),
        },
      },
      config: { access: signedIn },
    },
    async (request) => meetings.openActionPointsOf(requireActor(request.actor)),
  );

  app.get(
    '/api/calendar-feed',
    {
      schema: {
        summary: 'Whether you have a calendar feed address, and when it was last read',
        tags,
        response: { 200: CalendarFeedSchema, ...errorResponses(401) },
      },
      config: { access: signedIn },
    },
    async (request) => {
      const status = await calendarFeeds.status(requireActor(request.actor).userId);
      return {
        active: status !== null,
        createdAt: status?.createdAt ?? null,
        lastUsedAt: status?.lastUsedAt ?? null,
      };
    },
  );

  app.post(
    '/api/calendar-feed',
    {
      schema: {
        summary: 'Make new secret feed addresses, ending the old ones',
        description:
          'Calendar programs subscribe to these addresses; anyone who has one reads your meetings, so keep them private.',
        tags,
        response: { 201: CalendarFeedUrlsSchema, ...errorResponses(401) },
      },
      // The address is a credential: made in a browser session only, never with an API token.
      config: { access: inSession },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const token = await calendarFeeds.renew(request.auditContext(), actor.userId);
      return reply.status(201).send(feedUrls(config.publicUrl, token));
    },
  );

  app.delete(
    '/api/calendar-feed',
    {
      schema: {
        summary: 'Revoke your feed addresses',
        tags,
        response: { 204: Type.Null(), ...errorResponses(401) },
      },
      config: { access: signedIn },
    },
    async (request, reply) => {
      await calendarFeeds.revoke(request.auditContext(), requireActor(request.actor).userId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/calendar/:token/:feed',
    {
      schema: {
        operationId: 'getCalendarFeedFile',
        summary: 'A calendar feed by its secret address',
        description:
          'network.ics holds every meeting the owner may see; personal.ics those the owner takes part in and has not declined.',
        tags,
        params: FeedParams,
        response: { 200: textResponse('The calendar (iCalendar, RFC 5545)', 'text/calendar') },
      },
      // The secret in the address is the credential: calendar programs cannot sign in.
      config: { access: anyone },
    },
    async (request, reply) => {
      const viewer = await calendarFeeds.resolve(request.params.token);
      if (!viewer) throw new NotFoundError('No such calendar feed.');
      const personal = request.params.feed === 'personal.ics';
      const list = personal ? await meetings.personal(viewer) : await meetings.between(viewer);
      return sendCalendar(
        reply,
        meetingsCalendar(
          personal ? 'My JHA network meetings' : 'JHA agencies network',
          list,
          config.publicUrl,
          config.mail.organiser,
        ),
      );
    },
  );
}
