/**
 * One forked generator process of the release (bench/surge/generator.ts): drives its share of the
 * browsers through its own timed pools, tells the parent about bookings and full times, closes the times
 * the parent says are taken, and answers with its measurements, its CPU and its event-loop delay.
 */
import { prng } from '../booking/region.js';
import { type FromWorker, measureProcess, type ToWorker, timedPools } from './generator.js';
import { newTally } from './http.js';
import { browse, SlotBoard } from './release.js';

const send = (m: FromWorker, then?: () => void) => process.send?.(m, undefined, undefined, then);

type Init = Extract<ToWorker, { type: 'init' }>;
let ready: { init: Init; board: SlotBoard; pools: ReturnType<typeof timedPools> } | undefined;

process.on('message', (m: ToWorker) => {
  if (m.type === 'init') void prepare(m);
  else if (m.type === 'close') ready?.board.close(m.slotId);
  else if (m.type === 'go' && ready) void run(ready, m.startedAt, m.releaseAt);
});

async function prepare(init: Init) {
  const board = new SlotBoard(init.scenario.slotIds, init.scenario.placesPerSlot, {
    onBooked: (slotId) => send({ type: 'booked', slotId }),
    onFull: (slotId) => send({ type: 'full', slotId }),
  });
  // Browser i is this process's because i mod P = k; its pool follows from ⌊i / P⌋.
  const pools = timedPools(init.origin, init.connections, init.poolSize, init.processes);
  await pools.warm();
  ready = { init, board, pools };
  send({ type: 'ready' });
}

async function run({ init: o, board: slots, pools }: NonNullable<typeof ready>, startedAt: number, releaseAt: number) {
  const measured = measureProcess();
  const part = await browse({
    scenario: o.scenario,
    citizens: o.citizens,
    indices: o.indices,
    total: o.total,
    startedAt,
    releaseAt,
    dispatcherFor: pools.poolFor,
    board: slots,
    random: prng(o.seed),
    tally: newTally(),
  });
  const figures = measured({ browsers: o.citizens.length, pools: pools.count, connections: pools.connections });
  const cpu = process.cpuUsage();
  // Browsers still under way at the deadline stop with the process.
  send({ type: 'done', part, figures, cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
}
