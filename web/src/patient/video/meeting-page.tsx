/**
 * /video/:meetingId — the patient's (or guardian's) way into a video meeting:
 * device check, waiting room, the meeting. The server decides whether the
 * caller may join (own meeting, or one they act for).
 */
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Alert, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { formatMeetingTime } from '../../video/format.js';
import { MeetingFlow } from '../../video/meeting-flow.js';
import { joinMeeting, useMeeting } from '../../video/video-api.js';
import { PatientLayout } from '../patient-layout.js';

export function PatientMeetingPage() {
  const { meetingId = '' } = useParams();
  const { t, i18n } = useTranslation('video');
  const meeting = useMeeting(meetingId);
  const title = meeting.data ? t('meeting.titleWith', { what: meeting.data.title }) : t('meeting.title');
  usePageTitle(title);
  return (
    <PatientLayout>
      <h1>{title}</h1>
      {meeting.isPending && <Spinner label={t('meeting.connecting')} />}
      <ErrorAlert error={meeting.error} />
      {meeting.data &&
        (meeting.data.status === 'ended' ? (
          <Alert tone="info">{t('meeting.ended')}</Alert>
        ) : !meeting.data.canJoin && meeting.data.joinOpensAt ? (
          <Alert tone="info">
            {t('join.opensAt', { at: formatMeetingTime(meeting.data.joinOpensAt, i18n.language) })}
          </Alert>
        ) : (
          <MeetingFlow
            getJoin={() => joinMeeting(meetingId)}
            exit={{ href: '/bokningar', label: t('meeting.backToBookings') }}
          />
        ))}
    </PatientLayout>
  );
}
