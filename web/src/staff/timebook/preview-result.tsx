/** The preview of a pattern: how many times, how many already exist, the first times and the count per day. */
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../ui/data-table.js';
import { formatWallClock } from '../../ui/datetime.js';
import { capitalize } from '../format.js';
import { formatDate } from './dates.js';
import type { Preview } from './timebook-api.js';

const FIRST_SHOWN = 12;

export function PreviewResult({ preview }: { preview: Preview }) {
  const { t, i18n } = useTranslation('timebook');
  const days = Object.entries(preview.byDate).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section aria-labelledby="tb-preview-title" className="card tb-preview">
      <h3 id="tb-preview-title">{t('preview.title')}</h3>
      <p role="status">
        {t('preview.count', { count: preview.count, days: days.length })}
        {preview.existing > 0 && ` ${t('preview.existing', { count: preview.existing })}`}
      </p>
      {preview.count === 0 && <p>{t('preview.none')}</p>}
      {preview.first.length > 0 && (
        <>
          <h4>{t('preview.firstTitle')}</h4>
          <ul className="tb-chips">
            {preview.first.slice(0, FIRST_SHOWN).map((s) => (
              <li key={s.start}>
                {capitalize(formatDate(s.localDate, i18n.language))} {formatWallClock(s.localTime, i18n.language)}
              </li>
            ))}
          </ul>
        </>
      )}
      {days.length > 0 && (
        <DataTable
          caption={t('preview.perDay')}
          showCaption
          rows={days}
          rowKey={([date]) => date}
          columns={[
            { key: 'date', header: t('preview.date'), render: ([date]) => capitalize(formatDate(date, i18n.language)) },
            { key: 'count', header: t('preview.times'), render: ([, count]) => count },
          ]}
        />
      )}
    </section>
  );
}
