/**
 * Pure mappers from Ingång's public timebook rows to FHIR R4: units become
 * Location and Organization, a unit × time type a HealthcareService and a
 * Schedule, a time a Slot. Nothing here touches a person.
 */
import type { HealthcareService, Location, Organization, Schedule, Slot } from 'fhir/r4';
import {
  BOOKING_DEEP_LINK,
  HSA_SYSTEM,
  ingangSystem,
  instant,
  SERVICE_TYPE_SYSTEM,
  SLOT_CAPACITY,
  scheduleId,
} from './systems.js';

export interface UnitRow {
  id: string;
  hsa_id: string;
  name: string;
  street: string;
  postal_code: string;
  city: string;
  municipality: string;
  latitude: number;
  longitude: number;
  phone: string | null;
  email: string | null;
  website: string | null;
  description: string;
  updated_at: Date;
}

export interface TimeTypeRow {
  id: string;
  code: string;
  name_sv: string;
  name_en: string;
  mode: 'on_site' | 'video' | 'phone';
}

export interface SlotRow {
  id: string;
  unit_id: string;
  time_type_id: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  booked: number;
}

/** The region all units belong to (Location.address.state). */
export const REGION_CODE = 'SE-AB';

function telecom(u: UnitRow): Location['telecom'] {
  const out: NonNullable<Location['telecom']> = [];
  if (u.phone) out.push({ system: 'phone', value: u.phone });
  if (u.email) out.push({ system: 'email', value: u.email });
  if (u.website) out.push({ system: 'url', value: u.website });
  return out;
}

function address(u: UnitRow): NonNullable<Location['address']> {
  return {
    line: [u.street],
    city: u.city,
    district: u.municipality,
    state: REGION_CODE,
    postalCode: u.postal_code,
    country: 'SE',
  };
}

export function toLocation(u: UnitRow): Location {
  return {
    resourceType: 'Location',
    id: u.id,
    meta: { lastUpdated: instant(u.updated_at) },
    identifier: [{ system: HSA_SYSTEM, value: u.hsa_id }],
    status: 'active',
    name: u.name,
    ...(u.description ? { description: u.description } : {}),
    telecom: telecom(u),
    address: address(u),
    position: { latitude: u.latitude, longitude: u.longitude },
    managingOrganization: { reference: `Organization/${u.id}` },
  };
}

export function toOrganization(u: UnitRow): Organization {
  return {
    resourceType: 'Organization',
    id: u.id,
    meta: { lastUpdated: instant(u.updated_at) },
    identifier: [{ system: HSA_SYSTEM, value: u.hsa_id }],
    active: true,
    name: u.name,
    telecom: telecom(u) as Organization['telecom'],
    address: [address(u)],
  };
}

/** The service type of a time type: Ingång's code, plus HL7's "Immunization" for vaccinations. */
export function serviceType(publicUrl: string, t: TimeTypeRow): NonNullable<Schedule['serviceType']>[number] {
  const coding = [{ system: ingangSystem(publicUrl, 'time-type'), code: t.code, display: t.name_sv }];
  const vaccination = /vacc|vaccin/i.test(`${t.code} ${t.name_sv}`);
  return {
    coding: vaccination ? [{ system: SERVICE_TYPE_SYSTEM, code: '57', display: 'Immunization' }, ...coding] : coding,
    text: t.name_sv,
  };
}

export function toHealthcareService(publicUrl: string, u: UnitRow, t: TimeTypeRow): HealthcareService {
  return {
    resourceType: 'HealthcareService',
    id: scheduleId(u.id, t.id),
    active: true,
    providedBy: { reference: `Organization/${u.id}`, display: u.name },
    type: [serviceType(publicUrl, t)],
    location: [{ reference: `Location/${u.id}` }],
    name: `${t.name_sv} – ${u.name}`,
    appointmentRequired: true,
  };
}

export function toSchedule(publicUrl: string, u: Pick<UnitRow, 'id' | 'name'>, t: TimeTypeRow): Schedule {
  return {
    resourceType: 'Schedule',
    id: scheduleId(u.id, t.id),
    active: true,
    serviceType: [serviceType(publicUrl, t)],
    actor: [{ reference: `Location/${u.id}`, display: u.name }],
  };
}

/**
 * The web app's booking page with this time pre-selected (the patient app
 * reads `tid`, `enhet` and `start` and opens the confirmation step).
 */
export function bookingDeepLink(publicUrl: string, s: SlotRow, day: string): string {
  const q = new URLSearchParams({
    typ: s.time_type_id,
    fran: day,
    till: day,
    enhet: s.unit_id,
    start: s.starts_at.toISOString(),
    tid: s.id,
  });
  return `${publicUrl}/boka?${q.toString()}`;
}

/** A time as a Slot: free with the places left and the deep link, or busy when full. */
export function toSlot(publicUrl: string, s: SlotRow, day: string): Slot {
  const left = Math.max(0, s.capacity - s.booked);
  return {
    resourceType: 'Slot',
    id: s.id,
    schedule: { reference: `Schedule/${scheduleId(s.unit_id, s.time_type_id)}` },
    status: left > 0 ? 'free' : 'busy',
    start: instant(s.starts_at),
    end: instant(s.ends_at),
    ...(left > 0
      ? {
          extension: [
            { url: BOOKING_DEEP_LINK, valueUrl: bookingDeepLink(publicUrl, s, day) },
            { url: SLOT_CAPACITY, valueInteger: left },
          ],
        }
      : {}),
  };
}
