/**
 * SQL of the slot feed: the rows a generation is made from, and the stored
 * generation itself (one state row + the files), shared by every instance.
 */
import type { Db, Queryable } from '../../../platform/db/index.js';
import type { SlotRow } from '../resources/public.js';
import { publicTypeFilter } from '../store.js';
import type { FeedFile } from './generate.js';

/**
 * Every publishable time of one shard (a time type at some units) starting in the window
 * [from, until) and after `now`: its Slot lines (free and busy). The feed reads a week at a time.
 */
export async function feedSlots(
  q: Queryable,
  now: Date,
  window: { from: Date; until: Date },
  shard: { timeTypeId: string; unitIds: string[] },
): Promise<SlotRow[]> {
  if (shard.unitIds.length === 0) return [];
  return q
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
    .orderBy('s.id')
    .execute();
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

/**
 * Writes one file of a generation that is being built (its own statement, so a
 * region-scale generation is never one huge transaction). A file with the same
 * etag is left alone, so its `changed_at` (and `_since`) stays honest.
 */
export async function putFile(q: Queryable, f: FeedFile, at: Date): Promise<void> {
  const row = {
    name: f.name,
    resource_type: f.resourceType,
    time_type_code: f.timeTypeCode,
    municipality: f.municipality,
    content: f.content,
    etag: f.etag,
    resources: f.resources,
    changed_at: at,
  };
  await q
    .insertInto('fhir_feed_files')
    .values(row)
    .onConflict((oc) => oc.column('name').doUpdateSet(row).where('fhir_feed_files.etag', '<>', f.etag))
    .execute();
}

/** Ends a generation in one transaction: files not in it go, and the state names it. */
export async function finishGeneration(db: Db, generation: string, at: Date, names: string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // There are always the Location and Schedule files, so `names` is never empty.
    await trx.deleteFrom('fhir_feed_files').where('name', 'not in', names).execute();
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
}

/** The current files without their content (the manifest's outputs). */
export async function fileList(q: Queryable): Promise<FileMeta[]> {
  return q
    .selectFrom('fhir_feed_files')
    .select(['name', 'resource_type', 'time_type_code', 'municipality', 'etag', 'resources', 'changed_at'])
    .orderBy('resource_type')
    .orderBy('name')
    .execute();
}

export async function fileContent(
  q: Queryable,
  name: string,
): Promise<{ content: string; etag: string; changed_at: Date } | undefined> {
  return q
    .selectFrom('fhir_feed_files')
    .select(['content', 'etag', 'changed_at'])
    .where('name', '=', name)
    .executeTakeFirst();
}
