/** The citizen's birth-clinic wish: read (for the subject acted for) and change. */
import { MyBirthClinicResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';

export const birthClinicKey = (subjectId: string | null) => ['birth-clinic', subjectId ?? 'self'] as const;

/** GET /api/birth-clinic?subjectId= */
export function useMyBirthClinic(subjectId: string | null) {
  return useQuery({
    queryKey: birthClinicKey(subjectId),
    queryFn: () =>
      api
        .get(`/api/birth-clinic${subjectId ? `?subjectId=${encodeURIComponent(subjectId)}` : ''}`, {
          schema: MyBirthClinicResponse,
        })
        .then((r) => r.data),
  });
}

/** PUT /api/birth-clinic/wishes (an empty list withdraws). */
export function useSetWishes(subjectId: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { clinicIds: string[]; version: number }) =>
      api
        .put('/api/birth-clinic/wishes', {
          body: { ...body, ...(subjectId ? { subjectId } : {}) },
          schema: MyBirthClinicResponse,
        })
        .then((r) => r.data),
    onSuccess: (data) => client.setQueryData(birthClinicKey(subjectId), data),
  });
}
