/** /admin: the units the caller administers, with search and filters (client-side: the list is small). */
import type { StaffMe } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { UNIT_KINDS, useLabels } from '../staff/format.js';
import { DataTable } from '../ui/data-table.js';
import { Alert, ButtonLink, ErrorAlert, Select, Spinner, TextField, usePageTitle } from '../ui/index.js';
import { useAdminUnits } from './admin-api.js';
import { AdminLayout } from './admin-frame.js';

/** Router state left by the create page: `{ created: name }`. */
function createdFrom(state: unknown): string | null {
  const created = (state as { created?: unknown } | null)?.created;
  return typeof created === 'string' ? created : null;
}

export function UnitsListPage({ me }: { me: StaffMe }) {
  const { t } = useTranslation(['admin', 'common']);
  usePageTitle(t('admin:list.title'));
  const labels = useLabels();
  const units = useAdminUnits();
  const created = createdFrom(useLocation().state);
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const [municipality, setMunicipality] = useState('');

  const all = units.data ?? [];
  const municipalities = [...new Set(all.map((u) => u.municipality))].sort((a, b) => a.localeCompare(b, 'sv'));
  const needle = q.trim().toLocaleLowerCase('sv');
  const shown = all.filter(
    (u) =>
      (!kind || u.kind === kind) &&
      (!municipality || u.municipality === municipality) &&
      (!needle || [u.name, u.hsaId, u.city].some((s) => s.toLocaleLowerCase('sv').includes(needle))),
  );
  const region = me.abilities.administerRegion;

  return (
    <AdminLayout>
      {created && <Alert tone="success">{t('admin:list.created', { name: created })}</Alert>}
      <h1>{t('admin:list.title')}</h1>
      <p>{region ? t('admin:list.leadRegion') : t('admin:list.leadUnit')}</p>
      {region && (
        <p>
          <ButtonLink to="/admin/enheter/ny">{t('admin:list.newUnit')}</ButtonLink>
        </p>
      )}
      {units.isPending ? (
        <Spinner label={t('common:loading')} />
      ) : units.error ? (
        <ErrorAlert error={units.error} />
      ) : all.length === 0 ? (
        <p>{t('admin:list.none')}</p>
      ) : (
        <>
          <section aria-labelledby="unit-filter-title">
            <h2 id="unit-filter-title">{t('admin:list.filterTitle')}</h2>
            <div className="filters">
              <TextField
                type="search"
                label={t('admin:list.search')}
                hint={t('admin:list.searchHint')}
                value={q}
                onChange={(e) => setQ(e.target.value)}
              />
              <Select
                label={t('admin:list.kind')}
                value={kind}
                onChange={(e) => setKind(e.target.value)}
                options={[
                  { value: '', label: t('admin:list.all') },
                  ...UNIT_KINDS.map((k) => ({ value: k, label: labels.kind(k) })),
                ]}
              />
              <Select
                label={t('admin:list.municipality')}
                value={municipality}
                onChange={(e) => setMunicipality(e.target.value)}
                options={[
                  { value: '', label: t('admin:list.all') },
                  ...municipalities.map((m) => ({ value: m, label: m })),
                ]}
              />
            </div>
          </section>
          <h2>{t('admin:list.caption')}</h2>
          <p role="status">{t('admin:list.count', { count: shown.length, total: all.length })}</p>
          {shown.length === 0 ? (
            <p>{t('admin:list.noMatch')}</p>
          ) : (
            <DataTable
              caption={t('admin:list.caption')}
              rows={shown}
              rowKey={(u) => u.id}
              columns={[
                {
                  key: 'name',
                  header: t('admin:list.name'),
                  render: (u) => <Link to={`/admin/enheter/${u.id}`}>{u.name}</Link>,
                },
                { key: 'hsaId', header: t('admin:list.hsaId'), render: (u) => u.hsaId },
                { key: 'kind', header: t('admin:list.kind'), render: (u) => labels.kind(u.kind) },
                { key: 'city', header: t('admin:list.city'), render: (u) => `${u.city} (${u.municipality})` },
                {
                  key: 'status',
                  header: t('admin:list.status'),
                  render: (u) => (u.active ? t('admin:list.active') : t('admin:list.inactive')),
                },
              ]}
            />
          )}
        </>
      )}
    </AdminLayout>
  );
}
