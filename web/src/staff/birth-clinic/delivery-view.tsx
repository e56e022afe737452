/** The delivery clinic's printable list of patients told a place in a week, with over-plan alerts. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../ui/data-table.js';
import { Alert, Button, ErrorAlert, Spinner, TextField } from '../../ui/index.js';
import { useDeliveries } from './birth-clinic-api.js';

export function DeliveryView({ unitId }: { unitId: string }) {
  const { t } = useTranslation('birth-clinic');
  const [week, setWeek] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const list = useDeliveries(unitId, week);
  const data = list.data;
  function show(event: FormEvent) {
    event.preventDefault();
    setWeek(draft.trim() || null);
  }
  return (
    <>
      <h1>{t('delivery.title')}</h1>
      <form onSubmit={show} className="filters no-print">
        <TextField
          id="bc-week"
          label={t('delivery.week')}
          value={draft}
          placeholder={data?.week}
          onChange={(e) => setDraft(e.target.value)}
        />
        <Button type="submit" variant="secondary">
          {t('delivery.show')}
        </Button>
        <Button type="button" variant="secondary" onClick={() => window.print()}>
          {t('delivery.print')}
        </Button>
      </form>
      {list.isPending && <Spinner label={t('staff.loading')} />}
      <ErrorAlert error={list.error} />
      {data && (
        <>
          <p>
            {t('delivery.lead', { clinic: data.clinicName, week: Number(data.week.slice(6)), start: data.weekStart })}
          </p>
          <p>
            {t('delivery.capacity', { capacity: data.capacity, allocated: data.allocated })}
            {data.allocated > data.capacity && <strong> {t('delivery.overPlan')}</strong>}
          </p>
          {data.patients.length === 0 ? (
            <p className="muted">{t('delivery.empty')}</p>
          ) : (
            <DataTable
              caption={t('delivery.caption')}
              rows={data.patients}
              rowKey={(r) => r.pregnancyId}
              columns={[
                { key: 'name', header: t('delivery.cols.name'), render: (r) => r.name },
                { key: 'pnr', header: t('delivery.cols.pnr'), render: (r) => r.personalNumber },
                { key: 'due', header: t('delivery.cols.due'), render: (r) => r.dueDate },
                {
                  key: 'basis',
                  header: t('delivery.cols.basis'),
                  render: (r) =>
                    r.overrideReason
                      ? t('delivery.overrideReason', { reason: r.overrideReason })
                      : t(`basis.${r.basis}`),
                },
              ]}
            />
          )}
          <section aria-labelledby="bc-alerts" className="no-print">
            <h2 id="bc-alerts">{t('delivery.alertsTitle')}</h2>
            {data.alerts.length === 0 ? (
              <p className="muted">{t('delivery.noAlerts')}</p>
            ) : (
              <Alert tone="warning">
                <ul>
                  {data.alerts.map((a) => (
                    <li key={a.week}>
                      {t('delivery.alert', {
                        week: Number(a.week.slice(6)),
                        allocated: a.allocated,
                        capacity: a.capacity,
                      })}
                    </li>
                  ))}
                </ul>
              </Alert>
            )}
          </section>
        </>
      )}
    </>
  );
}
