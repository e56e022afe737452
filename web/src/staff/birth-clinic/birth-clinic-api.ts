/** Staff birth-clinic calls: the antenatal clinic's pregnancies and changes, the delivery clinic's list. */
import { DeliveryListResponse, StaffPregnancyListResponse, StaffPregnancyResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';

export type PregnancyFilter = 'all' | 'no_wish' | 'near_cutoff';
const key = (unitId: string) => ['staff', 'birth-clinic', unitId] as const;

export function usePregnancies(unitId: string, filter: PregnancyFilter) {
  return useQuery({
    queryKey: [...key(unitId), filter],
    queryFn: () =>
      api.get(`/api/staff/birth-clinic/pregnancies?filter=${filter}`, { schema: StaffPregnancyListResponse }),
    retry: false,
  });
}

/** POST register / PUT due date / PUT wishes — each refreshes the list. */
export function usePregnancyChange(unitId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (c: { method: 'post' | 'put'; path: string; body: object }) =>
      api[c.method](`/api/staff/birth-clinic/pregnancies${c.path}`, { body: c.body, schema: StaffPregnancyResponse }),
    onSuccess: () => client.invalidateQueries({ queryKey: key(unitId) }),
  });
}

export function useDeliveries(unitId: string, week: string | null) {
  return useQuery({
    queryKey: [...key(unitId), 'deliveries', week ?? 'now'],
    queryFn: () =>
      api
        .get(`/api/staff/birth-clinic/deliveries${week ? `?week=${encodeURIComponent(week)}` : ''}`, {
          schema: DeliveryListResponse,
        })
        .then((r) => r.data),
  });
}
