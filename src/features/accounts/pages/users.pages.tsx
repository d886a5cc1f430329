import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { ConflictError, StaleVersionError, type FieldError } from '../../../app/errors.js';
import { type PickerOption } from '../../../app/forms/bind.js';
import { FormBody } from '../../../app/forms/body.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { h } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import {
  Button,
  CsrfField,
  DescriptionList,
  FormErrors,
  LinkButton,
  Notification,
  Pagination,
  Table,
  urlWith,
} from '../../../app/html/components.js';
import { formatNumber } from '../../../app/i18n/format.js';
import { SortDirection, oneOf } from '../../../app/http.js';
import { IdParams } from '../accounts.schema.js';
import type { OrganisationView } from '../../network/network.service.js';
import { usersPolicy } from '../users.policy.js';
import { userSortKeys } from '../users.service.js';
import {
  newUserForm,
  newUserOf,
  userChangesOf,
  userForm,
  userPasswordForm,
  userValuesOf,
} from '../forms/user.form.js';
import {
  USERS_PAGE_SIZE,
  isRole,
  SECRET_SLOT,
  SecretMessage,
  BackLink,
  userPath,
} from '../views/account.views.js';
import { EmptyForm } from './account.pages.js';
import { loadUserIdentity, userIdentityPages } from './user-identity.pages.js';
import {
  NewUserFormView,
  UserPage,
  type ListFilters,
  UserFilters,
  userColumns,
  userNotices,
} from '../views/users.views.js';

export const UsersQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    role: Type.Optional(Type.String({ maxLength: 16 })),
    organisationId: Type.Optional(Type.String({ maxLength: 64 })),
    sort: oneOf(userSortKeys, { default: 'name' }),
    direction: SortDirection,
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  },
  { additionalProperties: false },
);

export const UserQuery = Type.Object(
  { done: Type.Optional(oneOf(userNotices)) },
  { additionalProperties: false },
);

export const Version = Type.String({ pattern: '^[0-9]{1,9}$' });

export const VersionForm = Type.Object({ version: Version }, { additionalProperties: false });

export async function userPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { users, network } = app.services;
  const access = { access: usersPolicy.manage, page: true };
  const identityOf = (userId: string) => loadUserIdentity(app.services, userId);

  /** Every agency and body, members first, for choosing where an account belongs. */
  async function organisationOptions(ctx: PageContext): Promise<PickerOption[]> {
    const order = { sort: 'acronym', direction: 'asc' } as const;
    const [agencies, bodies] = await Promise.all([
      network.list('agency', order),
      network.list('body', order),
    ]);
    const choices = (list: OrganisationView[], group: string) =>
      list.map((o) => ({ value: o.id, label: `${o.acronym} – ${o.name}`, group }));
    return [
      ...choices(agencies, ctx.t('agencies.title')),
      ...choices(bodies, ctx.t('bodies.title')),
    ];
  }

  app.get(
    '/users',
    { schema: { querystring: UsersQuery }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(request.actor);
      const { sort, direction, page } = request.query;
      const filters: ListFilters = {
        q: request.query.q?.trim() ?? '',
        role: request.query.role ?? '',
        organisationId: request.query.organisationId ?? '',
      };
      const organisations = await organisationOptions(ctx);
      const errors: FieldError[] = [];
      if (filters.role !== '' && !isRole(filters.role)) {
        errors.push({ field: 'role', message: t('users.invalidRole') });
      }
      if (
        filters.organisationId !== '' &&
        !organisations.some((o) => o.value === filters.organisationId)
      ) {
        errors.push({ field: 'organisationId', message: t('users.invalidOrganisation') });
      }
      const filterForm = (
        <UserFilters
          ctx={ctx}
          filters={filters}
          sort={sort}
          direction={direction}
          organisations={organisations}
          errors={errors}
        />
      );
      const intro = <p class="ecl-u-type-paragraph">{t('users.intro')}</p>;
      if (errors.length > 0) {
        return sendHtml(
          reply,
          <Layout ctx={ctx} title={t('users.title')}>
            {intro}
            <FormErrors ctx={ctx} errors={errors} />
            {filterForm}
          </Layout>,
          400,
        );
      }
      const result = await users.list(actor, {
        q: filters.q || undefined,
        role: isRole(filters.role) ? filters.role : undefined,
        organisationId: filters.organisationId || undefined,
        sort,
        direction,
        page,
        pageSize: USERS_PAGE_SIZE,
      });
      const applied = { ...filters, sort, direction };
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('users.title')}>
          {intro}
          <p>
            <LinkButton href="/users/new">{t('users.new')}</LinkButton>
          </p>
          {filterForm}
          <p class="ecl-u-type-paragraph">
            {t('common.resultCount', { count: formatNumber(ctx.locale, result.total) })}
          </p>
          <Table
            ctx={ctx}
            caption={t('users.caption')}
            columns={userColumns(ctx)}
            rows={result.items}
            sort={{
              key: sort,
              direction,
              href: (key, dir) => urlWith('/users', { ...applied, sort: key, direction: dir }),
            }}
          />
          <Pagination
            ctx={ctx}
            page={result.page}
            pageSize={USERS_PAGE_SIZE}
            total={result.total}
            href={(n) => urlWith('/users', { ...applied, page: n })}
          />
        </Layout>,
      );
    },
  );

  const sendNewUser = async (
    reply: FastifyReply,
    ctx: PageContext,
    state: FormState<typeof newUserForm.fields>,
    status = 200,
  ) =>
    sendHtml(
      reply,
      <Layout ctx={ctx} title={ctx.t('users.new')}>
        <BackLink href="/users">{ctx.t('users.backToList')}</BackLink>
        <NewUserFormView ctx={ctx} state={state} organisations={await organisationOptions(ctx)} />
      </Layout>,
      status,
    );

  app.get('/users/new', { config: access }, async (request, reply) =>
    sendNewUser(reply, request.pageContext(), {
      values: newUserForm.initial({ role: 'member' }),
      errors: [],
    }),
  );

  app.post('/users', { schema: { body: FormBody }, config: access }, async (request, reply) => {
    const ctx = request.pageContext();
    const { t } = ctx;
    return submitForm(reply, {
      form: newUserForm,
      body: request.body,
      t,
      write: (values) => users.create(request.auditContext(), newUserOf(values)),
      show: (state, status) => sendNewUser(reply, ctx, state, status),
      // A generated password is shown in this answer only: it is stored hashed.
      answer: ({ user, generatedPassword }) =>
        generatedPassword === null
          ? null
          : sendHtml(
              reply,
              <Layout ctx={ctx} title={user.name}>
                <Notification variant="success" title={t('users.created')}>
                  <SecretMessage
                    message={t('users.generatedPassword', { password: SECRET_SLOT })}
                    secret={generatedPassword}
                  />
                </Notification>
                <BackLink href={userPath(user.id)}>
                  {t('users.backToUser', { name: user.name })}
                </BackLink>
              </Layout>,
            ),
      done: ({ user }) => userPath(user.id, '?done=created'),
    });
  });

  app.get(
    '/users/:id',
    { schema: { params: IdParams, querystring: UserQuery }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const user = await users.get(requireActor(request.actor), request.params.id);
      return sendHtml(
        reply,
        <UserPage
          ctx={ctx}
          user={user}
          organisations={await organisationOptions(ctx)}
          identity={await identityOf(user.id)}
          notice={request.query.done}
        />,
      );
    },
  );

  app.post(
    '/users/:id',
    { schema: { params: IdParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const user = await users.get(actor, request.params.id);
      return submitForm(reply, {
        form: userForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          users.update(request.auditContext(), user.id, userChangesOf(values), version),
        show: async (state, status) =>
          sendHtml(
            reply,
            <UserPage
              ctx={ctx}
              user={await users.get(actor, user.id)}
              organisations={await organisationOptions(ctx)}
              identity={await identityOf(user.id)}
              edit={state}
            />,
            status,
          ),
        current: async () => {
          const stored = await users.get(actor, user.id);
          return { values: userValuesOf(stored), version: stored.version };
        },
        done: userPath(user.id, '?done=saved'),
      });
    },
  );

  app.get(
    '/users/:id/disable',
    { schema: { params: IdParams }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const user = await users.get(requireActor(request.actor), request.params.id);
      if (user.disabled) return reply.redirect(userPath(user.id), 303);
      const self = ctx.actor?.userId === user.id;
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('users.disableTitle', { name: user.name })}>
          <DescriptionList
            items={[
              [t('users.email'), user.email],
              [t('users.organisation'), user.organisationAcronym],
            ]}
          />
          {self ? (
            <Notification variant="error">{t('users.cannotDisableSelf')}</Notification>
          ) : (
            <div>
              <Notification variant="warning">{t('users.disableConfirm')}</Notification>
              <form method="post" action={userPath(user.id, '/disable')}>
                <CsrfField ctx={ctx} />
                <input type="hidden" name="version" value={user.version} />
                <Button>{t('users.disable')}</Button>
              </form>
            </div>
          )}
          <BackLink href={userPath(user.id)}>{t('users.backToUser', { name: user.name })}</BackLink>
        </Layout>,
      );
    },
  );

  for (const [suffix, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/users/:id/${suffix}`,
      { schema: { params: IdParams, body: VersionForm }, config: access },
      async (request, reply) => {
        const actor = requireActor(request.actor);
        const { id } = request.params;
        try {
          await users.setDisabled(
            actor,
            request.auditContext(),
            id,
            disabled,
            Number(request.body.version),
          );
        } catch (error) {
          if (!(error instanceof StaleVersionError)) throw error;
          return sendHtml(
            reply,
            <UserPage
              ctx={request.pageContext()}
              user={await users.get(actor, id)}
              organisations={await organisationOptions(request.pageContext())}
              identity={await identityOf(id)}
              conflict
            />,
            409,
          );
        }
        return reply.redirect(userPath(id, `?done=${disabled ? 'disabled' : 'enabled'}`), 303);
      },
    );
  }

  app.post(
    '/users/:id/unlock',
    { schema: { params: IdParams, body: EmptyForm }, config: access },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const { id } = request.params;
      try {
        await users.unlock(actor, request.auditContext(), id);
      } catch (error) {
        // Someone else allowed sign-in first: the page shows the account as it now is.
        if (!(error instanceof ConflictError)) throw error;
        return reply.redirect(userPath(id), 303);
      }
      return reply.redirect(userPath(id, '?done=unlocked'), 303);
    },
  );

  app.post(
    '/users/:id/password',
    { schema: { params: IdParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const user = await users.get(requireActor(request.actor), request.params.id);
      return submitForm(reply, {
        form: userPasswordForm,
        body: request.body,
        t,
        write: ({ password }) =>
          users.resetPassword(
            request.auditContext(),
            user.id,
            password === '' ? undefined : password,
          ),
        show: async (state, status) =>
          sendHtml(
            reply,
            <UserPage
              ctx={ctx}
              user={user}
              organisations={await organisationOptions(ctx)}
              identity={await identityOf(user.id)}
              password={state}
            />,
            status,
          ),
        // A generated password is shown in this answer only: it is stored hashed.
        answer: ({ generatedPassword }) =>
          generatedPassword === null
            ? null
            : sendHtml(
                reply,
                <Layout ctx={ctx} title={t('users.resetPassword')}>
                  <Notification variant="success" title={t('users.passwordSet')}>
                    <SecretMessage
                      message={t('users.generatedPassword', { password: SECRET_SLOT })}
                      secret={generatedPassword}
                    />
                  </Notification>
                  <BackLink href={userPath(user.id)}>
                    {t('users.backToUser', { name: user.name })}
                  </BackLink>
                </Layout>,
              ),
        done: userPath(user.id, '?done=password'),
      });
    },
  );

  await userIdentityPages(app, async (reply, ctx, userId, bind, status) =>
    sendHtml(
      reply,
      <UserPage
        ctx={ctx}
        user={await users.get(requireActor(ctx.actor), userId)}
        organisations={await organisationOptions(ctx)}
        identity={await identityOf(userId)}
        bind={bind}
      />,
      status,
    ),
  );
}
