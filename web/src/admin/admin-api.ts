/** The administration's server calls (units, unit staff and roles, change history), as TanStack Query hooks. */
import {
  AdminUnitListResponse,
  ChangeLogResponse,
  StaffMemberResponse,
  UnitResponse,
  UnitStaffResponse,
} from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { UnitRole } from '../staff/format.js';

const unitsKey = ['admin', 'units'] as const;
const staffKey = (unitId: string) => ['admin', 'units', unitId, 'staff'] as const;
const changesKey = (unitId: string) => ['admin', 'units', unitId, 'changes'] as const;
const path = (unitId: string) => `/api/admin/units/${encodeURIComponent(unitId)}`;

/** GET /api/admin/units — every unit the caller administers (region admins: all). */
export function useAdminUnits() {
  return useQuery({
    queryKey: unitsKey,
    queryFn: () => api.get('/api/admin/units', { schema: AdminUnitListResponse }).then((r) => r.data),
  });
}

/** One unit out of the admin list (there is no separate admin read; the list carries full units). */
export function useAdminUnit(unitId: string) {
  const query = useAdminUnits();
  return { ...query, unit: query.data?.find((u) => u.id === unitId) };
}

/** The form body for create and edit: built by unit-form-values.ts, validated by the server. */
export type UnitBody = Record<string, unknown>;

/** POST /api/admin/units. */
export function useCreateUnit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UnitBody) => api.post('/api/admin/units', { body, schema: UnitResponse }).then((r) => r.data),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin'] }),
  });
}

/** PATCH /api/admin/units/:unitId. */
export function useUpdateUnit(unitId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UnitBody) => api.patch(path(unitId), { body, schema: UnitResponse }).then((r) => r.data),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['admin'] });
      void client.invalidateQueries({ queryKey: ['staff', 'unit', unitId] });
    },
  });
}

/** GET /api/admin/units/:unitId/staff — members, roles and the caller's abilities in the unit. */
export function useUnitStaff(unitId: string) {
  return useQuery({
    queryKey: staffKey(unitId),
    queryFn: () => api.get(`${path(unitId)}/staff`, { schema: UnitStaffResponse }),
  });
}

export interface AddStaffBody {
  hsaId: string;
  givenName: string;
  familyName: string;
  email: string;
  title: string;
  roles: UnitRole[];
}

function useStaffChanged(unitId: string) {
  const client = useQueryClient();
  // Returned, so the mutation settles (and its status message appears) only once the lists are
  // fresh: "Dan Dahl är borttagen" must not be announced while his row is still shown.
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: staffKey(unitId) }),
      client.invalidateQueries({ queryKey: changesKey(unitId) }),
      client.invalidateQueries({ queryKey: ['staff', 'unit', unitId] }),
    ]);
}

/** POST /api/admin/units/:unitId/staff. */
export function useAddStaff(unitId: string) {
  const changed = useStaffChanged(unitId);
  return useMutation({
    mutationFn: (body: AddStaffBody) =>
      api.post(`${path(unitId)}/staff`, { body, schema: StaffMemberResponse }).then((r) => r.data),
    onSuccess: changed,
  });
}

/** PUT /api/admin/units/:unitId/staff/:staffId/roles — an empty list removes the person from the unit. */
export function useSetRoles(unitId: string) {
  const changed = useStaffChanged(unitId);
  return useMutation({
    mutationFn: ({ staffId, roles }: { staffId: string; roles: UnitRole[] }) =>
      api
        .put(`${path(unitId)}/staff/${encodeURIComponent(staffId)}/roles`, {
          body: { roles },
          schema: StaffMemberResponse,
        })
        .then((r) => r.data),
    onSuccess: changed,
  });
}

/** GET /api/admin/units/:unitId/changes — newest first. */
export function useUnitChanges(unitId: string) {
  return useQuery({
    queryKey: changesKey(unitId),
    queryFn: () => api.get(`${path(unitId)}/changes`, { schema: ChangeLogResponse }).then((r) => r.data),
  });
}
