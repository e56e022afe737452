/** The vårdcentral the citizen is listed at, and the choice of another (GET /api/units?kind=vardcentral). */
import { type Profile, UnitListResponse } from '@ingang/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { fieldError, hasFieldErrors } from '../../api/errors.js';
import { Alert, Button, ErrorAlert, Select, Spinner } from '../../ui/index.js';
import { useUpdateProfile } from './use-profile.js';

export function UnitSection({ profile }: { profile: Profile }) {
  const { t } = useTranslation(['patient', 'common']);
  const units = useQuery({
    queryKey: ['units', 'vardcentral'],
    queryFn: () => api.get('/api/units?kind=vardcentral', { schema: UnitListResponse }).then((r) => r.data),
  });
  const update = useUpdateProfile();
  const [unitId, setUnitId] = useState(profile.listedUnit?.id ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (unitId) update.mutate({ listedUnitId: unitId });
  }

  return (
    <section aria-labelledby="unit-title">
      <h2 id="unit-title">{t('patient:profile.unitTitle')}</h2>
      <p data-testid="listed-unit">
        {profile.listedUnit
          ? t('patient:profile.listedAt', { name: profile.listedUnit.name })
          : t('patient:profile.notListed')}
      </p>
      {units.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={units.error} />
      {units.data && (
        <form onSubmit={submit} noValidate>
          {!hasFieldErrors(update.error) && <ErrorAlert error={update.error} />}
          {update.isSuccess && update.data.listedUnit && (
            <Alert tone="success">{t('patient:profile.unitChanged', { name: update.data.listedUnit.name })}</Alert>
          )}
          <Select
            label={t('patient:profile.chooseUnit')}
            value={unitId}
            onChange={(e) => setUnitId(e.target.value)}
            error={fieldError(update.error, 'listedUnitId')}
            options={[
              ...(profile.listedUnit ? [] : [{ value: '', label: t('patient:profile.noUnitChoice') }]),
              ...units.data.map((u) => ({ value: u.id, label: `${u.name}, ${u.city}` })),
            ]}
          />
          <Button
            type="submit"
            variant="secondary"
            disabled={!unitId || unitId === profile.listedUnit?.id}
            pending={update.isPending}
            pendingLabel={t('common:saving')}
          >
            {t('patient:profile.changeUnit')}
          </Button>
        </form>
      )}
    </section>
  );
}
