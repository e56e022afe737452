/** /staff/video/:meetingId — the staff member's meeting: invitations (hosts) and the meeting itself. */
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Alert, ErrorAlert, ProtectedMarker, Spinner, usePageTitle } from '../../ui/index.js';
import { formatMeetingTime } from '../../video/format.js';
import { MeetingFlow } from '../../video/meeting-flow.js';
import { joinMeeting, useMeeting } from '../../video/video-api.js';
import { StaffLayout } from '../staff-layout.js';
import { InvitePanel } from './invite-panel.js';

export function StaffMeetingPage() {
  const { meetingId = '' } = useParams();
  const { t, i18n } = useTranslation('video');
  const meeting = useMeeting(meetingId);
  const title = meeting.data ? t('meeting.titleWith', { what: meeting.data.title }) : t('meeting.title');
  usePageTitle(title);
  const data = meeting.data;
  return (
    <StaffLayout>
      <h1>{title}</h1>
      {meeting.isPending && <Spinner label={t('meeting.connecting')} />}
      <ErrorAlert error={meeting.error} />
      {data?.patient && (
        <p>
          {t('staff.about', { name: data.patient.name })}
          <ProtectedMarker protectedIdentity={data.patient.protectedIdentity} />
        </p>
      )}
      {data &&
        (data.status === 'ended' ? (
          <Alert tone="info">{t('meeting.ended')}</Alert>
        ) : !data.canJoin && data.joinOpensAt ? (
          <Alert tone="info">{t('join.opensAt', { at: formatMeetingTime(data.joinOpensAt, i18n.language) })}</Alert>
        ) : (
          <>
            <MeetingFlow
              getJoin={() => joinMeeting(meetingId)}
              canShareScreen
              exit={{ href: '/staff/video', label: t('staff.back') }}
            />
            {data.myRole === 'host' && <InvitePanel meetingId={meetingId} />}
          </>
        ))}
    </StaffLayout>
  );
}
