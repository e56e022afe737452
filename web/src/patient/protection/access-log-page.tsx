/**
 * "Vem har tittat på mina uppgifter" (/profil/vem-har-tittat): staff accesses
 * to the data of whoever the app acts for (oneself or a child), newest first,
 * in plain words; emergency accesses are marked "Nödåtkomst". "Visa fler"
 * pages on with the server's cursor.
 */
import { AuditAccessListResponse } from '@ingang/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { Button, Spinner, usePageTitle } from '../../ui/index.js';
import { useActingFor } from '../acting-for.js';
import { PatientLayout } from '../patient-layout.js';
import { accessWords } from './access-words.js';
import { formatDateTime, possessive } from './format.js';
import { type AccessGroup, groupAccesses } from './group-accesses.js';
import { RefusalAlert } from './refusal-alert.js';

const PAGE_SIZE = 20;

function accessesUrl(subjectId: string | null, cursor: string | null): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (subjectId) params.set('subjectId', subjectId);
  if (cursor) params.set('cursor', cursor);
  return `/api/audit/accesses?${params}`;
}

export function AccessLogPage() {
  const { t, i18n } = useTranslation(['protection', 'common']);
  const { subject } = useActingFor();
  const other = subject && !subject.self ? subject : null;
  const firstName = other ? (other.name.split(' ')[0] ?? other.name) : '';
  const title = other
    ? t('protection:accessLog.title', { possessive: possessive(firstName, i18n.language) })
    : t('protection:accessLog.titleSelf');
  usePageTitle(title);
  const subjectId = other?.personId ?? null;
  const query = useInfiniteQuery({
    queryKey: ['audit-accesses', subjectId ?? 'self'],
    queryFn: ({ pageParam, signal }) =>
      api.get(accessesUrl(subjectId, pageParam), { schema: AuditAccessListResponse, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: subject !== null,
    retry: false,
  });
  const entries = query.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <PatientLayout>
      <h1>{title}</h1>
      <p>{t('protection:accessLog.intro')}</p>
      {query.isPending && <Spinner label={t('protection:accessLog.loading')} />}
      {query.error && <RefusalAlert error={query.error} />}
      {query.isSuccess && entries.length === 0 && (
        <p data-testid="access-empty">
          {other
            ? t('protection:accessLog.emptyOther', { possessive: possessive(firstName, i18n.language) })
            : t('protection:accessLog.empty')}
        </p>
      )}
      {entries.length > 0 && (
        <>
          <ol className="list-plain" data-testid="access-list">
            {groupAccesses(entries).map((group) => (
              <AccessItem key={group.entry.id} group={group} />
            ))}
          </ol>
          <p className="muted" role="status">
            {t('protection:accessLog.count', { count: entries.length })}
          </p>
        </>
      )}
      {query.hasNextPage && (
        <Button
          variant="secondary"
          onClick={() => void query.fetchNextPage()}
          pending={query.isFetchingNextPage}
          pendingLabel={t('protection:accessLog.loadingMore')}
        >
          {t('protection:accessLog.more')}
        </Button>
      )}
    </PatientLayout>
  );
}

function AccessItem({ group }: { group: AccessGroup }) {
  const { t, i18n } = useTranslation('protection');
  const { entry } = group;
  const words = accessWords(entry, t);
  return (
    <li className="card" data-testid="access-entry" data-flagged={entry.flagged || undefined}>
      <h2>
        <time dateTime={entry.at}>{formatDateTime(entry.at, i18n.language)}</time>
      </h2>
      {group.count > 1 && (
        <p data-testid="access-count">
          {t('accessLog.times', {
            count: group.count,
            from: formatDateTime(group.from, i18n.language),
            to: formatDateTime(group.to, i18n.language),
          })}
        </p>
      )}
      {entry.flagged && (
        <div className="alert alert--warning">
          <p className="alert__title">{t('accessLog.emergency')}</p>
          <p>{t('accessLog.emergencyText')}</p>
        </div>
      )}
      <dl className="facts">
        <dt>{t('accessLog.unit')}</dt>
        <dd>{entry.unit?.name ?? t('accessLog.noUnit')}</dd>
        <dt>{t('accessLog.role')}</dt>
        <dd>{words.role}</dd>
        <dt>{t('accessLog.staff')}</dt>
        <dd>{entry.staffName ?? t('accessLog.nameHidden')}</dd>
        <dt>{t('accessLog.what')}</dt>
        <dd>{words.action}</dd>
        <dt>{t('accessLog.purpose')}</dt>
        <dd>{words.purpose}</dd>
      </dl>
    </li>
  );
}
