/**
 * `npm run bench:birth-clinic`: allocate a year of the region's births.
 * ≈ 30 000 pregnancies (BENCH_PREGNANCIES) due over the 52 ISO weeks of 2027,
 * 7 delivery clinics planned for 31 500 births (two summer weeks where
 * only three take births), 0–3 ranked wishes each (weighted towards the big
 * clinics, 8 % with none), homes spread over Stockholm postal areas. Runs the
 * real allocation run (one transaction) with every cut-off passed, then runs
 * it again (idempotence: nothing changes). On PostgreSQL with DATABASE_URL
 * (a scratch database, dropped after), else in-memory PGlite.
 * Prints a table; writes bench/results/birth-clinic-<date>.json and docs/performance-birth-clinic.svg.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, cutoffAt, isoWeek, isoWeekStart } from '@ingang/domain';
import { createAllocationRunner } from '../../server/src/modules/birth-clinic/allocation.js';
import { createBirthClinicNotifier } from '../../server/src/modules/birth-clinic/notify.js';
import { resolveNear } from '../../server/src/modules/booking/near.js';
import { fixedClock } from '../../server/src/platform/clock.js';
import { openDatabase } from '../../server/src/platform/db/index.js';
import { migrate } from '../../server/src/platform/db/migrate.js';
import { createScratchDatabase } from '../../server/src/platform/db/scratch.js';
import { createJobQueue } from '../../server/src/platform/jobs.js';

const N = Number(process.env.BENCH_PREGNANCIES ?? 30_000);
const root = path.resolve(import.meta.dirname, '../..');
const id = (group: number, n: number) =>
  `00000000-${String(group).padStart(4, '0')}-4000-8000-${String(n).padStart(12, '0')}`;

// [name, lat, lng, births/year, wish weight]
const CLINICS: [string, number, number, number, number][] = [
  ['Södra', 59.3127, 18.0542, 6700, 30],
  ['Norra', 59.3919, 18.0412, 5500, 25],
  ['Karolinen', 59.3496, 18.0317, 5200, 18],
  ['Huddinge', 59.2219, 17.9379, 5800, 12],
  ['Västra', 59.3385, 18.0193, 4000, 8],
  ['Södertälje', 59.1775, 17.6412, 2000, 3],
  ['Östra', 59.3091, 18.1631, 2300, 4],
];
const POSTAL = [
  '111 21',
  '113 50',
  '118 60',
  '125 44',
  '141 30',
  '152 40',
  '131 40',
  '182 30',
  '171 60',
  '123 45',
  '127 30',
  '192 30',
];

let seed = 17;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pickWeighted = (exclude: Set<number>) => {
  const total = CLINICS.reduce((s, c, i) => s + (exclude.has(i) ? 0 : c[4]), 0);
  let r = rand() * total;
  for (let i = 0; i < CLINICS.length; i++) {
    if (exclude.has(i)) continue;
    r -= CLINICS[i]?.[4] ?? 0;
    if (r <= 0) return i;
  }
  return CLINICS.length - 1;
};

const scratch = process.env.DATABASE_URL
  ? await createScratchDatabase(process.env.DATABASE_URL, 'ingang_bench_bc')
  : null;
const handle = await openDatabase({ databaseUrl: scratch?.url, dataDir: '', inMemory: !scratch, poolSize: 4 });
const { db } = handle;
try {
  await migrate(db);
  const now = new Date('2026-01-01T00:00:00Z');
  const unitRows = CLINICS.map(([name, lat, lng], i) => ({
    id: id(1, i),
    hsa_id: `BENCH-BC-${i}`,
    name,
    kind: 'maternity' as const,
    provider_type: 'public' as const,
    street: '-',
    postal_code: '100 00',
    city: 'Stockholm',
    municipality: 'Stockholm',
    latitude: lat,
    longitude: lng,
    opening_hours: '[]',
    created_at: now,
    updated_at: now,
  }));
  const antenatal = { ...unitRows[0], id: id(1, 99), hsa_id: 'BENCH-BM', name: 'BM' } as (typeof unitRows)[number];
  await db
    .insertInto('units')
    .values([...unitRows, antenatal])
    .execute();
  await db
    .insertInto('birth_clinics')
    .values(
      unitRows.map((u, i) => ({ id: id(2, i), unit_id: u.id, short_name: u.name, active: true, created_at: now })),
    )
    .execute();
  await db
    .insertInto('birth_capacity_plans')
    .values(CLINICS.map((c, i) => ({ clinic_id: id(2, i), year: 2027, births: c[3], updated_at: now })))
    .execute();
  await db
    .insertInto('birth_capacity_weeks')
    .values(
      [3, 4, 5, 6].flatMap((i) =>
        ['2027-W29', '2027-W30'].map((week) => ({ clinic_id: id(2, i), week, closed: true, updated_at: now })),
      ),
    )
    .execute();

  const t0 = performance.now();
  for (let start = 0; start < N; start += 1000) {
    const persons = [];
    const pregnancies = [];
    for (let n = start; n < Math.min(N, start + 1000); n++) {
      const due = addDays(isoWeekStart('2027-W01'), Math.floor(rand() * 364));
      const count = rand() < 0.08 ? 0 : 1 + Math.floor(rand() * 3);
      const chosen = new Set<number>();
      while (chosen.size < count) chosen.add(pickWeighted(chosen));
      persons.push({
        id: id(3, n),
        // Unique 12-digit numbers: the bench needs no valid personnummer.
        personal_number: String(100_000_000_000 + n),
        given_name: 'B',
        family_name: 'B',
        protected_identity: rand() < 0.01,
        postal_code: POSTAL[Math.floor(rand() * POSTAL.length)] ?? null,
        registry_synced_at: now,
        created_at: now,
        updated_at: now,
      });
      pregnancies.push({
        id: id(4, n),
        person_id: id(3, n),
        antenatal_unit_id: antenatal.id,
        due_date: due,
        delivery_week: isoWeek(due),
        cutoff_at: cutoffAt(due),
        status: 'active' as const,
        registered_at: new Date(now.getTime() + n * 1000),
        wish_clinic_ids: [...chosen].map((i) => id(2, i)),
        updated_at: now,
      });
    }
    await db.insertInto('persons').values(persons).execute();
    await db.insertInto('pregnancies').values(pregnancies).execute();
  }
  const seedSeconds = (performance.now() - t0) / 1000;

  const clock = fixedClock('2028-01-01T00:00:00Z');
  const jobs = createJobQueue({ db, clock, log: { warn() {}, error() {}, info() {} } as never });
  const notifier = createBirthClinicNotifier({ db, clock, jobs, mail: { queue: async () => {} } as never });
  const runner = createAllocationRunner({ db, clock, notifier, locate: (pc) => resolveNear(pc, []) });
  const t1 = performance.now();
  const first = await runner.run('bench');
  const firstSeconds = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  const second = await runner.run('bench');
  const secondSeconds = (performance.now() - t2) / 1000;

  const perClinic = await db
    .selectFrom('pregnancies')
    .select(['allocated_clinic_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('allocated_clinic_id')
    .execute();
  const placed = new Map(perClinic.map((r) => [r.allocated_clinic_id, Number(r.n)]));
  const report = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}`,
    database: scratch ? 'postgres' : 'pglite',
    pregnancies: N,
    seedSeconds,
    firstRun: { seconds: firstSeconds, ...first },
    secondRun: { seconds: secondSeconds, ...second },
    clinics: CLINICS.map((c, i) => ({ name: c[0], yearly: c[3], placed: placed.get(id(2, i)) ?? 0 })),
  };
  console.log(`birth-clinic allocation, ${N} pregnancies, 7 clinics, 52 weeks (${report.database})`);
  console.log(`| run | seconds | considered | changed | told | first-wish share | fallback share |`);
  for (const [name, r] of [
    ['first', report.firstRun],
    ['again', report.secondRun],
  ] as const) {
    console.log(
      `| ${name} | ${r.seconds.toFixed(2)} | ${r.considered} | ${r.changed} | ${r.told} | ${(r.firstWishShare * 100).toFixed(1)} % | ${(r.fallbackShare * 100).toFixed(1)} % |`,
    );
  }
  for (const c of report.clinics)
    console.log(`  ${c.name.padEnd(11)} plan ${String(c.yearly).padStart(5)}  placed ${c.placed}`);
  const day = report.date.slice(0, 10);
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  fs.writeFileSync(
    path.join(root, `bench/results/birth-clinic-${report.database}-${day}.json`),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(root, 'docs/performance-birth-clinic.svg'), svg(report.clinics));
} finally {
  await handle.close();
  await scratch?.drop();
}

/** Planned vs placed births per clinic, as grouped bars. */
function svg(clinics: { name: string; yearly: number; placed: number }[]): string {
  const max = Math.max(...clinics.flatMap((c) => [c.yearly, c.placed]));
  const w = 640;
  const h = 260;
  const band = (w - 60) / clinics.length;
  const y = (v: number) => h - 40 - (v / max) * (h - 70);
  const bars = clinics
    .map((c, i) => {
      const x = 50 + i * band;
      return `<rect x="${x + 6}" y="${y(c.yearly)}" width="${band / 2 - 8}" height="${h - 40 - y(c.yearly)}" fill="#9bb7d4"><title>${c.name} plan ${c.yearly}</title></rect>
<rect x="${x + band / 2}" y="${y(c.placed)}" width="${band / 2 - 8}" height="${h - 40 - y(c.placed)}" fill="#1f5f99"><title>${c.name} placed ${c.placed}</title></rect>
<text x="${x + band / 2}" y="${h - 22}" font-size="11" text-anchor="middle">${c.name}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="Planned and placed births per delivery clinic">
<rect width="100%" height="100%" fill="white"/>
<text x="50" y="16" font-size="13">Planned (light) and placed (dark) births per clinic, one allocated year</text>
${bars}
<line x1="45" y1="${h - 40}" x2="${w - 5}" y2="${h - 40}" stroke="#333"/>
<text x="40" y="${y(max)}" font-size="10" text-anchor="end">${max}</text>
</svg>
`;
}
