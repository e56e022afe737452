/**
 * The one error handler: every error leaves as `{ error: { code, message, fields? } }`,
 * whatever threw it — a service (AppError), a zod contract, Fastify itself (bad URL,
 * media type, body size), or the database (malformed text, a missing referenced row,
 * a check constraint). Nothing a client sends may turn into a 500; only our own faults do.
 */
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from './errors.js';
import type { Api } from './http.js';
import { isOverloadError, SHED_RETRY_AFTER_SECONDS } from './load.js';

/** Seconds a client is told to wait on a 429/503 that did not say (rate limits say exactly). */
const DEFAULT_RETRY_AFTER_SECONDS = 30;

type ErrorBody = {
  error: {
    code: string;
    message: string;
    fields?: Record<string, string>;
    fieldCodes?: Record<string, string>;
    retryAfter?: number;
  };
};

/**
 * SQLSTATEs a client's input can cause, as HTTP answers. A driver error carries its
 * SQLSTATE in `code` (pg and PGlite alike); everything else in the database stays a 500.
 */
const DATABASE_ERRORS: Record<string, [number, string, string]> = {
  '22P02': [400, 'invalid_input', 'A value has the wrong form.'],
  '22007': [400, 'invalid_input', 'A date or time is not valid.'],
  '22008': [400, 'invalid_input', 'A date or time is out of range.'],
  '22003': [400, 'invalid_input', 'A number is out of range.'],
  '22001': [400, 'invalid_input', 'A value is too long.'],
  '22021': [400, 'invalid_input', 'Text contains characters that cannot be stored.'],
  '22P05': [400, 'invalid_input', 'Text contains characters that cannot be stored.'],
  '23502': [400, 'invalid_input', 'A required value is missing.'],
  '23514': [400, 'invalid_input', 'A value is not allowed here.'],
  '23503': [404, 'not_found', 'Something the request refers to does not exist.'],
  '23505': [409, 'conflict', 'That already exists.'],
  '40001': [503, 'busy', 'Too many changes at once. Try again.'],
  '40P01': [503, 'busy', 'Too many changes at once. Try again.'],
  '55P03': [503, 'busy', 'Too many changes at once. Try again.'],
  '57014': [503, 'busy', 'The request took too long. Try again.'],
};

/** Fastify's own 4xx errors (codes FST_ERR_…) by status. */
function frameworkCode(status: number): string {
  if (status === 413) return 'body_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status === 400) return 'invalid_input';
  return 'request_error';
}

/** The status and body for any error. */
export function errorAnswer(error: unknown, log: FastifyRequest['log']): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: {
        error: {
          ...error.details,
          code: error.code,
          message: error.message,
          ...(error.fields ? { fields: error.fields } : {}),
        },
      },
    };
  }
  const err = error as FastifyError & { code?: string };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields: Record<string, string> = {};
    // The zod issue code per field ("invalid_format", "too_small" …): clients word it themselves.
    const fieldCodes: Record<string, string> = {};
    for (const issue of err.validation) {
      const name = `${err.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}`.replace(/\.$/, '');
      fields[name] ??= issue.message ?? 'is invalid';
      fieldCodes[name] ??= typeof issue.keyword === 'string' ? issue.keyword : 'invalid';
    }
    const names = Object.keys(fields).join(', ');
    const error = { code: 'invalid_input', message: `Invalid input: ${names}`, fields, fieldCodes };
    return { status: 400, body: { error } };
  }
  if (isOverloadError(err) && err.code !== '57014') {
    // No pooled connection in time: a clear "try again", never a 500 (platform/load.ts sheds the rest).
    return {
      status: 503,
      body: {
        error: {
          code: 'overloaded',
          message: 'Many people are using the service right now. Try again in a moment.',
          retryAfter: SHED_RETRY_AFTER_SECONDS,
        },
      },
    };
  }
  const database = typeof err.code === 'string' ? DATABASE_ERRORS[err.code] : undefined;
  if (database) {
    const [status, code, message] = database;
    // Logged without the driver's detail: it can quote the offending value.
    log.info({ sqlstate: err.code }, 'database refused the input');
    return { status, body: { error: { code, message } } };
  }
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 500) {
    log.error({ err: error }, 'request failed');
    return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side.' } } };
  }
  return { status, body: { error: { code: frameworkCode(status), message: err.message } } };
}

function send(reply: FastifyReply, status: number, body: ErrorBody) {
  const retryAfter = (body.error as { retryAfter?: unknown }).retryAfter;
  if ((status === 429 || status === 503) && !reply.hasHeader('retry-after')) {
    reply.header('retry-after', String(typeof retryAfter === 'number' ? retryAfter : DEFAULT_RETRY_AFTER_SECONDS));
  }
  return reply.status(status).send(body);
}

/** Installs the handler and a guard that gives every 429/503 a Retry-After, whoever sent it. */
export function installErrorHandling(app: Api) {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = errorAnswer(error, request.log);
    return send(reply, status, body);
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if ((reply.statusCode === 429 || reply.statusCode === 503) && !reply.hasHeader('retry-after')) {
      reply.header('retry-after', String(DEFAULT_RETRY_AFTER_SECONDS));
    }
    done(null, payload);
  });
}

/**
 * Errors Fastify raises before routing (a malformed URL, …): by default it answers them
 * in its own shape, so the constructor gets this instead.
 */
export const frameworkErrors: FastifyServerOptions['frameworkErrors'] = (error, request, reply) => {
  const { status, body } = errorAnswer(error, request.log);
  (reply as FastifyReply)
    .status(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(body));
};
