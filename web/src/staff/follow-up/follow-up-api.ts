/** Follow-up of emergency accesses (unit admins, region admins): the list and "Markera som granskad". */
import { EmergencyAccessItemResponse, EmergencyAccessListResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';

export type FollowUpStatus = 'unreviewed' | 'reviewed' | 'all';

const base = (unitId: string) => `/api/staff/units/${encodeURIComponent(unitId)}/emergency-accesses`;
const listKey = (unitId: string) => ['staff', 'emergency-accesses', unitId] as const;

/** GET …/emergency-accesses?status= — newest first. */
export function useEmergencyAccesses(unitId: string, status: FollowUpStatus) {
  return useQuery({
    queryKey: [...listKey(unitId), status],
    queryFn: () =>
      api.get(`${base(unitId)}?status=${status}`, { schema: EmergencyAccessListResponse }).then((r) => r.data),
    retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
  });
}

/** POST …/emergency-accesses/:id/review with a note; the lists are re-read afterwards (also after a 409). */
export function useReviewEmergencyAccess(unitId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) =>
      api
        .post(`${base(unitId)}/${encodeURIComponent(id)}/review`, {
          body: { note },
          schema: EmergencyAccessItemResponse,
        })
        .then((r) => r.data),
    onSettled: () => client.invalidateQueries({ queryKey: listKey(unitId) }),
  });
}
