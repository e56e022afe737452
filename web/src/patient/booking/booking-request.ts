/**
 * POST with an `Idempotency-Key` header — the shared API client (src/api/client.ts)
 * sends no custom headers, so booking and rebooking go through this small
 * sibling. Same rules otherwise: JSON, same-origin cookies, the CSRF header,
 * `ApiError` on failure (here `BookingError`, which also carries `opensAt`),
 * and a 401 marks the user logged out.
 */
import { csrfToken } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { meKey, queryClient } from '../../api/query-client.js';

/** A refused booking: the ApiError plus when the person may book (not_released, too_soon_since_dose). */
export class BookingError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    fields: Record<string, string>,
    readonly opensAt?: string,
    readonly earliestDate?: string,
  ) {
    super(status, code, message, fields);
    this.name = 'BookingError';
  }
}

interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    fields?: Record<string, string>;
    opensAt?: string;
    earliestDate?: string;
  };
}

async function toBookingError(response: Response): Promise<BookingError> {
  try {
    const { error } = (await response.json()) as ErrorBody;
    const fields: Record<string, string> = {};
    for (const [name, message] of Object.entries(error?.fields ?? {}))
      fields[name.replace(/^(body|querystring|params|headers)\./, '')] = message;
    return new BookingError(
      response.status,
      error?.code ?? 'unknown',
      error?.message ?? response.statusText,
      fields,
      error?.opensAt,
      error?.earliestDate,
    );
  } catch {
    return new BookingError(response.status, 'unknown', response.statusText || `HTTP ${response.status}`, {});
  }
}

/** POSTs `body` as JSON with the idempotency key; resolves with the parsed JSON or throws BookingError. */
export async function postIdempotent<T>(
  path: string,
  body: unknown,
  idempotencyKey: string,
  schema: { parse(data: unknown): T },
): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json',
    'idempotency-key': idempotencyKey,
  };
  const token = csrfToken();
  if (token) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) });
  } catch {
    throw new BookingError(0, 'network', 'No connection to the server.', {});
  }
  if (!response.ok) {
    const error = await toBookingError(response);
    if (response.status === 401) queryClient.setQueryData(meKey, null);
    throw error;
  }
  return schema.parse(await response.json());
}

/**
 * Whether the same key may be sent again after `error`: yes after no answer
 * (network, 5xx — the first request may have booked), no after a definite
 * refusal (4xx — nothing was booked, and the server would repeat the refusal).
 */
export function keepKeyAfter(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
}
