/**
 * /staff/triage — patients whose triage was routed to the active unit in the
 * last 14 days, most recent first; /staff/triage/:sessionId opens one with
 * the answers in view (and the override form). Both audited on the server.
 */
import { StaffTriageViewResponse, UnitTriageListResponse } from '@ingang/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { formatDateTime } from '../../ui/datetime.js';
import { ErrorAlert, ProtectedMarker, Spinner, usePageTitle } from '../../ui/index.js';
import { StaffLayout } from '../staff-layout.js';
import { TriageSessionView } from './staff-triage-page.js';

export function UnitTriagePage() {
  const { t, i18n } = useTranslation(['triage', 'common']);
  usePageTitle(t('unit.title'));
  const list = useQuery({
    queryKey: ['triage', 'unit'],
    queryFn: () => api.get('/api/staff/triage/unit', { schema: UnitTriageListResponse }).then((r) => r.data),
  });
  return (
    <StaffLayout>
      <h1>{t('unit.title')}</h1>
      <p>{t('unit.lead')}</p>
      <p>
        <Link to="/staff/drop-in">{t('dropIn.staff.title')}</Link>
      </p>
      {list.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={list.error} />
      {list.data?.length === 0 && <p>{t('unit.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption>{t('unit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('unit.patient')}</th>
                <th scope="col">{t('outcome.urgency')}</th>
                <th scope="col">{t('unit.route')}</th>
                <th scope="col">{t('unit.when')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((row) => (
                <tr key={row.decisionId}>
                  <th scope="row">
                    <Link to={`/staff/triage/${row.sessionId}`}>{row.name}</Link>
                    <ProtectedMarker protectedIdentity={row.protectedIdentity} />
                  </th>
                  <td>{t(`urgency.${row.urgency}`)}</td>
                  <td>{t(`route.${row.route}`)}</td>
                  <td>{formatDateTime(row.decidedAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffLayout>
  );
}

export function UnitTriageSessionPage() {
  const { sessionId = '' } = useParams();
  const { t } = useTranslation(['triage', 'common']);
  usePageTitle(t('unit.answersTitle'));
  const view = useQuery({
    queryKey: ['triage', 'staff-session', sessionId],
    queryFn: () =>
      api.get(`/api/staff/triage/sessions/${sessionId}`, { schema: StaffTriageViewResponse }).then((r) => r.data),
  });
  const [changed, setChanged] = useState<typeof view.data>();
  const data = changed ?? view.data;
  return (
    <StaffLayout>
      <h1>{t('unit.answersTitle')}</h1>
      {view.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={view.error} />
      {data && <TriageSessionView view={data} onChange={setChanged} />}
      <p>
        <Link to="/staff/triage">{t('unit.back')}</Link>
      </p>
    </StaffLayout>
  );
}
