import { describe, expect, it, test } from 'vitest';
import { formatPersonnummer, formatShortPersonnummer, luhnCheckDigit, normalizePersonnummer } from './personnummer.js';

/** 2026-06-15 12:00 in Stockholm. */
const TODAY = new Date('2026-06-15T10:00:00Z');

/** Appends the correct check digit to the 11 digits `YYYYMMDDNNN`. */
function withCheck(elevenDigits: string): string {
  return `${elevenDigits}${luhnCheckDigit(elevenDigits.slice(2))}`;
}

describe('formatPersonnummer', () => {
  it('shows YYYYMMDD-NNNN', () => {
    expect(formatPersonnummer('201212121212')).toBe('20121212-1212');
    expect(formatPersonnummer('20121212-1212')).toBe('20121212-1212');
  });

  test.each(['1212121212', '2012121212123', 'abcdefghijkl', ''])('throws for %j', (bad) => {
    expect(() => formatPersonnummer(bad)).toThrow(RangeError);
  });
});

describe('formatShortPersonnummer', () => {
  test.each([
    ['201212121212', '121212-1212'],
    ['192712311234', '271231-1234'], // 99 all of 2026
    ['192612311234', '261231+1234'], // turns 100 on 31 Dec 2026
    ['192601011234', '260101+1234'],
    ['190001011234', '000101+1234'],
  ])('%s → %s in 2026', (normalized, short) => {
    expect(formatShortPersonnummer(normalized, TODAY)).toBe(short);
  });

  it('switches to "+" at New Year in Stockholm', () => {
    expect(formatShortPersonnummer('192712311234', new Date('2026-12-31T22:59:00Z'))).toBe('271231-1234');
    expect(formatShortPersonnummer('192712311234', new Date('2026-12-31T23:00:00Z'))).toBe('271231+1234');
  });

  it('round-trips through the parser', () => {
    for (const n of [withCheck('19200505123'), withCheck('20200505123'), withCheck('19260615987')]) {
      expect(normalizePersonnummer(formatShortPersonnummer(n, TODAY), TODAY)).toBe(n);
      expect(normalizePersonnummer(formatPersonnummer(n), TODAY)).toBe(n);
    }
  });

  it('throws for malformed input', () => {
    expect(() => formatShortPersonnummer('121212-1212', TODAY)).toThrow(RangeError);
  });
});
