/**
 * What patients are told when the unit withdraws their booked time. Plain
 * Swedish (English for people who chose it); no personnummer, no health data.
 */
import { formatStockholmDateTime } from '@ingang/domain';
import type { MailMessage } from '../../platform/mail.js';

export interface CancelledBooking {
  starts_at: Date;
  name_sv: string;
  name_en: string;
  unit_name: string;
  reason: string;
  locale: 'sv' | 'en';
}

/** The cancellation notice for one booking, inviting the patient to book a new time. */
export function cancellationMail(to: string, b: CancelledBooking): MailMessage {
  if (b.locale === 'en') {
    const when = formatStockholmDateTime(b.starts_at, 'en');
    return {
      to,
      subject: 'Your appointment has been cancelled',
      text: [
        `Your appointment for ${b.name_en} on ${when} at ${b.unit_name} has been cancelled by the clinic.`,
        `Reason: ${b.reason}`,
        '',
        'We are sorry. Please log in to Ingång to book a new time.',
      ].join('\n'),
    };
  }
  const when = formatStockholmDateTime(b.starts_at, 'sv');
  return {
    to,
    subject: 'Din bokade tid är avbokad',
    text: [
      `Din tid för ${b.name_sv} den ${when} hos ${b.unit_name} har avbokats av mottagningen.`,
      `Anledning: ${b.reason}`,
      '',
      'Vi ber om ursäkt. Logga in i Ingång för att boka en ny tid.',
    ].join('\n'),
  };
}
