/** The patient area's routes (Swedish paths; the citizen's first language). */
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, type RouteObject, useLocation } from 'react-router';
import { ApiError } from '../api/errors.js';
import { useMe } from '../api/me.js';
import { OpenDataPage } from '../open-data/open-data-page.js';
import { IdleGuard } from '../session/idle-guard.js';
import { ErrorAlert, Spinner } from '../ui/index.js';
import { AccessibilityPage } from './accessibility-page.js';
import { ActingForProvider } from './acting-for.js';
import { BankIdLoginPage } from './bankid-login-page.js';
import { BookPage } from './booking/book-page.js';
import { ConfirmPage } from './booking/confirm-page.js';
import { MyBookingsPage } from './booking/my-bookings-page.js';
import { RebookPage } from './booking/rebook-page.js';
import { HomePage } from './home/home-page.js';
import { MorePage } from './home/more-page.js';
import { MyDataPage } from './my-data/my-data-page.js';
import { OfflinePage } from './offline/offline-page.js';
import { readSavedBookings } from './offline/saved-bookings.js';
import { PatientLayout } from './patient-layout.js';
import { ProfilePage } from './profile/profile-page.js';
import { AccessLogPage } from './protection/access-log-page.js';
import { ProxiesPage } from './protection/proxies-page.js';
import { SubjectPage } from './protection/subject-page.js';
import { QueuePage } from './queue/queue-page.js';
import { ReleaseListPage, ReleaseWeatherPage } from './queue/release-weather-page.js';
import { StartPage } from './start-page.js';
import { ContactSupportPage, SupportChatPage } from './support/contact-page.js';
import { ArticlePage, HelpCentrePage } from './support/help-centre.js';
import { PublicContactPage } from './support/public-contact-page.js';
import { RatingLinkPage } from './support/rating-page.js';
import { VerifyEmailPage } from './verify-email-page.js';
import { guestVideoRoutes, patientVideoRoutes } from './video/routes.js';

/** Pages below need a logged-in citizen; others are sent to the login page and brought back after. */
function RequireCitizen() {
  const { t } = useTranslation('common');
  const { data: me, error, isPending, refetch } = useMe();
  const location = useLocation();
  if (isPending) {
    return (
      <PatientLayout>
        <Spinner label={t('loading')} />
      </PatientLayout>
    );
  }
  if (error) {
    const saved = error instanceof ApiError && error.code === 'network' ? readSavedBookings() : null;
    if (saved) return <OfflinePage saved={saved} onRetry={() => void refetch()} />;
    return (
      <PatientLayout>
        <ErrorAlert error={error} />
      </PatientLayout>
    );
  }
  if (me?.kind !== 'citizen') {
    const returnTo = `${location.pathname}${location.search}`;
    return <Navigate to={`/logga-in?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  return (
    <>
      <IdleGuard idleSeconds={me.session.idleSeconds} homePath="/" />
      <Outlet />
    </>
  );
}

function PatientRoot() {
  return (
    <ActingForProvider>
      <Outlet />
    </ActingForProvider>
  );
}

export const patientRoutes: RouteObject[] = [
  {
    element: <PatientRoot />,
    children: [
      { path: '/', element: <StartPage /> },
      { path: '/logga-in', element: <BankIdLoginPage /> },
      { path: '/ko/:roomId', element: <QueuePage /> },
      { path: '/slapp', element: <ReleaseListPage /> },
      { path: '/slapp/:timeTypeId', element: <ReleaseWeatherPage /> },
      { path: '/kontakt', element: <PublicContactPage /> },
      { path: '/kontakt/betyg', element: <RatingLinkPage /> },
      { path: '/hjalp', element: <HelpCentrePage /> },
      { path: '/hjalp/:slug', element: <ArticlePage /> },
      { path: '/oppna-data', element: <OpenDataPage /> },
      { path: '/tillganglighet', element: <AccessibilityPage /> },
      ...guestVideoRoutes,
      {
        element: <RequireCitizen />,
        children: [
          { path: '/hem', element: <HomePage /> },
          { path: '/mer', element: <MorePage /> },
          { path: '/profil', element: <ProfilePage /> },
          { path: '/profil/verifiera-epost', element: <VerifyEmailPage /> },
          { path: '/profil/vem-har-tittat', element: <AccessLogPage /> },
          { path: '/profil/ombud', element: <ProxiesPage /> },
          { path: '/profil/mina-uppgifter', element: <MyDataPage /> },
          { path: '/for/:personId', element: <SubjectPage /> },
          { path: '/boka', element: <BookPage /> },
          { path: '/boka/bekrafta', element: <ConfirmPage /> },
          { path: '/bokningar', element: <MyBookingsPage /> },
          { path: '/kontakta-support', element: <ContactSupportPage /> },
          { path: '/kontakta-support/:id', element: <SupportChatPage /> },
          { path: '/bokningar/:id/boka-om', element: <RebookPage /> },
          ...patientVideoRoutes,
          {
            path: '/meddelanden',
            lazy: () => import('./messages/routes.js').then((m) => ({ Component: m.MessagesPage })),
          },
          {
            path: '/meddelanden/ny',
            lazy: () => import('./messages/routes.js').then((m) => ({ Component: m.NewConversationPage })),
          },
          {
            path: '/meddelanden/:id',
            lazy: () => import('./messages/routes.js').then((m) => ({ Component: m.ConversationPage })),
          },
          {
            path: '/sok-vard',
            lazy: () => import('./triage/routes.js').then((m) => ({ Component: m.TriageStartPage })),
          },
          {
            path: '/sok-vard/arenden/:kind?',
            lazy: () => import('./triage/routes.js').then((m) => ({ Component: m.ErrandPage })),
          },
          {
            path: '/sok-vard/vardkontakt/:id',
            lazy: () => import('./triage/routes.js').then((m) => ({ Component: m.CareContactWritePage })),
          },
          {
            path: '/sok-vard/:id',
            lazy: () => import('./triage/routes.js').then((m) => ({ Component: m.TriageSessionPage })),
          },
          {
            path: '/kallelser',
            lazy: () => import('./invitations/routes.js').then((m) => ({ Component: m.InboxPage })),
          },
          {
            path: '/kallelser/:id',
            lazy: () => import('./invitations/routes.js').then((m) => ({ Component: m.InvitationPage })),
          },
          {
            path: '/forlossning',
            lazy: () => import('./birth-clinic/birth-clinic-page.js').then((m) => ({ Component: m.BirthClinicPage })),
          },
          {
            path: '/erbjudanden/:id',
            lazy: () => import('./invitations/routes.js').then((m) => ({ Component: m.OfferPage })),
          },
        ],
      },
    ],
  },
];
