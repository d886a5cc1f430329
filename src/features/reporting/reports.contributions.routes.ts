import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { administrators, hasRole, requireActor, signedIn } from '../../app/access.js';
import { NotFoundError } from '../../app/errors.js';
import { IfMatchHeader, errorResponses, expectedVersion, setVersionTag } from '../../app/http.js';
import {
  ContributionParams,
  ContributionRequestBody,
  ContributionSchema,
  ContributionTextBody,
  ReportRequestsSchema,
  SignoffAgencyParams,
  SignoffAgencySchema,
  SignoffAnswerBody,
  SignoffProcedureBody,
  SignoffSchema,
} from './reports.contributions.schema.js';
import { ReportIdParams, ReportSchema } from './reports.schema.js';
import type { SignoffView } from './reports.signoff.service.js';

const tags = ['reports'];

/**
 * Who may do what with contributions and sign-off. The services narrow further: a contact point
 * reads and answers only their own agency's requests, and anything else answers 404.
 */
export const contributionsPolicy = {
  read: signedIn,
  ask: administrators,
  write: hasRole('contact'),
  answer: hasRole('admin', 'contact'),
} as const;

const presentSignoff = (view: SignoffView): Static<typeof SignoffSchema> => ({
  ...view,
  document: view.document as Static<typeof SignoffSchema>['document'],
});

/** Contributions of the member agencies to a draft report, and their sign-off of the final text. */
export async function reportContributionsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { reports, reportContributions: contributions, reportSignoffs: signoffs } = app.services;

  app.get(
    '/api/report-requests',
    {
      schema: {
        summary: "What waits for the caller's agency: contributions to write, sign-offs to give",
        description: 'Empty for anyone but a contact point.',
        tags,
        response: { 200: ReportRequestsSchema },
      },
      config: { access: contributionsPolicy.read },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      return {
        contributions: await contributions.waiting(actor),
        signoffs: await signoffs.waiting(actor),
      };
    },
  );

  app.get(
    '/api/reports/:id/contributions',
    {
      schema: {
        summary: "A report's contribution requests, with their status",
        description:
          "The secretariat reads every request; a contact point their agency's; anyone else 404.",
        tags,
        params: ReportIdParams,
        response: { 200: Type.Array(ContributionSchema) },
      },
      config: { access: contributionsPolicy.read },
    },
    async (request) => contributions.ofReport(requireActor(request.actor), request.params.id),
  );

  app.post(
    '/api/reports/:id/contributions',
    {
      schema: {
        summary: 'Ask member agencies for a contribution to a section, by a day',
        description: 'One request per agency; only while the report is a draft.',
        tags,
        params: ReportIdParams,
        body: ContributionRequestBody,
        response: { 201: Type.Array(ContributionSchema), ...errorResponses(409) },
      },
      config: { access: contributionsPolicy.ask },
    },
    async (request, reply) => {
      const asked = await contributions.request(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.body,
      );
      return reply.status(201).send(asked);
    },
  );

  app.get(
    '/api/reports/:id/contributions/:contributionId',
    {
      schema: {
        summary: 'A contribution request',
        tags,
        params: ContributionParams,
        response: { 200: ContributionSchema },
      },
      config: { access: contributionsPolicy.read },
    },
    async (request, reply) => {
      const found = await contributions.get(
        requireActor(request.actor),
        request.params.id,
        request.params.contributionId,
      );
      setVersionTag(reply, found.version);
      return found;
    },
  );

  app.put(
    '/api/reports/:id/contributions/:contributionId/text',
    {
      schema: {
        summary: "Write the agency's contribution",
        description: 'The contact point of the agency asked, until it is submitted.',
        tags,
        params: ContributionParams,
        headers: IfMatchHeader,
        body: ContributionTextBody,
        response: { 200: ContributionSchema, ...errorResponses(409, 428) },
      },
      config: { access: contributionsPolicy.write },
    },
    async (request, reply) => {
      const written = await contributions.write(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.params.contributionId,
        request.body,
        expectedVersion(request),
      );
      setVersionTag(reply, written.version);
      return written;
    },
  );

  app.post(
    '/api/reports/:id/contributions/:contributionId/submit',
    {
      schema: {
        summary: 'Submit the contribution to the secretariat',
        description: 'Its text no longer changes afterwards.',
        tags,
        params: ContributionParams,
        headers: IfMatchHeader,
        response: { 200: ContributionSchema, ...errorResponses(409, 428) },
      },
      config: { access: contributionsPolicy.write },
    },
    async (request, reply) => {
      const submitted = await contributions.submit(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.params.contributionId,
        expectedVersion(request),
      );
      setVersionTag(reply, submitted.version);
      return submitted;
    },
  );

  app.post(
    '/api/reports/:id/contributions/:contributionId/accept',
    {
      schema: {
        summary: 'Accept a submitted contribution into its section',
        description:
          "The section then shows it as a subsection under the agency's name; the report's version rises.",
        tags,
        params: ContributionParams,
        headers: IfMatchHeader,
        response: { 200: ContributionSchema, ...errorResponses(409, 428) },
      },
      config: { access: contributionsPolicy.ask },
    },
    async (request, reply) => {
      const accepted = await contributions.accept(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.params.contributionId,
        expectedVersion(request),
      );
      setVersionTag(reply, accepted.version);
      return accepted;
    },
  );

  app.get(
    '/api/reports/:id/signoff',
    {
      schema: {
        summary: "The member agencies' sign-off of a report",
        description:
          "The secretariat sees every agency and what blocks sending; a contact point their agency's answer and the finalised text; anyone else 404.",
        tags,
        params: ReportIdParams,
        response: { 200: SignoffSchema },
      },
      config: { access: contributionsPolicy.read },
    },
    async (request, reply) => {
      const view = await signoffs.get(requireActor(request.actor), request.params.id);
      setVersionTag(reply, view.version);
      return presentSignoff(view);
    },
  );

  app.put(
    '/api/reports/:id/signoff',
    {
      schema: {
        summary: "Set the report's sign-off procedure and deadline",
        description:
          "Asks every member agency not asked yet. If-Match with the report's version, which rises.",
        tags,
        params: ReportIdParams,
        headers: IfMatchHeader,
        body: SignoffProcedureBody,
        response: { 200: SignoffSchema, ...errorResponses(409, 428) },
      },
      config: { access: contributionsPolicy.ask },
    },
    async (request, reply) => {
      const view = await signoffs.setProcedure(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.body,
        expectedVersion(request),
      );
      setVersionTag(reply, view.version);
      return presentSignoff(view);
    },
  );

  app.put(
    '/api/reports/:id/signoff/:organisationId',
    {
      schema: {
        operationId: 'answerReportSignoff',
        summary: 'Approve the finalised text for an agency, or object with a comment',
        description:
          "By the agency's contact point, or recorded by the secretariat; by the deadline. If-Match with the agency's answer version.",
        tags,
        params: SignoffAgencyParams,
        headers: IfMatchHeader,
        body: SignoffAnswerBody,
        response: { 200: SignoffAgencySchema, ...errorResponses(409, 428) },
      },
      config: { access: contributionsPolicy.answer },
    },
    async (request, reply) => {
      const view = await signoffs.answer(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.params.organisationId,
        request.body,
        expectedVersion(request),
      );
      const own = view.agencies.find((a) => a.organisationId === request.params.organisationId);
      if (!own) throw new NotFoundError('No such sign-off.');
      setVersionTag(reply, own.version);
      return own;
    },
  );

  app.post(
    '/api/reports/:id/reopen',
    {
      schema: {
        summary: 'Open a finalised report again for changes',
        description:
          'Its frozen text and hash are set aside; answers given on that hash no longer count once it is finalised anew.',
        tags,
        params: ReportIdParams,
        headers: IfMatchHeader,
        response: { 200: ReportSchema, ...errorResponses(409, 428) },
      },
      config: { access: contributionsPolicy.ask },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      await signoffs.reopen(
        actor,
        request.auditContext(),
        request.params.id,
        expectedVersion(request),
      );
      const report = await reports.get(actor, request.params.id);
      setVersionTag(reply, report.version);
      return { ...report, document: report.document as Static<typeof ReportSchema>['document'] };
    },
  );
}
