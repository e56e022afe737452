/**
 * The unit's emergency accesses for follow-up: a status filter, the table
 * (time, staff, patient, reason, review) and "Markera som granskad".
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../patients/care.css';
import { DataTable } from '../../ui/data-table.js';
import { Button, ErrorAlert, ProtectedMarker, Select, Spinner } from '../../ui/index.js';
import { useLabels } from '../format.js';
import { formatPnr } from '../patients/personnummer.js';
import { type FollowUpStatus, useEmergencyAccesses } from './follow-up-api.js';
import { ReviewDialog } from './review-dialog.js';

const STATUSES: FollowUpStatus[] = ['unreviewed', 'reviewed', 'all'];

export function FollowUpSection({ unitId, unitName }: { unitId: string; unitName: string }) {
  const { t } = useTranslation(['care', 'common']);
  const labels = useLabels();
  const [status, setStatus] = useState<FollowUpStatus>('unreviewed');
  const list = useEmergencyAccesses(unitId, status);
  const [reviewing, setReviewing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = list.data ?? [];
  const item = items.find((i) => i.id === reviewing);

  return (
    <>
      {/* Always mounted, so the success message is announced when it appears. */}
      <div role="status">{notice && <p className="alert alert--success">{notice}</p>}</div>
      <Select
        label={t('care:followUp.status')}
        value={status}
        className="care-status"
        onChange={(e) => setStatus(e.target.value as FollowUpStatus)}
        options={STATUSES.map((s) => ({ value: s, label: t(`care:followUp.statuses.${s}`) }))}
      />
      {list.isPending ? (
        <Spinner label={t('common:loading')} />
      ) : list.error ? (
        <ErrorAlert error={list.error} />
      ) : (
        <>
          <p role="status">{t('care:followUp.count', { count: items.length })}</p>
          {items.length === 0 ? (
            <p>{t('care:followUp.none')}</p>
          ) : (
            <DataTable
              caption={t('care:followUp.caption', { unit: unitName })}
              rows={items}
              rowKey={(i) => i.id}
              columns={[
                { key: 'when', header: t('care:followUp.when'), render: (i) => labels.dateTime(i.createdAt) },
                {
                  key: 'staff',
                  header: t('care:followUp.staff'),
                  render: (i) => (i.staff.title ? `${i.staff.name}, ${i.staff.title}` : i.staff.name),
                },
                {
                  key: 'patient',
                  header: t('care:followUp.patient'),
                  render: (i) => (
                    <>
                      {i.patient.name}, {formatPnr(i.patient.personalNumber)}
                      <ProtectedMarker protectedIdentity={i.patient.protectedIdentity} />
                    </>
                  ),
                },
                { key: 'reason', header: t('care:followUp.reason'), render: (i) => i.reason },
                { key: 'expires', header: t('care:followUp.expires'), render: (i) => labels.dateTime(i.expiresAt) },
                {
                  key: 'review',
                  header: t('care:followUp.review'),
                  render: (i) =>
                    i.review ? (
                      t('care:followUp.reviewedBy', {
                        name: i.review.by.name,
                        time: labels.dateTime(i.review.at),
                        note: i.review.note,
                      })
                    ) : (
                      <Button
                        variant="secondary"
                        aria-label={t('care:followUp.markReviewedFor', { patient: i.patient.name })}
                        onClick={() => {
                          setNotice(null);
                          setReviewing(i.id);
                        }}
                      >
                        {t('care:followUp.markReviewed')}
                      </Button>
                    ),
                },
              ]}
            />
          )}
        </>
      )}
      {item && (
        <ReviewDialog
          unitId={unitId}
          item={item}
          onClose={() => setReviewing(null)}
          onSaved={(message) => {
            setReviewing(null);
            setNotice(message);
          }}
        />
      )}
    </>
  );
}
