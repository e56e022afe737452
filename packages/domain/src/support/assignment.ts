/**
 * Round-robin assignment with a per-agent limit of concurrent chats: the
 * available agent with room who was assigned longest ago gets the next case.
 * An agent who lets an offered chat sit unaccepted for two minutes is set
 * unavailable, so the queue does not wait on someone who walked away.
 */

export interface AgentLoad {
  staffId: string;
  available: boolean;
  /** Open cases the agent owns right now. */
  openCases: number;
  /** Max concurrent cases. */
  limit: number;
  /** When the agent was last given a case (null: never). */
  lastAssignedAt: Date | null;
}

/** Seconds an offered chat may wait for the agent's acceptance before the agent goes unavailable (the default; configurable). */
export const ACCEPT_TIMEOUT_SECONDS = 120;

/** The agent to get the next case, or null when nobody has room. Ties go to the lower id (stable). */
export function pickRoundRobin(agents: readonly AgentLoad[]): string | null {
  const candidates = agents.filter((a) => a.available && a.openCases < a.limit);
  candidates.sort((a, b) => {
    const ta = a.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    const tb = b.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (ta !== tb) return ta - tb;
    return a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0;
  });
  return candidates[0]?.staffId ?? null;
}

/** Free chat slots across available agents ("chat now" shows only when this is above zero). */
export function freeCapacity(agents: readonly AgentLoad[]): number {
  return agents.filter((a) => a.available).reduce((n, a) => n + Math.max(0, a.limit - a.openCases), 0);
}

/** True when an offer made at `offeredAt` has gone unaccepted too long at `now`. */
export function offerExpired(offeredAt: Date, now: Date, timeoutSeconds = ACCEPT_TIMEOUT_SECONDS): boolean {
  return now.getTime() - offeredAt.getTime() >= timeoutSeconds * 1000;
}

/** The instant before which an unaccepted offer has lapsed at `now`. */
export function offersLapsedBefore(now: Date, timeoutSeconds = ACCEPT_TIMEOUT_SECONDS): Date {
  return new Date(now.getTime() - timeoutSeconds * 1000);
}
