/**
 * Booking and rebooking for oneself or someone one acts for (book-store.ts).
 * For oneself with a new key: one read of the facts, then the whole booking
 * (key + answer, audit, guarded update, booking, mail jobs) as ONE
 * statement without a surrounding transaction; with the group commit on, a
 * batch of them as one read and ONE set statement (`bookBatch`). On someone's behalf, through an
 * invitation/offer, or repeating a key: ONE transaction of few statements —
 * acting-for gate, idempotency key, facts and eligibility, audit + guarded
 * update + booking + stored answer as one statement, mail. The reminder is derived
 * from the booking row by the reminder sweep, a schedule (reminders.ts).
 * Racers for one time queue on its row, the CHECK backs the guard,
 * bookings_one_active makes a second booking 409 already_booked.
 */
import type { BookingResponse, CreateBookingRequest, CreateBookingResponse, RebookRequest } from '@ingang/contracts';
import {
  canCancel,
  checkEligibility,
  type FormDefinition,
  isVisitDay,
  parsePersonnummer,
  validateAnswers,
  visitDayQuestions,
  withoutVisitDayAnswers,
} from '@ingang/domain';
import { Histogram } from 'prom-client';
import { type ActingFor, createActingFor, type Subject } from '../../platform/acting-for.js';
import { type AuditEntry, recordAudit } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { isUniqueViolation, uuid } from '../../platform/db/helpers.js';
import type { Queryable, Tx } from '../../platform/db/index.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import {
  type IdempotentAnswer,
  type IdempotentRequest,
  idempotent,
  requestHash,
  storedAnswer,
} from '../../platform/idempotency.js';
import { withBookingSubject } from './access.js';
import * as bookStore from './book-store.js';
import { BatchFailed, createGroupCommit, type Outcome } from './group-commit.js';
import type { BookingNotifier } from './notify.js';
import { sameDayFreeSlots } from './slot-store.js';
import * as store from './store.js';
import { newBookingView } from './view.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'config' | 'metrics'>;

/** A booking for oneself as the group commit carries it. */
interface SelfBooking {
  actor: CitizenActor;
  input: CreateBookingRequest;
  request: IdempotentRequest;
  now: Date;
  /** The time to book when it is not `input.slotId`: a substitute for it (`ifTaken`). */
  slotId?: string;
}

/** The time a booking books: the picked one, or the substitute being tried. */
const slotOf = (b: SelfBooking) => b.slotId ?? b.input.slotId;

/** An eligibility refusal: 403 with the reason code, and `opensAt` / `earliestDate` when known. */
export class BookingRefused extends AppError {
  constructor(code: string, message: string, details: { opensAt?: string; earliestDate?: string }) {
    super(403, code, message, undefined, details);
  }
}

const slotFull = () => conflict('slot_full', 'Tiden hann bli fullbokad. Välj en annan tid.');
const slotUnavailable = () => conflict('slot_unavailable', 'Tiden går inte att boka längre. Välj en annan tid.');
const noneThatDay = () =>
  conflict(
    'slot_full',
    'Tiden hann bli fullbokad, och det finns ingen annan ledig tid samma dag på mottagningen. Välj en annan tid.',
  );
/** Refusals that mean a time was taken (or withdrawn) before the booking landed: try the next substitute. */
const takenMeanwhile = (error: unknown) =>
  error instanceof AppError && (error.code === 'slot_full' || error.code === 'slot_unavailable');
/** A copy of `items` in random order (Fisher–Yates). */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
/** Substitutes tried per round, and rounds (a fresh read each) before giving up while times still show free. */
const SUBSTITUTES_PER_ROUND = 16;
const SUBSTITUTE_ROUNDS = 4;
const alreadyBooked = () =>
  conflict('already_booked', 'Det finns redan en bokad tid för detta. Avboka eller boka om den först.');

/**
 * Booking through an invitation or an offer (modules/invitations, modules/offers):
 * the one way to book a reserved time. `reservation` is the id the slot must be
 * reserved for (null: only open times); eligibility then bypasses selfBookable and
 * release rules (`via: 'invitation'`). `gate` runs first inside the booking's
 * transaction (lock and check the invitation/offer) and returns what to run after
 * the booking row is in (mark it booked); either throwing rolls everything back.
 */
export interface BookVia {
  reservation: string | null;
  /** The path the idempotency key is recorded under. */
  path: string;
  gate: (trx: Tx, subject: Subject, now: Date) => Promise<(bookingId: string, slot: store.SlotFacts) => Promise<void>>;
}

/** Booking and rebooking. */
export function createBookingService(deps: Deps, notifier: BookingNotifier) {
  const { db, clock } = deps;
  const actingFor: ActingFor = createActingFor(deps);

  /** Refuses a slot that cannot be booked at `now` (full is decided by the guarded update): 404/409. */
  function assertBookable(
    slot: store.SlotFacts | undefined,
    now: Date,
    reservation: string | null = null,
  ): asserts slot is store.SlotFacts {
    // A time that is not published yet does not exist for citizens.
    if (!slot || slot.visibleFrom.getTime() > now.getTime()) throw notFound('time');
    // A reserved time is bookable only through its invitation or offer (`reservation`).
    const otherReservation = (slot.reservedFor ?? null) !== reservation;
    if (otherReservation || slot.withdrawnAt || slot.typeRetiredAt || slot.startsAt.getTime() <= now.getTime()) {
      throw slotUnavailable();
    }
    // Cheap early answer for the many who arrive after the last place went.
    if (slot.booked >= slot.capacity) throw slotFull();
  }

  /** Slot + patient facts in one read, checked (`replacing`: the booking a rebook replaces). */
  async function eligibleFacts(
    trx: Tx,
    slotId: string,
    patientId: string,
    replacing: { id: string; timeTypeId: string } | null,
    now: Date,
    via?: BookVia,
  ) {
    return checkFacts(await bookStore.bookingFacts(trx, slotId, patientId, replacing?.id ?? null), replacing, now, via);
  }

  /** The checks of `eligibleFacts` on facts already read. */
  function checkFacts(
    facts: bookStore.BookingFacts | null,
    replacing: { id: string; timeTypeId: string } | null,
    now: Date,
    via?: BookVia,
  ) {
    assertBookable(facts?.slot, now, via?.reservation ?? null);
    const { slot, patient } = facts as bookStore.BookingFacts;
    if (replacing && slot.timeTypeId !== replacing.timeTypeId) {
      throw badRequest('wrong_time_type', 'Den nya tiden gäller en annan sorts besök.', {
        slotId: 'must be a time of the same time type as the booking',
      });
    }
    const parsed = patient ? parsePersonnummer(patient.personal_number, now) : null;
    if (!patient || !parsed?.ok) throw notFound('person');
    const decision = checkEligibility({
      birthDate: parsed.value.birthDate,
      timeType: slot,
      timeTypeName: slot.typeName,
      releaseRules: facts?.releaseRules ?? [],
      activeBookingsOfType: facts?.activeBookingsOfType ?? 0,
      lastDoseAt: facts?.lastDoseAt ?? null,
      at: now,
      slotStart: slot.startsAt,
      via: via ? 'invitation' : 'self',
    });
    if (!decision.ok) {
      if (decision.code === 'already_booked') throw conflict('already_booked', decision.message);
      throw new BookingRefused(decision.code, decision.message, {
        ...(decision.opensAt ? { opensAt: decision.opensAt.toISOString() } : {}),
        ...(decision.earliestDate ? { earliestDate: decision.earliestDate } : {}),
      });
    }
    return { slot, patient, formVersion: (facts as bookStore.BookingFacts).formVersion };
  }

  /**
   * The checked health declaration of a type that needs one (400 naming the questions), else
   * nulls. Questions about the visit's own day ("Har du feber i dag?") are asked only when the
   * booking is made on that day (Stockholm); days ahead they are not asked and not stored.
   */
  function declaration(
    slot: store.SlotFacts,
    version: bookStore.BookingFacts['formVersion'],
    answers: unknown,
    now: Date,
  ) {
    if (!slot.formId) return { formVersionId: null, answers: null };
    if (!version) throw slotUnavailable();
    const context = { onVisitDay: isVisitDay(now, slot.startsAt) };
    const checked = validateAnswers(version.definition as FormDefinition, answers ?? {}, context);
    if (!checked.ok) {
      const fields = Object.fromEntries(Object.entries(checked.fields).map(([k, v]) => [`formAnswers.${k}`, v]));
      throw badRequest('invalid_form_answers', 'Hälsodeklarationen är inte rätt ifylld.', fields);
    }
    return { formVersionId: version.id, answers: checked.answers };
  }

  /**
   * The declaration a rebooking carries: the old answers, except those about the old visit's
   * own day. When the new time is today and the form asks about the day of the visit, those
   * questions are asked again (`formAnswers`, checked with the kept answers against the
   * type's current form; 400 naming them when missing).
   */
  function rebookDeclaration(
    old: { form_version_id: string | null; form_answers: unknown },
    slot: store.SlotFacts,
    version: bookStore.BookingFacts['formVersion'],
    answers: unknown,
    now: Date,
  ) {
    const oldAnswers = (old.form_answers ?? null) as Record<string, string | boolean> | null;
    if (!old.form_version_id || !version) return { formVersionId: old.form_version_id, answers: oldAnswers };
    const def = version.definition as FormDefinition;
    const kept = withoutVisitDayAnswers(def, oldAnswers);
    if (visitDayQuestions(def).length === 0 || !isVisitDay(now, slot.startsAt)) {
      return { formVersionId: old.form_version_id, answers: kept };
    }
    const today = (answers ?? {}) as Record<string, unknown>;
    const dayOnly = new Set(visitDayQuestions(def).map((q) => q.id));
    const fresh = Object.fromEntries(Object.entries(today).filter(([id]) => dayOnly.has(id)));
    return declaration(slot, version, { ...kept, ...fresh }, now);
  }

  /** Takes a place on the slot, or 409 (full, or withdrawn since it was read). */
  async function takePlace(trx: Tx, slot: store.SlotFacts, now: Date) {
    if (await store.takePlace(trx, slot.id, now)) return;
    throw await noPlace(trx, slot.id);
  }

  /** Why the guarded update took no place: full, or withdrawn/closed since it was read. */
  async function noPlace(trx: Queryable, slotId: string) {
    const fresh = await store.findSlotFacts(trx, slotId);
    return fresh && fresh.booked >= fresh.capacity && !fresh.withdrawnAt ? slotFull() : slotUnavailable();
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

  /** `bookStore.takePlaceAndInsert`, with a unique violation answered 409 already_booked. */
  async function insertTaking(
    trx: Tx,
    b: store.NewBooking,
    audit: AuditEntry,
    answer: bookStore.StoredAnswer,
    reservation: string | null,
  ): Promise<boolean> {
    try {
      return await bookStore.takePlaceAndInsert(trx, b, audit, answer, reservation);
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyBooked();
      throw error;
    }
  }

  const mailFacts = (
    id: string,
    patientId: string,
    actor: Pick<CitizenActor, 'personId'>,
    slot: store.SlotFacts,
    patient: bookStore.PatientFacts,
  ) => ({
    bookingId: id,
    patient,
    patientId,
    bookerId: actor.personId,
    start: slot.startsAt,
    end: slot.endsAt,
    timeTypeName: slot.typeName,
    unitName: slot.unitName,
    unitAddress: slot.unitAddress,
  });

  const actorKey = (actor: CitizenActor) => `person:${actor.personId}`;

  /** The booking row of `slot` for the patient. */
  const newBooking = (
    slot: store.SlotFacts,
    patientId: string,
    actor: Pick<CitizenActor, 'personId'>,
    subject: Pick<Subject, 'onBehalf'>,
    form: { formVersionId: string | null; answers: unknown },
    now: Date,
    /** The booking a rebook replaces. */
    rebookedFromId: string | null = null,
  ): store.NewBooking => ({
    id: uuid(),
    slotId: slot.id,
    personId: patientId,
    timeTypeId: slot.timeTypeId,
    unitId: slot.unitId,
    activeKey: slot.oneActiveBooking ? slot.timeTypeId : null,
    bookedByPersonId: actor.personId,
    onBehalfRelation: subject.onBehalf?.relation ?? null,
    formVersionId: form.formVersionId,
    formAnswers: form.answers as store.NewBooking['formAnswers'],
    rebookedFromId,
    now,
  });

  /** The 201 answer and the audit entry of a new booking (with `ifTaken`: which time was picked). */
  const creation = (
    booking: store.NewBooking,
    slot: store.SlotFacts,
    patient: bookStore.PatientFacts,
    actor: CitizenActor,
    onBehalf: Subject['onBehalf'],
    now: Date,
    input: CreateBookingRequest,
  ) => ({
    answer: {
      status: 201,
      body: {
        data: newBookingView(booking, slot, patient, now),
        ...(input.ifTaken ? { requestedSlotId: input.slotId, substituted: slot.id !== input.slotId } : {}),
      } satisfies CreateBookingResponse,
    },
    audit: {
      actor,
      subjectPersonId: booking.personId,
      action: 'create',
      recordType: 'booking',
      recordId: booking.id,
      purpose: 'self_service',
      onBehalf,
      at: now,
    } satisfies AuditEntry,
  });

  /** A booking for oneself (request, facts, when): the answer and every row it writes, or a refusal thrown. */
  function prepareSelf(b: SelfBooking, facts: bookStore.BookingFacts | null) {
    const { actor, input, request, now } = b;
    const { slot, patient, formVersion } = checkFacts(facts, null, now);
    const patientId = actor.personId;
    const booking = newBooking(
      slot,
      patientId,
      actor,
      { onBehalf: null },
      declaration(slot, formVersion, input.formAnswers, now),
      now,
    );
    const { answer, audit } = creation(booking, slot, patient, actor, null, now, input);
    const key = {
      actorKey: request.actorKey,
      key: request.key,
      requestHash: requestHash(request.method, request.path, request.body),
      now,
      ...answer,
    };
    return { slot, booking, answer, audit, key, mail: mailFacts(booking.id, patientId, actor, slot, patient) };
  }

  /**
   * Booking for oneself with an unused key (the release-rush path): eligibility on the
   * facts just read, then `bookStore.bookAtOnce` — one statement, no transaction
   * around it. No acting-for gate is needed for oneself. A unique violation is a
   * repeat of the key (its stored answer, 422 for another request) or a second
   * active booking (409 already_booked).
   */
  async function bookForSelfAtOnce(
    b: SelfBooking,
    facts: bookStore.BookingFacts,
  ): Promise<IdempotentAnswer<CreateBookingResponse>> {
    const { slot, booking, answer, audit, key, mail } = prepareSelf(b, facts);
    const jobs = await notifier.confirmationJobs(db, mail);
    try {
      if (await bookStore.bookAtOnce(db, booking, audit, key, jobs)) return { ...answer, replayed: false };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const replay = await storedAnswer<BookingResponse>(db, b.request, key.requestHash);
      if (replay) return replay;
      throw alreadyBooked();
    }
    throw await noPlace(db, slot.id);
  }

  /**
   * Moves a booking to `slotId` atomically: the new place is taken first and
   * only then the old one released, in one transaction — if the new time is
   * full the old booking is untouched. Eligibility ignores the booking being
   * replaced; the health declaration travels with it. The caller audits.
   */
  async function move(
    trx: Tx,
    m: {
      patientId: string;
      bookingId: string;
      slotId: string;
      actor: Pick<CitizenActor, 'personId'>;
      subject: Pick<Subject, 'onBehalf'>;
      /** Support staff who moved it on the patient's behalf. */
      staffId?: string;
      /** Answers to the questions about the new visit's own day, when it is today. */
      formAnswers?: unknown;
      now: Date;
    },
  ): Promise<BookingResponse> {
    const { patientId, actor, now } = m;
    const old = await store.lockBooking(trx, m.bookingId, patientId);
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
    if (m.slotId === old.slot_id) throw conflict('same_slot', 'Du har redan den här tiden.');
    const replacing = { id: old.id, timeTypeId: old.time_type_id };
    const { slot, patient, formVersion } = await eligibleFacts(trx, m.slotId, patientId, replacing, now);
    // Both slot rows in id order first: two opposite rebooks cannot deadlock.
    await store.lockSlots(trx, [old.slot_id, slot.id]);
    await takePlace(trx, slot, now);
    await store.releasePlace(trx, old.slot_id);
    await store.markCancelled(trx, old.id, 'rebooked', now);
    const form = rebookDeclaration(old, slot, formVersion, m.formAnswers, now);
    const booking = { ...newBooking(slot, patientId, actor, m.subject, form, now, old.id), bookedByStaffId: m.staffId };
    await insert(trx, booking);
    await notifier.queue(trx, 'rebooked', {
      ...mailFacts(booking.id, patientId, actor, slot, patient),
      replaced: { bookingId: old.id, start: oldSlot.startsAt, end: oldSlot.endsAt },
    });
    // Its reminder is derived from the new booking row (reminders.ts).
    return { data: newBookingView(booking, slot, patient, now) };
  }

  /**
   * A batch of bookings for oneself, set-based (group-commit.ts, docs/architecture.md): ONE
   * read of everyone's facts, eligibility decided here in order, then ONE statement
   * (`bookStore.bookMany`) that takes the places of all who may book — first come first
   * served per time, by arrival order — and writes, for the winners only, their keys,
   * audit entries, bookings and jobs. Two statements per batch whatever its size, no
   * BEGIN/COMMIT: the write is one statement and so its own transaction (one commit, one
   * WAL flush). A refusal (eligibility, full, unavailable) is that item's answer; a repeated
   * key or an unknown time goes the unbatched way. A unique violation or a deadlock fails the
   * whole statement — nothing is written — and the group commit runs the batch again on
   * fresh facts (then the cause shows as a used key or an active booking).
   */
  async function bookBatch(
    q: Queryable,
    items: SelfBooking[],
  ): Promise<Outcome<IdempotentAnswer<CreateBookingResponse>>[]> {
    const facts = await bookStore.bookingFactsMany(
      q,
      items.map((b) => ({
        slotId: slotOf(b),
        patientId: b.actor.personId,
        exceptBookingId: null,
        idempotency: b.request,
      })),
    );
    const outcomes: Outcome<IdempotentAnswer<CreateBookingResponse>>[] = items.map(() => ({ alone: true }));
    const answers = new Map<number, IdempotentAnswer<CreateBookingResponse>>();
    const set: bookStore.SetBooking[] = [];
    for (const [i, b] of items.entries()) {
      const f = facts[i] ?? null;
      // A used key (a repeat, or reused for another request) or no such time: the unbatched
      // path answers it — the stored answer, 422, or 404 — as it always did.
      if (!f || f.keyUsed) continue;
      let prepared: ReturnType<typeof prepareSelf>;
      try {
        prepared = prepareSelf(b, f);
      } catch (error) {
        outcomes[i] = substituting(b, error) ? { alone: true } : { error };
        continue;
      }
      // For oneself the jobs read nothing (the patient's notify facts came with the facts).
      const jobs = await notifier.confirmationJobs(q, prepared.mail);
      answers.set(i, { ...prepared.answer, replayed: false });
      set.push({ ord: i, booking: prepared.booking, audit: prepared.audit, key: prepared.key, jobs });
    }
    let decided: bookStore.SetOutcome[];
    try {
      decided = await bookStore.bookMany(q, set);
    } catch (error) {
      // Integrity (23…: a concurrent repeat of a key, an active booking made elsewhere) or a
      // transaction conflict (40…: deadlock with another instance): nothing was written.
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && (code.startsWith('23') || code.startsWith('40'))) throw new BatchFailed(error);
      throw error;
    }
    for (const d of decided) {
      const answer = answers.get(d.ord);
      if (d.booked && answer) {
        outcomes[d.ord] = { ok: answer };
        continue;
      }
      const error = d.full ? slotFull() : slotUnavailable();
      outcomes[d.ord] = substituting(items[d.ord] as SelfBooking, error) ? { alone: true } : { error };
    }
    return outcomes;
  }

  /** The unbatched booking: facts + "key used?" first for oneself, else the transactional path. */
  async function bookDirect(
    b: SelfBooking,
    self: boolean,
    via?: BookVia,
  ): Promise<IdempotentAnswer<CreateBookingResponse>> {
    const { actor, input, request, now } = b;
    // For oneself: facts + "key used?" in one read, no transaction; refusals (a release rush's
    // losers) cost that one round trip, a booking one statement more. Read committed without
    // locks, the read guarantees as much as inside a transaction; capacity and one-active are
    // the guarded statement's and the unique index's. Through an invitation or offer the gate
    // speaks first (inside the transaction), so no early read.
    const early = self ? await bookStore.bookingFacts(db, slotOf(b), actor.personId, null, request) : null;
    if (early && !early.keyUsed) return bookForSelfAtOnce(b, early);
    // A used key (a repeat: replayed inside), someone else's booking, or an invitation/offer.
    return actingFor.withSubject(actor, input.patientId, 'booking', async (trx, subject) => {
      return idempotent(trx, request, async () => {
        const patientId = subject.subjectPersonId;
        const after = via ? await via.gate(trx, subject, now) : null;
        const facts = await eligibleFacts(trx, slotOf(b), patientId, null, now, via);
        const { slot, patient } = facts;
        const form = declaration(slot, facts.formVersion, input.formAnswers, now);
        const booking = newBooking(slot, patientId, actor, subject, form, now);
        const { answer, audit } = creation(booking, slot, patient, actor, subject.onBehalf, now, input);
        // Audit entry, guarded update, booking row and stored answer: one statement.
        const stored = { actorKey: request.actorKey, key: request.key, ...answer };
        const taken = await insertTaking(trx, booking, audit, stored, via?.reservation ?? null);
        if (!taken) throw await noPlace(trx, slot.id);
        if (after) await after(booking.id, slot);
        await notifier.queue(trx, 'confirmed', mailFacts(booking.id, patientId, actor, slot, patient));
        return { ...answer, stored: true };
      });
    });
  }

  /**
   * Bookings whose picked time a batch found full and that asked for a substitute: their
   * `alone` run goes straight to the substitutes (no second read of the picked time).
   */
  const pickedFull = new WeakSet<SelfBooking>();
  /** Substitute tries under way on this instance, per time: places already handed out to a try. */
  const trying = new Map<string, number>();
  const handedOut = (slotId: string) => trying.get(slotId) ?? 0;
  /** Runs `attempt` with one place of `slotId` counted as handed out to it until it settles. */
  async function counted<R>(slotId: string, attempt: () => Promise<R>): Promise<R> {
    trying.set(slotId, handedOut(slotId) + 1);
    try {
      return await attempt();
    } finally {
      const left = handedOut(slotId) - 1;
      if (left > 0) trying.set(slotId, left);
      else trying.delete(slotId);
    }
  }

  /** Whether `error` (the picked time was taken) is to be answered with a substitute (`ifTaken`). */
  function substituting(b: SelfBooking, error: unknown): boolean {
    // Only a full picked time: a withdrawn or started one is not "taken by someone else".
    const full = error instanceof AppError && error.code === 'slot_full';
    const yes = b.input.ifTaken === 'next_free_same_day' && b.slotId === undefined && full;
    if (yes) pickedFull.add(b);
    return yes;
  }

  /**
   * `bookDirect`, and when the picked time was taken and the request says `ifTaken`,
   * one of the closest free times of the same unit, type and Stockholm day instead (`sameDayFreeSlots`),
   * booked through the same path — eligibility, the guarded update, audit, the key with the
   * answer (stored under the request as sent, so a repeat replays the substitute). A
   * substitute taken meanwhile passes to the next; each loss means someone else got a place,
   * so the loop ends. None left: 409 slot_full. Never through an invitation or offer.
   */
  async function bookOrSubstitute(
    b: SelfBooking,
    self: boolean,
    via?: BookVia,
  ): Promise<IdempotentAnswer<CreateBookingResponse>> {
    if (!pickedFull.has(b)) {
      try {
        return await bookDirect(b, self, via);
      } catch (error) {
        if (via || !substituting(b, error)) throw error;
      }
    }
    for (let round = 0; round < SUBSTITUTE_ROUNDS; round++) {
      const free = await sameDayFreeSlots(db, b.input.slotId, b.now, SUBSTITUTES_PER_ROUND);
      if (free.length === 0) break;
      // Everyone who lost the same time reads the same list. Taken in order, they would all queue
      // for its first places: the batches in flight then wait on the same rows' locks, one commit
      // after the other (a full-size release took 183–397 s instead of 120 s, the machine 80 % idle).
      // So each try takes one of the closest free times at random, among the places not yet handed
      // out to a try on this instance; the rest are tried after (another instance may take one).
      const open = shuffled(free.filter((f) => f.free > handedOut(f.id)));
      const rest = free.filter((f) => f.free <= handedOut(f.id));
      for (const { id: slotId } of [...open, ...rest]) {
        // For oneself a substitute goes back into the group commit: in a release most picks are
        // stale, and one commit per substitute would undo the batching where it matters most.
        const item = { ...b, slotId };
        try {
          return await counted(slotId, () => (self && batcher ? batcher.submit(item) : bookDirect(item, self)));
        } catch (error) {
          if (!takenMeanwhile(error)) throw error;
        }
      }
    }
    throw noneThatDay();
  }

  const batching = deps.config.bookingBatch;
  const batchSizes = new Histogram({
    name: 'ingang_booking_batch_size',
    help: 'Bookings per group commit (one transaction, one commit) on this instance',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [deps.metrics.registry],
  });
  const batcher =
    batching.enabled && batching.maxSize > 1
      ? createGroupCommit<SelfBooking, IdempotentAnswer<CreateBookingResponse>>({
          windowMs: batching.windowMs,
          maxSize: batching.maxSize,
          maxInFlight: batching.maxInFlight,
          // One booking per person per batch: the one-active rule and a repeated key then never meet
          // inside a batch (the second waits for the next batch and sees the first).
          keyOf: (b) => b.actor.personId,
          // No transaction around a batch: its one write (`bookMany`) is one statement, its own transaction.
          transaction: (work) => work(db),
          run: (q, items) => bookBatch(q as Queryable, items),
          alone: (b) => bookOrSubstitute(b, true),
          onBatch: (size) => batchSizes.observe(size),
        })
      : null;

  return {
    actingFor,

    /** Books `slotId` for the patient (oneself by default); idempotent per key. `via`: an invitation or offer. */
    async book(
      actor: CitizenActor,
      input: CreateBookingRequest,
      key: string,
      via?: BookVia,
    ): Promise<IdempotentAnswer<CreateBookingResponse>> {
      const now = clock.now();
      const path = via?.path ?? '/api/bookings';
      const request = { actorKey: actorKey(actor), key, method: 'POST', path, body: input, now };
      const self = !via && (input.patientId === undefined || input.patientId === actor.personId);
      const b = { actor, input, request, now };
      // For oneself the rush path: into the next group commit (one transaction with its neighbours).
      if (self && batcher) return batcher.submit(b);
      return bookOrSubstitute(b, self, via);
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
    ): Promise<IdempotentAnswer<CreateBookingResponse>> {
      return withBookingSubject({ db, actingFor }, actor, bookingId, async (trx, subject) => {
        const now = clock.now();
        const path = `/api/bookings/${bookingId}/rebook`;
        const request = { actorKey: actorKey(actor), key, method: 'POST', path, body: input, now };
        return idempotent(trx, request, async () => {
          const patientId = subject.subjectPersonId;
          const moved = await move(trx, {
            patientId,
            bookingId,
            slotId: input.slotId,
            formAnswers: input.formAnswers,
            actor,
            subject,
            now,
          });
          const audit = { actor, subjectPersonId: patientId, recordType: 'booking', purpose: 'self_service' };
          const { onBehalf } = subject;
          await recordAudit(trx, { ...audit, action: 'cancel', recordId: bookingId, onBehalf, at: now });
          await recordAudit(trx, { ...audit, action: 'create', recordId: moved.data.id, onBehalf, at: now });
          return { status: 201, body: moved };
        });
      });
    },

    /**
     * Citizen support moves a citizen's booking on their behalf (issue 16), in the caller's
     * transaction, under the same rules as `rebook`; the caller checks its right and audits.
     */
    rebookForSupport: (
      trx: Tx,
      m: { patientId: string; bookingId: string; slotId: string; staffId: string; now: Date },
    ) => move(trx, { ...m, actor: { personId: m.patientId }, subject: { onBehalf: null } }),
  };
}

export type BookingService = ReturnType<typeof createBookingService>;
