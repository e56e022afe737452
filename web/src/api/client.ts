/**
 * The typed fetch wrapper every area uses. JSON in and out, same-origin
 * cookies, the CSRF header on state-changing requests, and one error type
 * (`ApiError`). A 401 on any call but `/api/me` itself marks the user logged
 * out, so guarded pages react at once.
 */
import { ApiError } from './errors.js';
import { meKey, queryClient } from './query-client.js';
import { ensureQueueHeartbeat, goToQueue, NONCE_HEADER, queueNonce } from './queue.js';

/** Anything with `parse` — a zod schema from `@ingang/contracts` fits. */
export interface Parser<T> {
  parse(data: unknown): T;
}

export interface RequestOptions<T> {
  body?: unknown;
  /** Extra request headers, e.g. `{ 'idempotency-key': key }`. */
  headers?: Record<string, string>;
  /** Validate (and type) the response with a contract schema. */
  schema?: Parser<T>;
  signal?: AbortSignal;
}

const activityListeners = new Set<() => void>();

/** Called after every successful API response: the server counts those as activity (idle timeout). */
export function onApiActivity(listener: () => void): () => void {
  activityListeners.add(listener);
  return () => activityListeners.delete(listener);
}

/** The CSRF token the server set in the readable `ingang_csrf` cookie. */
export function csrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((c) => c.startsWith('ingang_csrf='));
  return match ? decodeURIComponent(match.slice('ingang_csrf='.length)) : undefined;
}

function stripPrefix(name: string) {
  return name.replace(/^(body|querystring|params)\./, '');
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const json = (await response.json()) as {
      error?: { code?: string; message?: string; fields?: Record<string, string>; [fact: string]: unknown };
    };
    const { code, message, fields: named, fieldCodes: namedCodes, ...details } = json.error ?? {};
    const fields: Record<string, string> = {};
    for (const [name, text] of Object.entries(named ?? {})) fields[stripPrefix(name)] = text;
    const fieldCodes: Record<string, string> = {};
    for (const [name, c] of Object.entries((namedCodes ?? {}) as Record<string, unknown>)) {
      if (typeof c === 'string') fieldCodes[stripPrefix(name)] = c;
    }
    return new ApiError(
      response.status,
      code ?? 'unknown',
      message ?? response.statusText,
      fields,
      details,
      fieldCodes,
    );
  } catch {
    return new ApiError(response.status, 'unknown', response.statusText || `HTTP ${response.status}`);
  }
}

/** Sends one request; resolves with the parsed JSON (null for an empty body) or throws ApiError. */
export async function request<T = unknown>(method: string, path: string, options: RequestOptions<T> = {}): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  // The waiting room binds its ticket to this browser's nonce; sent wherever the gate may ask.
  const nonce = queueNonce();
  if (nonce && !headers[NONCE_HEADER]) headers[NONCE_HEADER] = nonce;
  if (nonce) ensureQueueHeartbeat();
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'No connection to the server.');
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && !path.startsWith('/api/me')) queryClient.setQueryData(meKey, null);
    // A live waiting room in front of this (login, booking): take a place, come back when admitted.
    if (error.code === 'queue_required' && typeof error.details?.roomId === 'string') goToQueue(error.details.roomId);
    throw error;
  }
  for (const listener of activityListeners) listener();
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : null;
  return options.schema ? options.schema.parse(data) : (data as T);
}

/** Shorthands: `api.get('/api/units', { schema: UnitListResponse })`, `api.post(path, { body })`. */
export const api = {
  get: <T = unknown>(path: string, options?: RequestOptions<T>) => request<T>('GET', path, options),
  post: <T = unknown>(path: string, options?: RequestOptions<T>) => request<T>('POST', path, options),
  put: <T = unknown>(path: string, options?: RequestOptions<T>) => request<T>('PUT', path, options),
  patch: <T = unknown>(path: string, options?: RequestOptions<T>) => request<T>('PATCH', path, options),
  delete: <T = unknown>(path: string, options?: RequestOptions<T>) => request<T>('DELETE', path, options),
};

export { ApiError, fieldError, hasFieldErrors } from './errors.js';
