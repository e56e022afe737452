/**
 * The surge benchmark's printed table and its SVG plot (arrivals, admissions, logins+searches, bookings over time).
 *
 * The release's rows, per release (with the room, without):
 * - booked / places; all taken after: seconds from the release moment until the last place was booked.
 * - clear answers: booked, or told "no times left" (also in the room's queue), of all the people.
 * - bookings/s peak ÷ pgbench -N: the best second against PostgreSQL's own write rate.
 * - CPU of the machine: shares of cores × wall time — generator (this process and its forked
 *   generator processes), servers, PostgreSQL, Redis, idle.
 * - booking p50 / p99: a booking request from "the browser wants to send" to the whole answer.
 * - client queue p50 / p99 | server answer p50 / p99, over every call: the wait in the generator's own
 *   queue until the request is written on a connection, and the rest (wire, server, reading the body).
 * - generator: processes × pools × connections, each generator process's CPU in % of one core and its
 *   event-loop delay p99. Who was the limit: a long client queue with a generator process near 100 %
 *   of a core or a long event-loop delay is the generator; a long client queue with the generator idle
 *   is every connection waiting for the server (a different BENCH_GEN_CONNECTIONS shows whether more
 *   in flight helps); a short client queue is the server (its CPU share, PostgreSQL's, or idle say
 *   which part).
 * - limited by (a reading): `limitOf`, that rule applied.
 *
 * The rumour's rows: told a place within 1 s of arriving, by the generator's clock (from the arrival's
 * moment to the join's answer, the generator's proof of work, its timers and its client queue included)
 * next to the server's (its own request histogram: reading the join to answering it); the join's client
 * queue and how late the generator began browsers after their moments; then the same client queue |
 * server answer, load generator and limited-by lines as the release's.
 */
import type { Latency } from '../login/citizens.js';
import { type CpuSplit, describeCpu } from './cpu.js';
import type { GeneratorFigures } from './generator.js';
import type { KindLatency } from './http.js';
import type { ReleaseResult } from './release.js';
import type { RumourResult } from './rumour.js';

export function svgPlot(rumour: RumourResult, releases: ReleaseResult[], label = ''): string {
  const W = 760;
  const H = 300;
  const pad = { l: 56, r: 16, t: 28, b: 36 };
  const panelW = (W - pad.l - pad.r - 40) / 2;
  const lines: string[] = [];
  const panel = (x0: number, title: string, series: { name: string; color: string; values: number[] }[]) => {
    const n = Math.max(...series.map((s) => s.values.length), 2);
    const max = Math.max(1, ...series.flatMap((s) => s.values));
    const x = (i: number) => x0 + (i / (n - 1)) * panelW;
    const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
    lines.push(`<text x="${x0}" y="18" font-size="13" font-weight="bold">${title}</text>`);
    lines.push(`<line x1="${x0}" y1="${H - pad.b}" x2="${x0 + panelW}" y2="${H - pad.b}" stroke="#555"/>`);
    lines.push(`<line x1="${x0}" y1="${pad.t}" x2="${x0}" y2="${H - pad.b}" stroke="#555"/>`);
    lines.push(`<text x="${x0 - 4}" y="${pad.t + 8}" font-size="11" text-anchor="end">${max}/s</text>`);
    lines.push(`<text x="${x0 + panelW}" y="${H - pad.b + 14}" font-size="11" text-anchor="end">${n - 1} s</text>`);
    series.forEach((s, k) => {
      const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      lines.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${pts}"/>`);
      lines.push(`<text x="${x0 + 8 + k * 120}" y="${H - 6}" font-size="11" fill="${s.color}">${s.name}</text>`);
    });
  };
  panel(pad.l, `${label ? `${label} — ` : ''}Rumour: ${rumour.arrivals} arrivals`, [
    { name: 'arrivals/s', color: '#1f5fa8', values: rumour.series.map((s) => s.arrivals) },
    { name: 'admitted/s', color: '#2e7d32', values: rumour.series.map((s) => s.admitted) },
    { name: 'searched/s', color: '#c62828', values: rumour.series.map((s) => s.searched) },
  ]);
  const colors = ['#6a3d9a', '#ef6c00'];
  panel(
    pad.l + panelW + 40,
    'Release: bookings/s',
    releases.map((r, i) => ({
      name: r.withRoom ? 'with room' : 'without',
      color: colors[i % 2] as string,
      values: r.perSecond,
    })),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" font-family="sans-serif" role="img" aria-label="Surge benchmark: arrivals, admissions and searches per second in the rumour scenario; bookings per second in the release with and without the waiting room"><rect width="100%" height="100%" fill="#fff"/>${lines.join('')}</svg>\n`;
}

/** What a scenario (the release, the rumour) says about its load generator. */
type Generated = { generator: GeneratorFigures; clientQueue: Latency; serverAnswer: Latency };

/** The generator's shape and cost, one line: who was the limit. */
export function describeGenerator(x: Generated): string {
  const g = x.generator;
  const each = g.perProcess
    .map(
      (p) =>
        `${p.cpuPctOfCore} % (loop p99 ${p.eventLoopDelayP99Ms} ms${p.browsers ? `, ${p.browsers} browsers` : ''})`,
    )
    .join(', ');
  const joins = g.joinConnections ? ` (of them ${g.joinConnections} for the joins)` : '';
  return `generator ${g.processes || 'in-process'} × ${g.pools} pools × ${g.connections} connections${joins}; client queue p50/p99 ${x.clientQueue.p50ms}/${x.clientQueue.p99ms} ms | server answer p50/p99 ${x.serverAnswer.p50ms}/${x.serverAnswer.p99ms} ms; CPU of a core per process: ${each}`;
}

/**
 * A first reading of who limited a release, from the figures above (a reading, not a proof: check the
 * machine's CPU split and, on a shared machine, its load). A generator process over 85 % of a core is
 * busy itself; one whose event-loop delay p99 is over 200 ms under half a core is late because the
 * machine gives it no core (its neighbours' CPU) — the generator limits either way, since its timers
 * and reads are late, but the cure differs. Otherwise a long client queue means every
 * connection was waiting for an answer: the server's pace at this many connections, or too few
 * connections for the arrivals — which of the two only another BENCH_GEN_CONNECTIONS shows.
 */
export function limitOf(x: Generated): string {
  const late = x.generator.perProcess.filter((p) => p.cpuPctOfCore > 85 || p.eventLoopDelayP99Ms > 200);
  if (late.some((p) => p.cpuPctOfCore >= 50))
    return 'the generator itself (a generator process near a full core or its event loop late)';
  if (late.length > 0)
    return 'the generator, starved: its event loop late while it used under half a core (the machine is short of CPU)';
  if (x.clientQueue.p50ms <= x.serverAnswer.p50ms) return 'the server (short client queue, the answers take the time)';
  return 'all connections busy, the generator idle: the server at this many connections, or too few (try another BENCH_GEN_CONNECTIONS)';
}

const queueOf = (k: KindLatency | undefined) =>
  k?.queueP50ms === undefined ? '' : ` (of it in the client queue ${k.queueP50ms} / ${k.queueP99ms} ms)`;

export function table(r: {
  rumour?: RumourResult;
  rumourCpu?: CpuSplit;
  releases: (ReleaseResult & { cpu: CpuSplit })[];
  poll?: {
    polls: number;
    serverCpuMsPerPoll: number;
    serverCpuMsPerEmptyRequest: number;
    dbTransactions: number;
    seconds: number;
  };
  fairness?: Record<string, number>;
  pgbench: { selectTps: number | null; writeTps: number | null };
  loginsPerSecond?: number;
  serverJoins?: { all: number; withinOneSecond: number };
}): string {
  const rows = [
    ...(r.rumour && r.rumourCpu && r.fairness && r.loginsPerSecond !== undefined
      ? rumourRows({
          ...r,
          rumour: r.rumour,
          rumourCpu: r.rumourCpu,
          fairness: r.fairness,
          loginsPerSecond: r.loginsPerSecond,
        })
      : []),
    ...r.releases.flatMap((x) => {
      const name = `release ${x.withRoom ? 'with' : 'without'} room`;
      const peak = Math.max(0, ...x.perSecond);
      const ratio = r.pgbench.writeTps ? (peak / r.pgbench.writeTps).toFixed(3) : '-';
      return [
        [
          `${name}: booked / places; all taken after`,
          `${x.booked}/${x.places}; ${x.secondsUntilAllTaken ?? 'not all'} s (run ${x.seconds} s)`,
        ],
        [
          `${name}: clear answers (booked or "no times left")`,
          `${x.clearAnswers}/${x.citizens} (${((100 * x.clearAnswers) / Math.max(1, x.citizens)).toFixed(1)} %)`,
        ],
        [`${name}: bookings/s peak ÷ pgbench -N`, `${peak} ÷ ${r.pgbench.writeTps ?? '-'} = ${ratio}`],
        [`${name}: CPU of the machine`, describeCpu(x.cpu)],
        [
          `${name}: booking p50 / p99`,
          `${x.bookingLatency.p50ms} / ${x.bookingLatency.p99ms} ms${queueOf(x.latencyByKind.book)}`,
        ],
        [
          `${name}: client queue p50 / p99 | server answer p50 / p99`,
          `${x.clientQueue.p50ms} / ${x.clientQueue.p99ms} | ${x.serverAnswer.p50ms} / ${x.serverAnswer.p99ms} ms (every call)`,
        ],
        [`${name}: load generator`, describeGenerator(x).replace(/^generator /, '')],
        [`${name}: limited by (a reading)`, limitOf(x)],
        [
          `${name}: 5xx / hung / shed, without Retry-After`,
          `${x.fiveXX} / ${x.hung} / ${x.shed}, ${x.shedWithoutRetryAfter}`,
        ],
      ];
    }),
  ];
  const w = Math.max(...rows.map((x) => (x[0] as string).length));
  return rows.map(([k, v]) => `${(k as string).padEnd(w)}  ${v}`).join('\n');
}

type RumourFigures = {
  rumour: RumourResult;
  rumourCpu: CpuSplit;
  poll?: NonNullable<Parameters<typeof table>[0]['poll']>;
  serverJoins?: { all: number; withinOneSecond: number };
  fairness: Record<string, number>;
  pgbench: { writeTps: number | null };
  loginsPerSecond: number;
};

function rumourRows(r: RumourFigures): string[][] {
  const u = r.rumour;
  return [
    ['rumour arrivals / seconds', `${u.arrivals} / ${u.seconds}`],
    ['served (logged in + searched)', `${u.served} (failed ${u.failed})`],
    [
      "told a place within 1 s of arriving: generator's clock | server's",
      `${u.toldWithinOneSecond} of ${u.arrivals} (from the arrival moment: p50 ${u.tellLatency.p50ms} ms, p99 ${u.tellLatency.p99ms} ms) | ${r.serverJoins ? `${r.serverJoins.withinOneSecond} of ${r.serverJoins.all} joins` : '-'}`,
    ],
    [
      "… the join's wait in the client queue p50 / p99; browsers begun late p50 / p99",
      `${u.latencyByKind.join?.queueP50ms ?? '-'} / ${u.latencyByKind.join?.queueP99ms ?? '-'} ms; ${u.lateStart.p50ms} / ${u.lateStart.p99ms} ms`,
    ],
    [
      '… within 1 s of sending the join (after the proof of work)',
      `${u.toldWithinOneSecondOfSending} (p50 ${u.tellAfterProofLatency.p50ms} ms, p99 ${u.tellAfterProofLatency.p99ms} ms)`,
    ],
    [
      'wait in queue p50 / p99 / max',
      `${(u.wait.p50ms / 1000).toFixed(1)} / ${(u.wait.p99ms / 1000).toFixed(1)} / ${(u.wait.maxMs / 1000).toFixed(1)} s`,
    ],
    ['rumour: CPU of the machine', describeCpu(r.rumourCpu)],
    [
      'rumour: client queue p50 / p99 | server answer p50 / p99',
      `${u.clientQueue.p50ms} / ${u.clientQueue.p99ms} | ${u.serverAnswer.p50ms} / ${u.serverAnswer.p99ms} ms (every call)`,
    ],
    ['rumour: load generator', describeGenerator(u).replace(/^generator /, '')],
    ['rumour: limited by (a reading)', limitOf(u)],
    ['admitted requests p50 / p99', `${u.admittedLatency.p50ms} / ${u.admittedLatency.p99ms} ms`],
    ['everyone done after', u.allDoneSeconds === null ? 'not everyone' : `${u.allDoneSeconds} s`],
    [
      '5xx (not 503) / hung / shed (503+429), of them without Retry-After',
      `${u.fiveXX} / ${u.hung} / ${u.shed}, ${u.shedWithoutRetryAfter}`,
    ],
    [
      'logins/s (admitted phase) ÷ pgbench -N',
      `${r.loginsPerSecond} ÷ ${r.pgbench.writeTps ?? '-'} = ${r.pgbench.writeTps ? (r.loginsPerSecond / r.pgbench.writeTps).toFixed(3) : '-'}`,
    ],
    [
      'fairness: told place = got place; Spearman(place | arrival, admission time)',
      `${r.fairness.placeKept}/${r.fairness.admitted}; ${r.fairness.spearmanPlaceVsAdmission} | ${r.fairness.spearmanArrivalVsAdmission}`,
    ],
    ...(r.poll
      ? [
          [
            'status poll: server CPU per poll, DB transactions',
            `${r.poll.serverCpuMsPerPoll} ms (an empty request: ${r.poll.serverCpuMsPerEmptyRequest} ms) over ${r.poll.polls} polls, ${r.poll.dbTransactions} transactions in ${r.poll.seconds} s`,
          ],
        ]
      : []),
  ];
}
