/** The waiting room's calls and the shared time formatting of its pages. */
import { RoomResponse, TicketStatusResponse } from '@ingang/contracts';
import { api } from '../../api/client.js';
import { NONCE_HEADER, queueNonce } from '../../api/queue.js';

const nonceHeaders = () => ({ [NONCE_HEADER]: queueNonce(true) as string });

export const joinQueue = (roomId: string) =>
  api.post(`/api/queue/rooms/${encodeURIComponent(roomId)}/join`, {
    headers: nonceHeaders(),
    schema: TicketStatusResponse,
  });

export const queueStatus = (roomId: string) =>
  api.get(`/api/queue/rooms/${encodeURIComponent(roomId)}/status`, {
    headers: nonceHeaders(),
    schema: TicketStatusResponse,
  });

export const fetchRoom = (roomId: string) =>
  api.get(`/api/queue/rooms/${encodeURIComponent(roomId)}`, { schema: RoomResponse }).then((r) => r.data);

/** "14:05" today, or "3 maj 14:05", in Stockholm time. */
export function formatMoment(iso: string, language: string): string {
  const at = new Date(iso);
  const sameDay = new Date().toDateString() === at.toDateString();
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', {
    timeZone: 'Europe/Stockholm',
    ...(sameDay ? {} : { day: 'numeric', month: 'long' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

/** Only same-site paths (no open redirect); the start page otherwise. */
export function safeNext(value: string | null): string {
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/';
}
