/**
 * The patient's side: her registered pregnancy, the clinics to choose among
 * (distance from her address, open in her delivery week), and changing or
 * withdrawing the ranked wishes until the cut-off. Acting for someone else
 * needs the 'booking' scope (choosing where care happens). Every read and
 * write is audited in its transaction.
 */
import type { MyBirthClinicResponse, SetWishesRequest } from '@ingang/contracts';
import type { ActingFor } from '../../platform/acting-for.js';
import { recordAudit } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import type { Tx } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import { loadCapacity } from './capacity.js';
import * as store from './store.js';
import { clinicChoices, myPregnancyView } from './view.js';
import { changeWishes } from './wishes.js';

export interface CitizenServiceDeps {
  clock: Clock;
  actingFor: ActingFor;
  locate: (postalCode: string) => { lat: number; lng: number } | null;
}

/** The citizen service. */
export function createCitizenService(deps: CitizenServiceDeps) {
  async function view(trx: Tx, personId: string, now: Date): Promise<MyBirthClinicResponse['data']> {
    const row = await store.activeOfPerson(trx, personId);
    const clinics = await store.clinics(trx);
    const person = await store.personFacts(trx, personId);
    const home = person && !person.protected_identity && person.postal_code ? deps.locate(person.postal_code) : null;
    const capacity = row ? await loadCapacity(trx, [row.delivery_week]) : null;
    const names = new Map(clinics.map((c) => [c.id, c.name]));
    return {
      pregnancy: row ? myPregnancyView(row, names, now) : null,
      clinics: clinicChoices(clinics, row?.delivery_week ?? null, capacity, home, person?.locale ?? 'sv'),
    };
  }

  return {
    /** Her pregnancy (or null) and the clinics; audited as a read when there is one. */
    async get(actor: CitizenActor, subjectId: string | undefined) {
      return deps.actingFor.withSubject(actor, subjectId, 'booking', async (trx, subject) => {
        const now = deps.clock.now();
        const data = await view(trx, subject.subjectPersonId, now);
        if (data.pregnancy) {
          await recordAudit(trx, {
            actor: { kind: 'citizen', personId: actor.personId },
            subjectPersonId: subject.subjectPersonId,
            action: 'read',
            recordType: 'birth_clinic_wish',
            recordId: data.pregnancy.id,
            purpose: 'self_service',
            onBehalf: subject.onBehalf,
            at: now,
          });
        }
        return data;
      });
    },

    /** Sets (or with an empty list withdraws) the ranked wishes; 400/404/409 as described in the contract. */
    async setWishes(actor: CitizenActor, input: SetWishesRequest) {
      return deps.actingFor.withSubject(actor, input.subjectId, 'booking', async (trx, subject) => {
        const now = deps.clock.now();
        const row = await store.activeOfPerson(trx, subject.subjectPersonId);
        if (!row) throw notFound('pregnancy');
        await changeWishes(trx, row, {
          clinicIds: input.clinicIds,
          version: input.version,
          by: 'citizen',
          reason: null,
          at: now,
        });
        await recordAudit(trx, {
          actor: { kind: 'citizen', personId: actor.personId },
          subjectPersonId: subject.subjectPersonId,
          action: input.clinicIds.length === 0 ? 'withdraw' : 'update',
          recordType: 'birth_clinic_wish',
          recordId: row.id,
          purpose: 'self_service',
          onBehalf: subject.onBehalf,
          at: now,
        });
        return view(trx, subject.subjectPersonId, now);
      });
    },
  };
}
