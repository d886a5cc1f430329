import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../app/access.js';
import {
  errorResponses,
  expectedVersion,
  IfMatchHeader,
  pageOf,
  setVersionTag,
} from '../../app/http.js';
import { versionTagSent } from '../../app/openapi/declare.js';
import { toInput, type ActivityInput } from './scorecard.model.js';
import { scorecardPolicy } from './scorecard.policy.js';
import {
  ActivityChangesBody,
  ActivityOffersBody,
  ActivityOffersSchema,
  ActivityParams,
  ActivitySchema,
  AsOfQuery,
  NewActivityBody,
  ProgressBody,
  ProgressSchema,
  RevisionSchema,
  ScorecardQuery,
} from './scorecard.schema.js';

const tags = ['scorecard'];

/** A new activity's input: what the body leaves out takes the defaults of a fresh plan. */
export function newActivityInput(body: NewActivityBody): ActivityInput {
  return {
    description: '',
    participants: [],
    partners: [],
    tags: [],
    status: 'planned',
    assessment: null,
    assessmentReason: '',
    releasedToObservers: true,
    indicators: [],
    deliverables: [],
    ...body,
  };
}

export async function scorecardRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { scorecard } = app.services;

  app.get(
    '/api/scorecard',
    {
      schema: {
        summary: "The scorecard of joint activities: a year's activities, filtered and sorted",
        description:
          'With asOf, the scorecard as it stood at the end of that day. Observers see the activities released to them.',
        tags,
        querystring: ScorecardQuery,
        response: {
          200: Type.Intersect([
            pageOf(ActivitySchema),
            Type.Object({
              year: Type.Integer(),
              asOf: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
            }),
          ]),
          ...errorResponses(400, 401),
        },
      },
      config: { access: scorecardPolicy.read },
    },
    async (request) => {
      const year = request.query.year ?? (await scorecard.defaultYear());
      const page = await scorecard.list(requireActor(request.actor), { ...request.query, year });
      return { ...page, year };
    },
  );

  app.get(
    '/api/scorecard/years',
    {
      schema: {
        summary: 'The years that have agreed priorities or activities, latest first',
        tags,
        response: { 200: Type.Array(Type.Integer()), ...errorResponses(401) },
      },
      config: { access: scorecardPolicy.read },
    },
    async () => scorecard.years(),
  );

  app.post(
    '/api/activities',
    {
      schema: {
        summary: 'Add a joint activity to the scorecard',
        description:
          "Contact points add activities their own agency leads. Lines of action are codes of the year's agreed priorities.",
        tags,
        body: NewActivityBody,
        response: { 201: ActivitySchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: scorecardPolicy.write },
    },
    async (request, reply) => {
      const activity = await scorecard.create(
        requireActor(request.actor),
        request.auditContext(),
        newActivityInput(request.body),
      );
      setVersionTag(reply, activity.version);
      return reply.status(201).header('location', `/api/activities/${activity.id}`).send(activity);
    },
  );

  app.get(
    '/api/activities/:id',
    {
      schema: {
        summary: 'One activity, now or as it stood on a day',
        tags,
        params: ActivityParams,
        querystring: AsOfQuery,
        response: {
          200: versionTagSent(ActivitySchema, 'sometimes'),
          ...errorResponses(400, 401, 404),
        },
      },
      config: { access: scorecardPolicy.read },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      if (request.query.asOf) {
        return scorecard.getAsOf(actor, request.params.id, request.query.asOf);
      }
      const activity = await scorecard.get(actor, request.params.id);
      setVersionTag(reply, activity.version);
      return activity;
    },
  );

  app.patch(
    '/api/activities/:id',
    {
      schema: {
        summary: 'Change an activity',
        description:
          'Send If-Match with the ETag you read: a change based on an older version is refused with 412. Contact points change the activities their agency leads or joins; only administrators hand the lead to another agency.',
        tags,
        params: ActivityParams,
        headers: IfMatchHeader,
        body: ActivityChangesBody,
        response: { 200: ActivitySchema, ...errorResponses(400, 401, 404, 412, 428) },
      },
      config: { access: scorecardPolicy.write },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const version = expectedVersion(request);
      const current = await scorecard.get(actor, request.params.id);
      const activity = await scorecard.update(
        actor,
        request.auditContext(),
        current.id,
        { ...toInput(current), ...request.body },
        version,
      );
      setVersionTag(reply, activity.version);
      return activity;
    },
  );

  app.delete(
    '/api/activities/:id',
    {
      schema: {
        summary: 'Delete an activity and its history',
        description:
          'For an entry made by mistake. An activity that stops is cancelled instead, which keeps its history.',
        tags,
        params: ActivityParams,
        headers: IfMatchHeader,
        response: { 204: Type.Null(), ...errorResponses(401, 404, 412, 428) },
      },
      config: { access: scorecardPolicy.delete },
    },
    async (request, reply) => {
      await scorecard.delete(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        expectedVersion(request),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/activities/:id/updates',
    {
      schema: {
        summary: "An activity's progress updates, latest first",
        tags,
        params: ActivityParams,
        response: { 200: Type.Array(ProgressSchema), ...errorResponses(400, 401, 404) },
      },
      config: { access: scorecardPolicy.read },
    },
    async (request) => scorecard.progress(requireActor(request.actor), request.params.id),
  );

  app.post(
    '/api/activities/:id/updates',
    {
      schema: {
        summary: 'Post a progress update',
        description:
          "A dated update with what happened and any new status, assessment or indicator values. Send If-Match with the activity's ETag. The date may not be in the future nor before the activity's last change.",
        tags,
        params: ActivityParams,
        headers: IfMatchHeader,
        body: ProgressBody,
        response: { 201: ActivitySchema, ...errorResponses(400, 401, 404, 412, 428) },
      },
      config: { access: scorecardPolicy.write },
    },
    async (request, reply) => {
      const activity = await scorecard.postProgress(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.body,
        expectedVersion(request),
      );
      setVersionTag(reply, activity.version);
      return reply.status(201).send(activity);
    },
  );

  app.get(
    '/api/activities/:id/offers',
    {
      schema: {
        summary: 'The offers of the toolboxes an activity uses or contributes to',
        description:
          "Only the offers the reader may see: observers see the offers released to them. The ETag is the activity's.",
        tags,
        params: ActivityParams,
        response: {
          200: ActivityOffersSchema,
          ...errorResponses(400, 401, 404),
        },
      },
      config: { access: scorecardPolicy.read },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const activity = await scorecard.get(actor, request.params.id);
      setVersionTag(reply, activity.version);
      return { version: activity.version, offers: await scorecard.offers(actor, activity.id) };
    },
  );

  app.put(
    '/api/activities/:id/offers',
    {
      schema: {
        summary: 'Link an activity to the offers of the toolboxes it uses or contributes to',
        description:
          "The list replaces the activity's links. Send If-Match with the activity's ETag: the change is a new version of the activity. An id that names no offer the caller may see is refused with 400 and nothing is stored.",
        tags,
        params: ActivityParams,
        headers: IfMatchHeader,
        body: ActivityOffersBody,
        response: {
          200: ActivityOffersSchema,
          ...errorResponses(400, 401, 404, 412, 428),
        },
      },
      config: { access: scorecardPolicy.write },
    },
    async (request, reply) => {
      const linked = await scorecard.setOffers(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.body.offers,
        expectedVersion(request),
      );
      setVersionTag(reply, linked.version);
      return linked;
    },
  );

  app.get(
    '/api/activities/:id/revisions',
    {
      schema: {
        summary: 'Every version of an activity: when it took effect and why',
        tags,
        params: ActivityParams,
        response: { 200: Type.Array(RevisionSchema), ...errorResponses(400, 401, 404) },
      },
      config: { access: scorecardPolicy.read },
    },
    async (request) => scorecard.revisions(requireActor(request.actor), request.params.id),
  );
}
