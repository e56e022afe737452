/**
 * The citizen's bookings: the list (their own and of those they may act for
 * with the 'booking' scope — children through the registry, ombud through an
 * accepted grant), one booking, and cancelling. Every read is audited per
 * patient; a booking the caller may not see is 404.
 */
import type { Booking } from '@ingang/contracts';
import { canCancel } from '@ingang/domain';
import type { ActingFor } from '../../platform/acting-for.js';
import { eligibleChildren, resolveActingFor } from '../../platform/acting-for-list.js';
import { type AuditEntry, recordAudit, recordAuditMany } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { conflict, notFound, unauthorized } from '../../platform/errors.js';
import { notifyFacts } from '../../platform/persons.js';
import { withBookingSubject } from './access.js';
import type { BookingNotifier } from './notify.js';
import * as reads from './read-store.js';
import * as store from './store.js';
import { bookingView } from './view.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'config'>;

/** Listing, reading and cancelling bookings. */
export function createMyBookingsService(deps: Deps, actingFor: ActingFor, notifier: BookingNotifier) {
  const { db, clock } = deps;

  return {
    /** My bookings and those of everyone I may book for, earliest first. */
    async list(actor: CitizenActor): Promise<Booking[]> {
      const me = await notifyFacts(db, actor.personId);
      if (!me) throw unauthorized();
      // The registry is read before the transaction (it may be remote; PGlite has one connection).
      const children = await eligibleChildren(deps, {
        personalNumber: me.personal_number,
        protectedIdentity: me.protected_identity,
      });
      return db.transaction().execute(async (trx) => {
        const now = clock.now();
        const others = (await resolveActingFor(trx, actor.personId, children, now)).filter((e) =>
          e.scopes.includes('booking'),
        );
        const personIds = [actor.personId, ...others.map((e) => e.personId)];
        const rows = await reads.listBookings(trx, { personIds });
        const entries: AuditEntry[] = [
          {
            actor,
            subjectPersonId: actor.personId,
            action: 'read',
            recordType: 'booking_list',
            purpose: 'self_service',
            at: now,
          },
          ...others.map((e) => ({
            actor,
            subjectPersonId: e.personId,
            action: 'read',
            recordType: 'booking_list',
            purpose: 'self_service',
            onBehalf: { relation: e.relation === 'child' ? ('guardian' as const) : ('ombud' as const) },
            at: now,
          })),
        ];
        await recordAuditMany(trx, entries);
        return rows.map((r) => bookingView(r, now));
      });
    },

    /** One booking of mine or of someone I may book for; otherwise 404. */
    async get(actor: CitizenActor, bookingId: string): Promise<Booking> {
      return withBookingSubject({ db, actingFor }, actor, bookingId, async (trx, subject) => {
        const now = clock.now();
        const [row] = await reads.listBookings(trx, { personIds: [subject.subjectPersonId], bookingId });
        if (!row) throw notFound('booking');
        await recordAudit(trx, {
          actor,
          subjectPersonId: subject.subjectPersonId,
          action: 'read',
          recordType: 'booking',
          recordId: bookingId,
          purpose: 'self_service',
          onBehalf: subject.onBehalf,
          at: now,
        });
        return bookingView(row, now);
      });
    },

    /** Cancels until the type's cut-off: the place is given back and the patient is told. */
    async cancel(actor: CitizenActor, bookingId: string): Promise<Booking> {
      return withBookingSubject({ db, actingFor }, actor, bookingId, async (trx, subject) => {
        const now = clock.now();
        const patientId = subject.subjectPersonId;
        const booking = await store.lockBooking(trx, bookingId, patientId);
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
        await store.markCancelled(trx, bookingId, subject.relation === 'self' ? 'patient' : subject.relation, now);
        await store.releasePlace(trx, booking.slot_id);
        await notifier.queue(trx, 'cancelled', {
          bookingId,
          patientId,
          bookerId: actor.personId,
          start: slot.startsAt,
          end: slot.endsAt,
          timeTypeName: slot.typeName,
          unitName: slot.unitName,
          unitAddress: slot.unitAddress,
        });
        const [row] = await reads.listBookings(trx, { personIds: [patientId], bookingId });
        if (!row) throw notFound('booking');
        await recordAudit(trx, {
          actor,
          subjectPersonId: patientId,
          action: 'cancel',
          recordType: 'booking',
          recordId: bookingId,
          purpose: 'self_service',
          onBehalf: subject.onBehalf,
          at: now,
        });
        return bookingView(row, now);
      });
    },
  };
}

export type MyBookingsService = ReturnType<typeof createMyBookingsService>;
