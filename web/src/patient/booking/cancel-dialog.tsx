/** "Avboka tiden?": asks before DELETE /api/bookings/:id; the error, if any, is shown in the dialog. */
import type { Booking } from '@ingang/contracts';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, ErrorAlert } from '../../ui/index.js';
import { formatWhen, timeTypeName } from './format.js';
import { useCancelBooking } from './use-booking.js';

export interface CancelDialogProps {
  /** The booking to cancel; null = closed. */
  booking: Booking | null;
  onClose: () => void;
  onCancelled: (booking: Booking) => void;
}

export function CancelDialog({ booking, onClose, onCancelled }: CancelDialogProps) {
  const { t, i18n } = useTranslation('booking');
  const cancel = useCancelBooking();
  const { reset } = cancel;
  // A fresh question each time the dialog opens.
  useEffect(() => {
    if (booking) reset();
  }, [booking, reset]);
  return (
    <Dialog open={booking !== null} title={t('cancel.title')} onClose={onClose}>
      {booking && (
        <>
          <p>
            {t('cancel.text', {
              what: timeTypeName(booking.timeType, i18n.language),
              who: booking.patient.name,
              when: formatWhen(booking.start, i18n.language),
              unit: booking.unit.name,
            })}
          </p>
          <ErrorAlert error={cancel.error} />
          <div className="button-row">
            <Button
              variant="danger"
              pending={cancel.isPending}
              pendingLabel={t('cancel.cancelling')}
              onClick={() => cancel.mutate(booking.id, { onSuccess: () => onCancelled(booking) })}
            >
              {t('cancel.confirm')}
            </Button>
            <Button variant="secondary" onClick={onClose}>
              {t('cancel.keep')}
            </Button>
          </div>
        </>
      )}
    </Dialog>
  );
}
