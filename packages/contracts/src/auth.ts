/** Login: BankID (citizens), OIDC (staff), sessions. A stable scripting contract. */

import { Locale } from './common.js';
import * as z from './zod.js';

/**
 * A personnummer as typed, checked by the domain parser on the server (date, Luhn,
 * samordningsnummer) so every bad value gives 400 with `fields.personalNumber`
 * and one plain Swedish message, whatever its length.
 */
const TypedPersonalNumber = z.string().trim().max(20);

export const BankIdAuthRequest = z
  .object({
    /** Optional: lock the order to one person (BankID `requirement.personalNumber`). */
    personalNumber: TypedPersonalNumber.optional(),
  })
  .default({});
export const BankIdAuthResponse = z.object({ orderRef: z.string(), autoStartToken: z.string() });

export const BankIdOrderRequest = z.object({ orderRef: z.string().min(1).max(100) });

export const BankIdCollectRequest = BankIdOrderRequest.extend({
  /** How the order was started, for the right message: 'qr' (default) or 'autostart' (this device). */
  flow: z.enum(['qr', 'autostart']).optional(),
  /** Language of `message` (default Swedish). */
  locale: Locale.optional(),
});

export const BankIdCollectResponse = z.object({
  status: z.enum(['pending', 'complete', 'failed']),
  hintCode: z.string().optional(),
  /** BankID's recommended user message id (RFA1…). */
  messageCode: z.string(),
  /** The user message in Swedish (or the session locale). */
  message: z.string(),
});

export const BankIdQrResponse = z.object({
  /** The animated QR payload for this second: bankid.<qrStartToken>.<time>.<qrAuthCode>. */
  qrData: z.string(),
});

export const BankIdCancelResponse = z.object({ status: z.literal('cancelled') });

/** Simulator only (404 when it is off). */
export const DevBankIdApproveRequest = z.object({
  orderRef: z.string().min(1).max(100),
  personalNumber: TypedPersonalNumber,
});
export const DevBankIdRefuseRequest = z.object({
  orderRef: z.string().min(1).max(100),
  hintCode: z.enum(['userCancel', 'expiredTransaction', 'certificateErr', 'startFailed']).default('userCancel'),
});
export const DevBankIdOrder = z.object({
  orderRef: z.string(),
  autoStartToken: z.string(),
  createdAt: z.string(),
  status: z.enum(['pending', 'failed', 'complete']),
  hintCode: z.string(),
  /** The number the order is locked to, if any (12 digits). */
  requestedPersonalNumber: z.string().nullable(),
});
export const DevBankIdOrdersResponse = z.object({ data: z.array(DevBankIdOrder) });
export const DevBankIdOrdersQuery = z.object({ autoStartToken: z.string().optional() });

export const LogoutEverywhereResponse = z.object({ revokedSessions: z.number().int() });

export const KeepAliveResponse = z.object({
  /** When the session ends if nothing more happens. */
  idleExpiresAt: z.string(),
});

/** `returnTo`: a same-site path starting with '/' (not '//'); anything else becomes '/staff'. */
export const StaffLoginQuery = z.object({ returnTo: z.string().max(500).optional() });

/** What the IdP sends back to the staff login callback (RFC 6749 §4.1.2, RFC 9207 `iss`); other parameters pass through. */
export const StaffCallbackQuery = z.looseObject({
  code: z.string().max(2000).optional(),
  state: z.string().max(500).optional(),
  iss: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

export const SelectUnitRequest = z.object({ unitId: z.uuid() });
export const SelectUnitResponse = z.object({ activeUnitId: z.uuid() });

export { Locale };

/** Simulator only: the outcome a tester chose for an order. */
export const DevBankIdDecisionResponse = z.object({
  orderRef: z.string(),
  status: z.enum(['complete', 'failed']),
});
