/**
 * Video meetings: who may see and join which meeting, tickets, invitations,
 * guest links. The live part (waiting room, signalling) is in signalling.ts;
 * the rules are in @ingang/domain (video/rules).
 *
 * Who is in a meeting:
 * - staff: a participant row (host or participant), or staff working in the
 *   meeting's unit who open it (they become a host) — with a care
 *   relationship to the patient when the meeting is about one (audited);
 * - citizens: a participant row; the meeting's patient; or whoever may act for
 *   the patient with the 'video' scope (a guardian for a child, an ombud) —
 *   they join as 'guardian' for the patient;
 * - guests: a one-time link (token stored hashed; expires).
 *
 * A join ticket (random, stored hashed, one per participant: a new join
 * replaces the old one) authorises the signalling socket.
 */
import { createHmac } from 'node:crypto';
import type {
  CreateVideoInvitationRequest,
  CreateVideoMeetingRequest,
  IceServer,
  JoinResponse,
  VideoInvitee,
  VideoMeeting,
} from '@ingang/contracts';
import {
  guestLinkExpiry,
  joinOpensAt,
  kindAfterInvite,
  mayJoin,
  RESUME_GRACE_SECONDS,
  topologyOf,
  VIDEO_LIMITS,
  type VideoRoleName,
} from '@ingang/domain';
import { ActingForRefused, createActingFor } from '../../platform/acting-for.js';
import { actingForOf } from '../../platform/acting-for-list.js';
import { type AuditActor, recordAudit } from '../../platform/audit.js';
import type { Actor, CitizenActor, StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Queryable, Tx } from '../../platform/db/index.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { patientTransaction } from '../../platform/patient-access.js';
import { hashToken, newToken, uuid } from '../../platform/sessions.js';
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

export function createVideoService(deps: Deps) {
  const { db, clock, config, access } = deps;
  const actingFor = createActingFor(deps);

  function iceServers(participantId: string): IceServer[] {
    const list: IceServer[] = [];
    if (config.video.stunUrls.length) list.push({ urls: config.video.stunUrls });
    if (config.video.turnUrls.length && config.video.turnSecret) {
      // coturn `use-auth-secret`: username = expiry:who, credential = base64(hmac-sha1(secret, username)).
      const username = `${Math.floor(clock.now().getTime() / 1000) + 12 * 3600}:${participantId}`;
      const credential = createHmac('sha1', config.video.turnSecret).update(username).digest('base64');
      list.push({ urls: config.video.turnUrls, username, credential });
    }
    return list;
  }

  async function view(
    q: Queryable,
    m: store.MeetingRow,
    myRole: VideoRoleName,
    removed = false,
  ): Promise<VideoMeeting> {
    const now = clock.now();
    const [unit, patient] = await Promise.all([store.unitName(q, m.unit_id), store.personName(q, m.patient_person_id)]);
    const decision = mayJoin({
      at: now,
      role: myRole,
      status: m.status,
      startsAt: m.starts_at,
      endsAt: m.ends_at,
      locked: m.locked,
      removed,
    });
    return {
      id: m.id,
      kind: m.kind,
      topology: topologyOf(m.kind),
      title: m.title,
      status: m.status,
      startsAt: m.starts_at?.toISOString() ?? null,
      endsAt: m.ends_at?.toISOString() ?? null,
      joinOpensAt: joinOpensAt(m.starts_at, myRole)?.toISOString() ?? null,
      unit: unit ? { id: unit.id, name: unit.name } : null,
      patient: patient ? { personId: patient.id, name: fullName(patient) } : null,
      bookingId: m.booking_id,
      myRole,
      canJoin: decision.ok,
      locked: m.locked,
      maxParticipants: VIDEO_LIMITS[m.kind],
      createdAt: m.created_at.toISOString(),
    };
  }

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
      await access.require(trx, actor, m.patient_person_id, {
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

  async function issueTicket(trx: Tx, m: store.MeetingRow, p: store.ParticipantRow): Promise<JoinResponse['data']> {
    const decision = mayJoin({
      at: clock.now(),
      role: p.role,
      status: m.status,
      startsAt: m.starts_at,
      endsAt: m.ends_at,
      locked: m.locked,
      removed: p.removed_at !== null,
      guestExpiresAt: p.guest_expires_at,
    });
    if (!decision.ok) throw refusal(decision.reason, m.starts_at ? { startsAt: m.starts_at.toISOString() } : undefined);
    const ticket = newToken();
    await store.setTicket(trx, p.id, hashToken(ticket));
    return {
      meetingId: m.id,
      participantId: p.id,
      role: p.role,
      displayName: p.display_name,
      ticket,
      topology: topologyOf(m.kind),
      iceServers: iceServers(p.id),
      wsPath: '/api/video/ws',
      resumeGraceSeconds: RESUME_GRACE_SECONDS,
      meeting: { id: m.id, kind: m.kind, title: m.title, startsAt: m.starts_at?.toISOString() ?? null },
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

  async function guestByToken(q: Queryable, token: string) {
    const p = await store.participantByGuestToken(q, hashToken(token));
    if (!p) throw notFound('link');
    const m = await store.meeting(q, p.meeting_id);
    if (!m) throw notFound('link');
    if (m.status === 'ended') throw new AppError(410, 'meeting_ended', 'Mötet är avslutat.');
    if (p.guest_expires_at && p.guest_expires_at.getTime() <= clock.now().getTime()) {
      throw refusal('guest_link_expired');
    }
    if (p.removed_at && m.locked) throw refusal('removed');
    return { p, m };
  }

  return {
    iceServers,

    async list(actor: Actor, includeEnded: boolean): Promise<VideoMeeting[]> {
      if (actor.kind === 'staff') {
        const rows = await store.meetingsOfStaff(db, actor.staffId, includeEnded);
        const out: VideoMeeting[] = [];
        for (const m of rows) {
          const p = await store.staffParticipant(db, m.id, actor.staffId);
          out.push(await view(db, m, p?.role ?? 'participant'));
        }
        return out;
      }
      const me = await store.personName(db, actor.personId);
      if (!me) return [];
      const pnr = await db
        .selectFrom('persons')
        .select(['personal_number', 'protected_identity'])
        .where('id', '=', actor.personId)
        .executeTakeFirstOrThrow();
      const others = (
        await actingForOf(deps, {
          personalNumber: pnr.personal_number,
          protectedIdentity: pnr.protected_identity,
          id: actor.personId,
        })
      ).filter((e) => e.scopes.includes('video'));
      const personIds = [actor.personId, ...others.map((e) => e.personId)];
      return db.transaction().execute(async (trx) => {
        const now = clock.now();
        // Booked video visits get their meeting on first sight, so "Anslut" can appear.
        for (const b of await store.videoBookingsWithoutMeeting(trx, personIds, now)) {
          await ensureBookingMeeting(trx, b.id);
        }
        const rows = await store.meetingsOfPersons(trx, personIds, includeEnded);
        const out: VideoMeeting[] = [];
        for (const m of rows) {
          const p = await store.citizenParticipant(trx, m.id, actor.personId);
          if (p?.removed_at && m.locked) continue;
          out.push(await view(trx, m, p?.role ?? 'participant', p?.removed_at != null));
        }
        for (const e of others) {
          if (!rows.some((m) => m.patient_person_id === e.personId)) continue;
          await recordAudit(trx, {
            actor,
            subjectPersonId: e.personId,
            action: 'read',
            recordType: 'video_meeting',
            purpose: 'self_service',
            onBehalf: { relation: e.relation === 'child' ? 'guardian' : 'ombud' },
            at: now,
          });
        }
        return out;
      });
    },

    async get(actor: Actor, meetingId: string): Promise<VideoMeeting> {
      if (actor.kind === 'staff') {
        return patientTransaction(db, async (trx) => {
          const m = await store.meeting(trx, meetingId);
          if (!m) throw notFound('meeting');
          const p = await staffEntry(trx, actor, m, 'read');
          return view(trx, m, p?.role ?? 'host', p?.removed_at != null);
        });
      }
      const entry = await citizenEntry(actor, meetingId, false);
      return entry.go(async ({ m, row, trx }) => view(trx, m, row?.role ?? 'participant', row?.removed_at != null));
    },

    async create(actor: StaffActor, body: CreateVideoMeetingRequest): Promise<VideoMeeting> {
      if (!actor.activeUnitId) throw forbidden('no_active_unit', 'Välj först vilken enhet du arbetar på.');
      const unitId = actor.activeUnitId;
      const now = clock.now();
      const startsAt = body.startsAt ? new Date(body.startsAt) : null;
      if (startsAt && startsAt.getTime() < now.getTime() - 60 * 60_000) {
        throw badRequest('invalid_start', 'Starttiden har redan passerat.', { startsAt: 'must not be in the past' });
      }
      if (body.kind === 'one_to_one' && !body.patientId) {
        throw badRequest('patient_required', 'Välj patienten för ett möte på två.', {
          patientId: 'required for one_to_one',
        });
      }
      return patientTransaction(db, async (trx) => {
        if (body.patientId) {
          await access.require(trx, actor, body.patientId, {
            action: 'create',
            recordType: 'video_meeting',
            purpose: 'care',
            at: now,
          });
        }
        const id = uuid();
        const start = startsAt ?? now;
        await store.insertMeeting(trx, {
          id,
          kind: body.kind,
          title: body.title,
          unit_id: unitId,
          patient_person_id: body.patientId ?? null,
          booking_id: null,
          starts_at: startsAt,
          ends_at: new Date(start.getTime() + body.durationMinutes * 60_000),
          created_by_staff_id: actor.staffId,
          created_at: now,
        });
        await store.insertParticipant(trx, {
          meeting_id: id,
          kind: 'staff',
          staff_id: actor.staffId,
          person_id: null,
          for_person_id: null,
          role: 'host',
          relation: 'clinician',
          display_name: await staffDisplayName(trx, actor.staffId),
          guest_token_hash: null,
          guest_expires_at: null,
          created_at: now,
        });
        if (body.patientId) await invitePerson(trx, id, body.patientId, body.title, startsAt);
        const m = await store.meeting(trx, id);
        if (!m) throw new Error('meeting vanished');
        return view(trx, m, 'host');
      });
    },

    /** The meeting of a booked video visit, created on first call. */
    async forBooking(actor: Actor, bookingId: string): Promise<VideoMeeting> {
      const b = await store.bookingFacts(db, bookingId);
      if (!b) throw notFound('booking');
      if (b.mode !== 'video') throw conflict('not_video', 'Besöket är inte ett videomöte.');
      if (actor.kind === 'staff') {
        return patientTransaction(db, async (trx) => {
          if (b.unit_id !== actor.activeUnitId) throw notFound('booking');
          const m = await ensureBookingMeeting(trx, bookingId);
          const p = await staffEntry(trx, actor, m, 'join');
          return view(trx, m, p?.role ?? 'host');
        });
      }
      const existing = await store.meetingByBooking(db, bookingId);
      if (!existing) {
        // Only the patient or someone acting for them may create it.
        await actingFor
          .withSubject(actor, b.person_id, 'video', async (trx) => {
            await ensureBookingMeeting(trx, bookingId);
          })
          .catch((error) => {
            throw error instanceof ActingForRefused ? notFound('booking') : error;
          });
      }
      const m = (await store.meetingByBooking(db, bookingId)) as store.MeetingRow;
      const entry = await citizenEntry(actor, m.id, false);
      return entry.go(async ({ m: mm, row, trx }) =>
        view(trx, mm, row?.role ?? 'participant', row?.removed_at != null),
      );
    },

    async invitations(actor: Actor, meetingId: string): Promise<VideoInvitee[]> {
      return patientTransaction(db, async (trx) => {
        await requireHost(trx, actor, meetingId);
        return (await store.participants(trx, meetingId)).map(invitee);
      });
    },

    async invite(
      actor: Actor,
      meetingId: string,
      body: CreateVideoInvitationRequest,
    ): Promise<{ invitee: VideoInvitee; guestUrl?: string; guestToken?: string }> {
      return patientTransaction(db, async (trx) => {
        const { m } = await requireHost(trx, actor, meetingId);
        if (m.status === 'ended') throw refusal('meeting_ended');
        const after = kindAfterInvite(m.kind, await store.countInvited(trx, meetingId));
        if (!after.ok) throw refusal('meeting_full');
        if (after.kind !== m.kind) await store.setKind(trx, meetingId, after.kind);
        const now = clock.now();
        if (body.kind === 'staff') {
          const name = await store.staffName(trx, body.staffId);
          if (!name?.active)
            throw badRequest('unknown_staff', 'Okänd medarbetare.', { staffId: 'unknown staff member' });
          const p = await store.insertParticipant(trx, {
            meeting_id: meetingId,
            kind: 'staff',
            staff_id: body.staffId,
            person_id: null,
            for_person_id: null,
            role: body.role,
            relation: 'colleague',
            display_name: await staffDisplayName(trx, body.staffId),
            guest_token_hash: null,
            guest_expires_at: null,
            created_at: now,
          });
          return { invitee: invitee(p) };
        }
        if (body.kind === 'citizen') {
          if (actor.kind !== 'staff') throw notFound('meeting');
          await access.require(trx, actor, body.personId, {
            action: 'invite',
            recordType: 'video_meeting',
            recordId: meetingId,
            purpose: 'care',
            at: now,
          });
          const p = await invitePerson(trx, meetingId, body.personId, m.title, m.starts_at);
          return { invitee: invitee(p) };
        }
        const token = newToken();
        const p = await store.insertParticipant(trx, {
          meeting_id: meetingId,
          kind: 'guest',
          staff_id: null,
          person_id: null,
          for_person_id: null,
          role: 'guest',
          relation: body.relation,
          display_name: body.label ?? 'Gäst',
          guest_token_hash: hashToken(token),
          guest_expires_at: guestLinkExpiry(now, body.expiresInMinutes),
          created_at: now,
        });
        return { invitee: invitee(p), guestToken: token, guestUrl: `${config.publicUrl}/video/guest/${token}` };
      });
    },

    async join(actor: Actor, meetingId: string): Promise<JoinResponse['data']> {
      if (actor.kind === 'staff') {
        return patientTransaction(db, async (trx) => {
          const m = await store.meeting(trx, meetingId, true);
          if (!m) throw notFound('meeting');
          const p = await staffEntry(trx, actor, m, 'join');
          if (!p) throw notFound('meeting');
          const ticket = await issueTicket(trx, m, p);
          if (p.role === 'host') await store.markOpen(trx, m.id);
          return ticket;
        });
      }
      const entry = await citizenEntry(actor, meetingId, true);
      return entry.go(async ({ m, row, trx }) => {
        if (!row) throw notFound('meeting');
        return issueTicket(trx, m, row);
      });
    },

    async end(actor: Actor, meetingId: string): Promise<VideoMeeting> {
      return patientTransaction(db, async (trx) => {
        const { m, p } = await requireHost(trx, actor, meetingId);
        const now = clock.now();
        await store.endMeeting(trx, m.id, now);
        await store.recordEvent(trx, m.id, p.id, 'ended', now);
        const ended = await store.meeting(trx, m.id);
        return view(trx, ended as store.MeetingRow, 'host');
      });
    },

    async guestInfo(token: string) {
      const { p, m } = await guestByToken(db, token);
      const unit = await store.unitName(db, m.unit_id);
      return {
        meetingTitle: m.title,
        startsAt: m.starts_at?.toISOString() ?? null,
        expiresAt: (p.guest_expires_at as Date).toISOString(),
        unitName: unit?.name ?? null,
      };
    },

    async guestJoin(token: string, displayName: string, ip: string): Promise<JoinResponse['data']> {
      await deps.rateLimiter.hit(`video-guest:${ip}`, 30, 'För många försök. Vänta en stund och försök igen.');
      await deps.rateLimiter.hit(`video-guest-token:${hashToken(token)}`, 10, 'För många försök med länken.');
      return db.transaction().execute(async (trx) => {
        const { p, m } = await guestByToken(trx, token);
        await trx.updateTable('video_participants').set({ display_name: displayName }).where('id', '=', p.id).execute();
        return issueTicket(trx, m, { ...p, display_name: displayName });
      });
    },

    /** The participant and meeting behind a ticket, or null. */
    async resolveTicket(ticket: string) {
      const p = await store.participantByTicket(db, hashToken(ticket));
      if (!p || p.removed_at) return null;
      const m = await store.meeting(db, p.meeting_id);
      if (!m) return null;
      return { p, m };
    },
  };

  function invitee(p: store.ParticipantRow): VideoInvitee {
    return {
      participantId: p.id,
      kind: p.kind,
      role: p.role,
      relation: p.relation,
      displayName: p.display_name,
      guestLinkExpiresAt: p.guest_expires_at?.toISOString() ?? null,
      removed: p.removed_at !== null,
    };
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
}

export type VideoService = ReturnType<typeof createVideoService>;
