/**
 * Test-data personnummer. The repository never contains real numbers: every
 * personnummer in tests, seeds, demos and load tests comes from here.
 *
 * Note: generated numbers are valid, so they may coincide with numbers
 * assigned to real people. They are for test systems only.
 */
import { stockholmDate } from './age.js';
import { addDays, epochDay, fromEpochDay, isLeapYear, requireIsoDate } from './calendar-date.js';
import { luhnCheckDigit, MIN_BIRTH_YEAR, SAMORDNING_DAY_OFFSET } from './personnummer.js';

/** Options for `generatePersonnummer`. */
export interface GeneratePersonnummerOptions {
  /** Real birth date 'YYYY-MM-DD'. */
  birthDate: string;
  /** Birth number 0–999 (default 1); its last digit is adjusted to `sex`. */
  serial?: number;
  sex?: 'female' | 'male';
  /** Make a samordningsnummer (day + 60). */
  samordningsnummer?: boolean;
}

/**
 * A valid 12-digit personnummer (`YYYYMMDDNNNC`) for the given birth date.
 * When `sex` is given and the serial's parity disagrees, the serial's last
 * digit is flipped (odd = male, even = female), e.g. 1 → 0 for a woman.
 * Throws a RangeError for an invalid date, a year before 1800 or a serial
 * outside 0–999. Does not check that the date is in the past.
 */
export function generatePersonnummer(opts: GeneratePersonnummerOptions): string {
  const { year, month, day } = requireIsoDate(opts.birthDate);
  if (year < MIN_BIRTH_YEAR) throw new RangeError(`Birth year must be ${MIN_BIRTH_YEAR} or later`);
  let serial = opts.serial ?? 1;
  if (!Number.isInteger(serial) || serial < 0 || serial > 999) {
    throw new RangeError('serial must be an integer 0–999');
  }
  if (opts.sex) {
    const wantOdd = opts.sex === 'male';
    // XOR 1 flips the last digit's parity and stays within 0–999.
    if ((serial % 2 === 1) !== wantOdd) serial ^= 1;
  }
  const dayField = opts.samordningsnummer ? day + SAMORDNING_DAY_OFFSET : day;
  const datePart = `${year}${pad(month, 2)}${pad(dayField, 2)}`;
  const serialPart = pad(serial, 3);
  const check = luhnCheckDigit(`${datePart.slice(2)}${serialPart}`);
  return `${datePart}${serialPart}${check}`;
}

/** Options for `syntheticPersonnummer`. */
export interface SyntheticPersonnummerOptions {
  /** Youngest age (completed years) on `today`; default 0. */
  minAge?: number;
  /** Oldest age (completed years) on `today`; default 100. */
  maxAge?: number;
  /** Reference instant; default now. Pass a fixed value for reproducible output. */
  today?: Date;
}

interface SyntheticRange {
  earliestEpochDay: number;
  days: number;
  multiplier: number;
  capacity: number;
}

/** Birth numbers used by the synthetic population: 001–999. */
const SERIALS = 999;

/**
 * The latest birth date for which a person is at least `age` on `today`.
 * Mirrors `ageOn`: a leap-day birth turns a year older on 1 March, so on
 * 29 February the latest qualifying date in a common year is 28 February.
 */
function latestBirthDateForAge(today: string, age: number): string {
  const { year, month, day } = requireIsoDate(today);
  const y = year - age;
  const d = month === 2 && day === 29 && !isLeapYear(y) ? 28 : day;
  return `${pad(y, 4)}-${pad(month, 2)}-${pad(d, 2)}`;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

let cache: { key: string; dateKey: string; range: SyntheticRange } | null = null;

function rangeFor(opts: SyntheticPersonnummerOptions): SyntheticRange {
  const minAge = opts.minAge ?? 0;
  const maxAge = opts.maxAge ?? 100;
  const today = opts.today ?? new Date();
  const key = `${today.getTime()}|${minAge}|${maxAge}`;
  if (cache?.key === key) return cache.range;
  if (!Number.isInteger(minAge) || !Number.isInteger(maxAge) || minAge < 0 || maxAge < minAge) {
    throw new RangeError('minAge and maxAge must be integers with 0 ≤ minAge ≤ maxAge');
  }
  const todayDate = stockholmDate(today);
  const dateKey = `${todayDate}|${minAge}|${maxAge}`;
  if (cache?.dateKey === dateKey) {
    cache = { ...cache, key };
    return cache.range;
  }
  const latest = epochDay(latestBirthDateForAge(todayDate, minAge));
  const earliestDate = addDays(latestBirthDateForAge(todayDate, maxAge + 1), 1);
  if (Number(earliestDate.slice(0, 4)) < MIN_BIRTH_YEAR) {
    throw new RangeError(`maxAge reaches before ${MIN_BIRTH_YEAR}`);
  }
  const earliestEpochDay = epochDay(earliestDate);
  const days = latest - earliestEpochDay + 1;
  // A multiplier coprime to `days` permutes the dates, so consecutive seeds
  // land decades apart instead of on consecutive days.
  let multiplier = 7919;
  while (gcd(multiplier, days) !== 1) multiplier += 1;
  const range = { earliestEpochDay, days, multiplier, capacity: days * SERIALS };
  cache = { key, dateKey, range };
  return range;
}

/**
 * How many distinct numbers `syntheticPersonnummer` can produce for these
 * options: (days in the birth-date range) × 999 birth numbers. With the
 * defaults (ages 0–100) that is about 36.9 million.
 */
export function syntheticPersonnummerCapacity(opts: SyntheticPersonnummerOptions = {}): number {
  return rangeFor(opts).capacity;
}

/**
 * A valid 12-digit personnummer derived deterministically from an integer
 * `seed` in [0, capacity). The mapping seed → (birth date, birth number) is a
 * bijection, so distinct seeds give distinct numbers (about 36.9 million with
 * the default ages 0–100; see `syntheticPersonnummerCapacity`). Consecutive
 * seeds are spread over the whole age range and alternate sexes. Everyone's
 * age on `today` (Stockholm date) is within [minAge, maxAge].
 *
 * The mapping depends on the Stockholm date of `today`: pass a fixed `today`
 * when the same seed must give the same person across days (load tests).
 * Throws a RangeError for a seed that is not an integer in range.
 */
export function syntheticPersonnummer(seed: number, opts: SyntheticPersonnummerOptions = {}): string {
  const range = rangeFor(opts);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed >= range.capacity) {
    throw new RangeError(`seed must be an integer in [0, ${range.capacity})`);
  }
  const q = seed % range.days;
  const r = Math.floor(seed / range.days);
  const dateIndex = (q * range.multiplier) % range.days;
  // Shifting by q keeps (q, r) → serial a bijection for each date and mixes parities.
  const serial = ((r + q) % SERIALS) + 1;
  return generatePersonnummer({
    birthDate: fromEpochDay(range.earliestEpochDay + dateIndex),
    serial,
  });
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
