/** The guard of the staff and admin areas: a logged-in staff member, or the login page in place. */
import type { StaffMe } from '@ingang/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/me.js';
import { IdleGuard } from '../session/idle-guard.js';
import { ErrorAlert, Spinner } from '../ui/index.js';
import { StaffLoginPage } from './login-page.js';
import { StaffLayout } from './staff-layout.js';

/** Renders `children(me)` for staff; otherwise the login page (which returns to this URL). */
export function RequireStaff({ children }: { children: (me: StaffMe) => ReactNode }) {
  const { t } = useTranslation('common');
  const { data: me, error, isPending } = useMe();
  if (isPending) {
    return (
      <StaffLayout>
        <Spinner label={t('loading')} />
      </StaffLayout>
    );
  }
  if (error) {
    return (
      <StaffLayout>
        <ErrorAlert error={error} />
      </StaffLayout>
    );
  }
  if (me?.kind !== 'staff') return <StaffLoginPage />;
  return (
    <>
      <IdleGuard idleSeconds={me.session.idleSeconds} homePath="/staff" />
      {children(me)}
    </>
  );
}
