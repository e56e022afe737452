/**
 * The patient's video routes (loaded on demand: the meeting code is not in
 * the first download). `patientVideoRoutes` need a logged-in citizen;
 * `guestVideoRoutes` are public (one-time guest links).
 */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteObject } from 'react-router';
import { Spinner } from '../../ui/index.js';

const PatientMeetingPage = lazy(() => import('./meeting-page.js').then((m) => ({ default: m.PatientMeetingPage })));
const BookingMeetingPage = lazy(() =>
  import('./booking-meeting-page.js').then((m) => ({ default: m.BookingMeetingPage })),
);
const GuestMeetingPage = lazy(() => import('../../video/guest-page.js').then((m) => ({ default: m.GuestMeetingPage })));

function Fallback() {
  const { t } = useTranslation('common');
  return (
    <div className="layout__main">
      <Spinner label={t('loading')} />
    </div>
  );
}
const fallback = <Fallback />;

export const patientVideoRoutes: RouteObject[] = [
  {
    path: '/video/:meetingId',
    element: (
      <Suspense fallback={fallback}>
        <PatientMeetingPage />
      </Suspense>
    ),
  },
  {
    path: '/video/bokning/:bookingId',
    element: (
      <Suspense fallback={fallback}>
        <BookingMeetingPage />
      </Suspense>
    ),
  },
];

export const guestVideoRoutes: RouteObject[] = [
  {
    path: '/video/guest/:token',
    element: (
      <Suspense fallback={fallback}>
        <GuestMeetingPage />
      </Suspense>
    ),
  },
  {
    path: '/mote/gast/:token',
    element: (
      <Suspense fallback={fallback}>
        <GuestMeetingPage />
      </Suspense>
    ),
  },
];
