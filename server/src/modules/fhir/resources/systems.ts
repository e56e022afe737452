/**
 * Code systems, identifiers and id rules the FHIR mappers share. Ingång's own
 * code systems live under the deployment's public URL so they resolve to this
 * API's documentation.
 */
import { createHash } from 'node:crypto';

/** Swedish personnummer (OID 1.2.752.129.2.1.3.1) and samordningsnummer (…3.3). */
export const PERSONNUMMER_SYSTEM = 'http://electronichealth.se/identifier/personnummer';
export const SAMORDNINGSNUMMER_SYSTEM = 'http://electronichealth.se/identifier/samordningsnummer';
/** HSA-id of a care unit. */
export const HSA_SYSTEM = 'urn:oid:1.2.752.129.2.1.4.1';
export const SERVICE_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/service-type';
export const BOOKING_DEEP_LINK = 'http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link';
export const SLOT_CAPACITY = 'http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity';

/** Ingång's own code systems (time types, record types) under the public URL. */
export function ingangSystem(publicUrl: string, name: string): string {
  return `${publicUrl}/api/fhir/CodeSystem/${name}`;
}

/**
 * The id of a unit × time type pair (Schedule and HealthcareService): two uuids
 * do not fit FHIR's 64-character id, so it is a stable digest of both.
 */
export function scheduleId(unitId: string, timeTypeId: string): string {
  const key = `${unitId}:${timeTypeId}`;
  let id = scheduleIds.get(key);
  if (id === undefined) {
    id = `s${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
    // Units × time types is a few thousand pairs; the feed asks once per time (millions).
    if (scheduleIds.size >= 100_000) scheduleIds.clear();
    scheduleIds.set(key, id);
  }
  return id;
}
const scheduleIds = new Map<string, string>();

/** A FHIR instant (seconds precision, UTC). */
export function instant(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A FHIR id is [A-Za-z0-9\-.]{1,64}; anything else is never an id of ours. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
