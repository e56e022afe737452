/** Login: BankID (citizens), OIDC (staff), sessions. A stable scripting contract. */
import { z } from 'zod';
import { Locale, PersonalNumberInput } from './common.js';

export const BankIdAuthRequest = z
  .object({
    /** Optional: lock the order to one person (BankID `requirement.personalNumber`). */
    personalNumber: PersonalNumberInput.optional(),
  })
  .default({});
export const BankIdAuthResponse = z.object({ orderRef: z.string(), autoStartToken: z.string() });

export const BankIdOrderRequest = z.object({ orderRef: z.string().min(1).max(100) });

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
  personalNumber: PersonalNumberInput,
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

export const StaffLoginQuery = z.object({ returnTo: z.string().max(500).optional() });

export const SelectUnitRequest = z.object({ unitId: z.uuid() });

export { Locale };
