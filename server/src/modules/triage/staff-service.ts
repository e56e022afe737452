/**
 * The same triage for a nurse on the phone: the nurse fills in the patient's
 * answers in the active unit (a care relationship is required, as for any
 * patient data) and gets the same outcome as the patient would. Staff also
 * open a decided triage (the answers in view when taking a patient) and
 * record an override when their clinical judgement differs. Every access
 * goes through the patient-access gate, which writes the audit row.
 */

import { recordAuditMany } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { type PatientAccess, patientTransaction } from '../../platform/patient-access.js';
import { DRAFT_TTL_MS, type TriageEngine } from './engine.js';
import { type HeldFiles, photoIdsIn } from './photos.js';
import {
  decisionOfSession,
  decisionsRoutedTo,
  findDecision,
  findSession,
  insertOverride,
  insertSession,
  overridesOf,
  ROUTED_RELATIONSHIP_DAYS,
  type SessionRow,
} from './session-store.js';
import { activeVersion } from './version-store.js';

interface Deps {
  db: Db;
  clock: Clock;
  access: PatientAccess;
  engine: TriageEngine;
  photos: HeldFiles;
}

const RECORD = 'triage_session';

export function createStaffTriageService(deps: Deps) {
  const { db, clock, access: gate, engine, photos } = deps;

  async function access(trx: Tx, actor: StaffActor, session: SessionRow, action: string) {
    await gate.require(trx, actor, session.subject_person_id, {
      action,
      recordType: RECORD,
      recordId: session.id,
      purpose: 'care',
      at: clock.now(),
    });
  }

  /** Loads the session locked and checks access; a draft may only be answered by the nurse who started it. */
  async function onSession<T>(
    actor: StaffActor,
    id: string,
    action: string,
    write: boolean,
    fn: (trx: Tx, s: SessionRow) => Promise<T>,
  ) {
    return patientTransaction(db, async (trx) => {
      const session = await findSession(trx, id, write);
      if (!session) throw notFound('triage');
      await access(trx, actor, session, action);
      if (write && session.actor_staff_id !== actor.staffId) throw notFound('triage');
      return fn(trx, session);
    });
  }

  async function fullView(trx: Tx, session: SessionRow) {
    const view = await engine.view(trx, session);
    const decision = await decisionOfSession(trx, session.id);
    const overrides = decision ? await overridesOf(trx, decision.id) : [];
    return {
      session: view,
      response: (decision?.response as Record<string, unknown> | undefined) ?? null,
      overrides: overrides.map((o) => ({
        route: o.route as never,
        urgency: o.urgency as never,
        reason: o.reason,
        staffId: o.staff_id,
        createdAt: o.created_at.toISOString(),
      })),
    };
  }

  return {
    /**
     * The triaged patients routed to the active unit in the last 14 days
     * (who, route, urgency; the answers open per patient). The list audits
     * what it shows: one entry per patient listed.
     */
    async routedToUnit(actor: StaffActor) {
      const unitId = actor.activeUnitId;
      if (!unitId) throw forbidden('no_active_unit', 'Choose the unit you work in first.');
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const rows = await decisionsRoutedTo(
          trx,
          unitId,
          new Date(now.getTime() - ROUTED_RELATIONSHIP_DAYS * 86_400_000),
        );
        await recordAuditMany(
          trx,
          [...new Set(rows.map((r) => r.subject_person_id))].map((personId) => ({
            actor,
            subjectPersonId: personId,
            action: 'list',
            recordType: 'triage_decision',
            purpose: 'care',
            unitId,
            at: now,
          })),
        );
        return rows.map((r) => ({
          decisionId: r.id,
          sessionId: r.session_id,
          personId: r.subject_person_id,
          name: `${r.given_name} ${r.family_name}`,
          protectedIdentity: r.protected_identity,
          route: r.route as never,
          urgency: r.urgency as never,
          kind: r.kind,
          decidedAt: r.decided_at.toISOString(),
        }));
      });
    },

    /** Starts a phone triage for a patient of the active unit. */
    async start(actor: StaffActor, personId: string) {
      return patientTransaction(db, async (trx) => {
        const now = clock.now();
        const id = uuid();
        await gate.require(trx, actor, personId, {
          action: 'create',
          recordType: RECORD,
          recordId: id,
          purpose: 'care',
          at: now,
        });
        const version = await activeVersion(trx);
        if (!version) throw conflict('no_questionnaire', 'No triage questionnaire is published.');
        await insertSession(trx, {
          id,
          version_id: version.id,
          subject_person_id: personId,
          channel: 'staff',
          actor_person_id: null,
          actor_staff_id: actor.staffId,
          unit_id: actor.activeUnitId,
          expires_at: new Date(now.getTime() + DRAFT_TTL_MS),
          at: now,
        });
        const session = await findSession(trx, id);
        if (!session) throw new Error('session vanished');
        return fullView(trx, session);
      });
    },

    /** A triage with its answers (a staff draft of one's own, or any decided triage of a patient one may see). */
    async get(actor: StaffActor, id: string) {
      return onSession(actor, id, 'read', false, async (trx, session) => {
        if (session.status === 'draft' && session.actor_staff_id !== actor.staffId) throw notFound('triage');
        return fullView(trx, session);
      });
    },

    async answer(actor: StaffActor, id: string, linkId: string, answer: unknown | null) {
      return onSession(actor, id, 'update', true, async (trx, session) => {
        await engine.answer(trx, session, linkId, answer, actor.staffId);
        return fullView(trx, (await findSession(trx, id)) ?? session);
      });
    },

    async submit(actor: StaffActor, id: string, response: unknown | undefined) {
      return onSession(actor, id, 'decide', true, async (trx, session) => {
        await engine.submit(trx, session, response, actor.staffId);
        return fullView(trx, (await findSession(trx, id)) ?? session);
      });
    },

    async talk(actor: StaffActor, id: string) {
      return onSession(actor, id, 'decide', true, async (trx, session) => {
        await engine.talk(trx, session, actor.staffId);
        return fullView(trx, (await findSession(trx, id)) ?? session);
      });
    },

    /**
     * A photo answer of a decided triage, for staff with a care relationship
     * to the patient (the gate checks it and writes the audit row in the same
     * transaction); only photos the triage's answers name.
     */
    async photo(actor: StaffActor, id: string, photoId: string) {
      const row = await patientTransaction(db, async (trx) => {
        const session = await findSession(trx, id);
        if (!session || session.status === 'draft') throw notFound('triage');
        if (!photoIdsIn(id, session.answers).includes(photoId)) throw notFound('photo');
        await gate.require(trx, actor, session.subject_person_id, {
          action: 'read',
          recordType: 'triage_photo',
          recordId: photoId,
          purpose: 'care',
          at: clock.now(),
        });
        return photos.read(trx, 'triage', id, photoId);
      });
      return photos.file(row);
    },

    /** Records that the clinician sends the patient elsewhere than the rules did (reported per week). */
    async override(actor: StaffActor, decisionId: string, input: { route: string; urgency: string; reason: string }) {
      return patientTransaction(db, async (trx) => {
        const decision = await findDecision(trx, decisionId);
        if (!decision) throw notFound('triage');
        const session = await findSession(trx, decision.session_id, true);
        if (!session) throw notFound('triage');
        await access(trx, actor, session, 'override');
        await insertOverride(trx, {
          id: uuid(),
          decisionId,
          staffId: actor.staffId,
          unitId: actor.activeUnitId as string,
          ...input,
          at: clock.now(),
        });
        return fullView(trx, session);
      });
    },
  };
}
