/** "Välj enhet att arbeta i": shown after login to staff of several units, and from the header to switch. */
import type { StaffMe } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Alert, Button, ButtonLink, ErrorAlert, usePageTitle } from '../ui/index.js';
import { useLabels } from './format.js';
import { useSelectUnit } from './staff-api.js';
import { isAdministrator, StaffLayout } from './staff-layout.js';

export function UnitPickerPage({ me }: { me: StaffMe }) {
  const { t } = useTranslation('staff');
  usePageTitle(t('picker.title'));
  const labels = useLabels();
  const navigate = useNavigate();
  const select = useSelectUnit();
  const [choosing, setChoosing] = useState<string | null>(null);
  const current = me.units.find((u) => u.unitId === me.activeUnitId);

  function choose(unitId: string) {
    setChoosing(unitId);
    select.mutate(unitId, { onSuccess: () => navigate('/staff') });
  }

  if (me.units.length === 0) {
    return (
      <StaffLayout>
        <h1>{t('picker.title')}</h1>
        <Alert tone="info">{t('picker.noUnits')}</Alert>
        {isAdministrator(me) && (
          <>
            <p>{t('picker.adminHint')}</p>
            <ButtonLink to="/admin">{t('picker.toAdmin')}</ButtonLink>
          </>
        )}
      </StaffLayout>
    );
  }

  return (
    <StaffLayout>
      <h1>{t('picker.title')}</h1>
      <p>{t('picker.lead')}</p>
      {current && <p>{t('picker.current', { unit: current.name })}</p>}
      <ErrorAlert error={select.error} />
      <ul className="choice-list">
        {me.units.map((unit) => (
          <li key={unit.unitId}>
            <Button
              variant={unit.unitId === me.activeUnitId ? 'primary' : 'secondary'}
              aria-current={unit.unitId === me.activeUnitId ? 'true' : undefined}
              onClick={() => choose(unit.unitId)}
              pending={select.isPending && choosing === unit.unitId}
              pendingLabel={t('picker.choosing')}
              disabled={select.isPending}
            >
              <span>{unit.name}</span>
              <span className="choice-list__meta">
                {labels.kind(unit.kind)} · {t('picker.yourRoles', { roles: labels.roles(unit.roles) })}
              </span>
            </Button>
          </li>
        ))}
      </ul>
    </StaffLayout>
  );
}
