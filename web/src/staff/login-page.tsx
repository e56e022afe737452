/** Shown on any staff or admin page to someone who is not logged in as staff. */
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useMe } from '../api/me.js';
import { useSessionNotice } from '../session/logout.js';
import { Alert, ButtonLink, usePageTitle } from '../ui/index.js';
import { StaffLayout } from './staff-layout.js';

/** The login start: a full-page navigation to the OIDC login, coming back to `returnTo`. */
export function StaffLoginPage({ returnTo }: { returnTo?: string }) {
  const { t } = useTranslation(['staff', 'common']);
  usePageTitle(t('staff:login.title'));
  const location = useLocation();
  const { data: me } = useMe();
  const notice = useSessionNotice();
  const back = returnTo ?? `${location.pathname}${location.search}`;
  return (
    <StaffLayout>
      {notice === 'expired' && <Alert tone="warning">{t('common:session.expired')}</Alert>}
      {notice === 'loggedOut' && <Alert tone="success">{t('common:session.loggedOut')}</Alert>}
      {notice === 'loggedOutEverywhere' && <Alert tone="success">{t('common:session.loggedOutEverywhere')}</Alert>}
      <h1>{t('staff:login.title')}</h1>
      <p>{t('staff:login.lead')}</p>
      {me?.kind === 'citizen' ? (
        <>
          <Alert tone="warning">{t('staff:login.citizen')}</Alert>
          <ButtonLink to="/profil">{t('staff:login.toPatient')}</ButtonLink>
        </>
      ) : (
        <>
          <p className="muted">{t('staff:login.hint')}</p>
          {/* A real navigation, not fetch: the login goes through the IdP's pages and back. */}
          <a className="button button--primary" href={`/api/auth/staff/login?returnTo=${encodeURIComponent(back)}`}>
            {t('staff:login.button')}
          </a>
        </>
      )}
    </StaffLayout>
  );
}
