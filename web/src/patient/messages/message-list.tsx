/**
 * The messages of one conversation, oldest first (shared by the patient page
 * and the staff conversation view). Each entry says who wrote it and when —
 * in words, not only by its position or colour — shows its pictures through
 * the authorised URL and links its PDFs, marks the caller's own messages
 * "Läst" once the other side has read them, and marks internal notes.
 */
import type { ConversationMessage, MessageAttachment } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import './messages.css';
import { formatBytes, formatMessageTime } from './format.js';

export function AttachmentView({ attachment, url }: { attachment: MessageAttachment; url: string }) {
  const { t } = useTranslation('messages');
  if (attachment.kind === 'image') {
    return (
      <a href={url} target="_blank" rel="noopener" className="msg-picture">
        <img
          src={url}
          alt={t('attachment.pictureAlt', { name: attachment.filename })}
          width={attachment.width ?? undefined}
          height={attachment.height ?? undefined}
          loading="lazy"
        />
        <span className="msg-picture__caption">{t('attachment.openPicture')}</span>
      </a>
    );
  }
  return (
    <a href={url} target="_blank" rel="noopener" className="msg-file">
      {t('attachment.openPdf', { name: attachment.filename, size: formatBytes(attachment.sizeBytes) })}
    </a>
  );
}

export interface MessageListProps {
  messages: ConversationMessage[];
  /** The other side's read mark: the caller's own messages with seq ≤ this show "Läst". */
  otherReadSeq: number;
  attachmentUrl: (attachmentId: string) => string;
  /** Label of the list (for the <ol>). */
  label: string;
  /**
   * Messages of the caller's side (they get "Läst"/"Skickat"). Default: the
   * caller's own; staff pass every staff message (the unit writes as one).
   */
  isOwnSide?: (message: ConversationMessage) => boolean;
}

const ownByDefault = (m: ConversationMessage) => m.author.isMe;

export function MessageList({
  messages,
  otherReadSeq,
  attachmentUrl,
  label,
  isOwnSide = ownByDefault,
}: MessageListProps) {
  const { t, i18n } = useTranslation('messages');
  if (messages.length === 0) return <p className="muted">{t('conversation.empty')}</p>;
  return (
    <ol className="msg-list" aria-label={label} data-testid="message-list">
      {messages.map((m) => {
        const own = isOwnSide(m);
        const classes = ['msg', own ? 'msg--mine' : 'msg--theirs', m.internal ? 'msg--internal' : null];
        return (
          <li key={m.id} className={classes.filter(Boolean).join(' ')} data-testid="message" data-seq={m.seq}>
            {m.internal && <p className="msg__internal">{t('conversation.internalNote')}</p>}
            <p className="msg__meta">
              <strong>{m.author.isMe ? t('conversation.you') : m.author.name}</strong>
              {m.author.kind === 'representative' && !m.author.isMe && ` ${t('conversation.representative')}`}
              {' · '}
              <time dateTime={m.createdAt}>{formatMessageTime(m.createdAt, i18n.language)}</time>
            </p>
            {m.body && <p className="msg__body">{m.body}</p>}
            {m.attachments.length > 0 && (
              <ul className="msg__attachments list-plain">
                {m.attachments.map((a) => (
                  <li key={a.id}>
                    <AttachmentView attachment={a} url={attachmentUrl(a.id)} />
                  </li>
                ))}
              </ul>
            )}
            {own && !m.internal && (
              <p className="msg__status" data-testid="message-status">
                {m.seq <= otherReadSeq ? (
                  <span data-testid="message-read">
                    <span aria-hidden="true">✓✓ </span>
                    {t('conversation.read')}
                  </span>
                ) : (
                  <span>
                    <span aria-hidden="true">✓ </span>
                    {t('conversation.sent')}
                  </span>
                )}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
