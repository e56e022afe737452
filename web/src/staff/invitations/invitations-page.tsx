/**
 * /staff/kallelser — the active unit's invitations with their status (Swedish
 * words for the FHIR statuses), a status filter, and "Att följa upp": the
 * unanswered ones past their answer-by date.
 */
import { InvitationStatus, type StaffMe } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink, ErrorAlert, Select, Spinner, usePageTitle } from '../../ui/index.js';
import { StaffLayout } from '../staff-layout.js';
import { InvitationTable } from './invitation-table.js';
import { useStaffInvitations } from './invitations-api.js';
import { InvitationsNav } from './invitations-nav.js';

export function InvitationsPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t } = useTranslation(['invitations', 'common']);
  usePageTitle(t('staff.listTitle'));
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';
  const [status, setStatus] = useState<InvitationStatus | ''>('');
  const list = useStaffInvitations(unitId, status ? { status } : {});
  const followUp = useStaffInvitations(unitId, { followUp: true });

  return (
    <StaffLayout>
      <InvitationsNav />
      <h1>{t('staff.listTitle')}</h1>
      <p>{t('staff.listLead', { unit: unitName })}</p>
      <p>
        <ButtonLink to="/staff/kallelser/ny">{t('staff.newInvitation')}</ButtonLink>
      </p>
      <section aria-labelledby="inv-follow-up" data-testid="invitations-follow-up">
        <h2 id="inv-follow-up">{t('staff.followUpTitle')}</h2>
        <p>{t('staff.followUpLead')}</p>
        {followUp.isPending && <Spinner label={t('staff.loading')} />}
        <ErrorAlert error={followUp.error} />
        {followUp.data &&
          (followUp.data.length === 0 ? (
            <p className="muted">{t('staff.followUpEmpty')}</p>
          ) : (
            <InvitationTable caption={t('staff.followUpCaption')} rows={followUp.data} />
          ))}
      </section>
      <section aria-labelledby="inv-all" data-testid="invitations-all">
        <h2 id="inv-all">{t('staff.caption')}</h2>
        <div className="filters">
          <Select
            id="inv-filter-status"
            label={t('staff.filterStatus')}
            value={status}
            onChange={(e) => setStatus(e.target.value as InvitationStatus | '')}
            options={[
              { value: '', label: t('staff.allStatuses') },
              ...InvitationStatus.options.map((s) => ({ value: s, label: t(`status.${s}`) })),
            ]}
          />
        </div>
        {list.isPending && <Spinner label={t('staff.loading')} />}
        <ErrorAlert error={list.error} />
        {list.data &&
          (list.data.length === 0 ? (
            <p className="muted" role="status">
              {t('staff.empty')}
            </p>
          ) : (
            <InvitationTable caption={t('staff.caption')} rows={list.data} />
          ))}
      </section>
    </StaffLayout>
  );
}
