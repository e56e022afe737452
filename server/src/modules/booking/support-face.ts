/**
 * What citizen support may do with a citizen's bookings (issue 16): list them, cancel one, or
 * move one to another free time of the same type, on behalf of the citizen who wrote to support
 * logged in. The support module checks the case
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
import type { BookingService } from './service.js';
import * as slots from './slot-store.js';
import * as store from './store.js';
import { bookingView } from './view.js';

export interface BookingSupportFace {
  /** The person's own bookings (not those of people they act for), earliest first. */
  list(trx: Tx, personId: string, now: Date): Promise<Booking[]>;
  /** Cancels one of the person's bookings until its cut-off; 404 if it is not theirs, 409 if too late. */
  cancel(trx: Tx, personId: string, bookingId: string, now: Date): Promise<Booking>;
  /** Free times of the booking's type (any unit, the next 60 days, earliest first, at most 30); 404 if not theirs. */
  freeTimes(trx: Tx, personId: string, bookingId: string, now: Date): Promise<SupportFreeTime[]>;
  /**
   * Moves the booking to `slotId` under the citizen rebook's rules (cut-off, same type,
   * eligibility, the guarded place: of two racers for the last place one wins, 409 slot_full).
   */
  rebook(
    trx: Tx,
    m: { personId: string; bookingId: string; slotId: string; staffId: string; now: Date },
  ): Promise<Booking>;
}

export interface SupportFreeTime {
  slotId: string;
  unitName: string;
  startsAt: string;
  endsAt: string;
}

const FREE_TIME_WINDOW_MS = 60 * 86_400_000;

export function createBookingSupportFace(
  ctx: Pick<AppContext, 'db' | 'clock' | 'mail' | 'sms' | 'jobs' | 'config'>,
  bookings: Pick<BookingService, 'rebookForSupport'>,
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
    async freeTimes(trx, personId, bookingId, now) {
      const booking = await store.lockBooking(trx, bookingId, personId);
      if (!booking) throw notFound('booking');
      const rows = await slots.searchFreeSlots(trx, {
        timeTypeId: booking.time_type_id,
        from: now,
        now,
        to: new Date(now.getTime() + FREE_TIME_WINDOW_MS),
        limit: 31,
      });
      return rows
        .filter((r) => r.id !== booking.slot_id)
        .slice(0, 30)
        .map((r) => ({
          slotId: r.id,
          unitName: r.unit_name,
          startsAt: r.starts_at.toISOString(),
          endsAt: r.ends_at.toISOString(),
        }));
    },
    async rebook(trx, m) {
      const moved = await bookings.rebookForSupport(trx, { ...m, patientId: m.personId });
      const [row] = await reads.listBookings(trx, { personIds: [m.personId], bookingId: moved.data.id });
      if (!row) throw notFound('booking');
      return bookingView(row, m.now);
    },
  };
}
