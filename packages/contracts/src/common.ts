/** Shared shapes: the error body every endpoint uses, ids, personnummer. */
import * as z from './zod.js';

export const ErrorResponse = z
  .object({
    // Loose: an error may carry extra facts beside code and message (e.g. `opensAt` on not_released).
    error: z.looseObject({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const HealthResponse = z.object({ status: z.literal('ok') });

export const Uuid = z.uuid();
/** Stored form of a personnummer or samordningsnummer: 12 digits, no separator. */
export const PersonalNumber12 = z.string().regex(/^\d{12}$/, 'must be 12 digits (YYYYMMDDNNNN)');
/** What a person may type; validated by the domain (date, Luhn, samordningsnummer). */
export const PersonalNumberInput = z.string().trim().min(10).max(13);

export const Locale = z.enum(['sv', 'en']);
export const IsoDateTime = z.string().describe('ISO 8601 date-time, UTC');
/** A real calendar date YYYY-MM-DD (2026-02-30 is refused): every date field uses it. */
export const IsoDate = z.iso.date({ message: 'must be a real date YYYY-MM-DD' });

export const Address = z.object({
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  municipality: z.string().nullable(),
});

/**
 * A person as staff see them in an answer. The protected-identity marker always travels with the
 * name (one rule wherever persons become answers; contact details are withheld separately).
 */
export const StaffPersonRef = z.object({ personId: z.uuid(), name: z.string(), protectedIdentity: z.boolean() });

export const NoContent = z.null().describe('No content');
