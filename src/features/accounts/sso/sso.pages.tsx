import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { anyone } from '../../../app/access.js';
import { NotFoundError } from '../../../app/errors.js';
import { h } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { Notification } from '../../../app/html/components.js';
import { cookieOptions, useSecureCookies } from '../../../app/plugins/request-context.js';
import { sameOriginPath } from '../../../app/redirect-target.js';
import { LoginPage } from '../pages/login.pages.js';
import { loginForm } from '../forms/password.form.js';
import { ATTEMPT_MINUTES, SsoRefusedError } from './sso.service.js';
import { secondStepPath } from '../login.js';
import { setSignInCookie } from '../second-factor/second-factor.routes.js';

/** The browser's side of an attempt: sent back only to the callback paths. */
const ATTEMPT_COOKIE = 'jhanet_sso';
const ATTEMPT_COOKIE_PATH = '/login/sso/';

const ProviderParams = Type.Object({
  provider: Type.String({ minLength: 1, maxLength: 32 }),
});

const StartQuery = Type.Object(
  { next: Type.Optional(Type.String({ maxLength: 2048 })) },
  { additionalProperties: false },
);

/** What providers send back; other parameters they may add are read by openid-client. */
const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4096 })),
  state: Type.Optional(Type.String({ maxLength: 512 })),
  iss: Type.Optional(Type.String({ maxLength: 2000 })),
  error: Type.Optional(Type.String({ maxLength: 200 })),
  error_description: Type.Optional(Type.String({ maxLength: 2000 })),
  session_state: Type.Optional(Type.String({ maxLength: 512 })),
});

/** Single sign-on pages: the redirect to the provider and its callback. */
export async function ssoPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { sso, config } = app.services;
  const secureCookies = useSecureCookies(config);

  const refusedPage = (ctx: PageContext, reply: FastifyReply, text: string, status: number) =>
    sendHtml(
      reply,
      <LoginPage
        ctx={ctx}
        next="/"
        state={{ values: loginForm.initial(), errors: [] }}
        message={<Notification variant="error">{text}</Notification>}
        providers={sso.providers}
      />,
      status,
    );

  app.get(
    '/login/sso/:provider',
    {
      schema: { params: ProviderParams, querystring: StartQuery },
      config: { access: anyone, page: true },
    },
    async (request, reply) => {
      if (request.actor) return reply.redirect('/', 303);
      if (!sso.provider(request.params.provider)) throw new NotFoundError();
      const ctx = request.pageContext();
      try {
        const started = await sso.start(
          request.params.provider,
          sameOriginPath(request.query.next, config.publicUrl),
        );
        reply.setCookie(ATTEMPT_COOKIE, started.attemptSecret, {
          ...cookieOptions(secureCookies, ATTEMPT_MINUTES * 60),
          path: ATTEMPT_COOKIE_PATH,
        });
        return await reply.redirect(started.authorizationUrl, 303);
      } catch (error) {
        if (!(error instanceof SsoRefusedError)) throw error;
        return refusedPage(ctx, reply, ctx.t('sso.unreachable'), 503);
      }
    },
  );

  app.get(
    '/login/sso/:provider/callback',
    {
      schema: { params: ProviderParams, querystring: CallbackQuery },
      config: { access: anyone, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const rawUrl = request.raw.url ?? '';
      const query = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?')) : '';
      reply.clearCookie(ATTEMPT_COOKIE, {
        ...cookieOptions(secureCookies),
        path: ATTEMPT_COOKIE_PATH,
      });
      try {
        const session = await sso.complete(
          request.params.provider,
          request.cookies[ATTEMPT_COOKIE],
          query,
          { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' },
          request.auditContext(),
        );
        setSignInCookie(app, request, reply, session);
        return await reply.redirect(
          session.kind === 'session'
            ? session.nextPath
            : secondStepPath(session.stage, session.nextPath),
          303,
        );
      } catch (error) {
        if (!(error instanceof SsoRefusedError)) throw error;
        const text =
          error.reason === 'provider_unreachable'
            ? ctx.t('sso.unreachable')
            : error.reason === 'attempt_unknown' || error.reason === 'verification_failed'
              ? ctx.t('sso.startAgain')
              : ctx.t('sso.refused');
        return refusedPage(ctx, reply, text, 401);
      }
    },
  );
}
