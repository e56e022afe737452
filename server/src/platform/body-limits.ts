/**
 * What a request body may be, decided before a byte of it is read.
 *
 * Every /api route takes JSON (or nothing) within the server-wide limit
 * (BODY_LIMIT_BYTES, small); a route that expects something else names the media
 * types in `config.bodyTypes` and sets its own `bodyLimit` (only upload routes do).
 * Anything else is refused with 415 in `onRequest`, so a large body of the wrong
 * kind is never buffered or parsed, and a multipart body without a boundary is a
 * 400 rather than a parser failure. Fastify itself refuses a declared
 * Content-Length above the route's limit (413) before reading.
 */
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from './errors.js';
import type { Api } from './http.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Media types this route accepts besides JSON (e.g. uploads); compared without parameters. */
    bodyTypes?: readonly string[];
  }
}

const JSON_TYPES = ['application/json'];

/** True when the request says it carries a body. */
function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  if (length !== undefined && length !== '0') return true;
  return headers['transfer-encoding'] !== undefined;
}

/** Installs the check on every route of `scope` (the /api scope). */
export function installBodyLimits(scope: Api) {
  scope.addHook('onRequest', checkBodyType);
}

/** The check itself, for a hot route registered outside the /api scope (the waiting room's join). */
export async function checkBodyType(request: FastifyRequest) {
  if (!hasBody(request.headers)) return;
  const raw = request.headers['content-type'];
  const mediaType = (raw ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const accepted = [...JSON_TYPES, ...(request.routeOptions.config.bodyTypes ?? [])];
  if (!accepted.includes(mediaType)) {
    throw new AppError(
      415,
      'unsupported_media_type',
      `This address takes ${accepted.join(' or ')}, not ${mediaType || 'a body without a Content-Type'}.`,
    );
  }
  if (mediaType === 'multipart/form-data' && !/;\s*boundary=/i.test(raw ?? '')) {
    throw badRequest('invalid_input', 'A multipart body needs a boundary.', {
      'content-type': 'multipart/form-data without boundary',
    });
  }
}
