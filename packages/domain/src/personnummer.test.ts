import { describe, expect, it, test } from 'vitest';
import {
  isValidPersonnummer,
  luhnCheckDigit,
  normalizePersonnummer,
  PERSONNUMMER_MESSAGES,
  parsePersonnummer,
} from './personnummer.js';

/** 2026-06-15 12:00 in Stockholm. */
const TODAY = new Date('2026-06-15T10:00:00Z');

/** Appends the correct check digit to the 11 digits `YYYYMMDDNNN`. */
function withCheck(elevenDigits: string): string {
  return `${elevenDigits}${luhnCheckDigit(elevenDigits.slice(2))}`;
}

/** Same number with a wrong check digit. */
function withWrongCheck(elevenDigits: string): string {
  return `${elevenDigits}${(luhnCheckDigit(elevenDigits.slice(2)) + 1) % 10}`;
}

function expectError(input: string, error: 'format' | 'date' | 'checksum', today = TODAY) {
  const r = parsePersonnummer(input, today);
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error).toBe(error);
    expect(r.message.length).toBeGreaterThan(10);
  }
}

function expectOk(input: string, today = TODAY) {
  const r = parsePersonnummer(input, today);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to be valid, got ${r.error}`);
  return r.value;
}

describe('luhnCheckDigit', () => {
  test.each([
    ['811218987', 6],
    ['121212121', 2],
    ['000000000', 0],
    ['999999999', 9],
    ['100000000', 8],
    ['010000000', 9],
  ])('%s → %i', (nine, digit) => {
    expect(luhnCheckDigit(nine)).toBe(digit);
  });

  test.each(['', '12345678', '1234567890', '12345678a', ' 12345678'])('rejects %j', (bad) => {
    expect(() => luhnCheckDigit(bad)).toThrow(RangeError);
  });
});

describe('parsePersonnummer: accepted forms', () => {
  test.each(['201212121212', '20121212-1212', '121212-1212', '1212121212', '  121212-1212\n', '\t20121212-1212 '])(
    '%j normalizes to 201212121212',
    (input) => {
      expect(expectOk(input)).toEqual({
        normalized: '201212121212',
        birthDate: '2012-12-12',
        samordningsnummer: false,
        sex: 'male',
      });
    },
  );

  it('derives sex from the third serial digit (odd = male, even = female)', () => {
    expect(expectOk(withCheck('19800101001')).sex).toBe('male');
    expect(expectOk(withCheck('19800101002')).sex).toBe('female');
    expect(expectOk(withCheck('19800101990')).sex).toBe('female');
    expect(expectOk(withCheck('19800101999')).sex).toBe('male');
  });

  it('accepts birth number 000 and old dates down to 1800', () => {
    expect(expectOk(withCheck('19800101000')).normalized).toBe(withCheck('19800101000'));
    expect(expectOk(withCheck('18000101123')).birthDate).toBe('1800-01-01');
  });

  it('accepts a birth today but not tomorrow (Stockholm date)', () => {
    expect(expectOk(withCheck('20260615123')).birthDate).toBe('2026-06-15');
    const r = parsePersonnummer(withCheck('20260616123'), TODAY);
    expect(r).toEqual({ ok: false, error: 'date', message: PERSONNUMMER_MESSAGES.futureDate });
  });

  it('uses the Stockholm date for "today" (22:30 UTC is already tomorrow in summer)', () => {
    const lateEvening = new Date('2026-06-15T22:30:00Z');
    expect(isValidPersonnummer(withCheck('20260616123'), lateEvening)).toBe(true);
    expect(isValidPersonnummer(withCheck('20260616123'), new Date('2026-06-15T21:59:00Z'))).toBe(false);
  });
});

describe('parsePersonnummer: century of 10-digit numbers', () => {
  const born1920 = withCheck('19200505123');
  const tenDigits = born1920.slice(2); // same digits for 1920 and 2020

  it('"+" means 100 or older: YYMMDD+NNNN in 2026 is born 1920', () => {
    const v = expectOk(`${tenDigits.slice(0, 6)}+${tenDigits.slice(6)}`);
    expect(v.birthDate).toBe('1920-05-05');
    expect(v.normalized).toBe(born1920);
  });

  it('"-" means under 100: the same digits with "-" are born 2020', () => {
    const v = expectOk(`${tenDigits.slice(0, 6)}-${tenDigits.slice(6)}`);
    expect(v.birthDate).toBe('2020-05-05');
    expect(v.normalized).toBe(`20${tenDigits}`);
  });

  it('no separator is treated like "-"', () => {
    expect(expectOk(tenDigits).birthDate).toBe('2020-05-05');
  });

  test.each([
    // [YYMMDD, separator, expected birth year] as of 2026
    ['270101', '-', 1927],
    ['261231', '+', 1926],
    ['260101', '-', 2026],
    ['260101', '+', 1926],
    ['000101', '-', 2000],
    ['000101', '+', 1900],
    ['991231', '-', 1999],
    ['991231', '+', 1899],
    ['270101', '+', 1827],
  ])('%s%s… in 2026 → born %i', (yymmdd, sep, year) => {
    const nine = `${yymmdd}123`;
    const input = `${yymmdd}${sep}123${luhnCheckDigit(nine)}`;
    expect(expectOk(input).birthDate.slice(0, 4)).toBe(String(year));
  });

  it('someone turning 100 later this year already uses "+" (year-based rule)', () => {
    // Born 1926-12-31: 99 on 2026-06-15, but turns 100 during 2026.
    const nine = '261231123';
    expect(expectOk(`261231+123${luhnCheckDigit(nine)}`).birthDate).toBe('1926-12-31');
    // With "-" the number would mean 2026-12-31, which has not happened yet.
    expectError(`261231-123${luhnCheckDigit(nine)}`, 'date');
  });

  it('resolves the century in the Stockholm year of today (New Year in Stockholm, still 31 Dec UTC)', () => {
    const newYearStockholm = new Date('2026-12-31T23:30:00Z'); // 00:30 on 2027-01-01 in Stockholm
    const nine = '270101123';
    expect(expectOk(`270101-123${luhnCheckDigit(nine)}`, newYearStockholm).birthDate).toBe('2027-01-01');
    expect(expectOk(`270101+123${luhnCheckDigit(nine)}`, newYearStockholm).birthDate).toBe('1927-01-01');
  });
});

describe('parsePersonnummer: samordningsnummer', () => {
  test.each([
    ['19800161', '1980-01-01'],
    ['19800191', '1980-01-31'],
    ['20240289', '2024-02-29'],
    ['19990490', '1999-04-30'],
  ])('%s… is a samordningsnummer born %s', (datePart, birthDate) => {
    const v = expectOk(withCheck(`${datePart}234`));
    expect(v).toMatchObject({ birthDate, samordningsnummer: true, sex: 'female' });
    expect(v.normalized.slice(0, 8)).toBe(datePart); // day + 60 is kept
  });

  it('works in the 10-digit form too', () => {
    const nine = '800161234';
    expect(expectOk(`800161-234${luhnCheckDigit(nine)}`).birthDate).toBe('1980-01-01');
  });

  test.each([
    ['19800160', 'day 60 is neither'],
    ['19800192', 'day 92 = 32'],
    ['19800199', 'day 99'],
    ['20230289', '2023-02-29 + 60'],
    ['19990491', '1999-04-31 + 60'],
    ['20240290', '2024-02-30 + 60'],
  ])('%s… is invalid (%s)', (datePart) => {
    expectError(withCheck(`${datePart}234`), 'date');
  });

  it('rejects a future samordningsnummer date', () => {
    expectError(withCheck('20260676234'), 'date'); // 2026-06-16
  });
});

describe('parsePersonnummer: invalid dates', () => {
  test.each([
    ['20230229', 'not a leap year'],
    ['19000229', '1900 is not a leap year'],
    ['20240230', 'Feb 30'],
    ['20230230', 'Feb 30'],
    ['19800431', 'April 31'],
    ['19801301', 'month 13'],
    ['19800001', 'month 00'],
    ['19800100', 'day 00'],
    ['19800132', 'day 32'],
    ['17991231', 'before 1800'],
    ['00010101', 'year 1'],
  ])('%s… is rejected (%s)', (datePart) => {
    expectError(withCheck(`${datePart}123`), 'date');
  });

  test.each([
    ['20240229', '2024 is a leap year'],
    ['20000229', '2000 is a leap year'],
    ['19800430', 'April 30'],
  ])('%s… is accepted (%s)', (datePart) => {
    expectOk(withCheck(`${datePart}123`));
  });

  it('reports date errors before checksum errors', () => {
    expectError(withWrongCheck('20230229123'), 'date');
  });

  it('rejects dates in the future', () => {
    expectError(withCheck('20300101123'), 'date');
    expectError(withCheck('20260701123'), 'date');
    const r = parsePersonnummer(withCheck('20300101123'), TODAY);
    if (!r.ok) expect(r.message).toBe(PERSONNUMMER_MESSAGES.futureDate);
  });

  it('returns a date error (does not throw) for an invalid `today`', () => {
    expectError('121212-1212', 'date', new Date(Number.NaN));
  });
});

describe('parsePersonnummer: checksum', () => {
  test.each(['121212-1213', '201212121210', '1212121219', '20121212-1211'])('%j has a wrong check digit', (input) => {
    const r = parsePersonnummer(input, TODAY);
    expect(r).toEqual({ ok: false, error: 'checksum', message: 'Personnumret har fel kontrollsiffra.' });
  });

  it('every other check digit than the right one fails', () => {
    const base = '19771023456';
    const right = luhnCheckDigit(base.slice(2));
    for (let d = 0; d <= 9; d++) {
      expect(isValidPersonnummer(`${base}${d}`, TODAY)).toBe(d === right);
    }
  });
});

describe('parsePersonnummer: format', () => {
  test.each([
    '',
    '   ',
    'abc',
    '12345',
    '121212121',
    '12121212121',
    '1212121212121',
    '20121212+1212',
    '121212--1212',
    '121212_1212',
    '121212 1212',
    '12 12 12-1212',
    '1212121212+',
    '-1212121212',
    '121212-121a',
    '２０１２１２１２１２１２',
    '20121212–1212', // en dash
  ])('%j is a format error', (input) => {
    expectError(input, 'format');
  });

  it('never throws on non-string input at runtime', () => {
    const r = parsePersonnummer(undefined as unknown as string, TODAY);
    expect(r.ok).toBe(false);
  });

  it('has Swedish messages for each error', () => {
    expect(PERSONNUMMER_MESSAGES.checksum).toBe('Personnumret har fel kontrollsiffra.');
    expect(PERSONNUMMER_MESSAGES.format).toMatch(/siffror/);
    expect(PERSONNUMMER_MESSAGES.date).toMatch(/datum/);
  });
});

describe('isValidPersonnummer / normalizePersonnummer', () => {
  it('agree with parsePersonnummer', () => {
    expect(isValidPersonnummer('121212-1212', TODAY)).toBe(true);
    expect(isValidPersonnummer('121212-1213', TODAY)).toBe(false);
    expect(normalizePersonnummer('121212-1212', TODAY)).toBe('201212121212');
    expect(normalizePersonnummer('nonsense', TODAY)).toBeNull();
  });

  it('default today is now', () => {
    expect(isValidPersonnummer('20121212-1212')).toBe(true);
  });
});
