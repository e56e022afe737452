/**
 * Pure mappers from a person's records to FHIR R4: the person (Patient), their
 * bookings (Appointment), health declarations (QuestionnaireResponse), secure
 * messages (Communication), access log (AuditEvent) and ombud grants (Consent).
 */

import { parsePersonnummer } from '@ingang/domain';
import type {
  Appointment,
  AuditEvent,
  Communication,
  Consent,
  Patient,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from 'fhir/r4';
import { ingangSystem, instant, PERSONNUMMER_SYSTEM, SAMORDNINGSNUMMER_SYSTEM } from './systems.js';

export interface PersonRow {
  id: string;
  personal_number: string;
  given_name: string;
  family_name: string;
  protected_identity: boolean;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  email: string | null;
  phone: string | null;
  listed_unit_id: string | null;
  updated_at: Date;
}

/** The person; a protected identity shows no address (the registry withholds it). */
export function toPatient(p: PersonRow, at: Date): Patient {
  const parsed = parsePersonnummer(p.personal_number, at);
  const telecom: NonNullable<Patient['telecom']> = [];
  if (p.email) telecom.push({ system: 'email', value: p.email });
  if (p.phone) telecom.push({ system: 'phone', value: p.phone });
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: { lastUpdated: instant(p.updated_at) },
    identifier: [
      {
        system: parsed.ok && parsed.value.samordningsnummer ? SAMORDNINGSNUMMER_SYSTEM : PERSONNUMMER_SYSTEM,
        value: p.personal_number,
      },
    ],
    active: true,
    name: [{ use: 'official', family: p.family_name, given: [p.given_name] }],
    ...(telecom.length ? { telecom } : {}),
    ...(parsed.ok ? { birthDate: parsed.value.birthDate, gender: parsed.value.sex } : {}),
    ...(!p.protected_identity && p.street
      ? {
          address: [
            {
              use: 'home',
              line: [p.street],
              postalCode: p.postal_code ?? undefined,
              city: p.city ?? undefined,
              country: 'SE',
            },
          ],
        }
      : {}),
    ...(p.listed_unit_id ? { managingOrganization: { reference: `Organization/${p.listed_unit_id}` } } : {}),
  };
}

export interface BookingRow {
  id: string;
  person_id: string;
  slot_id: string;
  unit_id: string;
  unit_name: string;
  time_type_code: string;
  time_type_name: string;
  status: 'booked' | 'arrived' | 'completed' | 'no_show' | 'cancelled';
  starts_at: Date;
  ends_at: Date;
  created_at: Date;
  cancel_reason: string | null;
  form_version_id: string | null;
  form_answers: unknown;
}

const APPOINTMENT_STATUS = {
  booked: 'booked',
  arrived: 'arrived',
  completed: 'fulfilled',
  no_show: 'noshow',
  cancelled: 'cancelled',
} as const;

export function toAppointment(publicUrl: string, b: BookingRow): Appointment {
  return {
    resourceType: 'Appointment',
    id: b.id,
    status: APPOINTMENT_STATUS[b.status],
    ...(b.status === 'cancelled' && b.cancel_reason ? { cancelationReason: { text: b.cancel_reason } } : {}),
    serviceType: [
      {
        coding: [{ system: ingangSystem(publicUrl, 'time-type'), code: b.time_type_code, display: b.time_type_name }],
        text: b.time_type_name,
      },
    ],
    start: instant(b.starts_at),
    end: instant(b.ends_at),
    created: instant(b.created_at),
    slot: [{ reference: `Slot/${b.slot_id}` }],
    participant: [
      { actor: { reference: `Patient/${b.person_id}` }, required: 'required', status: 'accepted' },
      { actor: { reference: `Location/${b.unit_id}`, display: b.unit_name }, required: 'required', status: 'accepted' },
    ],
  };
}

/** One answer value as FHIR's typed answer. */
function answerValue(value: unknown): NonNullable<QuestionnaireResponseItem['answer']>[number] | null {
  if (typeof value === 'boolean') return { valueBoolean: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { valueInteger: value } : { valueDecimal: value };
  if (typeof value === 'string' && value !== '') return { valueString: value };
  return null;
}

/** A booking's health declaration (answers by question id) as a QuestionnaireResponse. */
export function toQuestionnaireResponse(b: BookingRow): QuestionnaireResponse | null {
  if (!b.form_answers || typeof b.form_answers !== 'object' || !b.form_version_id) return null;
  const item: QuestionnaireResponseItem[] = [];
  for (const [linkId, raw] of Object.entries(b.form_answers as Record<string, unknown>)) {
    const answers = (Array.isArray(raw) ? raw : [raw]).map(answerValue).filter((a) => a !== null);
    item.push(answers.length ? { linkId, answer: answers } : { linkId });
  }
  return {
    resourceType: 'QuestionnaireResponse',
    id: b.id,
    questionnaire: `urn:uuid:${b.form_version_id}`,
    status: 'completed',
    subject: { reference: `Patient/${b.person_id}` },
    authored: instant(b.created_at),
    ...(item.length ? { item } : {}),
  };
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  subject: string;
  patient_id: string;
  unit_id: string;
  unit_name: string;
  author_kind: 'patient' | 'representative' | 'staff';
  author_person_id: string | null;
  body: string;
  created_at: Date;
  attachments: { id: string; filename: string; content_type: string; size_bytes: number }[];
}

/** A message of a conversation (never an internal note) as a Communication. */
export function toCommunication(publicUrl: string, m: MessageRow): Communication {
  const patient = { reference: `Patient/${m.patient_id}` };
  const unit = { reference: `Organization/${m.unit_id}`, display: m.unit_name };
  const fromPatientSide = m.author_kind !== 'staff';
  const payload: NonNullable<Communication['payload']> = [];
  if (m.body) payload.push({ contentString: m.body });
  for (const a of m.attachments) {
    payload.push({
      contentAttachment: {
        contentType: a.content_type,
        title: a.filename,
        size: a.size_bytes,
        url: `${publicUrl}/api/messaging/attachments/${a.id}`,
      },
    });
  }
  return {
    resourceType: 'Communication',
    id: m.id,
    status: 'completed',
    subject: patient,
    topic: { text: m.subject },
    sent: instant(m.created_at),
    sender: fromPatientSide ? { reference: `Patient/${m.author_person_id ?? m.patient_id}` } : unit,
    recipient: [fromPatientSide ? unit : patient],
    identifier: [{ system: ingangSystem(publicUrl, 'conversation'), value: m.conversation_id }],
    ...(payload.length ? { payload } : {}),
  };
}

export interface AuditRow {
  id: string;
  at: Date;
  actor_kind: 'citizen' | 'staff' | 'support' | 'system';
  actor_role: string | null;
  unit_name: string | null;
  subject_person_id: string;
  action: string;
  record_type: string;
  purpose: string;
  on_behalf_of_relation: 'guardian' | 'ombud' | null;
  flagged: boolean;
}

const AUDIT_ACTION: Record<string, 'C' | 'R' | 'U' | 'D' | 'E'> = { create: 'C', read: 'R', update: 'U', delete: 'D' };

/**
 * An access-log entry as an AuditEvent. Like the app's own log page, staff
 * appear by unit and role, never by name.
 */
export function toAuditEvent(publicUrl: string, a: AuditRow): AuditEvent {
  const who =
    a.actor_kind === 'staff'
      ? [a.unit_name, a.actor_role].filter(Boolean).join(', ') || 'Vårdpersonal'
      : a.actor_kind === 'citizen'
        ? a.on_behalf_of_relation === 'guardian'
          ? 'Vårdnadshavare'
          : a.on_behalf_of_relation === 'ombud'
            ? 'Ombud'
            : 'Du själv'
        : a.actor_kind === 'support'
          ? 'Invånarsupport'
          : 'Ingång (automatiskt)';
  return {
    resourceType: 'AuditEvent',
    id: a.id,
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'RESTful Operation',
    },
    subtype: [{ system: ingangSystem(publicUrl, 'audit-action'), code: a.action }],
    action: AUDIT_ACTION[a.action] ?? 'E',
    recorded: instant(a.at),
    outcome: '0',
    purposeOfEvent: [{ coding: [{ system: ingangSystem(publicUrl, 'audit-purpose'), code: a.purpose }] }],
    agent: [{ who: { display: who }, requestor: true, ...(a.actor_role ? { role: [{ text: a.actor_role }] } : {}) }],
    source: { observer: { display: 'Ingång' } },
    entity: [
      {
        what: { reference: `Patient/${a.subject_person_id}` },
        type: { system: ingangSystem(publicUrl, 'record-type'), code: a.record_type },
        ...(a.flagged
          ? { securityLabel: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'ETH' }] }
          : {}),
      },
    ],
  };
}

export interface GrantRow {
  id: string;
  grantor_person_id: string;
  ombud_person_id: string;
  scopes: string[];
  status: 'pending' | 'active' | 'ended';
  created_at: Date;
  expires_at: Date;
  ended_at: Date | null;
}

const CONSENT_STATUS = { pending: 'proposed', active: 'active', ended: 'inactive' } as const;

/** An ombud grant (fullmakt) as a Consent: the grantor permits the ombud to act in the granted scopes. */
export function toConsent(publicUrl: string, g: GrantRow): Consent {
  return {
    resourceType: 'Consent',
    id: g.id,
    status: CONSENT_STATUS[g.status],
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
      text: 'Fullmakt (ombud)',
    },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: `Patient/${g.grantor_person_id}` },
    dateTime: instant(g.created_at),
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
    provision: {
      type: 'permit',
      period: { start: instant(g.created_at), end: instant(g.ended_at ?? g.expires_at) },
      actor: [
        {
          role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'AGNT' }] },
          reference: { reference: `Patient/${g.ombud_person_id}` },
        },
      ],
      action: g.scopes.map((s) => ({ coding: [{ system: ingangSystem(publicUrl, 'proxy-scope'), code: s }] })),
    },
  };
}
