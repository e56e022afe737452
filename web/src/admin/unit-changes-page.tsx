/** /admin/enheter/:unitId/historik: who changed what and when (Stockholm time), newest first. */
import type { ChangeLogResponse } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { capitalize, type OpeningHours, useLabels } from '../staff/format.js';
import { ErrorAlert, Spinner } from '../ui/index.js';
import { useUnitChanges } from './admin-api.js';
import { AdminUnitFrame } from './admin-frame.js';

type Entry = z.infer<typeof ChangeLogResponse>['data'][number];

/** A stored value in words: roles, kinds, weekdays and booleans translated; empty shown as "(tomt)". */
function useFormatValue() {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return t('changes.empty');
    if (typeof value === 'boolean') return value ? t('changes.yes') : t('changes.no');
    if (field === 'kind') return labels.kind(String(value));
    if (field === 'providerType') return labels.provider(String(value));
    if (field === 'roles' && Array.isArray(value))
      return value.length ? labels.roles(value.map(String)) : t('changes.empty');
    if (field === 'openingHours' && Array.isArray(value)) {
      if (value.length === 0) return t('changes.empty');
      return (value as OpeningHours[]).map((h) => `${capitalize(labels.weekday(h.day))} ${labels.hours(h)}`).join(', ');
    }
    if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : t('changes.empty');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
}

function ChangeItem({ entry }: { entry: Entry }) {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const format = useFormatValue();
  const name = entry.entityName ?? '';
  const title = t(`changes.action.${entry.action}`, { name, defaultValue: `${entry.action}: ${name}` });
  const actor = entry.actor.name ?? (entry.actor.staffId ? t('changes.unknownActor') : t('changes.system'));
  return (
    <li>
      <h3>{title}</h3>
      <p>
        <time dateTime={entry.at}>{labels.dateTime(entry.at)}</time> {t('changes.by', { name: actor })}
      </p>
      <ul>
        {Object.entries(entry.changes).map(([field, { from, to }]) => (
          <li key={field}>
            <strong>{t(`changes.field.${field}`, { defaultValue: field })}:</strong>{' '}
            {entry.action.endsWith('.created') ? (
              format(field, to)
            ) : (
              <>
                <del>{format(field, from)}</del> → <ins>{format(field, to)}</ins>
              </>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}

function Changes({ unitId }: { unitId: string }) {
  const { t } = useTranslation(['admin', 'common']);
  const changes = useUnitChanges(unitId);
  return (
    <>
      <h2>{t('admin:changes.title')}</h2>
      <p>{t('admin:changes.lead')}</p>
      {changes.isPending ? (
        <Spinner label={t('common:loading')} />
      ) : changes.error ? (
        <ErrorAlert error={changes.error} />
      ) : changes.data.length === 0 ? (
        <p>{t('admin:changes.none')}</p>
      ) : (
        <ol className="change-list">
          {changes.data.map((entry) => (
            <ChangeItem key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
    </>
  );
}

export function UnitChangesPage({ unitId }: { unitId: string }) {
  const { t } = useTranslation('admin');
  return (
    <AdminUnitFrame unitId={unitId} section={t('changes.title')}>
      {() => <Changes unitId={unitId} />}
    </AdminUnitFrame>
  );
}
