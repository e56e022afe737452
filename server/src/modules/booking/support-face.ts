/**
 * What citizen support may do with a citizen's bookings (issue 16): list them and cancel one,
 * on behalf of the citizen who wrote to support logged in. The support module checks the case
 * and records the audit entry (with the agent's stated reason) in the same transaction; this
 * face only does the booking part, through the booking module's own store and rules, and tells
 * the patient as a self-service cancel would.
 */
import type { Booking } from '@ingang/contracts';
import { canCancel } from '@ingang/domain';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/index.js';
import { conflict, notFound } from '../../platform/errors.js';
import { createBookingNotifier } from './notify.js';
import * as reads from './read-store.js';
import * as store from './store.js';
import { bookingView } from './view.js';

export interface BookingSupportFace {
  /** The person's own bookings (not those of people they act for), earliest first. */
  list(trx: Tx, personId: string, now: Date): Promise<Booking[]>;
  /** Cancels one of the person's bookings until its cut-off; 404 if it is not theirs, 409 if too late. */
  cancel(trx: Tx, personId: string, bookingId: string, now: Date): Promise<Booking>;
}

export function createBookingSupportFace(
  ctx: Pick<AppContext, 'db' | 'clock' | 'mail' | 'jobs' | 'config'>,
): BookingSupportFace {
  const notifier = createBookingNotifier(ctx);
  return {
    async list(trx, personId, now) {
      const rows = await reads.listBookings(trx, { personIds: [personId] });
      return rows.map((r) => bookingView(r, now));
    },
    async cancel(trx, personId, bookingId, now) {
      const booking = await store.lockBooking(trx, bookingId, personId);
      if (!booking) throw notFound('booking');
      const slot = await store.findSlotFacts(trx, booking.slot_id);
      if (!slot) throw notFound('booking');
      const may = canCancel({
        slotStart: slot.startsAt,
        cutoffMinutes: slot.cancelCutoffMinutes,
        at: now,
        status: booking.status,
      });
      if (!may.ok) throw conflict(may.code, may.message);
      await store.markCancelled(trx, bookingId, 'support', now);
      await store.releasePlace(trx, booking.slot_id);
      await notifier.queue(trx, 'cancelled', {
        bookingId,
        patientId: personId,
        bookerId: personId,
        start: slot.startsAt,
        end: slot.endsAt,
        timeTypeName: slot.typeName,
        unitName: slot.unitName,
        unitAddress: slot.unitAddress,
      });
      const [row] = await reads.listBookings(trx, { personIds: [personId], bookingId });
      if (!row) throw notFound('booking');
      return bookingView(row, now);
    },
  };
}
