/**
 * The patient area's frame. Wide screens: header with navigation, acting-for switcher and log out.
 * Narrow screens (phones): a one-row header and a bottom tab bar (Hem, Boka, Meddelanden,
 * Bokningar, Mer); the rest of the navigation, the switcher and log out are on the "Mer" page.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useCitizen } from '../api/me.js';
import { useLogout } from '../session/logout.js';
import { Button, PageLayout } from '../ui/index.js';
import { ActingForBanner, ActingForSwitcher } from './acting-for.js';
import { useUnreadMessages } from './home/use-home.js';

/** The links every logged-in page offers; the "Mer" page lists the ones the tab bar leaves out. */
export function usePatientLinks() {
  const { t } = useTranslation([
    'patient',
    'booking',
    'messages',
    'invitations',
    'protection',
    'home',
    'birth-clinic',
    'triage',
  ]);
  return {
    main: [
      { to: '/hem', label: t('home:title') },
      { to: '/boka', label: t('booking:nav.book') },
      { to: '/bokningar', label: t('booking:nav.mine') },
      { to: '/meddelanden', label: t('messages:nav.messages') },
    ],
    more: [
      { to: '/sok-vard', label: t('triage:nav') },
      { to: '/kallelser', label: t('invitations:nav.patient') },
      { to: '/forlossning', label: t('birth-clinic:nav.patient') },
      { to: '/profil', label: t('patient:nav.profile') },
      { to: '/profil/vem-har-tittat', label: t('protection:accessLog.nav') },
      { to: '/profil/ombud', label: t('protection:proxies.nav') },
    ],
  };
}

export function PatientLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation(['common']);
  const me = useCitizen();
  const logout = useLogout();
  const links = usePatientLinks();
  return (
    <PageLayout
      homeHref={me ? '/hem' : '/'}
      nav={
        me ? (
          <ul>
            {[...links.main, ...links.more].map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.to === '/profil'}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        ) : undefined
      }
      actions={
        me ? (
          <>
            <ActingForSwitcher />
            <Button
              variant="secondary"
              onClick={() => logout.mutate()}
              pending={logout.isPending}
              pendingLabel={t('common:session.loggingOut')}
            >
              {t('common:session.logout')}
            </Button>
          </>
        ) : undefined
      }
      tabBar={me ? <PatientTabBar /> : undefined}
      banner={me ? <ActingForBanner /> : undefined}
    >
      {children}
    </PageLayout>
  );
}

function PatientTabBar() {
  const { t } = useTranslation('home');
  const unread = useUnreadMessages();
  const tabs = [
    { to: '/hem', label: t('tabs.home') },
    { to: '/boka', label: t('tabs.book') },
    { to: '/meddelanden', label: t('tabs.messages'), badge: unread },
    { to: '/bokningar', label: t('tabs.bookings') },
    { to: '/mer', label: t('tabs.more') },
  ];
  return (
    <ul>
      {tabs.map((tab) => (
        <li key={tab.to}>
          <NavLink to={tab.to}>
            <span>{tab.label}</span>
            {tab.badge ? (
              <span className="tab-badge" data-testid="tab-unread">
                <span aria-hidden="true">{tab.badge > 99 ? '99+' : tab.badge}</span>
                <span className="visually-hidden">{t('tabs.unread', { count: tab.badge })}</span>
              </span>
            ) : null}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
