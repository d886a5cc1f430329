import { Type } from 'typebox';
import { nameSchemas } from '../../app/openapi/declare.js';
import { MAX_PASSWORD_LENGTH } from './secrets.js';

export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ maxLength: MAX_PASSWORD_LENGTH }),
    newPassword: Type.String({ maxLength: MAX_PASSWORD_LENGTH }),
  },
  { additionalProperties: false },
);

export const ResetRequestBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }) },
  { additionalProperties: false },
);

export const ResetRequestAnswer = Type.Object({
  message: Type.String({
    description: 'The same for every address, whether or not an account has it',
  }),
});

/** The link's secret: 256 random bits, base64url. */
export const ResetTokenParams = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 100 }),
});

export const ResetLinkSchema = Type.Object({
  expiresAt: Type.String({ description: 'When the link stops working' }),
});

export const ResetCompleteBody = Type.Object(
  { password: Type.String({ maxLength: MAX_PASSWORD_LENGTH }) },
  { additionalProperties: false },
);

nameSchemas({
  PasswordChangeBody,
  PasswordResetRequest: ResetRequestBody,
  PasswordResetRequestAnswer: ResetRequestAnswer,
  PasswordResetLink: ResetLinkSchema,
  PasswordResetCompletion: ResetCompleteBody,
});
