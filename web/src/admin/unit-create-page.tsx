/** /admin/enheter/ny: "Ny vårdenhet" (region admins). On success: back to the list with a notice. */
import type { StaffMe } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Alert, usePageTitle } from '../ui/index.js';
import { useCreateUnit } from './admin-api.js';
import { AdminLayout } from './admin-frame.js';
import { UnitForm } from './unit-form.js';
import { emptyUnitForm, formToBody } from './unit-form-values.js';

export function UnitCreatePage({ me }: { me: StaffMe }) {
  const { t } = useTranslation(['admin', 'common']);
  usePageTitle(t('admin:create.title'));
  const navigate = useNavigate();
  const create = useCreateUnit();
  return (
    <AdminLayout>
      <h1>{t('admin:create.title')}</h1>
      {me.abilities.administerRegion ? (
        <UnitForm
          initial={emptyUnitForm()}
          mode="create"
          regionAdmin
          pending={create.isPending}
          error={create.error}
          submitLabel={t('admin:create.submit')}
          onSubmit={(values) =>
            create.mutate(formToBody(values, { includeRegionOnly: true, includeActive: false }), {
              onSuccess: (unit) => navigate('/admin', { state: { created: unit.name } }),
            })
          }
        />
      ) : (
        <Alert tone="warning">{t('common:errors.forbidden')}</Alert>
      )}
    </AdminLayout>
  );
}
