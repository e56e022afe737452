/**
 * /admin/forlossning (region admins): capacity vs demand per clinic and week
 * as a heat map with a table alternative, first-wish and fallback shares, CSV
 * export, "run the allocation now", and the capacity forms.
 */
import { isoWeek, stockholmDate } from '@ingang/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ErrorAlert, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { AdminLayout } from '../admin-frame.js';
import './birth-clinic.css';
import { useOverview, useRunAllocation } from './birth-clinic-api.js';
import { CapacityForms } from './capacity-forms.js';
import { HeatMap, OverviewTable } from './heat-map.js';

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

export function BirthClinicAdminPage() {
  const { t } = useTranslation('birth-clinic');
  usePageTitle(t('admin.title'));
  const [from, setFrom] = useState(() => isoWeek(stockholmDate(new Date())));
  const [weeks, setWeeks] = useState(12);
  const [draft, setDraft] = useState({ from, weeks: String(weeks) });
  const overview = useOverview(from, weeks);
  const run = useRunAllocation();
  const s = overview.data?.summary;

  function show(event: FormEvent) {
    event.preventDefault();
    setFrom(draft.from.trim());
    setWeeks(Math.min(60, Math.max(1, Number(draft.weeks) || 12)));
  }

  return (
    <AdminLayout>
      <h1>{t('admin.title')}</h1>
      <p>{t('admin.lead')}</p>
      <form onSubmit={show} className="filters">
        <TextField
          id="bc-from"
          label={t('admin.from')}
          value={draft.from}
          onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
        />
        <TextField
          id="bc-weeks"
          inputMode="numeric"
          label={t('admin.weeks')}
          value={draft.weeks}
          onChange={(e) => setDraft((d) => ({ ...d, weeks: e.target.value }))}
        />
        <Button type="submit" variant="secondary">
          {t('admin.show')}
        </Button>
      </form>
      <div className="button-row">
        <Button onClick={() => run.mutate()} pending={run.isPending} pendingLabel={t('admin.running')}>
          {t('admin.run')}
        </Button>
        <a
          className="button button--secondary"
          href={`/api/admin/birth-clinic/overview.csv?from=${encodeURIComponent(from)}&weeks=${weeks}`}
          download
        >
          {t('admin.csv')}
        </a>
      </div>
      {run.data && <Alert tone="success">{t('admin.ran', { told: run.data.told, changed: run.data.changed })}</Alert>}
      <ErrorAlert error={run.error} />
      {overview.isPending && <Spinner label={t('staff.loading')} />}
      <ErrorAlert error={overview.error} />
      {s && (
        <section aria-labelledby="bc-summary">
          <h2 id="bc-summary">{t('admin.summaryTitle')}</h2>
          <ul>
            <li>{t('admin.firstWish', { share: pct(s.firstWishShare), n: s.firstWish, of: s.withWish })}</li>
            <li>{t('admin.fallback', { share: pct(s.fallbackShare), n: s.fallback })}</li>
            <li>{t('admin.overPlan', { n: s.overPlan })}</li>
          </ul>
        </section>
      )}
      {overview.data && (
        <section aria-labelledby="bc-chart">
          <h2 id="bc-chart">{t('admin.chartTitle')}</h2>
          <p>{t('admin.chartLead')}</p>
          <HeatMap data={overview.data} />
          <OverviewTable data={overview.data} />
        </section>
      )}
      <CapacityForms year={Number(from.slice(0, 4)) || new Date().getFullYear()} />
    </AdminLayout>
  );
}
