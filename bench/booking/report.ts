/** The booking benchmark's figures: the search mix, totals, what limits them, a console table and a hand-drawn SVG. */
import type { Latency } from '../login/citizens.js';
import type { CpuFigures } from '../login/cpu.js';
import type { Correctness, Pgbench } from './db.js';
import { DAYS, type Generated, TIME_TYPE_ID, units } from './generate.js';
import { type BookingPhase, type RaceChecks, type SearchLevel, type SearchQuery, summarize } from './load.js';

export interface Sampled {
  cpu: CpuFigures;
  waits: { busyBackends: number; waits: Record<string, number> };
}

export interface ContendedTotal {
  citizens: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  bookingsPerSecond: number;
  booked: number;
  latency: Latency;
  statuses: Record<string, number>;
}

export interface BookingReport {
  date: string;
  command: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; postgres: string; uptime: string };
  setup: {
    units: number;
    days: number;
    firstDay: string;
    connections: number;
    searchSeconds: number;
    releases: number;
    releaseCitizens: number;
    releaseSlots: number;
    uncontendedConcurrency: number;
    serverPoolSize: number;
    /** Server processes behind the client's balancer (absent = 1). */
    servers?: number;
    /** Named prepared statements in the server (absent in runs before they existed). */
    preparedStatements?: boolean;
  };
  generation: Generated;
  search: (SearchLevel & Sampled)[];
  contended: { releases: (BookingPhase & Sampled)[]; total: ContendedTotal };
  uncontended: BookingPhase & Sampled;
  races: RaceChecks;
  correctness: Correctness;
  pgbench: Pgbench;
  ratios: Record<string, number | null>;
  /** Database commits per answer/booking (xact_commit delta of the scratch database). */
  commits?: Record<string, number | string | null>;
  limitedBy: { search: string; contended: string };
  /** Wall time of the whole run, generation included. */
  seconds: number;
}

/**
 * The search mix: half by unit (1 or 7 days), 30 % near a point in the region ("lat,lng", 1 or 3 days),
 * 20 % the whole region (one day), each from a random day and hour of the 90; limit 20.
 */
export function searchQueries(random: () => number, firstDay: string): () => SearchQuery {
  const all = units();
  const base = Date.parse(`${firstDay}T07:00:00Z`);
  return () => {
    const r = random();
    const kind: SearchQuery['kind'] = r < 0.5 ? 'unit' : r < 0.8 ? 'near' : 'region';
    const unit = all[Math.floor(random() * all.length)] ?? all[0];
    const days = kind === 'unit' ? (random() < 0.5 ? 1 : 7) : kind === 'near' ? (random() < 0.5 ? 1 : 3) : 1;
    const from = base + Math.floor(random() * (DAYS - 1)) * 86_400_000 + Math.floor(random() * 8) * 3_600_000;
    const params = new URLSearchParams({
      timeTypeId: TIME_TYPE_ID,
      from: new Date(from).toISOString(),
      to: new Date(from + days * 86_400_000).toISOString(),
      limit: '20',
    });
    if (kind === 'unit' && unit) params.set('unitId', unit.id);
    if (kind === 'near' && unit) {
      params.set('near', `${(unit.latitude + (random() - 0.5) * 0.05).toFixed(4)},${unit.longitude.toFixed(4)}`);
    }
    return { kind, path: `/api/slots?${params}` };
  };
}

/** The releases together: answers and bookings over their summed wall time, latency over all answers. */
export function totalOf(releases: BookingPhase[], latencies: number[]): ContendedTotal {
  const sum = (f: (p: BookingPhase) => number) => releases.reduce((a, p) => a + f(p), 0);
  const seconds = sum((p) => p.seconds);
  const statuses: Record<string, number> = {};
  for (const p of releases) for (const [k, v] of Object.entries(p.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const booked = sum((p) => p.booked);
  return {
    citizens: sum((p) => p.citizens),
    seconds: Number(seconds.toFixed(2)),
    requests: sum((p) => p.requests),
    requestsPerSecond: Math.round(latencies.length / Math.max(0.001, seconds)),
    bookingsPerSecond: Math.round(booked / Math.max(0.001, seconds)),
    booked,
    latency: summarize(latencies),
    statuses,
  };
}

const pct = (n: number) => `${Math.round(n * 100)}%`;
const waitText = (w: Sampled['waits']) =>
  `${Object.entries(w.waits)
    .map(([k, v]) => `${k} ${pct(v)}`)
    .join(', ')} (mean ${w.busyBackends} busy backends)`;

/** Names what bounds a phase from its CPU shares (cores) and backend waits. */
function verdict(s: Sampled): string {
  const c = s.cpu;
  const shares = `server ${c.serverCores} cores (peak ${c.serverPeakCores}), PostgreSQL ${c.postgresCores}, load generator ${c.loadGeneratorCores}, other ${c.otherCores}; machine ${pct(c.machineBusy)} busy; backend waits: ${waitText(s.waits)}`;
  const lockShare = Object.entries(s.waits.waits)
    .filter(([k]) => k.startsWith('Lock:'))
    .reduce((a, [, v]) => a + v, 0);
  const clientShare = Object.entries(s.waits.waits)
    .filter(([k]) => k.startsWith('Client:'))
    .reduce((a, [, v]) => a + v, 0);
  const parts: string[] = [];
  if (c.machineBusy >= 0.9) parts.push('CPU of the shared 2-core machine (all cores busy)');
  if (c.serverPeakCores >= 0.9) parts.push("the server's event loop (the Node process at ~1 core)");
  if (clientShare >= 0.3) parts.push(`backends waiting on Node inside transactions (${pct(clientShare)})`);
  if (lockShare >= 0.2) parts.push(`row locks on the hot slots (${pct(lockShare)} of backend samples)`);
  if (c.postgresCores >= 1) parts.push('PostgreSQL CPU');
  return `${parts.length ? parts.join('; ') : 'no single resource saturated (latency-bound)'} — ${shares}`;
}

/** Limits of the best search level and of the contended releases (their CPU figures averaged). */
export function limitedBy(report: BookingReport): BookingReport['limitedBy'] {
  const best = report.search.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const rel = report.contended.releases;
  const mean = (f: (s: Sampled) => number) => Number((rel.reduce((a, s) => a + f(s), 0) / rel.length).toFixed(2));
  const waits: Record<string, number> = {};
  for (const r of rel) for (const [k, v] of Object.entries(r.waits.waits)) waits[k] = (waits[k] ?? 0) + v / rel.length;
  const merged: Sampled = {
    cpu: {
      serverCores: mean((s) => s.cpu.serverCores),
      serverPeakCores: Math.max(...rel.map((s) => s.cpu.serverPeakCores)),
      postgresCores: mean((s) => s.cpu.postgresCores),
      loadGeneratorCores: mean((s) => s.cpu.loadGeneratorCores),
      machineBusy: mean((s) => s.cpu.machineBusy),
      otherCores: mean((s) => s.cpu.otherCores),
      loadAverage: [rel[0]?.cpu.loadAverage[0] ?? 0, rel.at(-1)?.cpu.loadAverage[1] ?? 0],
    },
    waits: {
      busyBackends: mean((s) => s.waits.busyBackends),
      waits: Object.fromEntries(Object.entries(waits).map(([k, v]) => [k, Number(v.toFixed(2))])),
    },
  };
  return { search: verdict(best), contended: verdict(merged) };
}

/** A fixed-width table: one row per phase. */
export function table(report: BookingReport): string {
  const lat = (l: Latency) => `${l.p50ms} / ${l.p99ms}`;
  const cpu = (s: Sampled) => `${s.cpu.serverCores} / ${s.cpu.postgresCores} / ${s.cpu.loadGeneratorCores}`;
  const top = (s: Sampled) =>
    Object.entries(s.waits.waits)
      .slice(0, 3)
      .map(([k, v]) => `${k} ${pct(v)}`)
      .join(', ');
  const status = (st: Record<string, number>) =>
    Object.entries(st)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
  const t = report.contended.total;
  const rows: string[][] = [
    ...report.search.map((s) => [
      `search, ${s.concurrency} concurrent`,
      `${s.perSecond} searches/s`,
      lat(s.latency),
      status(s.statuses),
      cpu(s),
      top(s),
    ]),
    ...report.contended.releases.map((r, i) => [
      `release ${i + 1}: ${r.citizens} citizens, ${report.setup.releaseSlots} × 3 places`,
      `${r.requestsPerSecond} answers/s, ${r.bookingsPerSecond} booked/s`,
      lat(r.latency),
      status(r.statuses),
      cpu(r),
      top(r),
    ]),
    [
      'contended, all releases',
      `${t.requestsPerSecond} answers/s, ${t.bookingsPerSecond} booked/s`,
      lat(t.latency),
      `${t.booked} booked, ${t.requests} requests`,
      '',
      '',
    ],
    [
      `uncontended, ${report.setup.uncontendedConcurrency} concurrent`,
      `${report.uncontended.bookingsPerSecond} booked/s`,
      lat(report.uncontended.latency),
      status(report.uncontended.statuses),
      cpu(report.uncontended),
      top(report.uncontended),
    ],
    [
      'pgbench -S / -N (16 clients)',
      `${report.pgbench.selectTps ?? '-'} / ${report.pgbench.writeTps ?? '-'} tps`,
      '',
      '',
      '',
      '',
    ],
  ];
  const head = ['phase', 'throughput', 'p50 / p99 ms', 'answers', 'cpu node / pg / loadgen', 'backend waits'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Throughput bars on a log scale (targets and the NHS peak marked), then p50/p99 latency bars with the 20 ms aim. */
export function svgChart(report: BookingReport): string {
  const labelW = 300;
  const barW = 440;
  const rowH = 26;
  const width = labelW + barW + 170;
  const t = report.contended.total;
  const bars = [
    ...report.search.map((s) => ({
      label: `search, ${s.concurrency} concurrent`,
      value: s.perSecond,
      fill: '#2da44e',
    })),
    { label: 'contended booking: answers', value: t.requestsPerSecond, fill: '#1f6feb' },
    { label: 'contended booking: places taken', value: t.bookingsPerSecond, fill: '#0b3d91' },
    { label: 'uncontended booking', value: report.uncontended.bookingsPerSecond, fill: '#0b3d91' },
    { label: 'pgbench -N (write, reference)', value: report.pgbench.writeTps ?? 0, fill: '#8a8a8a' },
    { label: 'pgbench -S (read, reference)', value: report.pgbench.selectTps ?? 0, fill: '#8a8a8a' },
  ];
  const lo = 10;
  const hi = 10 ** Math.ceil(Math.log10(Math.max(lo * 10, ...bars.map((b) => b.value))));
  const x = (v: number) => labelW + Math.round((Math.log10(Math.max(lo, v) / lo) / Math.log10(hi / lo)) * barW);
  const parts: string[] = [];
  let y = 84;
  parts.push(`<text x="12" y="${y}" font-weight="bold">Throughput per second (log scale)</text>`);
  y += 10;
  const top = y;
  for (const b of bars) {
    parts.push(`<text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${esc(b.label)}</text>`);
    parts.push(
      `<rect x="${labelW}" y="${y + 5}" width="${Math.max(2, x(b.value) - labelW)}" height="${rowH - 10}" fill="${b.fill}" rx="2"/>`,
    );
    parts.push(`<text x="${x(b.value) + 6}" y="${y + 17}">${b.value.toLocaleString('en-US')}/s</text>`);
    y += rowH;
  }
  for (let v = lo; v <= hi; v *= 10) {
    parts.push(`<line x1="${x(v)}" y1="${top}" x2="${x(v)}" y2="${y}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${x(v)}" y="${y + 14}" text-anchor="middle" fill="#777" font-size="11">${v.toLocaleString('en-US')}</text>`,
    );
  }
  for (const [v, label, colour] of [
    [2000, 'target 2 000/s', '#cf222e'],
    [12, 'NHS peak ≈ 12/s', '#8250df'],
  ] as const) {
    parts.push(`<line x1="${x(v)}" y1="${top - 4}" x2="${x(v)}" y2="${y}" stroke="${colour}" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${x(v) + 4}" y="${top + 2}" fill="${colour}" font-size="11">${label}</text>`);
  }
  y += 40;
  parts.push(
    `<text x="12" y="${y}" font-weight="bold">Latency, ms: p50 (dark) and p99 (light), log scale, from dispatch (queueing in the client pool included)</text>`,
  );
  y += 10;
  const lats = [
    ...report.search.map((s) => ({ label: `search, ${s.concurrency} concurrent`, l: s.latency })),
    { label: 'contended booking (all releases)', l: t.latency },
    { label: 'uncontended booking', l: report.uncontended.latency },
  ];
  const maxMs = 10 ** Math.ceil(Math.log10(Math.max(100, ...lats.map((r) => r.l.p99ms))));
  const lx = (v: number) => labelW + Math.round((Math.log10(Math.max(1, v)) / Math.log10(maxMs)) * barW);
  const latTop = y;
  for (const r of lats) {
    parts.push(`<text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${esc(r.label)}</text>`);
    parts.push(
      `<rect x="${labelW}" y="${y + 5}" width="${Math.max(1, lx(r.l.p99ms) - labelW)}" height="${rowH - 10}" fill="#9ec5fe" rx="1"/>`,
    );
    parts.push(
      `<rect x="${labelW}" y="${y + 5}" width="${Math.max(1, lx(r.l.p50ms) - labelW)}" height="${rowH - 10}" fill="#0b3d91" rx="1"/>`,
    );
    parts.push(`<text x="${lx(r.l.p99ms) + 6}" y="${y + 17}">${r.l.p50ms} / ${r.l.p99ms} ms</text>`);
    y += rowH;
  }
  for (let v = 1; v <= maxMs; v *= 10) {
    parts.push(`<line x1="${lx(v)}" y1="${latTop}" x2="${lx(v)}" y2="${y}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${lx(v)}" y="${y + 14}" text-anchor="middle" fill="#777" font-size="11">${v.toLocaleString('en-US')}</text>`,
    );
  }
  parts.push(
    `<line x1="${lx(20)}" y1="${latTop - 4}" x2="${lx(20)}" y2="${y}" stroke="#cf222e" stroke-dasharray="4 3"/>`,
  );
  parts.push(`<text x="${lx(20) + 4}" y="${latTop + 2}" fill="#cf222e" font-size="11">search aim p99 20 ms</text>`);
  const height = y + 50;
  const g = report.generation;
  const c = report.correctness;
  const loads = [...report.search, ...report.contended.releases, report.uncontended].map((s) => s.cpu.loadAverage[1]);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" role="img" aria-labelledby="title">
  <title id="title">Booking benchmark ${esc(report.date)}: search and booking throughput and latency</title>
  <rect width="100%" height="100%" fill="#ffffff"/>
  <text x="12" y="22" font-size="15" font-weight="bold">Vaccination timebook: search and booking over HTTP, one server on PostgreSQL</text>
  <text x="12" y="40" fill="#555">${esc(`${g.slots.toLocaleString('en-US')} times / ${g.places.toLocaleString('en-US')} places at ${report.setup.units} units, ${g.persons.toLocaleString('en-US')} citizens; ${report.setup.releases} releases of ${report.setup.releaseSlots} × 3 places raced by ${report.setup.releaseCitizens} citizens each`)}</text>
  <text x="12" y="56" fill="#555">${esc(`${report.machine.cpus} CPUs shared by server, PostgreSQL, load generator and other engineers' work; load average ${Math.min(...loads)}–${Math.max(...loads)}`)}</text>
  ${parts.join('\n  ')}
  <text x="12" y="${height - 12}" fill="#555">${esc(`double bookings ${c.doubleBookings}, overbooked times ${c.overbookedSlots}, counter mismatches ${c.counterMismatches}; ${report.date.slice(0, 10)}`)}</text>
</svg>
`;
}
