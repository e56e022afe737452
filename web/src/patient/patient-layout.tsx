/** The patient area's frame: header with navigation, acting-for switcher and log out. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useCitizen } from '../api/me.js';
import { useLogout } from '../session/logout.js';
import { Button, PageLayout } from '../ui/index.js';
import { ActingForBanner, ActingForSwitcher } from './acting-for.js';

export function PatientLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation(['patient', 'common', 'protection', 'booking']);
  const me = useCitizen();
  const logout = useLogout();
  return (
    <PageLayout
      homeHref={me ? '/profil' : '/'}
      nav={
        me ? (
          <ul>
            <li>
              <NavLink to="/profil" end>
                {t('patient:nav.profile')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/sok-vard">{t('triage:nav')}</NavLink>
            </li>
            <li>
              <NavLink to="/boka">{t('booking:nav.book')}</NavLink>
            </li>
            <li>
              <NavLink to="/bokningar">{t('booking:nav.mine')}</NavLink>
            </li>
            <li>
              <NavLink to="/meddelanden">{t('messages:nav.messages')}</NavLink>
            </li>
            <li>
              <NavLink to="/kallelser">{t('invitations:nav.patient')}</NavLink>
            </li>
            <li>
              <NavLink to="/profil/vem-har-tittat">{t('protection:accessLog.nav')}</NavLink>
            </li>
            <li>
              <NavLink to="/profil/ombud">{t('protection:proxies.nav')}</NavLink>
            </li>
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
      banner={me ? <ActingForBanner /> : undefined}
    >
      {children}
    </PageLayout>
  );
}
