/**
 * The support desk's frame: the staff layout with the desk's navigation, for support agents only.
 * It holds the desk's queue socket (the queue and my offers by push) and shows offers on every page.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { RequireStaff } from '../staff/require-staff.js';
import { StaffLayout } from '../staff/staff-layout.js';
import { Alert } from '../ui/index.js';
import { DeskLiveContext, useQueueLive } from './live.js';
import { Offers } from './offers.js';

function LiveDesk({ children }: { children: ReactNode }) {
  const live = useQueueLive(true);
  return (
    <DeskLiveContext.Provider value={live}>
      <Offers />
      {children}
    </DeskLiveContext.Provider>
  );
}

export function DeskLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation('support');
  return (
    <RequireStaff>
      {(me) => (
        <StaffLayout brand={t('desk.brand')} homeHref="/support">
          <nav aria-label={t('desk.brand')} className="desk-nav">
            <NavLink to="/support" end>
              {t('desk.nav.queue')}
            </NavLink>
            <NavLink to="/support/information">{t('desk.nav.info')}</NavLink>
            <NavLink to="/support/avvikelser">{t('desk.nav.deviations')}</NavLink>
            <NavLink to="/support/kunskap">{t('desk.nav.knowledge')}</NavLink>
            <NavLink to="/support/statistik">{t('desk.nav.dashboard')}</NavLink>
          </nav>
          {me.abilities.support ? <LiveDesk>{children}</LiveDesk> : <Alert tone="warning">{t('desk.notAgent')}</Alert>}
        </StaffLayout>
      )}
    </RequireStaff>
  );
}
