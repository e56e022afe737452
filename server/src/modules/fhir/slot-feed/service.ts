/**
 * The public slot feed (SMART Scheduling Links). A generation is built from the
 * database at most every `intervalSeconds` by whichever instance takes the
 * lease, and stored in PostgreSQL; every instance keeps the current generation's
 * files in memory and asks the database at most once per `checkMs` whether a
 * newer one exists. A poll with a warm cache therefore costs no query at all,
 * and a thousand finders polling every minute cost one regeneration a minute.
 */
import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/index.js';
import { AppError } from '../../../platform/errors.js';
import { REGION_CODE } from '../resources/public.js';
import { instant } from '../resources/systems.js';
import { offered as offeredRows, units as unitRows } from '../store.js';
import { catalogueFiles, type FeedFile, shardFiles, shardsOf, weeksOf } from './generate.js';
import * as store from './store.js';

export interface SlotFeedDeps {
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  publicUrl: string;
  intervalSeconds: number;
  days: number;
  /** How long an instance trusts its copy before asking the database (default 1000 ms). */
  checkMs?: number;
}

export interface Manifest {
  transactionTime: string;
  request: string;
  output: { type: string; url: string; extension?: Record<string, string[]> }[];
  error: unknown[];
}

export interface Served {
  body: string | Buffer;
  etag: string;
  lastModified: Date;
  /** The same bytes gzipped (files over a few kilobytes), made once per generation and instance. */
  gzip?: Buffer;
}

interface Copy {
  generation: string;
  generatedAt: Date;
  checkedAt: number;
  files: store.FileMeta[];
  contents: Map<string, Served>;
  manifests: Map<string, Served>;
}

const gzipAsync = promisify(gzip);

/** Gzipped bytes for anything worth compressing (off the event loop, in libuv's pool). */
async function gzipped(body: Buffer): Promise<Buffer | undefined> {
  return body.length >= 2048 ? gzipAsync(body) : undefined;
}

const MANIFEST_PARAMS = new Set(['_since', 'municipality', 'serviceType', '_format']);

export function createSlotFeedService(deps: SlotFeedDeps) {
  const { db, clock, log } = deps;
  const checkMs = deps.checkMs ?? 1000;
  const base = `${deps.publicUrl}/api/fhir`;
  let copy: Copy | null = null;
  let pending: Promise<void> | null = null;

  /** Builds and stores a new generation if this instance wins the lease; true when it did. */
  async function regenerate(): Promise<boolean> {
    const now = clock.now();
    const staleBefore = new Date(now.getTime() - deps.intervalSeconds * 1000);
    const won = await store.takeLease(db, now, staleBefore, new Date(now.getTime() + 5 * 60_000));
    if (!won) return false;
    try {
      // Shard by shard and week by week, so only one shard-week's rows and text are ever in memory:
      // at region scale (580 units × 30 days) the whole feed is hundreds of megabytes, and one
      // municipality's 30 days were 187 MB (peak RSS 1.3 GB) before the weekly split.
      const until = new Date(now.getTime() + deps.days * 86_400_000);
      const [units, offered, etags] = await Promise.all([unitRows(db), offeredRows(db, now), store.fileEtags(db)]);
      const hash = createHash('sha256');
      const names: string[] = [];
      // Where the time goes (logged, no personal data): reading, building the text, writing.
      const ms = { read: 0, build: 0, write: 0 };
      let times = 0;
      let written = 0;
      const timed = async <T>(phase: keyof typeof ms, f: () => T | Promise<T>): Promise<T> => {
        const t0 = performance.now();
        try {
          return await f();
        } finally {
          ms[phase] += performance.now() - t0;
        }
      };
      const put = async (f: FeedFile) => {
        names.push(f.name);
        hash.update(`${f.name}:${f.etag}\n`);
        if (etags.get(f.name) === f.etag) return;
        written++;
        await timed('write', () => store.putFile(db, f, now));
      };
      for (const f of catalogueFiles({ publicUrl: deps.publicUrl, units, offered })) await put(f);
      const weeks = weeksOf(now, until);
      for (const shard of shardsOf(offered)) {
        for (const week of weeks) {
          const rows = await timed('read', () =>
            store.feedSlots(db, now, week, { timeTypeId: shard.type.id, unitIds: shard.unitIds }),
          );
          times += rows.length;
          // One file (the rows are one week's); a week with no times gets none.
          for (const f of await timed('build', () => shardFiles(deps.publicUrl, shard, rows))) await put(f);
        }
      }
      const generation = hash.digest('base64url').slice(0, 22);
      await store.finishGeneration(db, `${generation}.${randomUUID().slice(0, 8)}`, now, names);
      log.info(
        {
          times,
          files: names.length,
          written,
          ms: Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Math.round(v)])),
        },
        'slot feed regenerated',
      );
      return true;
    } catch (error) {
      await store.releaseLease(db);
      throw error;
    }
  }

  /** Starts a regeneration in the background (one per instance at a time). */
  function kick(): Promise<void> {
    pending ??= regenerate()
      .then(() => undefined)
      .catch((error) => log.warn({ err: error }, 'slot feed regeneration failed'))
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  /** The current generation, loading it when the database has a newer one. */
  async function current(): Promise<Copy> {
    const now = clock.now();
    if (copy && now.getTime() - copy.checkedAt < checkMs) return copy;
    let st = await store.state(db);
    if (!st || st.generation === '') {
      // Cold start: wait for a first generation (ours, or another instance's).
      for (let i = 0; i < 100 && (!st || st.generation === ''); i++) {
        await kick();
        st = await store.state(db);
        if (!st || st.generation === '') await new Promise((r) => setTimeout(r, 100));
      }
      if (!st || st.generation === '') throw new AppError(503, 'feed_unavailable', 'The feed is being generated.');
    } else if (now.getTime() - st.generated_at.getTime() >= deps.intervalSeconds * 1000) {
      // Stale: serve what there is while one instance regenerates.
      void kick();
    }
    if (!copy || copy.generation !== st.generation) {
      copy = {
        generation: st.generation,
        generatedAt: st.generated_at,
        checkedAt: now.getTime(),
        files: await store.fileList(db),
        contents: new Map(),
        manifests: new Map(),
      };
    } else {
      copy.checkedAt = now.getTime();
    }
    return copy;
  }

  return {
    /** Regenerates now if the interval allows (the schedule and tests). */
    async refresh(): Promise<void> {
      await kick();
    },

    /** The manifest, optionally for one municipality / service type, and only files changed after `_since`. */
    async manifest(query: Record<string, string | string[] | undefined>): Promise<Served> {
      for (const [name, value] of Object.entries(query)) {
        if (!MANIFEST_PARAMS.has(name))
          throw new AppError(400, 'invalid_search_parameter', `${name}: unknown parameter`, {
            [name]: 'unknown parameter',
          });
        if (Array.isArray(value))
          throw new AppError(400, 'invalid_search_parameter', `${name}: give it once`, { [name]: 'give it once' });
      }
      const one = (name: string) => query[name] as string | undefined;
      let since: Date | undefined;
      const sinceRaw = one('_since');
      if (sinceRaw !== undefined) {
        since = new Date(sinceRaw);
        if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(sinceRaw) || Number.isNaN(since.getTime())) {
          throw new AppError(400, 'invalid_search_parameter', '_since: expected an ISO 8601 instant', {
            _since: 'expected an ISO 8601 instant',
          });
        }
      }
      const c = await current();
      const key = JSON.stringify([one('municipality'), one('serviceType'), since?.getTime()]);
      const cached = c.manifests.get(key);
      if (cached) return cached;
      const q = new URLSearchParams(
        Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      const files = c.files.filter(
        (f) =>
          (f.resource_type !== 'Slot' ||
            ((!one('municipality') || f.municipality === one('municipality')) &&
              (!one('serviceType') || f.time_type_code === one('serviceType')))) &&
          (!since || f.changed_at > since),
      );
      const manifest: Manifest = {
        transactionTime: instant(c.generatedAt),
        request: `${base}/$bulk-publish${q.size ? `?${q.toString()}` : ''}`,
        output: files.map((f) => ({
          type: f.resource_type,
          url: `${base}/bulk/${f.name}`,
          ...(f.resource_type === 'Slot'
            ? {
                extension: {
                  state: [REGION_CODE],
                  municipality: [f.municipality ?? ''],
                  serviceType: [f.time_type_code ?? ''],
                },
              }
            : {}),
        })),
        error: [],
      };
      const body = Buffer.from(JSON.stringify(manifest));
      const served = {
        body,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
        lastModified: c.generatedAt,
        gzip: await gzipped(body),
      };
      c.manifests.set(key, served);
      return served;
    },

    /** One NDJSON file of the current generation; 404 for a name that is not in it. */
    async file(name: string): Promise<Served> {
      const c = await current();
      if (!c.files.some((f) => f.name === name)) throw new AppError(404, 'not_found', `No feed file ${name}.`);
      let hit = c.contents.get(name);
      if (!hit) {
        const row = await store.fileContent(db, name);
        if (!row) throw new AppError(404, 'not_found', `No feed file ${name}.`);
        // Kept as bytes, gzipped once: a poll then costs a lookup and a write, not an encode of megabytes.
        const body = Buffer.from(row.content);
        hit = { body, etag: row.etag, lastModified: row.changed_at, gzip: await gzipped(body) };
        c.contents.set(name, hit);
      }
      return hit;
    },
  };
}

export type SlotFeedService = ReturnType<typeof createSlotFeedService>;
