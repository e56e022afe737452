/** Report shapes and the SVG chart of `bench:video`. */

export interface ForwardLevel {
  participants: number;
  /** Forwarded streams: N·(N−1) audio + N·(N−1) video. */
  streams: number;
  /** From the first publish until every subscription was answered. */
  setupMs: number;
  /** … until every subscription received video (or 60 s passed). */
  flowingMs: number;
  flowingSubscriptions: number;
  subscriptions: number;
  receivedPps: number;
  expectedPps: number;
  /** SFU CPU seconds per wall second. */
  sfuCpu: number;
  streamsPerCore: number;
  loadAverage: number[];
}

export interface SignallingResult {
  workers: number;
  meetings: number;
  meetingsPerSecond: number;
  p50ms: number;
  p95ms: number;
  errors: number;
}

export interface VideoReport {
  date: string;
  machine: { cpus: number; model: string; node: string };
  setup: { seconds: number; levels: number[]; db: string };
  routers: Record<string, ForwardLevel[]>;
  signalling: SignallingResult | null;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function svgChart(report: VideoReport): string {
  const labelW = 230;
  const barW = 420;
  const rowH = 24;
  let y = 74;
  const parts: string[] = [];
  const all = Object.values(report.routers).flat();
  const max = Math.max(1, ...all.map((l) => l.streamsPerCore));
  const colours: Record<string, string> = { werift: '#0b3d91', janus: '#8a4b08' };
  for (const [name, levels] of Object.entries(report.routers)) {
    const colour = colours[name] ?? '#333';
    const title = name === 'werift' ? 'Embedded SFU (werift, in the server process)' : 'Janus VideoRoom (own process)';
    parts.push(`<text x="12" y="${y + 4}" font-weight="bold" fill="${colour}">${esc(title)}</text>`);
    y += 10;
    for (const l of levels) {
      const w = Math.max(1, Math.round((l.streamsPerCore / max) * barW));
      const delivered = l.expectedPps ? Math.round((l.receivedPps / l.expectedPps) * 100) : 0;
      parts.push(
        `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end">${l.participants} participants, ${l.streams} streams</text>`,
        `<rect x="${labelW}" y="${y + 5}" width="${w}" height="${rowH - 8}" fill="${colour}" rx="1"/>`,
        `<text x="${labelW + w + 6}" y="${y + 16}" fill="#333">${esc(`${l.streamsPerCore} streams/core (CPU ${l.sfuCpu} s/s, ${delivered} % delivered)`)}</text>`,
      );
      y += rowH;
    }
    y += 20;
  }
  const s = report.signalling;
  const sig = s
    ? `Signalling: ${s.meetingsPerSecond} meetings set up per second (${s.workers} parallel; p50 ${s.p50ms} ms, p95 ${s.p95ms} ms; ${s.errors} errors)`
    : 'Signalling: not measured';
  parts.push(`<text x="12" y="${y + 4}" font-weight="bold">${esc(sig)}</text>`);
  y += 20;
  const height = y + 24;
  const width = labelW + barW + 370;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" role="img" aria-labelledby="title">
  <title id="title">Video benchmark ${esc(report.date)}: forwarded streams per core of the SFUs, and meetings set up per second</title>
  <rect width="100%" height="100%" fill="#ffffff"/>
  <text x="12" y="22" font-size="15" font-weight="bold">Video meetings: forwarded streams per CPU core (higher is better)</text>
  <text x="12" y="40" fill="#555">${esc(`one group meeting of N synthetic werift participants (own process), audio 50 pps + video 30 pps each, every feed to everyone; ${report.setup.seconds} s per level`)}</text>
  <text x="12" y="56" fill="#555">${esc(`${report.machine.cpus} CPUs (${report.machine.model}) shared with the load generator and other work; ${report.machine.node}; ${report.date.slice(0, 16).replace('T', ' ')} UTC`)}</text>
  ${parts.join('\n  ')}
</svg>
`;
}
