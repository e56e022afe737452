/** The audit benchmark's outputs: a console table and a hand-written SVG bar chart. */
import type { PhaseResult } from './measure.js';

export interface BenchReport {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; postgres: string };
  setup: {
    persons: number;
    bulkEntries: number;
    tailEntries: number;
    workers: number;
    poolSize: number;
    seconds: number;
    rounds: number;
  };
  /** The shared machine during the run: 1-minute load average and 8 kB fdatasync µs, before → after. */
  conditions: { loadAverage: [number, number]; fdatasyncMicros: [number, number] };
  phases: PhaseResult[];
  pgbench: { tps: number | null; command: string; error?: string };
  ratios: Record<string, number | null>;
}

/** A fixed-width table of the phases and the pgbench reference. */
export function table(report: BenchReport): string {
  const ref = report.pgbench.tps;
  const rows = report.phases.map((p) => [
    p.label,
    String(p.perSecond),
    `${p.range[0]}–${p.range[1]}`,
    ref ? `${((p.perSecond / ref) * 100).toFixed(0)}%` : '-',
    `${p.p50ms}`,
    `${p.p95ms}`,
    String(p.errors),
    `${Math.round(p.cpuBusy * 100)}%`,
    p.nodeCpu.toFixed(2),
    p.pgCpu.toFixed(2),
    String(p.walBytesPerOp),
    p.walSyncsPerOp.toFixed(2),
    Object.entries(p.waits)
      .map(([k, v]) => `${k} ${Math.round(v * 100)}%`)
      .join(', '),
  ]);
  rows.push(['pgbench -S (reference)', String(ref ?? '-'), '', '100%', '', '', '', '', '', '', '', '', '']);
  const head = [
    'phase',
    'ops/s',
    'rounds',
    'of pgbench',
    'p50 ms',
    'p95 ms',
    'errors',
    'cpu',
    'node cpu',
    'pg cpu',
    'WAL B/op',
    'fsync/op',
    'backend waits',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Horizontal bars: ops/s per phase, pgbench as the reference bar. */
export function svgChart(report: BenchReport): string {
  const bars = [
    ...report.phases.map((p) => ({ label: p.label, value: p.perSecond, ref: false })),
    ...(report.pgbench.tps ? [{ label: 'pgbench -S (reference)', value: report.pgbench.tps, ref: true }] : []),
  ];
  const max = Math.max(1, ...bars.map((b) => b.value));
  const labelW = 330;
  const barW = 420;
  const rowH = 30;
  const top = 48;
  const height = top + bars.length * rowH + 36;
  const width = labelW + barW + 110;
  const rows = bars
    .map((b, i) => {
      const y = top + i * rowH;
      const w = Math.max(2, Math.round((b.value / max) * barW));
      const fill = b.ref ? '#8a8a8a' : b.label.includes('+ audit') ? '#1f6feb' : '#2da44e';
      return [
        `<text x="${labelW - 8}" y="${y + 19}" text-anchor="end">${esc(b.label)}</text>`,
        `<rect x="${labelW}" y="${y + 5}" width="${w}" height="${rowH - 10}" fill="${fill}" rx="2"/>`,
        `<text x="${labelW + w + 6}" y="${y + 19}">${b.value.toLocaleString('en-US')}/s</text>`,
      ].join('\n  ');
    })
    .join('\n  ');
  const s = report.setup;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" role="img" aria-labelledby="title">
  <title id="title">Audit benchmark ${esc(report.date)}: operations per second on PostgreSQL</title>
  <rect width="100%" height="100%" fill="#ffffff"/>
  <text x="12" y="22" font-size="15" font-weight="bold">Audited vs un-audited reads, audited writes (ops/s, higher is better)</text>
  <text x="12" y="40" fill="#555">${s.workers} workers, pool ${s.poolSize}, median of ${s.rounds} rounds (${s.seconds} s per phase), ${(s.bulkEntries + s.tailEntries).toLocaleString('en-US')} audit entries; ${report.machine.cpus} CPUs, load ${report.conditions.loadAverage.join('→')}, fdatasync ${report.conditions.fdatasyncMicros.join('→')} µs</text>
  ${rows}
  <text x="12" y="${height - 10}" fill="#555">green: no audit · blue: with audit (hash chain, same statement/transaction) · grey: pgbench -S -c ${s.workers} -j 2</text>
</svg>
`;
}
