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
