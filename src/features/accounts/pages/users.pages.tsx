import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import {
  ConflictError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../../app/errors.js';
import { h, type Html } from '../../../app/html/jsx.js';
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
  type SelectOption,
} from '../../../app/html/components.js';
import { formatNumber } from '../../../app/i18n/format.js';
import { SortDirection, oneOf } from '../../../app/http.js';
import { IdParams, RoleSchema } from '../accounts.schema.js';
import { usersPolicy } from '../users.policy.js';
import { userSortKeys, type UserView } from '../users.service.js';
import {
  USERS_PAGE_SIZE,
  isRole,
  SECRET_SLOT,
  SecretMessage,
  BackLink,
} from '../views/account.views.js';
import { EmptyForm } from './account.pages.js';
import {
  type UserFormValues,
  userPath,
  UserForm,
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

export const NewUserForm = Type.Object(
  {
    email: Type.String({ maxLength: 1000 }),
    name: Type.String({ maxLength: 1000 }),
    organisationId: Type.String({ maxLength: 64 }),
    role: RoleSchema,
    password: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const UserChangesForm = Type.Object(
  {
    email: Type.String({ maxLength: 1000 }),
    name: Type.String({ maxLength: 1000 }),
    organisationId: Type.String({ maxLength: 64 }),
    role: RoleSchema,
    version: Version,
  },
  { additionalProperties: false },
);

export const VersionForm = Type.Object({ version: Version }, { additionalProperties: false });

export const PasswordForm = Type.Object(
  { password: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

export async function userPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { users, network } = app.services;
  const access = { access: usersPolicy.manage, page: true };

  /** Every agency and body, members first, for choosing where an account belongs. */
  async function organisationOptions(): Promise<SelectOption[]> {
    const order = { sort: 'acronym', direction: 'asc' } as const;
    const [agencies, bodies] = await Promise.all([
      network.list('agency', order),
      network.list('body', order),
    ]);
    return [...agencies, ...bodies].map((o) => ({
      value: o.id,
      label: `${o.acronym} – ${o.name}`,
    }));
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
      const organisations = await organisationOptions();
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

  function newUserPage(
    ctx: PageContext,
    organisations: SelectOption[],
    values: UserFormValues,
    errors: FieldError[],
  ): Html {
    const { t } = ctx;
    return (
      <Layout ctx={ctx} title={t('users.new')}>
        <BackLink href="/users">{t('users.backToList')}</BackLink>
        <FormErrors ctx={ctx} errors={errors} />
        <UserForm
          ctx={ctx}
          action="/users"
          values={values}
          errors={errors}
          organisations={organisations}
          submit={t('common.create')}
        />
      </Layout>
    );
  }

  app.get('/users/new', { config: access }, async (request, reply) => {
    const ctx = request.pageContext();
    const empty = { email: '', name: '', organisationId: '', role: 'member' };
    return sendHtml(reply, newUserPage(ctx, await organisationOptions(), empty, []));
  });

  app.post('/users', { schema: { body: NewUserForm }, config: access }, async (request, reply) => {
    const ctx = request.pageContext();
    const { t } = ctx;
    const { password, ...values } = request.body;
    let created: { user: UserView; generatedPassword: string | null };
    try {
      created = await users.create(request.auditContext(), {
        ...values,
        password: password === '' ? undefined : password,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendHtml(
        reply,
        newUserPage(ctx, await organisationOptions(), values, error.fieldErrors),
        400,
      );
    }
    const { user, generatedPassword } = created;
    if (generatedPassword === null) return reply.redirect(userPath(user.id, '?done=created'), 303);
    // Shown in this answer only: the password is stored hashed and cannot be shown again.
    return sendHtml(
      reply,
      <Layout ctx={ctx} title={user.name}>
        <Notification variant="success" title={t('users.created')}>
          <SecretMessage
            message={t('users.generatedPassword', { password: SECRET_SLOT })}
            secret={generatedPassword}
          />
        </Notification>
        <BackLink href={userPath(user.id)}>{t('users.backToUser', { name: user.name })}</BackLink>
      </Layout>,
    );
  });

  app.get(
    '/users/:id',
    { schema: { params: IdParams, querystring: UserQuery }, config: access },
    async (request, reply) => {
      const user = await users.get(requireActor(request.actor), request.params.id);
      return sendHtml(
        reply,
        <UserPage
          ctx={request.pageContext()}
          user={user}
          organisations={await organisationOptions()}
          notice={request.query.done}
        />,
      );
    },
  );

  app.post(
    '/users/:id',
    { schema: { params: IdParams, body: UserChangesForm }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const { id } = request.params;
      const { version, ...values } = request.body;
      const before = await users.get(actor, id);
      try {
        await users.update(request.auditContext(), id, values, Number(version));
      } catch (error) {
        if (error instanceof ValidationError) {
          // The form keeps the version it was based on, so a later save still detects a conflict.
          const based = { ...before, version: Number(version) };
          return sendHtml(
            reply,
            <UserPage
              ctx={ctx}
              user={based}
              organisations={await organisationOptions()}
              values={values}
              editErrors={error.fieldErrors}
            />,
            400,
          );
        }
        if (error instanceof StaleVersionError) {
          return sendHtml(
            reply,
            <UserPage
              ctx={ctx}
              user={await users.get(actor, id)}
              organisations={await organisationOptions()}
              values={values}
              conflict
            />,
            409,
          );
        }
        throw error;
      }
      return reply.redirect(userPath(id, '?done=saved'), 303);
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
              organisations={await organisationOptions()}
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
    { schema: { params: IdParams, body: PasswordForm }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(request.actor);
      const user = await users.get(actor, request.params.id);
      const password = request.body.password ?? '';
      let result: { generatedPassword: string | null };
      try {
        result = await users.resetPassword(
          request.auditContext(),
          user.id,
          password === '' ? undefined : password,
        );
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return sendHtml(
          reply,
          <UserPage
            ctx={ctx}
            user={user}
            organisations={await organisationOptions()}
            passwordErrors={error.fieldErrors}
          />,
          400,
        );
      }
      if (result.generatedPassword === null) {
        return reply.redirect(userPath(user.id, '?done=password'), 303);
      }
      // Shown in this answer only: the password is stored hashed and cannot be shown again.
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('users.resetPassword')}>
          <Notification variant="success" title={t('users.passwordSet')}>
            <SecretMessage
              message={t('users.generatedPassword', { password: SECRET_SLOT })}
              secret={result.generatedPassword}
            />
          </Notification>
          <BackLink href={userPath(user.id)}>{t('users.backToUser', { name: user.name })}</BackLink>
        </Layout>,
      );
    },
  );
}
