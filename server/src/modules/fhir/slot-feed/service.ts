/**
 * The public slot feed (SMART Scheduling Links). A generation is built from the
 * database at most every `intervalSeconds` by whichever instance takes the
 * lease, and stored in PostgreSQL in chunks (read a page of rows at a time,
 * written a chunk at a time); every instance keeps the current generation's
 * file list, and recently served chunks and manifests in a cache bounded by
 * bytes (`cacheBytes`), and asks the database at most once per `checkMs`
 * whether a newer generation exists. A poll of a file whose chunks are cached
 * costs no query, and a thousand finders polling every minute cost one
 * regeneration a minute. Memory does not grow with the region: at most a page
 * of rows and a chunk or two while building, the cache's budget while serving.
 */
import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/index.js';
import { AppError } from '../../../platform/errors.js';
import { rushHold } from '../../../platform/rush-hold.js';
import type { SlotRow } from '../resources/index.js';
import { instant, REGION_CODE } from '../resources/index.js';
import { offered as offeredRows, units as unitRows } from '../store.js';
import { ByteLru } from './cache.js';
import { catalogueLines, dayLookup, type Shard, shardFileName, shardsOf, slotLine, weeksOf } from './generate.js';
import * as store from './store.js';
import { etagOfLines, GZIP_MIN_BYTES, writeChunked } from './writer.js';

export interface SlotFeedDeps {
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  publicUrl: string;
  intervalSeconds: number;
  days: number;
  /** How long an instance trusts its copy before asking the database (default 1000 ms). */
  checkMs?: number;
  /** The most bytes of chunks and manifests an instance keeps in memory (default 64 MiB). */
  cacheBytes?: number;
  /** The size of a stored chunk (default 256 KiB). */
  chunkBytes?: number;
  /** Rows read per query while building a Slot file (default 2000). */
  pageRows?: number;
  /**
   * True while a rush is on (the waiting room's signal). A regeneration costs 17–27 s of one core at
   * region scale, so it waits while the rush lasts — finders get the last feed, marked by its
   * `transactionTime` — but at most `maxDeferMs` (default 15 minutes) at a time.
   */
  rush?: () => boolean;
  maxDeferMs?: number;
}

/** The longest a rush holds the feed back before one regeneration runs anyway. */
export const FEED_MAX_DEFER_MS = 15 * 60_000;

/** Bytes sent a chunk at a time (from the cache or storage), with their length known up front. */
export interface Streamed {
  length: number;
  open(): AsyncIterable<Buffer>;
}

export interface Manifest {
  transactionTime: string;
  request: string;
  output: { type: string; url: string; extension?: Record<string, string[]> }[];
  error: unknown[];
}

export interface Served {
  body: Buffer | Streamed;
  etag: string;
  lastModified: Date;
  /** The same bytes gzipped (files over a few kilobytes): made once per manifest, stored with each file. */
  gzip?: Buffer | Streamed;
}

interface Copy {
  generation: string;
  generatedAt: Date;
  checkedAt: number;
  files: store.FileMeta[];
  byName: Map<string, store.FileMeta>;
}

const gzipAsync = promisify(gzip);

/** Gzipped bytes for anything worth compressing (off the event loop, in libuv's pool). */
async function gzipped(body: Buffer): Promise<Buffer | undefined> {
  return body.length >= GZIP_MIN_BYTES ? gzipAsync(body) : undefined;
}

const MANIFEST_PARAMS = new Set(['_since', 'municipality', 'serviceType', '_format']);

export function createSlotFeedService(deps: SlotFeedDeps) {
  const { db, clock, log } = deps;
  const checkMs = deps.checkMs ?? 1000;
  const base = `${deps.publicUrl}/api/fhir`;
  const chunkBytes = deps.chunkBytes ?? 256 * 1024;
  const pageRows = deps.pageRows ?? 2000;
  const cache = new ByteLru<Served | Buffer>(deps.cacheBytes ?? 64 * 1024 * 1024);
  /** Chunk reads under way (one per chunk however many downloads wait for it). */
  const reading = new Map<string, Promise<Buffer | undefined>>();
  let copy: Copy | null = null;
  let pending: Promise<void> | null = null;

  /** Builds and stores a new generation if this instance wins the lease; true when it did. */
  async function regenerate(): Promise<boolean> {
    const now = clock.now();
    const staleBefore = new Date(now.getTime() - deps.intervalSeconds * 1000);
    const won = await store.takeLease(db, now, staleBefore, new Date(now.getTime() + 5 * 60_000));
    if (!won) return false;
    try {
      // File by file, and each file a page of rows and a chunk of bytes at a time: at region scale
      // (580 units × 30 days) the feed is hundreds of megabytes, and even one municipality-week
      // (44 MB) was one string in memory before the files were written in chunks.
      const until = new Date(now.getTime() + deps.days * 86_400_000);
      const [units, offered, etags] = await Promise.all([unitRows(db), offeredRows(db, now), store.fileEtags(db)]);
      const hash = createHash('sha256');
      const names: string[] = [];
      // Where the time goes (logged, no personal data): reading rows; hashing lines to find unchanged
      // files, and writing changed ones (both of these include their reads).
      const ms = { read: 0, check: 0, write: 0 };
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
      /**
       * One file: when it exists, first its etag alone (the lines hashed, nothing kept); unchanged
       * files are not rewritten, so their `changed_at` (and `_since`) stays honest. Otherwise the
       * lines again, written in chunks under a new version that then becomes the current one.
       */
      const put = async (
        meta: Omit<store.FileRecord, 'etag' | 'resources' | 'bytes' | 'gzipBytes'>,
        lines: () => AsyncIterable<string> | Iterable<string>,
      ) => {
        names.push(meta.name);
        const old = etags.get(meta.name);
        if (old !== undefined && (await timed('check', () => etagOfLines(lines()))) === old) {
          hash.update(`${meta.name}:${old}\n`);
          return;
        }
        const version = randomUUID();
        const w = await timed('write', () => writeChunked(db, { name: meta.name, version }, lines(), chunkBytes));
        hash.update(`${meta.name}:${w.etag}\n`);
        if (w.etag === old) {
          // Changed between the check and the write, and back: keep the stored version.
          await store.dropVersion(db, meta.name, version);
          return;
        }
        written++;
        await store.commitFile(db, { ...meta, ...w }, version, now);
      };
      for (const c of catalogueLines({ publicUrl: deps.publicUrl, units, offered })) {
        await put(
          { name: c.name, resourceType: c.resourceType, timeTypeCode: null, municipality: null },
          () => c.lines,
        );
      }
      /** A shard-week's Slot lines, read `pageRows` at a time (keyset), starting with a page already read. */
      const slotLines = async function* (shard: Shard, week: { from: Date; until: Date }, first: SlotRow[]) {
        const dayOf = dayLookup();
        let page = first;
        while (page.length > 0) {
          for (const row of page) yield slotLine(deps.publicUrl, row, dayOf(row.starts_at));
          if (page.length < pageRows) return;
          const last = page[page.length - 1] as SlotRow;
          page = await timed('read', () =>
            store.feedSlots(
              db,
              now,
              week,
              { timeTypeId: shard.type.id, unitIds: shard.unitIds },
              {
                after: { starts_at: last.starts_at, id: last.id },
                limit: pageRows,
              },
            ),
          );
        }
      };
      const weeks = weeksOf(now, until);
      for (const shard of shardsOf(offered)) {
        for (const week of weeks) {
          const firstPage = () =>
            timed('read', () =>
              store.feedSlots(
                db,
                now,
                week,
                { timeTypeId: shard.type.id, unitIds: shard.unitIds },
                { limit: pageRows },
              ),
            );
          const first = await firstPage();
          // A week with no times gets no file.
          if (first.length === 0) continue;
          let reuse: SlotRow[] | null = first;
          let counted = false;
          await put(
            {
              name: shardFileName(shard, week.key),
              resourceType: 'Slot',
              timeTypeCode: shard.type.code,
              municipality: shard.municipality,
            },
            () => {
              const self = async function* () {
                // The first pass uses the page read above; a second pass (writing) reads it again.
                const page = reuse ?? (await firstPage());
                reuse = null;
                for await (const line of slotLines(shard, week, page)) {
                  if (!counted) times++;
                  yield line;
                }
                counted = true;
              };
              return self();
            },
          );
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

  /** Held back while a rush lasts (up to maxDeferMs, then one runs and the wait restarts). */
  const hold = rushHold(clock, () => deps.rush?.() ?? false, deps.maxDeferMs ?? FEED_MAX_DEFER_MS);
  const mayRegenerate = () => hold.mayRun();

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
    } else if (now.getTime() - st.generated_at.getTime() >= deps.intervalSeconds * 1000 && mayRegenerate()) {
      // Stale: serve what there is while one instance regenerates.
      void kick();
    }
    if (!copy || copy.generation !== st.generation) {
      const files = await store.fileList(db);
      copy = {
        generation: st.generation,
        generatedAt: st.generated_at,
        checkedAt: now.getTime(),
        files,
        byName: new Map(files.map((f) => [f.name, f])),
      };
    } else {
      copy.checkedAt = now.getTime();
    }
    return copy;
  }

  /** A stored file version's plain or gzipped bytes, chunk by chunk (cached ones from memory). */
  function streamed(f: store.FileMeta, kind: 'plain' | 'gzip', length: number): Streamed {
    return {
      length,
      async *open() {
        let sent = 0;
        for (let seq = 0; sent < length; seq++) {
          const key = `c\u0000${f.name}\u0000${f.version}\u0000${kind}\u0000${seq}`;
          let bytes = cache.get(key) as Buffer | undefined;
          if (!bytes) {
            // Concurrent downloads of a cold file read each chunk once, not once each.
            let read = reading.get(key);
            if (!read) {
              read = store.chunk(db, { name: f.name, version: f.version, kind, seq }).then((b) => {
                if (b) cache.set(key, b, b.length);
                return b;
              });
              reading.set(key, read);
              void read.finally(() => reading.delete(key)).catch(() => undefined);
            }
            bytes = await read;
            // Replaced twice while this download was under way: end it short (the client sees an
            // incomplete body against its Content-Length, and polls again).
            if (!bytes) throw new Error(`feed file ${f.name} changed while it was being sent`);
          }
          sent += bytes.length;
          yield bytes;
        }
      },
    };
  }

  return {
    /** Regenerates now if the interval allows (tests; an operator). */
    async refresh(): Promise<void> {
      await kick();
    },

    /** The schedule's run: as `refresh`, unless a rush holds it back. */
    async scheduled(): Promise<void> {
      if (mayRegenerate()) await kick();
    },

    /** Waits for a regeneration under way (one a request started), so it does not meet a closed database. */
    async close(): Promise<void> {
      await pending;
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
      const key = `m\u0000${c.generation}\u0000${JSON.stringify([one('municipality'), one('serviceType'), since?.getTime()])}`;
      const cached = cache.get(key) as Served | undefined;
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
      cache.set(key, served, body.length + (served.gzip?.length ?? 0));
      return served;
    },

    /** One NDJSON file of the current generation (streamed from storage); 404 for a name that is not in it. */
    async file(name: string): Promise<Served> {
      const c = await current();
      const f = c.byName.get(name);
      if (!f) throw new AppError(404, 'not_found', `No feed file ${name}.`);
      return {
        body: streamed(f, 'plain', f.bytes),
        etag: f.etag,
        lastModified: f.changed_at,
        ...(f.gzip_bytes !== null ? { gzip: streamed(f, 'gzip', f.gzip_bytes) } : {}),
      };
    },

    /** What the instance's cache holds now, at most ever, and may hold (tests, benchmarks). */
    cacheStats(): { bytes: number; peak: number; budget: number } {
      return { bytes: cache.bytes, peak: cache.peak, budget: cache.budget };
    },
  };
}

export type SlotFeedService = ReturnType<typeof createSlotFeedService>;
