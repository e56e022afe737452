/**
 * The staff side of targeted offers in the active unit: list, create (a
 * draft), validate an uploaded personnummer list, one offer with its numbers,
 * publish and close.
 */
import {
  type CreateOfferRequest,
  OfferTargetListPreviewResponse,
  StaffOfferListResponse,
  StaffOfferResponse,
} from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.js';

const unit = (unitId: string) => `/api/staff/units/${encodeURIComponent(unitId)}`;
const one = (unitId: string, id: string) => `${unit(unitId)}/offers/${encodeURIComponent(id)}`;
export const staffOffersKey = (unitId: string) => ['staff', 'offers', unitId] as const;

export type OfferTargetListPreview = z.infer<typeof OfferTargetListPreviewResponse>['data'];
export type CreateOfferBody = z.input<typeof import('@ingang/contracts').CreateOfferRequest>;

/** GET …/offers — newest first, with numbers. */
export function useStaffOffers(unitId: string) {
  return useQuery({
    queryKey: [...staffOffersKey(unitId), 'list'],
    queryFn: () => api.get(`${unit(unitId)}/offers`, { schema: StaffOfferListResponse }).then((r) => r.data),
  });
}

/** GET …/offers/:id. */
export function useStaffOffer(unitId: string, id: string) {
  return useQuery({
    queryKey: [...staffOffersKey(unitId), 'one', id],
    queryFn: () => api.get(one(unitId, id), { schema: StaffOfferResponse }).then((r) => r.data),
  });
}

/** POST …/offer-target-lists/validate — every row checked; a token only for a clean file. */
export function useValidateTargetList(unitId: string) {
  return useMutation({
    mutationFn: (text: string) =>
      api
        .post(`${unit(unitId)}/offer-target-lists/validate`, { body: { text }, schema: OfferTargetListPreviewResponse })
        .then((r) => r.data),
  });
}

/** POST …/offers — a draft. */
export function useCreateOffer(unitId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOfferBody | CreateOfferRequest) =>
      api.post(`${unit(unitId)}/offers`, { body, schema: StaffOfferResponse }).then((r) => r.data),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: staffOffersKey(unitId) }),
        client.invalidateQueries({ queryKey: ['staff', 'free-slots', unitId] }),
      ]),
  });
}

/** POST …/offers/:id/{publish|close}. */
export function useOfferAction(unitId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: 'publish' | 'close') =>
      api.post(`${one(unitId, id)}/${action}`, { schema: StaffOfferResponse }).then((r) => r.data),
    onSuccess: (data) => client.setQueryData([...staffOffersKey(unitId), 'one', id], data),
    onSettled: () => client.invalidateQueries({ queryKey: staffOffersKey(unitId) }),
  });
}
