/** The region administrators' audit search (GET /api/admin/audit, paged by cursor) and the staff search. */
import { AdminAuditResponse, StaffSearchResponse } from '@ingang/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { stockholmIsoInstant } from '../../ui/datetime.js';

export interface AuditFilters {
  personalNumber?: string;
  staffId?: string;
  unitId?: string;
  /** ISO date-times: from inclusive, to exclusive (the server's rule). */
  from?: string;
  to?: string;
}

const noRetryOn4xx = (count: number, error: unknown) =>
  !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2;

/** Pages of results, newest first; disabled until a search is made (`filters` null). */
export function useAuditSearch(filters: AuditFilters | null, searchNo: number) {
  return useInfiniteQuery({
    // The search number is in the key: every press of "Sök" is a new (logged) search.
    queryKey: ['admin', 'audit', searchNo, filters],
    enabled: filters !== null,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(filters ?? {})) if (value) params.set(key, value);
      if (pageParam) params.set('cursor', pageParam);
      return api.get(`/api/admin/audit?${params}`, { schema: AdminAuditResponse });
    },
    getNextPageParam: (last) => last.nextCursor,
    retry: noRetryOn4xx,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** GET /api/admin/staff?q= — staff by name or HSA-id (region admins). */
export function useStaffSearch(q: string) {
  return useQuery({
    queryKey: ['admin', 'staff-search', q],
    enabled: q.length > 0,
    queryFn: () =>
      api.get(`/api/admin/staff?q=${encodeURIComponent(q)}`, { schema: StaffSearchResponse }).then((r) => r.data),
    retry: noRetryOn4xx,
  });
}

/** Midnight in Stockholm at the start of `date` (YYYY-MM-DD), as an ISO string with the offset of that night. */
export function stockholmStartOf(date: string): string {
  return stockholmIsoInstant(date);
}

/** The day after `date` (YYYY-MM-DD): an inclusive "to date" becomes the exclusive start of the next day. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
