import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { oneOf } from '../../../app/http.js';

/** The reporting pages' Fastify instance, typed by the route schemas. */
export type PagesApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export const YearQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })) },
  { additionalProperties: false },
);
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const SectionParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  sectionId: Type.String({ minLength: 1, maxLength: 64 }),
});
export const ObligationParams = Type.Object({
  obligationId: Type.String({ minLength: 1, maxLength: 64 }),
});

/** The notices the report page shows after a write, named in its address. */
export const doneNotices = ['created', 'saved', 'finalised', 'submitted'] as const;
export type DoneNotice = (typeof doneNotices)[number];

export const DoneQuery = Type.Object(
  { done: Type.Optional(oneOf(doneNotices)) },
  { additionalProperties: false },
);
