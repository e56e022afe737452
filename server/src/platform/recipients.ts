/**
 * Who gets a mail about a patient (invitations, offers): the patient at a
 * verified address with e-mail notifications on and, while the patient is a
 * child a guardian may act for, each such guardian (registry, read outside any
 * transaction). A guardian with protected identity is never mailed here.
 */
import { guardianMayActFor, parsePersonnummer } from '@ingang/domain';
import type { AppContext } from './context.js';
import { contactByPersonalNumber, notifyFacts } from './persons.js';

export interface Recipient {
  to: string;
  /** For a guardian: whom it concerns (given name, or "ditt barn" when protected); null for the patient. */
  forWhom: string | null;
}

const mailable = (p: { email: string | null; email_verified_at: Date | null; notify_email: boolean } | undefined) =>
  p?.email && p.email_verified_at && p.notify_email ? p.email : null;

/**
 * The patient (verified e-mail, notifications on) and, while the patient is a
 * child a guardian may act for, each such guardian. Call outside transactions.
 */
export async function recipientsOf(
  deps: Pick<AppContext, 'db' | 'clock' | 'registry' | 'config'>,
  personId: string,
): Promise<Recipient[]> {
  const patient = await notifyFacts(deps.db, personId);
  if (!patient) return [];
  const list: Recipient[] = [];
  const own = mailable(patient);
  if (own) list.push({ to: own, forWhom: null });
  const now = deps.clock.now();
  const parsed = parsePersonnummer(patient.personal_number, now);
  if (!parsed.ok) return list;
  const child = guardianMayActFor({
    childBirthDate: parsed.value.birthDate,
    at: now,
    limitYears: deps.config.guardianAgeLimit,
    guardianProtected: false,
    childProtected: patient.protected_identity,
  });
  if (!child.ok) return list;
  for (const pnr of await deps.registry.guardiansOf(patient.personal_number)) {
    const guardian = await contactByPersonalNumber(deps.db, pnr);
    const to = guardian && !guardian.protected_identity ? mailable(guardian) : null;
    if (to) list.push({ to, forWhom: patient.given_name });
  }
  return list;
}
