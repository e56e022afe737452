/**
 * The waiting room on the browser side: the nonce that binds this browser's
 * queue ticket (kept in localStorage so a reload or a sleeping phone keeps the
 * place; the ticket itself is an HttpOnly cookie), and the detour to the queue
 * page when the server answers 503 queue_required.
 */
const NONCE_KEY = 'ingang.queue.nonce';
export const NONCE_HEADER = 'x-queue-nonce';

function randomNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** This browser's nonce; made (and kept) on first use when `create` is set. */
export function queueNonce(create = false): string | undefined {
  try {
    let nonce = localStorage.getItem(NONCE_KEY) ?? undefined;
    if (!nonce && create) {
      nonce = randomNonce();
      localStorage.setItem(NONCE_KEY, nonce);
    }
    return nonce;
  } catch {
    return undefined;
  }
}

/** The queue page for a room, coming back to `next` (a same-site path) when admitted. */
export function queuePagePath(roomId: string, next: string): string {
  return `/ko/${encodeURIComponent(roomId)}?next=${encodeURIComponent(next)}`;
}

/** Sends the browser to the queue for `roomId` and back here afterwards (not when already there). */
export function goToQueue(roomId: string) {
  if (window.location.pathname.startsWith('/ko/')) return;
  window.location.assign(queuePagePath(roomId, `${window.location.pathname}${window.location.search}`));
}

/*
 * While a ticket is admitted the app says so every half minute, from any page
 * (logging in, choosing a time): in a room that admits by free capacity a
 * ticket that stays silent for a couple of minutes is taken for abandoned and
 * its place given to the next person. The room and the end of the turn are
 * kept in sessionStorage, so a reload keeps saying it too.
 */
const ADMITTED_KEY = 'ingang.queue.admitted';
const HEARTBEAT_MS = 30_000;
let heartbeat: ReturnType<typeof setInterval> | undefined;

function heldTurn(): { roomId: string; until: number } | null {
  try {
    const raw = sessionStorage.getItem(ADMITTED_KEY);
    const held = raw ? (JSON.parse(raw) as { roomId?: unknown; until?: unknown }) : null;
    if (!held || typeof held.roomId !== 'string' || typeof held.until !== 'number') return null;
    return held.until > Date.now() ? { roomId: held.roomId, until: held.until } : null;
  } catch {
    return null;
  }
}

function stopHeartbeat() {
  if (heartbeat) clearInterval(heartbeat);
  heartbeat = undefined;
  try {
    sessionStorage.removeItem(ADMITTED_KEY);
  } catch {
    // Storage unavailable: nothing kept.
  }
}

async function beat() {
  const held = heldTurn();
  const nonce = queueNonce();
  if (!held || !nonce) return stopHeartbeat();
  try {
    const res = await fetch(`/api/queue/rooms/${encodeURIComponent(held.roomId)}/status`, {
      headers: { [NONCE_HEADER]: nonce, accept: 'application/json' },
      credentials: 'same-origin',
    });
    const body = res.ok ? ((await res.json()) as { phase?: string }) : null;
    // The room closed, or the turn was used up or ran out: nothing left to keep.
    if (res.status === 404 || (body && body.phase !== 'admitted')) stopHeartbeat();
  } catch {
    // Offline for a moment: the next beat tries again.
  }
}

/** Starts the half-minute "still here" for an admitted turn (idempotent; after a reload on the first API call). */
export function ensureQueueHeartbeat() {
  if (heartbeat || typeof window === 'undefined' || !heldTurn()) return;
  heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);
}

/** The queue page calls this when the turn comes: `until` is the end of the admitted turn. */
export function keepAdmittedTurn(roomId: string, until: string | null) {
  if (!until) return;
  try {
    sessionStorage.setItem(ADMITTED_KEY, JSON.stringify({ roomId, until: new Date(until).getTime() }));
  } catch {
    return;
  }
  ensureQueueHeartbeat();
}
