/**
 * Connection quality from `getStats()`: round-trip time of the selected
 * candidate pair and the share of lost packets since the last look. Also the
 * numbers the browser journeys read through `window.__ingangVideoStats()`.
 */
export type Quality = 'good' | 'fair' | 'poor';

export interface InboundVideo {
  participantId: string | null;
  framesDecoded: number;
  bytesReceived: number;
}

export interface StatsSample {
  rttMs: number | null;
  packetsLost: number;
  packetsReceived: number;
  inboundVideo: InboundVideo[];
}

/** Reads the figures we need from a set of connections. */
export async function sample(connections: { participantId: string | null; pc: RTCPeerConnection }[]) {
  const result: StatsSample = { rttMs: null, packetsLost: 0, packetsReceived: 0, inboundVideo: [] };
  const rtts: number[] = [];
  for (const { participantId, pc } of connections) {
    if (pc.connectionState === 'closed') continue;
    let report: RTCStatsReport;
    try {
      report = await pc.getStats();
    } catch {
      continue;
    }
    report.forEach((stat: Record<string, unknown>) => {
      if (stat.type === 'candidate-pair' && stat.nominated && typeof stat.currentRoundTripTime === 'number') {
        rtts.push(stat.currentRoundTripTime * 1000);
      }
      if (stat.type === 'inbound-rtp') {
        result.packetsLost += Number(stat.packetsLost ?? 0);
        result.packetsReceived += Number(stat.packetsReceived ?? 0);
        if (stat.kind === 'video') {
          result.inboundVideo.push({
            participantId,
            framesDecoded: Number(stat.framesDecoded ?? 0),
            bytesReceived: Number(stat.bytesReceived ?? 0),
          });
        }
      }
    });
  }
  result.rttMs = rtts.length > 0 ? Math.max(...rtts) : null;
  return result;
}

/** good: < 300 ms and < 2 % loss; fair: < 700 ms and < 8 %; otherwise poor. Null before any media. */
export function judge(previous: StatsSample | null, current: StatsSample): { level: Quality | null; loss: number } {
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = Math.max(0, current.packetsLost - (previous?.packetsLost ?? 0));
  const loss = received + lost > 0 ? (lost / (received + lost)) * 100 : 0;
  if (current.rttMs === null && received === 0) return { level: null, loss };
  const rtt = current.rttMs ?? 0;
  if (rtt < 300 && loss < 2) return { level: 'good', loss };
  if (rtt < 700 && loss < 8) return { level: 'fair', loss };
  return { level: 'poor', loss };
}
