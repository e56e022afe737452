/**
 * Logger options. Never log personnummer, names, message bodies or answers:
 * request bodies are not logged at all, cookies and auth headers are redacted,
 * and any 12-digit run in a URL (a personnummer in a query string) is masked.
 *
 * Access logs: by default a request is logged only when it failed (5xx, or an error
 * Fastify saw) or was slow (SLOW_REQUEST_MS), one line with its id, method, masked URL,
 * status and time. Two info lines for every request ("incoming request", "request
 * completed") were a fifth of an empty request's CPU (issue 15); at region scale the
 * proxy keeps the access log. ACCESS_LOG=true brings Fastify's per-request lines back.
 */
import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';

const PNR_IN_TEXT = /\b(\d{6}|\d{8})[-+]?\d{4}\b/g;

export function maskPersonnummer(text: string): string {
  return text.replace(PNR_IN_TEXT, '[pnr]');
}

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request: { method: string; url: string; id: string }) {
        return { id: request.id, method: request.method, url: maskPersonnummer(request.url) };
      },
    },
  };
}

export interface AccessLogOptions {
  /** Log every request as Fastify does (ACCESS_LOG). */
  all: boolean;
  /** Log a request that took at least this long, in ms (SLOW_REQUEST_MS; 0 = none for being slow). */
  slowMs: number;
}

/**
 * Fastify's request logging with the per-request lines kept for the requests worth a line.
 * Failures Fastify reports itself (a stream or serializer error, a broken writeHead) stay
 * logged as Fastify logs them; the error handler logs every 5xx it answers with the cause.
 */
export class AccessLog extends LogController {
  readonly #all: boolean;
  readonly #slowMs: number;

  constructor(options: AccessLogOptions) {
    super();
    this.#all = options.all;
    this.#slowMs = options.slowMs;
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply) {
    if (this.#all) super.incomingRequest(request, reply);
  }

  override routeNotFound(request: FastifyRequest, reply: FastifyReply) {
    if (this.#all) super.routeNotFound(request, reply);
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (this.#all) return super.requestCompleted(error, request, reply);
    const responseTime = reply.elapsedTime;
    if (error) {
      reply.log.error({ req: request, res: reply, err: error, responseTime }, 'request errored');
    } else if (reply.statusCode >= 500) {
      reply.log.warn({ req: request, res: reply, responseTime }, 'request failed');
    } else if (this.#slowMs > 0 && responseTime >= this.#slowMs) {
      reply.log.warn({ req: request, res: reply, responseTime }, 'slow request');
    }
  }
}
