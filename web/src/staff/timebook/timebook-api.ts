/**
 * The staff side of the timebook: publishing and withdrawing the active unit's
 * times, its calendar, and the vaccinator's day list. Every path is here, so the
 * pages never spell a URL.
 */
import {
  DayListBookingResponse,
  DayListDeclarationResponse,
  DayListResponse,
  TimebookPreviewResponse,
  TimebookPublishResponse,
  TimebookResponse,
  TimebookSlotResponse,
  TimebookWithdrawResponse,
  UnitTimeTypesResponse,
} from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.js';

const unit = (unitId: string) => `/api/staff/units/${encodeURIComponent(unitId)}`;
const booking = (bookingId: string) => `/api/staff/bookings/${encodeURIComponent(bookingId)}`;

export type SlotPattern = z.input<typeof import('@ingang/contracts').TimebookSlotPattern>;
export type Preview = z.infer<typeof TimebookPreviewResponse>['data'];
export type DayListEntry = z.infer<typeof DayListResponse>['data']['entries'][number];
export type TimebookDay = z.infer<typeof TimebookResponse>['data']['days'][number];

/** A time type as the pickers show it. */
export interface PublishableType {
  id: string;
  nameSv: string;
  nameEn: string;
  durationMinutes: number;
}

/** GET …/time-types — the types this unit may publish (not retired). */
export function usePublishableTypes(unitId: string) {
  return useQuery({
    queryKey: ['timebook', 'time-types', unitId],
    queryFn: () =>
      api
        .get(`${unit(unitId)}/time-types`, { schema: UnitTimeTypesResponse })
        .then((r) =>
          r.data.map((x) => ({ id: x.id, nameSv: x.name, nameEn: x.nameEn, durationMinutes: x.durationMinutes })),
        ),
  });
}

/** POST …/slots/preview — what a pattern would create (errors per field in `errors`). */
export function usePreview(unitId: string) {
  return useMutation({
    mutationFn: (body: { timeTypeId: string; pattern: SlotPattern }) =>
      api.post(`${unit(unitId)}/slots/preview`, { body, schema: TimebookPreviewResponse }).then((r) => r.data),
  });
}

function useTimebookChanged(unitId: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['timebook', unitId] });
}

/** POST …/slots/publish. */
export function usePublish(unitId: string) {
  const changed = useTimebookChanged(unitId);
  return useMutation({
    mutationFn: (body: { timeTypeId: string; pattern: SlotPattern; visibleFrom?: string }) =>
      api.post(`${unit(unitId)}/slots/publish`, { body, schema: TimebookPublishResponse }).then((r) => r.data),
    onSuccess: changed,
  });
}

/** POST …/slots — one time. */
export function usePublishOne(unitId: string) {
  const changed = useTimebookChanged(unitId);
  return useMutation({
    mutationFn: (body: { timeTypeId: string; start: string; places?: number; visibleFrom?: string }) =>
      api.post(`${unit(unitId)}/slots`, { body, schema: TimebookSlotResponse }).then((r) => r.data),
    onSuccess: changed,
  });
}

/** POST …/slots/withdraw — 409 `slot_has_bookings` unless `cancelBooked` with a reason. */
export function useWithdraw(unitId: string) {
  const changed = useTimebookChanged(unitId);
  return useMutation({
    mutationFn: (body: { slotIds: string[]; cancelBooked: boolean; reason?: string }) =>
      api.post(`${unit(unitId)}/slots/withdraw`, { body, schema: TimebookWithdrawResponse }).then((r) => r.data),
    onSuccess: changed,
  });
}

/** GET …/timebook?from&to — the unit's times per day. */
export function useCalendar(unitId: string, from: string, to: string) {
  return useQuery({
    queryKey: ['timebook', unitId, 'calendar', from, to],
    queryFn: () =>
      api.get(`${unit(unitId)}/timebook?from=${from}&to=${to}`, { schema: TimebookResponse }).then((r) => r.data.days),
  });
}

/** GET …/day-list?date — who is coming that day. */
export function useDayList(unitId: string, date: string) {
  return useQuery({
    queryKey: ['timebook', unitId, 'day-list', date],
    queryFn: () => api.get(`${unit(unitId)}/day-list?date=${date}`, { schema: DayListResponse }).then((r) => r.data),
  });
}

export type Transition = 'arrive' | 'undo-arrival' | 'given' | 'no-show';

/** POST /api/staff/bookings/:id/{arrive|undo-arrival|given|no-show}. */
export function useTransition(unitId: string) {
  const changed = useTimebookChanged(unitId);
  return useMutation({
    mutationFn: ({ bookingId, action }: { bookingId: string; action: Transition }) =>
      api.post(`${booking(bookingId)}/${action}`, { schema: DayListBookingResponse }).then((r) => r.data),
    onSuccess: changed,
  });
}

/** GET /api/staff/bookings/:id/declaration — the printable health declaration. */
export function useDeclaration(bookingId: string) {
  return useQuery({
    queryKey: ['timebook', 'declaration', bookingId],
    queryFn: () =>
      api.get(`${booking(bookingId)}/declaration`, { schema: DayListDeclarationResponse }).then((r) => r.data),
  });
}
