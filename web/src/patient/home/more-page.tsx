/**
 * "Mer" (/mer): on a phone, what the bottom tab bar leaves out — kallelser, profile, who has
 * looked, ombud — plus the acting-for choice and log out, which the one-row header has no room for.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useInstallPrompt } from '../../pwa.js';
import { useLogout } from '../../session/logout.js';
import { Button, usePageTitle } from '../../ui/index.js';
import { ActingForSwitcher } from '../acting-for.js';
import { PatientLayout, usePatientLinks } from '../patient-layout.js';

export function MorePage() {
  const { t } = useTranslation(['home', 'common']);
  usePageTitle(t('home:more.title'));
  const links = usePatientLinks();
  const logout = useLogout();
  const install = useInstallPrompt();
  return (
    <PatientLayout>
      <h1>{t('home:more.title')}</h1>
      <section aria-labelledby="more-services">
        <h2 id="more-services">{t('home:more.services')}</h2>
        <ul className="home-todo">
          {links.more.map((link) => (
            <li key={link.to}>
              <Link to={link.to}>{link.label}</Link>
            </li>
          ))}
          <li>
            <Link to="/tillganglighet">{t('common:accessibilityStatement')}</Link>
          </li>
        </ul>
      </section>
      <section aria-labelledby="more-account">
        <h2 id="more-account">{t('home:more.account')}</h2>
        <ActingForSwitcher />
        <div className="button-row">
          {install && (
            <Button variant="secondary" onClick={() => void install()}>
              {t('home:more.install')}
            </Button>
          )}
          <Button
            variant="secondary"
            onClick={() => logout.mutate()}
            pending={logout.isPending}
            pendingLabel={t('common:session.loggingOut')}
          >
            {t('common:session.logout')}
          </Button>
        </div>
      </section>
    </PatientLayout>
  );
}
