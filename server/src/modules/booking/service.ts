/**
 * Booking and rebooking for oneself or someone one acts for. Each request is
 * ONE transaction: the acting-for gate (scope 'booking'), the idempotency key,
 * eligibility from the domain rules, the guarded place-taking update, the
 * booking row, the audit entry, the confirmation mail and the reminder job.
 * Nothing is locked globally: racers for one time queue on that slot's row,
 * the CHECK (booked <= capacity) backs the guard, and the unique index
 * bookings_one_active turns a person's concurrent second booking into a
 * constraint violation, answered as 409 already_booked.
 */
import type { BookingResponse, CreateBookingRequest, RebookRequest } from '@ingang/contracts';
import { canCancel, checkEligibility, type FormDefinition, parsePersonnummer, validateAnswers } from '@ingang/domain';
import { type ActingFor, createActingFor, type Subject } from '../../platform/acting-for.js';
import { recordAudit } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/index.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { type IdempotentAnswer, idempotent } from '../../platform/idempotency.js';
import { uuid } from '../../platform/sessions.js';
import { withBookingSubject } from './access.js';
import type { BookingNotifier } from './notify.js';
import * as reads from './read-store.js';
import * as store from './store.js';
import { bookingView } from './view.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'config'>;

/** A refusal whose error body carries when the person may book (opensAt, earliestDate). */
/** An eligibility refusal: 403 with the reason code, and `opensAt` / `earliestDate` when known. */
export class BookingRefused extends AppError {
  constructor(code: string, message: string, details: { opensAt?: string; earliestDate?: string }) {
    super(403, code, message, undefined, details);
  }
}

const slotFull = () => conflict('slot_full', 'Tiden hann bli fullbokad. Välj en annan tid.');
const slotUnavailable = () => conflict('slot_unavailable', 'Tiden går inte att boka längre. Välj en annan tid.');
const alreadyBooked = () =>
  conflict('already_booked', 'Det finns redan en bokad tid för detta. Avboka eller boka om den först.');

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

/** Booking and rebooking. */
export function createBookingService(deps: Deps, notifier: BookingNotifier) {
  const { db, clock } = deps;
  const actingFor: ActingFor = createActingFor(deps);

  /** A slot that can be booked at `now` (full is decided by the guarded update), or 404/409. */
  async function bookableSlot(trx: Tx, slotId: string, now: Date) {
    const slot = await store.findSlotFacts(trx, slotId);
    // A time that is not published yet does not exist for citizens.
    if (!slot || slot.visibleFrom.getTime() > now.getTime()) throw notFound('time');
    if (slot.withdrawnAt || slot.reservedFor || slot.typeRetiredAt || slot.startsAt.getTime() <= now.getTime()) {
      throw slotUnavailable();
    }
    // Cheap early answer for the many who arrive after the last place went.
    if (slot.booked >= slot.capacity) throw slotFull();
    return slot;
  }

  /** Domain eligibility for the patient and slot; `replacing` is the booking a rebook replaces. */
  async function assertEligible(
    trx: Tx,
    slot: store.SlotFacts,
    patientId: string,
    replacing: string | null,
    now: Date,
  ) {
    const patient = await reads.notifyFacts(trx, patientId);
    const parsed = patient ? parsePersonnummer(patient.personal_number, now) : null;
    if (!parsed?.ok) throw notFound('person');
    const [releaseRules, lastDoseAt, activeBookingsOfType] = [
      await store.releaseRules(trx, slot.timeTypeId),
      slot.doseGroup ? await store.lastDoseAt(trx, patientId, slot.doseGroup) : null,
      await store.countActiveBookings(trx, patientId, slot.timeTypeId, replacing),
    ];
    const decision = checkEligibility({
      birthDate: parsed.value.birthDate,
      timeType: slot,
      timeTypeName: slot.typeName,
      releaseRules,
      activeBookingsOfType,
      lastDoseAt,
      at: now,
      slotStart: slot.startsAt,
    });
    if (decision.ok) return;
    if (decision.code === 'already_booked') throw conflict('already_booked', decision.message);
    throw new BookingRefused(decision.code, decision.message, {
      ...(decision.opensAt ? { opensAt: decision.opensAt.toISOString() } : {}),
      ...(decision.earliestDate ? { earliestDate: decision.earliestDate } : {}),
    });
  }

  /** The checked health declaration of a type that needs one (400 naming the questions), else nulls. */
  async function declaration(trx: Tx, slot: store.SlotFacts, answers: unknown) {
    if (!slot.formId) return { formVersionId: null, answers: null };
    const version = await store.latestFormVersion(trx, slot.formId);
    if (!version) throw slotUnavailable();
    const checked = validateAnswers(version.definition as FormDefinition, answers ?? {});
    if (!checked.ok) {
      const fields = Object.fromEntries(Object.entries(checked.fields).map(([k, v]) => [`formAnswers.${k}`, v]));
      throw badRequest('invalid_form_answers', 'Hälsodeklarationen är inte rätt ifylld.', fields);
    }
    return { formVersionId: version.id, answers: checked.answers };
  }

  /** Takes a place on the slot, or 409 (full, or withdrawn since it was read). */
  async function takePlace(trx: Tx, slot: store.SlotFacts, now: Date) {
    if (await store.takePlace(trx, slot.id, now)) return;
    const fresh = await store.findSlotFacts(trx, slot.id);
    throw fresh && fresh.booked >= fresh.capacity && !fresh.withdrawnAt ? slotFull() : slotUnavailable();
  }

  /** Inserts the booking; a unique-index violation (second active booking, same time twice) is 409. */
  async function insert(trx: Tx, b: store.NewBooking) {
    try {
      await store.insertBooking(trx, b);
    } catch (error) {
      // The transaction is aborted by the violation; throwing rolls it back, place included.
      if (isUniqueViolation(error)) throw alreadyBooked();
      throw error;
    }
  }

  async function respond(trx: Tx, subject: Subject, bookingId: string, now: Date) {
    const [row] = await reads.listBookings(trx, { personIds: [subject.subjectPersonId], bookingId });
    if (!row) throw notFound('booking');
    return { status: 201, body: { data: bookingView(row, now) } };
  }

  const mailFacts = (id: string, subject: Subject, actor: CitizenActor, slot: store.SlotFacts) => ({
    bookingId: id,
    patientId: subject.subjectPersonId,
    bookerId: actor.personId,
    start: slot.startsAt,
    end: slot.endsAt,
    timeTypeName: slot.typeName,
    unitName: slot.unitName,
    unitAddress: slot.unitAddress,
  });

  const actorKey = (actor: CitizenActor) => `person:${actor.personId}`;

  return {
    actingFor,

    /** Books `slotId` for the patient (oneself by default); idempotent per key. */
    async book(
      actor: CitizenActor,
      input: CreateBookingRequest,
      key: string,
    ): Promise<IdempotentAnswer<BookingResponse>> {
      return actingFor.withSubject(actor, input.patientId, 'booking', async (trx, subject) => {
        const now = clock.now();
        const request = { actorKey: actorKey(actor), key, method: 'POST', path: '/api/bookings', body: input, now };
        return idempotent(trx, request, async () => {
          const patientId = subject.subjectPersonId;
          const slot = await bookableSlot(trx, input.slotId, now);
          await assertEligible(trx, slot, patientId, null, now);
          const form = await declaration(trx, slot, input.formAnswers);
          await takePlace(trx, slot, now);
          const id = uuid();
          await insert(trx, {
            id,
            slotId: slot.id,
            personId: patientId,
            timeTypeId: slot.timeTypeId,
            unitId: slot.unitId,
            activeKey: slot.oneActiveBooking ? slot.timeTypeId : null,
            bookedByPersonId: actor.personId,
            onBehalfRelation: subject.onBehalf?.relation ?? null,
            formVersionId: form.formVersionId,
            formAnswers: form.answers,
            rebookedFromId: null,
            now,
          });
          await notifier.queue(trx, 'confirmed', mailFacts(id, subject, actor, slot));
          await notifier.scheduleReminder(trx, id, slot.startsAt);
          const answer = await respond(trx, subject, id, now);
          await recordAudit(trx, {
            actor,
            subjectPersonId: patientId,
            action: 'create',
            recordType: 'booking',
            recordId: id,
            purpose: 'self_service',
            onBehalf: subject.onBehalf,
            at: now,
          });
          return answer;
        });
      });
    },

    /**
     * Moves a booking to `slotId` atomically: the new place is taken first and
     * only then the old one released, in one transaction — if the new time is
     * full the old booking is untouched. Eligibility ignores the booking being
     * replaced; the health declaration travels with it.
     */
    async rebook(
      actor: CitizenActor,
      bookingId: string,
      input: RebookRequest,
      key: string,
    ): Promise<IdempotentAnswer<BookingResponse>> {
      return withBookingSubject({ db, actingFor }, actor, bookingId, async (trx, subject) => {
        const now = clock.now();
        const path = `/api/bookings/${bookingId}/rebook`;
        const request = { actorKey: actorKey(actor), key, method: 'POST', path, body: input, now };
        return idempotent(trx, request, async () => {
          const patientId = subject.subjectPersonId;
          const old = await store.lockBooking(trx, bookingId, patientId);
          if (!old) throw notFound('booking');
          const oldSlot = await store.findSlotFacts(trx, old.slot_id);
          if (!oldSlot) throw notFound('booking');
          const may = canCancel({
            slotStart: oldSlot.startsAt,
            cutoffMinutes: oldSlot.cancelCutoffMinutes,
            at: now,
            status: old.status,
          });
          if (!may.ok) throw conflict(may.code, may.message);
          if (input.slotId === old.slot_id) throw conflict('same_slot', 'Du har redan den här tiden.');
          const slot = await bookableSlot(trx, input.slotId, now);
          if (slot.timeTypeId !== old.time_type_id) {
            throw badRequest('wrong_time_type', 'Den nya tiden gäller en annan sorts besök.', {
              slotId: 'must be a time of the same time type as the booking',
            });
          }
          await assertEligible(trx, slot, patientId, old.id, now);
          // Both slot rows in id order first: two opposite rebooks cannot deadlock.
          await store.lockSlots(trx, [old.slot_id, slot.id]);
          await takePlace(trx, slot, now);
          await store.releasePlace(trx, old.slot_id);
          await store.markCancelled(trx, old.id, 'rebooked', now);
          const id = uuid();
          await insert(trx, {
            id,
            slotId: slot.id,
            personId: patientId,
            timeTypeId: slot.timeTypeId,
            unitId: slot.unitId,
            activeKey: slot.oneActiveBooking ? slot.timeTypeId : null,
            bookedByPersonId: actor.personId,
            onBehalfRelation: subject.onBehalf?.relation ?? null,
            formVersionId: old.form_version_id,
            formAnswers: old.form_answers ?? null,
            rebookedFromId: old.id,
            now,
          });
          await notifier.queue(trx, 'rebooked', {
            ...mailFacts(id, subject, actor, slot),
            replaced: { bookingId: old.id, start: oldSlot.startsAt, end: oldSlot.endsAt },
          });
          await notifier.scheduleReminder(trx, id, slot.startsAt);
          const answer = await respond(trx, subject, id, now);
          const audit = { actor, subjectPersonId: patientId, recordType: 'booking', purpose: 'self_service' };
          await recordAudit(trx, { ...audit, action: 'cancel', recordId: old.id, onBehalf: subject.onBehalf, at: now });
          await recordAudit(trx, { ...audit, action: 'create', recordId: id, onBehalf: subject.onBehalf, at: now });
          return answer;
        });
      });
    },
  };
}

export type BookingService = ReturnType<typeof createBookingService>;
