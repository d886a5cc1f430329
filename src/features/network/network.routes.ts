import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../app/errors.js';
import { IfMatchHeader, errorResponses, expectedVersion, setVersionTag } from '../../app/http.js';
import type { OrganisationKind } from '../../db/schema.js';
import { networkPolicy } from './network.policy.js';
import {
  ChairYearBody,
  ChairYearParams,
  ChairYearSchema,
  NewOrganisationBody,
  OrganisationChangesBody,
  OrganisationDetailSchema,
  OrganisationListQuery,
  OrganisationListSchema,
  OrganisationParams,
} from './network.schema.js';

const tags = ['network'];

export async function networkRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { network } = app.services;

  const lists: [string, OrganisationKind, string][] = [
    ['/api/agencies', 'agency', 'The member agencies of the network'],
    ['/api/bodies', 'body', 'The partners and stakeholders of the network'],
  ];
  for (const [url, kind, summary] of lists) {
    app.get(
      url,
      {
        schema: {
          summary,
          tags,
          querystring: OrganisationListQuery,
          response: { 200: OrganisationListSchema, ...errorResponses(400, 401) },
        },
        config: { access: networkPolicy.read },
      },
      async (request) => {
        const items = await network.list(kind, request.query);
        return { items, total: items.length };
      },
    );
    app.get(
      `${url}/:id`,
      {
        schema: {
          summary: `One of ${summary.toLowerCase()}, with its name history`,
          tags,
          params: OrganisationParams,
          response: { 200: OrganisationDetailSchema, ...errorResponses(401, 404) },
        },
        config: { access: networkPolicy.read },
      },
      async (request, reply) => {
        const organisation = await network.get(request.params.id);
        if (organisation.kind !== kind) throw new NotFoundError('No such agency or body.');
        setVersionTag(reply, organisation.version);
        return organisation;
      },
    );
    app.patch(
      `${url}/:id`,
      {
        schema: {
          summary: 'Change an entry of the registry',
          description:
            'With renamedOn, a new name or acronym keeps the old one in the name history.',
          tags,
          params: OrganisationParams,
          headers: IfMatchHeader,
          body: OrganisationChangesBody,
          response: { 200: OrganisationDetailSchema, ...errorResponses(400, 401, 404, 412, 428) },
        },
        config: { access: networkPolicy.edit },
      },
      async (request, reply) => {
        const current = await network.get(request.params.id);
        if (current.kind !== kind) throw new NotFoundError('No such agency or body.');
        const organisation = await network.update(
          request.auditContext(),
          current.id,
          request.body,
          expectedVersion(request),
        );
        setVersionTag(reply, organisation.version);
        return organisation;
      },
    );
  }

  app.post(
    '/api/organisations',
    {
      schema: {
        summary: 'Add an agency or body to the registry',
        tags,
        body: NewOrganisationBody,
        response: { 201: OrganisationDetailSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: networkPolicy.edit },
    },
    async (request, reply) => {
      const organisation = await network.create(request.auditContext(), request.body);
      setVersionTag(reply, organisation.version);
      return reply.status(201).send(organisation);
    },
  );

  app.get(
    '/api/chairs',
    {
      schema: {
        summary: 'Who chaired the network each year, latest first',
        tags,
        response: { 200: Type.Array(ChairYearSchema), ...errorResponses(401) },
      },
      config: { access: networkPolicy.read },
    },
    async () => network.chairYears(),
  );

  app.put(
    '/api/chairs/:year',
    {
      schema: {
        summary: 'Record the chair of a year',
        description: 'Changing a year already recorded needs If-Match with its version.',
        tags,
        params: ChairYearParams,
        headers: IfMatchHeader,
        body: ChairYearBody,
        response: { 200: ChairYearSchema, ...errorResponses(400, 401, 404, 412, 428) },
      },
      config: { access: networkPolicy.edit },
    },
    async (request, reply) => {
      const existing = await network.chairOf(request.params.year);
      const chair = await network.setChair(
        request.auditContext(),
        request.params.year,
        request.body,
        existing ? expectedVersion(request) : undefined,
      );
      setVersionTag(reply, chair.version);
      return chair;
    },
  );
}
