/**
 * Browser security headers for the web app and the API (@fastify/helmet), and
 * `Cache-Control: no-store` on API answers.
 *
 * The CSP is strict: scripts, styles, fonts and connections only from our own
 * origin (the built bundle has no inline script; 'self' covers the same-origin
 * WebSocket), pictures also from data:/blob: (attachment previews), never framed,
 * no plugins. Strict-Transport-Security only when the site is served over https
 * (an https PUBLIC_URL, or production, where TLS ends at the proxy): on plain
 * http it would lock a development browser out of the site. Pages that need
 * something else set their own policy on the reply (the embedded IdP's pages).
 */
import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import type { Api } from './http.js';

export interface SecurityHeaderOptions {
  /** Send HSTS (and upgrade-insecure-requests). */
  https: boolean;
}

/** The Content-Security-Policy directives (exported for the tests). */
export function cspDirectives(https: boolean) {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    mediaSrc: ["'self'", 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: https ? [] : null,
  };
}

/**
 * The headers helmet sets with our options, computed once. @fastify/helmet builds a new helmet
 * middleware (parsing the CSP directives again) on every request — about a third of an empty
 * request's CPU; the headers never differ between requests, so they are taken from one probe answer.
 */
async function helmetHeaders(options: SecurityHeaderOptions): Promise<[string, string][]> {
  const probe = Fastify();
  await probe.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(options.https) },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  probe.get('/', async (_request, reply) => reply.header('x-probe', '1').send(''));
  const answer = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  const own = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'x-probe']);
  return Object.entries(answer.headers)
    .filter(([name]) => !own.has(name))
    .map(([name, value]) => [name, String(value)]);
}

/** Sets helmet's headers on every answer (as helmet does, on the raw response) and the no-store rule for /api answers. */
export async function installSecurityHeaders(app: Api, options: SecurityHeaderOptions) {
  const headers = await helmetHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
  // Personal data must not stay in a browser's or a proxy's cache. Every API answer
  // is no-store unless its route chose otherwise for an answer that is not personal
  // (an anonymous request); an authenticated answer is always no-store.
  // A callback hook: every answer passes it, and an async one costs a promise each (issue 15).
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/')) {
      const current = reply.getHeader('cache-control');
      if (!current || (request.actor && !String(current).includes('no-store'))) {
        reply.header('cache-control', 'no-store');
      }
    }
    done(null, payload);
  });
}
