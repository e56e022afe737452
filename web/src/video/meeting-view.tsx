/**
 * What the person sees once they have chosen their devices: connecting, the
 * waiting room ("Vårdgivaren släpper in dig snart"), the meeting (tiles,
 * controls, panels) and the end. A polite live region announces joins,
 * leaves, people waiting, chat messages (who and what) and host actions; while
 * the chat panel is closed its button carries the number of unread messages.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Spinner } from '../ui/index.js';
import type { MeetingClient, MeetingSnapshot, Notice } from './meeting-client.js';
import { ChatPanel, ParticipantsPanel, WaitingList } from './meeting-panels.js';
import { Tiles } from './tiles.js';

interface Props {
  client: MeetingClient;
  /** Staff may share their screen. */
  canShareScreen: boolean;
  /** Called from the end view: start again (back to the device check). */
  onRejoin: () => void;
  /** Where "Tillbaka" leads after the meeting. */
  exit: { href: string; label: string };
}

/** A long chat message is read out in part (the chat panel holds all of it). */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function useNoticeText() {
  const { t } = useTranslation('video');
  return (n: Notice) => {
    switch (n.key) {
      case 'joined':
      case 'left':
      case 'waitingArrived':
        return t(`meeting.${n.key}`, { name: n.name });
      case 'chat':
        return n.text
          ? t('chat.newMessageText', { name: n.name, text: clip(n.text) })
          : t('chat.newMessage', { name: n.name });
      default:
        return t(`meeting.${n.key}`);
    }
  };
}

export function MeetingView({ client, canShareScreen, onRejoin, exit }: Props) {
  const { t } = useTranslation('video');
  const snap = useSyncExternalStore(client.subscribe, client.snapshot);
  const text = useNoticeText();
  const latest = snap.notices[snap.notices.length - 1];
  return (
    <div className="video-meeting" data-phase={snap.phase}>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="video-live">
        {/* A new node per notice: the same words twice (two messages from one person) are read twice. */}
        {latest ? <span key={latest.id}>{text(latest)}</span> : ''}
      </p>
      {snap.reconnecting && <Alert tone="warning">{t('meeting.reconnecting')}</Alert>}
      {snap.phase === 'connecting' && <Spinner label={t('meeting.connecting')} />}
      {snap.phase === 'waiting' && <WaitingRoom client={client} />}
      {snap.phase === 'in_meeting' && <MeetingRoom client={client} snap={snap} canShareScreen={canShareScreen} />}
      {snap.phase === 'closed' && <Ended reason={snap.closeReason} onRejoin={onRejoin} exit={exit} />}
    </div>
  );
}

function WaitingRoom({ client }: { client: MeetingClient }) {
  const { t } = useTranslation('video');
  return (
    <section aria-labelledby="video-waiting-title" className="video-waiting" data-testid="video-waiting-room">
      <h2 id="video-waiting-title">{t('waiting.title')}</h2>
      <Alert tone="info" title={t('waiting.lead')}>
        <p>{t('waiting.hint')}</p>
      </Alert>
      <span className="spinner__wheel" aria-hidden="true" />
      <div className="button-row">
        <Button variant="secondary" onClick={() => client.leave()}>
          {t('waiting.leave')}
        </Button>
      </div>
    </section>
  );
}

function Ended({
  reason,
  onRejoin,
  exit,
}: {
  reason: MeetingSnapshot['closeReason'];
  onRejoin: () => void;
  exit: Props['exit'];
}) {
  const { t } = useTranslation('video');
  const message =
    reason === 'removed'
      ? t('meeting.removed')
      : reason === 'ended'
        ? t('meeting.ended')
        : reason === 'denied'
          ? t('waiting.denied')
          : reason === 'left' || reason === 'replaced'
            ? null
            : t('meeting.error');
  const canRejoin = reason === 'left' || reason === 'disconnected' || reason === 'error' || reason === 'replaced';
  return (
    <section aria-labelledby="video-ended-title" data-testid="video-ended">
      <h2 id="video-ended-title">{t('meeting.leftTitle')}</h2>
      {message && <Alert tone={reason === 'error' || reason === 'disconnected' ? 'error' : 'info'}>{message}</Alert>}
      <div className="button-row">
        {canRejoin && <Button onClick={onRejoin}>{t('meeting.rejoin')}</Button>}
        <a className="button button--secondary" href={exit.href}>
          {exit.label}
        </a>
      </div>
    </section>
  );
}

/** Others' chat messages that arrived while the panel was closed (none while it is open). */
function useUnreadChat(snap: MeetingSnapshot, open: boolean): number {
  const [seen, setSeen] = useState(() => new Set(snap.chat.map((m) => m.id)));
  useEffect(() => {
    if (open) setSeen(new Set(snap.chat.map((m) => m.id)));
  }, [open, snap.chat]);
  if (open) return 0;
  const selfId = snap.self?.id;
  return snap.chat.filter((m) => m.from !== selfId && !seen.has(m.id)).length;
}

function MeetingRoom({
  client,
  snap,
  canShareScreen,
}: {
  client: MeetingClient;
  snap: MeetingSnapshot;
  canShareScreen: boolean;
}) {
  const { t } = useTranslation('video');
  const [panel, setPanel] = useState<'chat' | 'participants' | null>(null);
  const [cameras, setCameras] = useState(0);
  const [busy, setBusy] = useState(false);
  const isHost = snap.self?.role === 'host';
  const selfName = snap.self?.displayName ?? client.join.displayName;
  const unreadChat = useUnreadChat(snap, panel === 'chat');

  useEffect(() => {
    void client.local
      .cameraCount()
      .then(setCameras)
      .catch(() => setCameras(0));
  }, [client]);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } catch {
      // A device problem (denied, missing): the button's pressed state shows what happened.
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {snap.error && <Alert tone="error">{snap.error}</Alert>}
      {snap.locked && <p className="muted">{t('meeting.locked')}</p>}
      {isHost && snap.waiting.length > 0 && <WaitingList client={client} waiting={snap.waiting} />}
      <Tiles snap={snap} localStream={client.local.stream} selfName={selfName} />
      <fieldset className="video-controls">
        <legend className="visually-hidden">{t('controls.label')}</legend>
        <Button
          variant="secondary"
          aria-pressed={snap.media.audio}
          disabled={busy}
          onClick={() => run(() => client.setAudio(!snap.media.audio))}
        >
          {t('controls.microphone')}
        </Button>
        <Button
          variant="secondary"
          aria-pressed={snap.media.video && !snap.media.screen}
          disabled={busy}
          onClick={() => run(() => client.setVideo(!(snap.media.video && !snap.media.screen)))}
        >
          {t('controls.camera')}
        </Button>
        {cameras > 1 && (
          <Button
            variant="secondary"
            disabled={busy || !snap.media.video}
            onClick={() => run(() => client.switchCamera())}
          >
            {t('controls.switchCamera')}
          </Button>
        )}
        {canShareScreen && typeof navigator.mediaDevices?.getDisplayMedia === 'function' && (
          <Button
            variant="secondary"
            aria-pressed={snap.media.screen}
            disabled={busy}
            onClick={() => run(() => client.setScreen(!snap.media.screen))}
          >
            {t('controls.shareScreen')}
          </Button>
        )}
        <Button
          variant="secondary"
          aria-pressed={panel === 'chat'}
          onClick={() => setPanel(panel === 'chat' ? null : 'chat')}
        >
          {t('controls.chat')}
          {unreadChat > 0 && (
            <span className="video-chat-badge" data-testid="video-chat-unread">
              <span aria-hidden="true">{unreadChat > 99 ? '99+' : unreadChat}</span>
              <span className="visually-hidden">{t('controls.chatUnread', { count: unreadChat })}</span>
            </span>
          )}
        </Button>
        <Button
          variant="secondary"
          aria-pressed={panel === 'participants'}
          onClick={() => setPanel(panel === 'participants' ? null : 'participants')}
        >
          {t('controls.participants', { count: snap.participants.length + 1 })}
        </Button>
        <Button variant="danger" onClick={() => client.leave()}>
          {t('controls.leave')}
        </Button>
        {isHost && (
          <Button variant="danger" onClick={() => client.send({ type: 'end' })}>
            {t('controls.end')}
          </Button>
        )}
      </fieldset>
      <p className="video-quality" data-quality={snap.quality ?? 'unknown'}>
        <span className="video-quality__dot" aria-hidden="true" />
        {t('quality.label', { quality: t(`quality.${snap.quality ?? 'unknown'}`) })}
      </p>
      {panel === 'chat' && <ChatPanel client={client} chat={snap.chat} selfId={snap.self?.id} />}
      {panel === 'participants' && <ParticipantsPanel client={client} snap={snap} selfName={selfName} />}
    </>
  );
}
