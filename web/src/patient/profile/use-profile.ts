/** The citizen's own profile (GET /api/profile) and its update (PATCH /api/profile). */
import { ProfileResponse, type UpdateProfileRequest } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.js';

export const profileKey = ['profile'] as const;

export function useProfile() {
  return useQuery({
    queryKey: profileKey,
    queryFn: () => api.get('/api/profile', { schema: ProfileResponse }).then((r) => r.data),
  });
}

/** PATCH /api/profile; the answer replaces the cached profile. */
export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof UpdateProfileRequest>) =>
      api.patch('/api/profile', { body, schema: ProfileResponse }).then((r) => r.data),
    onSuccess: (profile) => client.setQueryData(profileKey, profile),
  });
}
