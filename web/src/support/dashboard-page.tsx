/**
 * The region's figures: started cases per week by channel as a bar chart (an SVG with a text
 * summary, the same numbers in a table beside it), first-answer times against the goal, backlog,
 * escalations, deviations, ratings; each figure drills down to its cases; CSV export.
 */
import type { Dashboard } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../ui/data-table.js';
import { Button, ErrorAlert, Select, Spinner, usePageTitle } from '../ui/index.js';
import { useDashboard, useDrill } from './desk-api.js';
import { CaseTable } from './queue-page.js';

const CHANNELS = ['chat', 'web', 'email'] as const;

function Chart({ d }: { d: Dashboard }) {
  const { t } = useTranslation('support');
  const max = Math.max(1, ...d.weeks.map((w) => w.chat + w.web + w.email));
  const total = d.weeks.reduce((n, w) => n + w.chat + w.web + w.email, 0);
  const bw = 100 / d.weeks.length;
  return (
    <figure className="desk-chart">
      <figcaption>{t('dashboard.chartTitle')}</figcaption>
      <svg
        viewBox="0 0 100 60"
        role="img"
        aria-label={t('dashboard.chartSummary', { total, weeks: d.weeks.length })}
        preserveAspectRatio="none"
      >
        {d.weeks.map((w, i) => {
          let y = 55;
          return CHANNELS.map((ch) => {
            const h = (w[ch] / max) * 50;
            y -= h;
            return (
              <rect
                key={`${w.week}-${ch}`}
                x={i * bw + bw * 0.15}
                y={y}
                width={bw * 0.7}
                height={h}
                className={`desk-chart__bar desk-chart__bar--${ch}`}
              />
            );
          });
        })}
      </svg>
      <ul className="desk-chart__legend" aria-hidden="true">
        {CHANNELS.map((ch) => (
          <li key={ch}>
            <span className={`desk-chart__swatch desk-chart__bar--${ch}`} /> {t(`desk.channel.${ch}`)}
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function DashboardPage() {
  const { t } = useTranslation(['support', 'common']);
  usePageTitle(t('support:dashboard.title'));
  const [weeks, setWeeks] = useState(8);
  const dash = useDashboard(weeks);
  const [drill, setDrill] = useState<string | null>(null);
  const cases = useDrill(drill);
  const drillTo = (q: string) => setDrill(`${q}&weeks=${weeks}`);
  if (dash.isPending) return <Spinner label={t('common:loading')} />;
  if (dash.error) return <ErrorAlert error={dash.error} />;
  const d = dash.data;
  const v = (n: number | null) => (n === null ? t('support:dashboard.noValue') : String(n));
  return (
    <>
      <h1>{t('support:dashboard.title')}</h1>
      <Select
        label={t('support:dashboard.weeks')}
        value={String(weeks)}
        onChange={(e) => setWeeks(Number(e.target.value))}
        options={[4, 8, 12, 26, 52].map((n) => ({ value: String(n), label: String(n) }))}
      />
      <p>
        <a href={`/api/support/agent/dashboard.csv?weeks=${weeks}`} download>
          {t('support:dashboard.csv')}
        </a>
      </p>
      <Chart d={d} />
      <DataTable
        caption={t('support:dashboard.chartTitle')}
        rows={d.weeks}
        rowKey={(w) => w.week}
        columns={[
          { key: 'week', header: t('support:dashboard.week'), render: (w) => w.week },
          ...CHANNELS.map((ch) => ({
            key: ch,
            header: t(`support:desk.channel.${ch}`),
            render: (w: Dashboard['weeks'][number]) =>
              w[ch] > 0 ? (
                <Button
                  variant="link"
                  onClick={() => drillTo(`figure=started&week=${w.week}&channel=${ch}`)}
                  aria-label={`${w.week} ${t(`support:desk.channel.${ch}`)}: ${w[ch]}`}
                >
                  {w[ch]}
                </Button>
              ) : (
                0
              ),
          })),
          { key: 'total', header: t('support:dashboard.total'), render: (w) => w.chat + w.web + w.email },
        ]}
      />
      <dl className="desk-figures">
        <dt>{t('support:dashboard.firstAnswer')}</dt>
        <dd>
          {t('support:dashboard.median', { value: v(d.firstAnswer.medianMinutes) })};{' '}
          {t('support:dashboard.p90', { value: v(d.firstAnswer.p90Minutes) })};{' '}
          {t('support:dashboard.withinGoal', {
            within: d.firstAnswer.withinGoal,
            count: d.firstAnswer.count,
            goal: d.goalMinutes,
          })}{' '}
          <Button variant="link" onClick={() => drillTo('figure=breached')}>
            {t('support:dashboard.drill')}
          </Button>
        </dd>
        <dt>{t('support:dashboard.backlog')}</dt>
        <dd>
          {d.backlog}{' '}
          <Button variant="link" onClick={() => drillTo('figure=backlog')}>
            {t('support:dashboard.drill')}
          </Button>
        </dd>
        <dt>{t('support:dashboard.escalations')}</dt>
        <dd>
          {d.escalations}{' '}
          <Button variant="link" onClick={() => drillTo('figure=escalations')}>
            {t('support:dashboard.drill')}
          </Button>
        </dd>
        <dt>{t('support:dashboard.deviations')}</dt>
        <dd>
          {(['technical', 'operational', 'supply'] as const)
            .map((c) => `${t(`support:deviations.categories.${c}`)}: ${d.deviations[c] ?? 0}`)
            .join('; ')}
        </dd>
        <dt>{t('support:dashboard.ratings')}</dt>
        <dd>
          {t('support:dashboard.ratingsValue', { average: v(d.ratings.average), count: d.ratings.count })}{' '}
          <Button variant="link" onClick={() => drillTo('figure=rated')}>
            {t('support:dashboard.drill')}
          </Button>
        </dd>
      </dl>
      {drill && (
        <section aria-labelledby="drill-h">
          <h2 id="drill-h">{t('support:dashboard.drillTitle')}</h2>
          {cases.isPending ? (
            <Spinner label={t('common:loading')} />
          ) : cases.error ? (
            <ErrorAlert error={cases.error} />
          ) : (
            <CaseTable cases={cases.data.cases} caption={t('support:dashboard.drillTitle')} />
          )}
        </section>
      )}
    </>
  );
}
