/**
 * The vårdcentral the citizen is listed at, and the choice of another (GET /api/units?kind=vardcentral).
 * Changing it is confirmed first: the listing decides which unit has a care relationship.
 */
import { type Profile, UnitListResponse } from '@ingang/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { fieldError, hasFieldErrors } from '../../api/errors.js';
import { Alert, Button, Dialog, ErrorAlert, Select, Spinner } from '../../ui/index.js';
import { useUpdateProfile } from './use-profile.js';

export function UnitSection({ profile }: { profile: Profile }) {
  const { t } = useTranslation(['patient', 'common']);
  const units = useQuery({
    queryKey: ['units', 'vardcentral'],
    queryFn: () => api.get('/api/units?kind=vardcentral', { schema: UnitListResponse }).then((r) => r.data),
  });
  const update = useUpdateProfile();
  const [unitId, setUnitId] = useState(profile.listedUnit?.id ?? '');
  const [confirming, setConfirming] = useState(false);
  const chosen = units.data?.find((u) => u.id === unitId);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (unitId) setConfirming(true);
  }
  function confirm() {
    update.mutate({ listedUnitId: unitId }, { onSettled: () => setConfirming(false) });
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
      <Dialog
        open={confirming}
        title={t('patient:profile.confirmUnitTitle', { name: chosen?.name ?? '' })}
        onClose={() => setConfirming(false)}
      >
        <p>
          {profile.listedUnit
            ? t('patient:profile.confirmUnitText', { from: profile.listedUnit.name, name: chosen?.name ?? '' })
            : t('patient:profile.confirmUnitTextNew', { name: chosen?.name ?? '' })}
        </p>
        <div className="button-row">
          <Button onClick={confirm} pending={update.isPending} pendingLabel={t('common:saving')}>
            {t('patient:profile.confirmUnit')}
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            {t('common:cancel')}
          </Button>
        </div>
      </Dialog>
    </section>
  );
}
