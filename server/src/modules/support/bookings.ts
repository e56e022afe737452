/**
 * The one piece of the record support may see: when a citizen wrote logged in, an agent may —
 * with a stated reason — list that citizen's bookings and cancel one on their behalf. Each
 * access is audit-logged in the same transaction (purpose 'support', with the reason), so it
 * shows in the citizen's "Vem har tittat". Nothing else of the record is reachable from here.
 */
import { recordAudit } from '../../platform/audit.js';
import { conflict, notFound } from '../../platform/errors.js';
import { uuid } from '../../platform/sessions.js';
import type { Agent, SupportDeps } from './deps.js';
import * as store from './store.js';

export function createSupportBookings(deps: SupportDeps) {
  const { db, clock, bookings } = deps;

  async function subjectOf(trx: Parameters<typeof store.lockCase>[0], caseId: string): Promise<string> {
    const c = await store.getCase(trx, caseId);
    if (!c) throw notFound('case');
    if (!c.person_id) throw conflict('not_identified', 'The citizen did not write logged in; bookings are not shown.');
    if (c.status === 'merged' || c.status === 'closed') throw conflict('case_closed', 'The case is closed.');
    return c.person_id;
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
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const personId = await subjectOf(trx, caseId);
        await bookings.cancel(trx, personId, bookingId, now);
        await recordAudit(trx, {
          actor: agent,
          subjectPersonId: personId,
          action: 'cancel',
          recordType: 'booking',
          recordId: bookingId,
          purpose: 'support',
          reason,
          at: now,
        });
        await store.insertMessage(trx, {
          id: uuid(),
          case_id: caseId,
          author_kind: 'note',
          author_staff_id: agent.staffId,
          body: `Avbokade en tid för invånaren. Skäl: ${reason}`,
          channel: 'internal',
          message_id: null,
          created_at: now,
        });
      });
    },
  };
}
