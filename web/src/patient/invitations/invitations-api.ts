/**
 * The citizen's invitations (e-kallelser): the list for me and those I act
 * for, one invitation with its form and reserved times, and the answers
 * (confirm, decline, ask for another time, book within the period).
 */
import {
  type BookInvitationRequest,
  CitizenInvitationListResponse,
  CitizenInvitationResponse,
  type ConfirmInvitationRequest,
} from '@ingang/contracts';
import { type FormDefinition, validateFormDefinition } from '@ingang/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { bookingsKey } from '../booking/use-booking.js';

export const invitationsKey = ['invitations'] as const;
const one = (id: string) => `/api/invitations/${encodeURIComponent(id)}`;

/** GET /api/invitations — newest first. */
export function useInvitations() {
  return useQuery({
    queryKey: invitationsKey,
    queryFn: () => api.get('/api/invitations', { schema: CitizenInvitationListResponse }).then((r) => r.data),
  });
}

/** GET /api/invitations/:id — with the form definition (checked like the server does) and reserved times. */
export function useInvitation(id: string) {
  return useQuery({
    queryKey: [...invitationsKey, id],
    queryFn: async () => {
      const { data } = await api.get(one(id), { schema: CitizenInvitationResponse });
      let form: FormDefinition | null = null;
      if (data.form) {
        const checked = validateFormDefinition(data.form.definition);
        if (!checked.ok) throw new Error(checked.errors.join(' '));
        form = checked.value;
      }
      return { invitation: data, form };
    },
  });
}

export type Answer =
  | { action: 'confirm'; body: ConfirmInvitationRequest }
  | { action: 'decline'; body: { reason?: string } }
  | { action: 'request-other-time'; body: { message?: string } }
  | { action: 'book'; body: BookInvitationRequest; key: string };

/** POST /api/invitations/:id/{confirm|decline|request-other-time|book}; answers the updated invitation. */
export function useAnswerInvitation(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (answer: Answer) =>
      api
        .post(`${one(id)}/${answer.action}`, {
          body: answer.body,
          headers: answer.action === 'book' ? { 'idempotency-key': answer.key } : undefined,
          schema: CitizenInvitationResponse,
        })
        .then((r) => r.data),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: invitationsKey }),
        client.invalidateQueries({ queryKey: bookingsKey }),
      ]),
  });
}
