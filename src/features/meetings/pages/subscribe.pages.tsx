import type { FastifyReply } from 'fastify';
import { inSession, requireActor, signedIn } from '../../../app/access.js';
import { h } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import { DescriptionList, Notification } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { formatDateTime } from '../../../app/i18n/format.js';
import { feedUrls } from '../meetings.routes.js';
import { PostButton } from '../views/parts.js';
import { page, type PagesApp } from './kit.js';

/** The secret addresses a calendar program subscribes to: made, shown once, renewed, revoked. */
export async function subscribePages(app: PagesApp): Promise<void> {
  const { calendarFeeds, config } = app.services;

  app.get('/meetings/subscribe', { config: page(signedIn) }, async (request, reply) =>
    sendFeeds(reply, request.pageContext(), null),
  );

  async function sendFeeds(
    reply: FastifyReply,
    ctx: PageContext,
    created: string | null,
    revoked = false,
  ) {
    const { t, locale } = ctx;
    const actor = requireActor(ctx.actor);
    const status = await calendarFeeds.status(actor.userId);
    const urls = created ? feedUrls(config.publicUrl, created) : null;
    return sendHtml(
      reply,
      <Layout
        ctx={ctx}
        title={t('meetings.feeds.title')}
        notices={
          revoked ? (
            <Notification variant="success">{t('meetings.feeds.revoked')}</Notification>
          ) : null
        }
      >
        <p class="ecl-u-type-paragraph">{t('meetings.feeds.intro')}</p>
        <Notification variant="warning">{t('meetings.feeds.secretWarning')}</Notification>
        {urls ? (
          <Notification variant="success" title={t('meetings.feeds.created')}>
            <DescriptionList
              items={[
                [t('meetings.feeds.network'), <code class="jh-secret">{urls.networkUrl}</code>],
                [t('meetings.feeds.personal'), <code class="jh-secret">{urls.personalUrl}</code>],
              ]}
            />
          </Notification>
        ) : null}
        {status ? (
          <p class="ecl-u-type-paragraph">
            {t('meetings.feeds.active', { date: formatDateTime(locale, status.createdAt) })}{' '}
            {status.lastUsedAt
              ? t('meetings.feeds.lastUsed', { date: formatDateTime(locale, status.lastUsedAt) })
              : ''}
          </p>
        ) : (
          <p class="ecl-u-type-paragraph">{t('meetings.feeds.none')}</p>
        )}
        <div class="jh-actions">
          <PostButton
            ctx={ctx}
            action="/meetings/subscribe"
            label={status ? t('meetings.feeds.renew') : t('meetings.feeds.create')}
            variant="primary"
          />
          {status ? (
            <PostButton
              ctx={ctx}
              action="/meetings/subscribe/revoke"
              label={t('meetings.feeds.revoke')}
            />
          ) : null}
        </div>
        <p>
          <a class="ecl-link ecl-link--standalone" href="/meetings">
            {t('meetings.backToList')}
          </a>
        </p>
      </Layout>,
    );
  }

  // The new addresses are shown in the answer to the POST itself: redirecting would need to
  // carry the secret in a URL, where it would end up in history and logs.
  app.post('/meetings/subscribe', { config: page(inSession) }, async (request, reply) => {
    const ctx = request.pageContext();
    const token = await calendarFeeds.renew(request.auditContext(), requireActor(ctx.actor).userId);
    reply.header('cache-control', 'no-store');
    return sendFeeds(reply, ctx, token);
  });

  app.post('/meetings/subscribe/revoke', { config: page(signedIn) }, async (request, reply) => {
    const ctx = request.pageContext();
    await calendarFeeds.revoke(request.auditContext(), requireActor(ctx.actor).userId);
    return sendFeeds(reply, ctx, null, true);
  });
}
