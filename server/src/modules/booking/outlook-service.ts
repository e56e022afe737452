/**
 * "Rules up front": which self-bookable types a person (or the one acted for)
 * may book now, from when, and an existing booking — answered with
 * `bookingOutlook` from packages/domain, the rule `checkEligibility` that the
 * booking itself enforces, so the page and the server cannot disagree. The
 * booking still checks everything again. Audited as a read of the subject's
 * bookings (it reveals them).
 */
import type { BookingOutlookItem, BookingOutlookResponse } from '@ingang/contracts';
import { bookingOutlook, parsePersonnummer } from '@ingang/domain';
import type { ActingFor } from '../../platform/acting-for.js';
import { recordAudit } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { findPersonById } from '../../platform/persons.js';
import { outlookFacts } from './outlook-store.js';

type Deps = Pick<AppContext, 'clock'>;

export function createOutlookService(deps: Deps, actingFor: ActingFor) {
  return {
    async outlook(actor: CitizenActor, patientId: string | undefined): Promise<BookingOutlookResponse['data']> {
      return actingFor.withSubject(actor, patientId, 'booking', async (trx, subject) => {
        const now = deps.clock.now();
        const person = await findPersonById(trx, subject.subjectPersonId);
        const parsed = person ? parsePersonnummer(person.personalNumber, now) : null;
        if (!parsed?.ok) throw notFound('person');
        const types = await outlookFacts(trx, subject.subjectPersonId);
        const items = types.map((t): BookingOutlookItem => {
          const result = bookingOutlook({
            birthDate: parsed.value.birthDate,
            timeType: t,
            timeTypeName: t.nameSv,
            releaseRules: t.releaseRules,
            activeBookingsOfType: t.active.length,
            lastDoseAt: t.lastDoseAt,
            at: now,
          });
          const first = t.active[0];
          return {
            timeTypeId: t.id,
            bookable: result.ok,
            ...(result.ok
              ? {}
              : {
                  reason: result.code,
                  ...(result.opensAt ? { opensAt: result.opensAt.toISOString() } : {}),
                  ...(result.earliestDate ? { earliestDate: result.earliestDate } : {}),
                }),
            minAge: t.minAge,
            maxAge: t.maxAge,
            activeBooking: first ? { id: first.id, start: first.start.toISOString() } : null,
          };
        });
        await recordAudit(trx, {
          actor,
          subjectPersonId: subject.subjectPersonId,
          action: 'read',
          recordType: 'booking_list',
          purpose: 'self_service',
          onBehalf: subject.onBehalf,
          at: now,
        });
        return { patientId: subject.subjectPersonId, items };
      });
    },
  };
}

export type OutlookService = ReturnType<typeof createOutlookService>;
