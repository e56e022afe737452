/**
 * The server sends codes, the web owns every word: each error code the server
 * can send (enumerated from its source by error-codes.ts) has a text in the
 * web's Swedish and English, and the two languages name the same codes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import en from '../../web/src/i18n/en/errors.js';
import enProtection from '../../web/src/i18n/en/protection.js';
import sv from '../../web/src/i18n/sv/errors.js';
import svProtection from '../../web/src/i18n/sv/protection.js';
import { LABELLED } from '../src/modules/audit/labels.js';
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

/**
 * The zod issue codes the error handler sends as `fieldCodes` (fastify-type-provider-zod's
 * `keyword` is the issue code). zod 4's full list; a field the web has no own text for is
 * worded by its code.
 */
const ZOD_ISSUE_CODES = [
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'invalid_value',
  'custom',
];

describe('field texts', () => {
  test.each(['sv', 'en'] as const)('every field code has a text in %s', (lang) => {
    const texts: Record<string, string> = (lang === 'sv' ? sv : en).field;
    expect(ZOD_ISSUE_CODES.filter((c) => !texts[c]?.trim())).toEqual([]);
  });
  test('Swedish and English word the same field codes', () => {
    expect(Object.keys(en.field).sort()).toEqual(Object.keys(sv.field).sort());
  });
});

describe('"Vem har tittat" words', () => {
  // The codes an access-log entry can carry (modules/audit/labels.ts), by the web's group name.
  const groups = {
    roles: [...LABELLED.roles, 'staff'],
    actions: [...LABELLED.actions, 'other'],
    records: [...LABELLED.records, 'other'],
    purposes: [...LABELLED.purposes, 'other'],
  } as const;

  test.each(['sv', 'en'] as const)('every role, action, record and purpose code has words in %s', (lang) => {
    const words = (lang === 'sv' ? svProtection : enProtection).accessWords as Record<string, Record<string, string>>;
    const missing = Object.entries(groups).flatMap(([group, codes]) =>
      codes.filter((c) => !words[group]?.[c]?.trim()).map((c) => `${group}.${c}`),
    );
    expect(missing).toEqual([]);
  });

  test('every action says what it was done to', () => {
    for (const words of [svProtection.accessWords, enProtection.accessWords]) {
      for (const [code, text] of Object.entries(words.actions)) expect(text, code).toContain('{{what}}');
    }
  });
});

describe('no page shows the server’s field text', () => {
  const WEB = new URL('../../web/src', import.meta.url).pathname;
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return /\.tsx?$/.test(path) ? [path] : [];
    });
  // Reading a field's message: `.fields[x]` (unless only tested for undefined), `.fields.x`,
  // `Object.entries/values(….fields)`. Which fields were named (`in`, Object.keys) is fine.
  // (An error is a name ending in "error"/"Error", or `e`; `type.fields` of a form is not one.)
  const ERR = String.raw`(?:\b[a-zA-Z]*[eE]rror|\be)`;
  const RAW = [
    new RegExp(String.raw`${ERR}\.fields\[[^\]]+\](?!\s*(?:===|!==)\s*undefined)`),
    new RegExp(String.raw`${ERR}\.fields\.[a-zA-Z_]\w*`),
    new RegExp(String.raw`Object\.(?:entries|values)\(${ERR}\.fields\b`),
    new RegExp(String.raw`${ERR}\.fields\s*\?\?`),
    // The server's own sentence for a refusal shown as the web's text.
    new RegExp(String.raw`=\s*${ERR}\.message\b`),
  ];

  test('the scan recognises a raw read', () => {
    for (const sample of [
      'error.fields.reason',
      'e.fields[name]',
      'Object.entries(error.fields)',
      'save.error.fields ?? {}',
      'out.personalNumber = error.message',
    ]) {
      expect(
        RAW.some((r) => r.test(sample)),
        sample,
      ).toBe(true);
    }
    for (const sample of [
      "'reason' in error.fields",
      'Object.keys(error.fields)',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a sample of source text
      'error.fields[`a.${b}`] === undefined',
      'type.fields.map((f) => f)',
    ]) {
      expect(
        RAW.some((r) => r.test(sample)),
        sample,
      ).toBe(false);
    }
  });

  test('only web/src/api words a server-named field (fieldText, fieldTexts, fieldError)', () => {
    const found = sources(WEB)
      .filter((path) => !relative(WEB, path).startsWith('api/'))
      .filter((path) => RAW.some((r) => r.test(readFileSync(path, 'utf8'))))
      .map((path) => relative(WEB, path));
    expect(found).toEqual([]);
  });
});
