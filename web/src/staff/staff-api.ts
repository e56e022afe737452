/** The staff portal's server calls: the unit page and the choice of unit to work in. */
import { SelectUnitResponse, StaffUnitResponse } from '@ingang/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { refreshMe } from '../api/me.js';

export const staffUnitKey = (unitId: string) => ['staff', 'unit', unitId] as const;

/** GET /api/staff/units/:unitId — details, colleagues and the caller's abilities; nothing while `unitId` is null. */
export function useStaffUnit(unitId: string | null) {
  return useQuery({
    queryKey: staffUnitKey(unitId ?? ''),
    queryFn: () => api.get(`/api/staff/units/${encodeURIComponent(unitId ?? '')}`, { schema: StaffUnitResponse }),
    enabled: Boolean(unitId),
  });
}

/** POST /api/staff/active-unit, then re-reads `me` so every page sees the new unit. */
export function useSelectUnit() {
  return useMutation({
    mutationFn: (unitId: string) =>
      api.post('/api/staff/active-unit', { body: { unitId }, schema: SelectUnitResponse }),
    onSuccess: () => refreshMe(),
  });
}
