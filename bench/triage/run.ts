/**
 * `npm run bench:triage`: how much CPU one triage answer step costs.
 *
 * 1. Engine: the pure rules (packages/domain) for the demo questionnaire —
 *    one answer step is check the answer, drop disabled answers, look for a
 *    red flag, find the next question; a decision is evaluate + route.
 *    Run BENCH_ENGINE_SESSIONS times (default 20 000) in this process.
 * 2. Server: the real HTTP path in-process (`app.inject`: auth, acting-for,
 *    the row lock, the audit row, the draft write) on the database the
 *    environment names (PGlite in memory by default, PostgreSQL with
 *    DATABASE_URL), BENCH_SESSIONS sessions (default 40) of the urinary
 *    path: start, 6 answers, submit. Reports steps/s and server CPU per step
 *    (process.cpuUsage: the server and the database share this process on
 *    PGlite, so that figure includes the database there).
 * 3. Drop-in queue: a queue at Solberga VC with BENCH_DROPIN_WAITING patients
 *    waiting (default 2 000; mixed urgencies), then BENCH_DROPIN_TAKES takes
 *    (default 200) by two nurses in turn through `POST /api/staff/drop-in/take`
 *    (the head of the queue under SKIP LOCKED, the access check and audit row,
 *    the video meeting). Reports p50/p99 time to take the next patient.
 *    Tiny run: BENCH_ENGINE_SESSIONS=100 BENCH_SESSIONS=2 BENCH_DROPIN_WAITING=20 BENCH_DROPIN_TAKES=5.
 * Prints the figures and appends them to bench/results/triage-<date>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  type Answers,
  answerableItems,
  checkAnswer,
  demoTriageDocument,
  effectiveAnswers,
  evaluateAnswers,
  nextPage,
  raisedRedFlag,
  routeOutcome,
} from '@ingang/domain';
import { fixedClock } from '../../server/src/platform/clock.js';
import { seedDemo } from '../../server/src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../../server/src/seed/demo-data.js';
import { startTestApp } from '../../server/test/harness.js';
import { citizenSession, staffSession } from '../../server/test/helpers/sessions.js';
import { seedWaiting } from '../../server/test/triage/drop-in-fixtures.js';

const ENGINE_SESSIONS = Number(process.env.BENCH_ENGINE_SESSIONS ?? 20_000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 40);
const DROPIN_WAITING = Number(process.env.BENCH_DROPIN_WAITING ?? 2000);
const DROPIN_TAKES = Number(process.env.BENCH_DROPIN_TAKES ?? 200);

/** The p-th percentile of sorted values. */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

const no = { valueBoolean: false };
const yes = { valueBoolean: true };
const PATH: [string, unknown][] = [
  ['chest-pain', no],
  ['breathing', no],
  ['concern', { valueCoding: { code: 'urinary' } }],
  ['uti-burning', yes],
  ['uti-fever', no],
  ['uti-back-pain', no],
];

function engine() {
  const doc = demoTriageDocument();
  const q = doc.questionnaire;
  const items = answerableItems(q);
  const ctx = { now: new Date('2026-12-07T09:00:00Z'), ageYears: 35, listedUnitId: 'u', nightUnitId: null, units: [] };
  const start = process.hrtime.bigint();
  let steps = 0;
  for (let s = 0; s < ENGINE_SESSIONS; s++) {
    let answers: Answers = {};
    for (const [linkId, raw] of PATH) {
      const item = items.get(linkId);
      if (!item) throw new Error(linkId);
      const checked = checkAnswer(item, raw);
      if ('problem' in checked) throw new Error(checked.problem.message);
      answers = effectiveAnswers(q, { ...answers, [linkId]: [checked.value] });
      if (raisedRedFlag(q, doc.rules, answers, { ageYears: 35 })) throw new Error('red flag');
      nextPage(q, answers, linkId);
      steps += 1;
    }
    const evaluated = evaluateAnswers(q, doc.rules, answers, { ageYears: 35 });
    if (!evaluated.ok) throw new Error('incomplete');
    routeOutcome(evaluated.decision.outcome, ctx);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    sessions: ENGINE_SESSIONS,
    steps,
    seconds,
    stepsPerSecond: steps / seconds,
    microsPerStep: (seconds * 1e6) / steps,
  };
}

async function server() {
  const clock = fixedClock('2026-12-07T09:00:00Z');
  const t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent', LOG_LEVEL: 'error' } });
  try {
    await seedDemo(t.ctx.db, clock);
    const anna = await t.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson('anna').personalNumber)
      .executeTakeFirstOrThrow();
    const { headers } = await citizenSession(t, anna.id, 24 * 3600);
    const latencies: number[] = [];
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let s = 0; s < SESSIONS; s++) {
      const created = await t.app.inject({ method: 'POST', url: '/api/triage/sessions', headers, payload: {} });
      const id = created.json().data.id as string;
      for (const [linkId, answer] of PATH) {
        const before = process.hrtime.bigint();
        const res = await t.app.inject({
          method: 'PUT',
          url: `/api/triage/sessions/${id}/answer`,
          headers,
          payload: { linkId, answer },
        });
        if (res.statusCode !== 200) throw new Error(res.body);
        latencies.push(Number(process.hrtime.bigint() - before) / 1e6);
      }
      const done = await t.app.inject({
        method: 'POST',
        url: `/api/triage/sessions/${id}/submit`,
        headers,
        payload: {},
      });
      if (done.statusCode !== 200) throw new Error(done.body);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    const requests = SESSIONS * (PATH.length + 2);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => percentile(latencies, p);
    return {
      database: t.ctx.dbKind,
      sessions: SESSIONS,
      requests,
      seconds,
      requestsPerSecond: requests / seconds,
      cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / requests,
      answerStepMs: { p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: latencies[latencies.length - 1] ?? 0 },
    };
  } finally {
    await t.close();
  }
}

async function dropIn() {
  const clock = fixedClock('2026-12-07T09:00:00Z');
  const t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent', LOG_LEVEL: 'error' } });
  try {
    await seedDemo(t.ctx.db, clock);
    const nurses = [
      (await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga, idleSeconds: 86_400 }))
        .headers,
      (await staffSession(t, DEMO_STAFF.doctor, { activeUnitId: DEMO_UNITS.vcSolberga, idleSeconds: 86_400 })).headers,
    ];
    const opened = await t.app.inject({
      method: 'POST',
      url: '/api/staff/drop-in/open',
      headers: nurses[0],
      payload: { closesAt: '2026-12-07T15:30:00Z', answerMinutes: 5 },
    });
    if (opened.statusCode !== 200) throw new Error(opened.body);
    const queueId = opened.json().data.queue.id as string;
    await seedWaiting(t.ctx.db, {
      queueId,
      unitId: DEMO_UNITS.vcSolberga,
      count: DROPIN_WAITING,
      at: new Date('2026-12-07T08:00:00Z'),
      // Mostly same-day, some acute and some less urgent: the index orders by both keys.
      urgencyOf: (i) => (i % 10 === 0 ? 0 : i % 3 === 0 ? 2 : 1),
    });
    const latencies: number[] = [];
    for (let i = 0; i < Math.min(DROPIN_TAKES, DROPIN_WAITING); i++) {
      const before = process.hrtime.bigint();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/staff/drop-in/take',
        headers: nurses[i % 2],
        payload: {},
      });
      if (res.statusCode !== 200) throw new Error(res.body);
      latencies.push(Number(process.hrtime.bigint() - before) / 1e6);
    }
    latencies.sort((a, b) => a - b);
    return {
      database: t.ctx.dbKind,
      waiting: DROPIN_WAITING,
      takes: latencies.length,
      takeMs: {
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        max: latencies[latencies.length - 1] ?? 0,
      },
    };
  } finally {
    await t.close();
  }
}

const engineFigures = engine();
console.log(
  `engine: ${engineFigures.steps} answer steps in ${engineFigures.seconds.toFixed(2)} s → ${Math.round(engineFigures.stepsPerSecond)} steps/s, ${engineFigures.microsPerStep.toFixed(1)} µs CPU per step`,
);
const serverFigures = await server();
console.log(
  `server (${serverFigures.database}): ${serverFigures.requests} requests (${serverFigures.sessions} sessions × start, 6 answers, submit) in ${serverFigures.seconds.toFixed(1)} s → ${serverFigures.requestsPerSecond.toFixed(0)} req/s sequential, ${serverFigures.cpuMsPerRequest.toFixed(2)} ms CPU per request; answer step p50 ${serverFigures.answerStepMs.p50.toFixed(1)} ms, p99 ${serverFigures.answerStepMs.p99.toFixed(1)} ms`,
);
const dropInFigures = await dropIn();
console.log(
  `drop-in (${dropInFigures.database}): ${dropInFigures.takes} takes with ${dropInFigures.waiting} waiting → take-next p50 ${dropInFigures.takeMs.p50.toFixed(1)} ms, p99 ${dropInFigures.takeMs.p99.toFixed(1)} ms`,
);
const out = path.join(import.meta.dirname, '../results', `triage-${new Date().toISOString().slice(0, 10)}.json`);
fs.appendFileSync(
  out,
  `${JSON.stringify({ at: new Date().toISOString(), engine: engineFigures, server: serverFigures, dropIn: dropInFigures })}\n`,
);
console.log(`appended to ${path.relative(process.cwd(), out)}`);
