import { Type } from 'typebox';

export const FactorSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('totp'), Type.Literal('passkey')]),
  label: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});

export const FactorsSchema = Type.Object({
  factors: Type.Array(FactorSchema),
  recoveryCodesLeft: Type.Integer(),
  required: Type.Boolean({ description: 'Whether this account must sign in with a second factor' }),
});

export const TotpOfferSchema = Type.Object({
  id: Type.String(),
  secret: Type.String({ description: 'The secret in base32, for typing into an app' }),
  uri: Type.String({ description: 'The otpauth:// address an authenticator app reads' }),
});

export const CodeBody = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'A 6-digit code of the authenticator app, or a recovery code',
    }),
  },
  { additionalProperties: false },
);

export const RecoveryCodesSchema = Type.Object({
  recoveryCodes: Type.Array(Type.String(), {
    description: 'Shown this once: only their hashes are kept',
  }),
});

export const ConfirmedTotpSchema = Type.Object({
  factor: FactorSchema,
  recoveryCodes: Type.Union([Type.Array(Type.String()), Type.Null()]),
});

export const SecondFactorNeededSchema = Type.Object({
  secondFactor: Type.Union([Type.Literal('verify'), Type.Literal('enrol')], {
    description:
      'verify: send a code to POST /api/session/factor; enrol: set up an authenticator app (POST /api/session/enrol, then /api/session/enrol/confirm)',
  }),
  expiresAt: Type.String(),
});

export const FactorIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

export const ResetFactorsSchema = Type.Object({ removedFactors: Type.Integer() });
