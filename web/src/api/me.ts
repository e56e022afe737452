/**
 * `useMe()`: who is logged in (citizen or staff), their roles, abilities,
 * acting-for rights and session limits — the one place the web reads them.
 * Resolves to `null` when nobody is logged in.
 */
import type { CitizenMe, MeResponse, StaffMe } from '@ingang/contracts';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from './client.js';
import { meKey, queryClient } from './query-client.js';

async function fetchMe(): Promise<MeResponse | null> {
  try {
    return await api.get<MeResponse>('/api/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The logged-in user; `data` is null when logged out, undefined while loading. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: fetchMe,
    staleTime: 60_000,
    // Without network the query fails at once (and the offline page shows) instead of pausing;
    // a failed `me` is not re-asked by every component that mounts (the offline page would flicker
    // back to the spinner) — the page's "Försök igen" asks again.
    networkMode: 'always',
    retryOnMount: false,
    retry: (count, error) =>
      count < 1 && !(error instanceof ApiError && (error.code === 'network' || error.status < 500)),
  });
}

/** The citizen behind the session, or null (logged out or staff). */
export function useCitizen(): CitizenMe | null | undefined {
  const { data } = useMe();
  return data === undefined ? undefined : data?.kind === 'citizen' ? data : null;
}

/** The staff member behind the session, or null (logged out or citizen). */
export function useStaff(): StaffMe | null | undefined {
  const { data } = useMe();
  return data === undefined ? undefined : data?.kind === 'staff' ? data : null;
}

/** Re-reads `me` (after login, unit selection, …). */
export function refreshMe() {
  return queryClient.invalidateQueries({ queryKey: meKey });
}
