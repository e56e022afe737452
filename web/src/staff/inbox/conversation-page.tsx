/**
 * /staff/inkorg/:conversationId — one conversation in the unit inbox: the
 * messages and internal notes (marked as internal), take / assign, close
 * (with or without letting the patient answer) and reopen, the patient's
 * context on request (audited), and the answer box with the unit's standard
 * answers. New entries arrive live and are announced politely.
 */
import type { ConversationMessage, StaffMe } from '@ingang/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { useAnnouncer } from '../../patient/messages/announcer.js';
import { Composer } from '../../patient/messages/composer.js';
import { formatMessageTime } from '../../patient/messages/format.js';
import { useLiveConversation } from '../../patient/messages/live.js';
import { MessageList } from '../../patient/messages/message-list.js';
import { addMessageToCache } from '../../patient/messages/messages-api.js';
import { useDocumentVisible } from '../../patient/messages/visibility.js';
import { Alert, ErrorAlert, ProtectedMarker, Spinner, usePageTitle } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { formatPnr } from '../patients/personnummer.js';
import { StaffLayout } from '../staff-layout.js';
import { StartVideoButton } from '../video/start-video-button.js';
import { ConversationActions } from './conversation-actions.js';
import {
  markStaffRead,
  type StaffConversation,
  staffAttachmentUrl,
  staffConversationKey,
  uploadStaffAttachment,
  useStaffConversation,
  useStaffSend,
} from './inbox-api.js';
import { PatientContext } from './patient-context.js';
import { TemplatePicker } from './template-picker.js';
import { useWaitingText } from './waiting.js';

const fromPatient = (m: ConversationMessage) => m.author.kind !== 'staff' && !m.internal;
const fromUnit = (m: ConversationMessage) => m.author.kind === 'staff';

export function StaffConversationPage({ me, unitId, id }: { me: StaffMe; unitId: string; id: string }) {
  const { t, i18n } = useTranslation(['inbox', 'messages', 'common']);
  const query = useStaffConversation(unitId, id);
  const conversation = query.data;
  usePageTitle(conversation?.subject ?? t('inbox:conversation.title'));
  const client = useQueryClient();
  const key = staffConversationKey(unitId, id);
  const send = useStaffSend(unitId, id);
  const [draft, setDraft] = useState('');
  const [mode, setMode] = useState<'answer' | 'note'>('answer');
  const { announce, region } = useAnnouncer();
  const [notice, setNotice] = useState('');
  const [gone, setGone] = useState(false);
  const visible = useDocumentVisible();
  const waiting = useWaitingText();

  useLiveConversation({
    conversationId: id,
    scope: { unitId },
    lastSeq: () => {
      const data = client.getQueryData<StaffConversation>(key);
      return data ? Math.max(data.lastSeq, ...data.messages.map((m) => m.seq)) : undefined;
    },
    onMessage: (message) => {
      const before = client.getQueryData<StaffConversation>(key);
      const isNew = before && !before.messages.some((m) => m.id === message.id);
      addMessageToCache(key, message);
      if (isNew && !message.author.isMe) {
        announce(
          message.internal
            ? t('inbox:conversation.newNote', { name: message.author.name })
            : t('messages:conversation.newFrom', { name: message.author.name }),
        );
      }
    },
    onRead: (event) => {
      if (event.side !== 'patient') return;
      client.setQueryData<StaffConversation>(key, (old) =>
        old && event.upToSeq > old.read.patientReadSeq
          ? { ...old, read: { ...old.read, patientReadSeq: event.upToSeq, patientReadAt: event.at } }
          : old,
      );
    },
    // Status, assignment and waiting time: read the summary again.
    onChanged: () => void query.refetch(),
    onGone: () => setGone(true),
    onReconnect: () => void query.refetch(),
  });

  // Mark the patient's messages read while the page is in view.
  const patientSeq = conversation?.messages.reduce((max, m) => (fromPatient(m) && m.seq > max ? m.seq : max), 0) ?? 0;
  const unitRead = conversation?.read.unitReadSeq ?? 0;
  useEffect(() => {
    if (!visible || patientSeq <= unitRead) return;
    markStaffRead(unitId, id, patientSeq).catch(() => undefined);
  }, [visible, patientSeq, unitRead, unitId, id]);

  if (!conversation) {
    const error = query.error;
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 400);
    return (
      <StaffLayout>
        <h1>{t('inbox:conversation.title')}</h1>
        {!error ? (
          <Spinner label={t('inbox:conversation.loading')} />
        ) : notFound ? (
          <Alert tone="warning">{t('inbox:conversation.notFound')}</Alert>
        ) : (
          <ErrorAlert error={error} />
        )}
        <p>
          <Link to="/staff/inkorg">{t('inbox:conversation.back')}</Link>
        </p>
      </StaffLayout>
    );
  }

  const c = conversation;
  const topic = c.topic ? (i18n.language === 'en' ? c.topic.labelEn : c.topic.labelSv) : null;
  const canWrite = c.abilities.reply && !gone;
  // Without the right to answer (closed, access gone) only internal notes remain.
  const writeMode = canWrite ? mode : 'note';
  return (
    <StaffLayout>
      <p>
        <Link to="/staff/inkorg">{t('inbox:conversation.back')}</Link>
      </p>
      <h1>{c.subject}</h1>
      {c.overdue && (
        <p className="conv-overdue" data-testid="conversation-overdue">
          <span aria-hidden="true">⚠ </span>
          {t('inbox:inbox.overdue')}
        </p>
      )}
      {c.patient.protectedIdentity && (
        <Alert tone="warning" title={t('inbox:conversation.protectedTitle')}>
          <p>{t('inbox:conversation.protectedText')}</p>
        </Alert>
      )}
      <dl className="facts">
        <dt>{t('inbox:inbox.patient')}</dt>
        <dd>
          {c.patient.name}, {formatPnr(c.patient.personalNumber)}
          <ProtectedMarker protectedIdentity={c.patient.protectedIdentity} />
        </dd>
        {topic && (
          <>
            <dt>{t('inbox:inbox.topic')}</dt>
            <dd>{topic}</dd>
          </>
        )}
        <dt>{t('inbox:inbox.status')}</dt>
        <dd data-testid="conversation-status">
          {t(`inbox:status.${c.status}`)}
          {c.status === 'closed' && c.allowReplyWhenClosed && ` (${t('inbox:conversation.patientMayReply')})`}
        </dd>
        <dt>{t('inbox:inbox.assignee')}</dt>
        <dd data-testid="conversation-assignee">
          {c.assignee
            ? c.assignee.staffId === me.staffId
              ? t('inbox:inbox.you')
              : c.assignee.name
            : t('inbox:inbox.nobody')}
        </dd>
        {c.waitingSince && (
          <>
            <dt>{t('inbox:inbox.waiting')}</dt>
            <dd>
              {waiting(c.waitingSince)}
              {c.dueAt && ` · ${t('inbox:inbox.due', { time: formatMessageTime(c.dueAt, i18n.language) })}`}
            </dd>
          </>
        )}
      </dl>
      <ConversationActions me={me} unitId={unitId} conversation={c} onDone={setNotice} />
      <StartVideoButton patientId={c.patient.personId} patientName={c.patient.name} title={c.subject} />
      <div role="status">{notice && <p className="alert alert--success">{notice}</p>}</div>
      <PatientContext unitId={unitId} conversationId={id} />
      {gone && <Alert tone="warning">{t('inbox:conversation.gone')}</Alert>}
      <section aria-labelledby="staff-messages-title">
        <h2 id="staff-messages-title">{t('inbox:conversation.messages')}</h2>
        <MessageList
          label={t('messages:conversation.messagesLabel', { subject: c.subject })}
          messages={c.messages}
          otherReadSeq={c.read.patientReadSeq}
          attachmentUrl={(attachmentId) => staffAttachmentUrl(unitId, attachmentId)}
          isOwnSide={fromUnit}
        />
        {region}
      </section>
      <section aria-labelledby="staff-answer-title">
        <h2 id="staff-answer-title">{t('inbox:conversation.writeTitle')}</h2>
        {!canWrite && c.status === 'closed' && <p className="muted">{t('inbox:conversation.closedHint')}</p>}
        <Composer
          label={writeMode === 'note' ? t('inbox:conversation.noteLabel') : t('inbox:conversation.answerLabel')}
          hint={writeMode === 'note' ? t('inbox:conversation.noteHint') : t('inbox:conversation.answerHint')}
          value={draft}
          onChange={setDraft}
          upload={(file, onProgress, signal) => uploadStaffAttachment(unitId, file, onProgress, signal)}
          attachmentUrl={(attachmentId) => staffAttachmentUrl(unitId, attachmentId)}
          submitLabel={writeMode === 'note' ? t('inbox:conversation.saveNote') : t('inbox:conversation.sendAnswer')}
          sentNotice={writeMode === 'note' ? t('inbox:conversation.noteSaved') : t('inbox:conversation.answerSent')}
          onSend={(input) => send.mutateAsync({ ...input, internal: writeMode === 'note' })}
        >
          {canWrite ? (
            <RadioGroup
              id="staff-write-mode"
              legend={t('inbox:conversation.modeLegend')}
              value={mode}
              onChange={(value) => setMode(value === 'note' ? 'note' : 'answer')}
              options={[
                { value: 'answer', label: t('inbox:conversation.modeAnswer') },
                { value: 'note', label: t('inbox:conversation.modeNote') },
              ]}
            />
          ) : (
            <p className="muted">{t('inbox:conversation.onlyNotes')}</p>
          )}
          {writeMode === 'answer' && (
            <TemplatePicker
              unitId={unitId}
              onInsert={(text) => setDraft((d) => (d.trim() ? `${d.trimEnd()}\n\n${text}` : text))}
            />
          )}
        </Composer>
      </section>
    </StaffLayout>
  );
}
