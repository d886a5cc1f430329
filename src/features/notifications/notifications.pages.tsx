import type { FastifyInstance } from 'fastify';
import { Moment } from '../../app/html/moment.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, signedIn } from '../../app/access.js';
import { h, type Html } from '../../app/html/jsx.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import { sendHtml } from '../../app/html/send-html.js';
import {
  Button,
  Checkbox,
  CsrfField,
  Notification,
  Pagination,
  urlWith,
} from '../../app/html/components.js';
import { oneOf } from '../../app/http.js';
import type {
  NotificationPage,
  NotificationPreferences,
  NotificationView,
} from './notifications.service.js';

const PAGE_SIZE = 20;

const ListQuery = Type.Object(
  {
    unread: Type.Optional(oneOf(['1'] as const)),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
    marked: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const DigestForm = Type.Object(
  { dailyDigest: Type.Optional(oneOf(['on'] as const)) },
  { additionalProperties: false },
);

/** One notification: what it is about, linked to where to act, and a way to mark it read. */
function NotificationItem({ ctx, item }: { ctx: PageContext; item: NotificationView }): Html {
  const { t } = ctx;
  return (
    <li class={`jh-notification${item.read ? '' : ' jh-notification--unread'}`}>
      <p class="ecl-u-type-paragraph ecl-u-mb-xs">
        {item.read ? null : (
          <span class="ecl-label ecl-label--highlight ecl-u-mr-xs">
            {t('notifications.unread')}
          </span>
        )}
        <span class="ecl-u-type-bold">{t(`notifications.kind.${item.kind}`)}</span>
        {': '}
        <a class="ecl-link" href={item.href}>
          {item.title}
        </a>
        {item.context && item.kind !== 'document_release' ? ` (${item.context})` : null}
      </p>
      <p class="ecl-u-type-s ecl-u-type-color-grey-75 ecl-u-mb-s">
        <Moment locale={ctx.locale} at={item.createdAt} />
      </p>
      {item.read ? null : (
        <form method="post" action={`/notifications/${item.id}/read`} class="jh-inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="ecl-button ecl-button--ghost">
            {t('notifications.markRead')}
            <span class="ecl-u-sr-only">{`: ${item.title}`}</span>
          </button>
        </form>
      )}
    </li>
  );
}

function NotificationsPage({
  ctx,
  list,
  unreadOnly,
  marked,
}: {
  ctx: PageContext;
  list: NotificationPage;
  unreadOnly: boolean;
  marked: number | undefined;
}): Html {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('notifications.title')}
      notices={
        marked !== undefined ? (
          <Notification variant="success">
            {t('notifications.marked', { count: marked })}
          </Notification>
        ) : null
      }
    >
      <p class="ecl-u-type-paragraph">{t('notifications.unreadCount', { count: list.unread })}</p>
      <div class="jh-actions ecl-u-mb-l">
        <a
          class="ecl-link ecl-link--standalone"
          href={unreadOnly ? '/notifications' : '/notifications?unread=1'}
        >
          {unreadOnly ? t('notifications.showAll') : t('notifications.showUnread')}
        </a>
        {list.unread > 0 ? (
          <form method="post" action="/notifications/read" class="jh-inline-form">
            <CsrfField ctx={ctx} />
            <Button variant="secondary">{t('notifications.markAllRead')}</Button>
          </form>
        ) : null}
      </div>
      {list.items.length === 0 ? (
        <p class="ecl-u-type-paragraph jh-empty">{t('notifications.none')}</p>
      ) : (
        <ul class="jh-notifications">
          {list.items.map((item) => (
            <NotificationItem ctx={ctx} item={item} />
          ))}
        </ul>
      )}
      <Pagination
        ctx={ctx}
        page={list.page}
        pageSize={list.pageSize}
        total={list.total}
        href={(page) => urlWith('/notifications', { unread: unreadOnly ? '1' : undefined, page })}
      />
      <p class="ecl-u-mt-l">
        <a class="ecl-link ecl-link--standalone" href="/account#notifications">
          {t('notifications.digestLink')}
        </a>
      </p>
    </Layout>
  );
}

/** The daily digest switch, shown on the account page. */
export function DigestPreference({
  ctx,
  preferences,
}: {
  ctx: PageContext;
  preferences: NotificationPreferences;
}): Html {
  const { t } = ctx;
  return (
    <section aria-labelledby="notifications" class="ecl-u-mb-l">
      <h2 class="ecl-u-type-heading-2" id="notifications">
        {t('notifications.digest.title')}
      </h2>
      <p class="ecl-u-type-paragraph" id="digest-help">
        {t('notifications.digest.help')}
      </p>
      <form method="post" action="/account/notifications">
        <CsrfField ctx={ctx} />
        <Checkbox
          name="dailyDigest"
          label={t('notifications.digest.label')}
          checked={preferences.dailyDigest}
          single
          describedBy="digest-help"
        />
        <Button>{t('common.save')}</Button>
      </form>
    </section>
  );
}

export async function notificationsPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { notifications } = app.services;

  app.get(
    '/notifications',
    { schema: { querystring: ListQuery }, config: { access: signedIn, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const unreadOnly = request.query.unread === '1';
      const list = await notifications.list(requireActor(request.actor), {
        unread: unreadOnly,
        page: request.query.page,
        pageSize: PAGE_SIZE,
      });
      return sendHtml(
        reply,
        <NotificationsPage
          ctx={ctx}
          list={list}
          unreadOnly={unreadOnly}
          marked={request.query.marked}
        />,
      );
    },
  );

  app.post(
    '/notifications/:id/read',
    { schema: { params: IdParams }, config: { access: signedIn, page: true } },
    async (request, reply) => {
      await notifications.markRead(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
      );
      return reply.redirect('/notifications', 303);
    },
  );

  app.post(
    '/notifications/read',
    { config: { access: signedIn, page: true } },
    async (request, reply) => {
      const { marked } = await notifications.markAllRead(
        requireActor(request.actor),
        request.auditContext(),
      );
      return reply.redirect(`/notifications?marked=${marked}`, 303);
    },
  );

  app.post(
    '/account/notifications',
    { schema: { body: DigestForm }, config: { access: signedIn, page: true } },
    async (request, reply) => {
      await notifications.setPreferences(requireActor(request.actor), request.auditContext(), {
        dailyDigest: request.body.dailyDigest === 'on',
      });
      return reply.redirect('/account?done=saved#notifications', 303);
    },
  );
}
