/**
 * Withdrawing selected times. Unbooked ones simply go; when any is booked the
 * dialog explains that the patients are told and offered to rebook, and asks
 * for the reason they will read. A 409 `slot_has_bookings` (booked meanwhile)
 * is said plainly and turns the dialog into that choice.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldError } from '../../api/errors.js';
import { Alert, Button, Dialog, ErrorAlert } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import { type TimebookDay, useWithdraw } from './timebook-api.js';

type Slot = TimebookDay['slots'][number];

export function WithdrawDialog({
  open,
  unitId,
  slots,
  onClose,
  onDone,
}: {
  open: boolean;
  unitId: string;
  slots: Slot[];
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation(['timebook', 'common']);
  const withdraw = useWithdraw(unitId);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [conflict, setConflict] = useState(false);
  const bookedCount = slots.filter((s) => s.booked > 0).length;
  const mustCancel = bookedCount > 0 || conflict;

  // biome-ignore lint/correctness/useExhaustiveDependencies: start clean each time the dialog opens.
  useEffect(() => {
    if (open) {
      setReason('');
      setReasonError(undefined);
      setConflict(false);
      withdraw.reset();
    }
  }, [open]);

  const serverReasonError = fieldError(withdraw.error, 'reason');
  const isConflict = withdraw.error instanceof ApiError && withdraw.error.code === 'slot_has_bookings';
  const general = withdraw.error && !serverReasonError && !isConflict ? withdraw.error : null;

  function confirm() {
    if (mustCancel && reason.trim().length < 3) {
      setReasonError(t('withdraw.reasonRequired'));
      document.getElementById('tb-withdraw-reason')?.focus();
      return;
    }
    setReasonError(undefined);
    withdraw.mutate(
      {
        slotIds: slots.map((s) => s.id),
        cancelBooked: mustCancel,
        reason: mustCancel ? reason.trim() : undefined,
      },
      {
        onSuccess: (result) =>
          onDone(
            t('withdraw.done', { count: result.withdrawn }) +
              (result.cancelledBookings > 0
                ? ` ${t('withdraw.doneCancelled', { count: result.cancelledBookings, notified: result.notified })}`
                : ''),
          ),
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'slot_has_bookings') setConflict(true);
        },
      },
    );
  }

  return (
    <Dialog open={open} title={t('withdraw.title', { count: slots.length })} onClose={onClose}>
      {isConflict && (
        <Alert tone="error" title={t('withdraw.conflictTitle')}>
          {t('withdraw.conflictText')}
        </Alert>
      )}
      <ErrorAlert error={general} />
      {mustCancel ? (
        <>
          <p>{t('withdraw.bookedLead', { count: bookedCount || slots.length })}</p>
          <p>{t('withdraw.bookedInfo')}</p>
          <TextArea
            id="tb-withdraw-reason"
            label={t('withdraw.reason')}
            hint={t('withdraw.reasonHint')}
            value={reason}
            error={reasonError ?? serverReasonError}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
          />
        </>
      ) : (
        <p>{t('withdraw.freeLead', { count: slots.length })}</p>
      )}
      <div className="button-row">
        <Button variant="danger" onClick={confirm} pending={withdraw.isPending} pendingLabel={t('withdraw.working')}>
          {mustCancel ? t('withdraw.confirmCancel') : t('withdraw.confirm')}
        </Button>
        <Button variant="secondary" onClick={onClose}>
          {t('common:cancel')}
        </Button>
      </div>
    </Dialog>
  );
}
