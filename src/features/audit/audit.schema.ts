import { Type } from 'typebox';
import { PageQuery, oneOf } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';
import { auditActions } from './audit.events.js';

export const AuditEntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actorUserId: Type.Union([Type.String(), Type.Null()]),
  actorEmail: Type.Union([Type.String(), Type.Null()]),
  actorOrganisation: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});

export const AuditFilterQuery = {
  action: Type.Optional(oneOf(auditActions)),
  actor: Type.Optional(Type.String({ maxLength: 254, description: 'E-mail address of the actor' })),
  targetType: Type.Optional(Type.String({ maxLength: 40 })),
  targetId: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.Optional(Type.String({ format: 'date', description: 'First day, UTC' })),
  until: Type.Optional(Type.String({ format: 'date', description: 'Last day, UTC' })),
};

export const AuditListQuery = Type.Object(
  { ...AuditFilterQuery, ...PageQuery },
  { additionalProperties: false },
);

export const AuditExportQuery = Type.Object(AuditFilterQuery, { additionalProperties: false });

export const VerifySchema = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Optional(Type.Integer()),
  headHash: Type.Optional(Type.String()),
  anchoredSeq: Type.Optional(
    Type.Union([Type.Integer(), Type.Null()], {
      description: 'The entry of the latest anchor the chain agrees with; null: none anchored yet',
    }),
  ),
  anchoredAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  brokenAt: Type.Optional(
    Type.Union([Type.Integer(), Type.Null()], {
      description: 'The first entry that does not verify; null: the anchor file itself is broken',
    }),
  ),
  reason: Type.Optional(Type.String()),
});

nameSchemas({
  AuditEntry: AuditEntrySchema,
  AuditVerification: VerifySchema,
});
