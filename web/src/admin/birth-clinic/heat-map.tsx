/**
 * Capacity vs demand as a heat map (clinic × week): the colour is the share of
 * the week's plan that is filled (told + provisional); closed weeks are
 * hatched. An SVG with role="img" and a title per cell, and the same figures
 * as a table right after it (the accessible alternative).
 */
import type { OverviewResponse } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';

type Overview = OverviewResponse['data'];

/** Light (empty) to dark (full); red above the plan. Contrast of text is not needed: cells carry no text. */
function colour(used: number, capacity: number): string {
  if (capacity === 0) return 'url(#bc-closed)';
  const share = used / capacity;
  if (share > 1) return '#b3261e';
  const l = Math.round(95 - share * 60);
  return `hsl(210 60% ${l}%)`;
}

export function HeatMap({ data }: { data: Overview }) {
  const { t } = useTranslation('birth-clinic');
  const cell = 28;
  const labelWidth = 150;
  const width = labelWidth + data.weeks.length * cell + 10;
  const height = 30 + data.clinics.length * cell;
  return (
    <div className="bc-heat-map">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={t('admin.chartLabel')}>
        <defs>
          <pattern id="bc-closed" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#eee" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#777" strokeWidth="2" />
          </pattern>
        </defs>
        {data.weeks.map((w, i) => (
          <text key={w} x={labelWidth + i * cell + cell / 2} y={18} fontSize="11" textAnchor="middle">
            {Number(w.slice(6))}
          </text>
        ))}
        {data.clinics.map((c, r) => (
          <g key={c.id}>
            <text x={labelWidth - 6} y={30 + r * cell + cell / 2 + 4} fontSize="11" textAnchor="end">
              {c.name.length > 24 ? `${c.name.slice(0, 23)}…` : c.name}
            </text>
            {c.cells.map((x, i) => (
              <rect
                key={x.week}
                x={labelWidth + i * cell + 1}
                y={30 + r * cell + 1}
                width={cell - 2}
                height={cell - 2}
                fill={colour(x.told + x.provisional, x.capacity)}
              >
                <title>
                  {`${c.name}, ${x.week}: ${x.capacity === 0 ? t('admin.closed') : t('admin.cell', { used: x.told + x.provisional, capacity: x.capacity })}`}
                </title>
              </rect>
            ))}
          </g>
        ))}
      </svg>
    </div>
  );
}

/** The heat map's figures as a table. */
export function OverviewTable({ data }: { data: Overview }) {
  const { t } = useTranslation('birth-clinic');
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>{t('admin.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.cols.clinic')}</th>
            <th scope="col">{t('admin.cols.week')}</th>
            <th scope="col">{t('admin.cols.capacity')}</th>
            <th scope="col">{t('admin.cols.told')}</th>
            <th scope="col">{t('admin.cols.provisional')}</th>
            <th scope="col">{t('admin.cols.firstWishes')}</th>
          </tr>
        </thead>
        <tbody>
          {data.clinics.flatMap((c) =>
            c.cells.map((x) => (
              <tr key={`${c.id}-${x.week}`}>
                <th scope="row">{c.name}</th>
                <td>{x.week}</td>
                <td>{x.capacity === 0 ? t('admin.closed') : x.capacity}</td>
                <td>{x.told}</td>
                <td>{x.provisional}</td>
                <td>{x.firstWishes}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
