/** The frame of the staff portal and the administration: header with who is logged in, unit and log out. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useStaff } from '../api/me.js';
import { useLogout } from '../session/logout.js';
import { Button, PageLayout } from '../ui/index.js';
import { canFollowUp } from './follow-up/abilities.js';

/** True for region admins and for anyone who is unit admin somewhere. */
export function isAdministrator(me: { abilities: { administerRegion: boolean }; units: { roles: string[] }[] }) {
  return me.abilities.administerRegion || me.units.some((u) => u.roles.includes('unit_admin'));
}

function HeaderActions() {
  const { t } = useTranslation(['staff', 'common']);
  const me = useStaff();
  const logout = useLogout({ homePath: '/staff' });
  const logoutEverywhere = useLogout({ homePath: '/staff', everywhere: true });
  if (!me) return null;
  const active = me.units.find((u) => u.unitId === me.activeUnitId);
  return (
    <>
      <p className="staff-who">
        <span>{t('staff:header.loggedInAs', { name: me.name })}</span>
        {active && <span>{t('staff:header.activeUnit', { unit: active.name })}</span>}
      </p>
      <Button
        variant="secondary"
        onClick={() => logout.mutate()}
        pending={logout.isPending}
        pendingLabel={t('common:session.loggingOut')}
      >
        {t('common:session.logout')}
      </Button>
      <Button
        variant="link"
        onClick={() => logoutEverywhere.mutate()}
        pending={logoutEverywhere.isPending}
        pendingLabel={t('common:session.loggingOut')}
      >
        {t('common:session.logoutEverywhere')}
      </Button>
    </>
  );
}

/** Page frame for /staff and /admin; `brand` defaults to "Ingång för vårdpersonal". */
export function StaffLayout({
  children,
  brand,
  homeHref = '/staff',
}: {
  children: ReactNode;
  brand?: string;
  homeHref?: string;
}) {
  const { t } = useTranslation(['staff', 'care', 'audit', 'timebook', 'inbox', 'video', 'queueAdmin']);
  const me = useStaff();
  return (
    <PageLayout
      homeHref={homeHref}
      brand={brand ?? t('brand')}
      nav={
        me ? (
          <ul>
            <li>
              <NavLink to="/staff" end>
                {t('nav.unit')}
              </NavLink>
            </li>
            {me.activeUnitId && (
              <li>
                <NavLink to="/staff/patienter">{t('care:nav.search')}</NavLink>
              </li>
            )}
            {me.activeUnitId && (
              <>
                <li>
                  <NavLink to="/staff/triage">{t('triage:unit.nav')}</NavLink>
                </li>
                <li>
                  <NavLink to="/staff/inkorg">{t('inbox:nav.inbox')}</NavLink>
                </li>
                <li>
                  <NavLink to="/staff/tidbok">{t('timebook:nav.calendar')}</NavLink>
                </li>
                <li>
                  <NavLink to="/staff/dagslista">{t('timebook:nav.dayList')}</NavLink>
                </li>
                <li>
                  <NavLink to="/staff/video">{t('video:nav.staff')}</NavLink>
                </li>
                <li>
                  <NavLink to="/staff/kallelser">{t('invitations:nav.staff')}</NavLink>
                </li>
                {me.units.find((u) => u.unitId === me.activeUnitId)?.kind === 'maternity' && (
                  <li>
                    <NavLink to="/staff/forlossning">{t('birth-clinic:nav.staff')}</NavLink>
                  </li>
                )}
              </>
            )}
            {canFollowUp(me, me.activeUnitId) && (
              <li>
                <NavLink to="/staff/nodatkomst">{t('care:nav.followUp')}</NavLink>
              </li>
            )}
            {me.units.length > 1 && (
              <li>
                <NavLink to="/staff/byt-enhet">{t('nav.switchUnit')}</NavLink>
              </li>
            )}
            {isAdministrator(me) && (
              <li>
                <NavLink to="/admin">{t('nav.admin')}</NavLink>
              </li>
            )}
            {me.abilities.administerRegion && (
              <li>
                <NavLink to="/admin/tidstyper">{t('timebook:nav.admin')}</NavLink>
              </li>
            )}
            {me.abilities.administerRegion && (
              <li>
                <NavLink to="/admin/logg">{t('audit:nav')}</NavLink>
              </li>
            )}
            {me.abilities.administerRegion && (
              <li>
                <NavLink to="/admin/ko">{t('queueAdmin:navLink')}</NavLink>
              </li>
            )}
            {me.abilities.administerRegion && (
              <li>
                <NavLink to="/admin/forlossning">{t('birth-clinic:nav.admin')}</NavLink>
              </li>
            )}
          </ul>
        ) : undefined
      }
      actions={me ? <HeaderActions /> : undefined}
    >
      {children}
    </PageLayout>
  );
}
