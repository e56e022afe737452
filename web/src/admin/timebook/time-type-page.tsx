/**
 * /admin/tidstyper/ny and /admin/tidstyper/:id — create or edit a time type;
 * when editing also which units may publish it, its releases, and retiring it
 * (history is kept; a retired type can be brought back).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { AdminLayout } from '../admin-frame.js';
import { AdminTimebookNav } from './admin-timebook-nav.js';
import { TimeTypeForm } from './time-type-form.js';
import { TypeUnits } from './time-type-units.js';
import { timeTypeBody, timeTypeValues } from './time-type-values.js';
import { useCreateTimeType, useTimeType, useUpdateTimeType } from './timebook-admin-api.js';

export function TimeTypeCreatePage() {
  const { t } = useTranslation('timebook');
  usePageTitle(t('admin.type.createTitle'));
  const navigate = useNavigate();
  const create = useCreateTimeType();
  return (
    <AdminLayout>
      <h1>{t('admin.type.createTitle')}</h1>
      <AdminTimebookNav />
      <TimeTypeForm
        initial={timeTypeValues()}
        create
        pending={create.isPending}
        error={create.error}
        submitLabel={t('admin.type.createSubmit')}
        onSubmit={(values) =>
          create.mutate(timeTypeBody(values, true), {
            onSuccess: (type) => navigate(`/admin/tidstyper/${type.id}`, { state: { created: true } }),
          })
        }
      />
    </AdminLayout>
  );
}

export function TimeTypeEditPage({ typeId }: { typeId: string }) {
  const { t, i18n } = useTranslation(['timebook', 'common']);
  const { type, error, isPending } = useTimeType(typeId);
  const update = useUpdateTimeType(typeId);
  const retire = useUpdateTimeType(typeId);
  const [saved, setSaved] = useState(false);
  const name = type ? (i18n.language === 'en' ? type.nameEn : type.nameSv) : t('admin.type.editTitle');
  usePageTitle(name);
  if (!type) {
    return (
      <AdminLayout>
        <h1>{t('admin.type.editTitle')}</h1>
        {isPending ? (
          <Spinner label={t('common:loading')} />
        ) : error ? (
          <ErrorAlert error={error} />
        ) : (
          <Alert tone="warning">{t('admin.type.missing')}</Alert>
        )}
      </AdminLayout>
    );
  }
  return (
    <AdminLayout>
      <p>
        <Link to="/admin/tidstyper">← {t('admin.nav.types')}</Link>
      </p>
      <h1>{name}</h1>
      <p className="muted">
        {t('admin.type.codeLine', { code: type.code })} ·{' '}
        {type.retiredAt ? t('admin.types.retired') : t('admin.types.active')}
      </p>
      <p>
        <Link to={`/admin/tidstyper/${type.id}/slapp`}>{t('admin.type.toReleases')}</Link>
      </p>
      {saved && <Alert tone="success">{t('admin.type.saved')}</Alert>}
      <TimeTypeForm
        key={type.updatedAt}
        initial={timeTypeValues(type)}
        create={false}
        pending={update.isPending}
        error={update.error}
        submitLabel={t('common:save')}
        onSubmit={(values) => {
          setSaved(false);
          update.mutate(timeTypeBody(values, false), { onSuccess: () => setSaved(true) });
        }}
      />
      <TypeUnits type={type} />
      <section aria-labelledby="tt-retire-title">
        <h2 id="tt-retire-title">{type.retiredAt ? t('admin.type.reactivateTitle') : t('admin.type.retireTitle')}</h2>
        <p>{type.retiredAt ? t('admin.type.reactivateText') : t('admin.type.retireText')}</p>
        <ErrorAlert error={retire.error} />
        <Button
          variant={type.retiredAt ? 'secondary' : 'danger'}
          pending={retire.isPending}
          pendingLabel={t('common:saving')}
          onClick={() => retire.mutate({ retired: !type.retiredAt })}
        >
          {type.retiredAt ? t('admin.type.reactivate') : t('admin.type.retire')}
        </Button>
      </section>
    </AdminLayout>
  );
}
