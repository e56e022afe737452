/**
 * Logger options. Never log personnummer, names, message bodies or answers:
 * request bodies are not logged at all, cookies and auth headers are redacted,
 * and any 12-digit run in a URL (a personnummer in a query string) is masked.
 */
import type { FastifyServerOptions } from 'fastify';

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
