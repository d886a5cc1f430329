import { Type } from 'typebox';
import { roles } from '../../db/schema.js';
import { MAX_TOKEN_DAYS } from './api-tokens.js';
import { userSortKeys } from './users.service.js';
import { PageQuery, SortDirection, oneOf } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';

export const RoleSchema = oneOf(roles);

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  organisationId: Type.String(),
  organisationAcronym: Type.String(),
  role: RoleSchema,
  locale: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const SessionSchema = Type.Object({
  user: UserSchema,
  csrfToken: Type.String({
    description: 'Send as X-CSRF-Token on every write made with the session cookie',
  }),
  expiresAt: Type.Optional(Type.String()),
});

export const MeChanges = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    locale: Type.Optional(Type.Union([Type.String({ maxLength: 16 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revoked: Type.Boolean(),
});

export const NewTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TOKEN_DAYS })),
  },
  { additionalProperties: false },
);

export const CreatedTokenSchema = Type.Object({
  token: Type.String({ description: 'The secret: shown only in this answer' }),
  details: TokenSchema,
});

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const UserListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    role: Type.Optional(RoleSchema),
    organisationId: Type.Optional(Type.String({ maxLength: 64 })),
    sort: oneOf(userSortKeys, { default: 'name' }),
    direction: SortDirection,
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const NewUserBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    organisationId: Type.String({ minLength: 1, maxLength: 64 }),
    role: RoleSchema,
    locale: Type.Optional(Type.Union([Type.String({ maxLength: 16 }), Type.Null()])),
    password: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const CreatedUserSchema = Type.Object({
  user: UserSchema,
  generatedPassword: Type.Union([Type.String(), Type.Null()], {
    description: 'Set when no password was given: shown only in this answer',
  }),
});

export const UserChangesBody = Type.Object(
  {
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    organisationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    role: Type.Optional(RoleSchema),
    locale: Type.Optional(Type.Union([Type.String({ maxLength: 16 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const PasswordBody = Type.Object(
  { password: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

export const PasswordResultSchema = Type.Object({
  generatedPassword: Type.Union([Type.String(), Type.Null()]),
});

nameSchemas({
  User: UserSchema,
  LoginBody,
  Session: SessionSchema,
  MeChanges,
  ApiToken: TokenSchema,
  NewTokenBody,
  CreatedApiToken: CreatedTokenSchema,
  NewUserBody,
  CreatedUser: CreatedUserSchema,
  UserChangesBody,
  PasswordBody,
  PasswordResult: PasswordResultSchema,
});
