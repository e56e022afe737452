/**
 * Staff and their patients: look a patient up, open the overview, register a
 * care relationship, take emergency access. Every patient read goes through
 * `requirePatientAccess` (audited, refusals recorded); contact details pass
 * through `redactForStaff`, so a protected identity never yields an address,
 * phone or e-mail.
 */
import { ageOn, emergencyAccessExpiry, parsePersonnummer, redactForStaff, validateAccessReason } from '@ingang/domain';
import { recordAudit } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/index.js';
import { badRequest, forbidden, notFound } from '../../platform/errors.js';
import { patientAccessRefused, patientTransaction } from '../../platform/patient-access.js';
import { findPersonByPersonalNumber, upsertPersonFromRegistry } from '../../platform/persons.js';
import type { PopulationRegistry, RegistryPerson } from '../../platform/registry.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'access'>;

/** A valid personnummer in stored form, or 400 naming the field. */
function personalNumberOf(input: string, now: Date): string {
  const parsed = parsePersonnummer(input, now);
  if (!parsed.ok) throw badRequest('invalid_input', parsed.message, { 'body.personalNumber': parsed.message });
  return parsed.value.normalized;
}

/** The trimmed reason, or 400 naming the field (the contract checks the same limits). */
function reasonOf(input: string): string {
  const result = validateAccessReason(input);
  if (!result.ok) throw badRequest('invalid_input', result.message, { 'body.reason': result.message });
  return result.value;
}

function activeUnitOf(actor: StaffActor): string {
  if (!actor.activeUnitId) throw forbidden('no_active_unit', 'Choose the unit you are working in first.');
  return actor.activeUnitId;
}

/** Registry relatives by personnummer, names only (the registry may be remote: called outside transactions). */
async function relatives(registry: PopulationRegistry, pnrs: string[]) {
  const people = await Promise.all(pnrs.map((pnr) => registry.lookup(pnr)));
  return people
    .filter((p) => p !== null)
    .map((p) => ({ name: `${p.givenName} ${p.familyName}`, protectedIdentity: p.protectedIdentity }))
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
}

export function createCareService(deps: Deps) {
  const { db, clock, registry, access } = deps;

  /**
   * The person behind a personnummer, created from the population registry when
   * they have never used the service (registering a relationship must work for
   * them too). 404 when the registry does not know the number.
   */
  async function resolvePerson(pnr: string): Promise<{ personId: string } | { registryPerson: RegistryPerson }> {
    const existing = await findPersonByPersonalNumber(db, pnr);
    if (existing) return { personId: existing.id };
    const registryPerson = await registry.lookup(pnr);
    if (!registryPerson) throw notFound('patient');
    return { registryPerson };
  }

  /** The person id inside the transaction, creating the person row from the registry answer when needed. */
  async function personIdIn(trx: Tx, resolved: Awaited<ReturnType<typeof resolvePerson>>, now: Date) {
    if ('personId' in resolved) return resolved.personId;
    return (await upsertPersonFromRegistry(trx, resolved.registryPerson, now)).id;
  }

  return {
    /**
     * Looks a patient up by personnummer for the active unit. Without a care
     * relationship — or when no such patient exists — the same 403
     * `no_care_relationship`, so the answer never reveals whether the person exists.
     */
    async lookup(actor: StaffActor, personalNumber: string) {
      const now = clock.now();
      const pnr = personalNumberOf(personalNumber, now);
      return patientTransaction(db, async (trx) => {
        const request = { action: 'read', recordType: 'patient_identity', purpose: 'lookup', at: now };
        const person = await findPersonByPersonalNumber(trx, pnr);
        if (!person) throw patientAccessRefused(actor, { personalNumber: pnr }, request);
        const grant = await access.require(trx, actor, person.id, { ...request, recordId: person.id });
        return {
          personId: person.id,
          name: `${person.givenName} ${person.familyName}`,
          personalNumber: person.personalNumber,
          protectedIdentity: person.protectedIdentity,
          relationship: grant.relationship,
        };
      });
    },

    /** The staff overview of a patient the active unit has a care relationship with. */
    async overview(actor: StaffActor, personId: string) {
      const now = clock.now();
      const view = await patientTransaction(db, async (trx) => {
        const grant = await access.require(trx, actor, personId, {
          action: 'read',
          recordType: 'patient_overview',
          recordId: personId,
          purpose: 'care',
          at: now,
        });
        const patient = await store.findPatient(trx, personId);
        if (!patient) throw notFound('patient');
        const scope = { staffId: actor.staffId, unitId: grant.unitId, personId, at: now };
        return {
          patient,
          relationships: await access.relationshipsWith(trx, actor, personId, now),
          registeredRelationships: await store.listActiveRelationships(trx, grant.unitId, personId, now),
          emergencyAccess: await store.findOwnActiveEmergency(trx, scope),
        };
      });
      const { patient } = view;
      const parsed = parsePersonnummer(patient.personalNumber, now);
      const birthDate = parsed.ok ? parsed.value.birthDate : '';
      const [guardians, children] = await Promise.all([
        registry.guardiansOf(patient.personalNumber).then((pnrs) => relatives(registry, pnrs)),
        registry.childrenOf(patient.personalNumber).then((pnrs) => relatives(registry, pnrs)),
      ]);
      const contact = redactForStaff({
        protectedIdentity: patient.protectedIdentity,
        address: patient.address,
        phone: patient.phone,
        email: patient.email,
      });
      return {
        personId: patient.id,
        name: `${patient.givenName} ${patient.familyName}`,
        givenName: patient.givenName,
        familyName: patient.familyName,
        personalNumber: patient.personalNumber,
        birthDate,
        age: birthDate ? ageOn(birthDate, now) : 0,
        protectedIdentity: patient.protectedIdentity,
        listedUnit: patient.listedUnit,
        contact: { address: contact.address, phone: contact.phone, email: contact.email },
        guardians,
        children,
        relationships: view.relationships,
        registeredRelationships: view.registeredRelationships,
        emergencyAccess: view.emergencyAccess,
      };
    },

    /**
     * Registers a care relationship between the active unit and the patient
     * (any staff role in the unit may). Idempotent: an open relationship is
     * returned as it is (`created: false`).
     */
    async registerRelationship(actor: StaffActor, input: { personalNumber: string; reason: string }) {
      const unitId = activeUnitOf(actor);
      const now = clock.now();
      const pnr = personalNumberOf(input.personalNumber, now);
      const reason = reasonOf(input.reason);
      const resolved = await resolvePerson(pnr);
      return db.transaction().execute(async (trx) => {
        const personId = await personIdIn(trx, resolved, now);
        const result = await store.registerRelationship(trx, { unitId, personId, reason, staffId: actor.staffId, now });
        await recordAudit(trx, {
          actor,
          subjectPersonId: personId,
          action: result.created ? 'create' : 'read',
          recordType: 'care_relationship',
          recordId: result.relationship.id,
          purpose: 'care',
          unitId,
          at: now,
        });
        return result;
      });
    },

    /**
     * "Nödåtkomst": gives this staff member access to the patient in the active
     * unit for EMERGENCY_ACCESS_HOURS. The audit row is flagged with the reason
     * and the access is listed for the unit administrator's follow-up.
     */
    async grantEmergencyAccess(actor: StaffActor, input: { personalNumber: string; reason: string }) {
      const unitId = activeUnitOf(actor);
      const now = clock.now();
      const pnr = personalNumberOf(input.personalNumber, now);
      const reason = reasonOf(input.reason);
      const resolved = await resolvePerson(pnr);
      return db.transaction().execute(async (trx) => {
        const personId = await personIdIn(trx, resolved, now);
        const expiresAt = emergencyAccessExpiry(now);
        const { id } = await store.insertEmergencyAccess(trx, {
          unitId,
          staffId: actor.staffId,
          personId,
          reason,
          now,
          expiresAt,
        });
        await recordAudit(trx, {
          actor,
          subjectPersonId: personId,
          action: 'create',
          recordType: 'emergency_access',
          recordId: id,
          purpose: 'emergency',
          unitId,
          at: now,
          flagged: true,
          reason: `Nödåtkomst ${id}: ${reason}`,
        });
        return { id, personId, unitId, expiresAt: expiresAt.toISOString() };
      });
    },
  };
}

export type CareService = ReturnType<typeof createCareService>;
