/** The waiting room's calls and the shared time formatting of its pages. */
import { type RoomPublic, RoomResponse, TicketStatusResponse } from '@ingang/contracts';
import { ApiError, api } from '../../api/client.js';
import { NONCE_HEADER, queueNonce } from '../../api/queue.js';
import { formatMoment as formatMomentOf } from '../../ui/datetime.js';

const nonceHeaders = () => ({ [NONCE_HEADER]: queueNonce(true) as string });

const HELD_KEY = 'ingang.queue.held';

/** Whether this browser took a place in `roomId` (then a reload first tries to keep it, without any work). */
function holdsPlace(roomId: string): boolean {
  try {
    return localStorage.getItem(HELD_KEY) === roomId;
  } catch {
    return false;
  }
}

function noteHeld(roomId: string | null) {
  try {
    if (roomId) localStorage.setItem(HELD_KEY, roomId);
    else localStorage.removeItem(HELD_KEY);
  } catch {
    // Private mode without storage: every visit solves anew.
  }
}

function clientNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

type JoinBody = { challenge: string; clientNonce: string; solution: string };

const postJoin = (roomId: string, body: JoinBody | undefined) =>
  api.post(`/api/queue/rooms/${encodeURIComponent(roomId)}/join`, {
    headers: nonceHeaders(),
    ...(body ? { body } : {}),
    schema: TicketStatusResponse,
  });

/** Share of the expected work done (0–1), while a new place's proof of work is being found. */
export type SolveProgress = (share: number) => void;

/**
 * Keeps the place this browser holds, or takes a new one with one request: the
 * room's public answer (which the page reads anyway, cacheable) carries this
 * minute's proof-of-work prefix; the browser solves it for a random client nonce
 * in a Web Worker (or on the main thread in small slices where workers are
 * unavailable) and joins with the solution.
 */
export async function joinQueue(roomId: string, onProgress: SolveProgress = () => undefined) {
  if (holdsPlace(roomId)) {
    try {
      return await postJoin(roomId, undefined);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'pow_required')) throw error;
      noteHeld(null);
    }
  }
  for (let attempt = 0; ; attempt++) {
    const room = await fetchRoom(roomId, attempt > 0);
    try {
      const joined = await postJoin(roomId, room.pow ? await solveFor(room.pow, onProgress) : undefined);
      noteHeld(roomId);
      return joined;
    } catch (error) {
      // The minute turned while solving (or a cache served an old prefix): once more with a fresh one.
      if (attempt === 0 && error instanceof ApiError && error.code === 'pow_expired') continue;
      throw error;
    }
  }
}

async function solveFor(pow: NonNullable<RoomPublic['pow']>, onProgress: SolveProgress): Promise<JoinBody> {
  const nonce = clientNonce();
  onProgress(0);
  const solution = await solveChallenge(`${pow.prefix}:${nonce}`, pow.bits, onProgress);
  onProgress(1);
  return { challenge: pow.prefix, clientNonce: nonce, solution };
}

function solveChallenge(challenge: string, bits: number, onProgress: SolveProgress): Promise<string> {
  const expected = 2 ** bits;
  const share = (tried: number) => Math.min(0.95, tried / expected);
  if (typeof Worker !== 'undefined') {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<{ solution?: string; tried: number }>) => {
        onProgress(share(event.data.tried));
        if (event.data.solution !== undefined) {
          worker.terminate();
          resolve(event.data.solution);
        }
      };
      worker.onerror = (event) => {
        worker.terminate();
        reject(new Error(event.message || 'proof of work failed'));
      };
      worker.postMessage({ challenge, bits });
    });
  }
  return (async () => {
    const { CHUNK, searchChunk } = await import('./pow-solve.js');
    for (let start = 0; ; start += CHUNK) {
      const solution = searchChunk(challenge, bits, start, CHUNK);
      if (solution !== null) return solution;
      onProgress(share(start + CHUNK));
      await new Promise((r) => setTimeout(r, 0));
    }
  })();
}

export const queueStatus = (roomId: string) =>
  api.get(`/api/queue/rooms/${encodeURIComponent(roomId)}/status`, {
    headers: nonceHeaders(),
    schema: TicketStatusResponse,
  });

// The room's answer is shared for two seconds (as its cache header says): the page and the join read it together.
let roomRead: { roomId: string; at: number; answer: Promise<RoomPublic> } | undefined;

export function fetchRoom(roomId: string, fresh = false): Promise<RoomPublic> {
  if (!fresh && roomRead && roomRead.roomId === roomId && Date.now() - roomRead.at < 2000) return roomRead.answer;
  const answer = api
    .get(`/api/queue/rooms/${encodeURIComponent(roomId)}`, { schema: RoomResponse })
    .then((r) => r.data);
  roomRead = { roomId, at: Date.now(), answer };
  answer.catch(() => {
    if (roomRead?.answer === answer) roomRead = undefined;
  });
  return answer;
}

/** "14.05" today, or "3 maj kl. 14.05", in Stockholm time. */
export function formatMoment(iso: string, language: string): string {
  return formatMomentOf(iso, language);
}

/** Only same-site paths (no open redirect); the start page otherwise. */
export function safeNext(value: string | null): string {
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/';
}
