/**
 * Risk-group flags: staff of a unit (in their active unit) mark a patient the
 * unit has a care relationship with as belonging to a risk group; offers can
 * target the unit's flagged patients. A flag is removed, never deleted
 * (history kept). Every flag read and write is audited; a list shows only the
 * patients the unit may still open.
 */
import { parsePersonnummer } from '@ingang/domain';
import { recordAuditMany } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { isUniqueViolation, uuid } from '../../platform/db/helpers.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { patientTransaction, requireUnitCare } from '../../platform/patient-access.js';
import { findPersonByPersonalNumber } from '../../platform/persons.js';
import type { RiskFlagRow } from './store.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'access'>;

const view = (r: RiskFlagRow) => ({
  id: r.id,
  riskGroup: r.risk_group,
  patient: {
    personId: r.person_id,
    name: `${r.given_name} ${r.family_name}`,
    personalNumber: r.personal_number,
    protectedIdentity: r.protected_identity,
  },
  createdAt: r.created_at.toISOString(),
  removedAt: r.removed_at ? r.removed_at.toISOString() : null,
});

/** Risk-group flags of a unit. */
export function createRiskFlagService(deps: Deps) {
  const { db, clock, access } = deps;

  return {
    /** The unit's active flags (optionally of one group) for patients the unit may open; audited per patient. */
    async list(actor: StaffActor, unitId: string, riskGroup?: string) {
      requireUnitCare(actor, unitId);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const rows = await store.listActiveRiskFlags(trx, unitId, riskGroup);
        const allowed = await access.allowed(trx, actor, [...new Set(rows.map((r) => r.person_id))], now);
        const shown = rows.filter((r) => allowed.has(r.person_id));
        await recordAuditMany(
          trx,
          [...new Set(shown.map((r) => r.person_id))].map((subjectPersonId) => ({
            actor,
            subjectPersonId,
            action: 'read',
            recordType: 'risk_flag_list',
            purpose: 'care',
            unitId,
            at: now,
          })),
        );
        return shown.map(view);
      });
    },

    /** Flags a patient (care relationship required): 201, or 409 already_flagged. */
    async create(actor: StaffActor, unitId: string, input: { personalNumber: string; riskGroup: string }) {
      requireUnitCare(actor, unitId);
      const now = clock.now();
      const parsed = parsePersonnummer(input.personalNumber, now);
      if (!parsed.ok) throw badRequest('invalid_personal_number', parsed.message, { personalNumber: parsed.message });
      const person = await findPersonByPersonalNumber(db, parsed.value.normalized);
      if (!person) throw notFound('patient');
      const id = uuid();
      try {
        return await patientTransaction(db, async (trx) => {
          await access.require(trx, actor, person.id, {
            action: 'create',
            recordType: 'risk_flag',
            recordId: id,
            purpose: 'care',
            at: now,
          });
          await store.insertRiskFlag(trx, {
            id,
            unitId,
            personId: person.id,
            riskGroup: input.riskGroup,
            staffId: actor.staffId,
            now,
          });
          const row = await store.findRiskFlag(trx, id);
          if (!row) throw notFound('flag');
          return view(row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw conflict('already_flagged', 'Patienten är redan markerad i den riskgruppen.');
        }
        throw error;
      }
    },

    /** Removes a flag (kept as history). */
    async remove(actor: StaffActor, unitId: string, id: string) {
      requireUnitCare(actor, unitId);
      const now = clock.now();
      return patientTransaction(db, async (trx) => {
        const row = await store.findRiskFlag(trx, id, unitId);
        if (!row) throw notFound('flag');
        await access.require(trx, actor, row.person_id, {
          action: 'delete',
          recordType: 'risk_flag',
          recordId: id,
          purpose: 'care',
          at: now,
        });
        await store.removeRiskFlag(trx, id, actor.staffId, now);
        return view({ ...row, removed_at: row.removed_at ?? now });
      });
    },
  };
}

export type RiskFlagService = ReturnType<typeof createRiskFlagService>;
