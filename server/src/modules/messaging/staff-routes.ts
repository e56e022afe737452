/**
 * The unit inbox, settings and templates for staff
 * (`/api/staff/units/:unitId/…`); patient data only in the session's active unit.
 */
import {
  AssignConversationRequest,
  CloseConversationRequest,
  ErrorResponse,
  MarkConversationReadRequest,
  MarkConversationReadResponse,
  MessageAttachmentResponse,
  MessagingColleaguesResponse,
  MessagingInboxQuery,
  MessagingInboxResponse,
  MessagingPatientContextResponse,
  MessagingSettingsResponse,
  MessagingTemplateInput,
  MessagingTemplateListResponse,
  MessagingTemplateParams,
  MessagingTemplateResponse,
  MessagingUploadQuery,
  NoContent,
  SendConversationMessageRequest,
  SendConversationMessageResponse,
  StaffConversationMessagesQuery,
  StaffConversationParams,
  StaffConversationResponse,
  StaffMessagingAttachmentParams,
  StaffStartConversationRequest,
  UnitParams,
  UpdateMessagingSettingsRequest,
} from '@ingang/contracts';
import { requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { AttachmentService } from './attachments.js';
import { readUpload, sendFile, UPLOAD_BODY_LIMIT } from './http-files.js';
import type { SettingsService } from './settings-service.js';
import type { StaffMessaging } from './staff-service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['messaging'];
const base = '/staff/units/:unitId';

export async function messagingStaffRoutes(
  api: Api,
  deps: { staff: StaffMessaging; files: AttachmentService; settings: SettingsService },
) {
  const { staff, files, settings } = deps;

  api.get(
    `${base}/messaging/settings`,
    {
      schema: {
        tags,
        summary: "The unit's messaging settings and topics",
        params: UnitParams,
        response: { 200: MessagingSettingsResponse, ...errors },
      },
    },
    async (request) => ({ data: await settings.get(requireStaff(request), request.params.unitId) }),
  );

  api.put(
    `${base}/messaging/settings`,
    {
      schema: {
        tags,
        summary: 'Change who may write, the answer-time target and the topics (unit admins)',
        params: UnitParams,
        body: UpdateMessagingSettingsRequest,
        response: { 200: MessagingSettingsResponse, ...errors },
      },
    },
    async (request) => ({ data: await settings.update(requireStaff(request), request.params.unitId, request.body) }),
  );

  api.get(
    `${base}/messaging/templates`,
    {
      schema: {
        tags,
        summary: "The unit's standard answers",
        params: UnitParams,
        response: { 200: MessagingTemplateListResponse, ...errors },
      },
    },
    async (request) => settings.templates(requireStaff(request), request.params.unitId),
  );

  api.post(
    `${base}/messaging/templates`,
    {
      schema: {
        tags,
        summary: 'Add a standard answer (unit admins)',
        params: UnitParams,
        body: MessagingTemplateInput,
        response: { 201: MessagingTemplateResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ data: await settings.createTemplate(requireStaff(request), request.params.unitId, request.body) }),
  );

  api.put(
    `${base}/messaging/templates/:templateId`,
    {
      schema: {
        tags,
        summary: 'Change a standard answer (unit admins)',
        params: MessagingTemplateParams,
        body: MessagingTemplateInput,
        response: { 200: MessagingTemplateResponse, ...errors },
      },
    },
    async (request) => ({
      data: await settings.updateTemplate(
        requireStaff(request),
        request.params.unitId,
        request.params.templateId,
        request.body,
      ),
    }),
  );

  api.delete(
    `${base}/messaging/templates/:templateId`,
    {
      schema: {
        tags,
        summary: 'Remove a standard answer (unit admins)',
        params: MessagingTemplateParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await settings.deleteTemplate(requireStaff(request), request.params.unitId, request.params.templateId);
      return reply.status(204).send(null);
    },
  );

  api.get(
    `${base}/messaging/colleagues`,
    {
      schema: {
        tags,
        summary: 'Staff of the unit (to assign a conversation to)',
        params: UnitParams,
        response: { 200: MessagingColleaguesResponse, ...errors },
      },
    },
    async (request) => ({ data: await staff.colleagues(requireStaff(request), request.params.unitId) }),
  );

  api.get(
    `${base}/conversations`,
    {
      schema: {
        tags,
        summary: 'The unit inbox: filter, search, most urgent first (audited per patient shown)',
        params: UnitParams,
        querystring: MessagingInboxQuery,
        response: { 200: MessagingInboxResponse, ...errors },
      },
    },
    async (request) => staff.inbox(requireStaff(request), request.params.unitId, request.query),
  );

  api.post(
    `${base}/conversations`,
    {
      schema: {
        tags,
        summary: 'Write first to a patient the unit has a care relationship with',
        params: UnitParams,
        body: StaffStartConversationRequest,
        response: { 200: StaffConversationResponse, 201: StaffConversationResponse, ...errors },
      },
    },
    async (request, reply) => {
      const result = await staff.start(requireStaff(request), request.params.unitId, request.body);
      return reply.status(result.created ? 201 : 200).send({ data: result.conversation });
    },
  );

  api.get(
    `${base}/conversations/:id`,
    {
      schema: {
        tags,
        summary: 'A conversation with messages and internal notes (audited)',
        params: StaffConversationParams,
        querystring: StaffConversationMessagesQuery,
        response: { 200: StaffConversationResponse, ...errors },
      },
    },
    async (request) => ({
      data: await staff.get(
        requireStaff(request),
        request.params.unitId,
        request.params.id,
        request.query.since,
        request.query.limit,
      ),
    }),
  );

  for (const [path, internal] of [
    ['messages', false],
    ['notes', true],
  ] as const) {
    api.post(
      `${base}/conversations/:id/${path}`,
      {
        schema: {
          tags,
          summary: internal ? 'Add an internal note (never shown to the patient)' : 'Answer the patient',
          params: StaffConversationParams,
          body: SendConversationMessageRequest,
          response: { 200: SendConversationMessageResponse, 201: SendConversationMessageResponse, ...errors },
        },
      },
      async (request, reply) => {
        const result = await staff.send(
          requireStaff(request),
          request.params.unitId,
          request.params.id,
          request.body,
          internal,
        );
        return reply.status(result.created ? 201 : 200).send({ data: result.message });
      },
    );
  }

  api.post(
    `${base}/conversations/:id/read`,
    {
      schema: {
        tags,
        summary: "Mark the patient's messages read up to a seq",
        params: StaffConversationParams,
        body: MarkConversationReadRequest,
        response: { 200: MarkConversationReadResponse, ...errors },
      },
    },
    async (request) => ({
      data: await staff.markRead(requireStaff(request), request.params.unitId, request.params.id, request.body.upToSeq),
    }),
  );

  api.post(
    `${base}/conversations/:id/assign`,
    {
      schema: {
        tags,
        summary: 'Take (own id), assign to a colleague, or release (null)',
        params: StaffConversationParams,
        body: AssignConversationRequest,
        response: { 200: StaffConversationResponse, ...errors },
      },
    },
    async (request) => ({
      data: await staff.assign(requireStaff(request), request.params.unitId, request.params.id, request.body.staffId),
    }),
  );

  api.post(
    `${base}/conversations/:id/close`,
    {
      schema: {
        tags,
        summary: 'Close, with or without letting the patient answer',
        params: StaffConversationParams,
        body: CloseConversationRequest,
        response: { 200: StaffConversationResponse, ...errors },
      },
    },
    async (request) => ({
      data: await staff.close(requireStaff(request), request.params.unitId, request.params.id, request.body.allowReply),
    }),
  );

  api.post(
    `${base}/conversations/:id/reopen`,
    {
      schema: {
        tags,
        summary: 'Reopen a closed conversation',
        params: StaffConversationParams,
        response: { 200: StaffConversationResponse, ...errors },
      },
    },
    async (request) => ({
      data: await staff.reopen(requireStaff(request), request.params.unitId, request.params.id),
    }),
  );

  api.get(
    `${base}/conversations/:id/context`,
    {
      schema: {
        tags,
        summary: "The patient's bookings, invitations and other conversations with the unit (audited)",
        params: StaffConversationParams,
        response: { 200: MessagingPatientContextResponse, ...errors },
      },
    },
    async (request) => ({
      data: await staff.context(requireStaff(request), request.params.unitId, request.params.id),
    }),
  );

  api.post(
    `${base}/messaging/attachments`,
    {
      bodyLimit: UPLOAD_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Upload a picture or PDF to send to the patient (≤ 10 MB)',
        params: UnitParams,
        querystring: MessagingUploadQuery.omit({ subjectId: true }),
        response: { 201: MessageAttachmentResponse, 413: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireStaff(request);
      const upload = await readUpload(request, request.query.filename);
      return reply.status(201).send({ data: await files.uploadAsStaff(actor, request.params.unitId, upload) });
    },
  );

  api.get(
    `${base}/messaging/attachments/:id`,
    {
      schema: {
        tags,
        summary: 'An attachment of a conversation of the unit (audited; never cached)',
        params: StaffMessagingAttachmentParams,
        response: errors,
      },
    },
    async (request, reply) =>
      sendFile(reply, await files.fetchAsStaff(requireStaff(request), request.params.unitId, request.params.id)),
  );
}
