/**
 * The citizen's triage, for oneself or for someone one acts for (a guardian
 * for a child): start, answer one question at a time, submit, or ask to talk
 * to someone. Only the person who started a session sees it; the acting-for
 * right is checked again on every step. Every step is audited in its
 * transaction (answers are health data).
 */
import type { ActingFor } from '../../platform/acting-for.js';
import type { OnBehalfRelation } from '../../platform/audit.js';
import { recordAudit } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { conflict, notFound } from '../../platform/errors.js';
import { DRAFT_TTL_MS, type TriageEngine } from './engine.js';
import { type HeldFiles, photoIdsIn } from './photos.js';
import { findSession, insertSession } from './session-store.js';
import { activeVersion } from './version-store.js';

interface Deps {
  db: Db;
  clock: Clock;
  actingFor: ActingFor;
  engine: TriageEngine;
  photos: HeldFiles;
}

const RECORD = 'triage_session';
/** The audit record type of a photo answer (upload: the answer's `update`; viewing: `read`). */
export const PHOTO_RECORD = 'triage_photo';

export function createCitizenTriageService(deps: Deps) {
  const { db, clock, actingFor, engine, photos } = deps;

  /** Runs `fn` on the actor's own session, locked, with the acting-for right re-checked. */
  async function onSession<T>(
    actor: CitizenActor,
    id: string,
    action: string,
    fn: (
      trx: Tx,
      session: NonNullable<Awaited<ReturnType<typeof findSession>>>,
      onBehalf: { relation: OnBehalfRelation } | null,
    ) => Promise<T>,
  ): Promise<T> {
    const peek = await findSession(db, id);
    if (!peek || peek.actor_person_id !== actor.personId) throw notFound('triage');
    return actingFor.withSubject(actor, peek.subject_person_id, 'messages', async (trx, subject) => {
      const session = await findSession(trx, id, true);
      if (!session || session.actor_person_id !== actor.personId) throw notFound('triage');
      const result = await fn(trx, session, subject.onBehalf);
      await recordAudit(trx, {
        actor,
        subjectPersonId: session.subject_person_id,
        action,
        recordType: RECORD,
        recordId: session.id,
        purpose: 'self_service',
        onBehalf: subject.onBehalf,
        at: clock.now(),
      });
      return result;
    });
  }

  return {
    /** Starts a draft pinned to the published version in use now. */
    async start(actor: CitizenActor, subjectId: string | undefined) {
      return actingFor.withSubject(actor, subjectId, 'messages', async (trx, subject) => {
        const version = await activeVersion(trx);
        if (!version) throw conflict('no_questionnaire', 'Triage is not available right now. Call 1177 for advice.');
        const now = clock.now();
        const id = uuid();
        await insertSession(trx, {
          id,
          version_id: version.id,
          subject_person_id: subject.subjectPersonId,
          channel: 'citizen',
          actor_person_id: actor.personId,
          actor_staff_id: null,
          unit_id: null,
          expires_at: new Date(now.getTime() + DRAFT_TTL_MS),
          at: now,
        });
        await recordAudit(trx, {
          actor,
          subjectPersonId: subject.subjectPersonId,
          action: 'create',
          recordType: RECORD,
          recordId: id,
          purpose: 'self_service',
          onBehalf: subject.onBehalf,
          at: now,
        });
        const session = await findSession(trx, id);
        if (!session) throw new Error('session vanished');
        return engine.view(trx, session);
      });
    },

    async get(actor: CitizenActor, id: string) {
      return onSession(actor, id, 'read', (trx, session) => engine.view(trx, session));
    },

    async answer(actor: CitizenActor, id: string, linkId: string, answer: unknown | null) {
      return onSession(actor, id, 'update', async (trx, session, onBehalf) => {
        await engine.answer(trx, session, linkId, answer, null, async (attachmentId, field) => {
          const held = await photos.hold(trx, {
            attachmentId,
            field,
            uploaderPersonId: actor.personId,
            subjectPersonId: session.subject_person_id,
            holder: 'triage',
            ref: session.id,
          });
          // The upload becomes part of the triage: recorded as its own audit row in this transaction.
          await recordAudit(trx, {
            actor,
            subjectPersonId: session.subject_person_id,
            action: 'create',
            recordType: PHOTO_RECORD,
            recordId: attachmentId,
            purpose: 'self_service',
            onBehalf,
            at: clock.now(),
          });
          return held;
        });
        const after = (await findSession(trx, id)) ?? session;
        // A replaced or removed photo is let go (the purge of unsent uploads removes it later).
        await photos.release(trx, 'triage', [id], photoIdsIn(id, after.answers));
        return engine.view(trx, after);
      });
    },

    /**
     * A photo of one's own triage (the session's answers must name it), audited
     * as a read of the photo in the same transaction.
     */
    async photo(actor: CitizenActor, id: string, photoId: string) {
      const peek = await findSession(db, id);
      if (!peek || peek.actor_person_id !== actor.personId) throw notFound('triage');
      const row = await actingFor.withSubject(actor, peek.subject_person_id, 'messages', async (trx, subject) => {
        const session = await findSession(trx, id);
        if (!session || session.actor_person_id !== actor.personId) throw notFound('triage');
        if (!photoIdsIn(id, session.answers).includes(photoId)) throw notFound('photo');
        const held = await photos.read(trx, 'triage', id, photoId);
        await recordAudit(trx, {
          actor,
          subjectPersonId: session.subject_person_id,
          action: 'read',
          recordType: PHOTO_RECORD,
          recordId: photoId,
          purpose: 'self_service',
          onBehalf: subject.onBehalf,
          at: clock.now(),
        });
        return held;
      });
      return photos.file(row);
    },

    async submit(actor: CitizenActor, id: string, response: unknown | undefined) {
      return onSession(actor, id, 'decide', async (trx, session) => {
        await engine.submit(trx, session, response, null);
        return engine.view(trx, (await findSession(trx, id)) ?? session);
      });
    },

    async talk(actor: CitizenActor, id: string) {
      return onSession(actor, id, 'decide', async (trx, session) => {
        await engine.talk(trx, session, null);
        return engine.view(trx, (await findSession(trx, id)) ?? session);
      });
    },
  };
}
