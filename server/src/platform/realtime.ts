/**
 * The shared part of every WebSocket endpoint (chat, video signalling).
 *
 * A socket is opened by a GET upgrade inside the /api scope, so the
 * deny-by-default hook has already resolved the session into
 * `request.actor`. What a cookie cannot protect against is another site
 * opening a socket with the user's cookie (cross-site WebSocket hijacking),
 * so the upgrade must come from our own origin. Sessions end (log out, idle,
 * revoked) while a socket is open; `watchSession` re-checks on an interval
 * and closes the socket when the session is gone. A re-check is not activity
 * unless the caller says so: an open chat tab must not keep an idle session
 * alive, while a running video meeting is the user being active.
 */
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { SESSION_COOKIE } from './auth.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';

/** WebSocket close codes we use (4000–4999 are free for applications). */
export const CLOSE = {
  /** The session ended or never existed. */
  unauthorised: 4401,
  /** The user may not (any longer) use what the socket is for. */
  forbidden: 4403,
  /** The client sent something we cannot understand. */
  badMessage: 4400,
  /**
   * The instance is restarting or shutting down: reconnect (at once, with a little jitter) —
   * the load balancer sends the new socket to another instance, which has everything needed.
   */
  restarting: 4503,
} as const;

/** Refuses an upgrade from a foreign origin. Browsers always send Origin on WebSocket upgrades. */
export function assertSameOrigin(request: FastifyRequest, ctx: Pick<AppContext, 'config'>): void {
  const origin = request.headers.origin;
  if (origin === undefined) return; // Not a browser (tests, native clients): the cookie alone authorises.
  const allowed = new Set([ctx.config.publicUrl, `${request.protocol}://${request.headers.host}`]);
  if (!allowed.has(origin.replace(/\/$/, ''))) {
    throw new AppError(403, 'origin_refused', 'WebSocket connections are only accepted from this site.');
  }
}

/**
 * Closes `socket` once the session that opened it is no longer valid.
 * Returns a stop function (also called automatically when the socket closes).
 */
export function watchSession(
  socket: WebSocket,
  request: FastifyRequest,
  ctx: Pick<AppContext, 'sessions'>,
  options: {
    everyMs?: number /** Count the open socket as activity (a running video meeting is). */;
    keepAlive?: boolean;
  } = {},
): () => void {
  const everyMs = options.everyMs ?? 30_000;
  const token = request.cookies[SESSION_COOKIE];
  const timer = setInterval(async () => {
    const session = token
      ? await ctx.sessions.resolve(token, { touch: options.keepAlive === true }).catch(() => null)
      : null;
    if (!session) socket.close(CLOSE.unauthorised, 'session ended');
  }, everyMs);
  timer.unref();
  const stop = () => clearInterval(timer);
  socket.once('close', stop);
  return stop;
}
