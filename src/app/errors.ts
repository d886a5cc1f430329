/**
 * Errors with stable codes. Services throw these; the error plugin maps them to RFC 9457
 * problem details for the API and to friendly pages for the browser.
 */

export interface FieldError {
  field: string;
  message: string;
  /** For a problem in an uploaded spreadsheet: the row and column it is in. */
  row?: number;
  column?: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** A record a request asked for by its id, which the refusal of the request is recorded against. */
export interface AskedRecord {
  type: 'document';
  id: string;
}

/**
 * Missing, or not readable by the caller: the two are deliberately indistinguishable. With the
 * record that was asked for, the refusal is audited (`access.not_found`), the same way for both.
 */
export class NotFoundError extends AppError {
  constructor(
    message = 'The resource does not exist.',
    readonly asked: AskedRecord | null = null,
  ) {
    super('not_found', 404, message);
  }
}

export class ValidationError extends AppError {
  constructor(fieldErrors: FieldError[], message = 'The request has invalid fields.') {
    super('invalid_input', 400, message, fieldErrors);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict') {
    super(code, 409, message);
  }
}

/** A write based on a version of the record that is no longer current. */
export class StaleVersionError extends AppError {
  constructor(readonly currentVersion: number) {
    super(
      'stale_version',
      412,
      'The record was changed by someone else since you loaded it. Reload it and apply your change again.',
    );
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to continue.') {
    super('unauthenticated', 401, message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_requests', 429, message);
  }
}

/** Too many refused requests by one account in a short time: the log is not theirs to flood. */
export class TooManyRefusalsError extends TooManyRequestsError {
  constructor(retryAfterSeconds: number) {
    super(
      'Too many requests for what does not exist or is not yours to see. Try again later.',
      retryAfterSeconds,
    );
  }
}
