/**
 * The one piece of the record support may see: when a citizen wrote logged in, an agent may —
 * with a stated reason — list that citizen's bookings, cancel one, or move one to another free
 * time of the same type on their behalf (the booking module's rules and slot guard). Each
 * access is audit-logged in the same transaction (purpose 'support', with the reason), so it
 * shows in the citizen's "Vem har tittat". Nothing else of the record is reachable from here.
 */
import { recordAudit } from '../../platform/audit.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Tx } from '../../platform/db/index.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { Agent, SupportDeps } from './deps.js';
import * as store from './store.js';

export function createSupportBookings(deps: SupportDeps) {
  const { db, clock, bookings } = deps;

  async function subjectOf(trx: Tx, caseId: string): Promise<string> {
    const c = await store.getCase(trx, caseId);
    if (!c) throw notFound('case');
    if (!c.person_id) throw conflict('not_identified', 'The citizen did not write logged in; bookings are not shown.');
    if (c.status === 'merged' || c.status === 'closed') throw conflict('case_closed', 'The case is closed.');
    return c.person_id;
  }

  /** One change to a booking on the citizen's behalf: the change, its audit entry and a case note, in one transaction. */
  async function act(
    agent: Agent,
    caseId: string,
    reason: string,
    change: (trx: Tx, personId: string, now: Date) => Promise<{ action: string; recordId: string; note: string }>,
  ) {
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const personId = await subjectOf(trx, caseId);
      const done = await change(trx, personId, now);
      await recordAudit(trx, {
        actor: agent,
        subjectPersonId: personId,
        action: done.action,
        recordType: 'booking',
        recordId: done.recordId,
        purpose: 'support',
        reason,
        at: now,
      });
      await store.insertMessage(trx, {
        id: uuid(),
        case_id: caseId,
        author_kind: 'note',
        author_staff_id: agent.staffId,
        body: `${done.note} Skäl: ${reason}`,
        channel: 'internal',
        message_id: null,
        created_at: now,
      });
    });
    await deps.events.changed(caseId);
  }

  return {
    async list(agent: Agent, caseId: string, reason: string) {
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const personId = await subjectOf(trx, caseId);
        await recordAudit(trx, {
          actor: agent,
          subjectPersonId: personId,
          action: 'read',
          recordType: 'booking_list',
          recordId: caseId,
          purpose: 'support',
          reason,
          at: now,
        });
        const list = await bookings.list(trx, personId, now);
        return list.map((b) => ({
          id: b.id,
          unitName: b.unit.name,
          timeTypeName: b.timeType.name,
          startsAt: b.start,
          status: b.status,
          cancellable: b.canCancel,
        }));
      });
    },

    async cancel(agent: Agent, caseId: string, bookingId: string, reason: string) {
      await act(agent, caseId, reason, async (trx, personId, now) => {
        await bookings.cancel(trx, personId, bookingId, now);
        return { action: 'cancel', recordId: bookingId, note: 'Avbokade en tid för invånaren.' };
      });
    },

    /** Free times of the same type for one of the citizen's bookings (audited as a read of the booking). */
    async freeTimes(agent: Agent, caseId: string, bookingId: string, reason: string) {
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const personId = await subjectOf(trx, caseId);
        const times = await bookings.freeTimes(trx, personId, bookingId, now);
        await recordAudit(trx, {
          actor: agent,
          subjectPersonId: personId,
          action: 'read',
          recordType: 'booking',
          recordId: bookingId,
          purpose: 'support',
          reason,
          at: now,
        });
        return times;
      });
    },

    /** Moves one of the citizen's bookings to another free time of the same type; returns the new booking's id. */
    async rebook(agent: Agent, caseId: string, bookingId: string, slotId: string, reason: string) {
      let id = '';
      await act(agent, caseId, reason, async (trx, personId, now) => {
        const moved = await bookings.rebook(trx, { personId, bookingId, slotId, staffId: agent.staffId, now });
        id = moved.id;
        return { action: 'rebook', recordId: moved.id, note: 'Bokade om en tid för invånaren.' };
      });
      return { id };
    },
  };
}
