/**
 * Recurring work, idempotent on every instance: waiting cases offered to free agents (the
 * fallback of offers.ts), offers nobody accepted within the accept timeout
 * (two minutes by default) go to the next agent with room (and the agent becomes unavailable
 * until they come back, as in Zammad), and cases past their
 * first-answer deadline are flagged to second line.
 */
import { offersLapsedBefore } from '@ingang/domain';
import { uuid } from '../../platform/db/helpers.js';
import type { SupportDeps } from './deps.js';
import type { Intake } from './intake.js';
import type { Offers } from './offers.js';
import * as store from './store.js';

export function createSweeps(deps: SupportDeps, intake: Intake, offers: Offers) {
  const { db, clock, log } = deps;
  return {
    async lapsedOffers(): Promise<number> {
      const now = clock.now();
      const lapsed = await store.lapsedOffers(db, offersLapsedBefore(now, deps.config.acceptTimeoutSeconds));
      let moved = 0;
      for (const l of lapsed) {
        await db.transaction().execute(async (trx) => {
          const c = await store.lockCase(trx, l.id);
          // Re-checked under the lock: accepted or taken meanwhile → nothing to do.
          if (c?.status !== 'new' || c.accepted_at || !c.offered_at || c.assignee_staff_id !== l.assignee_staff_id)
            return;
          if (l.assignee_staff_id) await store.setAgent(trx, l.assignee_staff_id, { available: false }, now);
          await store.updateCase(trx, c.id, { assignee_staff_id: null, offered_at: null });
          const next = { ...c, assignee_staff_id: null, offered_at: null };
          await intake.assign(trx, next, now);
          moved++;
        });
        await deps.events.changed(l.id);
      }
      if (moved) log.info({ moved }, 'support offers moved on');
      return moved;
    },

    /** The fallback for offers missed at the moment an agent became free (a row locked by a concurrent offer). */
    async waiting(): Promise<number> {
      return offers.offerWaiting();
    },

    async breaches(): Promise<number> {
      const now = clock.now();
      const due = await store.breachedCases(db, now);
      for (const b of due) {
        await db.transaction().execute(async (trx) => {
          await store.updateCase(trx, b.id, { breach_escalated_at: now });
          await store.insertMessage(trx, {
            id: uuid(),
            case_id: b.id,
            author_kind: 'note',
            author_staff_id: null,
            body: 'Svarstiden har passerats; ärendet visas för andra linjen.',
            channel: 'internal',
            message_id: null,
            created_at: now,
          });
        });
        await deps.events.changed(b.id);
      }
      if (due.length) log.info({ count: due.length }, 'support SLA breaches flagged');
      return due.length;
    },
  };
}
