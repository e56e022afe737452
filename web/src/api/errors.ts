/** The error every failed API call throws: the server's `{ error: { code, message, fields } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field name → message, for 400s. Names are without the `body.`/`querystring.` prefix. */
    readonly fields: Record<string, string> = {},
    /** Other facts the server sent beside code and message (e.g. `opensAt` on not_released). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message for one form field from an error, if the server named that field. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fields[field] : undefined;
}

/** True when a field-level message exists (the form shows those inline rather than in a banner). */
export function hasFieldErrors(error: unknown): boolean {
  return error instanceof ApiError && Object.keys(error.fields).length > 0;
}
