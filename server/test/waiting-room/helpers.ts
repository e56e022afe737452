/** Drives the waiting room over HTTP as a browser would: a nonce of its own, the ticket cookie, the gated calls. */
import { randomBytes } from 'node:crypto';
import { solveEpoch } from '../../src/modules/waiting-room/pow.js';
import type { TestApp } from '../harness.js';

type Injected = Awaited<ReturnType<TestApp['app']['inject']>>;

let ipSeq = 0;
const nextIp = () => `203.0.113.${(ipSeq++ % 250) + 1}`;

/** One browser: its own nonce and cookie jar (just the ticket cookie), and one address. */
export function browser(t: TestApp, ip = nextIp()) {
  const nonce = randomBytes(18).toString('base64url');
  let ticket: string | undefined;
  const keep = (res: Injected) => {
    const set = res.cookies.find((c) => c.name === 'ingang_queue');
    if (set) ticket = set.value || undefined;
    return res;
  };
  const headers = (extra: Record<string, string> = {}) => ({ 'x-queue-nonce': nonce, ...extra });
  const cookies = () => (ticket ? { ingang_queue: ticket } : undefined);
  return {
    nonce,
    get ticket() {
      return ticket;
    },
    set ticket(value: string | undefined) {
      ticket = value;
    },
    /** Takes (or keeps) a place: fetches a challenge and solves it first, as the queue page does. */
    join: async (roomId: string) => keep(await joinRoom(t, roomId, headers(), cookies(), ip, await solved(t, roomId))),
    /** POST …/join with exactly this body (no solving). */
    joinWith: async (roomId: string, body: Record<string, unknown> | undefined) =>
      keep(await joinRoom(t, roomId, headers(), cookies(), ip, body)),
    status: async (roomId: string) =>
      keep(
        await t.app.inject({
          method: 'GET',
          url: `/api/queue/rooms/${roomId}/status`,
          headers: headers(),
          cookies: cookies(),
          remoteAddress: ip,
        }),
      ),
    leave: async (roomId: string) =>
      keep(
        await t.app.inject({
          method: 'DELETE',
          url: `/api/queue/rooms/${roomId}/ticket`,
          headers: headers(),
          cookies: cookies(),
          remoteAddress: ip,
        }),
      ),
    /** POST /api/auth/bankid/auth (the login start behind the gate). */
    startLogin: async (extra: Record<string, string> = {}) =>
      keep(
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/bankid/auth',
          headers: headers(extra),
          cookies: cookies(),
          payload: {},
          remoteAddress: ip,
        }),
      ),
    /** POST /api/bookings with a session's headers and this browser's ticket. */
    book: async (session: { headers: Record<string, string> }, slotId: string) =>
      keep(
        await t.app.inject({
          method: 'POST',
          url: '/api/bookings',
          headers: { ...session.headers, ...headers(), 'idempotency-key': randomBytes(8).toString('hex') },
          cookies: cookies(),
          payload: { slotId },
          remoteAddress: ip,
        }),
      ),
  };
}

/** The room's proof-of-work prefix this minute (from its public answer), solved for a fresh client nonce. */
export async function solved(t: TestApp, roomId: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${roomId}` });
  const pow = res.statusCode === 200 ? (res.json().data.pow as { prefix: string; bits: number } | null) : null;
  if (!pow) return undefined;
  const clientNonce = randomBytes(16).toString('base64url');
  return { challenge: pow.prefix, clientNonce, solution: solveEpoch(pow.prefix, clientNonce, pow.bits) };
}

function joinRoom(
  t: TestApp,
  roomId: string,
  headers: Record<string, string>,
  cookies: Record<string, string> | undefined,
  ip: string,
  body: Record<string, unknown> | undefined,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/queue/rooms/${roomId}/join`,
    headers,
    cookies,
    remoteAddress: ip,
    ...(body ? { payload: body } : {}),
  });
}

export async function openRoom(t: TestApp, admin: { headers: Record<string, string> }, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/admin/waiting-rooms', headers: admin.headers, payload: body });
}

export async function changeRoom(
  t: TestApp,
  admin: { headers: Record<string, string> },
  id: string,
  body: Record<string, unknown>,
) {
  return t.app.inject({
    method: 'PATCH',
    url: `/api/admin/waiting-rooms/${id}`,
    headers: admin.headers,
    payload: body,
  });
}

/** A browser's hold on a place (its nonce and ticket cookie), which any instance may be asked about. */
type Holder = { nonce: string; ticket?: string | undefined };
const holding = (p: Holder) => ({
  headers: { 'x-queue-nonce': p.nonce },
  cookies: { ingang_queue: p.ticket as string },
});

/** GET …/status on this instance (the load balancer sent the browser there); a new ticket cookie is kept. */
export async function statusOn(t: TestApp, roomId: string, p: Holder) {
  const res = await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${roomId}/status`, ...holding(p) });
  const set = res.cookies.find((c) => c.name === 'ingang_queue');
  if (set) p.ticket = set.value;
  return res;
}

/** DELETE …/ticket ("done") on this instance. */
export function leaveOn(t: TestApp, roomId: string, p: Holder) {
  return t.app.inject({ method: 'DELETE', url: `/api/queue/rooms/${roomId}/ticket`, ...holding(p) });
}

/** A room's admin dashboard on this instance. */
export function dashboardOn(t: TestApp, admin: { headers: Record<string, string> }, roomId: string) {
  return t.app.inject({ method: 'GET', url: `/api/admin/waiting-rooms/${roomId}/dashboard`, headers: admin.headers });
}
