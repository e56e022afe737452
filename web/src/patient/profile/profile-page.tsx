/** "Min profil": identity from the registry, contact details, notifications, language, vårdcentral. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLogout } from '../../session/logout.js';
import { Button, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { PatientLayout } from '../patient-layout.js';
import { ActingForSection } from './acting-for-section.js';
import { ContactSection } from './contact-section.js';
import { EmailSection } from './email-section.js';
import { UnitSection } from './unit-section.js';
import { useProfile } from './use-profile.js';

export function ProfilePage() {
  const { t } = useTranslation(['patient', 'common', 'protection', 'mydata']);
  usePageTitle(t('patient:profile.title'));
  const { data: profile, error, isPending } = useProfile();
  const logoutEverywhere = useLogout({ everywhere: true });
  return (
    <PatientLayout>
      <h1>{t('patient:profile.title')}</h1>
      {isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={error} />
      {profile && (
        <>
          <section aria-labelledby="personal-title">
            <h2 id="personal-title">{t('patient:profile.personalTitle')}</h2>
            <dl className="facts">
              <dt>{t('patient:profile.name')}</dt>
              <dd data-testid="profile-name">
                {profile.givenName} {profile.familyName}
              </dd>
              <dt>{t('patient:profile.personalNumber')}</dt>
              <dd>{formatPersonalNumber(profile.personalNumber)}</dd>
              <dt>{t('patient:profile.address')}</dt>
              <dd>
                {profile.protectedIdentity ? (
                  t('patient:profile.protected')
                ) : profile.address?.street ? (
                  <>
                    {profile.address.street}
                    <br />
                    {profile.address.postalCode} {profile.address.city}
                  </>
                ) : (
                  t('patient:profile.noAddress')
                )}
              </dd>
            </dl>
            {!profile.protectedIdentity && <p className="muted">{t('patient:profile.addressSource')}</p>}
          </section>
          <UnitSection profile={profile} />
          <section aria-labelledby="protection-title">
            <h2 id="protection-title">{t('patient:profile.protectionTitle')}</h2>
            <ul>
              <li>
                <Link to="/profil/vem-har-tittat">{t('protection:accessLog.fromProfile')}</Link>
              </li>
              <li>
                <Link to="/profil/ombud">{t('protection:proxies.fromProfile')}</Link>
              </li>
              <li>
                <Link to="/profil/mina-uppgifter">{t('mydata:fromProfile')}</Link>
              </li>
            </ul>
          </section>
          <ActingForSection />
          <EmailSection profile={profile} />
          <ContactSection profile={profile} />
          <section aria-labelledby="session-title">
            <h2 id="session-title">{t('patient:profile.sessionTitle')}</h2>
            <p>{t('patient:profile.sessionText')}</p>
            <Button
              variant="danger"
              onClick={() => logoutEverywhere.mutate()}
              pending={logoutEverywhere.isPending}
              pendingLabel={t('common:session.loggingOut')}
            >
              {t('common:session.logoutEverywhere')}
            </Button>
          </section>
        </>
      )}
    </PatientLayout>
  );
}

/** YYYYMMDD-NNNN (the domain's formatPersonnummer, kept out of the citizen bundle: the domain package pulls in node:crypto). */
function formatPersonalNumber(twelve: string) {
  return `${twelve.slice(0, 8)}-${twelve.slice(8)}`;
}
