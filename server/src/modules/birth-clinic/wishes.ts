/**
 * Changing the ranked wishes — the one path for the patient (or her ombud)
 * and for the midwife. Checked against the clinics that take births in her
 * delivery week, refused after the cut-off, and guarded by the wishes'
 * version so that when patient and midwife change them at the same moment
 * one wins and the other gets 409 `wishes_changed`.
 */
import { checkWishes } from '@ingang/domain';
import type { Tx } from '../../platform/db/index.js';
import { badRequest, conflict } from '../../platform/errors.js';
import { loadCapacity } from './capacity.js';
import * as store from './store.js';

const MESSAGES = {
  too_many: 'at most three clinics',
  duplicate: 'the same clinic is already ranked higher',
  unknown_clinic: 'no such delivery clinic',
  clinic_closed_that_week: 'the clinic takes no births in the delivery week',
} as const;

export const cutoffPassed = () =>
  conflict('cutoff_passed', 'Det går inte längre att ändra önskemålen: sista dagen har passerat.');

/** Applies a wish change to `row` (already read in `trx`), or throws 400/409 naming what is wrong. */
export async function changeWishes(
  trx: Tx,
  row: store.PregnancyRow,
  change: { clinicIds: string[]; version: number; by: 'citizen' | 'staff'; reason: string | null; at: Date },
): Promise<void> {
  if (change.at.getTime() >= row.cutoff_at.getTime()) throw cutoffPassed();
  const clinics = await store.clinics(trx);
  const capacity = await loadCapacity(trx, [row.delivery_week]);
  const problems = checkWishes(change.clinicIds, {
    known: new Set(clinics.map((c) => c.id)),
    openInWeek: new Set(clinics.filter((c) => capacity(c.id, row.delivery_week) > 0).map((c) => c.id)),
  });
  if (problems.length > 0) {
    const fields: Record<string, string> = {};
    for (const p of problems) fields[`clinicIds.${p.index}`] ??= MESSAGES[p.error];
    throw badRequest('invalid_wishes', 'Önskemålen går inte att spara så här.', fields);
  }
  const saved = await store.setWishes(trx, row.id, change);
  if (!saved) {
    throw conflict(
      'wishes_changed',
      'Önskemålen ändrades nyss av någon annan (du eller barnmorskan). Ladda om sidan och gör ändringen igen.',
    );
  }
}
