/**
 * "Öppna data" (/oppna-data, public): the region's daily dataset of free and
 * booked times per clinic, type and day, as an accessible SVG bar chart
 * (role="img" with a title and description; the same figures in a table) and
 * a table per clinic, with links to the CSV and JSON files and the slot feed.
 */
import { OpenDataResponse, type OpenDataRow } from '@ingang/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { PatientLayout } from '../patient/patient-layout.js';
import { formatDateTime } from '../patient/protection/format.js';
import { DataTable } from '../ui/data-table.js';
import { ErrorAlert, Spinner, usePageTitle } from '../ui/index.js';
import { DayChart, type DayTotal } from './day-chart.js';

/** Per-day totals over the cells that are shown (suppressed cells count as unknown, not zero). */
export function dayTotals(rows: OpenDataRow[]): DayTotal[] {
  const byDay = new Map<string, DayTotal>();
  for (const r of rows) {
    const d = byDay.get(r.date) ?? { date: r.date, booked: 0, free: 0 };
    d.booked += r.booked ?? 0;
    d.free += r.free ?? 0;
    byDay.set(r.date, d);
  }
  return [...byDay.values()].sort((a, b) => a.date.localeCompare(b.date));
}

export function OpenDataPage() {
  const { t, i18n } = useTranslation(['mydata', 'common']);
  usePageTitle(t('open.title'));
  const data = useQuery({
    queryKey: ['open-data'],
    queryFn: () => api.get('/api/open-data/slots.json', { schema: OpenDataResponse }),
    staleTime: 5 * 60_000,
  });
  const hidden = <span className="muted">{t('open.hidden')}</span>;
  return (
    <PatientLayout>
      <h1>{t('open.title')}</h1>
      <p>{t('open.lead')}</p>
      <p>{t('open.suppression')}</p>
      <h2>{t('open.download')}</h2>
      <ul>
        <li>
          <a href="/api/open-data/slots.csv">{t('open.csv')}</a>
        </li>
        <li>
          <a href="/api/open-data/slots.json">{t('open.json')}</a>
        </li>
        <li>
          <a href="/api/open-data/waiting-room.csv">{t('open.queueCsv')}</a>
        </li>
        <li>
          <a href="/api/fhir/$bulk-publish">{t('open.feed')}</a>
        </li>
      </ul>
      {data.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={data.error} />
      {data.data && (
        <>
          <p className="muted">{t('open.generated', { time: formatDateTime(data.data.generatedAt, i18n.language) })}</p>
          <DayChart
            days={dayTotals(data.data.rows)}
            title={t('open.chartTitle')}
            description={t('open.chartDesc')}
            bookedLabel={t('open.booked')}
            freeLabel={t('open.free')}
          />
          <h2>{t('open.totalsTitle')}</h2>
          <DataTable
            caption={t('open.totalsTitle')}
            rows={dayTotals(data.data.rows)}
            rowKey={(d) => d.date}
            columns={[
              { key: 'day', header: t('open.day'), render: (d) => d.date },
              { key: 'booked', header: t('open.booked'), render: (d) => d.booked },
              { key: 'free', header: t('open.free'), render: (d) => d.free },
            ]}
          />
          <h2>{t('open.tableTitle')}</h2>
          <DataTable
            caption={t('open.tableTitle')}
            rows={data.data.rows}
            rowKey={(r) => `${r.date}:${r.unitId}:${r.timeTypeCode}`}
            columns={[
              { key: 'day', header: t('open.day'), render: (r) => r.date },
              { key: 'unit', header: t('open.unit'), render: (r) => `${r.unitName} (${r.municipality})` },
              { key: 'type', header: t('open.type'), render: (r) => r.timeTypeName },
              { key: 'capacity', header: t('open.capacity'), render: (r) => r.capacity },
              { key: 'booked', header: t('open.booked'), render: (r) => r.booked ?? hidden },
              { key: 'free', header: t('open.free'), render: (r) => r.free ?? hidden },
              { key: 'lead', header: t('open.leadTime'), render: (r) => r.medianLeadDays ?? hidden },
            ]}
          />
          <h2>{t('open.queueTitle')}</h2>
          <p>{t('open.queueLead')}</p>
          {data.data.waitingRoomPeaks.length === 0 ? (
            <p>{t('open.queueNone')}</p>
          ) : (
            <DataTable
              caption={t('open.queueTitle')}
              rows={data.data.waitingRoomPeaks}
              rowKey={(p) => `${p.date}:${p.scope}:${p.timeTypeCode ?? ''}`}
              columns={[
                { key: 'day', header: t('open.day'), render: (p) => p.date },
                {
                  key: 'room',
                  header: t('open.queueRoom'),
                  render: (p) => p.timeTypeName ?? p.timeTypeCode ?? t('open.queueWholeApp'),
                },
                { key: 'peak', header: t('open.queuePeak'), render: (p) => p.peakWaiting },
                {
                  key: 'at',
                  header: t('open.queuePeakAt'),
                  render: (p) => formatDateTime(p.peakAt, i18n.language),
                },
                { key: 'arrivals', header: t('open.queueArrivals'), render: (p) => p.arrivals },
                { key: 'admitted', header: t('open.queueAdmitted'), render: (p) => p.admitted },
              ]}
            />
          )}
        </>
      )}
    </PatientLayout>
  );
}
