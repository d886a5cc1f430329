import { documentsRoutes } from '../features/documents/documents.routes.js';
import { documentsPages } from '../features/documents/documents.pages.js';
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import { Ajv, type Options as AjvOptions } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, {
  type FastifyInstance,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { NotFoundError, TooManyRefusalsError } from './errors.js';
import { sendHtml } from './html/send-html.js';
import { ErrorPage } from './error-pages.js';
import { registerOpenApi } from './plugins/openapi.js';
import { toProblem, sendProblem } from './plugins/problems.js';
import { isPageRequest, requestContext } from './plugins/request-context.js';
import { registerAssets } from './plugins/assets.js';
import { redactingLogger } from './log-redaction.js';
import { securityHeaders } from './plugins/security-headers.js';
import type { Services } from './services.js';
import { healthRoutes } from './health.routes.js';
import { accountRoutes } from '../features/accounts/accounts.routes.js';
import { accountPages } from '../features/accounts/accounts.pages.js';
import { auditRoutes } from '../features/audit/audit.routes.js';
import { auditPages } from '../features/audit/audit.pages.js';
import { networkRoutes } from '../features/network/network.routes.js';
import { networkPages } from '../features/network/network.pages.js';
import { homePages } from '../features/home/home.pages.js';
import { prioritiesRoutes } from '../features/priorities/priorities.routes.js';
import { prioritiesPages } from '../features/priorities/priorities.pages.js';
import { prioritiesWorkflowRoutes } from '../features/priorities/priorities.workflow.routes.js';
import { prioritiesDraftingPages } from '../features/priorities/priorities.drafting.pages.js';
import { prioritiesConsultationPages } from '../features/priorities/priorities.consultation.pages.js';
import { prioritiesComparePages } from '../features/priorities/priorities.compare.pages.js';
import { scorecardRoutes } from '../features/scorecard/scorecard.routes.js';
import { scorecardTransferRoutes } from '../features/scorecard/scorecard.transfer.routes.js';
import { scorecardTransferPages } from '../features/scorecard/scorecard.transfer.pages.js';
import { scorecardViewsRoutes } from '../features/scorecard/scorecard.views.routes.js';
import { scorecardViewsPages } from '../features/scorecard/scorecard.views.pages.js';
import { scorecardPages } from '../features/scorecard/scorecard.pages.js';
import { legalPages } from '../features/legal/legal.pages.js';
import { meetingsRoutes } from '../features/meetings/meetings.routes.js';
import { meetingsPages } from '../features/meetings/meetings.pages.js';
import { apiDocsPages } from '../features/apidocs/apidocs.pages.js';
import { openApiRoutes } from '../features/apidocs/openapi.routes.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

const ajvBase: AjvOptions = { allErrors: false, useDefaults: true, removeAdditional: false };
// Bodies are JSON and must have the right types; query strings and paths are text and get coerced.
const bodyAjv = addFormats.default(new Ajv({ ...ajvBase, coerceTypes: false }));
const textAjv = addFormats.default(new Ajv({ ...ajvBase, coerceTypes: 'array' }));
for (const ajv of [bodyAjv, textAjv]) ajv.addKeyword('example');

/**
 * A refused request for a record (missing or hidden: one answer) is audited with the id that was
 * asked for, the same way for both, within the account's budget of refusals; past the budget the
 * answer is 429 and nothing is written.
 */
async function recordedRefusal(
  services: Services,
  request: FastifyRequest,
  error: Error,
): Promise<Error> {
  if (!(error instanceof NotFoundError) || !error.asked || !request.actor) return error;
  const refusal = await services.audit.recordRefusal(request.auditContext(), {
    action: 'access.not_found',
    targetType: error.asked.type,
    targetId: error.asked.id,
    changes: { route: `${request.method} ${request.routeOptions.url ?? ''}` },
  });
  return refusal.recorded ? error : new TooManyRefusalsError(refusal.retryAfterSeconds);
}

export interface ServerOptions {
  logger?: FastifyServerOptions['logger'];
}

const REQUEST_ID_PATTERN = /^[\w-]{8,64}$/;

/** Assembles the HTTP server: plugins, hooks, error handling, then each feature's routes. */
export async function buildServer(
  services: Services,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    // Request URLs can carry secrets (calendar feed addresses, a token pasted into a query).
    logger: redactingLogger(options.logger ?? { level: services.config.logLevel }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: services.config.trustProxy,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming)
        ? incoming
        : randomUUID();
    },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? bodyAjv.compile(schema) : textAjv.compile(schema),
  );

  app.decorate('services', services);
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await registerOpenApi(app);
  await requestContext(app);
  await securityHeaders(app, services.config.environment === 'production');

  app.setErrorHandler(async (thrown, request, reply) => {
    const error = await recordedRefusal(
      services,
      request,
      thrown instanceof Error ? thrown : new Error(String(thrown)),
    );
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    if (isPageRequest(request)) {
      return sendHtml(reply, ErrorPage({ ctx: request.pageContext(), problem }), problem.status);
    }
    return sendProblem(reply, problem, error);
  });

  app.setNotFoundHandler((request, reply) => {
    const problem = toProblem(
      Object.assign(new Error('The resource does not exist.'), {
        statusCode: 404,
        code: 'NOT_FOUND',
      }),
      request,
    );
    if (isPageRequest(request)) {
      return sendHtml(reply, ErrorPage({ ctx: request.pageContext(), problem }), 404);
    }
    return sendProblem(reply, problem);
  });

  await registerAssets(app);
  await app.register(healthRoutes);
  await app.register(accountRoutes);
  await app.register(accountPages);
  await app.register(networkRoutes);
  await app.register(networkPages);
  await app.register(auditRoutes);
  await app.register(auditPages);
  await app.register(prioritiesRoutes);
  await app.register(prioritiesWorkflowRoutes);
  await app.register(prioritiesPages);
  await app.register(prioritiesDraftingPages);
  await app.register(prioritiesConsultationPages);
  await app.register(prioritiesComparePages);
  await app.register(scorecardRoutes);
  await app.register(scorecardTransferRoutes);
  await app.register(scorecardTransferPages);
  await app.register(scorecardViewsRoutes);
  await app.register(scorecardViewsPages);
  await app.register(scorecardPages);
  await app.register(meetingsRoutes);
  await app.register(meetingsPages);
  await app.register(documentsRoutes);
  await app.register(documentsPages);
  await app.register(homePages);
  await app.register(legalPages);
  await app.register(apiDocsPages);
  await app.register(openApiRoutes);
  return app;
}
