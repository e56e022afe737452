/** Queries and mutations of the support desk (agents). */
import {
  AgentArticleList,
  AgentCase,
  AgentMe,
  Dashboard,
  DeviationList,
  DrillList,
  InfoPostList,
  KnowledgeVersionList,
  QueueList,
  StandardAnswerList,
  SupportBookingList,
  SupportFreeTimeList,
  type SupportQueueView,
} from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type Parser } from '../api/client.js';
import { FALLBACK_POLL_MS, QUEUE_FALLBACK_POLL_MS, useCaseLive, useDeskLive } from './live.js';

/** Unwraps the `{ data }` envelope and checks the inside with the contract. */
const data = <T>(s: Parser<T>): Parser<T> => ({ parse: (v) => s.parse((v as { data: unknown }).data) });
export type AgentCaseData = z.infer<typeof AgentCase>;

// The queue and my offers come by push (the desk layout's socket); they poll, slowly, only while it is down.
export function useAgentMe() {
  const live = useDeskLive();
  return useQuery({
    queryKey: ['desk', 'me'],
    queryFn: () => api.get('/api/support/agent/me', { schema: data(AgentMe) }),
    refetchInterval: live ? false : QUEUE_FALLBACK_POLL_MS,
  });
}

export function useQueue(view: SupportQueueView) {
  const live = useDeskLive();
  return useQuery({
    queryKey: ['desk', 'queue', view],
    queryFn: () => api.get(`/api/support/agent/queue?view=${view}`, { schema: data(QueueList) }),
    refetchInterval: live ? false : QUEUE_FALLBACK_POLL_MS,
  });
}

export function useAgentCase(id: string) {
  // New entries come over the support socket; the query polls only while it is down.
  const key = ['desk', 'case', id] as const;
  const { polling } = useCaseLive(id, key);
  return useQuery({
    queryKey: key,
    queryFn: () => api.get(`/api/support/agent/cases/${id}`, { schema: data(AgentCase) }),
    refetchInterval: polling ? FALLBACK_POLL_MS : false,
  });
}

export const useStandardAnswers = () =>
  useQuery({
    queryKey: ['desk', 'answers'],
    queryFn: () => api.get('/api/support/agent/standard-answers', { schema: data(StandardAnswerList) }),
  });

export const useAgentArticles = () =>
  useQuery({
    queryKey: ['desk', 'articles'],
    queryFn: () => api.get('/api/support/agent/articles', { schema: data(AgentArticleList) }),
  });

export type KnowledgeKind = 'articles' | 'standard-answers';

export const useVersions = (kind: KnowledgeKind, id: string | null) =>
  useQuery({
    queryKey: ['desk', 'versions', kind, id],
    enabled: id !== null,
    queryFn: () => api.get(`/api/support/agent/${kind}/${id}/versions`, { schema: data(KnowledgeVersionList) }),
  });

export const useInfoPosts = () =>
  useQuery({
    queryKey: ['desk', 'info'],
    queryFn: () => api.get('/api/support/agent/info-posts', { schema: data(InfoPostList) }),
  });

export const useDeviations = () =>
  useQuery({
    queryKey: ['desk', 'deviations'],
    queryFn: () => api.get('/api/support/agent/deviations', { schema: data(DeviationList) }),
  });

export const useDashboard = (weeks: number) =>
  useQuery({
    queryKey: ['desk', 'dashboard', weeks],
    queryFn: () => api.get(`/api/support/agent/dashboard?weeks=${weeks}`, { schema: data(Dashboard) }),
  });

export const useDrill = (query: string | null) =>
  useQuery({
    queryKey: ['desk', 'drill', query],
    enabled: query !== null,
    queryFn: () => api.get(`/api/support/agent/dashboard/cases?${query}`, { schema: data(DrillList) }),
  });

/** A mutation that refreshes the desk's queries afterwards. */
export function useDeskMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['desk'] }) });
}

export const deskApi = {
  setAvailable: (available: boolean, languages?: ('sv' | 'en')[]) =>
    api.put('/api/support/agent/me', { body: { available, ...(languages ? { languages } : {}) } }),
  decline: (id: string) => api.post(`/api/support/agent/cases/${id}/decline`),
  next: () => api.post<{ data: AgentCaseData } | null>('/api/support/agent/next'),
  take: (id: string) => api.post(`/api/support/agent/cases/${id}/take`),
  answer: (id: string, body: { body: string; close?: boolean; note?: boolean }) =>
    api.post(`/api/support/agent/cases/${id}/messages`, { body }),
  escalate: (id: string, note: string) => api.post(`/api/support/agent/cases/${id}/escalate`, { body: { note } }),
  close: (id: string) => api.post(`/api/support/agent/cases/${id}/close`),
  merge: (id: string, intoCaseId: string) => api.post(`/api/support/agent/cases/${id}/merge`, { body: { intoCaseId } }),
  bookings: (id: string, reason: string) =>
    api.post(`/api/support/agent/cases/${id}/bookings`, { body: { reason }, schema: data(SupportBookingList) }),
  cancelBooking: (id: string, bookingId: string, reason: string) =>
    api.post(`/api/support/agent/cases/${id}/bookings/${bookingId}/cancel`, { body: { reason } }),
  freeTimes: (id: string, bookingId: string, reason: string) =>
    api.post(`/api/support/agent/cases/${id}/bookings/${bookingId}/free-times`, {
      body: { reason },
      schema: data(SupportFreeTimeList),
    }),
  rebook: (id: string, bookingId: string, slotId: string, reason: string) =>
    api.post(`/api/support/agent/cases/${id}/bookings/${bookingId}/rebook`, { body: { reason, slotId } }),
  saveArticle: (body: {
    slug: string;
    locale: string;
    title: string;
    body: string;
    keywords: string;
    published: boolean;
  }) => api.put('/api/support/agent/articles', { body }),
  saveAnswer: (body: { shortcut: string; title: string; body: string }) =>
    api.put('/api/support/agent/standard-answers', { body }),
  reviewed: (kind: KnowledgeKind, id: string) => api.post(`/api/support/agent/${kind}/${id}/reviewed`),
  read: (postId: string) => api.post(`/api/support/agent/info-posts/${postId}/read`),
  post: (body: { title: string; body: string }) => api.post('/api/support/agent/info-posts', { body }),
  report: (body: { category: string; description: string; caseIds: string[] }) =>
    api.post('/api/support/agent/deviations', { body }),
  forward: (id: string) => api.post(`/api/support/agent/deviations/${id}/forward`),
};
