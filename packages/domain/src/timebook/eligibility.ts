/**
 * Who may book a time of a given type, and when a booking may be cancelled.
 * Pure rules on the server clock (`at`); the server loads the inputs.
 */
import { ageOn, birthdayDate, stockholmDate } from '../age.js';
import { addDays, compareIsoDates } from '../calendar-date.js';
import type { BookingStatus } from './booking-state.js';
import { formatCalendarDate, formatStockholmDateTime } from './format.js';

/**
 * An age-group release: from `opensAt`, people born on or before
 * `bornOnOrBefore` and/or at least `minAge` old may book. Both null means
 * everyone; both set means both must hold. A paused rule lets no one in.
 */
export interface ReleaseRule {
  bornOnOrBefore: string | null;
  minAge: number | null;
  opensAt: Date;
  pausedAt: Date | null;
}

/** The eligibility parts of a time type. */
export interface EligibilityTimeType {
  minAge: number | null;
  maxAge: number | null;
  selfBookable: boolean;
  oneActiveBooking: boolean;
  /** Types sharing a dose group count toward the interval; the server resolves `lastDoseAt` by it. */
  doseGroup: string | null;
  minDaysSinceDose: number | null;
}

/** Input to `checkEligibility`. */
export interface EligibilityInput {
  /** The patient's birth date 'YYYY-MM-DD'. */
  birthDate: string;
  timeType: EligibilityTimeType;
  /** The type's name, used in the already-booked message. */
  timeTypeName?: string;
  releaseRules: ReleaseRule[];
  /** The patient's active (booked/arrived) bookings of this type, excluding one being rebooked. */
  activeBookingsOfType: number;
  /** When the patient last received a dose in the type's dose group. */
  lastDoseAt: Date | null;
  /** Server clock now. */
  at: Date;
  /**
   * 'invitation': booked on an offer sent to this person, which bypasses
   * `selfBookable` and the release schedule (the region chose them);
   * age, interval and one-active rules still apply. Default 'self'.
   */
  via?: 'self' | 'invitation';
  /** Start of the time being booked; age and interval are judged on its Stockholm date. */
  slotStart?: Date;
}

/** Why a person may not book. */
export type EligibilityRefusal = {
  ok: false;
  code:
    | 'not_self_bookable'
    | 'too_young'
    | 'too_old'
    | 'not_released'
    | 'release_paused'
    | 'already_booked'
    | 'too_soon_since_dose';
  /** Plain Swedish for the citizen. */
  message: string;
  /** not_released: the earliest moment a matching, unpaused rule opens. */
  opensAt?: Date;
  /** too_soon_since_dose: the first allowed date 'YYYY-MM-DD'. */
  earliestDate?: string;
};

/** Result of `checkEligibility`. */
export type EligibilityResult = { ok: true } | EligibilityRefusal;

/** True when `rule` covers a person born on `birthDate` who is `age` years old. */
export function releaseRuleMatches(rule: ReleaseRule, birthDate: string, age: number): boolean {
  if (rule.bornOnOrBefore !== null && compareIsoDates(birthDate, rule.bornOnOrBefore) > 0) return false;
  if (rule.minAge !== null && age < rule.minAge) return false;
  return true;
}

function isPaused(rule: ReleaseRule, at: Date): boolean {
  return rule.pausedAt !== null && rule.pausedAt.getTime() <= at.getTime();
}

/**
 * The release decision alone: released, or the refusal. No rules means
 * released. With rules, released when any matching unpaused rule has opened
 * (opensAt inclusive); otherwise not_released with the earliest future
 * opensAt of a matching unpaused rule, else release_paused when a matching
 * rule exists but is paused, else not_released without a date.
 */
export function checkRelease(rules: ReleaseRule[], birthDate: string, age: number, at: Date): EligibilityResult {
  if (rules.length === 0) return { ok: true };
  const matching = rules.filter((r) => releaseRuleMatches(r, birthDate, age));
  const live = matching.filter((r) => !isPaused(r, at));
  if (live.some((r) => r.opensAt.getTime() <= at.getTime())) return { ok: true };
  const upcoming = live.map((r) => r.opensAt.getTime()).sort((a, b) => a - b)[0];
  if (upcoming !== undefined) {
    const opensAt = new Date(upcoming);
    return {
      ok: false,
      code: 'not_released',
      message: `Du kan boka från ${formatStockholmDateTime(opensAt)}.`,
      opensAt,
    };
  }
  if (matching.length > 0) {
    return { ok: false, code: 'release_paused', message: 'Bokningen är pausad just nu. Försök igen senare.' };
  }
  return { ok: false, code: 'not_released', message: 'Din åldersgrupp kan inte boka ännu.' };
}

/**
 * Whether the person may book a time of this type. Checks, in order: self
 * booking allowed, age range, age-group release, one active booking, and the
 * minimum interval since the last dose. Age and interval use the Stockholm
 * date of `slotStart ?? at`; release moments use `at` (the server clock).
 */
export function checkEligibility(input: EligibilityInput): EligibilityResult {
  const { timeType, at } = input;
  const via = input.via ?? 'self';
  const when = input.slotStart ?? at;
  const age = ageOn(input.birthDate, when);

  if (via === 'self' && !timeType.selfBookable) {
    return {
      ok: false,
      code: 'not_self_bookable',
      message: 'Den här tiden kan bara bokas via en kallelse eller av mottagningen.',
    };
  }
  if (timeType.minAge !== null && age < timeType.minAge) {
    return {
      ok: false,
      code: 'too_young',
      message: `Du behöver vara minst ${timeType.minAge} år för att boka den här tiden.`,
    };
  }
  if (timeType.maxAge !== null && age > timeType.maxAge) {
    return {
      ok: false,
      code: 'too_old',
      message: `Den här tiden kan bara bokas av den som är högst ${timeType.maxAge} år.`,
    };
  }
  if (via === 'self') {
    const release = checkRelease(input.releaseRules, input.birthDate, age, at);
    if (!release.ok) return release;
  }
  if (timeType.oneActiveBooking && input.activeBookingsOfType > 0) {
    const what = input.timeTypeName ? input.timeTypeName : 'den här typen av besök';
    return {
      ok: false,
      code: 'already_booked',
      message: `Du har redan en bokad tid för ${what}. Avboka eller boka om den först.`,
    };
  }
  if (timeType.minDaysSinceDose !== null && input.lastDoseAt !== null) {
    const earliestDate = addDays(stockholmDate(input.lastDoseAt), timeType.minDaysSinceDose);
    if (compareIsoDates(earliestDate, stockholmDate(when)) > 0) {
      return {
        ok: false,
        code: 'too_soon_since_dose',
        message: `Du kan boka tidigast ${formatCalendarDate(earliestDate)} (${timeType.minDaysSinceDose} dagar efter din senaste dos).`,
        earliestDate,
      };
    }
  }
  return { ok: true };
}

/**
 * What a person may book of a type right now, told before they search (the
 * booking page's "rules up front"): `checkEligibility` for booking oneself at
 * `at` — the very rule the server enforces when the booking is made — plus,
 * for too_young, the date the person reaches the type's minimum age.
 */
export function bookingOutlook(input: Omit<EligibilityInput, 'slotStart' | 'via'>): EligibilityResult {
  const result = checkEligibility({ ...input, via: 'self' });
  if (!result.ok && result.code === 'too_young' && input.timeType.minAge !== null) {
    return { ...result, earliestDate: birthdayDate(input.birthDate, input.timeType.minAge) };
  }
  return result;
}

/** Input to `canCancel`. */
export interface CancelCheck {
  slotStart: Date;
  /** Cancellation closes this many minutes before the start. */
  cutoffMinutes: number;
  at: Date;
  status: BookingStatus;
}

/** Result of `canCancel`. */
export type CancelDecision =
  | { ok: true }
  | { ok: false; code: 'cancel_cutoff_passed' | 'not_cancellable'; message: string };

/**
 * A booked (not arrived, given, missed or cancelled) booking may be cancelled
 * until `cutoffMinutes` before its start, that moment included.
 */
export function canCancel(input: CancelCheck): CancelDecision {
  if (input.status !== 'booked') {
    return {
      ok: false,
      code: 'not_cancellable',
      message:
        input.status === 'cancelled'
          ? 'Tiden är redan avbokad.'
          : 'Tiden kan inte avbokas eftersom besöket redan har påbörjats eller passerat.',
    };
  }
  const deadline = input.slotStart.getTime() - input.cutoffMinutes * 60_000;
  if (input.at.getTime() > deadline) {
    return {
      ok: false,
      code: 'cancel_cutoff_passed',
      message: `Det gick att avboka fram till ${formatStockholmDateTime(new Date(deadline))}. Kontakta mottagningen om du inte kan komma.`,
    };
  }
  return { ok: true };
}
