/**
 * The region's view of triage: the weekly report of outcomes and staff
 * overrides (counts only, no answers, no people), and each unit's routing
 * facts (which routes it takes, its age range, whether it is the night unit).
 */
import { addDays, isValidIsoDate, stockholmMidnight, weeklyReport } from '@ingang/domain';
import type { StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { badRequest, forbidden, notFound } from '../../platform/errors.js';
import { requireRegionAdmin } from './authoring-service.js';
import { reportRows, unitExists, unitSettings, upsertUnitSettings } from './session-store.js';

interface Deps {
  db: Db;
  clock: Clock;
}

const MAX_REPORT_DAYS = 366;

export interface UnitSettingsInput {
  offers: ('message_unit' | 'drop_in_video' | 'book_time')[];
  ageMin: number | null;
  ageMax: number | null;
  nightUnit: boolean;
  openOnHolidays: boolean;
}

/** A unit's own entrance settings (routing facts, errand types): its unit administrator or the region. */
export function mayEditUnit(actor: StaffActor, unitId: string): void {
  const admin = actor.units.find((u) => u.unitId === unitId)?.roles.includes('unit_admin');
  if (!actor.regionAdmin && !admin)
    throw forbidden('unit_admin_only', 'Only the unit administrator or a region administrator can do this.');
}

export function createRegionTriageService(deps: Deps) {
  const { db, clock } = deps;

  return {
    async report(actor: StaffActor, from: string, to: string) {
      requireRegionAdmin(actor);
      if (!isValidIsoDate(from))
        throw badRequest('invalid_input', 'from is not a date.', { 'query.from': 'not a date' });
      if (!isValidIsoDate(to) || to < from)
        throw badRequest('invalid_input', 'to must be a date on or after from.', { 'query.to': 'before from' });
      if (addDays(from, MAX_REPORT_DAYS) < to)
        throw badRequest('invalid_input', 'The report covers at most a year.', {
          'query.to': 'more than a year after from',
        });
      const rows = await reportRows(db, stockholmMidnight(from), stockholmMidnight(addDays(to, 1)));
      return weeklyReport(
        from,
        to,
        rows.decisions.map((d) => ({ decidedAt: d.decided_at, route: d.route, urgency: d.urgency, kind: d.kind })),
        rows.overrides.map((o) => ({ createdAt: o.created_at })),
      );
    },

    async getUnit(actor: StaffActor, unitId: string) {
      mayEditUnit(actor, unitId);
      const unit = await unitExists(db, unitId);
      if (!unit) throw notFound('unit');
      const row = await unitSettings(db, unitId);
      return {
        unitId,
        offers: (row?.offers ?? []) as UnitSettingsInput['offers'],
        ageMin: row?.age_min ?? null,
        ageMax: row?.age_max ?? null,
        nightUnit: row?.night_unit ?? false,
        openOnHolidays: row?.open_on_holidays ?? false,
      };
    },

    async setUnit(actor: StaffActor, unitId: string, input: UnitSettingsInput) {
      mayEditUnit(actor, unitId);
      if (input.nightUnit && !actor.regionAdmin)
        throw forbidden('region_admin_only', 'Only a region administrator chooses the night unit.');
      if (input.ageMin !== null && input.ageMax !== null && input.ageMin > input.ageMax) {
        throw badRequest('invalid_input', 'ageMin is above ageMax.', { ageMax: 'below ageMin' });
      }
      await db.transaction().execute(async (trx) => {
        const unit = await unitExists(trx, unitId);
        if (!unit) throw notFound('unit');
        await upsertUnitSettings(trx, { unitId, ...input, offers: [...new Set(input.offers)], at: clock.now() });
      });
      return this.getUnit(actor, unitId);
    },
  };
}
