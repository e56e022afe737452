/** Queries and mutations for the citizen's side of support (and the public help centre). */
import {
  ArticleList,
  Article as ArticleSchema,
  CitizenCase,
  CitizenCaseCreated,
  CitizenCaseList,
  PublicCaseCreated,
  RatingLinkCase,
  SupportStatus,
} from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type Parser } from '../../api/client.js';
import { FALLBACK_POLL_MS, useCaseLive } from '../../support/live.js';

/** Unwraps the `{ data }` envelope and checks the inside with the contract. */
const data = <T>(s: Parser<T>): Parser<T> => ({ parse: (v) => s.parse((v as { data: unknown }).data) });

export function useSupportStatus() {
  return useQuery({
    queryKey: ['support', 'status'],
    queryFn: () => api.get('/api/support/status', { schema: data(SupportStatus) }),
    refetchInterval: 30_000,
  });
}

export function useArticles(locale: string, q: string) {
  return useQuery({
    queryKey: ['support', 'articles', locale, q],
    queryFn: () =>
      api.get(`/api/support/articles?locale=${locale}${q ? `&q=${encodeURIComponent(q)}` : ''}`, {
        schema: data(ArticleList),
      }),
  });
}

export function useArticle(slug: string, locale: string) {
  return useQuery({
    queryKey: ['support', 'article', slug, locale],
    queryFn: () =>
      api.get(`/api/support/articles/${encodeURIComponent(slug)}?locale=${locale}`, { schema: data(ArticleSchema) }),
  });
}

export function useSuggestions() {
  return useMutation({
    mutationFn: (body: { text: string; locale: string }) =>
      api.post('/api/support/suggestions', { body, schema: data(ArticleList) }),
  });
}

export function usePublicCase() {
  return useMutation({
    mutationFn: (body: { name: string; email: string; subject: string; message: string; locale: string }) =>
      api.post('/api/support/public/cases', { body, schema: data(PublicCaseCreated) }),
  });
}

export function useMyCases() {
  return useQuery({
    queryKey: ['support', 'my'],
    queryFn: () => api.get('/api/support/my/cases', { schema: data(CitizenCaseList) }),
  });
}

export function useMyCase(id: string) {
  // New entries come over the support socket; the query polls only while it is down.
  const key = ['support', 'my', id] as const;
  const { polling } = useCaseLive(id, key);
  return useQuery({
    queryKey: key,
    queryFn: () => api.get(`/api/support/my/cases/${id}`, { schema: data(CitizenCase) }),
    refetchInterval: polling ? FALLBACK_POLL_MS : false,
  });
}

export function useOpenCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { subject: string; message: string; locale: string }) =>
      api.post('/api/support/my/cases', { body, schema: data(CitizenCaseCreated) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['support', 'my'] }),
  });
}

export function useCaseAction(id: string) {
  const qc = useQueryClient();
  const onSuccess = (c: z.infer<typeof CitizenCase>) => qc.setQueryData(['support', 'my', id], c);
  return {
    reply: useMutation({
      mutationFn: (body: string) =>
        api.post(`/api/support/my/cases/${id}/messages`, { body: { body }, schema: data(CitizenCase) }),
      onSuccess,
    }),
    rate: useMutation({
      mutationFn: (body: { rating: number; comment?: string }) =>
        api.post(`/api/support/my/cases/${id}/rating`, { body, schema: data(CitizenCase) }),
      onSuccess,
    }),
  };
}

/** The case a mailed rating link is for (no login; refusals are shown, not retried). */
export function useRatingLink(token: string) {
  return useQuery({
    queryKey: ['support', 'rating', token],
    enabled: token !== '',
    retry: false,
    queryFn: () => api.get(`/api/support/rating?t=${encodeURIComponent(token)}`, { schema: data(RatingLinkCase) }),
  });
}

export function useRateByLink() {
  return useMutation({
    mutationFn: (body: { token: string; rating: number; comment?: string }) =>
      api.post('/api/support/rating', { body }),
  });
}
