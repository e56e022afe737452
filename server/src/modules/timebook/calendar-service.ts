/** The unit's calendar: its times per Stockholm day with capacity, booked and free places (no patient data). */
import { addDays, stockholmMidnight } from '@ingang/domain';
import type { StaffActor } from '../../platform/auth.js';
import type { Db } from '../../platform/db/index.js';
import { badRequest } from '../../platform/errors.js';
import { requireCalendarView } from './access.js';
import { publishableTypesAt } from './catalogue-store.js';
import { listUnitSlots, type SlotData } from './slot-store.js';

/** Longest calendar range one request may read. */
const MAX_CALENDAR_DAYS = 62;

interface Day {
  date: string;
  capacity: number;
  booked: number;
  free: number;
  slots: SlotData[];
}

/** Builds the calendar service. */
export function createCalendarService(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** The time types the unit may publish (not retired), by Swedish name. */
    async publishableTypes(actor: StaffActor, unitId: string) {
      requireCalendarView(actor, unitId);
      const rows = await publishableTypesAt(db, unitId);
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name_sv,
        nameEn: r.name_en,
        durationMinutes: r.duration_minutes,
        placesPerSlot: r.places_per_slot,
        mode: r.mode,
      }));
    },

    /** The unit's times per Stockholm day in [from, to] (dates, at most 62 days); withdrawn ones add no capacity. */
    async calendar(actor: StaffActor, unitId: string, query: { from: string; to: string; timeTypeId?: string }) {
      requireCalendarView(actor, unitId);
      if (query.to < query.from) {
        throw badRequest('invalid_input', 'to is before from.', { 'querystring.to': 'must not be before from' });
      }
      if (query.to > addDays(query.from, MAX_CALENDAR_DAYS - 1)) {
        throw badRequest('invalid_input', 'Too long a range.', {
          'querystring.to': `at most ${MAX_CALENDAR_DAYS} days after from`,
        });
      }
      const list = await listUnitSlots(
        db,
        unitId,
        stockholmMidnight(query.from),
        stockholmMidnight(addDays(query.to, 1)),
        query.timeTypeId,
      );
      const days = new Map<string, Day>();
      for (const s of list) {
        const day = days.get(s.localDate) ?? { date: s.localDate, capacity: 0, booked: 0, free: 0, slots: [] };
        if (!s.withdrawn) day.capacity += s.capacity;
        day.booked += s.booked;
        day.free += s.free;
        day.slots.push(s);
        days.set(s.localDate, day);
      }
      return { days: [...days.values()] };
    },
  };
}
