/**
 * The whole way into a meeting, the same for patient, staff and guest:
 * device check → join ticket (the caller's `getJoin`) → signalling and media
 * → the end. Leaving the page leaves the meeting and frees the camera.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../ui/index.js';
import { DeviceCheck } from './device-check.js';
import { type JoinData, MeetingClient } from './meeting-client.js';
import { MeetingView } from './meeting-view.js';
import './video.css';

interface Props {
  /** Asks the server for a join ticket (POST …/join). */
  getJoin: () => Promise<JoinData>;
  canShareScreen?: boolean;
  exit: { href: string; label: string };
  /** Extra fields in the device check (a guest's name). */
  checkFields?: ReactNode;
  validate?: () => boolean;
}

export function MeetingFlow({ getJoin, canShareScreen = false, exit, checkFields, validate }: Props) {
  const { t } = useTranslation('video');
  const [client, setClient] = useState<MeetingClient | null>(null);
  const [joining, setJoining] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const clientRef = useRef<MeetingClient | null>(null);
  const pending = useRef<MediaStream | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(
    () => () => {
      clientRef.current?.leave();
      // Handed over by the device check but never used (the join failed): free the camera.
      if (!clientRef.current) for (const track of pending.current?.getTracks() ?? []) track.stop();
    },
    [],
  );

  async function join(stream: MediaStream) {
    pending.current = stream;
    setJoining(true);
    setError(null);
    try {
      const data = await getJoin();
      const next = new MeetingClient(data, stream);
      clientRef.current = next;
      next.start();
      setClient(next);
      window.setTimeout(() => heading.current?.focus(), 0);
    } catch (e) {
      setError(e);
    } finally {
      setJoining(false);
    }
  }

  if (client) {
    return (
      <>
        <h2 className="visually-hidden" tabIndex={-1} ref={heading}>
          {t('meeting.title')}
        </h2>
        <MeetingView
          client={client}
          canShareScreen={canShareScreen}
          exit={exit}
          onRejoin={() => {
            clientRef.current = null;
            setClient(null);
          }}
        />
      </>
    );
  }
  return (
    <>
      <h2>{t('check.title')}</h2>
      <ErrorAlert error={error} />
      <DeviceCheck onJoin={({ stream }) => void join(stream)} joining={joining} validate={validate}>
        {checkFields}
      </DeviceCheck>
    </>
  );
}
