/** The unit's timebook: publishing, withdrawing, the calendar, the day list and the visit actions. */
import {
  DayListBookingParams,
  DayListBookingResponse,
  DayListDeclarationResponse,
  DayListQuery,
  DayListResponse,
  ErrorResponse,
  TimebookPreviewRequest,
  TimebookPreviewResponse,
  TimebookPublishRequest,
  TimebookPublishResponse,
  TimebookQuery,
  TimebookResponse,
  TimebookSingleSlotRequest,
  TimebookSlotResponse,
  TimebookWithdrawRequest,
  TimebookWithdrawResponse,
  UnitParams,
  UnitTimeTypesResponse,
} from '@ingang/contracts';
import { requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { createCalendarService } from './calendar-service.js';
import { type createDayService, STAFF_BOOKING_ACTIONS, type StaffBookingAction } from './day-service.js';
import type { createPublishService } from './publish-service.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const tags = ['timebook'];

export async function timebookStaffRoutes(
  api: Api,
  {
    publishing,
    days,
    calendars,
  }: {
    publishing: ReturnType<typeof createPublishService>;
    days: ReturnType<typeof createDayService>;
    calendars: ReturnType<typeof createCalendarService>;
  },
) {
  api.post(
    '/staff/units/:unitId/slots/preview',
    {
      schema: {
        tags,
        summary: 'What a pattern would publish (count, first 50, per date); pattern problems come back in errors',
        params: UnitParams,
        body: TimebookPreviewRequest,
        response: { 200: TimebookPreviewResponse, ...errors },
      },
    },
    async (request) => ({
      data: await publishing.preview(
        requireStaff(request),
        request.params.unitId,
        request.body.timeTypeId,
        request.body.pattern,
      ),
    }),
  );

  api.post(
    '/staff/units/:unitId/slots/publish',
    {
      schema: {
        tags,
        summary: 'Publish a pattern: all its times or none; times the unit already has are skipped',
        params: UnitParams,
        body: TimebookPublishRequest,
        response: { 201: TimebookPublishResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { timeTypeId, pattern, visibleFrom } = request.body;
      const result = await publishing.publish(
        requireStaff(request),
        request.params.unitId,
        timeTypeId,
        pattern,
        visibleFrom,
      );
      return reply.status(201).send({ data: result });
    },
  );

  api.post(
    '/staff/units/:unitId/slots',
    {
      schema: {
        tags,
        summary: 'Publish one time; 409 slot_exists',
        params: UnitParams,
        body: TimebookSingleSlotRequest,
        response: { 201: TimebookSlotResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ data: await publishing.publishOne(requireStaff(request), request.params.unitId, request.body) }),
  );

  api.post(
    '/staff/units/:unitId/slots/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw times; booked ones need cancelBooked with a reason (409 slot_has_bookings otherwise)',
        params: UnitParams,
        body: TimebookWithdrawRequest,
        response: { 200: TimebookWithdrawResponse, ...errors },
      },
    },
    async (request) => ({
      data: await publishing.withdraw(requireStaff(request), request.params.unitId, request.body),
    }),
  );

  api.get(
    '/staff/units/:unitId/time-types',
    {
      schema: {
        tags,
        summary: 'The time types this unit may publish (staff of the unit, region admins)',
        params: UnitParams,
        response: { 200: UnitTimeTypesResponse, ...errors },
      },
    },
    async (request) => ({ data: await calendars.publishableTypes(requireStaff(request), request.params.unitId) }),
  );

  api.get(
    '/staff/units/:unitId/timebook',
    {
      schema: {
        tags,
        summary: "The unit's times per day (Stockholm dates from–to, at most 62 days): places booked and free",
        params: UnitParams,
        querystring: TimebookQuery,
        response: { 200: TimebookResponse, ...errors },
      },
    },
    async (request) => ({
      data: await calendars.calendar(requireStaff(request), request.params.unitId, request.query),
    }),
  );

  api.get(
    '/staff/units/:unitId/day-list',
    {
      schema: {
        tags,
        summary: "The day's bookings at the unit with health declarations (staff working in the unit; audited)",
        params: UnitParams,
        querystring: DayListQuery,
        response: { 200: DayListResponse, ...errors },
      },
    },
    async (request) => ({
      data: await days.dayList(requireStaff(request), request.params.unitId, request.query.date),
    }),
  );

  for (const action of Object.keys(STAFF_BOOKING_ACTIONS) as StaffBookingAction[]) {
    api.post(
      `/staff/bookings/:bookingId/${action}`,
      {
        schema: {
          tags,
          summary: `Register "${action}" for a booking at the unit (409 invalid_transition)`,
          params: DayListBookingParams,
          response: { 200: DayListBookingResponse, ...errors },
        },
      },
      async (request) => ({ data: await days.act(requireStaff(request), request.params.bookingId, action) }),
    );
  }

  api.get(
    '/staff/bookings/:bookingId/declaration',
    {
      schema: {
        tags,
        summary: "The booking's health declaration with its questions, for printing (audited)",
        params: DayListBookingParams,
        response: { 200: DayListDeclarationResponse, ...errors },
      },
    },
    async (request) => ({ data: await days.declaration(requireStaff(request), request.params.bookingId) }),
  );
}
