/** /video/bokning/:bookingId — finds (or creates) the meeting of a booked video time and goes there. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { meetingForBooking } from '../../video/video-api.js';
import { PatientLayout } from '../patient-layout.js';

export function BookingMeetingPage() {
  const { bookingId = '' } = useParams();
  const { t } = useTranslation('video');
  usePageTitle(t('meeting.title'));
  const meeting = useQuery({ queryKey: ['video', 'booking', bookingId], queryFn: () => meetingForBooking(bookingId) });
  if (meeting.data) return <Navigate to={`/video/${meeting.data.id}`} replace />;
  return (
    <PatientLayout>
      <h1>{t('meeting.title')}</h1>
      {meeting.error ? <ErrorAlert error={meeting.error} /> : <Spinner label={t('meeting.connecting')} />}
    </PatientLayout>
  );
}
