/** A stored booking as the citizen sees it, with what they may do with it now. */
import type { Booking } from '@ingang/contracts';
import { canCancel } from '@ingang/domain';
import type { PatientFacts } from './book-store.js';
import type { BookingRow } from './read-store.js';
import type { NewBooking, SlotFacts } from './store.js';

/** Maps a booking row to the contract, judging cancellation at `now`. */
export function bookingView(r: BookingRow, now: Date): Booking {
  const cutoff = new Date(r.startsAt.getTime() - r.cancelCutoffMinutes * 60_000);
  return {
    id: r.id,
    status: r.status,
    slotId: r.slotId,
    start: r.startsAt.toISOString(),
    end: r.endsAt.toISOString(),
    unit: { id: r.unitId, name: r.unitName, address: r.unitAddress },
    timeType: { id: r.timeTypeId, name: r.timeTypeName, nameEn: r.timeTypeNameEn },
    patient: { personId: r.personId, name: r.patientName },
    bookedBy: r.bookedByStaff ? 'staff' : (r.onBehalfRelation ?? 'self'),
    canCancel: canCancel({ slotStart: r.startsAt, cutoffMinutes: r.cancelCutoffMinutes, at: now, status: r.status }).ok,
    cancelCutoffAt: cutoff.toISOString(),
    rebookedFromId: r.rebookedFromId,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The view of a booking just written, from what the transaction wrote (no read-back). */
export function newBookingView(b: NewBooking, slot: SlotFacts, patient: PatientFacts, now: Date): Booking {
  return bookingView(
    {
      id: b.id,
      status: 'booked',
      slotId: slot.id,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      unitId: slot.unitId,
      unitName: slot.unitName,
      unitAddress: slot.unitAddress,
      timeTypeId: slot.timeTypeId,
      timeTypeName: slot.typeName,
      timeTypeNameEn: slot.typeNameEn,
      cancelCutoffMinutes: slot.cancelCutoffMinutes,
      personId: b.personId,
      patientName: `${patient.given_name} ${patient.family_name}`,
      bookedByPersonId: b.bookedByPersonId,
      bookedByStaff: false,
      onBehalfRelation: b.onBehalfRelation,
      rebookedFromId: b.rebookedFromId,
      createdAt: b.now,
    },
    now,
  );
}
