/**
 * Statistical disclosure control for the open dataset (pure): a small number
 * of bookings in a cell could point at a person in a small unit, so booked
 * counts of 1–4 are withheld, together with the free places that would give
 * them away, and a median lead time needs at least 5 bookings behind it.
 */
import type { OpenDataQueuePeak, OpenDataRow } from '@ingang/contracts';

export const MIN_CELL = 5;

export interface RawCell {
  date: string;
  unit_id: string;
  unit_name: string;
  municipality: string;
  time_type_code: string;
  time_type_name: string;
  capacity: number;
  booked: number;
  bookings: number;
  median_lead_days: number | null;
}

export function suppress(r: RawCell): OpenDataRow {
  const small = r.booked > 0 && r.booked < MIN_CELL;
  return {
    date: r.date,
    unitId: r.unit_id,
    unitName: r.unit_name,
    municipality: r.municipality,
    timeTypeCode: r.time_type_code,
    timeTypeName: r.time_type_name,
    capacity: r.capacity,
    booked: small ? null : r.booked,
    free: small ? null : r.capacity - r.booked,
    medianLeadDays:
      r.bookings >= MIN_CELL && r.median_lead_days !== null ? Math.round(Number(r.median_lead_days) * 10) / 10 : null,
  };
}

const CSV_COLUMNS = [
  'date',
  'unitId',
  'unitName',
  'municipality',
  'timeTypeCode',
  'timeTypeName',
  'capacity',
  'booked',
  'free',
  'medianLeadDays',
] as const;

/** RFC 4180 CSV with a header (CRLF, quoted where needed); null cells are empty. */
function csv<T>(columns: readonly (keyof T & string)[], rows: T[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`;
}

export function toCsv(rows: OpenDataRow[]): string {
  return csv(CSV_COLUMNS, rows);
}

const PEAK_COLUMNS = [
  'date',
  'scope',
  'timeTypeCode',
  'timeTypeName',
  'peakWaiting',
  'peakAt',
  'arrivals',
  'admitted',
] as const satisfies readonly (keyof OpenDataQueuePeak)[];

export function peaksCsv(rows: OpenDataQueuePeak[]): string {
  return csv(PEAK_COLUMNS, rows);
}
