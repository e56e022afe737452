/** The waiting room's calls and the shared time formatting of its pages. */
import { QueueChallengeResponse, RoomResponse, TicketStatusResponse } from '@ingang/contracts';
import { ApiError, api } from '../../api/client.js';
import { NONCE_HEADER, queueNonce } from '../../api/queue.js';
import { formatMoment as formatMomentOf } from '../../ui/datetime.js';

const nonceHeaders = () => ({ [NONCE_HEADER]: queueNonce(true) as string });

const postJoin = (roomId: string, body: { challenge: string; solution: string } | undefined) =>
  api.post(`/api/queue/rooms/${encodeURIComponent(roomId)}/join`, {
    headers: nonceHeaders(),
    ...(body ? { body } : {}),
    schema: TicketStatusResponse,
  });

/** Share of the expected work done (0–1), while a new place's proof of work is being found. */
export type SolveProgress = (share: number) => void;

/**
 * Keeps the place this browser holds, or takes a new one: a new place costs a
 * solved challenge (the server answers pow_required), found in a Web Worker so
 * the page stays responsive — or on the main thread in small slices where
 * workers are unavailable.
 */
export async function joinQueue(roomId: string, onProgress: SolveProgress = () => undefined) {
  try {
    return await postJoin(roomId, undefined);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'pow_required')) throw error;
  }
  const { challenge, bits } = await api.get(`/api/queue/rooms/${encodeURIComponent(roomId)}/challenge`, {
    schema: QueueChallengeResponse,
  });
  onProgress(0);
  const solution = await solveChallenge(challenge, bits, onProgress);
  onProgress(1);
  return postJoin(roomId, { challenge, solution });
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

export const fetchRoom = (roomId: string) =>
  api.get(`/api/queue/rooms/${encodeURIComponent(roomId)}`, { schema: RoomResponse }).then((r) => r.data);

/** "14.05" today, or "3 maj kl. 14.05", in Stockholm time. */
export function formatMoment(iso: string, language: string): string {
  return formatMomentOf(iso, language);
}

/** Only same-site paths (no open redirect); the start page otherwise. */
export function safeNext(value: string | null): string {
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/';
}
