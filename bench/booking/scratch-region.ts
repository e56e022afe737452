/**
 * What bench:booking and bench:surge both set up: a scratch PostgreSQL
 * database, migrated, with the region generated in set-based SQL; the signal
 * handlers that tear it down on Ctrl-C; and the day's results file the runs
 * accumulate in (the machine is shared, the spread between runs is part of the result).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createScratchDatabase, type Scratch } from '../login/server.js';
import { migrateScratch } from './db.js';
import { generate } from './generate.js';

/** Migrates the scratch database and generates the region in it. */
export async function prepareRegion(scratch: Scratch, o: { persons: number; firstDay: string }) {
  await migrateScratch(scratch.url);
  return generate(scratch.url, { persons: o.persons, firstDay: o.firstDay });
}

/** A scratch database next to `baseUrl`'s, dropped by `cleanUp` (also on SIGINT/SIGTERM, after `before`). */
export async function scratchWithCleanUp(baseUrl: string, before: () => Promise<void>) {
  const scratch = await createScratchDatabase(baseUrl);
  let cleaned = false;
  const cleanUp = async () => {
    if (cleaned) return;
    cleaned = true;
    await before().catch((e) => console.error(`stopping failed: ${(e as Error).message}`));
    await scratch.drop().catch((e) => console.error(`dropping ${scratch.name} failed: ${(e as Error).message}`));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`${signal}: stopping the servers and dropping ${scratch.name}`);
      cleanUp().finally(() => process.exit(130));
    });
  }
  return { scratch, cleanUp };
}

/** Appends `run` to bench/results/<name>-<date>.json; returns the file and how many runs it holds. */
export function appendRun<T extends { date: string }>(root: string, name: string, run: T) {
  const file = path.join(root, `bench/results/${name}-${run.date.slice(0, 10)}.json`);
  const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { runs?: unknown[] }) : {};
  const runs = [...(previous.runs ?? []), run];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ runs }, null, 2)}\n`);
  return { file: path.relative(root, file), runs: runs.length };
}
