/**
 * "Ladda ner mina uppgifter" (/profil/mina-uppgifter): order a copy of one's
 * own data, or a child's (guardians), as a FHIR Bundle plus a readable HTML
 * summary. The server builds it in the background; the list polls while an
 * order is being prepared and announces when it is ready (polite live region).
 * The links work for the person who ordered, for a short time.
 */
import { type ExportItem, ExportListResponse, ExportResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useCitizen } from '../../api/me.js';
import { DataTable } from '../../ui/data-table.js';
import { Alert, Button, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { PatientLayout } from '../patient-layout.js';
import { formatDateTime } from '../protection/format.js';

const key = ['my-data', 'exports'] as const;

function useExports() {
  return useQuery({
    queryKey: key,
    queryFn: () => api.get('/api/my-data/exports', { schema: ExportListResponse }).then((r) => r.data),
    // While something is being prepared, look again every few seconds.
    refetchInterval: (query) => (query.state.data?.some((e) => e.status === 'pending') ? 2000 : false),
  });
}

export function MyDataPage() {
  const { t, i18n } = useTranslation(['mydata', 'common']);
  usePageTitle(t('title'));
  const me = useCitizen();
  const client = useQueryClient();
  const exports = useExports();
  const [announcement, setAnnouncement] = useState('');
  const pendingIds = useRef(new Set<string>());
  const order = useMutation({
    mutationFn: (subjectPersonId: string | undefined) =>
      api.post('/api/my-data/exports', { body: subjectPersonId ? { subjectPersonId } : {}, schema: ExportResponse }),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });

  useEffect(() => {
    for (const e of exports.data ?? []) {
      if (e.status === 'pending') pendingIds.current.add(e.id);
      else if (pendingIds.current.delete(e.id) && e.status === 'ready') setAnnouncement(t('readyAnnouncement'));
    }
  }, [exports.data, t]);

  const children = me?.actingFor.filter((a) => a.relation === 'child') ?? [];
  const when = (iso: string) => formatDateTime(iso, i18n.language);

  return (
    <PatientLayout>
      <h1>{t('title')}</h1>
      <p>{t('lead')}</p>
      <p>{t('formats')}</p>
      <p>
        <Button onClick={() => order.mutate(undefined)} pending={order.isPending && order.variables === undefined}>
          {t('orderSelf')}
        </Button>
      </p>
      {children.length > 0 && (
        <section aria-labelledby="children-title">
          <h2 id="children-title">{t('childrenTitle')}</h2>
          <ul>
            {children.map((c) => (
              <li key={c.personId}>
                <Button
                  variant="secondary"
                  onClick={() => order.mutate(c.personId)}
                  pending={order.isPending && order.variables === c.personId}
                >
                  {t('orderChild', { name: c.name.split(' ')[0] ?? c.name })}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {order.isSuccess && <Alert tone="success">{t('ordered')}</Alert>}
      <ErrorAlert error={order.error ?? exports.error} />
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <section aria-labelledby="orders-title">
        <h2 id="orders-title">{t('listTitle')}</h2>
        {exports.isPending && <Spinner label={t('common:loading')} />}
        {exports.data?.length === 0 && <p>{t('none')}</p>}
        {exports.data && exports.data.length > 0 && (
          <DataTable<ExportItem>
            caption={t('listTitle')}
            rows={exports.data}
            rowKey={(e) => e.id}
            columns={[
              { key: 'whose', header: t('whose'), render: (e) => e.subject.name },
              { key: 'at', header: t('orderedAt'), render: (e) => when(e.createdAt) },
              { key: 'state', header: t('state'), render: (e) => t(`status.${e.status}`) },
              {
                key: 'files',
                header: t('files'),
                render: (e) =>
                  e.status === 'ready' && e.expiresAt ? (
                    <>
                      <a href={`/api/my-data/exports/${e.id}/summary.html`} download>
                        {t('summary')}
                      </a>
                      <br />
                      <a href={`/api/my-data/exports/${e.id}/bundle.json`} download>
                        {t('bundle')}
                      </a>
                      <br />
                      <span className="muted">{t('validUntil', { time: when(e.expiresAt) })}</span>
                    </>
                  ) : (
                    '–'
                  ),
              },
            ]}
          />
        )}
      </section>
    </PatientLayout>
  );
}
