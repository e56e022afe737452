/** "Dina videomöten" on Mina bokningar: booked and invited video meetings with "Anslut" from shortly before. */
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/index.js';
import { MeetingList } from '../../video/meeting-list.js';
import { useMyMeetings } from '../../video/video-api.js';
import '../../video/video.css';

export function MyVideoMeetings() {
  const { t } = useTranslation('video');
  const meetings = useMyMeetings();
  const coming = (meetings.data ?? []).filter((m) => m.status !== 'ended');
  if (meetings.isPending || (!meetings.error && coming.length === 0)) return null;
  return (
    <section aria-labelledby="video-meetings-title" data-testid="video-meetings">
      <h2 id="video-meetings-title">{t('list.title')}</h2>
      <ErrorAlert error={meetings.error} />
      <MeetingList meetings={coming} hrefOf={(m) => `/video/${m.id}`} />
    </section>
  );
}
