/**
 * Checking a ranked wish list (up to three delivery clinics) against the
 * clinics that take births in the pregnancy's delivery week.
 */
import { MAX_WISHES } from './pregnancy.js';

export type WishError = 'too_many' | 'duplicate' | 'unknown_clinic' | 'clinic_closed_that_week';

/** Field-level problems (`clinicIds.<index>`) with a wish list; empty when it is fine. */
export function checkWishes(
  clinicIds: readonly string[],
  clinics: { known: ReadonlySet<string>; openInWeek: ReadonlySet<string> },
): { index: number; error: WishError }[] {
  const problems: { index: number; error: WishError }[] = [];
  if (clinicIds.length > MAX_WISHES) problems.push({ index: MAX_WISHES, error: 'too_many' });
  const seen = new Set<string>();
  clinicIds.forEach((id, index) => {
    if (seen.has(id)) problems.push({ index, error: 'duplicate' });
    else if (!clinics.known.has(id)) problems.push({ index, error: 'unknown_clinic' });
    else if (!clinics.openInWeek.has(id)) problems.push({ index, error: 'clinic_closed_that_week' });
    seen.add(id);
  });
  return problems;
}
