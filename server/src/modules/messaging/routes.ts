/**
 * Secure messages for citizens (`/api/messaging/…`, for themselves or whom
 * they act for: `subjectId`), web push subscriptions, and the WebSocket. The
 * module registers its own encapsulated scope so the raw-body and multipart
 * parsers of the upload routes touch no other module. Staff routes: staff-routes.ts.
 */
import {
  CitizenConversationListQuery,
  CitizenConversationListResponse,
  CitizenConversationResponse,
  ConversationMessagesQuery,
  ConversationParams,
  ErrorResponse,
  MarkConversationReadRequest,
  MarkConversationReadResponse,
  MessageAttachmentResponse,
  MessagingAttachmentParams,
  MessagingSubjectQuery,
  MessagingUnitListResponse,
  MessagingUploadQuery,
  NoContent,
  PushKeyResponse,
  PushSubscriptionRequest,
  PushUnsubscribeRequest,
  SendConversationMessageRequest,
  SendConversationMessageResponse,
  StartConversationRequest,
} from '@ingang/contracts';
import type { ActingFor } from '../../platform/acting-for.js';
import { requireCitizen } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Api } from '../../platform/http.js';
import type { AttachmentService } from './attachments.js';
import type { CitizenMessaging } from './citizen-service.js';
import { installUploadParsers, readUpload, sendFile, UPLOAD_BODY_LIMIT, UPLOAD_BODY_TYPES } from './http-files.js';
import type { MessagingNotifier } from './notify.js';
import type { SettingsService } from './settings-service.js';
import { messagingStaffRoutes } from './staff-routes.js';
import type { StaffMessaging } from './staff-service.js';
import { type Fanout, registerMessagingSocket } from './ws.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['messaging'];
export interface MessagingRouteServices {
  citizen: CitizenMessaging;
  staff: StaffMessaging;
  settings: SettingsService;
  files: AttachmentService;
  notifier: MessagingNotifier;
  actingFor: ActingFor;
  fanout: Fanout;
}

type Deps = Pick<AppContext, 'db' | 'clock' | 'config' | 'sessions' | 'log' | 'access'>;

export async function messagingRoutes(api: Api, services: MessagingRouteServices, ctx: Deps) {
  const { citizen, staff, settings, files, notifier, actingFor, fanout } = services;
  await api.register(async (scope: Api) => {
    await installUploadParsers(scope);
    registerMessagingSocket(scope, { ...ctx, actingFor, fanout });
    await messagingStaffRoutes(scope, { staff, files, settings });

    scope.get(
      '/messaging/units',
      {
        schema: {
          tags,
          summary: 'Units the subject may message (a care relationship; messaging not off), with topics',
          querystring: MessagingSubjectQuery,
          response: { 200: MessagingUnitListResponse, ...errors },
        },
      },
      async (request) => ({ data: await citizen.units(requireCitizen(request), request.query.subjectId) }),
    );

    scope.get(
      '/messaging/conversations',
      {
        schema: {
          tags,
          summary: "The subject's conversations, newest activity first, with unread counts",
          querystring: CitizenConversationListQuery,
          response: { 200: CitizenConversationListResponse, ...errors },
        },
      },
      async (request) => ({ data: await citizen.list(requireCitizen(request), request.query.subjectId) }),
    );

    scope.post(
      '/messaging/conversations',
      {
        schema: {
          tags,
          summary: 'Start a conversation with a unit (403 unit_not_accepting when patients may not start)',
          querystring: MessagingSubjectQuery,
          body: StartConversationRequest,
          response: { 200: CitizenConversationResponse, 201: CitizenConversationResponse, ...errors },
        },
      },
      async (request, reply) => {
        const result = await citizen.start(requireCitizen(request), request.query.subjectId, request.body);
        return reply.status(result.created ? 201 : 200).send({ data: result.conversation });
      },
    );

    scope.get(
      '/messaging/conversations/:id',
      {
        schema: {
          tags,
          summary: 'A conversation and its messages after `since` (404 for anything the caller may not see)',
          params: ConversationParams,
          querystring: ConversationMessagesQuery,
          response: { 200: CitizenConversationResponse, ...errors },
        },
      },
      async (request) => ({
        data: await citizen.get(
          requireCitizen(request),
          request.query.subjectId,
          request.params.id,
          request.query.since,
          request.query.limit,
        ),
      }),
    );

    scope.post(
      '/messaging/conversations/:id/messages',
      {
        schema: {
          tags,
          summary: 'Send a message (immutable once sent); the same clientId again returns the first (200)',
          params: ConversationParams,
          querystring: MessagingSubjectQuery,
          body: SendConversationMessageRequest,
          response: { 200: SendConversationMessageResponse, 201: SendConversationMessageResponse, ...errors },
        },
      },
      async (request, reply) => {
        const result = await citizen.send(
          requireCitizen(request),
          request.query.subjectId,
          request.params.id,
          request.body,
        );
        return reply.status(result.created ? 201 : 200).send({ data: result.message });
      },
    );

    scope.post(
      '/messaging/conversations/:id/read',
      {
        schema: {
          tags,
          summary: "Mark the unit's messages read up to a seq",
          params: ConversationParams,
          querystring: MessagingSubjectQuery,
          body: MarkConversationReadRequest,
          response: { 200: MarkConversationReadResponse, ...errors },
        },
      },
      async (request) => ({
        data: await citizen.markRead(requireCitizen(request), request.query.subjectId, request.params.id, request.body),
      }),
    );

    scope.post(
      '/messaging/attachments',
      {
        bodyLimit: UPLOAD_BODY_LIMIT,
        config: { bodyTypes: UPLOAD_BODY_TYPES },
        schema: {
          tags,
          summary: 'Upload a picture (JPEG/PNG/HEIC) or PDF, ≤ 10 MB: raw body or multipart `file`',
          querystring: MessagingUploadQuery,
          response: { 201: MessageAttachmentResponse, 413: ErrorResponse, ...errors },
        },
      },
      async (request, reply) => {
        const actor = requireCitizen(request);
        const upload = await readUpload(request, request.query.filename);
        const data = await files.uploadAsCitizen(actor, request.query.subjectId, upload);
        return reply.status(201).send({ data });
      },
    );

    scope.get(
      '/messaging/attachments/:id',
      {
        schema: {
          tags,
          summary: 'An attachment of a conversation the caller may see (audited; never cached)',
          params: MessagingAttachmentParams,
          querystring: MessagingSubjectQuery,
          response: errors,
        },
      },
      async (request, reply) =>
        sendFile(
          reply,
          await files.fetchAsCitizen(requireCitizen(request), request.query.subjectId, request.params.id),
        ),
    );

    scope.get(
      '/messaging/push/key',
      { schema: { tags, summary: 'The VAPID public key for web push', response: { 200: PushKeyResponse, ...errors } } },
      async (request) => {
        requireCitizen(request);
        return { data: { publicKey: await notifier.vapidPublicKey() } };
      },
    );

    scope.post(
      '/messaging/push/subscriptions',
      {
        schema: {
          tags,
          summary: "Store this browser's push subscription for the logged-in person",
          body: PushSubscriptionRequest,
          response: { 204: NoContent, ...errors },
        },
      },
      async (request, reply) => {
        const actor = requireCitizen(request);
        await notifier.subscribe(actor.personId, request.body);
        return reply.status(204).send(null);
      },
    );

    scope.delete(
      '/messaging/push/subscriptions',
      {
        schema: {
          tags,
          summary: 'Forget a push subscription of the logged-in person',
          body: PushUnsubscribeRequest,
          response: { 204: NoContent, ...errors },
        },
      },
      async (request, reply) => {
        const actor = requireCitizen(request);
        await notifier.unsubscribe(actor.personId, request.body.endpoint);
        return reply.status(204).send(null);
      },
    );
  });
}
