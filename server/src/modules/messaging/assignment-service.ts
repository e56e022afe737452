/**
 * Who handles a conversation and where it stands: take, assign to a colleague
 * or release; close (with or without letting the patient answer) and reopen;
 * the unit's read mark. Events go out through the hub after commit.
 */
import type { StaffActor } from '../../platform/auth.js';
import { badRequest } from '../../platform/errors.js';
import { patientTransaction, requireUnitCare } from '../../platform/patient-access.js';
import { readState } from './citizen-service.js';
import { createOutbox } from './events.js';
import type { StaffConversations, StaffDeps } from './staff-conversations.js';
import * as staffStore from './staff-store.js';
import * as store from './store.js';

export function createAssignmentService(deps: StaffDeps & { conversations: StaffConversations }) {
  const { db, clock, hub } = deps;
  const { open, detail, transition } = deps.conversations;
  const onPublishError = (error: unknown) => deps.log.warn({ err: error }, 'messaging publish failed');

  return {
    /** The unit has read the patient's side up to `upToSeq` (the patient sees "Läst"). */
    async markRead(actor: StaffActor, unitId: string, id: string, upToSeq: number) {
      requireUnitCare(actor, unitId);
      const outbox = createOutbox(hub);
      const result = await patientTransaction(db, async (trx) => {
        const c = await open(trx, actor, unitId, id, 'read', 'conversation', true);
        const upTo = Math.min(upToSeq, c.last_seq);
        if (upTo <= c.unit_read_seq) return readState(c);
        const now = clock.now();
        const updated = await store.advanceReadMark(trx, c.id, 'unit', upTo, now);
        outbox.read(c.id, 'unit', upTo, now);
        outbox.changed(updated, false);
        return readState(updated);
      });
      await outbox.flush(onPublishError);
      return result;
    },

    /** Take (staffId = own id), assign to a colleague in the unit, or release (null). */
    async assign(actor: StaffActor, unitId: string, id: string, staffId: string | null) {
      requireUnitCare(actor, unitId);
      const outbox = createOutbox(hub);
      const result = await patientTransaction(db, async (trx) => {
        const c = await open(trx, actor, unitId, id, 'update', 'conversation', true);
        if (staffId !== null) {
          if (!(await staffStore.isActiveColleague(trx, unitId, staffId))) {
            throw badRequest('unknown_staff', 'Personen arbetar inte på mottagningen.', {
              staffId: 'not in this unit',
            });
          }
        }
        const updated = await transition(trx, c, staffId === null ? 'unassign' : 'assign', { assignee: staffId });
        outbox.changed(updated, false);
        return detail(trx, actor, updated);
      });
      await outbox.flush(onPublishError);
      return result;
    },

    /** Close, with or without letting the patient answer (an answer reopens it). */
    async close(actor: StaffActor, unitId: string, id: string, allowReply: boolean) {
      requireUnitCare(actor, unitId);
      const outbox = createOutbox(hub);
      const result = await patientTransaction(db, async (trx) => {
        const c = await open(trx, actor, unitId, id, 'update', 'conversation', true);
        const updated = await transition(trx, c, 'close', { allowReply });
        outbox.changed(updated, true);
        return detail(trx, actor, updated);
      });
      await outbox.flush(onPublishError);
      return result;
    },

    async reopen(actor: StaffActor, unitId: string, id: string) {
      requireUnitCare(actor, unitId);
      const outbox = createOutbox(hub);
      const result = await patientTransaction(db, async (trx) => {
        const c = await open(trx, actor, unitId, id, 'update', 'conversation', true);
        const updated = await transition(trx, c, 'reopen', {});
        outbox.changed(updated, true);
        return detail(trx, actor, updated);
      });
      await outbox.flush(onPublishError);
      return result;
    },
  };
}
