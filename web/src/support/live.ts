/**
 * Chat by push (issue 16): follows one case over `GET /api/support/ws` (the platform hub on the
 * server, so an entry written on any instance arrives). New entries are merged into the case's
 * cached query data; a changed status refetches it. While the socket is down the caller polls
 * (`polling` true) — the fallback, not the normal path.
 */
import { type SupportMessage, SupportServerMessage } from '@ingang/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { useRealtime } from '../api/realtime.js';

/** A fallback poll interval while the socket is down (ms). */
export const FALLBACK_POLL_MS = 5000;
/** The queue's and my offers' slow fallback poll while the desk's socket is down (ms). */
export const QUEUE_FALLBACK_POLL_MS = 15_000;

/** Whether the desk's queue socket is open (provided by the desk layout); queries poll only while it is not. */
export const DeskLiveContext = createContext(false);
export const useDeskLive = () => useContext(DeskLiveContext);

/**
 * The agents' queue by push: watches `support:queue` over the support socket (any instance's
 * change arrives). Each `queue` frame refreshes the queue views and my offers; a (re)connection
 * refreshes them once, for what happened while the socket was down.
 */
export function useQueueLive(enabled: boolean): boolean {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['desk', 'queue'] });
    void qc.invalidateQueries({ queryKey: ['desk', 'me'] });
  };
  const { status } = useRealtime(
    {
      path: '/api/support/ws',
      parse: (data) => SupportServerMessage.parse(data),
      onOpen: (send) => send({ type: 'watch-queue' }),
      onMessage: (m) => {
        if (m.type === 'queue' || m.type === 'queue-watched') refresh();
      },
    },
    enabled,
  );
  return status === 'open';
}

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
