/**
 * The staff side of e-kallelser in the active unit: send, list (with the
 * follow-up list), one invitation, revoke, propose a new time, and the unit's
 * free times to hold or reserve. Every path is here, so pages never spell a URL.
 */
import {
  type CreateInvitationRequest,
  type InvitationStatus,
  StaffFreeSlotListResponse,
  StaffInvitationFormListResponse,
  StaffInvitationListResponse,
  StaffInvitationResponse,
} from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.js';

const unit = (unitId: string) => `/api/staff/units/${encodeURIComponent(unitId)}`;
const one = (unitId: string, id: string) => `${unit(unitId)}/invitations/${encodeURIComponent(id)}`;
export const staffInvitationsKey = (unitId: string) => ['staff', 'invitations', unitId] as const;

export type StaffFreeSlot = z.infer<typeof StaffFreeSlotListResponse>['data'][number];
export type CreateInvitationBody = z.input<typeof import('@ingang/contracts').CreateInvitationRequest>;

/** GET …/invitations?status&followUp — newest first. */
export function useStaffInvitations(unitId: string, filter: { status?: InvitationStatus; followUp?: boolean }) {
  return useQuery({
    queryKey: [...staffInvitationsKey(unitId), 'list', filter],
    // Patients answer on their own devices: re-read when the nurse comes back to the tab.
    refetchOnWindowFocus: true,
    queryFn: () => {
      const params = new URLSearchParams();
      if (filter.status) params.set('status', filter.status);
      if (filter.followUp) params.set('followUp', 'true');
      const query = params.size ? `?${params}` : '';
      return api
        .get(`${unit(unitId)}/invitations${query}`, { schema: StaffInvitationListResponse })
        .then((r) => r.data);
    },
  });
}

/** GET …/invitations/:id (an audited patient read). */
export function useStaffInvitation(unitId: string, id: string) {
  return useQuery({
    queryKey: [...staffInvitationsKey(unitId), 'one', id],
    refetchOnWindowFocus: true,
    queryFn: () => api.get(one(unitId, id), { schema: StaffInvitationResponse }).then((r) => r.data),
  });
}

/** POST …/invitations. */
export function useCreateInvitation(unitId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInvitationBody | CreateInvitationRequest) =>
      api.post(`${unit(unitId)}/invitations`, { body, schema: StaffInvitationResponse }).then((r) => r.data),
    onSuccess: () => client.invalidateQueries({ queryKey: ['staff', 'free-slots', unitId] }),
    onSettled: () => client.invalidateQueries({ queryKey: staffInvitationsKey(unitId) }),
  });
}

/** POST …/invitations/:id/cancel or …/propose-time. */
export function useInvitationAction(unitId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: { kind: 'cancel'; reason?: string } | { kind: 'propose-time'; slotId: string }) =>
      api
        .post(`${one(unitId, id)}/${action.kind}`, {
          body: action.kind === 'cancel' ? (action.reason ? { reason: action.reason } : {}) : { slotId: action.slotId },
          schema: StaffInvitationResponse,
        })
        .then((r) => r.data),
    onSuccess: (data) => client.setQueryData([...staffInvitationsKey(unitId), 'one', id], data),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: staffInvitationsKey(unitId) }),
        client.invalidateQueries({ queryKey: ['staff', 'free-slots', unitId] }),
      ]),
  });
}

/** GET …/invitation-slots?timeTypeId&from&to — free, unreserved times (Stockholm dates, inclusive). */
export function useFreeSlots(unitId: string, search: { timeTypeId: string; from: string; to: string } | null) {
  return useQuery({
    queryKey: ['staff', 'free-slots', unitId, search],
    enabled: search !== null,
    queryFn: () => {
      const s = search as { timeTypeId: string; from: string; to: string };
      const params = new URLSearchParams({ timeTypeId: s.timeTypeId, from: s.from, to: s.to });
      return api
        .get(`${unit(unitId)}/invitation-slots?${params}`, { schema: StaffFreeSlotListResponse })
        .then((r) => r.data);
    },
  });
}

export interface InvitationForm {
  id: string;
  name: string;
}

/** The forms an invitation can ask for (those with a version, not retired). */
export function useInvitationForms(unitId: string) {
  return useQuery({
    queryKey: ['staff', 'invitation-forms', unitId],
    staleTime: 5 * 60_000,
    queryFn: async (): Promise<InvitationForm[]> => {
      const { data } = await api.get(`${unit(unitId)}/invitation-forms`, { schema: StaffInvitationFormListResponse });
      return data
        .filter((f) => f.retiredAt === null && f.latestVersion !== null)
        .map((f) => ({ id: f.id, name: f.name }));
    },
  });
}
