/**
 * Builds the SMART Scheduling Links files from the public timebook (pure):
 * one Location file, one Schedule file, and Slot files per time type ×
 * municipality × ISO week (Stockholm), so a finder interested in one vaccine
 * in one municipality fetches only those files, and no file — nor the memory
 * that builds it — grows with the number of days published.
 */
import { createHash } from 'node:crypto';
import { addDays, isoWeek, isoWeekStart, stockholmDate, stockholmInstant } from '@ingang/domain';
import type { SlotRow, TimeTypeRow, UnitRow } from '../resources/index.js';
import { toLocation, toSchedule, toSlot } from '../resources/index.js';

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

/** The Location and Schedule files' lines: units and schedules appear only where a public type is offered. */
export function catalogueLines(
  input: Omit<FeedInput, 'slots'>,
): { name: string; resourceType: 'Location' | 'Schedule'; lines: string[] }[] {
  const offeredUnits = new Set(input.offered.map((o) => o.unit.id));
  const locations = input.units.filter((u) => offeredUnits.has(u.id)).map((u) => JSON.stringify(toLocation(u)));
  const schedules = input.offered.map((o) => JSON.stringify(toSchedule(input.publicUrl, o.unit, o.type)));
  return [
    { name: 'locations.ndjson', resourceType: 'Location', lines: locations },
    { name: 'schedules.ndjson', resourceType: 'Schedule', lines: schedules },
  ];
}

/** The Location and Schedule files, whole (tests and small timebooks). */
export function catalogueFiles(input: Omit<FeedInput, 'slots'>): FeedFile[] {
  return catalogueLines(input).map((c) => file(c.name, c.resourceType, c.lines));
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

/** One ISO week (Stockholm, Monday 00:00 to Monday 00:00) of a feed's window, clipped to it. */
export interface FeedWeek {
  /** 'YYYY-Www', as `isoWeek`. */
  key: string;
  from: Date;
  until: Date;
}

/** The weeks that cover [from, until), in order; the first and last clipped to the window. */
export function weeksOf(from: Date, until: Date): FeedWeek[] {
  const weeks: FeedWeek[] = [];
  let key = isoWeek(stockholmDate(from));
  while (true) {
    const monday = isoWeekStart(key);
    const start = stockholmInstant(monday, '00:00') as Date; // local midnight always exists in Stockholm
    const clippedFrom = start < from ? from : start;
    if (clippedFrom.getTime() >= until.getTime()) break;
    const next = stockholmInstant(addDays(monday, 7), '00:00') as Date;
    weeks.push({ key, from: clippedFrom, until: next > until ? until : next });
    key = isoWeek(addDays(monday, 7));
  }
  return weeks;
}

/** A Stockholm date per start, looked up once per hour (its offset is whole hours). */
export function dayLookup(): (at: Date) => string {
  const days = new Map<number, string>();
  return (at: Date) => {
    const hour = Math.floor(at.getTime() / 3_600_000);
    let day = days.get(hour);
    if (day === undefined) {
      day = stockholmDate(at);
      days.set(hour, day);
    }
    return day;
  };
}

/** One Slot's NDJSON line (without the newline); `day` is the Stockholm date of its start. */
export function slotLine(publicUrl: string, slot: SlotRow, day: string): string {
  return JSON.stringify(toSlot(publicUrl, slot, day));
}

/** The file name of a shard's week: `slots-<type>-<municipality>-<yyyy>-w<ww>.ndjson`. */
export function shardFileName(shard: Shard, week: string): string {
  return `slots-${slug(shard.type.code)}-${slug(shard.municipality)}-${slug(week)}.ndjson`;
}

/**
 * One shard's Slot files from its rows, one per ISO week of the times' starts
 * (the rows of other types or units are not in it). The service reads one
 * week at a time, so it gets one file back.
 */
export function shardFiles(publicUrl: string, shard: Shard, slots: SlotRow[]): FeedFile[] {
  const dayOf = dayLookup();
  const byWeek = new Map<string, string[]>();
  for (const s of slots) {
    const day = dayOf(s.starts_at);
    const week = isoWeek(day);
    let lines = byWeek.get(week);
    if (!lines) {
      lines = [];
      byWeek.set(week, lines);
    }
    lines.push(slotLine(publicUrl, s, day));
  }
  return [...byWeek.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([week, lines]) =>
      file(shardFileName(shard, week), 'Slot', lines, { code: shard.type.code, municipality: shard.municipality }),
    );
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
    files.push(...shardFiles(input.publicUrl, shard, rows));
  }
  return files;
}
