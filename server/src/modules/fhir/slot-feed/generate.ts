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

/** Every file of one generation. Units and schedules appear only where a public type is offered. */
export function generateFeed(input: FeedInput): FeedFile[] {
  const { publicUrl } = input;
  const offeredUnits = new Map(input.offered.map((o) => [o.unit.id, o.unit]));
  const types = new Map(input.offered.map((o) => [o.type.id, o.type]));
  const locations = input.units.filter((u) => offeredUnits.has(u.id)).map((u) => JSON.stringify(toLocation(u)));
  const schedules = input.offered.map((o) => JSON.stringify(toSchedule(publicUrl, o.unit, o.type)));
  const shards = new Map<string, { code: string; municipality: string; lines: string[] }>();
  for (const s of input.slots) {
    const unit = offeredUnits.get(s.unit_id);
    const type = types.get(s.time_type_id);
    if (!unit || !type) continue;
    const key = `${type.code}\u0000${unit.municipality}`;
    let shard = shards.get(key);
    if (!shard) {
      shard = { code: type.code, municipality: unit.municipality, lines: [] };
      shards.set(key, shard);
    }
    shard.lines.push(JSON.stringify(toSlot(publicUrl, s, stockholmDate(s.starts_at))));
  }
  const files = [file('locations.ndjson', 'Location', locations), file('schedules.ndjson', 'Schedule', schedules)];
  for (const shard of [...shards.values()].sort((a, b) =>
    (a.code + a.municipality).localeCompare(b.code + b.municipality),
  )) {
    files.push(file(`slots-${slug(shard.code)}-${slug(shard.municipality)}.ndjson`, 'Slot', shard.lines, shard));
  }
  return files;
}
