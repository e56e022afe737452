/**
 * The unit's side of invitations: send (holding or reserving times), list with
 * filters and the follow-up list, read one, cancel (times released, a booking
 * made through it cancelled), propose a new time after "another time", and
 * the free times to pick from. Staff work in their active unit; sending makes
 * the invitation a care relationship (relationship.ts), every read and write
 * of the patient's invitation is audited in its transaction.
 */
import type { CreateInvitationRequest, StaffInvitation, StaffInvitationListQuery } from '@ingang/contracts';
import {
  addDays,
  compareIsoDates,
  invitationStatusesAllowing,
  parsePersonnummer,
  replyDeadline,
  stockholmDate,
  stockholmMidnight,
  transitionInvitation,
} from '@ingang/domain';
import { recordAudit, recordAuditMany } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Tx } from '../../platform/db/index.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import {
  patientAccessRefused,
  patientTransaction,
  recordRefusal,
  requireUnitCare,
} from '../../platform/patient-access.js';
import { findPersonByPersonalNumber, upsertPersonFromRegistry } from '../../platform/persons.js';
import type { CareModule } from '../care/index.js';
import type { Reservations } from '../timebook/index.js';
import type { InvitationNotifier } from './notify.js';
import * as store from './store.js';
import { staffView } from './view.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'access'> & {
  reservations: Reservations;
  recordOutreach: CareModule['recordOutreach'];
};
const SEND = { action: 'create', recordType: 'invitation', purpose: 'care' } as const;

/**
 * Audits staff work on the unit's own invitation. The invitation is the scope
 * (found by unit and id before this); it does not open the patient's record.
 */
function auditInvitation(
  trx: Tx,
  actor: StaffActor,
  unitId: string,
  personId: string,
  action: string,
  id: string,
  at: Date,
) {
  return recordAudit(trx, {
    actor,
    subjectPersonId: personId,
    action,
    recordType: 'invitation',
    recordId: id,
    purpose: 'care',
    unitId,
    at,
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_PERIOD_DAYS = 366;

/** The invitation service for staff. */
export function createInvitationStaffService(deps: Deps, notifier: InvitationNotifier) {
  const { db, clock, access, reservations: slots } = deps;

  /** The reply deadline: `withinMs` after now, but before the last time held for the invitation (domain rule). */
  async function deadlineFor(trx: Tx, invitationId: string, now: Date, withinMs: number): Promise<Date> {
    const held = await slots.reserved(trx, invitationId, now, false);
    const last = held.at(-1)?.starts_at ?? null;
    return replyDeadline(now, withinMs / DAY_MS, last);
  }

  /** The patient by personnummer (created from the registry when new to Ingång), or 400/404. */
  async function patientByNumber(input: string, now: Date) {
    const parsed = parsePersonnummer(input, now);
    if (!parsed.ok) throw badRequest('invalid_personal_number', parsed.message, { personalNumber: parsed.message });
    const pnr = parsed.value.normalized;
    const known = await findPersonByPersonalNumber(db, pnr);
    if (known) return known;
    const registered = await deps.registry.lookup(pnr);
    if (!registered || registered.deceased) throw notFound('patient');
    return upsertPersonFromRegistry(db, registered, now);
  }

  /** The full staff view of one invitation of the unit, audited as a read of the patient's data. */
  async function viewOne(trx: Tx, unitId: string, id: string, now: Date): Promise<StaffInvitation> {
    const row = await store.findForUnit(trx, unitId, id);
    if (!row) throw notFound('invitation');
    const reserved = row.kind === 'book_within_period' ? await slots.reserved(trx, id, now, false) : [];
    return staffView(row, reserved, now);
  }

  /** The guarded status change for a staff event, or 409 with the machine's message. */
  async function move(trx: Tx, id: string, unitId: string, event: 'cancel' | 'propose_time', _now: Date) {
    const current = await store.lockInvitation(trx, id);
    if (!current || current.unit_id !== unitId) throw notFound('invitation');
    const step = transitionInvitation(
      { kind: current.kind, status: current.status, participant: current.participant_status },
      event,
    );
    if (!step.ok) throw conflict(step.code, step.message);
    return { current, step, from: invitationStatusesAllowing(event, current.kind) };
  }

  return {
    /** Sends an invitation (201); the fixed time is held, the period's times reserved, the patient notified. */
    async create(actor: StaffActor, unitId: string, input: CreateInvitationRequest): Promise<StaffInvitation> {
      requireUnitCare(actor, unitId);
      const now = clock.now();
      const fields: Record<string, string> = {};
      if (input.kind === 'fixed_time' && !input.slotId) fields.slotId = 'required for a fixed-time invitation';
      if (input.kind === 'fixed_time' && (input.period || input.slotIds)) {
        fields.kind = 'a fixed-time invitation takes slotId, not period or slotIds';
      }
      if (input.kind === 'book_within_period') {
        if (!input.period) fields.period = 'required for an invitation to book within a period';
        if (!input.slotIds) fields.slotIds = 'choose the times to reserve for the invitation';
        if (input.slotId) fields.slotId = 'use slotIds for an invitation to book within a period';
        if (input.period) {
          const { from, to } = input.period;
          if (compareIsoDates(from, to) > 0) fields['period.to'] = 'must be on or after period.from';
          else if (compareIsoDates(to, stockholmDate(now)) < 0) fields['period.to'] = 'must not be in the past';
          else if (compareIsoDates(addDays(from, MAX_PERIOD_DAYS), to) < 0) fields['period.to'] = 'at most a year';
        }
      }
      if (Object.keys(fields).length) throw badRequest('invalid_invitation', 'Kallelsen är inte rätt ifylld.', fields);
      const patient = await patientByNumber(input.personalNumber, now);
      // Read outside the transaction: a refusal is recorded on its own (PGlite has one connection).
      const related = (await access.relationshipsWith(db, actor, patient.id, now)).length > 0;
      if (!related && !input.reason) {
        await recordRefusal(db, patientAccessRefused(actor, { personId: patient.id }, { ...SEND, at: now }));
        throw new AppError(
          403,
          'reason_required',
          'Enheten har ingen vårdrelation med patienten. Skriv varför kallelsen skickas; det följs upp som nödåtkomst.',
          { reason: 'required when the unit has no care relationship with the patient' },
        );
      }

      const id = await patientTransaction(db, async (trx) => {
        const type = await slots.unitTimeType(trx, unitId, input.timeTypeId);
        if (!type)
          throw badRequest('invalid_invitation', 'Enheten har inte den besökstypen.', {
            timeTypeId: 'not a time type of the unit',
          });
        let formVersionId: string | null = null;
        if (input.formId) {
          const version = await slots.latestFormVersion(trx, input.formId);
          if (!version) throw badRequest('invalid_invitation', 'Formuläret finns inte.', { formId: 'no such form' });
          formVersionId = version.id;
        }
        const invitationId = uuid();
        // Provisional until the times are reserved (deadlineFor, below).
        const provisional = new Date(now.getTime() + input.respondWithinDays * DAY_MS);
        await store.insertInvitation(trx, {
          id: invitationId,
          unitId,
          personId: patient.id,
          kind: input.kind,
          timeTypeId: input.timeTypeId,
          slotId: input.kind === 'fixed_time' ? (input.slotId ?? null) : null,
          periodFrom: input.period?.from ?? null,
          periodTo: input.period?.to ?? null,
          instructions: input.instructions,
          formVersionId,
          respondBy: provisional,
          staffId: actor.staffId,
          now,
        });
        const wanted = input.kind === 'fixed_time' ? [input.slotId as string] : [...new Set(input.slotIds ?? [])];
        const reserved = new Set(
          await slots.reserve(trx, wanted, {
            unitId,
            timeTypeId: input.timeTypeId,
            holder: invitationId,
            now,
            ...(input.period
              ? { from: stockholmMidnight(input.period.from), to: stockholmMidnight(addDays(input.period.to, 1)) }
              : {}),
          }),
        );
        if (reserved.size !== wanted.length) {
          // Throwing rolls the invitation and every reservation back: nothing half-written.
          const bad =
            input.kind === 'fixed_time'
              ? { slotId: 'not a free time of this type at the unit' }
              : Object.fromEntries(
                  (input.slotIds ?? [])
                    .map((s, i) => [`slotIds.${i}`, s] as const)
                    .filter(([, s]) => !reserved.has(s))
                    .map(([k]) => [k, 'not a free time of this type at the unit, in the period']),
                );
          throw badRequest('slot_not_free', 'En eller flera tider går inte att hålla för kallelsen.', bad);
        }
        // The answer is due before the visit (the last time offered), not only "within N days".
        const respondBy = await deadlineFor(trx, invitationId, now, input.respondWithinDays * DAY_MS);
        await store.setRespondBy(trx, invitationId, respondBy);
        const outreach = related ? null : `Kallelse utan vårdrelation: ${input.reason}`;
        // Without a relationship it goes on the unit's emergency follow-up list; it opens nothing.
        if (outreach)
          await deps.recordOutreach(trx, {
            unitId,
            staffId: actor.staffId,
            personId: patient.id,
            reason: outreach,
            now,
          });
        await recordAudit(trx, {
          actor,
          subjectPersonId: patient.id,
          ...SEND,
          recordId: invitationId,
          unitId,
          at: now,
          ...(outreach ? { flagged: true, reason: outreach } : {}),
        });
        await notifier.queue(trx, invitationId, 'sent');
        await notifier.scheduleReminder(trx, invitationId, respondBy);
        return invitationId;
      });
      return db.transaction().execute((trx) => viewOne(trx, unitId, id, now));
    },

    /** The unit's invitations (filters; `followUp`: unanswered past respondBy); one audit row per patient shown. */
    async list(actor: StaffActor, unitId: string, query: StaffInvitationListQuery): Promise<StaffInvitation[]> {
      requireUnitCare(actor, unitId);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const rows = await store.listForUnit(trx, unitId, query, now);
        const personIds = [...new Set(rows.map((r) => r.person_id))];
        await recordAuditMany(
          trx,
          personIds.map((subjectPersonId) => ({
            actor,
            subjectPersonId,
            action: 'read',
            recordType: 'invitation_list',
            purpose: 'care',
            unitId,
            at: now,
          })),
        );
        return rows.map((r) => staffView(r, [], now));
      });
    },

    /** One invitation of the unit (audited through the patient-access gate). */
    async get(actor: StaffActor, unitId: string, id: string): Promise<StaffInvitation> {
      requireUnitCare(actor, unitId);
      const now = clock.now();
      return patientTransaction(db, async (trx) => {
        const row = await store.findForUnit(trx, unitId, id);
        if (!row) throw notFound('invitation');
        await auditInvitation(trx, actor, unitId, row.person_id, 'read', id, now);
        return viewOne(trx, unitId, id, now);
      });
    },

    /** Revokes the invitation: times released, a booking through it cancelled, the patient told. */
    async cancel(actor: StaffActor, unitId: string, id: string, reason: string | undefined): Promise<StaffInvitation> {
      requireUnitCare(actor, unitId);
      const now = clock.now();
      return patientTransaction(db, async (trx) => {
        const { current, step, from } = await move(trx, id, unitId, 'cancel', now);
        await auditInvitation(trx, actor, unitId, current.person_id, 'cancel', id, now);
        if (current.booking_id) await store.cancelBooking(trx, current.booking_id, 'invitation_cancelled', now);
        await slots.release(trx, id);
        const moved = await store.transition(trx, id, from, {
          status: step.next,
          participant: step.participant,
          now,
          cancelReason: reason ?? null,
        });
        if (!moved) throw conflict('invalid_transition', 'Kallelsen har just ändrats. Ladda om sidan.');
        await notifier.queue(trx, id, 'cancelled');
        return viewOne(trx, unitId, id, now);
      });
    },

    /** After "another time": holds a new free time and asks the patient again (pending → proposed). */
    async proposeTime(actor: StaffActor, unitId: string, id: string, slotId: string): Promise<StaffInvitation> {
      requireUnitCare(actor, unitId);
      const now = clock.now();
      return patientTransaction(db, async (trx) => {
        const { current, step, from } = await move(trx, id, unitId, 'propose_time', now);
        await auditInvitation(trx, actor, unitId, current.person_id, 'update', id, now);
        const row = await store.findForUnit(trx, unitId, id);
        if (!row) throw notFound('invitation');
        await slots.release(trx, id);
        const held = await slots.reserve(trx, [slotId], {
          unitId,
          timeTypeId: row.time_type_id,
          holder: id,
          now,
        });
        if (held.length !== 1) {
          throw badRequest('slot_not_free', 'Tiden går inte att hålla för kallelsen.', {
            slotId: 'not a free time of this type at the unit',
          });
        }
        const within = Math.max(row.respond_by.getTime() - row.created_at.getTime(), DAY_MS);
        const respondBy = await deadlineFor(trx, id, now, within);
        await store.transition(trx, id, from, {
          status: step.next,
          participant: step.participant,
          now,
          slotId,
          respondBy,
        });
        await notifier.queue(trx, id, 'new_time');
        await notifier.scheduleReminder(trx, id, respondBy);
        return viewOne(trx, unitId, id, now);
      });
    },

    /** The forms (not retired) that can be attached to an invitation, with their latest version. */
    async forms(actor: StaffActor, unitId: string) {
      requireUnitCare(actor, unitId);
      const rows = await slots.attachableForms(db);
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), retiredAt: null }));
    },

    /** The unit's free, unreserved, published times of a type between two Stockholm dates (inclusive). */
    async freeSlots(actor: StaffActor, unitId: string, q: { timeTypeId: string; from?: string; to?: string }) {
      requireUnitCare(actor, unitId);
      const now = clock.now();
      const from = q.from ?? stockholmDate(now);
      const to = q.to ?? addDays(from, 30);
      if (compareIsoDates(from, to) > 0)
        throw badRequest('invalid_range', 'Fel datumintervall.', { to: 'must be on or after from' });
      if (compareIsoDates(addDays(from, 92), to) < 0)
        throw badRequest('invalid_range', 'Högst 92 dagar.', { to: 'at most 92 days after from' });
      const rows = await slots.freeForUnit(db, {
        unitId,
        timeTypeId: q.timeTypeId,
        from: stockholmMidnight(from),
        to: stockholmMidnight(addDays(to, 1)),
        now,
      });
      return rows.map((r) => {
        const v = slots.view(r);
        return { id: v.id, start: v.start, end: v.end, placesLeft: v.placesLeft };
      });
    },
  };
}

export type InvitationStaffService = ReturnType<typeof createInvitationStaffService>;
