/** The unit the staff member works in: its details and colleagues (GET /api/staff/units/:unitId). */
import type { StaffMe } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../ui/data-table.js';
import { Alert, ButtonLink, ErrorAlert, Spinner, usePageTitle } from '../ui/index.js';
import { useLabels } from './format.js';
import { useStaffUnit } from './staff-api.js';
import { StaffLayout } from './staff-layout.js';
import { UnitDetails } from './unit-details.js';

export function UnitPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t } = useTranslation(['staff', 'common']);
  const labels = useLabels();
  const query = useStaffUnit(unitId);
  const unit = query.data?.data.unit;
  usePageTitle(unit?.name ?? t('staff:nav.unit'));

  if (!query.data || !unit) {
    return (
      <StaffLayout>
        <h1>{t('staff:nav.unit')}</h1>
        {query.error ? <ErrorAlert error={query.error} /> : <Spinner label={t('common:loading')} />}
      </StaffLayout>
    );
  }
  const { colleagues } = query.data.data;
  const { abilities } = query.data;
  return (
    <StaffLayout>
      <h1>{unit.name}</h1>
      <p className="muted">
        {labels.kind(unit.kind)} · {unit.city}
      </p>
      {!unit.active && <Alert tone="warning">{t('staff:unit.inactive')}</Alert>}
      {(abilities.edit || abilities.manageStaff) && (
        <p>
          <ButtonLink variant="secondary" to={`/admin/enheter/${unit.id}`}>
            {t('staff:unit.administer')}
          </ButtonLink>
        </p>
      )}
      <UnitDetails unit={unit} />
      <section aria-labelledby="unit-colleagues">
        <h2 id="unit-colleagues">{t('staff:unit.colleaguesTitle')}</h2>
        {colleagues.length === 0 ? (
          <p className="muted">{t('staff:unit.noColleagues')}</p>
        ) : (
          <DataTable
            caption={t('staff:unit.colleaguesCaption', { unit: unit.name })}
            rows={colleagues}
            rowKey={(c) => c.staffId}
            columns={[
              {
                key: 'name',
                header: t('staff:unit.name'),
                render: (c) => (c.staffId === me.staffId ? `${c.name} ${t('staff:unit.you')}` : c.name),
              },
              { key: 'title', header: t('staff:unit.title'), render: (c) => c.title || '–' },
              { key: 'roles', header: t('staff:unit.roles'), render: (c) => labels.roles(c.roles) },
              {
                key: 'email',
                header: t('staff:unit.email'),
                render: (c) => (c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '–'),
              },
            ]}
          />
        )}
      </section>
    </StaffLayout>
  );
}
