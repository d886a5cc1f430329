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
      'verify: send a code to POST /api/session/factor, or a passkey to /api/session/factor/passkey; enrol: set up an authenticator app (POST /api/session/enrol, then /api/session/enrol/confirm) or a passkey (POST /api/session/enrol/passkey/options, then /api/session/enrol/passkey)',
  }),
  expiresAt: Type.String(),
});

export const FactorIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

export const ResetFactorsSchema = Type.Object({ removedFactors: Type.Integer() });

/** base64url as WebAuthn sends binary values, capped well above what an authenticator sends. */
const base64url = (maxLength: number, description?: string) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: '^[A-Za-z0-9_-]+$',
    ...(description ? { description } : {}),
  });

const TransportSchema = Type.String({ maxLength: 20, pattern: '^[a-z-]+$' });

const CredentialDescriptorSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('public-key'),
  transports: Type.Optional(Type.Array(Type.String())),
});

export const PasskeyCreationOptionsSchema = Type.Object(
  {
    challenge: Type.String(),
    rp: Type.Object({ name: Type.String(), id: Type.Optional(Type.String()) }),
    user: Type.Object({ id: Type.String(), name: Type.String(), displayName: Type.String() }),
    pubKeyCredParams: Type.Array(
      Type.Object({ alg: Type.Integer(), type: Type.Literal('public-key') }),
    ),
    timeout: Type.Optional(Type.Integer({ description: 'Milliseconds the browser may take' })),
    attestation: Type.Optional(Type.String()),
    excludeCredentials: Type.Optional(
      Type.Array(CredentialDescriptorSchema, {
        description: 'The passkeys the user has already: the browser will not make a second one',
      }),
    ),
    authenticatorSelection: Type.Optional(
      Type.Object({
        residentKey: Type.Optional(Type.String()),
        userVerification: Type.Optional(Type.String()),
        requireResidentKey: Type.Optional(Type.Boolean()),
      }),
    ),
    extensions: Type.Optional(Type.Object({ credProps: Type.Optional(Type.Boolean()) })),
    hints: Type.Optional(Type.Array(Type.String())),
  },
  {
    description:
      'PublicKeyCredentialCreationOptionsJSON (WebAuthn Level 3): binary values in base64url, for navigator.credentials.create() after decoding',
  },
);

export const PasskeyRequestOptionsSchema = Type.Object(
  {
    challenge: Type.String(),
    rpId: Type.Optional(Type.String()),
    allowCredentials: Type.Optional(
      Type.Array(CredentialDescriptorSchema, {
        description: "The user's passkeys: only these are asked for",
      }),
    ),
    timeout: Type.Optional(Type.Integer({ description: 'Milliseconds the browser may take' })),
    userVerification: Type.Optional(Type.String()),
  },
  {
    description:
      'PublicKeyCredentialRequestOptionsJSON (WebAuthn Level 3): binary values in base64url, for navigator.credentials.get() after decoding',
  },
);

/** Extension outputs are not used; they are accepted so a browser's answer passes as it is. */
const ClientExtensionResults = Type.Object({}, { additionalProperties: true, maxProperties: 10 });

export const RegistrationResponseSchema = Type.Object(
  {
    id: base64url(1400, 'The credential id'),
    rawId: base64url(1400),
    type: Type.Literal('public-key'),
    authenticatorAttachment: Type.Optional(
      Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')]),
    ),
    clientExtensionResults: ClientExtensionResults,
    response: Type.Object(
      {
        clientDataJSON: base64url(4000),
        attestationObject: base64url(8000),
        authenticatorData: Type.Optional(base64url(4000)),
        transports: Type.Optional(Type.Array(TransportSchema, { maxItems: 10 })),
        publicKeyAlgorithm: Type.Optional(Type.Integer({ minimum: -65536, maximum: 65535 })),
        publicKey: Type.Optional(base64url(2000)),
      },
      { additionalProperties: false },
    ),
  },
  {
    additionalProperties: false,
    description: 'RegistrationResponseJSON: what navigator.credentials.create() gave, in base64url',
  },
);

export const AuthenticationResponseSchema = Type.Object(
  {
    id: base64url(1400, 'The credential id'),
    rawId: base64url(1400),
    type: Type.Literal('public-key'),
    authenticatorAttachment: Type.Optional(
      Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')]),
    ),
    clientExtensionResults: ClientExtensionResults,
    response: Type.Object(
      {
        clientDataJSON: base64url(4000),
        authenticatorData: base64url(4000),
        signature: base64url(1000),
        userHandle: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]*$' })),
      },
      { additionalProperties: false },
    ),
  },
  {
    additionalProperties: false,
    description: 'AuthenticationResponseJSON: what navigator.credentials.get() gave, in base64url',
  },
);

const PasskeyName = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'A name to tell the passkey by, such as "Work laptop"',
});

export const PasskeyRegistrationBody = Type.Object(
  { name: PasskeyName, response: RegistrationResponseSchema },
  { additionalProperties: false },
);

export const PasskeyAssertionBody = Type.Object(
  { response: AuthenticationResponseSchema },
  { additionalProperties: false },
);

export const AddedPasskeySchema = Type.Object({
  factor: FactorSchema,
  recoveryCodes: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'Ten recovery codes when this is the first factor of the account, shown this once',
  }),
});
