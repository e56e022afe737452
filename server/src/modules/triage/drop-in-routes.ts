/**
 * The drop-in queue. Patient: `GET|POST /api/triage/sessions/:id/drop-in`
 * (the queue for this triage; join), `GET /api/drop-in/queues/:queueId/entries/:entryId`
 * (the place, polled), `POST /api/drop-in/entries/:id/answer|leave`. Staff of
 * the active unit: `GET /api/staff/drop-in`, `POST /api/staff/drop-in/open|close|take`.
 */
import {
  DropInEntryIdParams,
  DropInEntryParams,
  DropInEntryResponse,
  DropInStatusResponse,
  DropInTakenResponse,
  OpenDropInRequest,
  StaffDropInResponse,
  TriageIdParams,
} from '@ingang/contracts';
import { requireCitizen, requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { DropInService } from './drop-in-service.js';
import { errors } from './routes.js';

const tags = ['triage'];

export function dropInRoutes(service: DropInService) {
  return async (api: Api) => {
    api.get(
      '/triage/sessions/:id/drop-in',
      {
        schema: {
          tags,
          summary: "For a triage routed to a drop-in: the unit's queue (open or not) and my place if I joined",
          params: TriageIdParams,
          response: { 200: DropInStatusResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.status(requireCitizen(request), request.params.id) }),
    );

    api.post(
      '/triage/sessions/:id/drop-in',
      {
        schema: {
          tags,
          summary: "Join the unit's open drop-in queue (idempotent; 409 queue_closed offers the next route)",
          params: TriageIdParams,
          response: { 200: DropInEntryResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.join(requireCitizen(request), request.params.id) }),
    );

    api.get(
      '/drop-in/queues/:queueId/entries/:entryId',
      {
        schema: {
          tags,
          summary: 'My place in the drop-in queue (poll; served from a snapshot refreshed on change)',
          params: DropInEntryParams,
          response: { 200: DropInEntryResponse, ...errors },
        },
      },
      async (request) => ({
        data: await service.poll(requireCitizen(request), request.params.queueId, request.params.entryId),
      }),
    );

    api.post(
      '/drop-in/entries/:id/answer',
      {
        schema: {
          tags,
          summary: 'It is my turn and I am here (before the answer time runs out)',
          params: DropInEntryIdParams,
          response: { 200: DropInEntryResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.answer(requireCitizen(request), request.params.id) }),
    );

    api.post(
      '/drop-in/entries/:id/leave',
      {
        schema: {
          tags,
          summary: 'Leave the drop-in queue',
          params: DropInEntryIdParams,
          response: { 200: DropInEntryResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.leave(requireCitizen(request), request.params.id) }),
    );

    api.get(
      '/staff/drop-in',
      {
        schema: {
          tags,
          summary: "The active unit's drop-in queue (counts per urgency) and the patients I have taken",
          response: { 200: StaffDropInResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.overview(requireStaff(request)) }),
    );

    api.post(
      '/staff/drop-in/open',
      {
        schema: {
          tags,
          summary: "Open the active unit's drop-in queue (video or chat) until closesAt",
          body: OpenDropInRequest,
          response: { 200: StaffDropInResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.open(requireStaff(request), request.body) }),
    );

    api.post(
      '/staff/drop-in/close',
      {
        schema: {
          tags,
          summary: 'Close the queue now (everyone waiting is told and offered the next route)',
          response: { 200: StaffDropInResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.closeQueue(requireStaff(request)) }),
    );

    api.post(
      '/staff/drop-in/take',
      {
        schema: {
          tags,
          summary: 'Take the next patient (most urgent, then longest waiting) and start the video meeting or the chat',
          response: { 200: DropInTakenResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.take(requireStaff(request)) }),
    );
  };
}
