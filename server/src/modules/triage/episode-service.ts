/**
 * Continuity: a unit registers an ongoing care episode for a patient with a
 * named care contact (staff of the unit, with a care relationship to the
 * patient; audited). The patient (or a guardian) sees "Din vårdkontakt" first
 * on the entrance and writes to the contact without triage: the message
 * opens a conversation in the unit's inbox through messaging's face, its
 * subject naming the contact. An active episode is itself a care relationship
 * for the unit (the `care_episode` access source).
 */
import type { ActingFor } from '../../platform/acting-for.js';
import { recordAudit } from '../../platform/audit.js';
import type { CitizenActor, StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Db } from '../../platform/db/index.js';
import { badRequest, forbidden, notFound } from '../../platform/errors.js';
import { type PatientAccess, patientTransaction } from '../../platform/patient-access.js';
import * as store from './episode-store.js';
import type { StartPatientConversation } from './errand-service.js';
import { unitTopicIds } from './errand-store.js';

interface Deps {
  db: Db;
  clock: Clock;
  access: PatientAccess;
  actingFor: ActingFor;
  startConversation: StartPatientConversation;
}

const RECORD = 'care_episode';

type EpisodeRow = Awaited<ReturnType<typeof store.activeEpisodes>>[number];
const view = (e: EpisodeRow) => ({
  id: e.id,
  label: e.label,
  unit: { id: e.unit_id, name: e.unit_name },
  contact: { staffId: e.contact_staff_id, name: `${e.given_name} ${e.family_name}`, title: e.title },
  since: e.created_at.toISOString(),
});

function activeUnit(actor: StaffActor): string {
  if (!actor.activeUnitId) throw forbidden('no_active_unit', 'Choose the unit you work in first.');
  return actor.activeUnitId;
}

export function createEpisodeService(deps: Deps) {
  const { db, clock, access } = deps;

  return {
    /** Registers an episode at the active unit (the contact must work there; the topic must be the unit's). */
    async register(
      actor: StaffActor,
      input: { personId: string; label: string; contactStaffId: string; topicId?: string | null },
    ) {
      const unitId = activeUnit(actor);
      return patientTransaction(db, async (trx) => {
        const id = uuid();
        const now = clock.now();
        await access.require(trx, actor, input.personId, {
          action: 'create',
          recordType: RECORD,
          recordId: id,
          purpose: 'care',
          at: now,
        });
        const fields: Record<string, string> = {};
        if (!(await store.worksInUnit(trx, unitId, input.contactStaffId)))
          fields.contactStaffId = 'does not work in this unit';
        const topics = await unitTopicIds(trx, unitId);
        if (input.topicId && !topics.includes(input.topicId)) fields.topicId = 'not a topic of this unit';
        if (!input.topicId && topics.length > 0) fields.topicId = 'required: the unit sorts its inbox by topic';
        if (Object.keys(fields).length)
          throw badRequest('invalid_episode', 'The care episode cannot be saved.', fields);
        await store.insertEpisode(trx, {
          id,
          unitId,
          personId: input.personId,
          label: input.label,
          contactStaffId: input.contactStaffId,
          topicId: input.topicId ?? null,
          staffId: actor.staffId,
          at: now,
        });
        return (await store.activeEpisodes(trx, { personId: input.personId, unitId })).map(view);
      });
    },

    /** The patient's active episodes at the active unit (audited). */
    async ofPatient(actor: StaffActor, personId: string) {
      const unitId = activeUnit(actor);
      return patientTransaction(db, async (trx) => {
        await access.require(trx, actor, personId, {
          action: 'read',
          recordType: RECORD,
          purpose: 'care',
          at: clock.now(),
        });
        return (await store.activeEpisodes(trx, { personId, unitId })).map(view);
      });
    },

    async end(actor: StaffActor, id: string) {
      const unitId = activeUnit(actor);
      return patientTransaction(db, async (trx) => {
        const e = await store.findEpisode(trx, id);
        if (!e || e.unit_id !== unitId) throw notFound('care episode');
        const now = clock.now();
        await access.require(trx, actor, e.patient_person_id, {
          action: 'update',
          recordType: RECORD,
          recordId: id,
          purpose: 'care',
          at: now,
        });
        await store.endEpisode(trx, id, actor.staffId, now);
        return (await store.activeEpisodes(trx, { personId: e.patient_person_id, unitId })).map(view);
      });
    },

    /** "Din vårdkontakt": the subject's active episodes (audited when there are any). */
    async contacts(actor: CitizenActor, subjectId: string | undefined) {
      return deps.actingFor.withSubject(actor, subjectId, 'messages', async (trx, subject) => {
        const rows = await store.activeEpisodes(trx, { personId: subject.subjectPersonId });
        if (rows.length) {
          await recordAudit(trx, {
            actor,
            subjectPersonId: subject.subjectPersonId,
            action: 'read',
            recordType: RECORD,
            purpose: 'self_service',
            onBehalf: subject.onBehalf,
            at: clock.now(),
          });
        }
        return rows.map(view);
      });
    },

    /** Writes to the care contact: a conversation in the unit's inbox whose subject names the contact. */
    async write(
      actor: CitizenActor,
      episodeId: string,
      input: { subjectId?: string; subject: string; body: string; clientId?: string },
    ) {
      const subjectPersonId = await deps.actingFor.withSubject(
        actor,
        input.subjectId,
        'messages',
        async (_trx, s) => s.subjectPersonId,
      );
      const e = (await store.activeEpisodes(db, { personId: subjectPersonId })).find((x) => x.id === episodeId);
      if (!e) throw notFound('care contact');
      // Straight to the contact: messaging assigns every new conversation of a patient with an active
      // episode at the unit to its contact (and checks they still work there).
      const started = await deps.startConversation(actor, input.subjectId, {
        unitId: e.unit_id,
        ...(e.topic_id ? { topicId: e.topic_id } : {}),
        subject: `${e.given_name} ${e.family_name} (${e.label}): ${input.subject}`.slice(0, 120),
        body: input.body,
        attachmentIds: [],
        ...(input.clientId ? { clientId: input.clientId } : {}),
      });
      return { conversationId: started.conversation.id };
    },
  };
}

export type EpisodeService = ReturnType<typeof createEpisodeService>;
