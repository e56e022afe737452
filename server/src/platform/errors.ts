/**
 * The one error type services throw. Routes never build error bodies by hand:
 * the error handler (platform/error-handler.ts) turns an AppError into
 * `{ error: { code, message, fields? } }` with its HTTP status.
 */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields?: FieldErrors,
    /** Extra facts a client can act on, sent beside code and message (e.g. `opensAt`). */
    public readonly details?: Record<string, string | number | boolean>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, fields?: FieldErrors) =>
  new AppError(400, code, message, fields);
export const unauthorized = (message = 'Du behöver logga in.') => new AppError(401, 'unauthenticated', message);
export const forbidden = (code: string, message: string) => new AppError(403, code, message);
/** Unknown and forbidden look the same to the caller: both are 404. */
export const notFound = (what = 'resource') => new AppError(404, 'not_found', `The ${what} was not found.`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
/** 429; `retryAfter` (seconds) is sent as the Retry-After header and beside the code. */
export const tooMany = (message: string, retryAfter = 60) =>
  new AppError(429, 'rate_limited', message, undefined, { retryAfter });
