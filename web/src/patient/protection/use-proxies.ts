/** Ombud grants: GET /api/proxies and the changes (give, accept, end). */
import { type CreateProxyRequest, ProxyListResponse, ProxyResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.js';
import { refreshMe } from '../../api/me.js';

export const proxiesKey = ['proxies'] as const;

export function useProxies() {
  return useQuery({
    queryKey: proxiesKey,
    queryFn: () => api.get('/api/proxies', { schema: ProxyListResponse }).then((r) => r.data),
  });
}

/** After any change: the lists and `me.actingFor` (an accepted or ended grant changes whom one may act for). */
function useRefresh() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: proxiesKey }), refreshMe()]);
}

export function useCreateProxy() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateProxyRequest>) =>
      api.post('/api/proxies', { body, schema: ProxyResponse }).then((r) => r.data),
    onSuccess: refresh,
  });
}

/** POST /api/proxies/:id/accept or /end. */
export function useProxyAction(action: 'accept' | 'end') {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) =>
      api.post(`/api/proxies/${encodeURIComponent(id)}/${action}`, { schema: ProxyResponse }).then((r) => r.data),
    onSuccess: refresh,
  });
}
