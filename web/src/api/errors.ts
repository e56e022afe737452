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

/**
 * A form's errors from a failed call and its own checks: every field's message (the
 * form's own checks win), the error summary's items in the form's field order
 * (`[field, inputId]`), and the error to show as a banner when no field was named.
 */
export function formErrors(
  error: unknown,
  local: Record<string, string>,
  order: readonly (readonly [field: string, inputId: string])[],
) {
  const fields = error instanceof ApiError ? error.fields : {};
  const errors: Record<string, string | undefined> = { ...fields, ...local };
  const summary = order.flatMap(([field, fieldId]) => {
    const message = errors[field];
    return message ? [{ fieldId, message }] : [];
  });
  const general = error && Object.keys(fields).length === 0 ? error : null;
  return { errors, summary, general };
}
