/**
 * The export's two documents (pure): a FHIR `collection` Bundle of everything
 * held about the person, and a readable HTML summary of the same. The HTML has
 * no scripts and escapes every value.
 */

import { formatStockholmDateTime } from '@ingang/domain';
import type { Appointment, Bundle, Communication, FhirResource } from 'fhir/r4';
import { ingangSystem, instant } from '../resources/index.js';

export interface InvitationRow {
  id: string;
  person_id: string;
  unit_id: string;
  unit_name: string;
  time_type_code: string;
  time_type_name: string;
  status: 'proposed' | 'pending' | 'booked' | 'declined' | 'cancelled';
  participant_status: 'needs-action' | 'accepted' | 'declined' | 'tentative';
  instructions: string;
  starts_at: Date | null;
  ends_at: Date | null;
  created_at: Date;
}

export interface OfferRow {
  id: string;
  unit_id: string;
  title: string;
  description: string;
  unit_name: string;
  status: string;
  created_at: Date;
  booking_id: string | null;
}

/** An invitation (e-kallelse) as a proposed/pending/booked/cancelled Appointment. */
export function invitationAppointment(publicUrl: string, i: InvitationRow): Appointment {
  return {
    resourceType: 'Appointment',
    id: i.id,
    identifier: [{ system: ingangSystem(publicUrl, 'invitation'), value: i.id }],
    status: i.status === 'declined' ? 'cancelled' : i.status,
    serviceType: [
      { coding: [{ system: ingangSystem(publicUrl, 'time-type'), code: i.time_type_code }], text: i.time_type_name },
    ],
    ...(i.instructions ? { patientInstruction: i.instructions } : {}),
    ...(i.starts_at && i.ends_at ? { start: instant(i.starts_at), end: instant(i.ends_at) } : {}),
    created: instant(i.created_at),
    participant: [
      { actor: { reference: `Patient/${i.person_id}` }, status: i.participant_status },
      { actor: { reference: `Location/${i.unit_id}`, display: i.unit_name }, status: 'accepted' },
    ],
  };
}

/** A targeted offer the person received, as a Communication from the unit. */
export function offerCommunication(publicUrl: string, personId: string, o: OfferRow): Communication {
  return {
    resourceType: 'Communication',
    id: `offer-${o.id}`.slice(0, 64),
    identifier: [{ system: ingangSystem(publicUrl, 'offer'), value: o.id }],
    status: 'completed',
    category: [{ text: 'Riktat erbjudande' }],
    subject: { reference: `Patient/${personId}` },
    sent: instant(o.created_at),
    sender: { reference: `Organization/${o.unit_id}`, display: o.unit_name },
    recipient: [{ reference: `Patient/${personId}` }],
    payload: [{ contentString: o.description ? `${o.title}\n\n${o.description}` : o.title }],
  };
}

export function collection(id: string, at: Date, resources: FhirResource[]): Bundle {
  return {
    resourceType: 'Bundle',
    id,
    type: 'collection',
    timestamp: instant(at),
    entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
  };
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c] ?? c);
const when = (iso: string | undefined) => (iso ? formatStockholmDateTime(new Date(iso)) : '–');

function table(caption: string, head: string[], rows: string[][]): string {
  if (rows.length === 0) return `<h2>${esc(caption)}</h2><p>Inga uppgifter.</p>`;
  return `<h2>${esc(caption)}</h2><table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The readable summary (Swedish), one section per kind of record. */
export function summaryHtml(bundle: Bundle, generatedAt: Date): string {
  const of = <T extends FhirResource['resourceType']>(type: T) =>
    (bundle.entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is Extract<FhirResource, { resourceType: T }> => r?.resourceType === type);
  const [patient] = of('Patient');
  const name = patient?.name?.[0];
  const sections = [
    table(
      'Personuppgifter',
      ['Uppgift', 'Värde'],
      [
        ['Namn', `${name?.given?.join(' ') ?? ''} ${name?.family ?? ''}`.trim()],
        ['Personnummer', patient?.identifier?.[0]?.value ?? ''],
        ['Födelsedatum', patient?.birthDate ?? ''],
        ['E-post', patient?.telecom?.find((t) => t.system === 'email')?.value ?? '–'],
        ['Telefon', patient?.telecom?.find((t) => t.system === 'phone')?.value ?? '–'],
      ],
    ),
    table(
      'Bokningar och kallelser',
      ['Tid', 'Vad', 'Var', 'Status'],
      of('Appointment').map((a) => [
        when(a.start),
        a.serviceType?.[0]?.text ?? '',
        a.participant[1]?.actor?.display ?? '',
        a.status,
      ]),
    ),
    table(
      'Hälsodeklarationer',
      ['Lämnad', 'Frågor besvarade'],
      of('QuestionnaireResponse').map((q) => [when(q.authored), String(q.item?.length ?? 0)]),
    ),
    table(
      'Meddelanden och erbjudanden',
      ['Skickat', 'Från', 'Ämne', 'Text', 'Bilagor'],
      of('Communication').map((c) => [
        when(c.sent),
        c.sender?.reference?.startsWith('Patient/') ? 'Du eller ditt ombud' : (c.sender?.display ?? ''),
        c.topic?.text ?? c.category?.[0]?.text ?? '',
        c.payload
          ?.map((p) => p.contentString)
          .filter(Boolean)
          .join('\n') ?? '',
        c.payload
          ?.map((p) => p.contentAttachment?.title)
          .filter(Boolean)
          .join(', ') ?? '',
      ]),
    ),
    table(
      'Fullmakter du gett',
      ['Från', 'Till', 'Gäller', 'Status'],
      of('Consent').map((c) => [
        when(c.provision?.period?.start),
        when(c.provision?.period?.end),
        c.provision?.action?.map((a) => a.coding?.[0]?.code).join(', ') ?? '',
        c.status,
      ]),
    ),
    table(
      'Vem har tittat på dina uppgifter',
      ['När', 'Vem', 'Vad'],
      of('AuditEvent').map((e) => [when(e.recorded), e.agent[0]?.who?.display ?? '', e.entity?.[0]?.type?.code ?? '']),
    ),
  ];
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mina uppgifter i Ingång</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top;white-space:pre-wrap}caption{text-align:left}</style>
</head><body><main>
<h1>Mina uppgifter i Ingång</h1>
<p>Sammanställt ${esc(formatStockholmDateTime(generatedAt))}. Samma uppgifter finns i maskinläsbar form (FHIR R4, JSON) i den andra filen.</p>
${sections.join('\n')}
</main></body></html>
`;
}
