/**
 * The vaccinator's day: the list of the unit's bookings with health-declaration
 * answers, arrival, "given" (which records the dose) and no-show. Only staff
 * working in the booking's unit reach it; every patient row read and every
 * change is audited in the same transaction (refusals are recorded by
 * `patientTransaction`). Statuses move only through `transitionBooking`.
 */
import { addDays, type BookingEvent, stockholmMidnight, transitionBooking, worksInUnit } from '@ingang/domain';
import { recordAuditMany } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { conflict, notFound } from '../../platform/errors.js';
import { type PatientAccess, patientTransaction, requireUnitCare } from '../../platform/patient-access.js';

import * as store from './booking-store.js';
import { oneActiveBooking } from './catalogue-store.js';
import { declarationOf, toEntry } from './day-list.js';

/** The staff actions on a booking, and the state-machine event each one is. */
export const STAFF_BOOKING_ACTIONS = {
  arrive: 'arrive',
  'undo-arrival': 'undo_arrival',
  given: 'complete',
  'no-show': 'no_show',
} as const satisfies Record<string, BookingEvent>;
export type StaffBookingAction = keyof typeof STAFF_BOOKING_ACTIONS;

/** Builds the day-list service. */
export function createDayService(deps: { db: Db; clock: Clock; access: PatientAccess }) {
  const { db, clock, access } = deps;

  /**
   * The booking's row after the access checks: staff of its unit, working there
   * now, and the audited patient-access gate (the booking is the relationship).
   */
  async function openBooking(
    trx: Tx,
    actor: StaffActor,
    bookingId: string,
    action: string,
    recordType: string,
    at: Date,
  ) {
    const row = await store.findStaffBooking(trx, bookingId, { forUpdate: action === 'update' });
    if (!row || !worksInUnit(actor, row.unit_id)) throw notFound('booking');
    requireUnitCare(actor, row.unit_id);
    await access.require(trx, actor, row.person_id, {
      action,
      recordType,
      recordId: bookingId,
      purpose: 'care',
      at,
    });
    return row;
  }

  async function versionOf(trx: Tx, row: store.StaffBookingRow) {
    return row.form_version_id
      ? (await store.formVersions(trx, [row.form_version_id])).get(row.form_version_id)
      : undefined;
  }

  return {
    /** The unit's bookings of one Stockholm date (cancelled ones left out); one audit row per patient row. */
    async dayList(actor: StaffActor, unitId: string, date: string) {
      requireUnitCare(actor, unitId);
      const now = clock.now();
      return patientTransaction(db, async (trx) => {
        const rows = await store.listDayBookings(
          trx,
          unitId,
          stockholmMidnight(date),
          stockholmMidnight(addDays(date, 1)),
        );
        const versions = await store.formVersions(
          trx,
          rows.flatMap((r) => (r.form_version_id ? [r.form_version_id] : [])),
        );
        await recordAuditMany(
          trx,
          rows.map((r) => ({
            actor,
            subjectPersonId: r.person_id,
            action: 'read',
            recordType: 'booking_day_list',
            recordId: r.id,
            purpose: 'care',
            unitId,
            at: now,
          })),
        );
        return {
          date,
          entries: rows.map((r) => toEntry(r, r.form_version_id ? versions.get(r.form_version_id) : undefined)),
        };
      });
    },

    /**
     * Moves a booking by a staff action. 409 `invalid_transition` with the domain's
     * message when the status does not allow it. "Given" records the dose (when the
     * type has a dose group) and locks the answers; given and no-show end the
     * booking's "one active booking" hold.
     */
    async act(actor: StaffActor, bookingId: string, action: StaffBookingAction) {
      const now = clock.now();
      return patientTransaction(db, async (trx) => {
        const row = await openBooking(trx, actor, bookingId, 'update', 'booking', now);
        const result = transitionBooking(row.status, STAFF_BOOKING_ACTIONS[action]);
        if (!result.ok) throw conflict(result.code, result.message);
        const oneActive = await oneActiveBooking(trx, row.time_type_id);
        const stillActive = result.next === 'booked' || result.next === 'arrived';
        await store.setBookingStatus(
          trx,
          bookingId,
          {
            status: result.next,
            active: stillActive,
            timeTypeId: row.time_type_id,
            oneActive,
            ...(action === 'arrive' ? { arrivedAt: now } : {}),
            ...(action === 'undo-arrival' ? { arrivedAt: null } : {}),
            ...(action === 'given' ? { completedAt: now, answersLockedAt: row.answers_locked_at ?? now } : {}),
          },
          now,
        );
        if (action === 'given' && row.dose_group) {
          await store.insertDoseRecord(trx, {
            personId: row.person_id,
            doseGroup: row.dose_group,
            givenAt: now,
            bookingId,
            unitId: row.unit_id,
            staffId: actor.staffId,
          });
        }
        const updated = await store.findStaffBooking(trx, bookingId);
        if (!updated) throw notFound('booking');
        return toEntry(updated, await versionOf(trx, updated));
      });
    },

    /** The booking's health declaration with its questions, for printing (404 when it has none). */
    async declaration(actor: StaffActor, bookingId: string) {
      const now = clock.now();
      return patientTransaction(db, async (trx) => {
        const row = await openBooking(trx, actor, bookingId, 'read', 'health_declaration', now);
        const declaration = declarationOf(row, await versionOf(trx, row));
        if (!declaration) throw notFound('declaration');
        return {
          bookingId,
          patientName: `${row.given_name} ${row.family_name}`,
          start: row.starts_at.toISOString(),
          declaration,
        };
      });
    },
  };
}
