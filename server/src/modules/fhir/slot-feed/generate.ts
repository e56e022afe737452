/**
 * Builds the SMART Scheduling Links files from the public timebook (pure):
 * one Location file, one Schedule file, and Slot files per time type ×
 * municipality, so a finder interested in one vaccine in one municipality
 * fetches only that file.
 */
import { createHash } from 'node:crypto';
import { stockholmDate } from '@ingang/domain';
import type { SlotRow, TimeTypeRow, UnitRow } from '../resources/public.js';
import { toLocation, toSchedule, toSlot } from '../resources/public.js';

export interface FeedFile {
  name: string;
  resourceType: 'Location' | 'Schedule' | 'Slot';
  timeTypeCode: string | null;
  municipality: string | null;
  content: string;
  etag: string;
  resources: number;
}

export interface FeedInput {
  publicUrl: string;
  units: UnitRow[];
  offered: { unit: UnitRow; type: TimeTypeRow }[];
  slots: SlotRow[];
}

/** A file-name-safe form of a municipality or code ("Upplands Väsby" → "upplands-vasby"). */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  );
}

/** A strong validator of a file's bytes. */
export function etagOf(content: string): string {
  return `"${createHash('sha256').update(content).digest('base64url').slice(0, 22)}"`;
}

function file(
  name: string,
  resourceType: FeedFile['resourceType'],
  lines: string[],
  shard?: { code: string; municipality: string },
): FeedFile {
  const content = lines.length ? `${lines.join('\n')}\n` : '';
  return {
    name,
    resourceType,
    timeTypeCode: shard?.code ?? null,
    municipality: shard?.municipality ?? null,
    content,
    etag: etagOf(content),
    resources: lines.length,
  };
}

/** The Location and Schedule files: units and schedules appear only where a public type is offered. */
export function catalogueFiles(input: Omit<FeedInput, 'slots'>): FeedFile[] {
  const offeredUnits = new Set(input.offered.map((o) => o.unit.id));
  const locations = input.units.filter((u) => offeredUnits.has(u.id)).map((u) => JSON.stringify(toLocation(u)));
  const schedules = input.offered.map((o) => JSON.stringify(toSchedule(input.publicUrl, o.unit, o.type)));
  return [file('locations.ndjson', 'Location', locations), file('schedules.ndjson', 'Schedule', schedules)];
}

export interface Shard {
  type: TimeTypeRow;
  municipality: string;
  /** The units of the municipality that offer the type. */
  unitIds: string[];
}

/** The Slot shards of a generation: one per time type × municipality where the type is offered, in file order. */
export function shardsOf(offered: FeedInput['offered']): Shard[] {
  const shards = new Map<string, Shard>();
  for (const o of offered) {
    const key = `${o.type.code}\u0000${o.unit.municipality}`;
    let shard = shards.get(key);
    if (!shard) {
      shard = { type: o.type, municipality: o.unit.municipality, unitIds: [] };
      shards.set(key, shard);
    }
    shard.unitIds.push(o.unit.id);
  }
  return [...shards.values()].sort((a, b) =>
    (a.type.code + a.municipality).localeCompare(b.type.code + b.municipality),
  );
}

/** One shard's Slot file from its rows (the rows of other types or units are not in it). */
export function shardFile(publicUrl: string, shard: Shard, slots: SlotRow[]): FeedFile {
  // The Stockholm date changes only on the hour (its offset is whole hours): one lookup per hour, not per time.
  const days = new Map<number, string>();
  const dayOf = (at: Date) => {
    const hour = Math.floor(at.getTime() / 3_600_000);
    let day = days.get(hour);
    if (day === undefined) {
      day = stockholmDate(at);
      days.set(hour, day);
    }
    return day;
  };
  const lines = slots.map((s) => JSON.stringify(toSlot(publicUrl, s, dayOf(s.starts_at))));
  return file(`slots-${slug(shard.type.code)}-${slug(shard.municipality)}.ndjson`, 'Slot', lines, {
    code: shard.type.code,
    municipality: shard.municipality,
  });
}

/**
 * Every file of one generation at once (tests and small timebooks; the service
 * builds shard by shard so that only one shard is ever in memory). Shards with
 * no times get no file.
 */
export function generateFeed(input: FeedInput): FeedFile[] {
  const files = catalogueFiles(input);
  for (const shard of shardsOf(input.offered)) {
    const units = new Set(shard.unitIds);
    const rows = input.slots.filter((s) => s.time_type_id === shard.type.id && units.has(s.unit_id));
    if (rows.length) files.push(shardFile(input.publicUrl, shard, rows));
  }
  return files;
}
