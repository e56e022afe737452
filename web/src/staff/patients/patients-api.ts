/** The staff portal's patient calls: lookup, care relationship, emergency access, overview, ombud. */
import {
  CareRelationshipResponse,
  EmergencyAccessGrantResponse,
  PatientLookupResponse,
  ProxyResponse,
  StaffPatientOverviewResponse,
} from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';

export const patientKey = (personId: string) => ['staff', 'patient', personId] as const;

/** POST /api/staff/patients/lookup — POST so the personnummer is in no URL or access log. */
export function useLookupPatient() {
  return useMutation({
    mutationFn: (personalNumber: string) =>
      api
        .post('/api/staff/patients/lookup', { body: { personalNumber }, schema: PatientLookupResponse })
        .then((r) => r.data),
  });
}

/** POST /api/staff/patients/relationship — the active unit registers a care relationship with a reason. */
export function useRegisterRelationship() {
  return useMutation({
    mutationFn: (body: { personalNumber: string; reason: string }) =>
      api.post('/api/staff/patients/relationship', { body, schema: CareRelationshipResponse }).then((r) => r.data),
  });
}

/** POST /api/staff/patients/emergency-access — time-limited, flagged access (nödåtkomst). */
export function useEmergencyAccess() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { personalNumber: string; reason: string }) =>
      api
        .post('/api/staff/patients/emergency-access', { body, schema: EmergencyAccessGrantResponse })
        .then((r) => r.data),
    onSuccess: (grant) => client.invalidateQueries({ queryKey: patientKey(grant.personId) }),
  });
}

/** GET /api/staff/patients/:personId — the overview; a 403/404 is an answer, not something to retry. */
export function usePatientOverview(personId: string) {
  return useQuery({
    queryKey: patientKey(personId),
    queryFn: () =>
      api
        .get(`/api/staff/patients/${encodeURIComponent(personId)}`, { schema: StaffPatientOverviewResponse })
        .then((r) => r.data),
    retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
  });
}

export interface StaffProxyBody {
  grantorPersonalNumber: string;
  ombudPersonalNumber: string;
  scopes: string[];
  validUntil: string;
  reason: string;
}

/** POST /api/staff/proxies — an ombud registered on the patient's behalf. */
export function useRegisterProxy() {
  return useMutation({
    mutationFn: (body: StaffProxyBody) =>
      api.post('/api/staff/proxies', { body, schema: ProxyResponse }).then((r) => r.data),
  });
}

/** True for the API's "no care relationship" refusal (lookup, overview). */
export const isNoRelationship = (error: unknown) =>
  error instanceof ApiError && error.status === 403 && error.code === 'no_care_relationship';
