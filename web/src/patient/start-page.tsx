/** The start page: what Ingång is, and the way in (BankID). */
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/me.js';
import { useSessionNotice } from '../session/logout.js';
import { Alert, ButtonLink, Spinner, usePageTitle } from '../ui/index.js';
import { PatientLayout } from './patient-layout.js';

export function StartPage() {
  const { t } = useTranslation(['patient', 'common']);
  usePageTitle(t('patient:start.title'));
  const { data: me, isPending } = useMe();
  const notice = useSessionNotice();
  const points = t('patient:start.points', { returnObjects: true }) as string[];
  return (
    <PatientLayout>
      {notice === 'expired' && <Alert tone="warning">{t('common:session.expired')}</Alert>}
      {notice === 'loggedOut' && <Alert tone="success">{t('common:session.loggedOut')}</Alert>}
      {notice === 'loggedOutEverywhere' && <Alert tone="success">{t('common:session.loggedOutEverywhere')}</Alert>}
      <h1>{t('patient:start.title')}</h1>
      <p>{t('patient:start.lead')}</p>
      <ul>
        {points.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      {isPending ? (
        <Spinner label={t('common:loading')} />
      ) : me?.kind === 'citizen' ? (
        <>
          <p>{t('patient:start.loggedInAs', { name: me.name })}</p>
          <ButtonLink to="/hem">{t('patient:start.toHome')}</ButtonLink>
        </>
      ) : me?.kind === 'staff' ? (
        <>
          <p>{t('patient:start.staffLoggedIn')}</p>
          <ButtonLink to="/staff">{t('patient:start.toStaff')}</ButtonLink>
        </>
      ) : (
        <>
          <p className="muted">{t('patient:start.loginHint')}</p>
          <ButtonLink to="/logga-in" id="login">
            {t('patient:start.login')}
          </ButtonLink>
          <p className="staff-link">
            <a href="/staff">{t('patient:start.staffLink')}</a>
          </p>
        </>
      )}
    </PatientLayout>
  );
}
