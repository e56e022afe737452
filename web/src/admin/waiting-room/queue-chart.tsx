/**
 * The dashboard's chart: arrivals, admissions and completions over time as an
 * SVG line chart (no chart library in the staff bundle). The figure has a text
 * description, and the same numbers are in the tiles beside it.
 */
import { useTranslation } from 'react-i18next';

export interface Sample {
  at: string;
  arrivals: number;
  admitted: number;
  completed: number;
}

const W = 640;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };
const SERIES = [
  { key: 'arrivals', color: '#1f5fa8', dash: '' },
  { key: 'admitted', color: '#2e7d32', dash: '6 3' },
  { key: 'completed', color: '#6a3d9a', dash: '2 3' },
] as const;

export function QueueChart({ samples }: { samples: Sample[] }) {
  const { t } = useTranslation('queueAdmin');
  if (samples.length < 2) return <p>{t('dashboard.noSamples')}</p>;
  const t0 = new Date(samples[0]?.at ?? 0).getTime();
  const t1 = new Date(samples[samples.length - 1]?.at ?? 0).getTime();
  const max = Math.max(1, ...samples.map((s) => Math.max(s.arrivals, s.admitted, s.completed)));
  const x = (at: string) =>
    PAD.left + ((new Date(at).getTime() - t0) / Math.max(1, t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const minutes = Math.round((t1 - t0) / 60_000);
  const legend = {
    arrivals: t('dashboard.legendArrivals'),
    admitted: t('dashboard.legendAdmitted'),
    completed: t('dashboard.legendCompleted'),
  };
  return (
    <figure className="queue-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="queue-chart-title queue-chart-desc" width="100%">
        <title id="queue-chart-title">{t('dashboard.chartTitle')}</title>
        <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} stroke="#555" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} stroke="#555" />
        <text x={PAD.left - 6} y={PAD.top + 10} textAnchor="end" fontSize="12" fill="#222">
          {max}
        </text>
        <text x={PAD.left - 6} y={H - PAD.bottom} textAnchor="end" fontSize="12" fill="#222">
          0
        </text>
        <text x={W - PAD.right} y={H - 8} textAnchor="end" fontSize="12" fill="#222">
          {minutes} min
        </text>
        {SERIES.map((s) => (
          <polyline
            key={s.key}
            fill="none"
            stroke={s.color}
            strokeWidth="2"
            strokeDasharray={s.dash}
            points={samples.map((p) => `${x(p.at).toFixed(1)},${y(p[s.key]).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
      <figcaption id="queue-chart-desc">
        {t('dashboard.chartDesc')}{' '}
        <span className="queue-legend">
          {SERIES.map((s) => (
            <span key={s.key}>
              <svg width="24" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="24" y2="5" stroke={s.color} strokeWidth="2" strokeDasharray={s.dash} />
              </svg>{' '}
              {legend[s.key]}{' '}
            </span>
          ))}
        </span>
      </figcaption>
    </figure>
  );
}
