import { documentsRoutes } from '../features/documents/documents.routes.js';
import { documentsPages } from '../features/documents/documents.pages.js';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { registerOpenApi } from './plugins/openapi.js';
import { answerClientError, answerError, registerErrorAnswers } from './plugins/error-answers.js';
import { cleanInput } from './plugins/clean-input.js';
import { dateFields } from './plugins/date-fields.js';
import { mediaTypes } from './plugins/media-types.js';
import { requestContext } from './plugins/request-context.js';
import { childLoggerFactory, genReqId } from './request-ids.js';
import { compileValidator } from './validation.js';
import { registerAssets } from './plugins/assets.js';
import { redactingLogger } from './log-redaction.js';
import { securityHeaderValues, securityHeaders } from './plugins/security-headers.js';
import type { Services } from './services.js';
import { healthRoutes } from './health.routes.js';
import { accountRoutes } from '../features/accounts/accounts.routes.js';
import { accountPages } from '../features/accounts/accounts.pages.js';
import { ssoRoutes } from '../features/accounts/sso/sso.routes.js';
import { ssoPages } from '../features/accounts/sso/sso.pages.js';
import { auditRoutes } from '../features/audit/audit.routes.js';
import { auditPages } from '../features/audit/audit.pages.js';
import { networkRoutes } from '../features/network/network.routes.js';
import { networkPages } from '../features/network/network.pages.js';
import { homePages } from '../features/home/home.pages.js';
import { registersPages } from '../features/home/registers.pages.js';
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
import { searchRoutes } from '../features/search/search.routes.js';
import { searchPages } from '../features/search/search.pages.js';
import { savedViewRoutes } from '../features/search/saved-views.routes.js';
import { savedViewPages } from '../features/search/saved-views.pages.js';
import { notificationsRoutes } from '../features/notifications/notifications.routes.js';
import { notificationsPages } from '../features/notifications/notifications.pages.js';
import { countUnreadForPages } from '../features/notifications/unread-count.js';
import { reportsRoutes } from '../features/reporting/reports.routes.js';
import { reportsPages } from '../features/reporting/reports.pages.js';
import { reportContributionsRoutes } from '../features/reporting/reports.contributions.routes.js';
import { toolboxesRoutes } from '../features/toolboxes/toolboxes.routes.js';
import { toolboxesPages } from '../features/toolboxes/toolboxes.pages.js';
import { trainingRoutes } from '../features/training/training.routes.js';
import { trainingPages } from '../features/training/training.pages.js';
import { productsRoutes } from '../features/products/products.routes.js';
import { catalogueRoutes } from '../features/products/catalogue.routes.js';
import { productsPages } from '../features/products/products.pages.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface ServerOptions {
  logger?: FastifyServerOptions['logger'];
}

/** Assembles the HTTP server: plugins, hooks, error handling, then each feature's routes. */
export async function buildServer(
  services: Services,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const production = services.config.environment === 'production';
  const app = Fastify({
    // Request URLs can carry secrets (calendar feed addresses, a token pasted into a query).
    logger: redactingLogger(options.logger ?? { level: services.config.logLevel }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: services.config.trustProxy,
    genReqId,
    childLoggerFactory,
    // Errors of the router (an address that is not UTF-8, a path part too long) and of Node's
    // HTTP parser are answered like every other error.
    frameworkErrors: (error, request, reply) => {
      reply.headers(securityHeaderValues(production));
      answerError(request, reply, error);
    },
    clientErrorHandler: answerClientError,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(compileValidator);

  app.decorate('services', services);
  await app.register(fastifyCookie);
  await mediaTypes(app);
  await cleanInput(app);
  await dateFields(app);
  await registerOpenApi(app);
  await requestContext(app);
  countUnreadForPages(app);
  await securityHeaders(app, production);
  registerErrorAnswers(app);

  await registerAssets(app);
  await app.register(healthRoutes);
  await app.register(accountRoutes);
  await app.register(accountPages);
  await app.register(ssoRoutes);
  await app.register(ssoPages);
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
  await app.register(registersPages);
  await app.register(legalPages);
  await app.register(apiDocsPages);
  await app.register(searchRoutes);
  await app.register(searchPages);
  await app.register(savedViewRoutes);
  await app.register(savedViewPages);
  await app.register(openApiRoutes);
  await app.register(notificationsRoutes);
  await app.register(notificationsPages);
  await app.register(reportsRoutes);
  await app.register(reportsPages);
  await app.register(reportContributionsRoutes);
  await app.register(toolboxesRoutes);
  await app.register(toolboxesPages);
  await app.register(trainingRoutes);
  await app.register(trainingPages);
  await app.register(productsRoutes);
  await app.register(catalogueRoutes);
  await app.register(productsPages);
  return app;
}
