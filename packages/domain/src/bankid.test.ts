import { describe, expect, it, test } from 'vitest';
import {
  BANKID_FAILED_HINTS,
  BANKID_PENDING_HINTS,
  type BankIdFailedHint,
  type BankIdPendingHint,
  bankIdErrorMessage,
  bankIdMessage,
  bankIdQrAuthCode,
  bankIdQrData,
  isBankIdFailedHint,
  isBankIdPendingHint,
} from './bankid.js';
import { BANKID_TEXTS, type BankIdMessageCode } from './bankid-texts.js';

// BankID's published example (RP API v6 documentation, animated QR code).
const SECRET = 'd28db9a7-4cde-429e-a983-359be676944c';
const CODE_0 = 'dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8';
const CODE_1 = '949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2';
const TOKEN = '67df3917-fa0d-44e5-b327-edcc928297f8';

describe('animated QR code', () => {
  it("matches BankID's published auth codes", () => {
    expect(bankIdQrAuthCode(SECRET, 0)).toBe(CODE_0);
    expect(bankIdQrAuthCode(SECRET, 1)).toBe(CODE_1);
  });

  it('builds bankid.<token>.<time>.<code>', () => {
    expect(bankIdQrData(TOKEN, SECRET, 0)).toBe(`bankid.${TOKEN}.0.${CODE_0}`);
    expect(bankIdQrData(TOKEN, SECRET, 1)).toBe(`bankid.${TOKEN}.1.${CODE_1}`);
  });

  it('uses whole seconds', () => {
    expect(bankIdQrData(TOKEN, SECRET, 0.999)).toBe(`bankid.${TOKEN}.0.${CODE_0}`);
    expect(bankIdQrData(TOKEN, SECRET, 1.5)).toBe(`bankid.${TOKEN}.1.${CODE_1}`);
  });

  test.each([-1, -0.5, Number.NaN, Number.NEGATIVE_INFINITY])('treats %s seconds as 0', (t) => {
    expect(bankIdQrData(TOKEN, SECRET, t)).toBe(`bankid.${TOKEN}.0.${CODE_0}`);
  });

  it('changes every second and is 64 hex digits', () => {
    const codes = new Set<string>();
    for (let t = 0; t < 30; t++) {
      const code = bankIdQrAuthCode(SECRET, t);
      expect(code).toMatch(/^[0-9a-f]{64}$/);
      codes.add(code);
    }
    expect(codes.size).toBe(30);
  });
});

describe('hint code lists', () => {
  it('list every hint once', () => {
    expect(new Set(BANKID_PENDING_HINTS).size).toBe(6);
    expect(new Set(BANKID_FAILED_HINTS).size).toBe(8);
  });

  it('guards recognise their own hints only', () => {
    for (const h of BANKID_PENDING_HINTS) {
      expect(isBankIdPendingHint(h)).toBe(true);
      expect(isBankIdFailedHint(h)).toBe(false);
    }
    for (const h of BANKID_FAILED_HINTS) expect(isBankIdFailedHint(h)).toBe(true);
    expect(isBankIdPendingHint('somethingNew')).toBe(false);
    expect(isBankIdFailedHint(undefined)).toBe(false);
  });
});

describe('bankIdMessage: pending', () => {
  const table: [BankIdPendingHint, 'qr' | 'autostart', BankIdMessageCode][] = [
    ['outstandingTransaction', 'qr', 'RFA1'],
    ['outstandingTransaction', 'autostart', 'RFA13'],
    ['noClient', 'qr', 'RFA1'],
    ['noClient', 'autostart', 'RFA1'],
    ['started', 'qr', 'RFA14'],
    ['started', 'autostart', 'RFA15'],
    ['userSign', 'qr', 'RFA9'],
    ['userSign', 'autostart', 'RFA9'],
    ['userMrtd', 'qr', 'RFA23'],
    ['userMrtd', 'autostart', 'RFA23'],
    ['userCallConfirm', 'qr', 'RFA24'],
    ['userCallConfirm', 'autostart', 'RFA24'],
  ];

  test.each(table)('%s (%s) → %s', (hintCode, flow, code) => {
    const m = bankIdMessage({ status: 'pending', hintCode, flow });
    expect(m).toEqual({ code, message: BANKID_TEXTS[code].sv });
  });

  it('covers every pending hint', () => {
    expect(new Set(table.map(([h]) => h))).toEqual(new Set(BANKID_PENDING_HINTS));
  });

  test.each([undefined, '', 'somethingNew', 'userCancel', 'toString'])(
    'unknown pending hint %j → RFA21',
    (hintCode) => {
      expect(bankIdMessage({ status: 'pending', hintCode })).toEqual({
        code: 'RFA21',
        message: 'Inloggning eller underskrift pågår.',
      });
    },
  );

  it('defaults to the QR flow', () => {
    expect(bankIdMessage({ status: 'pending', hintCode: 'outstandingTransaction' }).code).toBe('RFA1');
    expect(bankIdMessage({ status: 'pending', hintCode: 'started' }).code).toBe('RFA14');
  });
});

describe('bankIdMessage: failed', () => {
  const table: [BankIdFailedHint, 'qr' | 'autostart', BankIdMessageCode][] = [
    ['expiredTransaction', 'qr', 'RFA8'],
    ['certificateErr', 'qr', 'RFA16'],
    ['userCancel', 'qr', 'RFA6'],
    ['cancelled', 'qr', 'RFA3'],
    ['startFailed', 'qr', 'RFA17B'],
    ['startFailed', 'autostart', 'RFA17A'],
    ['userDeclinedCall', 'qr', 'DECLINED_CALL'],
    ['notSupportedByUserApp', 'qr', 'UPDATE_APP'],
    ['transactionRiskBlocked', 'autostart', 'RISK_BLOCKED'],
  ];

  test.each(table)('%s (%s) → %s', (hintCode, flow, code) => {
    const m = bankIdMessage({ status: 'failed', hintCode, flow });
    expect(m).toEqual({ code, message: BANKID_TEXTS[code].sv });
  });

  it('covers every failed hint', () => {
    expect(new Set(table.map(([h]) => h))).toEqual(new Set(BANKID_FAILED_HINTS));
  });

  test.each([undefined, '', 'somethingNew', 'started', '__proto__'])('unknown failed hint %j → RFA22', (hintCode) => {
    expect(bankIdMessage({ status: 'failed', hintCode })).toEqual({
      code: 'RFA22',
      message: 'Okänt fel. Försök igen.',
    });
  });

  it('tells the user to update the app for notSupportedByUserApp', () => {
    expect(bankIdMessage({ status: 'failed', hintCode: 'notSupportedByUserApp' }).message).toMatch(/uppdatera/i);
  });
});

describe('bankIdMessage: complete, unknown status and locale', () => {
  it('complete → "Du är inloggad."', () => {
    expect(bankIdMessage({ status: 'complete' })).toEqual({ code: 'COMPLETE', message: 'Du är inloggad.' });
  });

  it('an unknown status gives the generic error and does not throw', () => {
    const m = bankIdMessage({ status: 'weird' as 'pending' });
    expect(m.code).toBe('RFA22');
  });

  it('English when asked', () => {
    expect(bankIdMessage({ status: 'pending', hintCode: 'noClient', locale: 'en' })).toEqual({
      code: 'RFA1',
      message: 'Start your BankID app.',
    });
    expect(bankIdMessage({ status: 'failed', hintCode: 'userCancel', locale: 'en' }).message).toBe('Action cancelled.');
  });

  it('has a Swedish and an English text for every code, and they differ', () => {
    for (const [code, t] of Object.entries(BANKID_TEXTS)) {
      expect(t.sv.length, code).toBeGreaterThan(5);
      expect(t.en.length, code).toBeGreaterThan(5);
      expect(t.sv, code).not.toBe(t.en);
    }
  });
});

describe('bankIdErrorMessage', () => {
  test.each([
    ['alreadyInProgress', 'RFA4'],
    ['requestTimeout', 'RFA5'],
    ['maintenance', 'RFA5'],
    ['internalError', 'RFA5'],
    ['invalidParameters', 'RFA22'],
    ['unauthorized', 'RFA22'],
    ['notFound', 'RFA22'],
    ['methodNotAllowed', 'RFA22'],
    ['unsupportedMediaType', 'RFA22'],
    ['', 'RFA22'],
    ['somethingNew', 'RFA22'],
  ] as const)('%j → %s', (errorCode, code) => {
    expect(bankIdErrorMessage(errorCode)).toEqual({ code, message: BANKID_TEXTS[code].sv });
    expect(bankIdErrorMessage(errorCode, 'en')).toEqual({ code, message: BANKID_TEXTS[code].en });
  });
});
