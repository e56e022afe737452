/**
 * Staff: the antenatal clinic (a 'maternity' unit that is not a delivery
 * clinic) registers pregnancies, corrects due dates, enters wishes for a
 * patient who cannot use the app (with a reason), and lists its pregnancies;
 * a delivery clinic lists the patients told a place there per week, with
 * over-plan alerts — name, personnummer and due date only. Access goes through
 * the patient-access gate (the registration is the antenatal clinic's care
 * relationship, see index.ts); every read and write is audited.
 */
import type { RegisterPregnancyRequest, StaffPregnancy } from '@ingang/contracts';
import {
  addDays,
  checkDueDate,
  cutoffAt,
  type GestationalAge,
  isoWeek,
  isoWeekStart,
  stockholmDate,
} from '@ingang/domain';
import { recordAudit, recordAuditMany } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { type PatientAccess, patientTransaction } from '../../platform/patient-access.js';
import * as runs from './allocation-store.js';
import { loadCapacity } from './capacity.js';
import type { BirthClinicNotifier } from './notify.js';
import * as store from './store.js';
import { staffPregnancyView } from './view.js';
import { changeWishes } from './wishes.js';

export interface StaffServiceDeps {
  db: Db;
  clock: Clock;
  notifier: BirthClinicNotifier;
  cutoff: GestationalAge;
  /** The patient by personnummer (created from the registry when new), or null. Throws 400 for a malformed one. */
  findPatient: (personalNumber: string, now: Date) => Promise<{ id: string } | null>;
  access: PatientAccess;
}

const DUE_DATE_MESSAGES = {
  invalid_date: 'not a real date',
  due_date_past: 'the due date is in the past',
  due_date_too_far: 'the due date is more than 44 weeks ahead',
} as const;
const NEAR_CUTOFF_DAYS = 14;

/** The staff service (antenatal and delivery clinics). */
export function createStaffService(deps: StaffServiceDeps) {
  const { db, clock } = deps;

  /** The active unit when it is an antenatal clinic, else 403. */
  async function antenatalUnit(q: Db | Tx, actor: StaffActor): Promise<string> {
    const unitId = actor.activeUnitId;
    const unit = unitId ? await store.unitFacts(q, unitId) : undefined;
    if (!unitId || unit?.kind !== 'maternity' || (await store.clinicOfUnit(q, unitId))) {
      throw forbidden('not_antenatal_clinic', 'Välj en barnmorskemottagning som aktiv enhet.');
    }
    return unitId;
  }

  function checkDue(dueDate: string, now: Date) {
    const error = checkDueDate(dueDate, now);
    if (error)
      throw new AppError(
        400,
        'invalid_due_date',
        'Beräknat förlossningsdatum går inte att använda.',
        { dueDate: DUE_DATE_MESSAGES[error] },
        // The web words the reason (errors:field.<reason>).
        { reason: error },
      );
  }

  async function viewOne(trx: Tx, unitId: string, id: string, now: Date): Promise<StaffPregnancy> {
    const rows = await store.listOfUnit(trx, unitId);
    const row = rows.find((r) => r.id === id);
    if (!row) throw notFound('pregnancy');
    const names = new Map((await store.clinics(trx)).map((c) => [c.id, c.name]));
    return staffPregnancyView(row, names, now);
  }

  async function access(trx: Tx, actor: StaffActor, unitId: string, id: string, action: string, now: Date) {
    const row = await store.ofUnit(trx, unitId, id, true);
    if (!row) throw notFound('pregnancy');
    await deps.access.require(trx, actor, row.person_id, {
      action,
      recordType: 'pregnancy',
      recordId: id,
      purpose: 'care',
      at: now,
    });
    return row;
  }

  return {
    /** The unit's registered pregnancies (all, without a wish, or within 14 days of the cut-off). */
    async list(actor: StaffActor, filter: 'all' | 'no_wish' | 'near_cutoff') {
      const unitId = await antenatalUnit(db, actor);
      const now = clock.now();
      return patientTransaction(db, async (trx) => {
        const clinics = await store.clinics(trx);
        const names = new Map(clinics.map((c) => [c.id, c.name]));
        const all = (await store.listOfUnit(trx, unitId)).map((r) => staffPregnancyView(r, names, now));
        const data = all.filter((p) =>
          filter === 'no_wish'
            ? p.wishes.length === 0 && p.daysToCutoff > 0
            : filter === 'near_cutoff'
              ? p.daysToCutoff > 0 && p.daysToCutoff <= NEAR_CUTOFF_DAYS
              : true,
        );
        await recordAuditMany(
          trx,
          data.map((p) => ({
            actor,
            subjectPersonId: p.personId,
            action: 'list',
            recordType: 'pregnancy',
            recordId: p.id,
            purpose: 'care',
            at: now,
          })),
        );
        return { data, clinics: clinics.map((c) => ({ id: c.id, name: c.name })) };
      });
    },

    /** Registers a pregnancy at the active antenatal clinic; 409 `already_registered` for a second one. */
    async register(actor: StaffActor, input: RegisterPregnancyRequest): Promise<StaffPregnancy> {
      const unitId = await antenatalUnit(db, actor);
      const now = clock.now();
      checkDue(input.dueDate, now);
      const patient = await deps.findPatient(input.personalNumber, now);
      if (!patient) throw notFound('patient');
      const id = uuid();
      try {
        return await db.transaction().execute(async (trx) => {
          if (await store.activeOfPerson(trx, patient.id)) {
            throw conflict('already_registered', 'Graviditeten är redan registrerad.');
          }
          await store.insertPregnancy(trx, {
            id,
            person_id: patient.id,
            unit_id: unitId,
            due_date: input.dueDate,
            week: isoWeek(input.dueDate),
            cutoff_at: cutoffAt(input.dueDate, deps.cutoff),
            at: now,
            staffId: actor.staffId,
          });
          await recordAudit(trx, {
            actor,
            subjectPersonId: patient.id,
            action: 'create',
            recordType: 'pregnancy',
            recordId: id,
            purpose: 'care',
            at: now,
          });
          await deps.notifier.queueRegistered(trx, id);
          return viewOne(trx, unitId, id, now);
        });
      } catch (error) {
        // Two registrations at once: the partial unique index lets one through.
        if ((error as { code?: string }).code === '23505')
          throw conflict('already_registered', 'Graviditeten är redan registrerad.');
        throw error;
      }
    },

    /**
     * Corrects the due date: the delivery week and the cut-off move with it. Someone
     * already told keeps her clinic in the new week (may show as over plan there).
     */
    async correctDueDate(actor: StaffActor, id: string, input: { dueDate: string; reason: string }) {
      const unitId = await antenatalUnit(db, actor);
      const now = clock.now();
      checkDue(input.dueDate, now);
      return patientTransaction(db, async (trx) => {
        const row = await access(trx, actor, unitId, id, 'update', now);
        await store.updateDueDate(
          trx,
          id,
          input.dueDate,
          isoWeek(input.dueDate),
          cutoffAt(input.dueDate, deps.cutoff),
          now,
        );
        await recordAudit(trx, {
          actor,
          subjectPersonId: row.person_id,
          action: 'update_due_date',
          recordType: 'pregnancy',
          recordId: id,
          purpose: 'care',
          reason: input.reason,
          at: now,
        });
        return viewOne(trx, unitId, id, now);
      });
    },

    /** Enters the wishes for a patient who cannot use the app; the reason is audit-logged. */
    async setWishes(actor: StaffActor, id: string, input: { clinicIds: string[]; version: number; reason: string }) {
      const unitId = await antenatalUnit(db, actor);
      const now = clock.now();
      return patientTransaction(db, async (trx) => {
        const row = await access(trx, actor, unitId, id, 'update_wishes', now);
        await changeWishes(trx, row, {
          clinicIds: input.clinicIds,
          version: input.version,
          by: 'staff',
          reason: input.reason,
          at: now,
        });
        await recordAudit(trx, {
          actor,
          subjectPersonId: row.person_id,
          action: 'update',
          recordType: 'birth_clinic_wish',
          recordId: id,
          purpose: 'care',
          reason: input.reason,
          at: now,
        });
        return viewOne(trx, unitId, id, now);
      });
    },

    /** A delivery clinic's told patients in a week (default: this week) and over-plan weeks in the next 12. */
    async deliveries(actor: StaffActor, week: string | undefined) {
      const unitId = actor.activeUnitId;
      const clinic = unitId ? await store.clinicOfUnit(db, unitId) : undefined;
      if (!clinic) throw forbidden('not_delivery_clinic', 'Välj en förlossningsklinik som aktiv enhet.');
      const now = clock.now();
      const thisWeek = week ?? isoWeek(stockholmDate(now));
      const ahead = Array.from({ length: 12 }, (_, i) =>
        isoWeek(addDays(isoWeekStart(isoWeek(stockholmDate(now))), i * 7)),
      );
      return db.transaction().execute(async (trx) => {
        const rows = await runs.deliveryList(trx, clinic.id, thisWeek);
        const capacity = await loadCapacity(trx, [thisWeek, ...ahead]);
        const told = await store.toldCounts(trx, clinic.id, ahead);
        await recordAuditMany(
          trx,
          rows.map((r) => ({
            actor,
            subjectPersonId: r.person_id,
            action: 'list',
            recordType: 'delivery_list',
            recordId: r.id,
            purpose: 'delivery_planning',
            at: now,
          })),
        );
        return {
          clinicName: clinic.name,
          week: thisWeek,
          weekStart: isoWeekStart(thisWeek),
          capacity: capacity(clinic.id, thisWeek),
          allocated: rows.length,
          patients: rows.map((r) => ({
            pregnancyId: r.id,
            name: `${r.given_name} ${r.family_name}`,
            personalNumber: r.personal_number,
            dueDate: r.due_date,
            basis: r.allocation_basis ?? 'none',
            overrideReason: r.override_reason,
          })),
          alerts: ahead
            .map((w) => ({ week: w, capacity: capacity(clinic.id, w), allocated: told.get(w) ?? 0 }))
            .filter((a) => a.allocated > a.capacity),
        };
      });
    },
  };
}
