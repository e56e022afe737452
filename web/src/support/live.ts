/**
 * Chat by push (issue 16): follows one case over `GET /api/support/ws` (the platform hub on the
 * server, so an entry written on any instance arrives). New entries are merged into the case's
 * cached query data; a changed status refetches it. While the socket is down the caller polls
 * (`polling` true) — the fallback, not the normal path.
 */
import { type SupportMessage, SupportServerMessage } from '@ingang/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useRealtime } from '../api/realtime.js';

/** A fallback poll interval while the socket is down (ms). */
export const FALLBACK_POLL_MS = 5000;

export function useCaseLive(caseId: string, queryKey: readonly unknown[]) {
  const qc = useQueryClient();
  const { status } = useRealtime(
    {
      path: '/api/support/ws',
      parse: (data) => SupportServerMessage.parse(data),
      onOpen: (send) => send({ type: 'subscribe', caseId }),
      onMessage: (m) => {
        if (m.type === 'subscribed') {
          // Anything written while the socket was down comes with one fresh load.
          void qc.invalidateQueries({ queryKey });
        } else if (m.type === 'entry' && m.caseId === caseId) {
          qc.setQueryData(queryKey, (old: { messages: SupportMessage[] } | undefined) =>
            old && !old.messages.some((x) => x.id === m.message.id)
              ? { ...old, messages: [...old.messages, m.message] }
              : old,
          );
        } else if (m.type === 'case' && m.caseId === caseId) {
          void qc.invalidateQueries({ queryKey });
        }
      },
    },
    caseId !== '',
  );
  return { live: status === 'open', polling: status !== 'open' };
}
