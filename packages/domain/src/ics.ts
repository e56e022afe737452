/**
 * iCalendar (RFC 5545) files for booking confirmations, attached to e-mails
 * so the visit lands in the patient's calendar.
 */

const CRLF = '\r\n';
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;
const encoder = new TextEncoder();

/** Input to `bookingIcs`. */
export interface BookingIcsInput {
  /** Globally unique and stable per booking, e.g. `booking-<id>@ingang.example`. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location?: string;
  description?: string;
  /** Time the file is made (DTSTAMP). */
  now: Date;
  /** Revision number; raise it when the booking changes so calendars replace the event. Default 0. */
  sequence?: number;
  /** A cancellation notice (METHOD:CANCEL, STATUS:CANCELLED) instead of a confirmation. */
  cancelled?: boolean;
}

/** An instant as an RFC 5545 UTC date-time: 20260503T060000Z. */
export function icsDateTime(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('Invalid Date');
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds one content line into physical lines of at most 75 octets (UTF-8),
 * continuation lines starting with a space; never splits a character.
 */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // A continuation line's leading space counts toward its 75 octets.
    const limit = parts.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/**
 * A VCALENDAR with one VEVENT for a booked time: CRLF line endings, UTC
 * times, escaped text, folded lines. PRODID '-//Ingång//Timebook//SV',
 * METHOD:PUBLISH (or CANCEL for a cancellation).
 */
export function bookingIcs(input: BookingIcsInput): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Ingång//Timebook//SV',
    'CALSCALE:GREGORIAN',
    `METHOD:${input.cancelled ? 'CANCEL' : 'PUBLISH'}`,
    'BEGIN:VEVENT',
    `UID:${escapeIcsText(input.uid)}`,
    `DTSTAMP:${icsDateTime(input.now)}`,
    `DTSTART:${icsDateTime(input.start)}`,
    `DTEND:${icsDateTime(input.end)}`,
    `SEQUENCE:${input.sequence ?? 0}`,
    `STATUS:${input.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeIcsText(input.summary)}`,
  ];
  if (input.location) lines.push(`LOCATION:${escapeIcsText(input.location)}`);
  if (input.description) lines.push(`DESCRIPTION:${escapeIcsText(input.description)}`);
  lines.push('TRANSP:OPAQUE', 'END:VEVENT', 'END:VCALENDAR');
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}
