/**
 * The patient's side of invitations, for oneself or someone one acts for
 * (guardians get their children's invitations): list, read, confirm a fixed
 * time (with the form), book one of a period's reserved times, decline, ask
 * for another time. Confirming and booking go through the booking service
 * (capacity, eligibility, audit, confirmation mail) with the invitation as the
 * reservation; the invitation row is locked first in the same transaction and
 * moved by a guarded update, so two answers at once end in one state.
 */
import type {
  BookInvitationRequest,
  CitizenInvitation,
  CitizenInvitationDetail,
  ConfirmInvitationRequest,
} from '@ingang/contracts';
import {
  type FormDefinition,
  type InvitationEvent,
  invitationStatusesAllowing,
  isVisitDay,
  transitionInvitation,
  validateAnswers,
} from '@ingang/domain';
import { type ActingFor, ActingForRefused, type Subject } from '../../platform/acting-for.js';
import { eligibleChildren, resolveActingFor } from '../../platform/acting-for-list.js';
import { type AuditEntry, recordAudit, recordAuditMany } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Tx } from '../../platform/db/index.js';
import { badRequest, conflict, notFound, unauthorized } from '../../platform/errors.js';
import { notifyFacts } from '../../platform/persons.js';
import type { BookingService } from '../booking/index.js';
import type { Reservations } from '../timebook/index.js';
import * as store from './store.js';
import { citizenView } from './view.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'config'> & { reservations: Reservations };

/** The invitation service for citizens. */
export function createInvitationCitizenService(deps: Deps, actingFor: ActingFor, bookings: BookingService) {
  const { db, clock, reservations: slots } = deps;

  /** Runs `fn` in one transaction for the invitation's patient (self or acted for), or 404. */
  async function withInvitationSubject<T>(
    actor: CitizenActor,
    id: string,
    fn: (trx: Tx, subject: Subject) => Promise<T>,
  ): Promise<T> {
    const owner = await store.invitationOwner(db, id);
    if (!owner) throw notFound('invitation');
    try {
      return await actingFor.withSubject(actor, owner === actor.personId ? undefined : owner, 'booking', fn);
    } catch (error) {
      if (error instanceof ActingForRefused) throw notFound('invitation');
      throw error;
    }
  }

  const audit = (actor: CitizenActor, subject: Subject, action: string, id: string, at: Date): AuditEntry => ({
    actor,
    subjectPersonId: subject.subjectPersonId,
    action,
    recordType: 'invitation',
    recordId: id,
    purpose: 'self_service',
    onBehalf: subject.onBehalf,
    at,
  });

  /** The detail view (form, free reserved times) inside the caller's transaction. */
  async function detail(trx: Tx, personId: string, id: string, now: Date): Promise<CitizenInvitationDetail> {
    const row = await store.findForPersons(trx, [personId], id);
    if (!row) throw notFound('invitation');
    let form: CitizenInvitationDetail['form'] = null;
    const versionId = row.form_version_id;
    if (versionId) {
      const v = await slots.formVersion(trx, versionId);
      if (v) form = { formVersionId: v.id, definition: v.definition as Record<string, unknown> };
    } else if (row.type_form_id) {
      const v = await slots.latestFormVersion(trx, row.type_form_id);
      if (v) form = { formVersionId: v.id, definition: v.definition as Record<string, unknown> };
    }
    const open = row.kind === 'book_within_period' && row.status === 'proposed';
    const reserved = open ? await slots.reserved(trx, id, now, true) : [];
    return { ...citizenView(row), form, reservedSlots: reserved.map(slots.view) };
  }

  /** The invitation's own form answers checked (400 naming formAnswers.<id>), or null without a form. */
  async function checkedAnswers(formVersionId: string | null, answers: unknown, visitStart: Date | null) {
    if (!formVersionId) return null;
    const v = await slots.formVersion(db, formVersionId);
    if (!v) return null;
    // Questions about the visit's own day are asked only on that day (an unknown time: days ahead).
    const onVisitDay = visitStart !== null && isVisitDay(clock.now(), visitStart);
    const checked = validateAnswers(v.definition as FormDefinition, answers ?? {}, { onVisitDay });
    if (!checked.ok) {
      const fields = Object.fromEntries(Object.entries(checked.fields).map(([k, m]) => [`formAnswers.${k}`, m]));
      throw badRequest('invalid_form_answers', 'Formuläret är inte rätt ifyllt.', fields);
    }
    return checked.answers;
  }

  /** Locks the invitation and checks `event` is allowed now (409 with the machine's message). */
  async function gate(trx: Tx, id: string, personId: string, event: InvitationEvent) {
    const current = await store.lockInvitation(trx, id);
    if (!current || current.person_id !== personId) throw notFound('invitation');
    const step = transitionInvitation(
      { kind: current.kind, status: current.status, participant: current.participant_status },
      event,
    );
    if (!step.ok) throw conflict(step.code, step.message);
    return { current, step, from: invitationStatusesAllowing(event, current.kind) };
  }

  /** Confirm (fixed time) or book (period): a booking on a time reserved for the invitation. */
  async function bookThrough(
    actor: CitizenActor,
    id: string,
    event: 'confirm' | 'book',
    slotId: string | null,
    formAnswers: unknown,
    key: string | undefined,
  ): Promise<CitizenInvitationDetail> {
    // Access first (404 for strangers), then the facts the booking needs; the gate re-checks under lock.
    const facts = await withInvitationSubject(actor, id, (trx, subject) =>
      store.findForPersons(trx, [subject.subjectPersonId], id),
    );
    if (!facts) throw notFound('invitation');
    const owner = facts.person_id;
    const answers = await checkedAnswers(
      facts.form_version_id,
      formAnswers,
      event === 'confirm' ? facts.slot_start : null,
    );
    const target = event === 'confirm' ? facts.slot_id : slotId;
    if (!target) throw conflict('invalid_transition', 'Kallelsen har ingen tid att bekräfta.');
    const input = {
      slotId: target,
      ...(owner === actor.personId ? {} : { patientId: owner }),
      ...(facts.type_form_id && formAnswers !== undefined
        ? { formAnswers: formAnswers as Record<string, unknown> }
        : {}),
    };
    try {
      await bookings.book(actor, input, key ?? uuid(), {
        reservation: id,
        path: `/api/invitations/${id}/${event}`,
        gate: async (trx, subject, now) => {
          const { step, from } = await gate(trx, id, subject.subjectPersonId, event);
          return async (bookingId, slot) => {
            const moved = await store.transition(trx, id, from, {
              status: step.next,
              participant: step.participant,
              now,
              answered: true,
              bookingId,
              bookedSlotId: slot.id,
              ...(answers ? { formAnswers: answers } : {}),
            });
            if (!moved) throw conflict('invalid_transition', 'Kallelsen har redan besvarats.');
            await slots.release(trx, id);
            await recordAudit(trx, audit(actor, subject, event, id, now));
          };
        },
      });
    } catch (error) {
      if (error instanceof ActingForRefused) throw notFound('invitation');
      throw error;
    }
    return withInvitationSubject(actor, id, (trx, subject) => detail(trx, subject.subjectPersonId, id, clock.now()));
  }

  /** Decline or ask for another time: the guarded move, held/reserved times released, audited. */
  async function answer(
    actor: CitizenActor,
    id: string,
    event: 'decline' | 'request_other_time',
    note: string | undefined,
  ): Promise<CitizenInvitationDetail> {
    return withInvitationSubject(actor, id, async (trx, subject) => {
      const now = clock.now();
      const { step, from } = await gate(trx, id, subject.subjectPersonId, event);
      await slots.release(trx, id);
      const moved = await store.transition(trx, id, from, {
        status: step.next,
        participant: step.participant,
        now,
        answered: true,
        patientNote: note ?? null,
        ...(event === 'request_other_time' ? { slotId: null } : {}),
      });
      if (!moved) throw conflict('invalid_transition', 'Kallelsen har redan besvarats.');
      await recordAudit(trx, audit(actor, subject, event, id, now));
      return detail(trx, subject.subjectPersonId, id, now);
    });
  }

  return {
    /** My invitations and those of everyone I may act for (booking scope), newest first; audited per patient. */
    async list(actor: CitizenActor): Promise<CitizenInvitation[]> {
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
        const rows = await store.listForPersons(trx, [actor.personId, ...others.map((e) => e.personId)]);
        const shown = new Set(rows.map((r) => r.person_id));
        await recordAuditMany(trx, [
          {
            actor,
            subjectPersonId: actor.personId,
            action: 'read',
            recordType: 'invitation_list',
            purpose: 'self_service',
            at: now,
          },
          ...others
            .filter((e) => shown.has(e.personId))
            .map((e) => ({
              actor,
              subjectPersonId: e.personId,
              action: 'read',
              recordType: 'invitation_list',
              purpose: 'self_service',
              onBehalf: { relation: e.relation === 'child' ? ('guardian' as const) : ('ombud' as const) },
              at: now,
            })),
        ]);
        return rows.map(citizenView);
      });
    },

    /** One invitation (mine or of someone I act for), with its form and free reserved times. */
    async get(actor: CitizenActor, id: string): Promise<CitizenInvitationDetail> {
      return withInvitationSubject(actor, id, async (trx, subject) => {
        const now = clock.now();
        const view = await detail(trx, subject.subjectPersonId, id, now);
        await recordAudit(trx, audit(actor, subject, 'read', id, now));
        return view;
      });
    },

    confirm: (actor: CitizenActor, id: string, input: ConfirmInvitationRequest, key?: string) =>
      bookThrough(actor, id, 'confirm', null, input.formAnswers, key),

    book: (actor: CitizenActor, id: string, input: BookInvitationRequest, key?: string) =>
      bookThrough(actor, id, 'book', input.slotId, input.formAnswers, key),

    decline: (actor: CitizenActor, id: string, reason?: string) => answer(actor, id, 'decline', reason),

    requestOtherTime: (actor: CitizenActor, id: string, message?: string) =>
      answer(actor, id, 'request_other_time', message),
  };
}

export type InvitationCitizenService = ReturnType<typeof createInvitationCitizenService>;
