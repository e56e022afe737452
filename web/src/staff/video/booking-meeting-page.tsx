/** /staff/video/bokning/:bookingId — from the day list: the booked visit's meeting (created on first use). */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { meetingForBooking } from '../../video/video-api.js';
import { StaffLayout } from '../staff-layout.js';

export function StaffBookingMeetingPage() {
  const { bookingId = '' } = useParams();
  const { t } = useTranslation('video');
  usePageTitle(t('meeting.title'));
  const meeting = useQuery({ queryKey: ['video', 'booking', bookingId], queryFn: () => meetingForBooking(bookingId) });
  if (meeting.data) return <Navigate to={`/staff/video/${meeting.data.id}`} replace />;
  return (
    <StaffLayout>
      <h1>{t('meeting.title')}</h1>
      {meeting.error ? <ErrorAlert error={meeting.error} /> : <Spinner label={t('meeting.connecting')} />}
    </StaffLayout>
  );
}
