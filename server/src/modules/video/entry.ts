import { ActingForRefused, createActingFor } from '../../platform/acting-for.js';
import type { AuditActor } from '../../platform/audit.js';
import type { Actor, CitizenActor, StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Queryable, Tx } from '../../platform/db/index.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import * as store from './store.js';

export type Deps = Pick<AppContext, 'db' | 'clock' | 'config' | 'registry' | 'mail' | 'rateLimiter' | 'access'>;

const REFUSALS: Record<string, { status: number; message: string }> = {
  meeting_ended: { status: 409, message: 'Mötet är avslutat.' },
  too_early: { status: 409, message: 'Det går att ansluta tidigast 10 minuter innan mötet börjar.' },
  too_late: { status: 409, message: 'Mötet är slut.' },
  meeting_locked: { status: 403, message: 'Mötet är låst. Det går inte att ansluta just nu.' },
  removed: { status: 403, message: 'Du har tagits bort från mötet och kan inte ansluta igen.' },
  guest_link_expired: { status: 410, message: 'Länken har gått ut. Be vårdgivaren om en ny länk.' },
  meeting_full: { status: 409, message: 'Mötet är fullt.' },
};

export function refusal(reason: string, details?: Record<string, string>): AppError {
  const r = REFUSALS[reason] ?? { status: 403, message: 'Det går inte.' };
  return new AppError(r.status, reason, r.message, undefined, details);
}

const fullName = (p: { given_name: string; family_name: string }) => `${p.given_name} ${p.family_name}`;

/** The audit actor of a participant (staff in the meeting's unit, citizen, guest as a named system actor). */
export function auditActorOf(p: store.ParticipantRow, unitId: string | null): AuditActor {
  if (p.kind === 'staff' && p.staff_id) {
    return {
      kind: 'staff',
      staffId: p.staff_id,
      supportRole: null,
      units: unitId ? [{ unitId, roles: [] }] : [],
      activeUnitId: unitId,
    };
  }
  if (p.kind === 'citizen' && p.person_id) return { kind: 'citizen', personId: p.person_id };
  return { kind: 'system', name: 'video_guest' };
}

export function createEntries(deps: Deps) {
  const { db, clock } = deps;
  const actingFor = createActingFor(deps);

  async function staffDisplayName(q: Queryable, staffId: string) {
    const s = await store.staffName(q, staffId);
    if (!s) throw notFound('staff member');
    return s.title ? `${fullName(s)}, ${s.title}` : fullName(s);
  }

  /**
   * The staff member's participant row, adding them as host when they work in
   * the meeting's unit (the patient access check is audited). Throws 404 otherwise.
   */
  async function staffEntry(trx: Tx, actor: StaffActor, m: store.MeetingRow, purpose: 'read' | 'join') {
    const existing = await store.staffParticipant(trx, m.id, actor.staffId);
    if (m.patient_person_id && (existing || m.unit_id === actor.activeUnitId)) {
      await deps.access.require(trx, actor, m.patient_person_id, {
        action: purpose,
        recordType: 'video_meeting',
        recordId: m.id,
        purpose: 'care',
        at: clock.now(),
      });
    }
    if (existing) return existing;
    if (!m.unit_id || m.unit_id !== actor.activeUnitId) throw notFound('meeting');
    if (purpose === 'read') return null;
    return store.insertParticipant(trx, {
      meeting_id: m.id,
      kind: 'staff',
      staff_id: actor.staffId,
      person_id: null,
      for_person_id: null,
      role: 'host',
      relation: 'clinician',
      display_name: await staffDisplayName(trx, actor.staffId),
      guest_token_hash: null,
      guest_expires_at: null,
      created_at: clock.now(),
    });
  }

  /** The citizen's participant row (adding the patient or a guardian/ombud for the patient on first join). */
  async function citizenEntry(actor: CitizenActor, meetingId: string, create: boolean) {
    const m0 = await store.meeting(db, meetingId);
    if (!m0) throw notFound('meeting');
    const own = await store.citizenParticipant(db, meetingId, actor.personId);
    const subject = own?.for_person_id ?? m0.patient_person_id ?? undefined;
    if (!own && !subject) throw notFound('meeting');
    const run = async (trx: Tx, onBehalf: { relation: 'guardian' | 'ombud' } | null) => {
      const m = await store.meeting(trx, meetingId);
      if (!m) throw notFound('meeting');
      let row = await store.citizenParticipant(trx, meetingId, actor.personId);
      if (!row && create) {
        const me = await store.personName(trx, actor.personId);
        if (!me) throw notFound('meeting');
        const self = m.patient_person_id === actor.personId;
        row = await store.insertParticipant(trx, {
          meeting_id: m.id,
          kind: 'citizen',
          staff_id: null,
          person_id: actor.personId,
          for_person_id: self ? null : m.patient_person_id,
          role: 'participant',
          relation: self ? 'patient' : 'guardian',
          display_name: me.protected_identity ? me.given_name : fullName(me),
          guest_token_hash: null,
          guest_expires_at: null,
          created_at: clock.now(),
        });
      }
      return { m, row: row ?? null, onBehalf, trx };
    };
    const direct = (own !== undefined && !own.for_person_id) || subject === actor.personId;
    type Entry = Awaited<ReturnType<typeof run>>;
    return {
      go: <T>(fn: (x: Entry) => Promise<T>): Promise<T> =>
        direct
          ? db.transaction().execute(async (trx) => fn(await run(trx, null)))
          : // Acting for the patient: the acting-for gate with the 'video' scope (refusals are recorded).
            actingFor
              .withSubject(actor, subject, 'video', async (trx, s) => fn(await run(trx, s.onBehalf)))
              .catch((error) => {
                // Recorded as a refusal by withSubject; to the caller someone else's meeting does not exist.
                throw error instanceof ActingForRefused ? notFound('meeting') : error;
              }),
    };
  }

  async function requireHost(trx: Tx, actor: Actor, meetingId: string) {
    if (actor.kind !== 'staff') throw notFound('meeting');
    const m = await store.meeting(trx, meetingId, true);
    if (!m) throw notFound('meeting');
    const p = await staffEntry(trx, actor, m, 'read');
    if (!p || p.removed_at) throw notFound('meeting');
    if (p.role !== 'host') throw forbidden('not_host', 'Bara mötets värd kan göra detta.');
    return { m, p };
  }

  /** Adds a citizen as a participant and mails them (verified address, mail on; no names in the mail). */
  async function invitePerson(trx: Tx, meetingId: string, personId: string, title: string, startsAt: Date | null) {
    const person = await store.personName(trx, personId);
    if (!person) throw badRequest('unknown_person', 'Okänd person.', { personId: 'unknown person' });
    const m = await store.meeting(trx, meetingId);
    const p = await store.insertParticipant(trx, {
      meeting_id: meetingId,
      kind: 'citizen',
      staff_id: null,
      person_id: personId,
      for_person_id: null,
      role: 'participant',
      relation: m?.patient_person_id === personId ? 'patient' : 'relative',
      display_name: person.protected_identity ? person.given_name : fullName(person),
      guest_token_hash: null,
      guest_expires_at: null,
      created_at: clock.now(),
    });
    if (person.email && person.email_verified_at && person.notify_email) {
      const when = startsAt
        ? `Mötet börjar ${startsAt.toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long', timeStyle: 'short' })}.`
        : 'Mötet börjar nu.';
      await deps.mail.queue(trx, {
        to: person.email,
        subject: 'Du är inbjuden till ett videomöte',
        text: `Hej!\n\nDu är inbjuden till ett videomöte: ${title}.\n${when}\n\nLogga in i Ingång och välj "Anslut" under Videomöten. Du kan ansluta från 10 minuter innan mötet börjar.\n\nMed vänliga hälsningar\nIngång`,
      });
    }
    return p;
  }

  /** Creates the meeting of a booked video visit if it has none (concurrent first opens create one). */
  async function ensureBookingMeeting(trx: Tx, bookingId: string): Promise<store.MeetingRow> {
    const existing = await store.meetingByBooking(trx, bookingId);
    if (existing) return existing;
    const b = await store.bookingFacts(trx, bookingId);
    if (b?.mode !== 'video') throw notFound('booking');
    if (b.status === 'cancelled') throw conflict('booking_cancelled', 'Besöket är avbokat.');
    return store.insertBookingMeeting(trx, {
      id: uuid(),
      kind: 'one_to_one',
      title: b.name_sv,
      unit_id: b.unit_id,
      patient_person_id: b.person_id,
      booking_id: bookingId,
      starts_at: b.starts_at,
      ends_at: b.ends_at,
      created_by_staff_id: null,
      created_at: clock.now(),
    });
  }

  return { actingFor, staffDisplayName, staffEntry, citizenEntry, requireHost, invitePerson, ensureBookingMeeting };
}

export type Entries = ReturnType<typeof createEntries>;
export { fullName };
