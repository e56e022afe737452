/**
 * Uploaded target lists for offers: one personnummer per line (a CSV's first
 * column is read; blank lines and lines starting with # are skipped). Every row
 * is validated — format, date, check digit, duplicates — and the server adds
 * "unknown person". A list with any error row is refused as a whole.
 */
import { parsePersonnummer } from '../personnummer.js';

export type TargetRowStatus = 'ok' | 'invalid' | 'duplicate' | 'unknown';

/** One row of an uploaded list. */
export interface TargetRow {
  /** 1-based line number in the file. */
  line: number;
  /** The value as written (trimmed). */
  input: string;
  status: TargetRowStatus;
  /** The 12-digit form (ok and duplicate rows). */
  normalized: string | null;
  /** Plain Swedish for error rows. */
  message: string | null;
}

/** At most this many rows in one list. */
export const MAX_TARGET_LIST_ROWS = 50_000;

const HEADER = /^(personnummer|pnr|personal_?number)$/i;

/** The first cell of a CSV/TSV/semicolon line, without quotes. */
function firstCell(line: string): string {
  const cell = line.split(/[;,\t]/)[0] ?? '';
  return cell
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();
}

/**
 * Parses and validates the rows of `text` (format, date, check digit, future
 * birth date, duplicates of an earlier row). A header row named
 * personnummer/pnr is skipped. Unknown persons are the caller's to mark
 * (`markUnknown`). Too many rows gives one error row.
 */
export function parseTargetList(text: string, today: Date): TargetRow[] {
  const rows: TargetRow[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const input = firstCell(raw);
    if (input === '' || input.startsWith('#')) return;
    if (rows.length === 0 && HEADER.test(input)) return;
    const line = index + 1;
    const parsed = parsePersonnummer(input, today);
    if (!parsed.ok) {
      rows.push({ line, input, status: 'invalid', normalized: null, message: parsed.message });
      return;
    }
    const normalized = parsed.value.normalized;
    const first = seen.get(normalized);
    if (first !== undefined) {
      rows.push({ line, input, status: 'duplicate', normalized, message: `Samma personnummer som på rad ${first}.` });
      return;
    }
    seen.set(normalized, line);
    rows.push({ line, input, status: 'ok', normalized, message: null });
  });
  if (rows.length > MAX_TARGET_LIST_ROWS) {
    return [
      {
        line: 0,
        input: '',
        status: 'invalid',
        normalized: null,
        message: `Listan har ${rows.length} rader. Högst ${MAX_TARGET_LIST_ROWS} rader går att ladda upp.`,
      },
    ];
  }
  return rows;
}

/** Marks ok rows whose personnummer is not in `known` as unknown persons. */
export function markUnknown(rows: TargetRow[], known: ReadonlySet<string>): TargetRow[] {
  return rows.map((r) =>
    r.status === 'ok' && r.normalized && !known.has(r.normalized)
      ? { ...r, status: 'unknown', message: 'Personen finns inte i Ingång.' }
      : r,
  );
}

/** Counts of a validated list; it may be used only when `errors` is 0 and `ok` > 0. */
export function summarizeTargetList(rows: TargetRow[]): { ok: number; errors: number; usable: boolean } {
  const ok = rows.filter((r) => r.status === 'ok').length;
  const errors = rows.length - ok;
  return { ok, errors, usable: errors === 0 && ok > 0 };
}
