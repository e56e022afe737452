/**
 * Staff access to patients: lookup by personnummer (POST, so the number is in
 * no URL or access log), the patient overview, care relationships, emergency
 * access, and the unit administrator's follow-up of emergency accesses.
 */
import {
  CareRelationshipResponse,
  EmergencyAccessGrantResponse,
  EmergencyAccessItemResponse,
  EmergencyAccessListQuery,
  EmergencyAccessListResponse,
  EmergencyAccessParams,
  EmergencyAccessRequest,
  ErrorResponse,
  PatientLookupRequest,
  PatientLookupResponse,
  RegisterRelationshipRequest,
  ReviewEmergencyAccessRequest,
  StaffPatientOverviewResponse,
  StaffPatientParams,
  UnitParams,
} from '@ingang/contracts';
import { requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { createFollowUpService } from './follow-up-service.js';
import type { createCareService } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

export async function careRoutes(
  api: Api,
  {
    care,
    followUp,
  }: { care: ReturnType<typeof createCareService>; followUp: ReturnType<typeof createFollowUpService> },
) {
  api.post(
    '/staff/patients/lookup',
    {
      schema: {
        tags: ['care'],
        summary: 'Find a patient by personnummer; 403 no_care_relationship unless the active unit has one',
        body: PatientLookupRequest,
        response: { 200: PatientLookupResponse, ...errors },
      },
    },
    async (request) => ({ data: await care.lookup(requireStaff(request), request.body.personalNumber) }),
  );

  api.post(
    '/staff/patients/relationship',
    {
      schema: {
        tags: ['care'],
        summary: 'Register a care relationship between the active unit and a patient (idempotent: 200 when it exists)',
        body: RegisterRelationshipRequest,
        response: { 200: CareRelationshipResponse, 201: CareRelationshipResponse, ...errors },
      },
    },
    async (request, reply) => {
      const result = await care.registerRelationship(requireStaff(request), request.body);
      return reply.status(result.created ? 201 : 200).send({ data: result.relationship });
    },
  );

  api.post(
    '/staff/patients/emergency-access',
    {
      schema: {
        tags: ['care'],
        summary: 'Nödåtkomst: time-limited access for the caller in the active unit, flagged for follow-up',
        body: EmergencyAccessRequest,
        response: { 201: EmergencyAccessGrantResponse, ...errors },
      },
    },
    async (request, reply) => {
      const grant = await care.grantEmergencyAccess(requireStaff(request), request.body);
      return reply.status(201).send({ data: grant });
    },
  );

  api.get(
    '/staff/patients/:personId',
    {
      schema: {
        tags: ['care'],
        summary: 'The patient overview for staff (contact details withheld for protected identity)',
        params: StaffPatientParams,
        response: { 200: StaffPatientOverviewResponse, ...errors },
      },
    },
    async (request) => ({ data: await care.overview(requireStaff(request), request.params.personId) }),
  );

  api.get(
    '/staff/units/:unitId/emergency-accesses',
    {
      schema: {
        tags: ['care'],
        summary: "The unit's emergency accesses for follow-up (unit admins and region admins)",
        params: UnitParams,
        querystring: EmergencyAccessListQuery,
        response: { 200: EmergencyAccessListResponse, ...errors },
      },
    },
    async (request) => ({
      data: await followUp.list(requireStaff(request), request.params.unitId, request.query.status),
    }),
  );

  api.post(
    '/staff/units/:unitId/emergency-accesses/:id/review',
    {
      schema: {
        tags: ['care'],
        summary: 'Mark an emergency access as reviewed, with a note',
        params: EmergencyAccessParams,
        body: ReviewEmergencyAccessRequest,
        response: { 200: EmergencyAccessItemResponse, 409: ErrorResponse, ...errors },
      },
    },
    async (request) => ({
      data: await followUp.review(requireStaff(request), request.params.unitId, request.params.id, request.body.note),
    }),
  );
}
