/** A table of invitations (the unit's list, the follow-up list): patient, type, time or period, status, answer-by. */
import type { StaffInvitation } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable } from '../../ui/data-table.js';
import { ProtectedMarker } from '../../ui/index.js';
import { useLabels } from '../format.js';
import { formatPnr } from '../patients/personnummer.js';
import { formatDate } from '../timebook/dates.js';

/** The time (held or booked) or the period of an invitation, for staff. */
export function useStaffWhen() {
  const { i18n } = useTranslation();
  const labels = useLabels();
  return (inv: Pick<StaffInvitation, 'slot' | 'period' | 'bookedSlot'>) => {
    const slot = inv.bookedSlot ?? inv.slot;
    if (slot) return labels.dateTime(slot.start);
    if (inv.period)
      return `${formatDate(inv.period.from, i18n.language)} – ${formatDate(inv.period.to, i18n.language)}`;
    return '–';
  };
}

export function InvitationTable({ caption, rows }: { caption: string; rows: StaffInvitation[] }) {
  const { t, i18n } = useTranslation('invitations');
  const labels = useLabels();
  const when = useStaffWhen();
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(r) => r.id}
      columns={[
        {
          key: 'patient',
          header: t('staff.patient'),
          render: (r) => (
            <>
              <Link to={`/staff/kallelser/${r.id}`}>{r.patient.name}</Link>
              <ProtectedMarker protectedIdentity={r.patient.protectedIdentity} />
              <br />
              <span className="muted">{formatPnr(r.patient.personalNumber)}</span>
            </>
          ),
        },
        {
          key: 'what',
          header: t('staff.what'),
          render: (r) => (i18n.language === 'en' ? r.timeType.nameEn : r.timeType.name),
        },
        { key: 'kind', header: t('staff.kindCol'), render: (r) => t(`kind.${r.kind}`) },
        { key: 'when', header: t('staff.time'), render: (r) => when(r) },
        {
          key: 'status',
          header: t('staff.statusCol'),
          render: (r) => (
            <span data-testid="invitation-status" data-status={r.status}>
              {t(`status.${r.status}`)}
              {r.needsFollowUp && (
                <>
                  {' '}
                  <strong>({t('staff.needsFollowUp')})</strong>
                </>
              )}
            </span>
          ),
        },
        { key: 'respondBy', header: t('staff.respondBy'), render: (r) => labels.dateTime(r.respondBy) },
      ]}
    />
  );
}
