/**
 * `window.__ingangVideoStats()` for the browser journeys: decoded video
 * frames per sending participant of every running meeting client.
 */
import { sample } from './quality.js';

interface Measurable {
  connections(): { participantId: string | null; pc: RTCPeerConnection }[];
}

type StatsHook = () => Promise<{
  framesDecoded: number;
  byParticipant: Record<string, number>;
  connections: number;
}>;
const active = new Set<Measurable>();

/**
 * `window.__ingangVideoStats()`: decoded video frames per sending participant
 * (from getStats inbound-rtp). Used by the browser journeys to prove media
 * flows; it exposes counters only, no media and no names.
 */
export function installStatsHook(client: Measurable): void {
  active.add(client);
  const hook: StatsHook = async () => {
    const byParticipant: Record<string, number> = {};
    let framesDecoded = 0;
    let connections = 0;
    for (const c of active) {
      const list = c.connections();
      connections += list.length;
      for (const inbound of (await sample(list)).inboundVideo) {
        framesDecoded += inbound.framesDecoded;
        const key = inbound.participantId ?? 'self';
        byParticipant[key] = (byParticipant[key] ?? 0) + inbound.framesDecoded;
      }
    }
    return { framesDecoded, byParticipant, connections };
  };
  (window as unknown as { __ingangVideoStats?: StatsHook }).__ingangVideoStats = hook;
}

export function uninstallStatsHook(client: Measurable): void {
  active.delete(client);
}
