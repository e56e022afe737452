/**
 * Publishing and withdrawing a unit's times. Patterns
 * are wall-clock Europe/Stockholm and expanded by `generateSlots` (DST-safe);
 * a publication is one transaction — its batch row and every time, or nothing.
 * Withdrawing never cancels a booking silently: booked times are refused unless
 * the caller asks to cancel them with a reason, and then each patient is told.
 */
import type { TimebookSlotPattern } from '@ingang/contracts';
import { generateSlots, type SlotPattern, stockholmDate, validatePattern } from '@ingang/domain';
import type { z } from 'zod';
import { recordAuditMany } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Queryable, Tx } from '../../platform/db/index.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { toE164 } from '../../platform/sms.js';
import { bookingSmsKey, bookingSmsText } from '../booking/index.js';
import { requirePublisher } from './access.js';
import { bookingsOfSlots, cancelBookings } from './booking-store.js';
import { findTimeType, unitMayPublish } from './catalogue-store.js';
import { recordTimebookChange } from './change-log.js';
import { cancellationMail } from './notices.js';
import * as slots from './slot-store.js';

type PatternInput = z.infer<typeof TimebookSlotPattern>;
type Deps = Pick<AppContext, 'db' | 'clock' | 'mail' | 'sms'>;

/** Most times one publication may create. */
export const MAX_PUBLISH_SLOTS = 20_000;

/** 400 naming the body fields of a pattern's problems. */
const patternErrors = (errors: Record<string, string>) =>
  badRequest(
    'invalid_pattern',
    `Invalid pattern: ${Object.keys(errors).join(', ')}`,
    Object.fromEntries(
      Object.entries(errors).map(([k, v]) => [k === 'pattern' ? 'body.pattern' : `body.pattern.${k}`, v]),
    ),
  );

/** Builds the publishing service. */
export function createPublishService(deps: Deps) {
  const { db, clock, mail, sms } = deps;

  /** The type, when the unit may publish it now: 404 unknown, 403 not allowed, 409 retired. */
  async function publishableType(q: Queryable, unitId: string, typeId: string) {
    const type = await findTimeType(q, typeId);
    if (!type) throw notFound('time type');
    if (!(await unitMayPublish(q, typeId, unitId))) {
      throw forbidden('time_type_not_allowed', 'This unit may not publish this time type.');
    }
    if (type.retiredAt) throw conflict('time_type_retired', 'The time type is retired.');
    return type;
  }

  /** The full domain pattern: duration and places default to the type's. */
  function fullPattern(input: PatternInput, type: { durationMinutes: number; placesPerSlot: number }): SlotPattern {
    return {
      ...input,
      durationMinutes: input.durationMinutes ?? type.durationMinutes,
      places: input.places ?? type.placesPerSlot,
    };
  }

  function checkPattern(pattern: SlotPattern) {
    return validatePattern(pattern, { maxSlots: MAX_PUBLISH_SLOTS, today: stockholmDate(clock.now()) });
  }

  return {
    /** What a pattern would create: count, the first 50, per-date counts and how many already exist. */
    async preview(actor: StaffActor, unitId: string, typeId: string, input: PatternInput) {
      requirePublisher(actor, unitId);
      const type = await publishableType(db, unitId, typeId);
      const pattern = fullPattern(input, type);
      const errors = checkPattern(pattern);
      if (errors) return { count: 0, existing: 0, first: [], byDate: {}, errors };
      const generated = generateSlots(pattern);
      const byDate: Record<string, number> = {};
      for (const s of generated) byDate[s.localDate] = (byDate[s.localDate] ?? 0) + 1;
      return {
        count: generated.length,
        existing: await slots.countExisting(
          db,
          unitId,
          typeId,
          generated.map((s) => s.start),
        ),
        first: generated.slice(0, 50).map((s) => ({ ...s, start: s.start.toISOString(), end: s.end.toISOString() })),
        byDate,
      };
    },

    /** Publishes a pattern: the batch and all its times in one transaction; existing times are skipped. */
    async publish(actor: StaffActor, unitId: string, typeId: string, input: PatternInput, visibleFrom?: string) {
      requirePublisher(actor, unitId);
      const now = clock.now();
      const type = await publishableType(db, unitId, typeId);
      const pattern = fullPattern(input, type);
      const errors = checkPattern(pattern);
      if (errors) throw patternErrors(errors);
      const generated = generateSlots(pattern);
      const batchId = uuid();
      const created = await db.transaction().execute(async (trx) => {
        await publishableType(trx, unitId, typeId);
        await slots.insertBatch(trx, { id: batchId, unitId, timeTypeId: typeId, pattern, staffId: actor.staffId }, now);
        const count = await slots.insertSlots(
          trx,
          { unitId, timeTypeId: typeId, batchId, visibleFrom: visibleFrom ? new Date(visibleFrom) : now },
          generated.map((s) => ({ start: s.start, end: s.end, capacity: s.places })),
          now,
        );
        await recordTimebookChange(
          trx,
          {
            actorStaffId: actor.staffId,
            entityType: 'slot_batch',
            entityId: batchId,
            unitId,
            action: 'slots.published',
            changes: { slots: { from: null, to: count }, timeTypeId: { from: null, to: typeId } },
          },
          now,
        );
        return count;
      });
      return { batchId, created, skipped: generated.length - created };
    },

    /** Publishes one time; 409 `slot_exists` when the unit already has it. */
    async publishOne(
      actor: StaffActor,
      unitId: string,
      input: { timeTypeId: string; start: string; places?: number; visibleFrom?: string },
    ) {
      requirePublisher(actor, unitId);
      const now = clock.now();
      const start = new Date(input.start);
      if (start.getTime() <= now.getTime()) {
        throw badRequest('invalid_input', 'The time must be in the future.', { 'body.start': 'must be in the future' });
      }
      const type = await publishableType(db, unitId, input.timeTypeId);
      const end = new Date(start.getTime() + type.durationMinutes * 60_000);
      const capacity = input.places ?? type.placesPerSlot;
      const batchId = uuid();
      return db.transaction().execute(async (trx) => {
        const pattern = { single: input.start, places: capacity };
        await slots.insertBatch(
          trx,
          { id: batchId, unitId, timeTypeId: type.id, pattern, staffId: actor.staffId },
          now,
        );
        const common = {
          unitId,
          timeTypeId: type.id,
          batchId,
          visibleFrom: input.visibleFrom ? new Date(input.visibleFrom) : now,
        };
        const created = await slots.insertSlots(trx, common, [{ start, end, capacity }], now);
        if (created === 0) throw conflict('slot_exists', 'The unit already has this time for this time type.');
        const [slot] = await slots.listUnitSlots(trx, unitId, start, new Date(start.getTime() + 1), type.id);
        if (!slot) throw new Error('published slot not found');
        return slot;
      });
    },

    /**
     * Withdraws times. Unbooked ones just go. Booked ones: 409 `slot_has_bookings`
     * (listing them) unless `cancelBooked` with a reason — then their bookings are
     * cancelled, audited, and each patient with a verified e-mail gets a notice
     * inviting them to rebook. Times with an arrival or a given dose cannot be withdrawn.
     */
    async withdraw(
      actor: StaffActor,
      unitId: string,
      input: { slotIds: string[]; cancelBooked: boolean; reason?: string },
    ) {
      requirePublisher(actor, unitId);
      if (input.cancelBooked && !input.reason) {
        throw badRequest('invalid_input', 'Give a reason; it is told to the patients.', {
          'body.reason': 'required when cancelBooked is true',
        });
      }
      const now = clock.now();
      const ids = [...new Set(input.slotIds)].sort();
      return db.transaction().execute(async (trx) => {
        const found = await slots.lockUnitSlots(trx, unitId, ids);
        if (found.length !== ids.length) throw notFound('slot');
        const pending = found.filter((s) => s.withdrawn_at === null).map((s) => s.id);
        const bookings = await bookingsOfSlots(trx, pending);
        const visited = bookings.filter((b) => b.status !== 'booked');
        if (visited.length > 0) {
          throw conflict('slot_has_visits', 'Times with arrived, given or no-show visits cannot be withdrawn.');
        }
        if (bookings.length > 0 && !input.cancelBooked) {
          const booked = [...new Set(bookings.map((b) => b.slot_id))];
          throw new AppError(
            409,
            'slot_has_bookings',
            `${booked.length} of the times are booked: ${booked.join(', ')}`,
            {
              'body.slotIds': booked.join(','),
            },
          );
        }
        const notified = await cancelForWithdrawal(trx, actor, unitId, bookings, input.reason ?? '', now);
        await slots.withdrawSlots(trx, pending, now);
        if (pending.length > 0) {
          await recordTimebookChange(
            trx,
            {
              actorStaffId: actor.staffId,
              entityType: 'slot_batch',
              entityId: pending[0] as string,
              unitId,
              action: 'slots.withdrawn',
              changes: { slotIds: { from: null, to: pending }, cancelledBookings: { from: null, to: bookings.length } },
            },
            now,
          );
        }
        return { withdrawn: pending.length, cancelledBookings: bookings.length, notified };
      });
    },
  };

  /** Cancels the bookings of withdrawn times: audit rows and notices in the same transaction. */
  async function cancelForWithdrawal(
    trx: Tx,
    actor: StaffActor,
    unitId: string,
    bookings: Awaited<ReturnType<typeof bookingsOfSlots>>,
    reason: string,
    now: Date,
  ): Promise<number> {
    if (bookings.length === 0) return 0;
    await cancelBookings(
      trx,
      bookings.map((b) => b.id),
      reason,
      now,
    );
    await recordAuditMany(
      trx,
      bookings.map((b) => ({
        actor,
        subjectPersonId: b.person_id,
        action: 'cancel',
        recordType: 'booking',
        recordId: b.id,
        purpose: 'slot_withdrawn',
        unitId,
        at: now,
      })),
    );
    let notified = 0;
    for (const b of bookings) {
      // Only to the person's own verified address; staff never see it.
      if (!b.email || !b.email_verified_at || !b.notify_email) continue;
      await mail.queue(trx, cancellationMail(b.email, { ...b, reason, locale: b.locale }));
      notified += 1;
    }
    // By SMS to whoever chose it: the time only, never the unit or the reason (booking/sms-text.ts).
    for (const b of bookings) {
      const mobile = b.notify_sms ? toE164(b.phone) : null;
      if (!mobile) continue;
      await sms.queueOnce(trx, bookingSmsKey('cancelled', b.id, b.person_id), {
        to: mobile,
        text: bookingSmsText('cancelled', b.starts_at, b.locale, true),
      });
    }
    return notified;
  }
}
