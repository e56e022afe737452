/**
 * The unit inbox's server calls (/api/staff/units/:unitId/…): the inbox with
 * its filters and counts, one conversation (audited on the server), answers
 * and internal notes, read marks, take/assign, close/reopen, the patient's
 * context, templates, colleagues and attachments.
 */
import {
  type AssignConversationRequest,
  MarkConversationReadResponse,
  type MessageAttachment,
  MessageAttachmentResponse,
  MessagingColleaguesResponse,
  type MessagingInboxFilter,
  MessagingInboxResponse,
  MessagingPatientContextResponse,
  MessagingSettingsResponse,
  type MessagingTemplateInput,
  MessagingTemplateListResponse,
  SendConversationMessageResponse,
  StaffConversationResponse,
  type StaffStartConversationRequest,
  type UpdateMessagingSettingsRequest,
} from '@ingang/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.js';
import { queryClient } from '../../api/query-client.js';
import { addMessageToCache } from '../../patient/messages/messages-api.js';
import { uploadFile } from '../../patient/messages/upload.js';

export type StaffConversation = z.infer<typeof StaffConversationResponse>['data'];
export type InboxFilter = Extract<MessagingInboxFilter, 'new' | 'mine' | 'waiting_for_patient' | 'open' | 'closed'>;

const base = (unitId: string) => `/api/staff/units/${encodeURIComponent(unitId)}`;
const conv = (unitId: string, id: string) => `${base(unitId)}/conversations/${encodeURIComponent(id)}`;

export const inboxKey = (unitId: string) => ['inbox', unitId] as const;
export const staffConversationKey = (unitId: string, id: string) => ['inbox', unitId, 'conversation', id] as const;

/** The inbox for one filter and search text (most urgent first, as the server sorts it); "Visa fler" pages on. */
export function useInbox(unitId: string, filter: InboxFilter, q: string) {
  return useInfiniteQuery({
    queryKey: [...inboxKey(unitId), 'list', filter, q],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ filter, limit: '50' });
      if (q) params.set('q', q);
      if (pageParam) params.set('cursor', pageParam);
      return api.get(`${base(unitId)}/conversations?${params}`, { schema: MessagingInboxResponse });
    },
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
  });
}

export function useStaffConversation(unitId: string, id: string) {
  return useQuery({
    queryKey: staffConversationKey(unitId, id),
    queryFn: () => api.get(conv(unitId, id), { schema: StaffConversationResponse }).then((r) => r.data),
    staleTime: 0,
  });
}

function useAfterChange(unitId: string, id: string) {
  const client = useQueryClient();
  return (conversation: StaffConversation) => {
    client.setQueryData(staffConversationKey(unitId, id), conversation);
    void client.invalidateQueries({ queryKey: [...inboxKey(unitId), 'list'] });
  };
}

/** An answer to the patient, or (`internal`) a note only the unit sees. */
export function useStaffSend(unitId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      internal,
      ...body
    }: {
      internal: boolean;
      body: string;
      attachmentIds: string[];
      clientId: string;
    }) =>
      api
        .post(`${conv(unitId, id)}/${internal ? 'notes' : 'messages'}`, {
          body,
          schema: SendConversationMessageResponse,
        })
        .then((r) => r.data),
    onSuccess: (message) => {
      addMessageToCache(staffConversationKey(unitId, id), message);
      // Answering changes status and assignment: read them again.
      void client.invalidateQueries({ queryKey: staffConversationKey(unitId, id) });
      void client.invalidateQueries({ queryKey: [...inboxKey(unitId), 'list'] });
    },
  });
}

export async function markStaffRead(unitId: string, id: string, upToSeq: number) {
  const state = await api
    .post(`${conv(unitId, id)}/read`, { body: { upToSeq }, schema: MarkConversationReadResponse })
    .then((r) => r.data);
  queryClient.setQueryData<StaffConversation>(staffConversationKey(unitId, id), (old) =>
    old ? { ...old, read: state, unreadCount: 0 } : old,
  );
  void queryClient.invalidateQueries({ queryKey: [...inboxKey(unitId), 'list'] });
}

export function useAssign(unitId: string, id: string) {
  const after = useAfterChange(unitId, id);
  return useMutation({
    mutationFn: (body: z.infer<typeof AssignConversationRequest>) =>
      api.post(`${conv(unitId, id)}/assign`, { body, schema: StaffConversationResponse }).then((r) => r.data),
    onSuccess: after,
  });
}

export function useClose(unitId: string, id: string) {
  const after = useAfterChange(unitId, id);
  return useMutation({
    mutationFn: (allowReply: boolean) =>
      api
        .post(`${conv(unitId, id)}/close`, { body: { allowReply }, schema: StaffConversationResponse })
        .then((r) => r.data),
    onSuccess: after,
  });
}

export function useReopen(unitId: string, id: string) {
  const after = useAfterChange(unitId, id);
  return useMutation({
    mutationFn: () => api.post(`${conv(unitId, id)}/reopen`, { schema: StaffConversationResponse }).then((r) => r.data),
    onSuccess: after,
  });
}

/** The patient's bookings, invitations and other conversations with the unit — fetched only on request (audited). */
export function usePatientContext(unitId: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...staffConversationKey(unitId, id), 'context'],
    enabled,
    queryFn: () =>
      api.get(`${conv(unitId, id)}/context`, { schema: MessagingPatientContextResponse }).then((r) => r.data),
    staleTime: 0,
    gcTime: 0,
  });
}

export function useTemplates(unitId: string) {
  return useQuery({
    queryKey: [...inboxKey(unitId), 'templates'],
    queryFn: () => api.get(`${base(unitId)}/messaging/templates`, { schema: MessagingTemplateListResponse }),
    staleTime: 5 * 60_000,
  });
}

export function useColleagues(unitId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...inboxKey(unitId), 'colleagues'],
    enabled,
    queryFn: () =>
      api.get(`${base(unitId)}/messaging/colleagues`, { schema: MessagingColleaguesResponse }).then((r) => r.data),
    staleTime: 5 * 60_000,
  });
}

export function staffAttachmentUrl(unitId: string, attachmentId: string): string {
  return `${base(unitId)}/messaging/attachments/${encodeURIComponent(attachmentId)}`;
}

export function uploadStaffAttachment(
  unitId: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<MessageAttachment> {
  return uploadFile(`${base(unitId)}/messaging/attachments?${new URLSearchParams({ filename: file.name })}`, file, {
    onProgress,
    signal,
  }).then((r) => MessageAttachmentResponse.parse(r).data);
}

// ---- settings and templates (unit admins edit; other staff read) ----

export type SettingsInput = z.infer<typeof UpdateMessagingSettingsRequest>;
export type TemplateInput = z.infer<typeof MessagingTemplateInput>;

export function useMessagingSettings(unitId: string) {
  return useQuery({
    queryKey: [...inboxKey(unitId), 'settings'],
    queryFn: () =>
      api.get(`${base(unitId)}/messaging/settings`, { schema: MessagingSettingsResponse }).then((r) => r.data),
    staleTime: 0,
  });
}

export function useSaveSettings(unitId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SettingsInput) =>
      api.put(`${base(unitId)}/messaging/settings`, { body, schema: MessagingSettingsResponse }).then((r) => r.data),
    onSuccess: (data) => client.setQueryData([...inboxKey(unitId), 'settings'], data),
  });
}

/** Create (no id), change (id) or remove (`remove: true`) one template. */
export function useSaveTemplate(unitId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, remove, ...body }: TemplateInput & { id?: string; remove?: boolean }) => {
      const path = `${base(unitId)}/messaging/templates${id ? `/${encodeURIComponent(id)}` : ''}`;
      if (remove) return api.delete(path);
      return id ? api.put(path, { body }) : api.post(path, { body });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: [...inboxKey(unitId), 'templates'] }),
  });
}

/** POST /api/staff/units/:unitId/conversations — the unit writes first to a patient it has a care relationship with. */
export function useStaffStart(unitId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.infer<typeof StaffStartConversationRequest>) =>
      api.post(`${base(unitId)}/conversations`, { body, schema: StaffConversationResponse }).then((r) => r.data),
    onSuccess: (conversation) => {
      client.setQueryData(staffConversationKey(unitId, conversation.id), conversation);
      void client.invalidateQueries({ queryKey: [...inboxKey(unitId), 'list'] });
    },
  });
}
