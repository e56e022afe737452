/**
 * The FHIR read API's rules. Public types (Location, Organization,
 * HealthcareService, Schedule, Slot) need no login. A person's types go
 * through the same gates as the rest of the API: citizens through acting-for
 * (oneself, a child, an ombud grant with the scope), staff through the
 * care-relationship gate for their active unit — each access writes its audit
 * row in the read's own transaction. Someone else's record looks unknown (404).
 */

import { stockholmDate } from '@ingang/domain';
import type { Bundle, FhirResource } from 'fhir/r4';
import { type ActingFor, ActingForRefused, type ActingScope } from '../../platform/acting-for.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, CitizenActor, StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { type PatientAccess, patientTransaction } from '../../platform/patient-access.js';
import { searchset } from './bundle.js';
import {
  toAppointment,
  toAuditEvent,
  toCommunication,
  toConsent,
  toPatient,
  toQuestionnaireResponse,
} from './resources/patient.js';
import { toHealthcareService, toLocation, toOrganization, toSchedule, toSlot } from './resources/public.js';
import { FHIR_ID, scheduleId, UUID } from './resources/systems.js';
import { badParam, type ParsedSearch, parseSearch } from './search-params.js';
import * as store from './store.js';

export const PUBLIC_TYPES = ['Location', 'Organization', 'HealthcareService', 'Schedule', 'Slot'] as const;
export const PERSON_TYPES = [
  'Patient',
  'Appointment',
  'QuestionnaireResponse',
  'Communication',
  'AuditEvent',
  'Consent',
] as const;
export type PublicType = (typeof PUBLIC_TYPES)[number];
export type PersonType = (typeof PERSON_TYPES)[number];

type Query = Record<string, string | string[] | undefined>;

/** The search parameters each type takes (the CapabilityStatement lists the same). */
export const SEARCH_PARAMS = {
  Location: { _id: 'id' },
  Organization: { _id: 'id' },
  HealthcareService: { _id: 'id' },
  Schedule: { _id: 'id' },
  Slot: { _id: 'id', schedule: 'reference', start: 'date', status: 'token' },
  Patient: { _id: 'id' },
  Appointment: { _id: 'id', patient: 'reference', date: 'date', status: 'token' },
  QuestionnaireResponse: { _id: 'id', patient: 'reference', subject: 'reference' },
  Communication: { _id: 'id', patient: 'reference', subject: 'reference', sent: 'date' },
  AuditEvent: { _id: 'id', patient: 'reference', date: 'date' },
  Consent: { _id: 'id', patient: 'reference', status: 'token' },
} as const;

const STATUSES: Partial<Record<string, readonly string[]>> = {
  Slot: ['free', 'busy'],
  Appointment: ['booked', 'arrived', 'fulfilled', 'noshow', 'cancelled'],
  Consent: ['proposed', 'active', 'inactive'],
};

/** The acting-for scope a citizen needs for each type (a child's guardian has all of them). */
const SCOPE: Record<PersonType, ActingScope | 'any'> = {
  Patient: 'any',
  Appointment: 'booking',
  QuestionnaireResponse: 'booking',
  Communication: 'messages',
  AuditEvent: 'records',
  Consent: 'records',
};

export interface ReadDeps {
  db: Db;
  clock: Clock;
  actingFor: ActingFor;
  /** The staff care-relationship gate. */
  access: PatientAccess;
  publicUrl: string;
}

export function createFhirReadService(deps: ReadDeps) {
  const { db, clock, publicUrl } = deps;
  const base = `${publicUrl}/api/fhir`;
  const notFound = (type: string, id: string) => new AppError(404, 'not_found', `${type}/${id} is not known.`);

  async function publicResources(type: PublicType, s: ParsedSearch, now: Date): Promise<FhirResource[]> {
    const page = { limit: s.count + 1, offset: s.offset };
    if (type === 'Location' || type === 'Organization') {
      const ids = s.ids?.filter((id) => UUID.test(id));
      const rows = (await store.units(db, ids)).slice(s.offset, s.offset + s.count + 1);
      return rows.map((u) => (type === 'Location' ? toLocation(u) : toOrganization(u)));
    }
    if (type === 'HealthcareService' || type === 'Schedule') {
      let pairs = await store.offered(db, now);
      if (s.ids) pairs = pairs.filter((p) => s.ids?.includes(scheduleId(p.unit.id, p.type.id)));
      return pairs
        .slice(s.offset, s.offset + s.count + 1)
        .map((p) =>
          type === 'Schedule' ? toSchedule(publicUrl, p.unit, p.type) : toHealthcareService(publicUrl, p.unit, p.type),
        );
    }
    let unitId: string | undefined;
    let timeTypeId: string | undefined;
    if (s.schedule) {
      const pair = (await store.offered(db, now)).find((p) => scheduleId(p.unit.id, p.type.id) === s.schedule);
      if (!pair) return [];
      unitId = pair.unit.id;
      timeTypeId = pair.type.id;
    }
    const rows = await store.publicSlots(db, {
      now,
      ids: s.ids?.filter((id) => UUID.test(id)),
      from: s.from,
      to: s.to,
      unitId,
      timeTypeId,
      status: s.status as ('free' | 'busy')[] | undefined,
      page,
    });
    return rows.map((r) => toSlot(publicUrl, r, stockholmDate(r.starts_at)));
  }

  /** The records of one person the search asks for (already cleared, inside the audited transaction). */
  async function personResources(
    trx: Tx,
    type: PersonType,
    personId: string,
    s: ParsedSearch,
    staff: StaffActor | null,
  ): Promise<FhirResource[]> {
    const now = clock.now();
    const scope = {
      personId,
      unitId: staff?.activeUnitId ?? undefined,
      ids: s.ids?.filter((id) => UUID.test(id)),
      from: s.from,
      to: s.to,
      page: { limit: s.count + 1, offset: s.offset },
    };
    switch (type) {
      case 'Patient': {
        if (s.ids && !s.ids.includes(personId)) return [];
        const row = await store.person(trx, personId);
        if (!row || s.offset > 0) return [];
        // Staff never see a protected person's contact details (as everywhere in the staff portal).
        const shown = staff && row.protected_identity ? { ...row, email: null, phone: null, street: null } : row;
        return [toPatient(shown, now)];
      }
      case 'Appointment':
        return (await store.bookings(trx, { ...scope, status: s.status })).map((b) => toAppointment(publicUrl, b));
      case 'QuestionnaireResponse':
        return (await store.bookings(trx, { ...scope, withAnswers: true }))
          .map(toQuestionnaireResponse)
          .filter((r) => r !== null);
      case 'Communication':
        return (await store.messages(trx, scope)).map((m) => toCommunication(publicUrl, m));
      case 'AuditEvent':
        return (await store.auditEntries(trx, scope)).map((a) => toAuditEvent(publicUrl, a));
      case 'Consent':
        return (await store.grants(trx, { ...scope, status: s.status })).map((g) => toConsent(publicUrl, g));
    }
  }

  /** Runs a read of one person's records through the actor's gate, writing one audit row. */
  async function gated<T>(
    actor: Actor,
    type: PersonType,
    personId: string,
    recordId: string | undefined,
    fn: (trx: Tx, staff: StaffActor | null) => Promise<T>,
  ): Promise<T> {
    const at = clock.now();
    const recordType = `fhir_${type}`;
    if (actor.kind === 'staff') {
      if (type === 'AuditEvent') {
        throw new AppError(
          403,
          'forbidden',
          "The access log is the patient's own; staff follow-up uses /api/admin/audit.",
        );
      }
      return patientTransaction(db, async (trx) => {
        await deps.access.require(trx, actor, personId, { action: 'read', recordType, recordId, purpose: 'care', at });
        return fn(trx, actor);
      });
    }
    return deps.actingFor.withSubject(actor, personId, SCOPE[type], async (trx, subject) => {
      await recordAudit(trx, {
        actor,
        subjectPersonId: subject.subjectPersonId,
        action: 'read',
        recordType,
        recordId,
        purpose: 'self_service',
        onBehalf: subject.onBehalf,
        at,
      });
      return fn(trx, null);
    });
  }

  function personOf(actor: Actor, type: PersonType, s: ParsedSearch): string {
    if (type === 'Patient' && s.ids?.length === 1 && s.ids[0]) return s.ids[0];
    if (s.patient) return s.patient;
    if (actor.kind === 'citizen') return actor.personId;
    throw badParam(type === 'Patient' ? '_id' : 'patient', 'required for staff (one patient per search)');
  }

  return {
    /** `GET /fhir/:type?…` */
    async search(actor: Actor | null, type: PublicType | PersonType, query: Query): Promise<Bundle> {
      const s = parseSearch(query, SEARCH_PARAMS[type], STATUSES[type]);
      const now = clock.now();
      if ((PUBLIC_TYPES as readonly string[]).includes(type)) {
        return searchset(base, type, query, s, await publicResources(type as PublicType, s, now), now);
      }
      if (!actor) throw new AppError(401, 'unauthenticated', 'Log in to read personal records.');
      const personType = type as PersonType;
      const personId = personOf(actor, personType, s);
      if (!UUID.test(personId)) return searchset(base, type, query, s, [], now);
      const rows = await gated(actor, personType, personId, undefined, (trx, staff) =>
        personResources(trx, personType, personId, s, staff),
      );
      return searchset(base, type, query, s, rows, now);
    },

    /** `GET /fhir/:type/:id` — 404 for unknown ids and for records the actor may not see. */
    async read(actor: Actor | null, type: PublicType | PersonType, id: string): Promise<FhirResource> {
      if (!FHIR_ID.test(id)) throw notFound(type, id);
      const s: ParsedSearch = { ids: [id], count: 1, offset: 0 };
      if ((PUBLIC_TYPES as readonly string[]).includes(type)) {
        const [found] = await publicResources(type as PublicType, s, clock.now());
        if (!found) throw notFound(type, id);
        return found;
      }
      if (!actor) throw new AppError(401, 'unauthenticated', 'Log in to read personal records.');
      const personType = type as PersonType;
      const owner = !UUID.test(id)
        ? undefined
        : personType === 'Patient'
          ? id
          : await store.ownerOf(db, personType, id);
      if (!owner) throw notFound(type, id);
      try {
        const [found] = await gated(actor, personType, owner, id, (trx, staff) =>
          personResources(trx, personType, owner, s, staff),
        );
        if (!found) throw notFound(type, id);
        return found;
      } catch (error) {
        // A citizen asking for someone else's record learns nothing, not even that it exists.
        if (error instanceof ActingForRefused) throw notFound(type, id);
        throw error;
      }
    },
  };
}

export type FhirReadService = ReturnType<typeof createFhirReadService>;

/** Whether the citizen is the actor (for routes that only citizens may use). */
export function isCitizen(actor: Actor | null): actor is CitizenActor {
  return actor?.kind === 'citizen';
}
