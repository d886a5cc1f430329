import type { FastifyReply } from 'fastify';
import { AppError, StaleVersionError, ValidationError, type FieldError } from '../errors.js';
import type { Translate } from '../i18n/i18n.js';
import {
  mergeStale,
  type Body,
  type Fields,
  type FormDefinition,
  type FormState,
  type Values,
} from './define-form.js';

/** A record as stored now, in the form's terms, for the merge view of a stale save. */
export interface Stored<F extends Fields> {
  values: Values<F>;
  version: number;
}

export interface Submission<F extends Fields, R> {
  form: FormDefinition<F>;
  body: Body;
  t: Translate;
  /** The write; it receives the values and the version the form was opened on. */
  write: (values: Values<F>, version: number) => Promise<R>;
  /** Renders the form again in a state, with a status. */
  show: (state: FormState<F>, status: number) => Promise<FastifyReply> | FastifyReply;
  /**
   * Every reason the write would refuse the values, storing nothing: asked when the form's own
   * rules refuse, so that one round shows every mistake. Fields as the service names them.
   */
  check?: (values: Values<F>) => Promise<readonly FieldError[]>;
  /** What is stored now; asked only for a stale save. */
  current?: () => Promise<Stored<F>>;
  /** Where a successful save goes. */
  done: string | ((result: R) => string);
  /**
   * A page to answer at once instead of going on to `done`, for what is shown only once (a
   * generated password, a token, a sent link's notice): it must not travel in an address.
   * Answering null goes on to `done`.
   */
  answer?: (result: R) => FastifyReply | null;
}

/**
 * A form post from start to end: read the body and the form's own rules, write, and answer 303 on
 * success. A service's field errors come back as 400 with every error at once, named as the
 * form's inputs; a stale version as 409 with the merge view; any other coded refusal but a 404
 * as an error of the whole form with its status. Anything else is thrown on.
 */
export async function submitForm<F extends Fields, R>(
  reply: FastifyReply,
  submission: Submission<F, R>,
): Promise<FastifyReply> {
  const { form, t } = submission;
  const sent = form.read(submission.body, t);
  if (sent.errors.length > 0) {
    const taken = new Set(sent.errors.map((e) => e.field));
    const more = submission.check ? await submission.check(sent.values) : [];
    const errors = [
      ...sent.errors,
      ...more
        .map((e) => ({ ...e, field: form.inputOf(e.field) }))
        .filter((e) => !taken.has(e.field)),
    ];
    return submission.show({ ...sent, errors }, 400);
  }
  try {
    const result = await submission.write(sent.values, sent.version ?? -1);
    const answered = submission.answer?.(result) ?? null;
    if (answered !== null) return await answered;
    const target = typeof submission.done === 'string' ? submission.done : submission.done(result);
    return await reply.redirect(target, 303);
  } catch (error) {
    if (error instanceof ValidationError) {
      const errors: FieldError[] = error.fieldErrors.map((e) => ({
        ...e,
        field: form.inputOf(e.field),
      }));
      return submission.show({ ...sent, conflicts: sent.conflicts, errors }, 400);
    }
    if (error instanceof StaleVersionError && submission.current) {
      const stored = await submission.current();
      const merged = mergeStale(form, sent.values, sent.base, stored.values);
      return submission.show(
        {
          values: merged.values,
          errors: [],
          version: stored.version,
          base: stored.values,
          conflicts: merged.conflicts,
          kept: {},
        },
        409,
      );
    }
    if (error instanceof AppError && error.status < 500 && error.status !== 404) {
      const whole: FieldError = { field: 'form', message: error.message };
      return submission.show({ ...sent, errors: [whole] }, error.status);
    }
    throw error;
  }
}
