/**
 * BankID Relying Party API v6: animated QR data and the user messages for
 * collect statuses, hint codes and HTTP error codes.
 */
import { createHmac } from 'node:crypto';
import { BANKID_TEXTS, type BankIdLocale, type BankIdMessageCode } from './bankid-texts.js';

/** Hint codes `/collect` returns while the order is pending. */
export const BANKID_PENDING_HINTS = [
  'outstandingTransaction',
  'noClient',
  'started',
  'userMrtd',
  'userCallConfirm',
  'userSign',
] as const;

/** Hint codes `/collect` returns when the order has failed. */
export const BANKID_FAILED_HINTS = [
  'expiredTransaction',
  'certificateErr',
  'userCancel',
  'cancelled',
  'startFailed',
  'userDeclinedCall',
  'notSupportedByUserApp',
  'transactionRiskBlocked',
] as const;

/** A known pending hint code. */
export type BankIdPendingHint = (typeof BANKID_PENDING_HINTS)[number];
/** A known failed hint code. */
export type BankIdFailedHint = (typeof BANKID_FAILED_HINTS)[number];

/** A message code and its text, ready to show. */
export interface BankIdMessage {
  code: BankIdMessageCode;
  message: string;
}

/** Input to `bankIdMessage`: a `/collect` result and how the order was started. */
export interface BankIdMessageInput {
  status: 'pending' | 'failed' | 'complete';
  hintCode?: string;
  /** 'qr' = BankID on another device (QR code); 'autostart' = this device. Default 'qr'. */
  flow?: 'qr' | 'autostart';
  locale?: BankIdLocale;
}

/** True when `hint` is a known pending hint code. */
export function isBankIdPendingHint(hint: unknown): hint is BankIdPendingHint {
  return typeof hint === 'string' && (BANKID_PENDING_HINTS as readonly string[]).includes(hint);
}

/** True when `hint` is a known failed hint code. */
export function isBankIdFailedHint(hint: unknown): hint is BankIdFailedHint {
  return typeof hint === 'string' && (BANKID_FAILED_HINTS as readonly string[]).includes(hint);
}

/**
 * The QR auth code: hex HMAC-SHA256 keyed with `qrStartSecret` (its UTF-8
 * text, not decoded) over the decimal seconds `time`.
 */
export function bankIdQrAuthCode(qrStartSecret: string, time: number): string {
  return createHmac('sha256', qrStartSecret).update(String(time)).digest('hex');
}

/**
 * The string to encode in the animated QR code for the given second:
 * `bankid.<qrStartToken>.<time>.<qrAuthCode>`. `time` is the whole seconds
 * since the order started (fractions are dropped; negatives and NaN count as 0).
 */
export function bankIdQrData(qrStartToken: string, qrStartSecret: string, secondsSinceStart: number): string {
  const time = Number.isFinite(secondsSinceStart) && secondsSinceStart > 0 ? Math.floor(secondsSinceStart) : 0;
  return `bankid.${qrStartToken}.${time}.${bankIdQrAuthCode(qrStartSecret, time)}`;
}

function pendingCode(hint: string | undefined, flow: 'qr' | 'autostart'): BankIdMessageCode {
  switch (hint) {
    case 'outstandingTransaction':
      return flow === 'autostart' ? 'RFA13' : 'RFA1';
    case 'noClient':
      return 'RFA1';
    case 'started':
      return flow === 'autostart' ? 'RFA15' : 'RFA14';
    case 'userSign':
      return 'RFA9';
    case 'userMrtd':
      return 'RFA23';
    case 'userCallConfirm':
      return 'RFA24';
    default:
      return 'RFA21';
  }
}

function failedCode(hint: string | undefined, flow: 'qr' | 'autostart'): BankIdMessageCode {
  switch (hint) {
    case 'expiredTransaction':
      return 'RFA8';
    case 'certificateErr':
      return 'RFA16';
    case 'userCancel':
      return 'RFA6';
    case 'cancelled':
      return 'RFA3';
    case 'startFailed':
      return flow === 'autostart' ? 'RFA17A' : 'RFA17B';
    case 'userDeclinedCall':
      return 'DECLINED_CALL';
    case 'notSupportedByUserApp':
      return 'UPDATE_APP';
    case 'transactionRiskBlocked':
      return 'RISK_BLOCKED';
    default:
      return 'RFA22';
  }
}

function text(code: BankIdMessageCode, locale: BankIdLocale | undefined): BankIdMessage {
  const texts = BANKID_TEXTS[code];
  return { code, message: locale === 'en' ? texts.en : texts.sv };
}

/**
 * The message to show for a `/collect` result, following BankID's v6
 * guidelines (e.g. pending `started` → RFA14 for QR, RFA15 for autostart;
 * failed `userCancel` → RFA6). Unknown pending hints give RFA21, unknown
 * failed hints or statuses give RFA22, `complete` gives "Du är inloggad.".
 * Swedish unless `locale` is 'en'. Never throws.
 */
export function bankIdMessage(input: BankIdMessageInput): BankIdMessage {
  const flow = input.flow === 'autostart' ? 'autostart' : 'qr';
  switch (input.status) {
    case 'pending':
      return text(pendingCode(input.hintCode, flow), input.locale);
    case 'failed':
      return text(failedCode(input.hintCode, flow), input.locale);
    case 'complete':
      return text('COMPLETE', input.locale);
    default:
      return text('RFA22', input.locale);
  }
}

/**
 * The message for an RP API HTTP error `errorCode`: alreadyInProgress → RFA4;
 * requestTimeout, maintenance, internalError → RFA5; anything else → RFA22.
 * Never throws.
 */
export function bankIdErrorMessage(errorCode: string, locale: BankIdLocale = 'sv'): BankIdMessage {
  switch (errorCode) {
    case 'alreadyInProgress':
      return text('RFA4', locale);
    case 'requestTimeout':
    case 'maintenance':
    case 'internalError':
      return text('RFA5', locale);
    default:
      return text('RFA22', locale);
  }
}
