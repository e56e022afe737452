/**
 * /staff/kallelser/:id — one invitation of the active unit: patient, type,
 * time or period (with its reserved times), status (Swedish and FHIR), the
 * patient's note, and what staff may do now: propose a new time after
 * "another time", or revoke.
 */
import type { StaffInvitation } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { fieldError as serverFieldError } from '../../api/errors.js';
import { DataTable } from '../../ui/data-table.js';
import { Alert, Button, Dialog, ErrorAlert, ProtectedMarker, Spinner, usePageTitle } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import { useLabels } from '../format.js';
import { formatPnr } from '../patients/personnummer.js';
import { StaffLayout } from '../staff-layout.js';
import { addDays, todayInStockholm } from '../timebook/dates.js';
import { FocusNotice } from './focus-notice.js';
import { useStaffWhen } from './invitation-table.js';
import { useFreeSlots, useInvitationAction, useStaffInvitation } from './invitations-api.js';
import { InvitationsNav } from './invitations-nav.js';
import { SlotSelect } from './slot-picker.js';

function ProposeTime({
  unitId,
  invitation,
  action,
}: {
  unitId: string;
  invitation: StaffInvitation;
  /** Owned by the page, which stays mounted to say that the time was proposed. */
  action: ReturnType<typeof useInvitationAction>;
}) {
  const { t } = useTranslation('invitations');
  const today = todayInStockholm();
  const slots = useFreeSlots(unitId, { timeTypeId: invitation.timeType.id, from: today, to: addDays(today, 30) });
  const [slotId, setSlotId] = useState('');
  const [missing, setMissing] = useState(false);
  const fieldError = missing ? t('create.errors.slot') : serverFieldError(action.error, 'slotId');
  return (
    <section aria-labelledby="inv-propose">
      <h2 id="inv-propose">{t('detail.proposeTitle')}</h2>
      <p>{t('detail.proposeLead')}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setMissing(!slotId);
          if (slotId) action.mutate({ kind: 'propose-time', slotId });
        }}
      >
        <SlotSelect
          id="inv-propose-slot"
          slots={slots.data}
          pending={slots.isPending}
          error={slots.error}
          fieldError={fieldError}
          emptyText={t('create.noSlots')}
          value={slotId}
          onChange={setSlotId}
        />
        {action.error && !fieldError ? <ErrorAlert error={action.error} /> : null}
        <div className="button-row">
          <Button type="submit" pending={action.isPending} pendingLabel={t('detail.proposing')}>
            {t('detail.propose')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function CancelInvitation({ action }: { action: ReturnType<typeof useInvitationAction> }) {
  const { t } = useTranslation('invitations');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <div className="button-row">
        <Button
          variant="danger"
          onClick={() => {
            action.reset();
            setOpen(true);
          }}
        >
          {t('detail.cancel')}
        </Button>
      </div>
      <Dialog open={open} title={t('detail.cancelTitle')} onClose={() => setOpen(false)}>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            action.mutate({ kind: 'cancel', reason: reason.trim() || undefined }, { onSuccess: () => setOpen(false) });
          }}
        >
          <p>{t('detail.cancelText')}</p>
          <TextArea
            id="inv-cancel-reason"
            label={t('detail.cancelReason')}
            maxLength={500}
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <ErrorAlert error={action.error} />
          <div className="button-row">
            <Button type="submit" variant="danger" pending={action.isPending} pendingLabel={t('detail.cancelling')}>
              {t('detail.cancelConfirm')}
            </Button>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t('detail.keep')}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

export function InvitationDetailPage({ unitId, id }: { unitId: string; id: string }) {
  const { t, i18n } = useTranslation(['invitations', 'common']);
  const labels = useLabels();
  const when = useStaffWhen();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const query = useStaffInvitation(unitId, id);
  const inv = query.data;
  const propose = useInvitationAction(unitId, id);
  const proposed = propose.isSuccess && propose.data.status === 'proposed';
  const cancel = useInvitationAction(unitId, id);
  usePageTitle(inv ? t('detail.title', { name: inv.patient.name }) : t('detail.loading'));

  return (
    <StaffLayout>
      <InvitationsNav />
      <p>
        <Link to="/staff/kallelser">{t('detail.back')}</Link>
      </p>
      {!inv ? (
        <>
          <h1>{t('page.title')}</h1>
          {query.error ? <ErrorAlert error={query.error} /> : <Spinner label={t('detail.loading')} />}
        </>
      ) : (
        <>
          <h1>{t('detail.title', { name: inv.patient.name })}</h1>
          {notice === 'sent' && (
            <Alert tone="success" title={t('create.sent')}>
              <p>{t('create.sentText')}</p>
            </Alert>
          )}
          {inv.status === 'cancelled' &&
            (cancel.isSuccess ? (
              <FocusNotice testId="invitation-done" text={t('detail.cancelled')} />
            ) : (
              <Alert tone="info">{t('detail.cancelled')}</Alert>
            ))}
          {proposed && inv.status === 'proposed' && (
            <FocusNotice testId="invitation-done" text={t('detail.proposed')} />
          )}
          <dl className="facts card" data-testid="staff-invitation-facts">
            <dt>{t('detail.patient')}</dt>
            <dd>
              {inv.patient.name}, {formatPnr(inv.patient.personalNumber)}
              <ProtectedMarker protectedIdentity={inv.patient.protectedIdentity} />
            </dd>
            <dt>{t('staff.what')}</dt>
            <dd>{i18n.language === 'en' ? inv.timeType.nameEn : inv.timeType.name}</dd>
            <dt>{t('staff.kindCol')}</dt>
            <dd>{t(`kind.${inv.kind}`)}</dd>
            <dt>{t('staff.time')}</dt>
            <dd>{when(inv)}</dd>
            <dt>{t('staff.statusCol')}</dt>
            <dd data-testid="staff-invitation-status" data-status={inv.status}>
              {t(`status.${inv.status}`)}
              {inv.needsFollowUp && ` (${t('staff.needsFollowUp')})`}
            </dd>
            <dt>{t('detail.fhir')}</dt>
            <dd>
              <code>
                {inv.fhir.appointmentStatus} / {inv.fhir.participantStatus}
              </code>
            </dd>
            <dt>{t('detail.createdBy')}</dt>
            <dd>{inv.createdBy.name}</dd>
            <dt>{t('detail.sentAt')}</dt>
            <dd>{labels.dateTime(inv.sentAt)}</dd>
            <dt>{t('staff.respondBy')}</dt>
            <dd>{labels.dateTime(inv.respondBy)}</dd>
            {inv.answeredAt && (
              <>
                <dt>{t('detail.answeredAt')}</dt>
                <dd>{labels.dateTime(inv.answeredAt)}</dd>
              </>
            )}
            {inv.remindedAt && (
              <>
                <dt>{t('detail.remindedAt')}</dt>
                <dd>{labels.dateTime(inv.remindedAt)}</dd>
              </>
            )}
            {inv.patientNote && (
              <>
                <dt>{t('detail.note')}</dt>
                <dd style={{ whiteSpace: 'pre-line' }}>{inv.patientNote}</dd>
              </>
            )}
          </dl>
          {inv.instructions && (
            <section aria-labelledby="inv-instructions-title">
              <h2 id="inv-instructions-title">{t('page.instructions')}</h2>
              <p style={{ whiteSpace: 'pre-line' }}>{inv.instructions}</p>
            </section>
          )}
          {inv.reservedSlots.length > 0 && (
            <section aria-labelledby="inv-reserved">
              <h2 id="inv-reserved">{t('detail.reserved')}</h2>
              <DataTable
                caption={t('detail.reservedCaption')}
                rows={inv.reservedSlots}
                rowKey={(s) => s.id}
                columns={[
                  { key: 'time', header: t('detail.reservedTime'), render: (s) => labels.dateTime(s.start) },
                  { key: 'booked', header: t('detail.reservedBooked'), render: (s) => `${s.booked} / ${s.capacity}` },
                ]}
              />
            </section>
          )}
          {inv.abilities.canProposeNewTime && <ProposeTime unitId={unitId} invitation={inv} action={propose} />}
          {inv.abilities.canCancel && <CancelInvitation action={cancel} />}
        </>
      )}
    </StaffLayout>
  );
}
