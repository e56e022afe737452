/** /admin/triage — the region's triage questionnaires with their versions, and the weekly report. */
import { addDays, stockholmDate } from '@ingang/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Button, ErrorAlert, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { AdminLayout } from '../admin-frame.js';
import { AdminTimebookNav } from '../timebook/admin-timebook-nav.js';
import { ReportChart, ReportTable } from './report.js';
import { useQuestionnaires, useReport, useVersionActions } from './triage-admin-api.js';

export function TriageListPage() {
  const { t } = useTranslation(['triage', 'common']);
  usePageTitle(t('admin.title'));
  const list = useQuestionnaires();
  const actions = useVersionActions();
  const navigate = useNavigate();
  return (
    <AdminLayout>
      <AdminTimebookNav />
      <h1>{t('admin.title')}</h1>
      <p>{t('admin.lead')}</p>
      <p className="muted">{t('start.demo')}</p>
      {list.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={list.error ?? actions.create.error} />
      {list.data?.map((q) => (
        <section key={q.id} aria-labelledby={`q-${q.id}`}>
          <h2 id={`q-${q.id}`}>{q.title}</h2>
          <p className="muted">{q.url}</p>
          <ul>
            {q.versions.map((v) => (
              <li key={v.id}>
                <Link to={`/admin/triage/versioner/${v.id}`}>
                  {t('admin.version', { n: v.version })} — {t(`admin.status.${v.status}`)}
                </Link>
              </li>
            ))}
          </ul>
          {!q.versions.some((v) => v.status === 'draft') && (
            <Button
              variant="secondary"
              pending={actions.create.isPending}
              onClick={() =>
                actions.create.mutate(q.id, { onSuccess: (v) => navigate(`/admin/triage/versioner/${v.id}`) })
              }
            >
              {t('admin.newVersion')}
            </Button>
          )}
        </section>
      ))}
      <Report />
    </AdminLayout>
  );
}

function Report() {
  const { t } = useTranslation(['triage', 'common']);
  const today = stockholmDate(new Date());
  const [from, setFrom] = useState(addDays(today, -27));
  const [to, setTo] = useState(today);
  const [range, setRange] = useState({ from, to });
  const report = useReport(range.from, range.to);
  return (
    <section aria-labelledby="triage-report">
      <h2 id="triage-report">{t('admin.report')}</h2>
      <p>{t('admin.reportLead')}</p>
      <form
        className="button-row"
        onSubmit={(e) => {
          e.preventDefault();
          setRange({ from, to });
        }}
      >
        <TextField label={t('admin.reportFrom')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <TextField label={t('admin.reportTo')} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <Button type="submit">{t('admin.reportShow')}</Button>
      </form>
      <ErrorAlert error={report.error} />
      {report.data && (
        <>
          <ReportChart weeks={report.data} />
          <ReportTable weeks={report.data} />
        </>
      )}
    </section>
  );
}
