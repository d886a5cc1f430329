import { choice, text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import { roles, type Role } from '../../../db/schema.js';
import { MAX_PASSWORD_LENGTH } from '../secrets.js';
import type { UserChanges, UserInput, UserView } from '../users.service.js';
import { roleLabels } from '../views/account.views.js';

/** Who an account is, where it belongs and what it may do: the fields of both user forms. */
const accountFields = {
  email: text({ label: 'users.email', required: true, max: 254 }),
  name: text({ label: 'users.name', required: true, max: 200 }),
  organisationId: choice({
    label: 'users.organisation',
    hint: 'users.organisationHint',
    required: true,
  }),
  role: choice({
    label: 'users.role',
    required: true,
    options: roles.map((role) => ({ value: role, label: roleLabels[role] })),
  }),
};

/** An administrator changes an account; the password has its own form. */
export const userForm = defineForm({ fields: accountFields });

/** An administrator opens an account, with a password of their choice or one generated. */
export const newUserForm = defineForm({
  fields: {
    ...accountFields,
    password: text({
      label: 'users.passwordOptional',
      hint: 'users.passwordHint',
      max: MAX_PASSWORD_LENGTH,
    }),
  },
});

/** An administrator sets an account's password, chosen or generated. */
export const userPasswordForm = defineForm({
  fields: {
    password: text({
      label: 'users.passwordOptional',
      hint: 'users.passwordHint',
      max: MAX_PASSWORD_LENGTH,
    }),
  },
});

export type UserValues = Values<typeof userForm.fields>;

/** A stored account as its form shows it. */
export function userValuesOf(user: UserView): UserValues {
  return {
    email: user.email,
    name: user.name,
    organisationId: user.organisationId,
    role: user.role,
  };
}

/** The form's values as the account; the form has checked the role is one of the roles. */
function accountOf(values: UserValues): Omit<UserInput, 'password'> {
  return { ...values, role: values.role as Role };
}

/** The form's values as a change of the account. */
export function userChangesOf(values: UserValues): UserChanges {
  return accountOf(values);
}

/** The new-account form's values; an empty password asks for one to be generated. */
export function newUserOf(values: Values<typeof newUserForm.fields>): UserInput {
  const { password, ...account } = values;
  return { ...accountOf(account), password: password === '' ? undefined : password };
}
