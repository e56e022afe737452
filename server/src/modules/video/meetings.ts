import type { CreateVideoMeetingRequest, VideoMeeting } from '@ingang/contracts';
import { joinOpensAt, mayJoin, topologyOf, VIDEO_LIMITS, type VideoRoleName } from '@ingang/domain';
import { ActingForRefused } from '../../platform/acting-for.js';
import { actingForOf } from '../../platform/acting-for-list.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, StaffActor } from '../../platform/auth.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Queryable } from '../../platform/db/index.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { patientTransaction } from '../../platform/patient-access.js';
import { type Deps, type Entries, fullName } from './entry.js';
import * as store from './store.js';

export function createMeetings(deps: Deps, e: Entries) {
  const { db, clock } = deps;

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
      patient: patient
        ? { personId: patient.id, name: fullName(patient), protectedIdentity: patient.protected_identity }
        : null,
      bookingId: m.booking_id,
      myRole,
      canJoin: decision.ok,
      locked: m.locked,
      maxParticipants: VIDEO_LIMITS[m.kind],
      createdAt: m.created_at.toISOString(),
    };
  }

  return {
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
      const pnr = await store.personIdentity(db, actor.personId);
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
          await e.ensureBookingMeeting(trx, b.id);
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
          const p = await e.staffEntry(trx, actor, m, 'read');
          return view(trx, m, p?.role ?? 'host', p?.removed_at != null);
        });
      }
      const entry = await e.citizenEntry(actor, meetingId, false);
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
          await deps.access.require(trx, actor, body.patientId, {
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
          display_name: await e.staffDisplayName(trx, actor.staffId),
          guest_token_hash: null,
          guest_expires_at: null,
          created_at: now,
        });
        if (body.patientId) await e.invitePerson(trx, id, body.patientId, body.title, startsAt);
        const m = await store.meeting(trx, id);
        if (!m) throw new Error('meeting vanished');
        return view(trx, m, 'host');
      });
    },

    /** The meeting of a booked video visit, created on first call. */
    async forBooking(actor: Actor, bookingId: string): Promise<VideoMeeting> {
      const b = await store.bookingFacts(db, bookingId);
      if (!b) throw notFound('booking');
      if (b.mode !== 'video') {
        // Only someone who may see the booking learns what kind of visit it is; others get 404.
        if (actor.kind === 'staff') {
          if (b.unit_id !== actor.activeUnitId) throw notFound('booking');
        } else {
          await e.actingFor
            .withSubject(actor, b.person_id, 'video', async () => undefined)
            .catch((error) => {
              throw error instanceof ActingForRefused ? notFound('booking') : error;
            });
        }
        throw conflict('not_video', 'Besöket är inte ett videomöte.');
      }
      if (actor.kind === 'staff') {
        return patientTransaction(db, async (trx) => {
          if (b.unit_id !== actor.activeUnitId) throw notFound('booking');
          const m = await e.ensureBookingMeeting(trx, bookingId);
          const p = await e.staffEntry(trx, actor, m, 'join');
          return view(trx, m, p?.role ?? 'host');
        });
      }
      const existing = await store.meetingByBooking(db, bookingId);
      if (!existing) {
        // Only the patient or someone acting for them may create it.
        await e.actingFor
          .withSubject(actor, b.person_id, 'video', async (trx) => {
            await e.ensureBookingMeeting(trx, bookingId);
          })
          .catch((error) => {
            throw error instanceof ActingForRefused ? notFound('booking') : error;
          });
      }
      const m = (await store.meetingByBooking(db, bookingId)) as store.MeetingRow;
      const entry = await e.citizenEntry(actor, m.id, false);
      return entry.go(async ({ m: mm, row, trx }) =>
        view(trx, mm, row?.role ?? 'participant', row?.removed_at != null),
      );
    },

    async end(actor: Actor, meetingId: string): Promise<VideoMeeting> {
      return patientTransaction(db, async (trx) => {
        const { m, p } = await e.requireHost(trx, actor, meetingId);
        const now = clock.now();
        await store.endMeeting(trx, m.id, now);
        await store.recordEvent(trx, m.id, p.id, 'ended', now);
        const ended = await store.meeting(trx, m.id);
        return view(trx, ended as store.MeetingRow, 'host');
      });
    },
  };
}
