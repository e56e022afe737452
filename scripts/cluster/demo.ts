/**
 * `npm run demo:cluster`: two instances and nginx on loopback against this
 * machine's PostgreSQL (a database of its own, `ingang_cluster_demo`, created
 * when missing) and Redis. Open the printed address; Ctrl-C stops everything
 * (each instance drains). Try `kill -TERM <pid>` on one instance: the other
 * carries on and open pages reconnect to it.
 */
import pg from 'pg';
import { startCluster } from './launch.js';

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const port = Number(process.env.CLUSTER_PORT ?? 8080);
const name = 'ingang_cluster_demo';

const admin = new pg.Client({ connectionString: base });
await admin.connect();
const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
if (exists.rowCount === 0) await admin.query(`create database ${name}`);
await admin.end();
const url = new URL(base);
url.pathname = `/${name}`;

console.log('Starting two instances and nginx…');
const cluster = await startCluster({
  instances: 2,
  databaseUrl: url.toString(),
  redisUrl,
  port,
  basePort: port + 1,
});
console.log(
  [
    '',
    `  Ingång cluster at ${cluster.url}  (nginx → ${cluster.instances.map((i) => i.url).join(', ')})`,
    ...cluster.instances.map(
      (i) =>
        `    instance ${i.index + 1}: pid ${i.process.pid}, metrics ${i.url}/metrics, ready ${i.url}/api/health/ready`,
    ),
    `    nginx config: ${cluster.confPath}`,
    '  Ctrl-C stops everything.',
    '',
  ].join('\n'),
);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    cluster.stop().then(() => process.exit(0));
  });
}
