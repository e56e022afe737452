/**
 * Data for the citizen booking pages: the catalogue, units, free times
 * (paged), my bookings, and the changes (book, cancel, rebook).
 */
import {
  BookingListResponse,
  BookingResponse,
  type CreateBookingRequest,
  CreateBookingResponse,
  type FreeSlot,
  FreeSlotListResponse,
  type PublicTimeType,
  PublicTimeTypeListResponse,
  UnitListResponse,
  UnitResponse,
} from '@ingang/contracts';
import { type FormDefinition, validateFormDefinition } from '@ingang/domain';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { saveBookingsForOffline } from '../offline/saved-bookings.js';

export const bookingsKey = ['bookings'] as const;
const slotsKey = ['slots'] as const;

/** Self-bookable time types, by Swedish name. */
export function useTimeTypes() {
  return useQuery({
    queryKey: ['time-types'],
    queryFn: () => api.get('/api/time-types', { schema: PublicTimeTypeListResponse }).then((r) => r.data),
    staleTime: 5 * 60_000,
  });
}

/** The public unit directory (for the municipality choice). */
export function useUnits() {
  return useQuery({
    queryKey: ['units', 'all'],
    queryFn: () => api.get('/api/units', { schema: UnitListResponse }).then((r) => r.data),
    staleTime: 5 * 60_000,
  });
}

/** One unit's public details (the address on the confirmation step). */
export function useUnit(unitId: string | undefined) {
  return useQuery({
    queryKey: ['units', 'one', unitId],
    enabled: Boolean(unitId),
    queryFn: () =>
      api.get(`/api/units/${encodeURIComponent(unitId ?? '')}`, { schema: UnitResponse }).then((r) => r.data),
    staleTime: 5 * 60_000,
  });
}

export interface SlotSearch {
  timeTypeId: string;
  /** ISO instants. */
  from: string;
  to: string;
  near?: string;
  /** Only these units (a municipality): filtered here, since the search has no municipality parameter. */
  unitIds?: string[];
}

const PAGE = 20;
/** Server pages read per "Visa fler" at most when filtering by municipality. */
const MAX_ROUNDS = 5;

async function searchPage(search: SlotSearch, cursor: string | null, signal: AbortSignal) {
  const wanted = search.unitIds ? new Set(search.unitIds) : null;
  const found: FreeSlot[] = [];
  let next = cursor;
  // With a municipality filter, read on until a page's worth is found (or the rounds are used).
  for (let round = 0; round < (wanted ? MAX_ROUNDS : 1); round++) {
    const params = new URLSearchParams({
      timeTypeId: search.timeTypeId,
      from: search.from,
      to: search.to,
      limit: String(wanted ? 100 : PAGE),
    });
    if (search.near) params.set('near', search.near);
    if (next) params.set('cursor', next);
    const page = await api.get(`/api/slots?${params}`, { schema: FreeSlotListResponse, signal });
    found.push(...(wanted ? page.data.filter((s) => wanted.has(s.unitId)) : page.data));
    next = page.nextCursor;
    if (!next || found.length >= PAGE) break;
  }
  return { data: found, nextCursor: next };
}

/** Free times, earliest first; `fetchNextPage` for "Visa fler". Disabled while `search` is null. */
export function useSlotSearch(search: SlotSearch | null) {
  return useInfiniteQuery({
    queryKey: [...slotsKey, search],
    enabled: search !== null,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => searchPage(search as SlotSearch, pageParam, signal),
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
  });
}

/** My bookings and those of the people I act for. */
export function useBookings() {
  return useQuery({
    queryKey: bookingsKey,
    queryFn: () =>
      api.get('/api/bookings', { schema: BookingListResponse }).then((r) => {
        saveBookingsForOffline(r.data);
        return r.data;
      }),
  });
}

function useRefresh() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: bookingsKey }),
      client.invalidateQueries({ queryKey: slotsKey }),
      client.invalidateQueries({ queryKey: ['booking-outlook'] }),
    ]);
}

/**
 * POST /api/bookings; the caller owns the idempotency key (one per confirmation step). The whole
 * answer: with `ifTaken` it says whether another time than the picked one was booked.
 */
export function useCreateBooking() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ body, key }: { body: CreateBookingRequest; key: string }) =>
      api.post('/api/bookings', { body, headers: { 'idempotency-key': key }, schema: CreateBookingResponse }),
    onSuccess: refresh,
    onError: (error) => {
      // A full time: the list must not keep offering it.
      if ('code' in error && error.code === 'slot_full') void refresh();
    },
  });
}

/** POST /api/bookings/:id/rebook: the old time is released only when the new one is secured. */
export function useRebook() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({
      bookingId,
      slotId,
      key,
      formAnswers,
    }: {
      bookingId: string;
      slotId: string;
      key: string;
      /** Answers to the questions about the new visit's own day, when it is today. */
      formAnswers?: Record<string, string | boolean>;
    }) =>
      api
        .post(`/api/bookings/${encodeURIComponent(bookingId)}/rebook`, {
          body: { slotId, ...(formAnswers ? { formAnswers } : {}) },
          headers: { 'idempotency-key': key },
          schema: BookingResponse,
        })
        .then((r) => r.data),
    onSuccess: refresh,
  });
}

/** DELETE /api/bookings/:id. */
export function useCancelBooking() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (bookingId: string) => api.delete(`/api/bookings/${encodeURIComponent(bookingId)}`),
    onSuccess: refresh,
  });
}

/**
 * The health declaration of a time type (its current version), or nothing
 * when the type needs none. The definition is checked with the same rules the
 * server uses, so a malformed one fails here rather than rendering half.
 */
export function useFormDefinition(timeType: PublicTimeType | undefined) {
  return useQuery({
    queryKey: ['form-version', timeType?.formVersionId],
    enabled: Boolean(timeType?.requiresForm && timeType.formVersionId),
    queryFn: async (): Promise<FormDefinition> => {
      const body = await api.get<{ data: { definition: unknown } }>(
        `/api/time-types/${encodeURIComponent(timeType?.id ?? '')}/form`,
      );
      const checked = validateFormDefinition(body.data.definition);
      if (!checked.ok) throw new Error(checked.errors.join(' '));
      return checked.value;
    },
    staleTime: 5 * 60_000,
  });
}
