import { describe, expect, it, test } from 'vitest';
import { bookingIcs, escapeIcsText, foldIcsLine, icsDateTime } from './ics.js';

const octets = (s: string) => new TextEncoder().encode(s).length;
/** Undo folding (RFC 5545 §3.1): a CRLF followed by one space is removed. */
const unfold = (s: string) => s.replace(/\r\n /g, '');

const BASE = {
  uid: 'booking-42@ingang.example',
  start: new Date('2026-05-03T06:00:00Z'),
  end: new Date('2026-05-03T06:10:00.500Z'),
  summary: 'Influensavaccination',
  now: new Date('2026-04-20T10:11:12.345Z'),
};

describe('bookingIcs', () => {
  const ics = bookingIcs({
    ...BASE,
    location: 'Vårdcentralen Åby, Storgatan 1',
    description: 'Ta med legitimation.\nVälkommen!',
  });

  it('is a PUBLISH calendar with one event in UTC', () => {
    const lines = unfold(ics).split('\r\n');
    expect(lines.slice(0, 6)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Ingång//Timebook//SV',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
    ]);
    expect(lines).toContain('UID:booking-42@ingang.example');
    expect(lines).toContain('DTSTAMP:20260420T101112Z');
    expect(lines).toContain('DTSTART:20260503T060000Z');
    expect(lines).toContain('DTEND:20260503T061000Z');
    expect(lines).toContain('STATUS:CONFIRMED');
    expect(lines).toContain('SUMMARY:Influensavaccination');
    expect(lines).toContain('LOCATION:Vårdcentralen Åby\\, Storgatan 1');
    expect(lines).toContain('DESCRIPTION:Ta med legitimation.\\nVälkommen!');
    expect(lines.slice(-3)).toEqual(['END:VEVENT', 'END:VCALENDAR', '']);
  });

  it('uses CRLF everywhere and ends with one', () => {
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('leaves out optional properties', () => {
    const plain = bookingIcs(BASE);
    expect(plain).not.toContain('LOCATION');
    expect(plain).not.toContain('DESCRIPTION');
  });

  it('can describe a cancellation', () => {
    const cancel = bookingIcs({ ...BASE, cancelled: true, sequence: 2 });
    expect(cancel).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(cancel).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(cancel).toContain('\r\nSEQUENCE:2\r\n');
  });

  it('folds long Swedish text under 75 octets per line and unfolds to the original', () => {
    const description = 'Välkommen till vaccinationen på Vårdcentralen Ängelholm–Örkelljunga. '.repeat(6).trim();
    const out = bookingIcs({ ...BASE, description });
    for (const line of out.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(unfold(out)).toContain(`DESCRIPTION:${description}`);
    expect(out).toMatch(/\r\n [^\r\n]/); // it really was folded
  });
});

describe('escapeIcsText', () => {
  test.each([
    ['a,b', 'a\\,b'],
    ['a;b', 'a\\;b'],
    ['a\\b', 'a\\\\b'],
    ['rad 1\nrad 2', 'rad 1\\nrad 2'],
    ['rad 1\r\nrad 2\rrad 3', 'rad 1\\nrad 2\\nrad 3'],
    ['\\,', '\\\\\\,'], // the backslash is escaped first, then the comma
    ['Åsa: kl. 08.00', 'Åsa: kl. 08.00'], // colons need no escaping in values
  ])('%j → %j', (input, output) => {
    expect(escapeIcsText(input)).toBe(output);
  });
});

describe('foldIcsLine', () => {
  it('leaves a 75-octet line alone and folds a 76-octet one', () => {
    expect(foldIcsLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldIcsLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('counts the leading space of continuation lines', () => {
    const folded = foldIcsLine('x'.repeat(75 + 74 + 1));
    expect(folded.split('\r\n').map(octets)).toEqual([75, 75, 2]);
  });

  it('never splits a multi-byte character', () => {
    // 'ö' is 2 octets: 37 of them plus 'a' is 75 octets; one more must move whole.
    const line = `a${'ö'.repeat(38)}`;
    const parts = foldIcsLine(line).split('\r\n');
    expect(parts.map(octets)).toEqual([75, 3]);
    expect(parts[1]).toBe(' ö');
    const emoji = foldIcsLine(`${'x'.repeat(73)}😀`); // 4-octet character would end at 77
    expect(emoji).toBe(`${'x'.repeat(73)}\r\n 😀`);
  });

  test.each([10, 74, 75, 76, 150, 151, 400])('round-trips %i characters of åäö', (n) => {
    const line = 'åäöÅÄÖ'.repeat(n).slice(0, n);
    const folded = foldIcsLine(line);
    expect(unfold(folded)).toBe(line);
    for (const part of folded.split('\r\n')) expect(octets(part)).toBeLessThanOrEqual(75);
  });
});

describe('icsDateTime', () => {
  it('formats UTC and drops milliseconds', () => {
    expect(icsDateTime(new Date('2026-10-25T01:30:59.999Z'))).toBe('20261025T013059Z');
  });

  it('throws for an invalid Date', () => {
    expect(() => icsDateTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
