/** The messaging benchmark's figures: a printable table and the SVG chart for docs/performance.md. */

export interface MessagingReport {
  at: string;
  machine: string;
  hub: 'memory' | 'redis';
  clients: number;
  subscribed: number;
  stillOpen: number;
  workers: number;
  senders: number;
  seconds: number;
  connectSeconds: number;
  serverRssMb: { idle: number; connected: number };
  kbPerSocket: number;
  sent: number;
  failedSends: number;
  sendsPerSecond: number;
  received: number;
  deliveredPerSecond: number;
  lost: number;
  duplicates: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** The sender's POST (write, audit, publish) alone. */
  postMs: { p50: number; p99: number };
  /** Server CPU while sending: cores busy (1 = one core) and CPU ms per message. */
  serverCpuShare: number;
  serverCpuMsPerMessage: number;
  loadAverage: number[];
}

export function table(r: MessagingReport): string {
  const rows: [string, string][] = [
    ['sockets subscribed / still open', `${r.subscribed} / ${r.stillOpen} (of ${r.clients})`],
    ['connect + subscribe, all sockets', `${r.connectSeconds} s`],
    [
      'server RSS idle → connected',
      `${r.serverRssMb.idle} → ${r.serverRssMb.connected} MB (${r.kbPerSocket} kB/socket)`,
    ],
    ['messages sent (POST 201) / failed', `${r.sent} / ${r.failedSends} in ${r.seconds} s`],
    ['sends/s, deliveries/s', `${r.sendsPerSecond}, ${r.deliveredPerSecond}`],
    ['lost, duplicated', `${r.lost}, ${r.duplicates}`],
    [
      'delivery latency p50 / p90 / p99 / max',
      `${r.latencyMs.p50} / ${r.latencyMs.p90} / ${r.latencyMs.p99} / ${r.latencyMs.max} ms`,
    ],
    ['POST latency p50 / p99', `${r.postMs.p50} / ${r.postMs.p99} ms`],
    ['server CPU while sending', `${r.serverCpuShare} cores, ${r.serverCpuMsPerMessage} ms per message`],
    ['hub, senders, client processes', `${r.hub}, ${r.senders}, ${r.workers}`],
    ['load average (1/5/15 min)', r.loadAverage.join(' / ')],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Every run of the day: its headline figures, then its latency percentiles as bars (linear ms). */
export function svgChart(runs: MessagingReport[]): string {
  const labelW = 330;
  const barW = 420;
  const width = labelW + barW + 90;
  const hi = Math.max(10, ...runs.flatMap((r) => [r.latencyMs.p99, r.postMs.p99]));
  const x = (v: number) => labelW + Math.round((v / hi) * barW);
  const parts: string[] = [];
  const last = runs.at(-1);
  parts.push(
    `<text x="12" y="24" font-weight="bold">${esc(`Chat delivery to ${last?.subscribed.toLocaleString('en-US') ?? 0} WebSockets on one server process`)}</text>`,
  );
  parts.push(`<text x="12" y="42" fill="#555">${esc(last ? last.machine : '')}</text>`);
  let y = 56;
  for (const [n, r] of runs.entries()) {
    parts.push(
      `<text x="12" y="${y + 16}" font-weight="bold">${esc(`Run ${n + 1} (${r.at.slice(11, 16)} UTC): ${r.hub} hub, ${r.senders} senders — ${r.sendsPerSecond} msg/s, lost ${r.lost}, duplicated ${r.duplicates}, ${r.kbPerSocket} kB/socket`)}</text>`,
    );
    y += 24;
    const bars: [string, number, string][] = [
      ['sender POST (write + audit + publish) p50', r.postMs.p50, '#8a8a8a'],
      ['sender POST p99', r.postMs.p99, '#8a8a8a'],
      ['delivery to the socket p50', r.latencyMs.p50, '#1f6feb'],
      ['delivery p90', r.latencyMs.p90, '#1f6feb'],
      ['delivery p99', r.latencyMs.p99, '#0b3d91'],
    ];
    for (const [label, v, fill] of bars) {
      parts.push(`<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(label)}</text>`);
      parts.push(
        `<rect x="${labelW}" y="${y + 3}" width="${Math.max(2, x(v) - labelW)}" height="15" fill="${fill}" rx="2"/>`,
      );
      parts.push(`<text x="${x(v) + 6}" y="${y + 15}">${v} ms</text>`);
      y += 22;
    }
    y += 6;
  }
  const height = y + 12;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13" role="img" aria-label="Chat delivery latency per run">
<rect width="100%" height="100%" fill="#fff"/>
${parts.join('\n')}
</svg>
`;
}
