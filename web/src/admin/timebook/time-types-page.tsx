/** /admin/tidstyper — the region's time types, retired ones included, with "Ny tidstyp". */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable } from '../../ui/data-table.js';
import { ButtonLink, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { AdminLayout } from '../admin-frame.js';
import { AdminTimebookNav } from './admin-timebook-nav.js';
import { useTimeTypes } from './timebook-admin-api.js';

export function TimeTypesPage() {
  const { t, i18n } = useTranslation(['timebook', 'common']);
  usePageTitle(t('admin.types.title'));
  const types = useTimeTypes();
  return (
    <AdminLayout>
      <h1>{t('admin.types.title')}</h1>
      <AdminTimebookNav />
      <p>{t('admin.types.lead')}</p>
      <p>
        <ButtonLink to="/admin/tidstyper/ny">{t('admin.types.create')}</ButtonLink>
      </p>
      {!types.data ? (
        types.error ? (
          <ErrorAlert error={types.error} />
        ) : (
          <Spinner label={t('common:loading')} />
        )
      ) : types.data.length === 0 ? (
        <p>{t('admin.types.empty')}</p>
      ) : (
        <DataTable
          caption={t('admin.types.title')}
          rows={types.data}
          rowKey={(x) => x.id}
          columns={[
            {
              key: 'name',
              header: t('admin.types.name'),
              render: (x) => (
                <Link to={`/admin/tidstyper/${x.id}`}>{i18n.language === 'en' ? x.nameEn : x.nameSv}</Link>
              ),
            },
            {
              key: 'duration',
              header: t('admin.types.duration'),
              render: (x) => t('admin.types.minutes', { count: x.durationMinutes }),
            },
            { key: 'mode', header: t('admin.types.mode'), render: (x) => t(`admin.modes.${x.mode}`) },
            { key: 'places', header: t('admin.types.places'), render: (x) => x.placesPerSlot },
            {
              key: 'units',
              header: t('admin.types.units'),
              render: (x) => t('admin.types.unitCount', { count: x.unitIds.length }),
            },
            {
              key: 'status',
              header: t('admin.types.status'),
              render: (x) => (x.retiredAt ? t('admin.types.retired') : t('admin.types.active')),
            },
            {
              key: 'releases',
              header: t('admin.types.releases'),
              render: (x) => (
                <Link to={`/admin/tidstyper/${x.id}/slapp`}>
                  {t('admin.types.releasesLink', { name: i18n.language === 'en' ? x.nameEn : x.nameSv })}
                </Link>
              ),
            },
          ]}
        />
      )}
    </AdminLayout>
  );
}
