/**
 * The participants' pictures: one tile each (ours first, muted), the
 * spotlighted one large. Tiles wrap into a grid and stack into one column on
 * a narrow phone. A tile without video shows the name instead; its <video>
 * still plays the sound.
 */
import type { SignalParticipant } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import type { MeetingSnapshot } from './meeting-client.js';
import { VideoElement } from './video-element.js';

interface TileProps {
  id: string;
  name: string;
  stream: MediaStream | null;
  video: boolean;
  audio: boolean;
  screen: boolean;
  self?: boolean;
  spotlight?: boolean;
  version?: number;
}

function Tile({ id, name, stream, video, audio, screen, self = false, spotlight = false, version }: TileProps) {
  const { t } = useTranslation('video');
  const showVideo = Boolean(stream && video && stream.getVideoTracks().length > 0);
  const caption = screen ? t('meeting.screen', { name }) : name;
  return (
    <li
      className={['video-tile', spotlight ? 'video-tile--spotlight' : ''].filter(Boolean).join(' ')}
      data-testid="video-tile"
      data-participant-id={id}
    >
      {stream && (
        <VideoElement
          stream={stream}
          muted={self}
          mirrored={self && !screen}
          label={caption}
          version={version}
          hidden={!showVideo}
        />
      )}
      {!showVideo && (
        <div className="video-tile__placeholder" aria-hidden="true">
          <span className="video-tile__initial">{name.slice(0, 1).toUpperCase()}</span>
        </div>
      )}
      <p className="video-tile__caption">
        <span>{caption}</span>
        {!showVideo && <span className="visually-hidden">, {t('meeting.noVideo')}</span>}
        {!audio && (
          <span className="video-tile__badge">
            <span aria-hidden="true">🔇 </span>
            <span className="visually-hidden">, </span>
            {t('meeting.muted')}
          </span>
        )}
        {spotlight && <span className="video-tile__badge">{t('meeting.spotlighted')}</span>}
      </p>
    </li>
  );
}

export function Tiles({
  snap,
  localStream,
  selfName,
}: {
  snap: MeetingSnapshot;
  localStream: MediaStream;
  selfName: string;
}) {
  const { t } = useTranslation('video');
  const others = [...snap.participants].sort((a, b) => spotFirst(a, b, snap.spotlight));
  const selfId = snap.self?.id ?? 'self';
  return (
    <section aria-label={t('meeting.tiles')} className="video-tiles-wrap">
      <ul className="video-tiles">
        {snap.spotlight === selfId && (
          <Tile
            id={selfId}
            self
            spotlight
            name={t('meeting.you', { name: selfName })}
            stream={localStream}
            version={snap.localVersion}
            {...snap.media}
          />
        )}
        {others.map((p) => (
          <Tile
            key={p.id}
            id={p.id}
            name={p.displayName}
            stream={snap.streams[p.id] ?? null}
            video={p.media.video}
            audio={p.media.audio}
            screen={p.media.screen}
            spotlight={snap.spotlight === p.id}
          />
        ))}
        {snap.spotlight !== selfId && (
          <Tile
            id={selfId}
            self
            name={t('meeting.you', { name: selfName })}
            stream={localStream}
            version={snap.localVersion}
            {...snap.media}
          />
        )}
      </ul>
      {others.length === 0 && <p className="muted">{t('meeting.alone')}</p>}
    </section>
  );
}

function spotFirst(a: SignalParticipant, b: SignalParticipant, spotlight: string | null): number {
  if (a.id === spotlight) return -1;
  if (b.id === spotlight) return 1;
  return a.since.localeCompare(b.since);
}
