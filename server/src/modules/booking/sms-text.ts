/**
 * The SMS texts about a booking. An SMS may be read on a locked screen or a shared phone, so it
 * says only that there is a booking and when (Stockholm time) — never the patient, the unit, the
 * type of visit or an address — and sends the person to Ingång for the rest. In the recipient's
 * own language (`persons.locale`).
 */
import { formatStockholmDateTime } from '@ingang/domain';

export type BookingSmsKind = 'confirmed' | 'rebooked' | 'cancelled' | 'reminder';

type Lang = 'sv' | 'en';

const TEXTS: Record<Lang, Record<BookingSmsKind, { self: string; other: string }>> = {
  sv: {
    confirmed: {
      self: 'Du har en bokning {when}.',
      other: 'Någon du företräder har en bokning {when}.',
    },
    rebooked: {
      self: 'Din bokning är flyttad till {when}.',
      other: 'En bokning för någon du företräder är flyttad till {when}.',
    },
    cancelled: {
      self: 'Din bokning {when} är avbokad.',
      other: 'En bokning {when} för någon du företräder är avbokad.',
    },
    reminder: {
      self: 'Påminnelse: du har en bokning {when}.',
      other: 'Påminnelse: någon du företräder har en bokning {when}.',
    },
  },
  en: {
    confirmed: {
      self: 'You have a booking on {when}.',
      other: 'Someone you act for has a booking on {when}.',
    },
    rebooked: {
      self: 'Your booking has been moved to {when}.',
      other: 'A booking for someone you act for has been moved to {when}.',
    },
    cancelled: {
      self: 'Your booking on {when} has been cancelled.',
      other: 'A booking on {when} for someone you act for has been cancelled.',
    },
    reminder: {
      self: 'Reminder: you have a booking on {when}.',
      other: 'Reminder: someone you act for has a booking on {when}.',
    },
  },
};

const TAIL: Record<Lang, string> = {
  sv: 'Logga in i Ingång för att se mer.',
  en: 'Log in to Ingång to see more.',
};

/** "Ingång: Du har en bokning 9 december kl. 08.00. Logga in i Ingång för att se mer." */
export function bookingSmsText(kind: BookingSmsKind, start: Date, locale: string | null | undefined, self: boolean) {
  const lang: Lang = locale === 'en' ? 'en' : 'sv';
  const line = TEXTS[lang][kind][self ? 'self' : 'other'].replace('{when}', formatStockholmDateTime(start, lang));
  return `Ingång: ${line} ${TAIL[lang]}`;
}

/** The key that makes an SMS about one booking event to one person go out at most once. */
export function bookingSmsKey(kind: BookingSmsKind, bookingId: string, personId: string): string {
  return `booking:${bookingId}:${kind}:${personId}`;
}
