/**
 * One conversation (/meddelanden/:id, `?for=` the person it is about when the
 * citizen writes for someone else): the messages with pictures and "Läst"
 * marks, new ones live (announced politely, focus stays where it is), and
 * the answer box — or why answering is not possible.
 */
import type { ConversationMessage } from '@ingang/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { useCitizen } from '../../api/me.js';
import { Alert, ButtonLink, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { PatientLayout } from '../patient-layout.js';
import { useAnnouncer } from './announcer.js';
import { Composer } from './composer.js';
import { draftKey, useDraft } from './drafts.js';
import { useLiveConversation } from './live.js';
import { MessageList } from './message-list.js';
import {
  addMessageToCache,
  type CitizenConversation,
  citizenAttachmentUrl,
  conversationKey,
  conversationsKey,
  markRead,
  uploadCitizenAttachment,
  useConversation,
  useSendMessage,
} from './messages-api.js';
import { topicLabel, useMessageSubjects } from './subjects.js';
import { useDocumentVisible } from './visibility.js';

/** The highest seq among the other side's messages (what "read" marks up to). */
function lastFromOther(messages: ConversationMessage[]): number {
  return messages.reduce((max, m) => (!m.author.isMe && m.seq > max ? m.seq : max), 0);
}

export function ConversationPage() {
  const { t, i18n } = useTranslation(['messages', 'common']);
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const subjectId = params.get('for');
  const location = useLocation();
  const started = (location.state as { notice?: string } | null)?.notice === 'started';
  const client = useQueryClient();
  const query = useConversation(id, subjectId);
  const conversation = query.data;
  usePageTitle(conversation?.subject ?? t('conversation.title'));
  const subjects = useMessageSubjects();
  const aboutName = subjectId ? subjects.find((s) => s.subjectId === subjectId)?.name : undefined;
  const send = useSendMessage(id, subjectId);
  const me = useCitizen();
  const draft = useDraft(me ? draftKey(me.personId, subjectId, `conversation.${id}`) : null);
  const { announce, region } = useAnnouncer();
  const [gone, setGone] = useState(false);
  const visible = useDocumentVisible();
  const key = conversationKey(id);

  const status = useLiveConversation({
    conversationId: id,
    scope: subjectId ? { subjectId } : {},
    lastSeq: () => {
      const data = client.getQueryData<CitizenConversation>(key);
      return data ? Math.max(data.lastSeq, ...data.messages.map((m) => m.seq)) : undefined;
    },
    onMessage: (message) => {
      const before = client.getQueryData<CitizenConversation>(key);
      const isNew = before && !before.messages.some((m) => m.id === message.id);
      addMessageToCache(key, message);
      if (isNew && !message.author.isMe) {
        announce(t('conversation.newFrom', { name: message.author.name }));
      }
      void client.invalidateQueries({ queryKey: conversationsKey(subjectId) });
    },
    onRead: (event) => {
      const old = client.getQueryData<CitizenConversation>(key);
      if (event.side !== 'unit' || !old || event.upToSeq <= old.read.unitReadSeq) return;
      const newlyRead = old.messages.some(
        (m) => m.author.isMe && m.seq > old.read.unitReadSeq && m.seq <= event.upToSeq,
      );
      client.setQueryData<CitizenConversation>(key, {
        ...old,
        read: { ...old.read, unitReadSeq: event.upToSeq, unitReadAt: event.at },
      });
      if (newlyRead) announce(t('conversation.readByUnit'));
    },
    onChanged: (event) => {
      const old = client.getQueryData<CitizenConversation>(key);
      if (old && old.status !== event.status) void query.refetch();
    },
    onGone: () => setGone(true),
    onReconnect: () => void query.refetch(),
  });

  // Mark the unit's messages read while the page is in view.
  const otherSeq = conversation ? lastFromOther(conversation.messages) : 0;
  const readSeq = conversation?.read.patientReadSeq ?? 0;
  useEffect(() => {
    if (!visible || otherSeq <= readSeq) return;
    markRead(id, subjectId, otherSeq).catch(() => undefined);
  }, [visible, otherSeq, readSeq, id, subjectId]);

  if (!conversation) {
    const error = query.error;
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 400);
    return (
      <PatientLayout>
        <h1>{t('conversation.title')}</h1>
        {!error ? (
          <Spinner label={t('conversation.loading')} />
        ) : notFound ? (
          <Alert tone="warning">{t('conversation.notFound')}</Alert>
        ) : (
          <ErrorAlert error={error} />
        )}
        <p>
          <Link to="/meddelanden">{t('conversation.backToList')}</Link>
        </p>
      </PatientLayout>
    );
  }

  return (
    <PatientLayout>
      <p>
        <Link to="/meddelanden">{t('conversation.backToList')}</Link>
      </p>
      <h1>{conversation.subject}</h1>
      {started && (
        <Alert tone="success" title={t('conversation.startedTitle')}>
          <p>{t('conversation.started', { unit: conversation.unit.name })}</p>
        </Alert>
      )}
      <dl className="facts">
        <dt>{t('list.unit')}</dt>
        <dd>{conversation.unit.name}</dd>
        {conversation.topic && (
          <>
            <dt>{t('list.topic')}</dt>
            <dd>{topicLabel(conversation.topic, i18n.language)}</dd>
          </>
        )}
        {aboutName && (
          <>
            <dt>{t('list.about')}</dt>
            <dd>{aboutName}</dd>
          </>
        )}
      </dl>
      {gone && <Alert tone="warning">{t('conversation.gone')}</Alert>}
      <section aria-labelledby="messages-title">
        <h2 id="messages-title">{t('conversation.messages')}</h2>
        {status !== 'open' && status !== 'connecting' && (
          <p className="muted" data-testid="live-status">
            {t('conversation.offline')}
          </p>
        )}
        <MessageList
          label={t('conversation.messagesLabel', { subject: conversation.subject })}
          messages={conversation.messages}
          otherReadSeq={conversation.read.unitReadSeq}
          attachmentUrl={(attachmentId) => citizenAttachmentUrl(attachmentId, subjectId)}
        />
        {region}
      </section>
      <section aria-labelledby="answer-title">
        <h2 id="answer-title">{t('conversation.answerTitle')}</h2>
        {conversation.abilities.reply && !gone ? (
          <>
            {conversation.status === 'closed' && <p className="muted">{t('conversation.closedCanReply')}</p>}
            <Composer
              label={t('conversation.answer')}
              value={draft.body}
              onChange={draft.setBody}
              clientId={draft.clientId}
              draftNotice={t('composer.draftKept')}
              upload={(file, onProgress, signal) => uploadCitizenAttachment(subjectId, file, onProgress, signal)}
              attachmentUrl={(attachmentId) => citizenAttachmentUrl(attachmentId, subjectId)}
              submitLabel={t('conversation.send')}
              sentNotice={t('composer.sent')}
              onSend={async (input) => {
                await send.mutateAsync(input);
                draft.clear();
              }}
            />
          </>
        ) : (
          <>
            <p data-testid="cannot-reply">
              {conversation.status === 'closed' ? t('conversation.closedNoReply') : t('conversation.cannotReply')}
            </p>
            <ButtonLink variant="secondary" to="/meddelanden/ny">
              {t('list.new')}
            </ButtonLink>
          </>
        )}
      </section>
    </PatientLayout>
  );
}
