/** /admin/enheter/:unitId/nodatkomst: the unit's emergency accesses for follow-up, inside the unit's admin frame. */
import { useTranslation } from 'react-i18next';
import { FollowUpSection } from '../../staff/follow-up/follow-up-section.js';
import { AdminUnitFrame } from '../admin-frame.js';

export function UnitFollowUpPage({ unitId }: { unitId: string }) {
  const { t } = useTranslation('care');
  return (
    <AdminUnitFrame unitId={unitId} section={t('followUp.title')}>
      {(unit) => (
        <>
          <h2>{t('followUp.title')}</h2>
          <p>{t('followUp.lead', { unit: unit.name })}</p>
          <FollowUpSection unitId={unit.id} unitName={unit.name} />
        </>
      )}
    </AdminUnitFrame>
  );
}
