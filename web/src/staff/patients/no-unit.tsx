/** Shown instead of a patient page while the staff member has no active unit: patient access is per unit. */
import { useTranslation } from 'react-i18next';
import { ButtonLink, usePageTitle } from '../../ui/index.js';
import { StaffLayout } from '../staff-layout.js';

export function NoActiveUnit() {
  const { t } = useTranslation('care');
  usePageTitle(t('noUnit.title'));
  return (
    <StaffLayout>
      <h1>{t('noUnit.title')}</h1>
      <p>{t('noUnit.text')}</p>
      <ButtonLink to="/staff/byt-enhet">{t('noUnit.choose')}</ButtonLink>
    </StaffLayout>
  );
}
