/** The region's triage authoring calls (/api/admin/triage/…). */
import { TriageQuestionnaireListResponse, TriageReportResponse, TriageVersionResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.js';

export type VersionDetail = z.infer<typeof TriageVersionResponse>['data'];
const listKey = ['triage-admin', 'list'] as const;
const versionKey = (id: string) => ['triage-admin', 'version', id] as const;

export function useQuestionnaires() {
  return useQuery({
    queryKey: listKey,
    queryFn: () =>
      api.get('/api/admin/triage/questionnaires', { schema: TriageQuestionnaireListResponse }).then((r) => r.data),
  });
}

export function useVersion(id: string) {
  return useQuery({
    queryKey: versionKey(id),
    queryFn: () => api.get(`/api/admin/triage/versions/${id}`, { schema: TriageVersionResponse }).then((r) => r.data),
  });
}

export function useReport(from: string, to: string) {
  return useQuery({
    queryKey: ['triage-admin', 'report', from, to],
    queryFn: () =>
      api.get(`/api/admin/triage/report?from=${from}&to=${to}`, { schema: TriageReportResponse }).then((r) => r.data),
  });
}

/** New version, save, publish: each stores the returned version and refreshes the list. */
export function useVersionActions() {
  const client = useQueryClient();
  const stored = (data: VersionDetail) => {
    client.setQueryData(versionKey(data.id), data);
    void client.invalidateQueries({ queryKey: listKey });
  };
  return {
    create: useMutation({
      mutationFn: (questionnaireId: string) =>
        api
          .post(`/api/admin/triage/questionnaires/${questionnaireId}/versions`, {
            body: {},
            schema: TriageVersionResponse,
          })
          .then((r) => r.data),
      onSuccess: stored,
    }),
    save: useMutation({
      mutationFn: (input: { id: string; document: unknown }) =>
        api
          .put(`/api/admin/triage/versions/${input.id}`, {
            body: { document: input.document },
            schema: TriageVersionResponse,
          })
          .then((r) => r.data),
      onSuccess: stored,
    }),
    publish: useMutation({
      mutationFn: (id: string) =>
        api.post(`/api/admin/triage/versions/${id}/publish`, { schema: TriageVersionResponse }).then((r) => r.data),
      onSuccess: stored,
    }),
  };
}
