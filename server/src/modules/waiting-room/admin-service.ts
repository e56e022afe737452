/**
 * Region administrators open, schedule, tune, pause and close rooms; the load
 * switch opens and closes its own. Every change is one UPDATE of the room's row
 * and a hub announcement, so all instances apply it within a moment.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { CreateRoomRequest, UpdateRoomRequest } from '@ingang/contracts';
import { initialServing, isRegionAdmin, rebase, seedCommitment } from '@ingang/domain';
import type { StaffActor } from '../../platform/auth.js';
import { type FieldChanges, recordChangeLog } from '../../platform/change-log.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { effectiveCapacity, type RoomCache, roomClock } from './rooms.js';
import {
  findRoom,
  insertRoom,
  type NewRoom,
  type RoomRow,
  recentRooms,
  samples,
  timeTypeExists,
  updateRoom,
} from './store.js';
import { roomView } from './view.js';

function requireRegionAdmin(actor: StaffActor) {
  if (!isRegionAdmin(actor)) throw forbidden('region_admin_only', 'Only region administrators can do this.');
}

/** The room's settings an administrator can change, as the change log records them. */
const LOGGED = [
  'admission',
  'rate_per_minute',
  'capacity',
  'admitted_valid_seconds',
  'pow_bits',
  'pace_auto',
  'release_at',
  'paused_at',
  'ended_at',
] as const;

function fieldChanges(before: Partial<RoomRow> | null, after: Partial<RoomRow>): FieldChanges {
  const out: FieldChanges = {};
  const plain = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));
  for (const key of LOGGED) {
    if (!(key in after)) continue;
    const from = before ? plain(before[key]) : null;
    const to = plain(after[key]);
    if (from !== to) out[key] = { from, to };
  }
  return out;
}

export function createRoomAdminService(deps: { db: Db; clock: Clock; rooms: RoomCache; defaultPowBits: number }) {
  const { db, clock, rooms } = deps;

  function newRoom(input: CreateRoomRequest, origin: 'manual' | 'auto', staffId: string | null): NewRoom {
    const now = clock.now();
    const releaseAt = input.releaseAt ? new Date(input.releaseAt) : now;
    if (Number.isNaN(releaseAt.getTime()))
      throw badRequest('invalid_input', 'Invalid releaseAt', { releaseAt: 'is not a date-time' });
    if (input.releaseAt && releaseAt.getTime() <= now.getTime()) {
      throw badRequest('invalid_input', 'The release moment must be in the future.', {
        releaseAt: 'must be in the future',
      });
    }
    const scheduled = releaseAt.getTime() > now.getTime();
    const opens = scheduled
      ? new Date(Math.max(now.getTime(), releaseAt.getTime() - input.prequeueMinutes * 60_000))
      : now;
    const seed = randomBytes(32).toString('hex');
    return {
      id: randomUUID(),
      scope: input.scope,
      time_type_id: input.scope === 'time_type' ? (input.timeTypeId ?? null) : null,
      origin,
      admission: input.admission,
      rate_per_minute: input.ratePerMinute,
      capacity: input.capacity,
      admitted_valid_seconds: input.admittedValidMinutes * 60,
      prequeue_opens_at: opens,
      release_at: releaseAt,
      seed,
      seed_sha256: seedCommitment(seed),
      // Opened at once: nobody was waiting before, so there is nothing to shuffle.
      prequeue_count: scheduled ? null : 0,
      base_serving: initialServing(input.admission, input.capacity),
      base_at: releaseAt,
      created_by_staff_id: staffId,
      created_at: now,
      updated_at: now,
      ...(input.powBits !== undefined ? { pow_bits: input.powBits } : {}),
      ...(input.paceAuto ? { pace_auto: true } : {}),
    };
  }

  async function create(input: CreateRoomRequest, origin: 'manual' | 'auto', staffId: string | null) {
    if (input.scope === 'time_type') {
      if (!(await timeTypeExists(db, input.timeTypeId ?? ''))) {
        throw badRequest('invalid_input', 'Unknown time type', { timeTypeId: 'is not a time type' });
      }
    }
    const row = newRoom(input, origin, staffId);
    // The change log entry (who opened which room with which settings) is written with the room.
    const inserted = await db.transaction().execute(async (trx) => {
      if (!(await insertRoom(trx, row))) return false;
      if (staffId) {
        await recordChangeLog(
          trx,
          {
            actorStaffId: staffId,
            entityType: 'waiting_room',
            entityId: row.id,
            action: 'waiting_room.created',
            changes: fieldChanges(null, row as Partial<RoomRow>),
          },
          row.created_at as Date,
        );
      }
      return true;
    });
    if (!inserted) return null;
    await rooms.changed();
    return row.id;
  }

  return {
    async list(actor: StaffActor) {
      requireRegionAdmin(actor);
      const now = clock.now();
      return (await recentRooms(db)).filter((r) => r.ended_at === null).map((r) => roomView(r, rooms, now));
    },

    async create(actor: StaffActor, input: CreateRoomRequest) {
      requireRegionAdmin(actor);
      const id = await create(input, 'manual', actor.staffId);
      if (!id) throw conflict('room_exists', 'A waiting room is already open for this; change or end it first.');
      const room = rooms.get(id);
      if (!room) throw notFound('waiting room');
      return roomView(room, rooms, clock.now());
    },

    /** The load switch's own room (rate-based, at once, app-wide); null when one is already open. */
    openAuto: (ratePerMinute: number) =>
      create(
        { scope: 'app', admission: 'rate', ratePerMinute, capacity: 1, admittedValidMinutes: 15, prequeueMinutes: 5 },
        'auto',
        null,
      ),

    /** Ends the load switch's room, if one is open. */
    async closeAuto() {
      const auto = rooms.all().find((r) => r.origin === 'auto');
      if (!auto) return;
      await updateRoom(db, auto.id, { ended_at: clock.now(), updated_at: clock.now() });
      await rooms.changed();
    },

    /** pause / resume / end / set (rate, capacity) / release (now): the serving number reached so far is kept. */
    async update(actor: StaffActor, id: string, input: UpdateRoomRequest) {
      requireRegionAdmin(actor);
      const room = rooms.get(id) ?? (await findRoom(db, id));
      if (!room || room.ended_at !== null) throw notFound('waiting room');
      const now = clock.now();
      const completed = rooms.counters(id).completed;
      const base = rebase(roomClock(room), now, completed);
      let changes: Parameters<typeof updateRoom>[2];
      if (input.action === 'end') changes = { ended_at: now, updated_at: now };
      else if (input.action === 'release') {
        if (room.release_at.getTime() <= now.getTime())
          throw conflict('already_released', 'The release has already happened.');
        const opens = room.prequeue_opens_at.getTime() < now.getTime() ? room.prequeue_opens_at : now;
        changes = { release_at: now, base_at: now, prequeue_opens_at: opens, updated_at: now };
      } else if (input.action === 'pause') {
        if (room.paused_at) throw conflict('already_paused', 'The room is already paused.');
        changes = { paused_at: now, updated_at: now };
      } else if (input.action === 'resume') {
        if (!room.paused_at) throw conflict('not_paused', 'The room is not paused.');
        changes = { base_serving: base.baseServing, base_at: base.baseAt, paused_at: null, updated_at: now };
      } else {
        if (
          input.ratePerMinute === undefined &&
          input.capacity === undefined &&
          input.powBits === undefined &&
          input.paceAuto === undefined
        ) {
          throw badRequest('invalid_input', 'Nothing to change', {
            ratePerMinute: 'give a rate, a capacity, a proof-of-work difficulty or paceAuto',
          });
        }
        // A new ceiling or switching "auto" on or off starts the load-driven pace (or capacity) again from the ceiling.
        const paceRestarts = input.ratePerMinute !== undefined || input.paceAuto !== undefined;
        const capacityRestarts = input.capacity !== undefined || input.paceAuto !== undefined;
        // A paused room keeps its pause: the new pace applies from the resume.
        changes = {
          ...(room.paused_at ? {} : { base_serving: base.baseServing, base_at: base.baseAt }),
          ...(input.ratePerMinute !== undefined ? { rate_per_minute: input.ratePerMinute } : {}),
          ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
          ...(input.powBits !== undefined ? { pow_bits: input.powBits } : {}),
          ...(input.paceAuto !== undefined ? { pace_auto: input.paceAuto } : {}),
          ...(paceRestarts ? { paced_rate_per_minute: null } : {}),
          ...(capacityRestarts ? { paced_capacity: null } : {}),
          updated_at: now,
        };
      }
      // The change and its change-log entry (who changed what, from → to) commit together.
      const updated = await db.transaction().execute(async (trx) => {
        const row = await updateRoom(trx, id, changes);
        if (row) {
          await recordChangeLog(
            trx,
            {
              actorStaffId: actor.staffId,
              entityType: 'waiting_room',
              entityId: id,
              action: `waiting_room.${input.action}`,
              changes: fieldChanges(room, changes as Partial<RoomRow>),
            },
            now,
          );
        }
        return row;
      });
      if (!updated) throw notFound('waiting room');
      await rooms.changed();
      return roomView(rooms.get(id) ?? updated, rooms, now);
    },

    /** The dashboard: the room's counters now and its samples over time. */
    async dashboard(actor: StaffActor, id: string) {
      requireRegionAdmin(actor);
      const room = rooms.get(id) ?? (await findRoom(db, id));
      if (!room) throw notFound('waiting room');
      const now = clock.now();
      const c = rooms.counters(id);
      const series = await samples(db, id);
      const minuteAgo = series.filter((s) => s.at.getTime() >= now.getTime() - 60_000);
      const first = minuteAgo[0];
      const last = series[series.length - 1];
      const admittedPerMinute =
        first && last && last.at.getTime() > first.at.getTime()
          ? ((last.admitted - first.admitted) * 60_000) / (last.at.getTime() - first.at.getTime())
          : 0;
      return {
        room: roomView(room, rooms, now),
        insideNow: room.admission === 'capacity' ? rooms.inside(id) : 0,
        capacity: room.capacity,
        capacityNow: effectiveCapacity(room),
        ratePerMinute: room.rate_per_minute,
        paceAuto: room.pace_auto,
        powBits: room.pow_bits ?? deps.defaultPowBits,
        powBitsDefault: room.pow_bits === null,
        admitted: c.admitted,
        used: c.used,
        completed: c.completed,
        left: c.left,
        admittedPerMinute: Math.round(admittedPerMinute * 10) / 10,
        abandoned: Math.max(0, c.admitted - c.used) + c.left,
        samples: series.map((s) => ({ ...s, at: s.at.toISOString() })),
        ended: room.ended_at !== null,
      };
    },
  };
}

export type RoomAdminService = ReturnType<typeof createRoomAdminService>;
