/**
 * Access to an existing booking by id: the patient, or someone who may act
 * for the patient with the 'booking' scope (guardian, ombud) through the
 * acting-for gate. Anyone else gets 404 — unknown and forbidden look the same.
 */
import { type ActingFor, ActingForRefused, type Subject } from '../../platform/acting-for.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import * as reads from './read-store.js';

/** Runs `fn` in one transaction for the booking's patient, or throws 404. */
export async function withBookingSubject<T>(
  deps: { db: Db; actingFor: ActingFor },
  actor: CitizenActor,
  bookingId: string,
  fn: (trx: Tx, subject: Subject) => Promise<T>,
): Promise<T> {
  // Read before the transaction (no lock): the patient decides which gate to pass.
  // Inside, every read and write is scoped to that patient again.
  const owner = await reads.bookingOwner(deps.db, bookingId);
  if (!owner) throw notFound('booking');
  try {
    return await deps.actingFor.withSubject(actor, owner === actor.personId ? undefined : owner, 'booking', fn);
  } catch (error) {
    // The refusal is already recorded in access_refusals; to the caller it is just not there.
    if (error instanceof ActingForRefused) throw notFound('booking');
    throw error;
  }
}
