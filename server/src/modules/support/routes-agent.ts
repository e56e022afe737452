/** Agent routes for the case queue: views, take, answer, escalate, close, merge, bookings (with a reason: list, cancel, rebook). */
import {
  AgentAnswerBody,
  AgentAvailabilityBody,
  AgentCase,
  AgentMe,
  ErrorResponse,
  EscalateBody,
  MergeBody,
  NoContent,
  QueueList,
  QueueQuery,
  SupportBookingList,
  SupportBookingsBody,
  SupportFreeTimeList,
  SupportRebookBody,
} from '@ingang/contracts';
import { z } from 'zod';
import { requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { AgentService } from './agent-service.js';
import type { createSupportBookings } from './bookings.js';
import { asAgent } from './deps.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['support'];
const data = <T extends z.ZodType>(s: T) => z.object({ data: s });
const Params = z.object({ id: z.uuid() });
const agentOf = (request: Parameters<typeof requireStaff>[0]) => asAgent(requireStaff(request));

export function supportAgentRoutes(deps: { agents: AgentService; bookings: ReturnType<typeof createSupportBookings> }) {
  const { agents, bookings } = deps;
  return async (api: Api) => {
    api.get(
      '/support/agent/me',
      {
        schema: {
          tags,
          summary: 'My line, availability, load and the newest unread information post',
          response: { 200: data(AgentMe), ...errors },
        },
      },
      async (request) => ({
        data: await agents.me(agentOf(request)),
      }),
    );
    api.put(
      '/support/agent/me',
      {
        schema: {
          tags,
          summary:
            'Set my availability (and concurrent-case limit, languages); available with room → offered what waits',
          body: AgentAvailabilityBody,
          response: { 200: data(AgentMe), ...errors },
        },
      },
      async (request) => ({
        data: await agents.setAvailability(
          agentOf(request),
          request.body.available,
          request.body.maxConcurrent,
          request.body.languages,
        ),
      }),
    );
    api.post(
      '/support/agent/cases/:id/decline',
      {
        schema: {
          tags,
          summary: 'Decline a case offered to me (409 not_offered otherwise); it goes to the next agent in turn',
          params: Params,
          response: { 200: data(AgentMe), ...errors },
        },
      },
      async (request) => ({
        data: await agents.decline(agentOf(request), request.params.id),
      }),
    );
    api.get(
      '/support/agent/queue',
      {
        schema: {
          tags,
          summary: 'A queue view, longest wait against the SLA first',
          querystring: QueueQuery,
          response: { 200: data(QueueList), ...errors },
        },
      },
      async (request) => ({
        data: { view: request.query.view, cases: await agents.queue(agentOf(request), request.query.view) },
      }),
    );
    api.post(
      '/support/agent/next',
      {
        schema: {
          tags,
          summary: 'Take the next case (offered to me, else the longest-waiting free one); 204 when none',
          response: { 200: data(AgentCase), 204: NoContent, ...errors },
        },
      },
      async (request, reply) => {
        const c = await agents.takeNext(agentOf(request));
        return c ? { data: c } : reply.status(204).send(null);
      },
    );
    api.get(
      '/support/agent/cases/:id',
      {
        schema: {
          tags,
          summary: 'A case with messages and internal notes',
          params: Params,
          response: { 200: data(AgentCase), ...errors },
        },
      },
      async (request) => ({
        data: await agents.get(agentOf(request), request.params.id),
      }),
    );
    api.post(
      '/support/agent/cases/:id/take',
      {
        schema: {
          tags,
          summary: 'Take a case (409 case_taken when another agent has it)',
          params: Params,
          response: { 200: data(AgentCase), ...errors },
        },
      },
      async (request) => ({
        data: await agents.take(agentOf(request), request.params.id),
      }),
    );
    api.post(
      '/support/agent/cases/:id/messages',
      {
        schema: {
          tags,
          summary: 'Answer (by mail for mail/web cases, in the thread) or add an internal note',
          params: Params,
          body: AgentAnswerBody,
          response: { 200: data(AgentCase), ...errors },
        },
      },
      async (request) => ({ data: await agents.answer(agentOf(request), request.params.id, request.body) }),
    );
    api.post(
      '/support/agent/cases/:id/escalate',
      {
        schema: {
          tags,
          summary: 'Escalate to second line with a note (first line)',
          params: Params,
          body: EscalateBody,
          response: { 200: data(AgentCase), ...errors },
        },
      },
      async (request) => ({ data: await agents.escalate(agentOf(request), request.params.id, request.body.note) }),
    );
    api.post(
      '/support/agent/cases/:id/close',
      { schema: { tags, summary: 'Close the case', params: Params, response: { 200: data(AgentCase), ...errors } } },
      async (request) => ({
        data: await agents.close(agentOf(request), request.params.id),
      }),
    );
    api.post(
      '/support/agent/cases/:id/merge',
      {
        schema: {
          tags,
          summary: 'Merge this duplicate into another open case',
          params: Params,
          body: MergeBody,
          response: { 200: data(AgentCase), ...errors },
        },
      },
      async (request) => ({ data: await agents.merge(agentOf(request), request.params.id, request.body.intoCaseId) }),
    );
    api.post(
      '/support/agent/cases/:id/bookings',
      {
        schema: {
          tags,
          summary: "The citizen's bookings, with a stated reason (audit-logged; logged-in cases only)",
          params: Params,
          body: SupportBookingsBody,
          response: { 200: data(SupportBookingList), ...errors },
        },
      },
      async (request) => ({
        data: { bookings: await bookings.list(agentOf(request), request.params.id, request.body.reason) },
      }),
    );
    api.post(
      '/support/agent/cases/:id/bookings/:bookingId/cancel',
      {
        schema: {
          tags,
          summary: 'Cancel one of the citizen’s bookings on their behalf (reason, audit-logged)',
          params: z.object({ id: z.uuid(), bookingId: z.uuid() }),
          body: SupportBookingsBody,
          response: { 204: NoContent, ...errors },
        },
      },
      async (request, reply) => {
        await bookings.cancel(agentOf(request), request.params.id, request.params.bookingId, request.body.reason);
        return reply.status(204).send(null);
      },
    );
    const BookingParams = z.object({ id: z.uuid(), bookingId: z.uuid() });
    api.post(
      '/support/agent/cases/:id/bookings/:bookingId/free-times',
      {
        schema: {
          tags,
          summary: 'Free times of the same type for rebooking one of the citizen’s bookings (reason, audit-logged)',
          params: BookingParams,
          body: SupportBookingsBody,
          response: { 200: data(SupportFreeTimeList), ...errors },
        },
      },
      async (request) => ({
        data: {
          times: await bookings.freeTimes(
            agentOf(request),
            request.params.id,
            request.params.bookingId,
            request.body.reason,
          ),
        },
      }),
    );
    api.post(
      '/support/agent/cases/:id/bookings/:bookingId/rebook',
      {
        schema: {
          tags,
          summary:
            'Move one of the citizen’s bookings to another free time of the same type (reason, audit-logged; 409 slot_full when the time went)',
          params: BookingParams,
          body: SupportRebookBody,
          response: { 201: data(z.object({ id: z.uuid() })), ...errors },
        },
      },
      async (request, reply) => {
        const { id, bookingId } = request.params;
        const moved = await bookings.rebook(agentOf(request), id, bookingId, request.body.slotId, request.body.reason);
        return reply.status(201).send({ data: moved });
      },
    );
  };
}
