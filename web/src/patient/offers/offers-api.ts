/** The citizen's targeted offers: the list for me and those I act for, one offer with its times, and booking. */
import {
  BookingResponse,
  type BookOfferRequest,
  CitizenOfferListResponse,
  CitizenOfferResponse,
} from '@ingang/contracts';
import { type FormDefinition, validateFormDefinition } from '@ingang/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { bookingsKey } from '../booking/use-booking.js';

export const offersKey = ['offers'] as const;

/** GET /api/offers — one entry per offer and patient. */
export function useOffers() {
  return useQuery({
    queryKey: offersKey,
    queryFn: () => api.get('/api/offers', { schema: CitizenOfferListResponse }).then((r) => r.data),
  });
}

/** GET /api/offers/:id?patientId= — the offer for one patient, with bookable times and the form. */
export function useOffer(id: string, patientId: string | undefined) {
  return useQuery({
    queryKey: [...offersKey, id, patientId ?? 'self'],
    queryFn: async () => {
      const query = patientId ? `?patientId=${encodeURIComponent(patientId)}` : '';
      const { data } = await api.get(`/api/offers/${encodeURIComponent(id)}${query}`, {
        schema: CitizenOfferResponse,
      });
      let form: FormDefinition | null = null;
      if (data.form) {
        const checked = validateFormDefinition(data.form.definition);
        if (!checked.ok) throw new Error(checked.errors.join(' '));
        form = checked.value;
      }
      return { offer: data, form };
    },
  });
}

/** POST /api/offers/:id/book with an Idempotency-Key (one per visit of the page). */
export function useBookOffer(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: BookOfferRequest; key: string }) =>
      api
        .post(`/api/offers/${encodeURIComponent(id)}/book`, {
          body,
          headers: { 'idempotency-key': key },
          schema: BookingResponse,
        })
        .then((r) => r.data),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: offersKey }),
        client.invalidateQueries({ queryKey: bookingsKey }),
      ]),
  });
}
