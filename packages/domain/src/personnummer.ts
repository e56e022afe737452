/**
 * Swedish personal identity numbers (personnummer) and coordination numbers
 * (samordningsnummer): parsing, validation and display.
 *
 * The canonical stored form is 12 digits, `YYYYMMDDNNNC`: birth date (for a
 * samordningsnummer the day plus 60), a three-digit birth number whose last
 * digit is odd for men and even for women, and a Luhn check digit computed
 * over the 10-digit form `YYMMDDNNN`.
 */
import { stockholmDate } from './age.js';
import { formatIsoDate, isRealDate } from './calendar-date.js';

/** Why a personnummer was rejected. */
export type PersonnummerError = 'format' | 'date' | 'checksum';

/** A validated personnummer or samordningsnummer. */
export interface Personnummer {
  /** 12 digits, YYYYMMDDNNNC (samordningsnummer keep day + 60 here). */
  normalized: string;
  /** Real birth date 'YYYY-MM-DD' (for a samordningsnummer: the day minus 60). */
  birthDate: string;
  samordningsnummer: boolean;
  sex: 'female' | 'male';
}

/** Result of `parsePersonnummer`: the value, or an error code with a Swedish message. */
export type PersonnummerResult =
  | { ok: true; value: Personnummer }
  | { ok: false; error: PersonnummerError; message: string };

/** Offset added to the day of month in a samordningsnummer. */
export const SAMORDNING_DAY_OFFSET = 60;

/** Earliest birth year accepted (guards against typos such as 1800 → 0800). */
export const MIN_BIRTH_YEAR = 1800;

/** User-facing messages (Swedish, plain language) for each kind of error. */
export const PERSONNUMMER_MESSAGES = {
  format: 'Skriv personnumret med 10 eller 12 siffror, till exempel ÅÅÅÅMMDD-NNNN.',
  date: 'Personnumret innehåller inget giltigt datum.',
  futureDate: 'Födelsedatumet i personnumret har inte inträffat än.',
  checksum: 'Personnumret har fel kontrollsiffra.',
} as const;

const PATTERN_12 = /^(\d{4})(\d{2})(\d{2})-?(\d{3})(\d)$/;
const PATTERN_10 = /^(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/;

/**
 * The Luhn check digit (0–9) for the 9 digits `YYMMDDNNN`. Throws a
 * RangeError unless given exactly nine digits.
 */
export function luhnCheckDigit(nineDigits: string): number {
  if (!/^\d{9}$/.test(nineDigits)) {
    throw new RangeError('luhnCheckDigit needs exactly 9 digits');
  }
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    // Weights alternate 2,1,2,1… from the left; products over 9 add their digits.
    let v = (nineDigits.charCodeAt(i) - 48) * (i % 2 === 0 ? 2 : 1);
    if (v > 9) v -= 9;
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

function fail(error: PersonnummerError, message?: string): PersonnummerResult {
  return { ok: false, error, message: message ?? PERSONNUMMER_MESSAGES[error] };
}

/** Stockholm calendar year of `today`. */
function currentYear(today: Date): number {
  return Number(stockholmDate(today).slice(0, 4));
}

/**
 * The full birth year for a two-digit year: with `-` (or no separator) the
 * person is under 100 during `thisYear`, with `+` they are 100 or older.
 */
function resolveCentury(yy: number, plus: boolean, thisYear: number): number {
  const latest = plus ? thisYear - 100 : thisYear;
  return latest - ((((latest - yy) % 100) + 100) % 100);
}

/**
 * Parses and validates a personnummer or samordningsnummer.
 *
 * Accepts (after trimming whitespace) `YYYYMMDDNNNN`, `YYYYMMDD-NNNN`,
 * `YYMMDD-NNNN`, `YYMMDDNNNN` and `YYMMDD+NNNN`. For 10-digit forms the
 * century is chosen so that the person is under 100 in the Stockholm year of
 * `today` (default: now), or 100 or older when written with `+`. Checks the
 * date (leap years; samordningsnummer day 61–91), that it is not in the future,
 * and the Luhn check digit. Never throws.
 */
export function parsePersonnummer(input: string, today: Date = new Date()): PersonnummerResult {
  if (typeof input !== 'string') return fail('format');
  const text = input.trim();
  let year: number;
  let month: number;
  let dayField: number;
  let serial: string;
  let check: number;

  const m12 = PATTERN_12.exec(text);
  const m10 = m12 ? null : PATTERN_10.exec(text);
  if (m12) {
    year = Number(m12[1]);
    month = Number(m12[2]);
    dayField = Number(m12[3]);
    serial = m12[4] ?? '';
    check = Number(m12[5]);
  } else if (m10) {
    if (Number.isNaN(today.getTime())) return fail('date');
    year = resolveCentury(Number(m10[1]), m10[4] === '+', currentYear(today));
    month = Number(m10[2]);
    dayField = Number(m10[3]);
    serial = m10[5] ?? '';
    check = Number(m10[6]);
  } else {
    return fail('format');
  }

  const samordningsnummer = dayField > SAMORDNING_DAY_OFFSET;
  const day = samordningsnummer ? dayField - SAMORDNING_DAY_OFFSET : dayField;
  if (year < MIN_BIRTH_YEAR || !isRealDate(year, month, day)) return fail('date');
  const birthDate = formatIsoDate(year, month, day);
  if (Number.isNaN(today.getTime())) return fail('date');
  // ISO dates compare correctly as strings.
  if (birthDate > stockholmDate(today)) return fail('date', PERSONNUMMER_MESSAGES.futureDate);

  const datePart = `${year}${pad2(month)}${pad2(dayField)}`;
  const nine = `${datePart.slice(2)}${serial}`;
  if (luhnCheckDigit(nine) !== check) return fail('checksum');

  const sexDigit = Number(serial.charAt(2));
  return {
    ok: true,
    value: {
      normalized: `${datePart}${serial}${check}`,
      birthDate,
      samordningsnummer,
      sex: sexDigit % 2 === 1 ? 'male' : 'female',
    },
  };
}

/** True when `input` is a valid personnummer or samordningsnummer (see `parsePersonnummer`). */
export function isValidPersonnummer(input: string, today: Date = new Date()): boolean {
  return parsePersonnummer(input, today).ok;
}

/**
 * Normalizes any accepted input form to 12 digits, or returns null if invalid.
 * Convenience for callers that only need the canonical key.
 */
export function normalizePersonnummer(input: string, today: Date = new Date()): string | null {
  const r = parsePersonnummer(input, today);
  return r.ok ? r.value.normalized : null;
}

function requireTwelve(normalized12: string): string {
  const digits = normalized12.replace('-', '');
  if (!/^\d{12}$/.test(digits)) {
    throw new RangeError('Expected a normalized 12-digit personnummer');
  }
  return digits;
}

/**
 * Display form `YYYYMMDD-NNNN` of a normalized 12-digit number (as 1177 shows
 * it). Throws a RangeError unless given 12 digits (a hyphen is tolerated).
 * `today` is accepted for symmetry with `formatShortPersonnummer` and unused.
 */
export function formatPersonnummer(normalized12: string, _today?: Date): string {
  const d = requireTwelve(normalized12);
  return `${d.slice(0, 8)}-${d.slice(8)}`;
}

/**
 * Short form `YYMMDD-NNNN`, or `YYMMDD+NNNN` when the person turns or has
 * turned 100 in the Stockholm year of `today` (default: now). Throws a
 * RangeError unless given 12 digits.
 */
export function formatShortPersonnummer(normalized12: string, today: Date = new Date()): string {
  const d = requireTwelve(normalized12);
  const birthYear = Number(d.slice(0, 4));
  const sep = currentYear(today) - birthYear >= 100 ? '+' : '-';
  return `${d.slice(2, 8)}${sep}${d.slice(8)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
