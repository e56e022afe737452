import i18n from 'i18next';

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
    /** Field name → the server's code for what is wrong ("invalid_format", "too_small"), when it sent one. */
    readonly fieldCodes: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The web's own words for one form field the server named in an error (never
 * the server's text): the field's text (`errors:fields.<field>`), else one for
 * the field code, else the error code's text, else "Kontrollera det här fältet".
 */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || error.fields[field] === undefined) return undefined;
  return fieldText(error, field);
}

/** See fieldError; `field` must be one the server named. */
export function fieldText(error: ApiError, field: string): string {
  const own = `errors:fields.${field}`;
  if (i18n.exists(own)) return i18n.t(own);
  // The reason the server gave for the refused field (`details.reason`, e.g. due_date_past).
  const reason = error.details.reason;
  if (typeof reason === 'string' && i18n.exists(`errors:field.${reason}`)) return i18n.t(`errors:field.${reason}`);
  // A health-declaration answer (`formAnswers.<question>`): the question is named beside it.
  if (field.startsWith('formAnswers.')) return i18n.t('errors:field.answer');
  const code = error.fieldCodes[field];
  if (code && i18n.exists(`errors:field.${code}`)) return i18n.t(`errors:field.${code}`);
  if (error.code !== 'invalid_input' && i18n.exists(`errors:codes.${error.code}`)) {
    return i18n.t(`errors:codes.${error.code}`);
  }
  return i18n.t('errors:field.generic');
}

/** Every field the server named, with the web's words for it (never the server's text). */
export function fieldTexts(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(Object.keys(error.fields).map((field) => [field, fieldText(error, field)]));
}

/** The web's text for an error code, or undefined when it has none. */
export function codeText(code: string): string | undefined {
  const key = `errors:codes.${code}`;
  return i18n.exists(key) ? i18n.t(key) : undefined;
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
  const fields = fieldTexts(error);
  const errors: Record<string, string | undefined> = { ...fields, ...local };
  const summary = order.flatMap(([field, fieldId]) => {
    const message = errors[field];
    return message ? [{ fieldId, message }] : [];
  });
  const general = error && Object.keys(fields).length === 0 ? error : null;
  return { errors, summary, general };
}
