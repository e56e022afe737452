/** The citizen's triage calls (/api/triage/…); the subject is named explicitly when starting. */
import { TriageSessionResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.js';

export type TriageSessionView = z.infer<typeof TriageSessionResponse>['data'];
export const triageKey = (id: string) => ['triage', 'session', id] as const;

export function useTriageSession(id: string) {
  return useQuery({
    queryKey: triageKey(id),
    queryFn: () => api.get(`/api/triage/sessions/${id}`, { schema: TriageSessionResponse }).then((r) => r.data),
  });
}

export function useStartTriage() {
  return useMutation({
    mutationFn: (subjectId: string | null) =>
      api
        .post('/api/triage/sessions', { body: subjectId ? { subjectId } : {}, schema: TriageSessionResponse })
        .then((r) => r.data),
  });
}

/** Answer, submit and talk: each returns the whole session, which replaces the cached one. */
export function useTriageStep(id: string) {
  const client = useQueryClient();
  const store = (data: TriageSessionView) => client.setQueryData(triageKey(id), data);
  const options = { onSuccess: store };
  return {
    answer: useMutation({
      mutationFn: (body: { linkId: string; answer: Record<string, unknown> | null }) =>
        api.put(`/api/triage/sessions/${id}/answer`, { body, schema: TriageSessionResponse }).then((r) => r.data),
      ...options,
    }),
    submit: useMutation({
      mutationFn: () =>
        api.post(`/api/triage/sessions/${id}/submit`, { body: {}, schema: TriageSessionResponse }).then((r) => r.data),
      ...options,
    }),
    talk: useMutation({
      mutationFn: () =>
        api.post(`/api/triage/sessions/${id}/talk`, { schema: TriageSessionResponse }).then((r) => r.data),
      ...options,
    }),
  };
}
