/**
 * /staff/forlossning: at an antenatal clinic the pregnancies and wishes; at a
 * delivery clinic the allocated list per week (the server says which the
 * active unit is: the antenatal list answers 403 not_antenatal_clinic).
 */
import type { StaffMe } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../ui/index.js';
import { StaffLayout } from '../staff-layout.js';
import { AntenatalView } from './antenatal-view.js';
import { DeliveryView } from './delivery-view.js';

export function StaffBirthClinicPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t } = useTranslation('birth-clinic');
  const [delivery, setDelivery] = useState(false);
  usePageTitle(delivery ? t('delivery.title') : t('staff.title'));
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';
  return (
    <StaffLayout>
      {delivery ? (
        <DeliveryView unitId={unitId} />
      ) : (
        <AntenatalView unitId={unitId} unitName={unitName} onNotAntenatal={() => setDelivery(true)} />
      )}
    </StaffLayout>
  );
}
