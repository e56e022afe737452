/** Region admin calls for birth places: overview, clinics with plans, capacity changes, runs. */
import { AdminClinicsResponse, AllocationRunResponse, OverviewResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';

const key = ['admin', 'birth-clinic'] as const;

export function useOverview(from: string, weeks: number) {
  return useQuery({
    queryKey: [...key, 'overview', from, weeks],
    queryFn: () =>
      api
        .get(`/api/admin/birth-clinic/overview?from=${encodeURIComponent(from)}&weeks=${weeks}`, {
          schema: OverviewResponse,
        })
        .then((r) => r.data),
  });
}

export function useAdminClinics(year: number) {
  return useQuery({
    queryKey: [...key, 'clinics', year],
    queryFn: () =>
      api.get(`/api/admin/birth-clinic/clinics?year=${year}`, { schema: AdminClinicsResponse }).then((r) => r.data),
  });
}

/** PUT a yearly plan or a week; refreshes everything. */
export function useCapacityChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (c: { path: string; body: object }) =>
      api.put(`/api/admin/birth-clinic/clinics/${c.path}`, { body: c.body }),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}

export function useRunAllocation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post('/api/admin/birth-clinic/allocation-runs', { schema: AllocationRunResponse }).then((r) => r.data),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}
