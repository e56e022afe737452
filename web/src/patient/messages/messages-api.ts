/**
 * The citizen's message calls (/api/messaging/…): conversations of each person
 * they act for, one conversation, start, send, read marks, attachments. Every
 * call names its subject explicitly (`subjectId`), never from a cached default.
 */
import {
  CitizenConversationListResponse,
  CitizenConversationResponse,
  type ConversationMessage,
  MarkConversationReadResponse,
  type MessageAttachment,
  MessageAttachmentResponse,
  MessagingUnitListResponse,
  SendConversationMessageResponse,
} from '@ingang/contracts';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.js';
import { queryClient } from '../../api/query-client.js';
import { uploadFile } from './upload.js';

export type CitizenConversation = z.infer<typeof CitizenConversationResponse>['data'];

/** `?subjectId=` for someone else; nothing for oneself. */
export function subjectQuery(subjectId: string | null, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (subjectId) params.set('subjectId', subjectId);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const conversationsKey = (subjectId: string | null) => ['messaging', 'list', subjectId ?? 'self'] as const;
export const conversationKey = (id: string) => ['messaging', 'conversation', id] as const;

/** The conversation lists of several subjects (null = oneself), fetched side by side. */
export function useConversationLists(subjectIds: (string | null)[]) {
  return useQueries({
    queries: subjectIds.map((subjectId) => ({
      queryKey: conversationsKey(subjectId),
      // Read again on every visit: the page only follows changes live while it is open.
      staleTime: 0,
      queryFn: () =>
        api
          .get(`/api/messaging/conversations${subjectQuery(subjectId)}`, { schema: CitizenConversationListResponse })
          .then((r) => r.data),
    })),
  });
}

/** Units the subject may message (with their mode and topics). */
export function useMessagingUnits(subjectId: string | null, enabled = true) {
  return useQuery({
    queryKey: ['messaging', 'units', subjectId ?? 'self'],
    enabled,
    // A unit may change whether patients can write at any time: ask again on every visit.
    staleTime: 0,
    queryFn: () =>
      api
        .get(`/api/messaging/units${subjectQuery(subjectId)}`, { schema: MessagingUnitListResponse })
        .then((r) => r.data),
  });
}

/** One conversation with its messages (the server audits the view). */
export function useConversation(id: string, subjectId: string | null) {
  return useQuery({
    queryKey: conversationKey(id),
    queryFn: () =>
      api
        .get(`/api/messaging/conversations/${encodeURIComponent(id)}${subjectQuery(subjectId)}`, {
          schema: CitizenConversationResponse,
        })
        .then((r) => r.data),
    staleTime: 0,
  });
}

/**
 * Adds `message` to a cached conversation unless it is already there (same seq):
 * the POST answer and the socket both deliver one's own message.
 */
export function addMessageToCache<T extends { messages: ConversationMessage[]; lastSeq: number }>(
  key: readonly unknown[],
  message: ConversationMessage,
) {
  queryClient.setQueryData<T>(key, (old) => {
    if (!old || old.messages.some((m) => m.seq === message.seq || m.id === message.id)) return old;
    const messages = [...old.messages, message].sort((a, b) => a.seq - b.seq);
    return { ...old, messages, lastSeq: Math.max(old.lastSeq, message.seq), lastActivityAt: message.createdAt };
  });
}

export function newClientId(): string {
  // randomUUID needs a secure context (https or localhost); fall back to getRandomValues elsewhere.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface StartInput {
  subjectId: string | null;
  unitId: string;
  topicId?: string;
  subject: string;
  body: string;
  attachmentIds: string[];
  clientId: string;
}

/**
 * How long a send may go unanswered before the person is told it is not sent (and may retry:
 * the clientId makes a retry safe even when the first did arrive).
 */
export const SEND_TIMEOUT_MS = 15_000;

/** POST /api/messaging/conversations: the new conversation (201). */
export function useStartConversation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ subjectId, ...body }: StartInput) =>
      api
        .post(`/api/messaging/conversations${subjectQuery(subjectId)}`, {
          body,
          schema: CitizenConversationResponse,
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        })
        .then((r) => r.data),
    onSuccess: (conversation, input) => {
      client.setQueryData(conversationKey(conversation.id), conversation);
      void client.invalidateQueries({ queryKey: conversationsKey(input.subjectId) });
    },
  });
}

export interface SendInput {
  body: string;
  attachmentIds: string[];
  clientId: string;
}

/** POST …/conversations/:id/messages; the answer is put in the cached conversation at once. */
export function useSendMessage(id: string, subjectId: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SendInput) =>
      api
        .post(`/api/messaging/conversations/${encodeURIComponent(id)}/messages${subjectQuery(subjectId)}`, {
          body,
          schema: SendConversationMessageResponse,
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        })
        .then((r) => r.data),
    onSuccess: (message) => {
      addMessageToCache(conversationKey(id), message);
      void client.invalidateQueries({ queryKey: conversationsKey(subjectId) });
    },
  });
}

/** POST …/conversations/:id/read up to `upToSeq`. */
export async function markRead(id: string, subjectId: string | null, upToSeq: number) {
  const state = await api
    .post(`/api/messaging/conversations/${encodeURIComponent(id)}/read${subjectQuery(subjectId)}`, {
      body: { upToSeq },
      schema: MarkConversationReadResponse,
    })
    .then((r) => r.data);
  queryClient.setQueryData<CitizenConversation>(conversationKey(id), (old) =>
    old ? { ...old, read: state, unreadCount: 0 } : old,
  );
  void queryClient.invalidateQueries({ queryKey: conversationsKey(subjectId) });
  return state;
}

/** The authorised URL of an attachment (an <img src> or a download link; the cookie authorises it). */
export function citizenAttachmentUrl(attachmentId: string, subjectId: string | null): string {
  return `/api/messaging/attachments/${encodeURIComponent(attachmentId)}${subjectQuery(subjectId)}`;
}

/** Uploads one file for the subject; resolves with the attachment the server stored. */
export function uploadCitizenAttachment(
  subjectId: string | null,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<MessageAttachment> {
  return uploadFile(`/api/messaging/attachments${subjectQuery(subjectId, { filename: file.name })}`, file, {
    onProgress,
    signal,
  }).then((r) => MessageAttachmentResponse.parse(r).data);
}
