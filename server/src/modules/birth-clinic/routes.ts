/**
 * Birth-clinic routes (thin: validate with the contract, call the service).
 * Citizens: /api/birth-clinic. Antenatal and delivery staff:
 * /api/staff/birth-clinic/*. Region admins: /api/admin/birth-clinic/*.
 */
import {
  AdminClinicsResponse,
  AllocationRunResponse,
  BirthClinicSubjectQuery,
  CapacityYearQuery,
  ClinicWeekParams,
  ClinicYearParams,
  CorrectDueDateRequest,
  DeliveryListQuery,
  DeliveryListResponse,
  ErrorResponse,
  MyBirthClinicResponse,
  NoContent,
  OverrideRequest,
  OverviewQuery,
  OverviewResponse,
  PregnancyParams,
  RegisterPregnancyRequest,
  SetWeekRequest,
  SetWishesRequest,
  SetYearPlanRequest,
  StaffPregnancyListQuery,
  StaffPregnancyListResponse,
  StaffPregnancyResponse,
  StaffSetWishesRequest,
} from '@ingang/contracts';
import { z } from 'zod';
import { requireCitizen, requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { createAdminService } from './admin-service.js';
import type { createCitizenService } from './citizen-service.js';
import type { createStaffService } from './staff-service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['birth-clinic'];

export interface BirthClinicServices {
  citizens: ReturnType<typeof createCitizenService>;
  staff: ReturnType<typeof createStaffService>;
  admin: ReturnType<typeof createAdminService>;
}

/** Registers the module's routes inside the authenticated /api scope. */
export function birthClinicRoutes(s: BirthClinicServices) {
  return async (api: Api) => {
    api.get(
      '/birth-clinic',
      {
        schema: {
          tags,
          summary: 'My registered pregnancy, wishes and result, and the clinics to choose among',
          querystring: BirthClinicSubjectQuery,
          response: { 200: MyBirthClinicResponse, ...errors },
        },
      },
      async (request) => ({ data: await s.citizens.get(requireCitizen(request), request.query.subjectId) }),
    );
    api.put(
      '/birth-clinic/wishes',
      {
        schema: {
          tags,
          summary: 'Rank up to three delivery clinics (an empty list withdraws the wishes)',
          description:
            '400 names clinicIds.<n> (same clinic twice, closed that week); 409 cutoff_passed after the last day; 409 wishes_changed when someone changed them since `version`.',
          body: SetWishesRequest,
          response: { 200: MyBirthClinicResponse, ...errors },
        },
      },
      async (request) => ({ data: await s.citizens.setWishes(requireCitizen(request), request.body) }),
    );

    api.get(
      '/staff/birth-clinic/pregnancies',
      {
        schema: {
          tags,
          summary: 'The active antenatal clinic’s registered pregnancies',
          querystring: StaffPregnancyListQuery,
          response: { 200: StaffPregnancyListResponse, ...errors },
        },
      },
      async (request) => s.staff.list(requireStaff(request), request.query.filter),
    );
    api.post(
      '/staff/birth-clinic/pregnancies',
      {
        schema: {
          tags,
          summary: 'Register a pregnancy (the patient is told she can state her wish)',
          description: '400 dueDate (past, > 44 weeks ahead); 409 already_registered.',
          body: RegisterPregnancyRequest,
          response: { 201: StaffPregnancyResponse, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ data: await s.staff.register(requireStaff(request), request.body) }),
    );
    api.put(
      '/staff/birth-clinic/pregnancies/:id/due-date',
      {
        schema: {
          tags,
          summary: 'Correct the due date (moves the delivery week and the cut-off)',
          params: PregnancyParams,
          body: CorrectDueDateRequest,
          response: { 200: StaffPregnancyResponse, ...errors },
        },
      },
      async (request) => ({
        data: await s.staff.correctDueDate(requireStaff(request), request.params.id, request.body),
      }),
    );
    api.put(
      '/staff/birth-clinic/pregnancies/:id/wishes',
      {
        schema: {
          tags,
          summary: 'Enter the wishes for a patient who cannot use the app (reason logged)',
          params: PregnancyParams,
          body: StaffSetWishesRequest,
          response: { 200: StaffPregnancyResponse, ...errors },
        },
      },
      async (request) => ({ data: await s.staff.setWishes(requireStaff(request), request.params.id, request.body) }),
    );
    api.get(
      '/staff/birth-clinic/deliveries',
      {
        schema: {
          tags,
          summary: 'The active delivery clinic’s allocated patients in a week, and over-plan weeks ahead',
          querystring: DeliveryListQuery,
          response: { 200: DeliveryListResponse, ...errors },
        },
      },
      async (request) => ({ data: await s.staff.deliveries(requireStaff(request), request.query.week) }),
    );

    api.get(
      '/admin/birth-clinic/clinics',
      {
        schema: {
          tags,
          summary: 'Delivery clinics with the year’s plan and week adjustments',
          querystring: CapacityYearQuery,
          response: { 200: AdminClinicsResponse, ...errors },
        },
      },
      async (request) => ({ data: await s.admin.clinics(requireStaff(request), request.query.year) }),
    );
    api.put(
      '/admin/birth-clinic/clinics/:clinicId/plans/:year',
      {
        schema: {
          tags,
          summary: 'Set a clinic’s planned births for a year',
          description: '409 capacity_below_told (fields.births).',
          params: ClinicYearParams,
          body: SetYearPlanRequest,
          response: { 204: NoContent, ...errors },
        },
      },
      async (request, reply) => {
        await s.admin.setPlan(requireStaff(request), request.params.clinicId, request.params.year, request.body.births);
        return reply.status(204).send(null);
      },
    );
    api.put(
      '/admin/birth-clinic/clinics/:clinicId/weeks/:week',
      {
        schema: {
          tags,
          summary: 'Adjust or close a clinic’s week',
          description:
            '409 capacity_below_told (fields.capacity); closing a week with patients told there needs a reason and moves them.',
          params: ClinicWeekParams,
          body: SetWeekRequest,
          response: { 204: NoContent, ...errors },
        },
      },
      async (request, reply) => {
        await s.admin.setWeek(requireStaff(request), request.params.clinicId, request.params.week, request.body);
        return reply.status(204).send(null);
      },
    );
    api.get(
      '/admin/birth-clinic/overview',
      {
        schema: {
          tags,
          summary: 'Capacity vs demand per clinic and week, first-wish and fallback shares',
          querystring: OverviewQuery,
          response: { 200: OverviewResponse, ...errors },
        },
      },
      async (request) => ({
        data: await s.admin.overview(requireStaff(request), request.query.from, request.query.weeks),
      }),
    );
    api.get(
      '/admin/birth-clinic/overview.csv',
      {
        schema: {
          tags,
          summary: 'The overview as CSV',
          querystring: OverviewQuery,
          response: { 200: z.string(), ...errors },
        },
      },
      async (request, reply) => {
        const csv = await s.admin.overviewCsv(requireStaff(request), request.query.from, request.query.weeks);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="birth-clinic-${request.query.from}.csv"`)
          .send(csv);
      },
    );
    api.post(
      '/admin/birth-clinic/allocation-runs',
      {
        schema: {
          tags,
          summary: 'Run the allocation now (idempotent)',
          response: { 200: AllocationRunResponse, ...errors },
        },
      },
      async (request) => ({ data: await s.admin.run(requireStaff(request)) }),
    );
    api.post(
      '/admin/birth-clinic/pregnancies/:id/override',
      {
        schema: {
          tags,
          summary: 'Override one allocation with a reason (logged, shown to the clinic)',
          params: PregnancyParams,
          body: OverrideRequest,
          response: { 204: NoContent, ...errors },
        },
      },
      async (request, reply) => {
        await s.admin.override(requireStaff(request), request.params.id, request.body);
        return reply.status(204).send(null);
      },
    );
  };
}
