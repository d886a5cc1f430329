import { type FieldError } from '../../../app/errors.js';
import { bindForm, type PickerOption } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { h, type Child, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import {
  Button,
  CsrfField,
  DescriptionList,
  LinkButton,
  Notification,
  SelectField,
  TextField,
  type Column,
  type SelectOption,
} from '../../../app/html/components.js';
import { formatDate, formatDateTime } from '../../../app/i18n/format.js';
import { type MessageKey } from '../../../app/i18n/i18n.js';
import { roles } from '../../../db/schema.js';
import { type UserView } from '../users.service.js';
import { newUserForm, userForm, userPasswordForm, userValuesOf } from '../forms/user.form.js';
import { bindIdentityForm } from '../forms/identity.form.js';
import {
  UserFactorsSection,
  UserIdentitiesSection,
  type UserIdentity,
} from './user-identity.views.js';
import { roleLabels, BackLink, userPath } from './account.views.js';

export const userNotices = [
  'created',
  'saved',
  'disabled',
  'enabled',
  'password',
  'unlocked',
  'factors-reset',
  'sso-bound',
  'sso-unbound',
] as const;
export type UserNotice = (typeof userNotices)[number];

export function userStatus(ctx: PageContext, user: UserView): string {
  if (user.disabled) return ctx.t('users.disabled');
  if (user.lockedUntil) {
    return ctx.t('users.locked', { until: formatDateTime(ctx.locale, user.lockedUntil) });
  }
  return ctx.t('users.active');
}

export function lastLogin(ctx: PageContext, user: UserView): Child {
  return user.lastLoginAt ? (
    <time datetime={user.lastLoginAt}>{formatDateTime(ctx.locale, user.lastLoginAt)}</time>
  ) : (
    ctx.t('users.never')
  );
}

export function roleOptions(ctx: PageContext): SelectOption[] {
  return roles.map((role) => ({ value: role, label: ctx.t(roleLabels[role]) }));
}

/** Agencies and bodies to pick an account's home from, members first, each kind a group. */
export type OrganisationChoices = readonly PickerOption[];

/** Opening an account: who, where, what they may do, and a password or none to generate one. */
export function NewUserFormView({
  ctx,
  state,
  organisations,
}: {
  ctx: PageContext;
  state: FormState<typeof newUserForm.fields>;
  organisations: OrganisationChoices;
}): Html {
  const f = bindForm(newUserForm, ctx, state, { choices: { organisationId: organisations } });
  return (
    <f.Form action="/users">
      <f.Text name="email" type="email" autocomplete="off" />
      <f.Text name="name" autocomplete="off" />
      <f.Select name="role" />
      <f.Picker name="organisationId" />
      <f.Text name="password" type="password" autocomplete="new-password" />
      <Button>{ctx.t('common.create')}</Button>
    </f.Form>
  );
}

/** Changing an account: the same fields but the password, on the version it was opened on. */
export function UserFormView({
  ctx,
  user,
  state,
  organisations,
}: {
  ctx: PageContext;
  user: UserView;
  state: FormState<typeof userForm.fields>;
  organisations: OrganisationChoices;
}): Html {
  const f = bindForm(userForm, ctx, state, { choices: { organisationId: organisations } });
  return (
    <f.Form action={userPath(user.id)}>
      <f.Text name="email" type="email" autocomplete="off" />
      <f.Text name="name" autocomplete="off" />
      <f.Select name="role" />
      <f.Picker name="organisationId" />
      <Button>{ctx.t('common.save')}</Button>
    </f.Form>
  );
}

/** An administrator sets a password for the account, chosen or generated. */
function UserPasswordFormView({
  ctx,
  user,
  state,
}: {
  ctx: PageContext;
  user: UserView;
  state: FormState<typeof userPasswordForm.fields>;
}): Html {
  const f = bindForm(userPasswordForm, ctx, state);
  return (
    <f.Form action={userPath(user.id, '/password')}>
      <f.Text name="password" type="password" autocomplete="new-password" />
      <Button variant="secondary">{ctx.t('users.resetPassword')}</Button>
    </f.Form>
  );
}

export function UserFacts({ ctx, user }: { ctx: PageContext; user: UserView }): Html {
  const { t } = ctx;
  return (
    <DescriptionList
      items={[
        [t('users.name'), user.name],
        [t('users.email'), user.email],
        [t('users.organisation'), user.organisationAcronym],
        [t('users.role'), t(roleLabels[user.role])],
        [t('users.status'), userStatus(ctx, user)],
        [t('users.lastLogin'), lastLogin(ctx, user)],
        [
          t('users.createdAt'),
          <time datetime={user.createdAt}>{formatDate(ctx.locale, user.createdAt)}</time>,
        ],
        [t('users.version'), user.version],
      ]}
    />
  );
}

export const noticeKeys: Record<UserNotice, MessageKey> = {
  created: 'users.created',
  saved: 'common.saved',
  disabled: 'users.disabledNotice',
  enabled: 'users.enabledNotice',
  password: 'users.passwordChanged',
  unlocked: 'users.unlockedNotice',
  'factors-reset': 'users.factors.resetNotice',
  'sso-bound': 'users.sso.boundNotice',
  'sso-unbound': 'users.sso.unboundNotice',
};

export interface UserPageProps {
  ctx: PageContext;
  user: UserView;
  organisations: OrganisationChoices;
  notice?: UserNotice | undefined;
  /** The edit form: the stored account, or what was sent when saving failed. */
  edit?: FormState<typeof userForm.fields>;
  password?: FormState<typeof userPasswordForm.fields>;
  /** Its second factors and single sign-on identities. */
  identity: UserIdentity;
  /** The form to bind an identity, as sent when binding failed. */
  bind?: FormState<typeof bindIdentityForm.fields>;
  /** Set when a change of status was based on an older version: `user` is the current one. */
  conflict?: boolean;
}

export function UserPage(props: UserPageProps): Html {
  const { ctx, user } = props;
  const { t } = ctx;
  const self = ctx.actor?.userId === user.id;
  return (
    <Layout
      ctx={ctx}
      title={user.name}
      notices={
        props.notice ? (
          <Notification variant="success">{t(noticeKeys[props.notice])}</Notification>
        ) : props.bind && props.bind.errors.length > 0 ? (
          // The bind form is far down a long page: say at the top where its errors are.
          <Notification variant="error">
            <a class="ecl-link" href="#sso-identities">
              {t('users.sso.notBound')}
            </a>
          </Notification>
        ) : null
      }
    >
      <BackLink href="/users">{t('users.backToList')}</BackLink>
      {props.conflict ? (
        <Notification variant="error" title={t('error.conflict.title')}>
          <p>{t('error.conflict.body')}</p>
          <UserFacts ctx={ctx} user={user} />
        </Notification>
      ) : (
        <UserFacts ctx={ctx} user={user} />
      )}

      <h2 class="ecl-u-type-heading-2">{t('common.edit')}</h2>
      <UserFormView
        ctx={ctx}
        user={user}
        state={props.edit ?? userForm.opened(userValuesOf(user), user.version)}
        organisations={props.organisations}
      />

      <h2 class="ecl-u-type-heading-2">{t('users.status')}</h2>
      <p class="ecl-u-type-paragraph">{userStatus(ctx, user)}</p>
      {user.lockedUntil && !user.disabled ? (
        <form method="post" action={userPath(user.id, '/unlock')}>
          <CsrfField ctx={ctx} />
          <p class="ecl-u-type-paragraph">{t('users.unlockHint')}</p>
          <Button variant="secondary">{t('users.unlock')}</Button>
        </form>
      ) : null}
      {user.disabled ? (
        <form method="post" action={userPath(user.id, '/enable')}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={user.version} />
          <Button variant="secondary">{t('users.enable')}</Button>
        </form>
      ) : self ? (
        <p class="ecl-u-type-paragraph">{t('users.cannotDisableSelf')}</p>
      ) : (
        <LinkButton href={userPath(user.id, '/disable')}>{t('users.disable')}</LinkButton>
      )}

      <h2 class="ecl-u-type-heading-2">{t('users.resetPassword')}</h2>
      <UserPasswordFormView
        ctx={ctx}
        user={user}
        state={props.password ?? { values: userPasswordForm.initial(), errors: [] }}
      />

      <UserFactorsSection ctx={ctx} user={user} factors={props.identity.factors} />
      <UserIdentitiesSection
        ctx={ctx}
        user={user}
        identity={props.identity}
        bind={
          props.bind ?? {
            values: bindIdentityForm.initial({
              provider: props.identity.providers[0]?.id,
            }),
            errors: [],
          }
        }
      />
    </Layout>
  );
}

export interface ListFilters {
  q: string;
  role: string;
  organisationId: string;
}

export function UserFilters({
  ctx,
  filters,
  sort,
  direction,
  organisations,
  errors,
}: {
  ctx: PageContext;
  filters: ListFilters;
  sort: string;
  direction: string;
  organisations: OrganisationChoices;
  errors: FieldError[];
}): Html {
  const { t } = ctx;
  return (
    <form method="get" action="/users" class="ecl-u-mb-l">
      <input type="hidden" name="sort" value={sort} />
      <input type="hidden" name="direction" value={direction} />
      <div class="jh-filters">
        <TextField
          name="q"
          type="search"
          label={t('users.search')}
          value={filters.q}
          errors={errors}
          maxlength={200}
        />
        <SelectField
          name="role"
          label={t('users.role')}
          value={filters.role}
          errors={errors}
          options={[{ value: '', label: t('users.allRoles') }, ...roleOptions(ctx)]}
        />
        <SelectField
          name="organisationId"
          label={t('users.organisation')}
          value={filters.organisationId}
          errors={errors}
          options={[
            { value: '', label: t('users.allOrganisations') },
            ...organisations.map(({ value, label }) => ({ value, label })),
          ]}
        />
      </div>
      <div class="jh-actions">
        <Button>{t('common.filter')}</Button>
        <a class="ecl-link ecl-link--standalone" href="/users">
          {t('common.reset')}
        </a>
      </div>
    </form>
  );
}

export function userColumns(ctx: PageContext): Column<UserView>[] {
  const { t } = ctx;
  return [
    {
      header: t('users.name'),
      sortKey: 'name',
      cell: (user) => (
        <a class="ecl-link" href={userPath(user.id)}>
          {user.name}
        </a>
      ),
    },
    { header: t('users.email'), sortKey: 'email', cell: (user) => user.email },
    {
      header: t('users.organisation'),
      sortKey: 'organisation',
      cell: (user) => user.organisationAcronym,
    },
    { header: t('users.role'), sortKey: 'role', cell: (user) => t(roleLabels[user.role]) },
    { header: t('users.status'), cell: (user) => userStatus(ctx, user) },
    { header: t('users.lastLogin'), sortKey: 'lastLogin', cell: (user) => lastLogin(ctx, user) },
  ];
}
