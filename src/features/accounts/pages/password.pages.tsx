import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { anyone, requireActor } from '../../../app/access.js';
import { TooManyRequestsError, ValidationError, type FieldError } from '../../../app/errors.js';
import { FormBody } from '../../../app/forms/body.js';
import { submitForm } from '../../../app/forms/submit.js';
import { h } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { Layout } from '../../../app/html/layout.js';
import { Notification } from '../../../app/html/components.js';
import { formatDateTime } from '../../../app/i18n/format.js';
import { AccountLockedError, normaliseEmail } from '../login.js';
import { RESET_LINK_MINUTES, ResetLinkInvalidError } from '../passwords.js';
import { ResetTokenParams } from '../password.schema.js';
import { usersPolicy } from '../users.policy.js';
import {
  changePasswordForm,
  confirmationErrors,
  forgotPasswordForm,
  resetPasswordForm,
} from '../forms/password.form.js';
import { ChangePage, ForgotPage, InvalidLinkPage, ResetPage } from '../views/password.views.js';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ChangeQuery = Type.Object(
  { done: Type.Optional(Type.Literal('1')) },
  { additionalProperties: false },
);

/**
 * Pages with a password form or a reset link's secret in their address are kept by no cache;
 * the site-wide referrer policy already keeps the address from other hosts.
 */
function keepPrivate(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}

/** Refuses a form's values with every error found, before anything is tried. */
function refuseIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw new ValidationError(errors);
}

/** Changing one's own password, and resetting a forgotten one with a link sent by e-mail. */
export async function passwordPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { passwords } = app.services;

  app.get(
    '/account/password',
    {
      schema: { querystring: ChangeQuery },
      config: { access: usersPolicy.changeOwnPassword, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const notice = request.query.done ? (
        <Notification variant="success">{ctx.t('password.change.done')}</Notification>
      ) : undefined;
      const state = { values: changePasswordForm.initial(), errors: [] };
      return sendHtml(keepPrivate(reply), <ChangePage ctx={ctx} state={state} notice={notice} />);
    },
  );

  app.post(
    '/account/password',
    { schema: { body: FormBody }, config: { access: usersPolicy.changeOwnPassword, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      return submitForm(keepPrivate(reply), {
        form: changePasswordForm,
        body: request.body,
        t,
        write: async ({ currentPassword, newPassword, confirmPassword }) => {
          refuseIfAny([
            ...(currentPassword === ''
              ? [{ field: 'currentPassword', message: t('login.passwordRequired') }]
              : []),
            ...confirmationErrors(t, 'newPassword', newPassword, confirmPassword, currentPassword),
          ]);
          try {
            await passwords.change(requireActor(request.actor), request.auditContext(), {
              currentPassword,
              newPassword,
            });
          } catch (error) {
            // Wrong guesses pause the account as sign-in does: say until when, in words.
            if (!(error instanceof AccountLockedError)) throw error;
            reply.header('retry-after', String(error.retryAfterSeconds));
            const until = formatDateTime(ctx.locale, error.until);
            throw new TooManyRequestsError(
              t('password.change.locked', { until }),
              error.retryAfterSeconds,
            );
          }
        },
        show: (state, status) => sendHtml(reply, <ChangePage ctx={ctx} state={state} />, status),
        done: '/account/password?done=1',
      });
    },
  );

  app.get('/login/forgot', { config: { access: anyone, page: true } }, async (request, reply) =>
    sendHtml(
      reply,
      <ForgotPage
        ctx={request.pageContext()}
        state={{ values: forgotPasswordForm.initial(), errors: [] }}
      />,
    ),
  );

  app.post(
    '/login/forgot',
    { schema: { body: FormBody }, config: { access: anyone, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      return submitForm(reply, {
        form: forgotPasswordForm,
        body: request.body,
        t,
        write: async (values) => {
          const email = normaliseEmail(values.email);
          if (!EMAIL_PATTERN.test(email) || email.length > 254)
            refuseIfAny([{ field: 'email', message: t('password.forgot.emailInvalid') }]);
          // The same answer, mail and audit whether or not an account has the address.
          await passwords.requestReset(
            email,
            { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' },
            request.auditContext(),
          );
          return email;
        },
        show: (state, status) => sendHtml(reply, <ForgotPage ctx={ctx} state={state} />, status),
        // The notice names the address, which is not to travel in a redirect's address.
        answer: (email) =>
          sendHtml(
            reply,
            <Layout ctx={ctx} title={t('password.forgot.sentTitle')}>
              <Notification variant="success">
                {t('password.forgot.sent', { email, minutes: RESET_LINK_MINUTES })}
              </Notification>
              <p>
                <a class="ecl-link ecl-link--standalone" href="/login">
                  {t('login.title')}
                </a>
              </p>
            </Layout>,
          ),
        done: '/login',
      });
    },
  );

  app.get(
    '/login/reset/:token',
    { schema: { params: ResetTokenParams }, config: { access: anyone, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { token } = request.params;
      let expiresAt: string;
      try {
        ({ expiresAt } = await passwords.checkResetLink(token));
      } catch (error) {
        if (!(error instanceof ResetLinkInvalidError)) throw error;
        return sendHtml(keepPrivate(reply), <InvalidLinkPage ctx={ctx} />, 404);
      }
      const state = { values: resetPasswordForm.initial(), errors: [] };
      return sendHtml(
        keepPrivate(reply),
        <ResetPage ctx={ctx} token={token} expiresAt={expiresAt} state={state} />,
      );
    },
  );

  app.post(
    '/login/reset/:token',
    {
      schema: { params: ResetTokenParams, body: FormBody },
      config: { access: anyone, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const { token } = request.params;
      const invalid = () => sendHtml(keepPrivate(reply), <InvalidLinkPage ctx={ctx} />, 404);
      let expiresAt: string;
      try {
        ({ expiresAt } = await passwords.checkResetLink(token));
      } catch (error) {
        if (!(error instanceof ResetLinkInvalidError)) throw error;
        await passwords.auditRefusedLink(request.auditContext(), token);
        return invalid();
      }
      try {
        return await submitForm(keepPrivate(reply), {
          form: resetPasswordForm,
          body: request.body,
          t,
          write: async ({ password, confirmPassword }) => {
            refuseIfAny(confirmationErrors(t, 'password', password, confirmPassword));
            await passwords.completeReset(token, password, request.auditContext());
          },
          show: (state, status) =>
            sendHtml(
              reply,
              <ResetPage ctx={ctx} token={token} expiresAt={expiresAt} state={state} />,
              status,
            ),
          done: '/login?reset=1',
        });
      } catch (error) {
        // Used or expired between the check and the change: the link's page, as for any other.
        if (!(error instanceof ResetLinkInvalidError)) throw error;
        return invalid();
      }
    },
  );
}
