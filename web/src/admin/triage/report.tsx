/**
 * The weekly triage report: a bar chart of decisions per week (an image with
 * a text summary; the table below it is the accessible, exact version).
 */
import type { TriageReportWeek } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';

type Week = z.infer<typeof TriageReportWeek>;
const ROUTES = ['call_112', 'call_1177', 'drop_in_video', 'message_unit', 'book_time', 'self_care'] as const;

export function ReportChart({ weeks }: { weeks: Week[] }) {
  const { t } = useTranslation('triage');
  const max = Math.max(1, ...weeks.map((w) => w.total));
  const barWidth = 100 / Math.max(weeks.length, 1);
  const summary = weeks.map((w) => `${w.week}: ${w.total}`).join(', ');
  return (
    <figure className="triage-chart">
      <svg
        viewBox="0 0 100 60"
        role="img"
        aria-label={`${t('admin.chartLabel')}. ${summary}`}
        preserveAspectRatio="none"
        width="100%"
        height="160"
      >
        {weeks.map((w, i) => {
          const height = (w.total / max) * 55;
          return (
            <rect
              key={w.week}
              x={i * barWidth + barWidth * 0.15}
              y={60 - height}
              width={barWidth * 0.7}
              height={height}
              fill="#1b5e9b"
            />
          );
        })}
      </svg>
      <figcaption className="muted">{t('admin.chartLabel')}</figcaption>
    </figure>
  );
}

export function ReportTable({ weeks }: { weeks: Week[] }) {
  const { t } = useTranslation('triage');
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>{t('admin.report')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.week')}</th>
            <th scope="col">{t('admin.total')}</th>
            {ROUTES.map((r) => (
              <th scope="col" key={r}>
                {t(`route.${r}`)}
              </th>
            ))}
            <th scope="col">{t('admin.redFlags')}</th>
            <th scope="col">{t('admin.talk')}</th>
            <th scope="col">{t('admin.overrides')}</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.week}>
              <th scope="row">{w.week}</th>
              <td>{w.total}</td>
              {ROUTES.map((r) => (
                <td key={r}>{w.byRoute[r] ?? 0}</td>
              ))}
              <td>{w.redFlags}</td>
              <td>{w.talkToSomeone}</td>
              <td>{w.overrides}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
