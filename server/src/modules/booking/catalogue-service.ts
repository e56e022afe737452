/**
 * The public catalogue and the search for free times. Both are public (times
 * are public information) and read only the timebook, never a person.
 */
import type { FreeSlotListResponse, PublicTimeType, SlotSearchQuery } from '@ingang/contracts';
import type { AppContext } from '../../platform/context.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { NEAR_RADIUS_KM, resolveNear, unitsWithin } from './near.js';
import * as slotStore from './slot-store.js';

type Deps = Pick<AppContext, 'db' | 'searchDb' | 'clock'>;

/**
 * How long the unit directory (id, postal code, coordinates of active units)
 * is reused for `near`. Units are created, moved or closed a few times a year
 * by administrators; a new or moved unit shows up in "near me" within this
 * time (every other filter and the booking itself read the database).
 */
export const UNIT_DIRECTORY_TTL_MS = 30_000;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Default search window. */
export const DEFAULT_WINDOW_DAYS = 30;
/** Longest search window. */
export const MAX_WINDOW_DAYS = 92;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The opaque keyset cursor: base64url of [starts_at ISO, id]. */
export function encodeCursor(startsAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([startsAt.toISOString(), id])).toString('base64url');
}

/** Decodes a cursor, or null when it is not one of ours. */
export function decodeCursor(cursor: string): { startsAt: Date; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, id] = value;
    if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) return null;
    const startsAt = new Date(at);
    return Number.isNaN(startsAt.getTime()) ? null : { startsAt, id };
  } catch {
    return null;
  }
}

/** The catalogue and free-time search. */
export function createCatalogueService(deps: Deps) {
  const { db, searchDb, clock } = deps;
  // Monotonic time, not the (test-settable) clock: the TTL is about process time.
  let directory: { at: number; units: Promise<slotStore.UnitCoordinates[]> } | null = null;

  /** The active units' coordinates, read at most once per TTL (a failed read is not kept). */
  function unitDirectory(): Promise<slotStore.UnitCoordinates[]> {
    const at = performance.now();
    if (!directory || at - directory.at > UNIT_DIRECTORY_TTL_MS) {
      const units = slotStore.unitCoordinates(db);
      directory = { at, units };
      units.catch(() => {
        if (directory?.units === units) directory = null;
      });
    }
    return directory.units;
  }

  return {
    /** The health declaration a citizen fills in when booking this type; 404 when it needs none. */
    async form(timeTypeId: string) {
      const row = await slotStore.currentFormOfTimeType(db, timeTypeId);
      if (!row) throw notFound('health declaration');
      return { formVersionId: row.id, version: row.version, definition: row.definition as Record<string, unknown> };
    },

    /** Time types that are not retired. */
    async timeTypes(): Promise<PublicTimeType[]> {
      const rows = await slotStore.listPublicTimeTypes(db);
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name_sv,
        nameEn: r.name_en,
        durationMinutes: r.duration_minutes,
        mode: r.mode,
        selfBookable: r.self_bookable,
        requiresForm: r.form_id !== null,
        ...(r.form_version_id ? { formVersionId: r.form_version_id } : {}),
        minAge: r.min_age,
        maxAge: r.max_age,
      }));
    },

    /**
     * Free times of a type, earliest first, one page. 400 names the field for
     * a bad window, cursor or place; 404 for an unknown type; a retired type
     * has no free times.
     */
    async search(query: SlotSearchQuery): Promise<FreeSlotListResponse> {
      const now = clock.now();
      const from = query.from ? new Date(query.from) : now;
      const to = query.to ? new Date(query.to) : new Date(from.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS);
      if (to.getTime() <= from.getTime()) {
        throw badRequest('invalid_input', 'Slutet på sökperioden måste komma efter början.', {
          to: 'must be after from',
        });
      }
      if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
        throw badRequest('invalid_input', `Sök högst ${MAX_WINDOW_DAYS} dagar åt gången.`, {
          to: `must be at most ${MAX_WINDOW_DAYS} days after from`,
        });
      }
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      if (after === null) {
        throw badRequest('invalid_input', 'Ogiltig sidmarkör.', { cursor: 'is not a cursor from this search' });
      }
      let unitIds: string[] | undefined = query.unitId ? [query.unitId] : undefined;
      if (query.near) {
        const units = await unitDirectory();
        const point = resolveNear(query.near, units);
        if (!point) {
          throw badRequest('invalid_input', 'Okänt postnummer eller ogiltig position.', {
            near: 'must be a Swedish postal code (5 digits) or "lat,lng"',
          });
        }
        const close = unitsWithin(point, units, NEAR_RADIUS_KM);
        unitIds = unitIds ? unitIds.filter((id) => close.includes(id)) : close;
      }
      // One extra row tells whether there is a next page. The query itself yields
      // nothing for a retired type; only an empty answer asks whether the type exists.
      // The search pool: its connections keep one plan for the statement (platform/db/index.ts).
      const rows = await slotStore.searchFreeSlots(searchDb, {
        timeTypeId: query.timeTypeId,
        from,
        to,
        now,
        unitIds,
        ...(after ? { after } : {}),
        limit: query.limit + 1,
      });
      if (rows.length === 0) {
        if (!(await slotStore.timeTypeState(db, query.timeTypeId))) throw notFound('time type');
        return { data: [], nextCursor: null };
      }
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        data: page.map((r) => ({
          id: r.id,
          unitId: r.unit_id,
          unitName: r.unit_name,
          start: r.starts_at.toISOString(),
          end: r.ends_at.toISOString(),
          placesLeft: r.capacity - r.booked,
        })),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.starts_at, last.id) : null,
      };
    },
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
