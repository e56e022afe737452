/** The administration's guard and frames: who may enter, the area header, and a unit's sub-navigation. */
import type { StaffMe, Unit } from '@ingang/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useStaff } from '../api/me.js';
import { canFollowUp } from '../staff/follow-up/abilities.js';
import { RequireStaff } from '../staff/require-staff.js';
import { isAdministrator, StaffLayout } from '../staff/staff-layout.js';
import { Alert, ButtonLink, ErrorAlert, Spinner, usePageTitle } from '../ui/index.js';
import { useAdminUnit } from './admin-api.js';

/** The admin area's page frame. */
export function AdminLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation('admin');
  return (
    <StaffLayout brand={t('brand')} homeHref="/admin">
      {children}
    </StaffLayout>
  );
}

function Forbidden() {
  const { t } = useTranslation('admin');
  usePageTitle(t('forbidden.title'));
  return (
    <AdminLayout>
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.text')}</p>
      <ButtonLink to="/staff">{t('nav.staffPortal')}</ButtonLink>
    </AdminLayout>
  );
}

/** Renders `children(me)` for region admins and unit admins; login page or "no access" otherwise. */
export function RequireAdmin({ children }: { children: (me: StaffMe) => ReactNode }) {
  return <RequireStaff>{(me) => (isAdministrator(me) ? children(me) : <Forbidden />)}</RequireStaff>;
}

/** A unit's admin page: the unit's name as h1, the Uppgifter/Personal/Ändringshistorik links, then the page. */
export function AdminUnitFrame({
  unitId,
  section,
  children,
}: {
  unitId: string;
  section: string;
  children: (unit: Unit) => ReactNode;
}) {
  const { t } = useTranslation(['admin', 'common', 'care', 'triage']);
  const me = useStaff();
  const { unit, error, isPending } = useAdminUnit(unitId);
  usePageTitle(unit ? `${section} – ${unit.name}` : section);
  if (!unit) {
    return (
      <AdminLayout>
        <h1>{section}</h1>
        {isPending ? (
          <Spinner label={t('common:loading')} />
        ) : error ? (
          <ErrorAlert error={error} />
        ) : (
          <Alert tone="warning">{t('admin:unitMissing')}</Alert>
        )}
      </AdminLayout>
    );
  }
  const base = `/admin/enheter/${unit.id}`;
  return (
    <AdminLayout>
      <p>
        <NavLink to="/admin">← {t('admin:nav.units')}</NavLink>
      </p>
      <h1>{unit.name}</h1>
      <nav aria-label={t('admin:unitNav.label')} className="sub-nav">
        <ul>
          <li>
            <NavLink to={base} end>
              {t('admin:unitNav.details')}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/personal`}>{t('admin:unitNav.staff')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/historik`}>{t('admin:unitNav.changes')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/triage`}>{t('triage:unitAdmin.nav')}</NavLink>
          </li>
          {me && canFollowUp(me, unit.id) && (
            <li>
              <NavLink to={`${base}/nodatkomst`}>{t('care:followUp.adminNav')}</NavLink>
            </li>
          )}
        </ul>
      </nav>
      {children(unit)}
    </AdminLayout>
  );
}
