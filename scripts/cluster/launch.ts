/**
 * Starts N Ingång instances (separate processes) and nginx in front of them,
 * on loopback, against one PostgreSQL database and one Redis — what
 * `npm run demo:cluster` runs and what server/test/cluster.test.ts drives.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nginxConf } from './nginx-conf.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

export interface ClusterOptions {
  instances: number;
  databaseUrl: string;
  redisUrl: string;
  /** nginx's port; instance i listens on basePort + i. */
  port: number;
  basePort: number;
  /** Extra environment for every instance. */
  env?: Record<string, string>;
  /** Where instance output goes (default: inherited). */
  output?: 'inherit' | 'ignore';
  /** Node flags for every instance (the benchmarks pass server/node-flags.json's, as `npm start` does). */
  nodeArgs?: string[];
}

export interface Instance {
  index: number;
  port: number;
  url: string;
  process: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process ended. */
  exited: Promise<number | string>;
}

export interface RunningCluster {
  url: string;
  instances: Instance[];
  confPath: string;
  /** nginx's master process (its CPU counts in the benchmarks). */
  nginxPid: number;
  /** Starts instance `index` again (after it was killed). */
  restart(index: number): Promise<Instance>;
  stop(): Promise<void>;
}

async function waitFor(url: string, timeoutMs: number, proc?: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && proc.exitCode !== null) throw new Error(`process exited (${proc.exitCode}) before ${url} answered`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function exitOf(proc: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve(proc.exitCode);
    proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
}

export async function startCluster(o: ClusterOptions): Promise<RunningCluster> {
  const url = `http://127.0.0.1:${o.port}`;
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-nginx-'));
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    fs.mkdirSync(path.join(prefix, 'tmp', d), { recursive: true });
  const instances: Instance[] = [];

  async function launch(index: number, seed: boolean): Promise<Instance> {
    const port = o.basePort + index;
    const proc = spawn(process.execPath, [...(o.nodeArgs ?? []), '--import', 'tsx', 'server/src/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', o.output ?? 'inherit', o.output ?? 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: url,
        DATABASE_URL: o.databaseUrl,
        REDIS_URL: o.redisUrl,
        SEED_DEMO: seed ? 'true' : 'false',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        // One host: each instance its own SMTP port and its own UDP range for the SFU.
        SMTP_PORT: String(2600 + index),
        SUPPORT_SMTP_PORT: '0',
        VIDEO_RTP_PORT_MIN: String(41000 + index * 500),
        VIDEO_RTP_PORT_MAX: String(41000 + index * 500 + 499),
        SHUTDOWN_DRAIN_DELAY_MS: '1000',
        ...o.env,
      },
    });
    const instance: Instance = { index, port, url: `http://127.0.0.1:${port}`, process: proc, exited: exitOf(proc) };
    await waitFor(`${instance.url}/api/health/ready`, 180_000, proc);
    instances[index] = instance;
    return instance;
  }

  // One after the other: the first migrates and seeds, the rest find it done.
  for (let i = 0; i < o.instances; i++) await launch(i, i === 0);

  const confPath = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(
    confPath,
    nginxConf({
      listen: `127.0.0.1:${o.port}`,
      upstreams: instances.map((i) => `127.0.0.1:${i.port}`),
      prefix,
      embeddedOidcUpstream: `127.0.0.1:${o.basePort}`,
    }),
  );
  const nginx = spawn(NGINX, ['-p', prefix, '-c', confPath, '-e', path.join(prefix, 'error.log')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const nginxExited = exitOf(nginx);
  await waitFor(`${url}/api/health/live`, 30_000, nginx);

  return {
    url,
    instances,
    confPath,
    nginxPid: nginx.pid ?? 0,
    restart: (index) => launch(index, false),
    async stop() {
      nginx.kill('SIGQUIT');
      for (const i of instances) if (i.process.exitCode === null) i.process.kill('SIGTERM');
      await Promise.all([nginxExited, ...instances.map((i) => i.exited)]);
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}
