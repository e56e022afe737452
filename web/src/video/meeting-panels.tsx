/**
 * The meeting's side panels: the waiting list (hosts admit or decline), the
 * participant list with the host's controls (mute, remove, spotlight, lock),
 * and the chat (kept in memory for the meeting only).
 */
import type { ChatMessage, SignalParticipant } from '@ingang/contracts';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../ui/datetime.js';
import { Button, TextField } from '../ui/index.js';
import type { MeetingClient, MeetingSnapshot } from './meeting-client.js';

export function WaitingList({ client, waiting }: { client: MeetingClient; waiting: SignalParticipant[] }) {
  const { t } = useTranslation('video');
  const id = useId();
  return (
    <section aria-labelledby={id} className="video-panel video-panel--waiting" data-testid="video-waiting-list">
      <h2 id={id}>{t('participants.waitingTitle', { count: waiting.length })}</h2>
      {waiting.length === 0 ? (
        <p className="muted">{t('participants.noneWaiting')}</p>
      ) : (
        <ul className="list-plain video-people">
          {waiting.map((p) => (
            <li key={p.id} className="video-person">
              <span className="video-person__name">
                {p.displayName}
                {p.role === 'guest' && <span className="muted"> ({t('participants.guest')})</span>}
              </span>
              <span className="button-row">
                <Button
                  onClick={() => client.send({ type: 'admit', participantId: p.id })}
                  aria-label={t('participants.admitAria', { name: p.displayName })}
                >
                  {t('participants.admit')}
                </Button>
                <Button
                  variant="secondary"
                  onClick={() => client.send({ type: 'deny', participantId: p.id })}
                  aria-label={t('participants.denyAria', { name: p.displayName })}
                >
                  {t('participants.deny')}
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ParticipantsPanel({
  client,
  snap,
  selfName,
}: {
  client: MeetingClient;
  snap: MeetingSnapshot;
  selfName: string;
}) {
  const { t } = useTranslation('video');
  const id = useId();
  const isHost = snap.self?.role === 'host';
  const states = (p: SignalParticipant) =>
    [
      p.role === 'host' ? t('participants.host') : p.role === 'guest' ? t('participants.guest') : null,
      p.media.audio ? null : t('participants.micOff'),
      p.media.video ? null : t('participants.camOff'),
    ].filter(Boolean);
  return (
    <section aria-labelledby={id} className="video-panel" data-testid="video-participants">
      <h2 id={id}>{t('participants.title')}</h2>
      {isHost && (
        <div className="button-row">
          <Button
            variant="secondary"
            aria-pressed={snap.locked}
            onClick={() => client.send({ type: 'lock', locked: !snap.locked })}
          >
            {t('participants.lock')}
          </Button>
        </div>
      )}
      <ul className="list-plain video-people">
        <li className="video-person">
          <span className="video-person__name">{t('meeting.you', { name: selfName })}</span>
        </li>
        {snap.participants.map((p) => (
          <li key={p.id} className="video-person" data-testid="video-person">
            <span className="video-person__name">
              {p.displayName}
              {states(p).length > 0 && <span className="muted"> ({states(p).join(', ')})</span>}
            </span>
            {isHost && (
              <span className="button-row">
                <Button
                  variant="secondary"
                  disabled={!p.media.audio}
                  onClick={() => client.send({ type: 'mute', participantId: p.id })}
                  aria-label={t('participants.muteOtherAria', { name: p.displayName })}
                >
                  {t('participants.muteOther')}
                </Button>
                <Button
                  variant="secondary"
                  aria-pressed={snap.spotlight === p.id}
                  onClick={() =>
                    client.send({ type: 'spotlight', participantId: snap.spotlight === p.id ? null : p.id })
                  }
                  aria-label={t('participants.spotlightAria', { name: p.displayName })}
                >
                  {t('participants.spotlight')}
                </Button>
                {p.role !== 'host' && (
                  <Button
                    variant="danger"
                    onClick={() => client.send({ type: 'remove', participantId: p.id })}
                    aria-label={t('participants.removeAria', { name: p.displayName })}
                  >
                    {t('participants.remove')}
                  </Button>
                )}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ChatPanel({
  client,
  chat,
  selfId,
}: {
  client: MeetingClient;
  chat: ChatMessage[];
  selfId: string | undefined;
}) {
  const { t, i18n } = useTranslation('video');
  const id = useId();
  const [text, setText] = useState('');
  const list = useRef<HTMLOListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll to the newest message when one arrives.
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView?.({ block: 'nearest' });
  }, [chat.length]);
  function submit(event: FormEvent) {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    client.send({ type: 'chat', text: value });
    setText('');
  }
  return (
    <section aria-labelledby={id} className="video-panel" data-testid="video-chat">
      <h2 id={id}>{t('chat.title')}</h2>
      {chat.length === 0 ? (
        <p className="muted">{t('chat.empty')}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        <ol className="list-plain video-chat__list" ref={list} tabIndex={0} aria-labelledby={id}>
          {chat.map((m) => (
            <li key={m.id} className="video-chat__message">
              <p className="video-chat__meta">
                <span>{m.from === selfId ? t('meeting.youShort') : m.displayName}</span>{' '}
                <time dateTime={m.at}>{formatClock(m.at, i18n.language)}</time>
              </p>
              <p>{m.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit} className="video-chat__form">
        <TextField label={t('chat.message')} value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} />
        <Button type="submit">{t('chat.send')}</Button>
      </form>
    </section>
  );
}
