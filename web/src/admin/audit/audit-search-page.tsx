/**
 * /admin/logg — region administrators search the audit log by patient,
 * staff member, unit and dates; results newest first with "Visa fler".
 * The page says plainly that the search itself is logged.
 */
import type { AdminAuditEntry, StaffMe } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../../staff/patients/care.css';
import { fieldTexts } from '../../api/errors.js';
import { useLabels } from '../../staff/format.js';
import { formatPnr } from '../../staff/patients/personnummer.js';
import { DataTable } from '../../ui/data-table.js';
import {
  Alert,
  Button,
  ErrorAlert,
  ProtectedMarker,
  Select,
  Spinner,
  TextField,
  usePageTitle,
} from '../../ui/index.js';
import { useAdminUnits } from '../admin-api.js';
import { AdminLayout } from '../admin-frame.js';
import { type AuditFilters, nextDay, stockholmStartOf, useAuditSearch } from './audit-api.js';
import { StaffPicker } from './staff-picker.js';

function useEntryText() {
  const { t } = useTranslation('audit');
  return {
    staff: (e: AdminAuditEntry) => {
      const who = e.actor.name ?? t(`actorKinds.${e.actor.kind}`);
      const title = e.actor.title ? `, ${e.actor.title}` : '';
      const relation = e.onBehalfOfRelation ? ` (${t(`onBehalf.${e.onBehalfOfRelation}`)})` : '';
      return `${who}${title}${relation}`;
    },
    action: (e: AdminAuditEntry) =>
      `${t(`actions.${e.action}`, { defaultValue: e.action })} ${t(`records.${e.recordType}`, { defaultValue: e.recordType })}`,
    purpose: (e: AdminAuditEntry) => t(`purposes.${e.purpose}`, { defaultValue: e.purpose }),
  };
}

function Results({ filters, searchNo }: { filters: AuditFilters; searchNo: number }) {
  const { t } = useTranslation(['audit', 'common']);
  const labels = useLabels();
  const text = useEntryText();
  const search = useAuditSearch(filters, searchNo);
  if (search.isPending) return <Spinner label={t('audit:searching')} />;
  if (search.error && !search.data) return <ErrorAlert error={search.error} />;
  const rows = search.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section aria-labelledby="audit-results">
      <h2 id="audit-results">{t('audit:results')}</h2>
      <p role="status">
        {t('audit:count', { count: rows.length })} {search.hasNextPage && t('audit:more')}
      </p>
      {rows.length === 0 ? (
        <p>{t('audit:none')}</p>
      ) : (
        <DataTable
          caption={t('audit:caption')}
          rows={rows}
          rowKey={(e) => e.id}
          columns={[
            { key: 'at', header: t('audit:columns.at'), render: (e) => labels.dateTime(e.at) },
            { key: 'staff', header: t('audit:columns.staff'), render: text.staff },
            { key: 'unit', header: t('audit:columns.unit'), render: (e) => e.unit?.name ?? '–' },
            {
              key: 'patient',
              header: t('audit:columns.patient'),
              render: (e) => (
                <>
                  {`${e.subject.name}, ${formatPnr(e.subject.personalNumber)}`}
                  <ProtectedMarker protectedIdentity={e.subject.protectedIdentity} />
                </>
              ),
            },
            { key: 'action', header: t('audit:columns.action'), render: text.action },
            { key: 'purpose', header: t('audit:columns.purpose'), render: text.purpose },
            {
              key: 'flagged',
              header: t('audit:columns.flagged'),
              render: (e) =>
                e.flagged ? (
                  <>
                    <strong className="care-flag">{t('audit:flaggedYes')}</strong>
                    {e.reason && <span className="audit-reason">{t('audit:reason', { reason: e.reason })}</span>}
                  </>
                ) : (
                  t('audit:flaggedNo')
                ),
            },
          ]}
        />
      )}
      <ErrorAlert error={search.error} />
      {search.hasNextPage && (
        <Button
          variant="secondary"
          onClick={() => void search.fetchNextPage()}
          pending={search.isFetchingNextPage}
          pendingLabel={t('audit:loadingMore')}
        >
          {t('audit:showMore')}
        </Button>
      )}
    </section>
  );
}

export function AuditSearchPage({ me }: { me: StaffMe }) {
  const { t } = useTranslation(['audit', 'common']);
  usePageTitle(t('audit:title'));
  const units = useAdminUnits();
  const [personalNumber, setPersonalNumber] = useState('');
  const [staffId, setStaffId] = useState('');
  const [unitId, setUnitId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [submitted, setSubmitted] = useState<AuditFilters | null>(null);
  const [searchNo, setSearchNo] = useState(0);
  const [needFilter, setNeedFilter] = useState(false);
  const search = useAuditSearch(submitted, searchNo);
  const fields = fieldTexts(search.error);

  if (!me.abilities.administerRegion) {
    return (
      <AdminLayout>
        <h1>{t('audit:title')}</h1>
        <Alert tone="info">{t('audit:forbidden')}</Alert>
      </AdminLayout>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const filters: AuditFilters = {
      personalNumber: personalNumber.trim() || undefined,
      staffId: staffId || undefined,
      unitId: unitId || undefined,
      from: from ? stockholmStartOf(from) : undefined,
      to: to ? stockholmStartOf(nextDay(to)) : undefined,
    };
    const empty = Object.values(filters).every((v) => !v);
    setNeedFilter(empty);
    if (empty) return;
    setSubmitted(filters);
    setSearchNo((n) => n + 1);
  }

  return (
    <AdminLayout>
      <h1>{t('audit:title')}</h1>
      <p>{t('audit:lead')}</p>
      <Alert tone="info">{t('audit:loggedNote')}</Alert>
      <form onSubmit={submit} noValidate aria-labelledby="audit-filters">
        <h2 id="audit-filters">{t('audit:filters')}</h2>
        {needFilter && <Alert tone="error">{t('audit:needFilter')}</Alert>}
        <div className="filters">
          <TextField
            id="audit-pnr"
            label={t('audit:personalNumber')}
            hint={t('audit:personalNumberHint')}
            error={fields.personalNumber ? t('audit:invalidPersonalNumber') : undefined}
            value={personalNumber}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setPersonalNumber(e.target.value)}
          />
          <Select
            id="audit-unit"
            label={t('audit:unit')}
            value={unitId}
            onChange={(e) => setUnitId(e.target.value)}
            options={[
              { value: '', label: t('audit:anyUnit') },
              ...(units.data ?? [])
                .map((u) => ({ value: u.id, label: u.name }))
                .sort((a, b) => a.label.localeCompare(b.label, 'sv')),
            ]}
          />
          <TextField
            id="audit-from"
            type="date"
            label={t('audit:from')}
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <TextField
            id="audit-to"
            type="date"
            label={t('audit:to')}
            error={fields.to ? t('audit:invalidDates') : undefined}
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
        <StaffPicker staffId={staffId} onChange={setStaffId} />
        <Button
          type="submit"
          pending={search.isFetching && !search.isFetchingNextPage}
          pendingLabel={t('audit:searching')}
        >
          {t('audit:submit')}
        </Button>
      </form>
      {submitted && <Results filters={submitted} searchNo={searchNo} />}
    </AdminLayout>
  );
}
