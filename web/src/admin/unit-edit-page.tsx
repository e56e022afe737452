/** /admin/enheter/:unitId: the unit's details, editable (PATCH); region-only fields locked for unit admins. */
import type { StaffMe, Unit } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { Alert } from '../ui/index.js';
import { useUpdateUnit } from './admin-api.js';
import { AdminUnitFrame } from './admin-frame.js';
import { UnitForm } from './unit-form.js';
import { formToBody, unitToForm } from './unit-form-values.js';

function EditForm({ me, unit }: { me: StaffMe; unit: Unit }) {
  const { t } = useTranslation(['admin', 'common']);
  const update = useUpdateUnit(unit.id);
  const region = me.abilities.administerRegion;
  return (
    <>
      {update.isSuccess && <Alert tone="success">{t('admin:edit.saved')}</Alert>}
      <UnitForm
        // A fresh form after each save, filled with what the server stored.
        key={unit.updatedAt}
        initial={unitToForm(unit)}
        mode="edit"
        regionAdmin={region}
        pending={update.isPending}
        error={update.error}
        submitLabel={t('admin:edit.submit')}
        onSubmit={(values) => update.mutate(formToBody(values, { includeRegionOnly: region, includeActive: region }))}
      />
    </>
  );
}

export function UnitEditPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t } = useTranslation('admin');
  return (
    <AdminUnitFrame unitId={unitId} section={t('edit.title')}>
      {(unit) => <EditForm me={me} unit={unit} />}
    </AdminUnitFrame>
  );
}
