/**
 * The video meetings on Mina bokningar, in two sections: "Dina videomöten" —
 * those with a time (booked or invited), soonest first — and "Videomöten utan
 * bestämd tid" — meetings a unit opened without a time (drop-in, or started
 * from a conversation), which say so instead of standing beside "Du har inga
 * kommande bokningar" as if they were one. "Anslut" from shortly before.
 */
import type { VideoMeeting } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/index.js';
import { MeetingList } from '../../video/meeting-list.js';
import { useMyMeetings } from '../../video/video-api.js';
import '../../video/video.css';

/** The person's meetings that have not ended, split into those with a time and those without. */
export function useComingMeetings() {
  const meetings = useMyMeetings();
  const coming = (meetings.data ?? []).filter((m) => m.status !== 'ended');
  const timed = coming
    .filter((m): m is VideoMeeting & { startsAt: string } => m.startsAt !== null)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const untimed = coming.filter((m) => m.startsAt === null);
  return { meetings, timed, untimed };
}

export function MyVideoMeetings() {
  const { t } = useTranslation('video');
  const { meetings, timed, untimed } = useComingMeetings();
  if (meetings.isPending || (!meetings.error && timed.length + untimed.length === 0)) return null;
  return (
    <div data-testid="video-meetings">
      <ErrorAlert error={meetings.error} />
      {timed.length > 0 && (
        <section aria-labelledby="video-meetings-title" data-testid="video-meetings-timed">
          <h2 id="video-meetings-title">{t('list.title')}</h2>
          <MeetingList meetings={timed} hrefOf={(m) => `/video/${m.id}`} />
        </section>
      )}
      {untimed.length > 0 && (
        <section aria-labelledby="video-untimed-title" data-testid="video-meetings-untimed">
          <h2 id="video-untimed-title">{t('list.untimedTitle')}</h2>
          <p>{t('list.untimedLead')}</p>
          <MeetingList meetings={untimed} hrefOf={(m) => `/video/${m.id}`} />
        </section>
      )}
    </div>
  );
}
