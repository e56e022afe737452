/** The login benchmark's outputs: a console table and a hand-written SVG latency chart. */
import { ENDPOINTS, type LevelResult } from './citizens.js';
import type { CpuFigures } from './cpu.js';

export interface LoginLevel extends LevelResult {
  cpu: CpuFigures;
  /** pg_stat_database of the scratch database over the level, per completed login. */
  db: { commitsPerLogin: number; rowsWrittenPerLogin: number };
}

export interface LoginReport {
  date: string;
  command: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; postgres: string; uptime: string };
  setup: {
    seconds: number;
    maxRequestsPerLevel: number;
    warmUpSeconds: number;
    loginPerIpPerMinute: number;
    today: string;
    serverPoolSize: number;
  };
  levels: LoginLevel[];
  pgbench: { tps: number | null; command: string; error?: string };
  /** SQL at the end: rows created over the whole run (warm-up included) against completed logins. */
  verification: {
    completedLogins: number;
    persons: number;
    distinctPersonalNumbers: number;
    citizenSessions: number;
    distinctSessionPersons: number;
    ok: boolean;
  };
  /** Best level's logins/s ÷ pgbench -S tps, and logins per hour on this one instance. */
  summary: { bestLoginsPerSecond: number; loginsPerPgbenchTx: number | null; loginsPerHour: number };
  limitedBy: string;
}

/** A fixed-width table: one column per concurrency level. */
export function table(report: LoginReport): string {
  const head = ['', ...report.levels.map((l) => `${l.concurrency} citizens`)];
  const each = (f: (l: LoginLevel) => string) => report.levels.map(f);
  const rows: string[][] = [
    ['completed logins', ...each((l) => `${l.logins} in ${l.seconds} s`)],
    ['logins/s', ...each((l) => String(l.loginsPerSecond))],
    [
      '  ÷ pgbench -S tps',
      ...each((l) => (report.pgbench.tps ? (l.loginsPerSecond / report.pgbench.tps).toFixed(4) : '-')),
    ],
    ['HTTP requests/s', ...each((l) => String(l.requestsPerSecond))],
    ['non-2xx / network errors', ...each((l) => String(l.errors))],
    ['collects per login', ...each((l) => String(l.collectsPerLogin))],
    ...(['login', ...ENDPOINTS] as const).map((e) => [
      `${e === 'login' ? 'whole login' : e} p50/p95/p99 ms`,
      ...each((l) => `${l.latency[e].p50ms} / ${l.latency[e].p95ms} / ${l.latency[e].p99ms}`),
    ]),
    ['server cpu (cores, peak)', ...each((l) => `${l.cpu.serverCores} (${l.cpu.serverPeakCores})`)],
    ['postgres backends cpu', ...each((l) => String(l.cpu.postgresCores))],
    ['load generator cpu', ...each((l) => String(l.cpu.loadGeneratorCores))],
    ['everything else cpu', ...each((l) => String(l.cpu.otherCores))],
    ['machine busy', ...each((l) => `${Math.round(l.cpu.machineBusy * 100)}%`)],
    ['db commits per login', ...each((l) => String(l.db.commitsPerLogin))],
    ['rows written per login', ...each((l) => String(l.db.rowsWrittenPerLogin))],
    ['load average (1 min)', ...each((l) => l.cpu.loadAverage.join(' → '))],
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Latency bars per endpoint and level: p50 dark, p95 middle, p99 light (log-free, linear ms). */
export function svgChart(report: LoginReport, sameDayRates: number[] = []): string {
  const labelW = 200;
  const barW = 480;
  const rowH = 22;
  const top = 74;
  const groupGap = 26;
  const names = ['login', ...ENDPOINTS] as const;
  const max = Math.max(1, ...report.levels.flatMap((l) => names.map((n) => l.latency[n].p99ms)));
  const colours = ['#0b3d91', '#1f6feb', '#9ec5fe'];
  let y = top;
  const parts: string[] = [];
  report.levels.forEach((level, li) => {
    const colour = li % 2 === 0 ? '#0b3d91' : '#8a4b08';
    parts.push(
      `<text x="12" y="${y + 4}" font-weight="bold" fill="${colour}">${level.concurrency} concurrent citizens: ${level.loginsPerSecond} logins/s, ${level.errors} errors</text>`,
    );
    y += 10;
    for (const name of names) {
      const lat = level.latency[name];
      const label = name === 'login' ? 'whole login' : name === 'me' ? 'GET /api/me' : name;
      parts.push(`<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(label)}</text>`);
      const segments = [lat.p99ms, lat.p95ms, lat.p50ms];
      segments.forEach((v, i) => {
        const w = Math.max(1, Math.round((v / max) * barW));
        parts.push(
          `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 8}" fill="${colours[2 - i]}" rx="1"/>`,
        );
      });
      const text = `${lat.p50ms} / ${lat.p95ms} / ${lat.p99ms} ms`;
      const end = Math.round((lat.p99ms / max) * barW);
      parts.push(`<text x="${labelW + end + 6}" y="${y + 15}" fill="#333">${text}</text>`);
      y += rowH;
    }
    y += groupGap;
  });
  const height = y + 30;
  const width = labelW + barW + 190;
  const ref = report.pgbench.tps ? `pgbench -S ${report.pgbench.tps.toLocaleString('en-US')} tps` : 'pgbench failed';
  const m = report.machine;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" role="img" aria-labelledby="title">
  <title id="title">Login surge benchmark ${esc(report.date)}: BankID login latency per endpoint</title>
  <rect width="100%" height="100%" fill="#ffffff"/>
  <text x="12" y="22" font-size="15" font-weight="bold">Login surge: BankID (simulator) logins against one server on PostgreSQL</text>
  <text x="12" y="40" fill="#555">${esc(`${report.setup.seconds} s per level, distinct citizens; ${m.cpus} CPUs shared by server, PostgreSQL, load generator and other work; ${ref}`)}</text>
  <text x="12" y="56" fill="#555">${esc(`load average ${report.levels.map((l) => l.cpu.loadAverage.join('→')).join(', ')}; bars: p50 (dark) · p95 · p99 (light), ms, lower is better`)}</text>
  ${parts.join('\n  ')}
  <text x="12" y="${height - 10}" fill="#555">${esc(`${report.summary.loginsPerHour.toLocaleString('en-US')} logins/hour on this instance at the best level; ${report.date.slice(0, 10)}${sameDayRates.length > 1 ? `; best logins/s of the day's runs: ${sameDayRates.join(', ')}` : ''}`)}</text>
</svg>
`;
}
