/**
 * /staff/nodatkomst — follow-up of the active unit's emergency accesses, for
 * the unit's administrators (and region admins working in a unit). The admin
 * area shows the same section per unit at /admin/enheter/:unitId/nodatkomst.
 */
import type { StaffMe } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { Alert, usePageTitle } from '../../ui/index.js';
import { StaffLayout } from '../staff-layout.js';
import { canFollowUp } from './abilities.js';
import { FollowUpSection } from './follow-up-section.js';

export function FollowUpPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t } = useTranslation('care');
  usePageTitle(t('followUp.title'));
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';
  return (
    <StaffLayout>
      <h1>{t('followUp.title')}</h1>
      {canFollowUp(me, unitId) ? (
        <>
          <p>{t('followUp.lead', { unit: unitName })}</p>
          <FollowUpSection unitId={unitId} unitName={unitName} />
        </>
      ) : (
        <Alert tone="info">{t('followUp.forbidden')}</Alert>
      )}
    </StaffLayout>
  );
}
