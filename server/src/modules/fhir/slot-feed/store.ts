/**
 * SQL of the slot feed: the rows a generation is made from, and the stored
 * generation itself (one state row + the files), shared by every instance.
 */
import type { Db, Queryable } from '../../../platform/db/index.js';
import type { SlotRow } from '../resources/index.js';
import { publicTypeFilter } from '../store.js';

/** Where a page of `feedSlots` resumes: after this start and id (the order of the rows). */
export interface SlotCursor {
  starts_at: Date;
  id: string;
}

/**
 * Every publishable time of one shard (a time type at some units) starting in the window
 * [from, until) and after `now`: its Slot lines (free and busy). The feed reads a week at a
 * time, a page of `limit` rows at a time (keyset: after `page.after` in start, id order).
 */
export async function feedSlots(
  q: Queryable,
  now: Date,
  window: { from: Date; until: Date },
  shard: { timeTypeId: string; unitIds: string[] },
  page?: { after?: SlotCursor; limit: number },
): Promise<SlotRow[]> {
  if (shard.unitIds.length === 0) return [];
  let query = q
    .selectFrom('slots as s')
    .innerJoin('time_types as t', 't.id', 's.time_type_id')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id', 's.time_type_id', 's.starts_at', 's.ends_at', 's.capacity', 's.booked'])
    .where('s.time_type_id', '=', shard.timeTypeId)
    .where('s.unit_id', 'in', shard.unitIds)
    .where('s.withdrawn_at', 'is', null)
    .where('s.reserved_for', 'is', null)
    .where('s.visible_from', '<=', now)
    .where('s.starts_at', '>', now)
    .where('s.starts_at', '>=', window.from)
    .where('s.starts_at', '<', window.until)
    .where('u.active', '=', true)
    .where(publicTypeFilter(now))
    .orderBy('s.starts_at')
    .orderBy('s.id');
  const after = page?.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('s.starts_at', '>', after.starts_at),
        eb.and([eb('s.starts_at', '=', after.starts_at), eb('s.id', '>', after.id)]),
      ]),
    );
  }
  if (page) query = query.limit(page.limit);
  return query.execute();
}

export interface FeedState {
  generation: string;
  generated_at: Date;
  lease_until: Date | null;
}

export async function state(q: Queryable): Promise<FeedState | undefined> {
  return q
    .selectFrom('fhir_feed_state')
    .select(['generation', 'generated_at', 'lease_until'])
    .where('id', '=', 1)
    .executeTakeFirst();
}

/**
 * Takes the right to regenerate when the current generation is older than
 * `staleBefore` and nobody else holds an unexpired lease. One instance wins.
 */
export async function takeLease(db: Db, now: Date, staleBefore: Date, leaseUntil: Date): Promise<boolean> {
  await db
    .insertInto('fhir_feed_state')
    .values({ id: 1, generation: '', generated_at: new Date(0), lease_until: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const won = await db
    .updateTable('fhir_feed_state')
    .set({ lease_until: leaseUntil })
    .where('id', '=', 1)
    .where('generated_at', '<=', staleBefore)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returning('id')
    .executeTakeFirst();
  return won !== undefined;
}

/** Gives the lease back without a new generation (the generation failed). */
export async function releaseLease(db: Db): Promise<void> {
  await db.updateTable('fhir_feed_state').set({ lease_until: null }).where('id', '=', 1).execute();
}

/** The etag of every current file (to skip rewriting unchanged ones). */
export async function fileEtags(q: Queryable): Promise<Map<string, string>> {
  const rows = await q.selectFrom('fhir_feed_files').select(['name', 'etag']).execute();
  return new Map(rows.map((r) => [r.name, r.etag]));
}

/** One chunk of a file version being written (its own statement: nothing is one huge transaction). */
export async function putChunk(
  q: Queryable,
  chunk: { name: string; version: string; kind: 'plain' | 'gzip'; seq: number; content: Buffer },
): Promise<void> {
  await q.insertInto('fhir_feed_chunks').values(chunk).execute();
}

/** Drops the chunks of a version that will not be used (its bytes turned out unchanged). */
export async function dropVersion(q: Queryable, name: string, version: string): Promise<void> {
  await q.deleteFrom('fhir_feed_chunks').where('name', '=', name).where('version', '=', version).execute();
}

export interface FileRecord {
  name: string;
  resourceType: 'Location' | 'Schedule' | 'Slot';
  timeTypeCode: string | null;
  municipality: string | null;
  etag: string;
  resources: number;
  bytes: number;
  gzipBytes: number | null;
}

/**
 * Makes a fully written version the file's current one; the version it replaces
 * stays one more generation (a download under way ends on it), older ones go
 * when the generation finishes.
 */
export async function commitFile(q: Queryable, f: FileRecord, version: string, at: Date): Promise<void> {
  const row = {
    name: f.name,
    resource_type: f.resourceType,
    time_type_code: f.timeTypeCode,
    municipality: f.municipality,
    etag: f.etag,
    resources: f.resources,
    bytes: f.bytes,
    gzip_bytes: f.gzipBytes,
    version,
    previous_version: null,
    changed_at: at,
  };
  await q
    .insertInto('fhir_feed_files')
    .values(row)
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        ...row,
        previous_version: eb.ref('fhir_feed_files.version'),
      })),
    )
    .execute();
}

/** Ends a generation in one transaction: files not in it go, and the state names it. */
export async function finishGeneration(db: Db, generation: string, at: Date, names: string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // There are always the Location and Schedule files, so `names` is never empty.
    await trx.deleteFrom('fhir_feed_files').where('name', 'not in', names).execute();
    // Chunks of no file's current or previous version: replaced twice, dropped, or a failed generation's.
    await trx
      .deleteFrom('fhir_feed_chunks as c')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('fhir_feed_files as f')
              .select('f.name')
              .whereRef('f.name', '=', 'c.name')
              .where((eb) =>
                eb.or([eb('f.version', '=', eb.ref('c.version')), eb('f.previous_version', '=', eb.ref('c.version'))]),
              ),
          ),
        ),
      )
      .execute();
    await trx
      .updateTable('fhir_feed_state')
      .set({ generation, generated_at: at, lease_until: null })
      .where('id', '=', 1)
      .execute();
  });
}

export interface FileMeta {
  name: string;
  resource_type: 'Location' | 'Schedule' | 'Slot';
  time_type_code: string | null;
  municipality: string | null;
  etag: string;
  resources: number;
  changed_at: Date;
  version: string;
  bytes: number;
  gzip_bytes: number | null;
}

/** The current files without their content (the manifest's outputs, and where to read each). */
export async function fileList(q: Queryable): Promise<FileMeta[]> {
  return q
    .selectFrom('fhir_feed_files')
    .select([
      'name',
      'resource_type',
      'time_type_code',
      'municipality',
      'etag',
      'resources',
      'changed_at',
      'version',
      'bytes',
      'gzip_bytes',
    ])
    .orderBy('resource_type')
    .orderBy('name')
    .execute();
}

/** One stored chunk of a file version; undefined when it is gone (the version was replaced twice). */
export async function chunk(
  q: Queryable,
  key: { name: string; version: string; kind: 'plain' | 'gzip'; seq: number },
): Promise<Buffer | undefined> {
  const row = await q
    .selectFrom('fhir_feed_chunks')
    .select('content')
    .where('name', '=', key.name)
    .where('version', '=', key.version)
    .where('kind', '=', key.kind)
    .where('seq', '=', key.seq)
    .executeTakeFirst();
  // pg gives a Buffer, PGlite a Uint8Array: the same bytes either way, no copy.
  return row ? Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength) : undefined;
}
