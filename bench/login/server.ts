/**
 * The login benchmark's system under test: a scratch PostgreSQL database and
 * the real server started as a child process (`node <server/node-flags.json> --import tsx
 * server/src/main.ts`) on a free loopback port. Both are torn down by `stop()`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import serverNodeFlags from '../../server/node-flags.json' with { type: 'json' };
import { createScratchDatabase as createScratch, type ScratchDatabase } from '../../server/src/platform/db/scratch.js';

export type Scratch = ScratchDatabase;

/** Creates an empty database next to `baseUrl`'s; the server migrates it at start-up. */
export const createScratchDatabase = (baseUrl: string): Promise<Scratch> => createScratch(baseUrl, 'ingang_bench');

/** A free TCP port on loopback (bound and released; a race with another process is possible but unlikely). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  pid: number;
  origin: string;
  /** The last lines the server printed (for a failure message). */
  tail(): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  root: string;
  databaseUrl: string;
  port: number;
  /** The benchmark's single source IP would hit the per-IP login limit meant for real traffic. */
  loginPerIpPerMinute: number;
  /** More settings for the server under study (e.g. the waiting room's, REDIS_URL). */
  env?: Record<string, string>;
  /** How long start-up may take (default 60 s; a loaded machine needs more). */
  startTimeoutMs?: number;
}

/** Starts the server as a child process and waits until GET /api/health answers 200 (60 s at most). */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const origin = `http://127.0.0.1:${options.port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    PUBLIC_URL: origin,
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-bench-login-')),
    SEED_DEMO: 'false',
    MAIL_EMBEDDED: 'false',
    // No support-mail receiver: its fixed port (2526) would collide with another server on the machine.
    SUPPORT_SMTP_ENABLED: 'false',
    BANKID_BACKEND: 'simulator',
    RATE_LOGIN_PER_IP_PER_MINUTE: String(options.loginPerIpPerMinute),
    LOG_LEVEL: 'warn',
    // Database settings under study pass through (e.g. DB_PREPARED_STATEMENTS=false for a before/after).
    ...(process.env.DB_PREPARED_STATEMENTS ? { DB_PREPARED_STATEMENTS: process.env.DB_PREPARED_STATEMENTS } : {}),
    ...(process.env.DB_POOL_SIZE ? { DB_POOL_SIZE: process.env.DB_POOL_SIZE } : {}),
    ...(process.env.DB_SEARCH_PLAN_CACHE_MODE
      ? { DB_SEARCH_PLAN_CACHE_MODE: process.env.DB_SEARCH_PLAN_CACHE_MODE }
      : {}),
    ...options.env,
  };
  // The flags `npm start` runs the server with, then e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof
  // --cpu-prof-dir=/tmp/prof" to profile the server under load.
  const nodeArgs = [...serverNodeFlags.flags, ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/src/main.ts'], {
    cwd: options.root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const dataDir = env.DATA_DIR as string;
  const server: ServerProcess = {
    pid: child.pid ?? 0,
    origin,
    tail: () => lines.join('\n'),
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
        await exit;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the server exited during start-up:\n${server.tail()}`);
    try {
      const res = await fetch(`${origin}/api/health`);
      await res.arrayBuffer();
      if (res.status === 200) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  throw new Error(`the server did not answer /api/health in time:\n${server.tail()}`);
}
