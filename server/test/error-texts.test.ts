/**
 * The server sends codes, the web owns every word: each error code the server
 * can send (enumerated from its source by error-codes.ts) has a text in the
 * web's Swedish and English, and the two languages name the same codes.
 */
import { describe, expect, test } from 'vitest';
import en from '../../web/src/i18n/en/errors.js';
import sv from '../../web/src/i18n/sv/errors.js';
import { serverErrorCodes } from './error-codes.js';

describe('error texts', () => {
  const codes = [...serverErrorCodes()].sort();

  test('the enumeration finds the server’s codes (a sanity floor, not a count to keep)', () => {
    for (const known of [
      'slot_full',
      'not_released',
      'child_too_old',
      'meeting_full',
      'invalid_input',
      'unauthenticated',
    ]) {
      expect(codes).toContain(known);
    }
  });

  test.each(['sv', 'en'] as const)('every server code has a text in %s', (lang) => {
    const texts: Record<string, string> = (lang === 'sv' ? sv : en).codes;
    const missing = codes.filter((c) => typeof texts[c] !== 'string' || texts[c].trim() === '');
    expect(missing).toEqual([]);
  });

  test('Swedish and English word the same codes and fields', () => {
    expect(Object.keys(en.codes).sort()).toEqual(Object.keys(sv.codes).sort());
    expect(Object.keys(en.fields).sort()).toEqual(Object.keys(sv.fields).sort());
  });
});
