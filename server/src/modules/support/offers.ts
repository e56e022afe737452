/**
 * Waiting cases offered automatically (issue 16). When a first-line agent becomes free (closes,
 * escalates or merges a case, declines an offer) or comes online, the longest-waiting unassigned
 * case in a language they answer in (and that they did not decline) is offered to them — one
 * case per transaction, while they have room, in the order the citizens started waiting. The
 * accept timeout (SUPPORT_ACCEPT_TIMEOUT_SECONDS) then applies as to any offer (sweeps.ts).
 *
 * Exactly one agent gets each offer, also with several instances: the agent's row is locked and
 * their load re-counted under the lock, and the case is taken with FOR UPDATE SKIP LOCKED and
 * `assignee_staff_id is null`, so two concurrent offers never take the same case or overfill an
 * agent. An offer missed because a row was locked by a concurrent offer is made by the sweep
 * (`offerWaiting`, every 15 s on each instance) — the fallback, not the normal path.
 */
import type { SupportDeps } from './deps.js';
import * as store from './store.js';

/** At most this many offers to one agent in one go (their limit is at most 20). */
const MAX_OFFERS = 20;

export function createOffers(deps: SupportDeps) {
  const { db, clock, log } = deps;

  /** Offers the agent the longest-waiting cases that fit them while they have room; the ids offered. */
  async function offerTo(staffId: string): Promise<string[]> {
    const offered: string[] = [];
    for (let i = 0; i < MAX_OFFERS; i++) {
      const now = clock.now();
      const id = await db.transaction().execute(async (trx) => {
        const agent = await store.lockAgentWithRoom(trx, staffId);
        if (!agent) return null;
        const c = await store.nextCaseFor(trx, staffId, agent.languages);
        if (!c) return null;
        await store.updateCase(trx, c.id, { assignee_staff_id: staffId, offered_at: now });
        await store.setAgent(trx, staffId, { last_assigned_at: now }, now);
        return c.id;
      });
      if (!id) break;
      offered.push(id);
      await deps.events.changed(id);
    }
    return offered;
  }

  return {
    offerTo,

    /** Every available first-line agent with room, next in turn first, is offered what fits them. */
    async offerWaiting(): Promise<number> {
      const loads = await store.agentLoads(db, 'first_line');
      const free = loads
        .filter((l) => l.available && l.openCases < l.limit)
        .sort((a, b) => (a.lastAssignedAt?.getTime() ?? 0) - (b.lastAssignedAt?.getTime() ?? 0));
      let n = 0;
      for (const a of free) n += (await offerTo(a.staffId)).length;
      if (n) log.info({ offered: n }, 'support waiting cases offered');
      return n;
    },
  };
}

export type Offers = ReturnType<typeof createOffers>;
