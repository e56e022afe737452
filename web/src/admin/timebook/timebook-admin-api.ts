/** Region administration of the timebook: time types, who may publish them, releases and health-declaration forms. */
import {
  AdminFormListResponse,
  AdminFormResponse,
  AdminFormVersionResponse,
  AdminReleaseListResponse,
  AdminReleaseResponse,
  AdminTimeTypeListResponse,
  AdminTimeTypeResponse,
} from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.js';

export type AdminTimeType = z.infer<typeof AdminTimeTypeResponse>['data'];
export type AdminRelease = z.infer<typeof AdminReleaseResponse>['data'];
export type AdminForm = z.infer<typeof AdminFormResponse>['data'];

const typesKey = ['admin', 'timebook', 'types'] as const;
const typePath = (id: string) => `/api/admin/time-types/${encodeURIComponent(id)}`;

/** GET /api/admin/time-types — every type, retired ones included. */
export function useTimeTypes() {
  return useQuery({
    queryKey: typesKey,
    queryFn: () => api.get('/api/admin/time-types', { schema: AdminTimeTypeListResponse }).then((r) => r.data),
  });
}

/** One type out of the list (the list carries every field). */
export function useTimeType(id: string) {
  const query = useTimeTypes();
  return { ...query, type: query.data?.find((x) => x.id === id) };
}

function useTypesChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: typesKey });
}

/** POST /api/admin/time-types. */
export function useCreateTimeType() {
  const changed = useTypesChanged();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.post('/api/admin/time-types', { body, schema: AdminTimeTypeResponse }).then((r) => r.data),
    onSuccess: changed,
  });
}

/** PATCH /api/admin/time-types/:id (`retired: true` retires it). */
export function useUpdateTimeType(id: string) {
  const changed = useTypesChanged();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.patch(typePath(id), { body, schema: AdminTimeTypeResponse }).then((r) => r.data),
    onSuccess: changed,
  });
}

/** PUT /api/admin/time-types/:id/units — the units that may publish the type. */
export function useSetTypeUnits(id: string) {
  const changed = useTypesChanged();
  return useMutation({
    mutationFn: (unitIds: string[]) =>
      api.put(`${typePath(id)}/units`, { body: { unitIds }, schema: AdminTimeTypeResponse }).then((r) => r.data),
    onSuccess: changed,
  });
}

const releasesKey = (id: string) => ['admin', 'timebook', 'releases', id] as const;

/** GET /api/admin/time-types/:id/releases. */
export function useReleases(typeId: string) {
  return useQuery({
    queryKey: releasesKey(typeId),
    queryFn: () => api.get(`${typePath(typeId)}/releases`, { schema: AdminReleaseListResponse }).then((r) => r.data),
  });
}

/** POST /api/admin/time-types/:id/releases. */
export function useAddRelease(typeId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { bornOnOrBefore: string | null; minAge: number | null; opensAt: string }) =>
      api.post(`${typePath(typeId)}/releases`, { body, schema: AdminReleaseResponse }).then((r) => r.data),
    onSuccess: () => client.invalidateQueries({ queryKey: releasesKey(typeId) }),
  });
}

/** POST /api/admin/releases/:id/pause or /resume — takes effect at once. */
export function usePauseRelease(typeId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, paused }: { id: string; paused: boolean }) =>
      api
        .post(`/api/admin/releases/${encodeURIComponent(id)}/${paused ? 'pause' : 'resume'}`, {
          schema: AdminReleaseResponse,
        })
        .then((r) => r.data),
    onSuccess: () => client.invalidateQueries({ queryKey: releasesKey(typeId) }),
  });
}

const formsKey = ['admin', 'timebook', 'forms'] as const;

/** GET /api/admin/forms. */
export function useForms() {
  return useQuery({
    queryKey: formsKey,
    queryFn: () => api.get('/api/admin/forms', { schema: AdminFormListResponse }).then((r) => r.data),
  });
}

/** GET /api/admin/forms/:id — with every version. */
export function useForm(id: string) {
  return useQuery({
    queryKey: [...formsKey, id],
    queryFn: () =>
      api.get(`/api/admin/forms/${encodeURIComponent(id)}`, { schema: AdminFormResponse }).then((r) => r.data),
  });
}

/** POST /api/admin/forms. */
export function useCreateForm() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; definition?: Record<string, unknown> }) =>
      api.post('/api/admin/forms', { body, schema: AdminFormResponse }).then((r) => r.data),
    onSuccess: () => client.invalidateQueries({ queryKey: formsKey }),
  });
}

/** POST /api/admin/forms/:id/versions — the definition is validated by the server. */
export function useAddFormVersion(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (definition: Record<string, unknown>) =>
      api
        .post(`/api/admin/forms/${encodeURIComponent(id)}/versions`, {
          body: { definition },
          schema: AdminFormVersionResponse,
        })
        .then((r) => r.data),
    onSuccess: () => client.invalidateQueries({ queryKey: formsKey }),
  });
}
