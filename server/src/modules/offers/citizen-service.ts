/**
 * The targets' side of offers, for oneself or someone one acts for: list the
 * published offers one is targeted by, read one with its bookable times, and
 * book through the booking service. An offer with reserved times books only
 * among them (the offer id is the reservation); one without books the unit's
 * open times of the type. The target row is locked first in the booking's
 * transaction: one booking per target and offer, never for a non-target.
 */
import type { Booking, BookOfferRequest, CitizenOffer, CitizenOfferDetail } from '@ingang/contracts';
import { addDays, stockholmDate, stockholmMidnight } from '@ingang/domain';
import { type ActingFor, ActingForRefused, type Subject } from '../../platform/acting-for.js';
import { eligibleChildren, resolveActingFor } from '../../platform/acting-for-list.js';
import { recordAudit, recordAuditMany } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Tx } from '../../platform/db/index.js';
import { badRequest, conflict, notFound, unauthorized } from '../../platform/errors.js';
import type { IdempotentAnswer } from '../../platform/idempotency.js';
import { notifyFacts } from '../../platform/persons.js';
import type { BookingService } from '../booking/index.js';
import type { Reservations } from '../timebook/index.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'config'> & { reservations: Reservations };
const OPEN_SLOT_DAYS = 60;

function view(
  o: store.OfferRow,
  t: { person_id: string; given_name: string; family_name: string; booking_id: string | null },
): CitizenOffer {
  return {
    id: o.id,
    title: o.title,
    description: o.description,
    unit: { id: o.unit_id, name: o.unit_name, address: o.unit_address },
    timeType: { id: o.time_type_id, name: o.type_name_sv, nameEn: o.type_name_en, durationMinutes: o.duration_minutes },
    patient: { personId: t.person_id, name: `${t.given_name} ${t.family_name}` },
    validUntil: o.valid_until,
    bookingId: t.booking_id,
    requiresForm: o.type_form_id !== null,
    formVersionId: null,
    abilities: { canBook: t.booking_id === null },
  };
}

/** Offers for citizens. */
export function createOfferCitizenService(deps: Deps, actingFor: ActingFor, bookings: BookingService) {
  const { db, clock, reservations } = deps;

  /** Whether the offer is open for booking today. */
  const open = (o: store.OfferRow, now: Date) =>
    o.status === 'published' && (o.valid_until === null || o.valid_until >= stockholmDate(now));

  /** Runs `fn` for the subject (self or acted for); refusals look like an unknown offer. */
  async function asSubject<T>(
    actor: CitizenActor,
    patientId: string | undefined,
    fn: (trx: Tx, s: Subject) => Promise<T>,
  ) {
    try {
      return await actingFor.withSubject(actor, patientId, 'booking', fn);
    } catch (error) {
      if (error instanceof ActingForRefused) throw notFound('offer');
      throw error;
    }
  }

  /** The offer and the subject's target row, or 404 (not published/closed/not a target look the same). */
  async function targeted(trx: Tx, offerId: string, personId: string, now: Date) {
    const offer = await store.findOfferById(trx, offerId);
    if (!offer || !open(offer, now)) throw notFound('offer');
    const [target] = (await store.targetsOf(trx, [personId], stockholmDate(now))).filter((t) => t.offer_id === offerId);
    if (!target) throw notFound('offer');
    return { offer, target };
  }

  return {
    /** The open offers targeting me or those I act for; audited per patient shown. */
    async list(actor: CitizenActor): Promise<CitizenOffer[]> {
      const me = await notifyFacts(db, actor.personId);
      if (!me) throw unauthorized();
      const children = await eligibleChildren(deps, {
        personalNumber: me.personal_number,
        protectedIdentity: me.protected_identity,
      });
      return db.transaction().execute(async (trx) => {
        const now = clock.now();
        const others = (await resolveActingFor(trx, actor.personId, children, now)).filter((e) =>
          e.scopes.includes('booking'),
        );
        const relation = new Map(
          others.map((e) => [e.personId, e.relation === 'child' ? 'guardian' : 'ombud'] as const),
        );
        const targets = await store.targetsOf(trx, [actor.personId, ...relation.keys()], stockholmDate(now));
        const result: CitizenOffer[] = [];
        for (const t of targets) {
          const offer = await store.findOfferById(trx, t.offer_id);
          if (offer) result.push(view(offer, t));
        }
        await recordAuditMany(
          trx,
          [...new Set(targets.map((t) => t.person_id))].map((subjectPersonId) => {
            const rel = relation.get(subjectPersonId);
            return {
              actor,
              subjectPersonId,
              action: 'read',
              recordType: 'offer_list',
              purpose: 'self_service',
              ...(rel ? { onBehalf: { relation: rel } } : {}),
              at: now,
            };
          }),
        );
        return result;
      });
    },

    /** One offer for a patient (default oneself) with its bookable times and form. */
    async get(actor: CitizenActor, offerId: string, patientId?: string): Promise<CitizenOfferDetail> {
      return asSubject(actor, patientId, async (trx, subject) => {
        const now = clock.now();
        const { offer, target } = await targeted(trx, offerId, subject.subjectPersonId, now);
        const slots = offer.has_reserved
          ? await reservations.reserved(trx, offerId, now, true)
          : await reservations.freeForUnit(trx, {
              unitId: offer.unit_id,
              timeTypeId: offer.time_type_id,
              from: now,
              to: stockholmMidnight(addDays(stockholmDate(now), OPEN_SLOT_DAYS)),
              now,
            });
        let form: CitizenOfferDetail['form'] = null;
        if (offer.type_form_id) {
          const v = await reservations.latestFormVersion(trx, offer.type_form_id);
          if (v) form = { formVersionId: v.id, definition: v.definition as Record<string, unknown> };
        }
        await recordAudit(trx, {
          actor,
          subjectPersonId: subject.subjectPersonId,
          action: 'read',
          recordType: 'offer',
          recordId: offerId,
          purpose: 'self_service',
          onBehalf: subject.onBehalf,
          at: now,
        });
        const base = view(offer, target);
        return { ...base, formVersionId: form?.formVersionId ?? null, slots: slots.map(reservations.view), form };
      });
    },

    /** Books a time of the offer for a target (201 BookingResponse); 404 for non-targets. */
    async book(
      actor: CitizenActor,
      offerId: string,
      input: BookOfferRequest,
      key: string | undefined,
    ): Promise<IdempotentAnswer<{ data: Booking }>> {
      // Access and targeting first: a non-target gets 404 before any booking rule speaks.
      const offer = await asSubject(actor, input.patientId, async (trx, subject) => {
        return (await targeted(trx, offerId, subject.subjectPersonId, clock.now())).offer;
      });
      try {
        return await bookings.book(actor, input, key ?? uuid(), {
          reservation: offer.has_reserved ? offerId : null,
          path: `/api/offers/${offerId}/book`,
          gate: async (trx, subject, now) => {
            const target = await store.lockTarget(trx, offerId, subject.subjectPersonId);
            const fresh = await store.findOfferById(trx, offerId);
            if (!target || !fresh || !open(fresh, now)) throw notFound('offer');
            if (target.bookingActive) {
              throw conflict('already_booked', 'Det finns redan en bokad tid genom det här erbjudandet.');
            }
            return async (bookingId, slot) => {
              if (slot.unitId !== fresh.unit_id || slot.timeTypeId !== fresh.time_type_id) {
                throw badRequest('wrong_slot', 'Tiden hör inte till erbjudandet.', {
                  slotId: 'not a time of this offer',
                });
              }
              await store.setTargetBooking(trx, offerId, subject.subjectPersonId, bookingId);
            };
          },
        });
      } catch (error) {
        if (error instanceof ActingForRefused) throw notFound('offer');
        throw error;
      }
    },
  };
}

export type OfferCitizenService = ReturnType<typeof createOfferCitizenService>;
