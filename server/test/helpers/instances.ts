/**
 * Two server instances on one scratch PostgreSQL database and one Redis (the real ones on this
 * machine, always — two PGlite instances cannot share a database), for fan-out tests. B listens.
 */
import { randomBytes } from 'node:crypto';
import { type BuiltApp, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/platform/clock.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/platform/db/scratch.js';
import { createRedisHub } from '../../src/platform/hub.js';

const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface InstancePair {
  a: BuiltApp;
  b: BuiltApp;
  /** B's base URL (http://127.0.0.1:port). */
  baseB: string;
  close(): Promise<void>;
}

export async function startInstancePair(clock: Clock): Promise<InstancePair> {
  const database: ScratchDatabase = await createScratchDatabase(POSTGRES, 'ingang_t');
  // One Redis prefix for both instances (they must meet), unique to this run.
  const prefix = `ingang-test-${randomBytes(4).toString('hex')}:`;
  const instance = () =>
    buildApp(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        MAIL_EMBEDDED: 'false',
        SEED_DEMO: 'false',
        WEB_DIST: '/nonexistent',
      }),
      { clock, hub: createRedisHub(REDIS, prefix) },
    );
  const a = await instance();
  const b = await instance();
  const baseB = await b.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    a,
    b,
    baseB,
    async close() {
      await b.app.close();
      await a.app.close();
      await database.drop();
    },
  };
}
